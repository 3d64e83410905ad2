import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/check-file.js';
import { formatJunit, formatLine, githubAnnotation } from '../../src/check/format-results.js';

const pass: CheckResult = { file: 'out/a.mp4', verdict: 'faststart', reason: 'moov before mdat', violations: [], passed: true };
const fail: CheckResult = {
  file: 'in/b, "c" <d>.mp4', verdict: 'moov-after-mdat', reason: 'moov at offset 9 comes after mdat at offset 1', offset: 9,
  violations: ['25 fps > 18'], passed: false,
};

describe('check output', () => {
  it('prints one line per file', () => {
    expect(formatLine(pass)).toBe('PASS  out/a.mp4  faststart (moov before mdat)');
    expect(formatLine(fail)).toBe('FAIL  in/b, "c" <d>.mp4  moov-after-mdat: moov at offset 9 comes after mdat at offset 1; preset: 25 fps > 18');
  });

  it('escapes GitHub annotation properties and data', () => {
    expect(githubAnnotation({ ...fail, file: 'a:b,c%.mp4', reason: 'line1\nline2' })).toBe(
      '::error file=a%3Ab%2Cc%25.mp4,title=streamprep check%3A moov-after-mdat::moov-after-mdat: line1%0Aline2; preset: 25 fps > 18');
  });

  it('writes JUnit XML with one testcase per file, escaped', () => {
    const xml = formatJunit({ preset: 'streaming', files: [pass, fail], checked: 2, passed: 1, failed: 1, skipped: 0 }, 0.25);
    expect(xml).toContain('<testsuites name="streamprep check (preset streaming)" tests="2" failures="1" errors="0" time="0.250">');
    expect(xml).toContain('<testcase classname="streamprep.check" name="out/a.mp4"/>');
    expect(xml).toContain('name="in/b, &quot;c&quot; &lt;d&gt;.mp4"');
    expect(xml).toContain('<failure type="moov-after-mdat" message="moov-after-mdat: moov at offset 9');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
  });
});
