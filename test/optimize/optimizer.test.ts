// The library's long-lived optimizer, as a backend uses it: one chunk in, its report and output out.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/index.js';
import type { OptimizerEvent } from '../../src/optimize/optimizer.js';
import { FIXTURES, tempDir, topLevelTypes } from '../helpers/media.js';

const CHUNK = path.join(FIXTURES, 'chunk-moov-at-end.mp4');

describe('createOptimizer', () => {
  it('optimizes chunks as they come, sharing one scheduler, with events', async () => {
    const dir = await tempDir('optimizer');
    const events: OptimizerEvent[] = [];
    const optimizer = await createOptimizer({ concurrency: 2, onEvent: (event) => events.push(event) });
    try {
      const lone = await optimizer.optimize(CHUNK, { output: path.join(dir, 'lone.mp4') });
      expect(lone).toMatchObject({ status: 'ok', input: CHUNK, output: path.join(dir, 'lone.mp4'), verified: ['faststart', 'structure', 'preset streaming', 'duration'] });
      const moov = await topLevelTypes(path.join(dir, 'lone.mp4'));
      expect(moov.indexOf('moov')).toBeLessThan(moov.indexOf('mdat'));
      const burst = await Promise.all([0, 1, 2].map((i) => optimizer.optimize(CHUNK, { output: path.join(dir, `burst-${i}.mp4`) })));
      expect(burst.map((report) => report.status)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await optimizer.close();
    }
    const started = events.filter((event): event is Extract<OptimizerEvent, { type: 'started' }> => event.type === 'started');
    // A lone chunk gets every core; in a burst, jobs side by side share them.
    expect(started[0]?.threads).toBeGreaterThanOrEqual(started[1]?.threads ?? 0);
    expect(started.every((event) => event.argv.includes('-threads'))).toBe(true);
    expect(events.filter((event) => event.type === 'finished')).toHaveLength(4);
  });

  it('cancels one call with its AbortSignal, refuses to overwrite its input, and is closed for new work', async () => {
    const dir = await tempDir('optimizer-abort');
    const copy = path.join(dir, 'in.mp4');
    await copyFile(CHUNK, copy);
    const optimizer = await createOptimizer({ concurrency: 1 });
    const controller = new AbortController();
    const cancelled = optimizer.optimize(CHUNK, { output: path.join(dir, 'cancelled.mp4'), signal: controller.signal });
    controller.abort();
    expect(await cancelled).toMatchObject({ status: 'failed', reason: 'interrupted' });
    expect(await optimizer.optimize(copy, { output: copy, })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/would overwrite the input itself/) });
    await optimizer.close();
    await expect(optimizer.optimize(CHUNK, { output: path.join(dir, 'late.mp4') })).rejects.toThrow(/closed/);
  });

  it('validates a preset passed as an object', async () => {
    await expect(createOptimizer({ preset: { name: 'x' } as never })).rejects.toThrow(/description is missing/);
  });
});
