import { describe, expect, it } from 'vitest';
import { jobIdFor, redactUrl, validateJobData } from '../../src/queue/job.js';

const good = { version: 1, input: '/srv/media/in/a.mp4', output: '/srv/media/out/a.mp4', preset: 'streaming', force: false };

describe('validateJobData', () => {
  it('accepts a job inside the roots', () => {
    expect(validateJobData(good, ['/srv/media'])).toEqual({ ok: true, job: good });
  });

  it.each([
    ['outside the roots', { ...good, input: '/etc/passwd' }, /outside this worker's roots/],
    ['an output outside the roots', { ...good, output: '/tmp/x.mp4' }, /output \/tmp\/x\.mp4 is outside/],
    ['a relative path', { ...good, input: 'in/a.mp4' }, /absolute, normalized/],
    ['.. in the path', { ...good, input: '/srv/media/../../etc/passwd' }, /absolute, normalized/],
    ['a NUL byte', { ...good, output: '/srv/media/out/a\0.mp4' }, /not a usable path/],
    ['a preset file', { ...good, preset: '../evil.json' }, /not a preset name/],
    ['a preset file named like a name', { ...good, preset: 'evil.json' }, /not a preset name/],
    ['an unknown field', { ...good, shell: 'rm -rf /' }, /unknown job field/],
    ['another version', { ...good, version: 2 }, /version 2/],
    ['not an object', 'a.mp4', /not an object/],
  ])('refuses %s', (_name, data, reason) => {
    const checked = validateJobData(data, ['/srv/media']);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('job ids and URLs', () => {
  it('gives the same input, output, preset content and force the same id, and anything else another', () => {
    const identity = { dev: 1n, ino: 2n, size: 3n, mtimeNs: 4n };
    const preset = '{"name":"streaming","video":{"crf":28}}';
    const id = jobIdFor(identity, '/out/a.mp4', preset, false);
    expect(jobIdFor({ ...identity }, '/out/a.mp4', preset, false)).toBe(id);
    expect(jobIdFor({ ...identity, mtimeNs: 5n }, '/out/a.mp4', preset, false)).not.toBe(id);
    expect(jobIdFor(identity, '/out/b.mp4', preset, false)).not.toBe(id);
    expect(jobIdFor(identity, '/out/a.mp4', '{"name":"streaming","video":{"crf":30}}', false)).not.toBe(id);
    expect(jobIdFor(identity, '/out/a.mp4', preset, true)).not.toBe(id);
    expect(id).toMatch(/^sp-[0-9a-f]{32}$/);
  });

  it('never shows a password', () => {
    expect(redactUrl('rediss://user:s3cret@queue.example:6380/0')).toBe('rediss://user:***@queue.example:6380/0');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
