import { describe, expect, it } from 'vitest';
import { ChunkSequencer, chunkNumber } from '../../src/conversation/sequencer.js';

describe('chunk order', () => {
  it.each([
    ['chunk-10.mp4', 10], ['0003.mov', 3], ['take2-part-7.mp4', 7], ['s12_final.mp4', 12], ['intro.mp4', undefined],
  ])('%s is chunk %s', (name, number) => expect(chunkNumber(name)).toBe(number));

  it('releases chunks in number order: an early one waits for its predecessor', () => {
    const sequencer = new ChunkSequencer(30_000);
    expect(sequencer.arrive('chunk-1.mp4', 0)).toEqual({ kind: 'release', names: ['chunk-1.mp4'] });
    expect(sequencer.arrive('chunk-3.mp4', 10)).toEqual({ kind: 'hold', name: 'chunk-3.mp4', untilMs: 30_010 });
    expect(sequencer.arrive('chunk-4.mp4', 20)).toMatchObject({ kind: 'hold' });
    expect(sequencer.arrive('chunk-2.mp4', 30)).toEqual({ kind: 'release', names: ['chunk-2.mp4', 'chunk-3.mp4', 'chunk-4.mp4'] });
    expect(sequencer.holding).toBe(0);
  });

  it('lets a chunk through when its predecessor has not come after the timeout, and refuses a late one', () => {
    const sequencer = new ChunkSequencer(1000);
    sequencer.arrive('c0.mp4', 0);
    sequencer.arrive('c2.mp4', 100);
    sequencer.arrive('c3.mp4', 200);
    expect(sequencer.due(1099)).toEqual([]);
    expect(sequencer.nextDueMs()).toBe(1100);
    expect(sequencer.due(1100)).toEqual(['c2.mp4', 'c3.mp4']);
    expect(sequencer.arrive('c1.mp4', 1200)).toEqual({ kind: 'refuse', name: 'c1.mp4', cause: 'late', reason: 'it arrived after chunk 3 was already on the timeline' });
  });

  it('starts at 0 or 1; names without a number keep their order of arrival', () => {
    const sequencer = new ChunkSequencer();
    expect(sequencer.arrive('c5.mp4', 0).kind).toBe('hold');
    expect(sequencer.arrive('c0.mp4', 1).kind).toBe('release');
    expect(new ChunkSequencer().arrive('intro.mp4', 0)).toEqual({ kind: 'release', names: ['intro.mp4'] });
  });
});
