// How check results read: one line per file, GitHub Actions annotations, JUnit XML. Pure.
import type { CheckResult } from './check-file.js';
import type { CheckReport } from './check.js';

/** "moov-after-mdat: moov at offset 1234 comes after mdat at offset 40; preset: 25 fps > 18". */
export function describeResult(result: CheckResult): string {
  const verdict = result.verdict === 'faststart' ? `faststart (${result.reason})` : `${result.verdict}: ${result.reason}`;
  return result.violations.length > 0 ? `${verdict}; preset: ${result.violations.join('; ')}` : verdict;
}

export const formatLine = (result: CheckResult): string =>
  `${result.passed ? (result.fixed ? 'FIXED' : 'PASS') : 'FAIL'}  ${result.file}  ${describeResult(result)}`;

/** GitHub Actions workflow command: `::error file=…::…`, with the escaping the runner expects. */
export function githubAnnotation(result: CheckResult): string {
  const data = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (value: string): string => data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::error file=${property(result.file)},title=${property(`streamprep check: ${result.verdict}`)}::${data(describeResult(result))}`;
}

const xml = (value: string): string =>
  value
    // Characters XML 1.0 cannot hold at all.
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** JUnit XML: one testcase per file, failures with the verdict as type and the reason as message. */
export function formatJunit(report: CheckReport, seconds: number): string {
  const name = report.preset ? `streamprep check (preset ${report.preset})` : 'streamprep check';
  const cases = report.files.map((result) => {
    const open = `    <testcase classname="streamprep.check" name="${xml(result.file)}"`;
    if (result.passed) return `${open}/>`;
    const message = describeResult(result);
    return `${open}>\n      <failure type="${xml(result.verdict)}" message="${xml(message)}">${xml(message)}</failure>\n    </testcase>`;
  });
  const counts = `tests="${report.checked}" failures="${report.failed}" errors="0" time="${seconds.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" ${counts}>`,
    `  <testsuite name="${xml(name)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
