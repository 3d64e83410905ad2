// How check results read: one line per file, GitHub Actions annotations, JUnit XML. Pure.
import { displayPath } from '../inputs/display-path.js';
import type { CheckResult } from './check-file.js';
import type { CheckReport } from './check.js';
import { escapeAnnotationData, escapeAnnotationProperty, escapeTerminal, escapeXml } from '../text/escape.js';

/** "moov-after-mdat: moov at offset 1234 comes after mdat at offset 40; preset: 25 fps > 18". */
export function describeResult(result: CheckResult): string {
  const verdict = result.verdict === 'faststart' ? `faststart (${result.reason})` : `${result.verdict}: ${result.reason}`;
  return result.violations.length > 0 ? `${verdict}; preset: ${result.violations.join('; ')}` : verdict;
}

/** One terminal line: names and reasons escaped, so no file name can start a line of its own. */
export const formatLine = (result: CheckResult, cwd: string = process.cwd()): string =>
  `${result.passed ? (result.fixed ? 'FIXED' : 'PASS') : 'FAIL'}  ${escapeTerminal(displayPath(cwd, result.file))}  ${escapeTerminal(describeResult(result))}`;

/** "3 checked: 2 passed, 1 failed" (and how many were skipped, if any). */
export function summarizeCheck(report: CheckReport): string {
  const skipped = report.skipped > 0 ? `; ${report.skipped} skipped (hidden, or streamprep's temporary files)` : '';
  return `${report.checked} checked: ${report.passed} passed, ${report.failed} failed${skipped}`;
}

/** GitHub Actions workflow command: `::error file=…::…`, with the escaping the runner expects. */
/** Paths relative to the working folder: GitHub resolves `file=` against the workspace. */
export function githubAnnotation(result: CheckResult, cwd: string = process.cwd()): string {
  const title = `streamprep check: ${result.verdict}`;
  return `::error file=${escapeAnnotationProperty(displayPath(cwd, result.file))},title=${escapeAnnotationProperty(title)}::${escapeAnnotationData(describeResult(result))}`;
}

const xml = escapeXml;

/** JUnit XML: one testcase per file, failures with the verdict as type and the reason as message. */
export function formatJunit(report: CheckReport, seconds: number, cwd: string = process.cwd()): string {
  const name = report.preset ? `streamprep check (preset ${report.preset})` : 'streamprep check';
  const cases = report.files.map((result) => {
    const open = `    <testcase classname="streamprep.check" name="${xml(displayPath(cwd, result.file))}"`;
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
