// The conversation folder's store: names of a replaced conversation never come back.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/conversation/store.js';
import { tempDir } from '../helpers/media.js';

const options = (dir: string, force: boolean) => ({ dir, name: 't', force, rate: 24_000, channels: 1, bitrate: 64_000 });

describe('openStore', () => {
  it('each --force replacement takes a new generation of file names, even when the one before left no files', async () => {
    const dir = path.join(await tempDir('store'), 't.hls');
    const generations: number[] = [];
    for (const force of [false, true, true]) {
      const opened = await openStore(options(dir, force));
      if (!opened.ok) throw new Error(opened.failure.reason);
      generations.push(opened.store.state.generation);
      await opened.store.close();
    }
    expect(generations).toEqual([1, 2, 3]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.mp4'))).toEqual([]);
  });

  it('a second opener is refused while the first holds the folder', async () => {
    const dir = path.join(await tempDir('store'), 't.hls');
    const first = await openStore(options(dir, false));
    expect(first.ok).toBe(true);
    const second = await openStore(options(dir, false));
    expect(second.ok ? undefined : second.failure.cause).toBe('locked');
    if (first.ok) await first.store.close();
    const third = await openStore(options(dir, false));
    expect(third.ok).toBe(true);
    if (third.ok) await third.store.close();
  });
});
