// A preset file's text as JSON: errors name the rule and the place, never the file's bytes; numbers too
// large for a double are kept as written for the validator's message.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutOfRangeNumber, parseJsonText } from '../../src/presets/json-text.js';
import { loadPreset } from '../../src/presets/load.js';
import { tempDir } from '../helpers/media.js';

describe('parseJsonText', () => {
  it.each([
    ['root:x:0:0:root:/root:/bin/bash\n', /^is not a JSON object \(line 1, column 1\): a preset starts with "\{"$/],
    ['SHELL=/bin/bash\0SECRET=hunter2\0', /^is not a JSON object/],
    ['   ', /^is empty/],
    ['{"video": {"crf": 28,', /^is not valid JSON/],
    ['{"a": "x\u0001"}', /^is not valid JSON \(line 1, column 9\): bad control character/],
    ['{"secret-token-123": tru}', /^is not valid JSON/],
  ])('%j', (text, reason) => {
    const parsed = parseJsonText(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(reason);
    for (const secret of ['root:x', 'SHELL', 'hunter2', 'secret-token', 'tru}']) expect(parsed.reason).not.toContain(secret);
  });

  it('keeps numbers too large for a double as written', () => {
    const parsed = parseJsonText('{"name": "x", "video": {"crf": 1e400, "maxrateKbps": -12345678901234567890e300}, "s": "1e999"}');
    expect(parsed.ok).toBe(true);
    const video = (parsed as { value: { video: Record<string, unknown>; s: string } }).value;
    expect(video.video.crf).toEqual(new OutOfRangeNumber('1e400'));
    expect(video.video.maxrateKbps).toEqual(new OutOfRangeNumber('-12345678901234567890e300'));
    expect(video.s).toBe('1e999');
  });
});

describe('a preset that extends a file that is not one, or holds an out-of-range number', () => {
  it.each([
    ['/etc/passwd', /\/etc\/passwd: is not a JSON object/],
    ['/proc/self/environ', /\/proc\/self\/environ: (is not a JSON object|is empty)/],
  ])('extends %s: names the file and the rule, never its bytes', async (parent, expected) => {
    const dir = await tempDir('preset-extends');
    const file = path.join(dir, 'mine.json');
    await writeFile(file, JSON.stringify({ extends: parent }));
    const error = await loadPreset(file).then(() => undefined, (caught: Error) => caught);
    expect(error?.message).toMatch(expected);
    expect(error?.message).not.toMatch(/root:|PATH=|HOME=/);
  });

  it('maxrateKbps: 1e309 is shown as written, with the range', async () => {
    const dir = await tempDir('preset-range');
    const file = path.join(dir, 'mine.json');
    await writeFile(file, '{ "extends": "streaming", "video": { "maxrateKbps": 1e309 } }');
    await expect(loadPreset(file)).rejects.toThrow(/video\.maxrateKbps must be from \d+ to \d+ \(got 1e309\)/);
  });
});
