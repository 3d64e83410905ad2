import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdentifiedLook } from '../../src/live/inbox.js';
import { defaultRules } from '../../src/live/readiness.js';
import { type Decision, Tracker } from '../../src/live/tracker.js';

const tracker = (moveDone = true): Tracker => new Tracker({
  rules: defaultRules(25), staleMs: 60_000, moveDone,
  outputFor: (file) => `/out/${file.split('/').pop()?.replace(/\.[^.]+$/, '')}.mp4`,
});
const look = (at: number, size: number, extra: Partial<IdentifiedLook> = {}): IdentifiedLook =>
  ({ id: '1:10', at, size, mtimeMs: 1000 + size, ctimeMs: 1000 + size, mp4: 'complete', ...extra });
const kinds = (decisions: Decision[]): string[] => decisions.map((decision) => decision.kind);

describe('Tracker', () => {
  it('takes a complete file at once, moves it when its encode is ok and it did not change', () => {
    const t = tracker();
    expect(t.observe('/in/a.mp4', look(0, 5000))).toEqual([{ kind: 'take', path: '/in/a.mp4', output: '/out/a.mp4' }]);
    expect(t.observe('/in/a.mp4', look(5, 5000))).toEqual([]); // a second event while encoding: nothing
    expect(t.finished('/in/a.mp4', { status: 'ok', cause: undefined }, look(10, 5000))).toEqual([{ kind: 'move', path: '/in/a.mp4' }]);
  });

  it('looks at one file twice (an event and a rescan) and takes it once', () => {
    const t = tracker();
    const decisions = [...t.observe('/in/a.mp4', look(0, 5000)), ...t.observe('/in/a.mp4', look(0, 5000))];
    expect(kinds(decisions)).toEqual(['take']);
  });

  it('refuses a second file with the same output as a collision while the first holds it', () => {
    const t = tracker(false);
    expect(kinds(t.observe('/in/a.mp4', look(0, 5000)))).toEqual(['take']);
    expect(t.observe('/in/a.mov', look(0, 7000, { id: '1:11' }))).toEqual([{ kind: 'collision', path: '/in/a.mov', output: '/out/a.mp4', owner: '/in/a.mp4' }]);
    expect(t.observe('/in2/a.mp4', look(0, 7000, { id: '1:12' }))[0]).toMatchObject({ kind: 'collision', owner: '/in/a.mp4' });
  });

  it('never moves a file that changed while it was encoded: it settles and is taken again', () => {
    const t = tracker();
    t.observe('/in/c.mp4', look(0, 5000));
    // Truncated mid-encode: the encode says so (or not); either way no move.
    const after = t.finished('/in/c.mp4', { status: 'ok', cause: undefined }, look(100, 2000, { mp4: 'incomplete' }));
    expect(kinds(after)).not.toContain('move');
    expect(t.state('/in/c.mp4')).toBe('settling');
    expect(kinds(t.observe('/in/c.mp4', look(200, 9000)))).toEqual(['recheck']);
    expect(kinds(t.observe('/in/c.mp4', look(300, 9000)))).toEqual(['take']);
  });

  it('a chunk renamed over one being encoded: the old encode does not move the new file, which is taken itself', () => {
    const t = tracker();
    t.observe('/in/c.mp4', look(0, 5000));
    expect(t.observe('/in/c.mp4', look(50, 6000, { id: '1:99' }))).toEqual([]);
    const after = t.finished('/in/c.mp4', { status: 'failed', cause: 'changed-during-encode' }, look(60, 6000, { id: '1:99' }));
    expect(after).toEqual([{ kind: 'take', path: '/in/c.mp4', output: '/out/c.mp4' }]);
  });

  it('a fragmented MP4 seen after its first fragment waits for the longer settle', () => {
    const t = tracker();
    expect(t.observe('/in/f.mp4', look(0, 3000, { mp4: 'fragmented' }))).toEqual([{ kind: 'recheck', path: '/in/f.mp4', inMs: 1500 }]);
    expect(kinds(t.observe('/in/f.mp4', look(800, 6000, { mp4: 'fragmented' })))).toEqual(['recheck']);
    expect(kinds(t.observe('/in/f.mp4', look(2400, 6000, { mp4: 'fragmented' })))).toEqual(['take']);
  });

  it('a file that stays incomplete gets one stale warning', () => {
    const t = tracker();
    expect(t.observe('/in/s.mp4', look(0, 3000, { mp4: 'incomplete' }))).toEqual([{ kind: 'recheck', path: '/in/s.mp4', inMs: 60_000, stale: true }]);
    expect(kinds(t.observe('/in/s.mp4', look(60_000, 3000, { mp4: 'incomplete' })))).toEqual(['stale']);
    expect(kinds(t.observe('/in/s.mp4', look(90_000, 3000, { mp4: 'incomplete' })))).toEqual([]);
  });

  it('a file that could not be read is tried again at the next look; another failed file only once it changes', () => {
    const t = tracker();
    t.observe('/in/p.mp4', look(0, 5000));
    t.finished('/in/p.mp4', { status: 'failed', cause: 'unreadable' }, look(10, 5000));
    expect(kinds(t.observe('/in/p.mp4', look(2000, 5000)))).toEqual(['recheck']);
    t.observe('/in/b.mp4', look(0, 5000, { id: '1:20' }));
    t.finished('/in/b.mp4', { status: 'failed', cause: 'bad-input' }, look(10, 5000, { id: '1:20' }));
    expect(t.observe('/in/b.mp4', look(2000, 5000, { id: '1:20' }))).toEqual([]);
    expect(kinds(t.observe('/in/b.mp4', look(4000, 5000, { id: '1:20', ctimeMs: 9999 })))).toEqual(['recheck']);
  });

  it('forgets a file that went away, and its claim on the output', () => {
    const t = tracker(false);
    t.observe('/in/a.mp4', look(0, 5000));
    t.finished('/in/a.mp4', { status: 'ok', cause: undefined }, look(10, 5000));
    t.observe('/in/a.mp4', undefined);
    expect(kinds(t.observe('/in/a.mov', look(20, 5000, { id: '1:11' })))).toEqual(['take']);
  });

  it('never moves content other than what it took, whatever writes, renames, truncations and deletions happen', () => {
    type Op = { kind: 'append' | 'finish-write' | 'rename-over' | 'truncate' | 'delete' | 'wait' | 'encode-done'; amount: number };
    const op = fc.record({ kind: fc.constantFrom('append', 'finish-write', 'rename-over', 'truncate', 'delete', 'wait', 'encode-done'), amount: fc.integer({ min: 1, max: 5000 }) }) as fc.Arbitrary<Op>;
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.boolean(), (ops, startsMp4) => {
      const t = tracker();
      let now = 0;
      let file: { id: number; size: number; mtime: number; complete: boolean } | undefined = { id: 1, size: 100, mtime: 0, complete: false };
      let nextId = 2;
      let taken: IdentifiedLook | undefined;
      const current = (): IdentifiedLook | undefined => file && {
        id: `0:${file.id}`, size: file.size, mtimeMs: file.mtime, ctimeMs: file.mtime, at: now,
        ...(startsMp4 ? { mp4: file.complete ? 'complete' as const : 'incomplete' as const } : {}),
      };
      const handle = (decisions: Decision[]): void => {
        for (const decision of decisions) {
          if (decision.kind === 'take') {
            const seen = current();
            expect(seen).toBeDefined();
            if (startsMp4) expect(seen?.mp4).toBe('complete');
            taken = seen;
          }
          if (decision.kind === 'move') {
            const seen = current();
            expect(seen && taken && seen.id === taken.id && seen.size === taken.size && seen.mtimeMs === taken.mtimeMs).toBe(true);
          }
        }
      };
      for (const { kind, amount } of ops) {
        now += kind === 'wait' ? amount : 1;
        if (kind === 'append' && file) file = { ...file, size: file.size + amount, mtime: now, complete: false };
        if (kind === 'finish-write' && file) file = { ...file, size: file.size + 8, mtime: now, complete: true };
        if (kind === 'rename-over') file = { id: nextId++, size: amount, mtime: now, complete: true };
        if (kind === 'truncate' && file) file = { ...file, size: Math.max(0, file.size - amount), mtime: now, complete: false };
        if (kind === 'delete') file = undefined;
        if (kind === 'encode-done') {
          if (t.state('/in/x.mp4') === 'encoding') {
            const changed = !taken || !file || `0:${file.id}` !== taken.id || file.size !== taken.size || file.mtime !== taken.mtimeMs;
            handle(t.finished('/in/x.mp4', { status: changed ? 'failed' : 'ok', cause: changed ? 'changed-during-encode' : undefined }, current()));
          }
          continue;
        }
        handle(t.observe('/in/x.mp4', current()));
      }
    }), { numRuns: 300 });
  });
});

describe('Tracker following growing files', () => {
  const following = (): Tracker => new Tracker({
    rules: defaultRules(25), staleMs: 60_000, moveDone: true, follow: true,
    outputFor: (file) => `/out/${file.split('/').pop()?.replace(/\.[^.]+$/, '')}.mp4`,
  });
  const growing = (at: number, size: number): IdentifiedLook => look(at, size, { mp4: undefined, stream: { kind: 'matroska', complete: false }, followable: true });

  it('takes a streamable file to follow once it is seen growing, from the look that showed it', () => {
    const t = following();
    expect(kinds(t.observe('/in/g.mkv', growing(0, 4000)))).toEqual(['recheck']); // one look: is anyone writing?
    const taken = t.observe('/in/g.mkv', growing(30, 9000));
    expect(taken).toEqual([{ kind: 'take', path: '/in/g.mkv', output: '/out/g.mkv'.replace('.mkv', '.mp4'), follow: growing(30, 9000) }]);
    expect(t.observe('/in/g.mkv', growing(60, 20_000))).toEqual([]); // it grows on while followed: nothing more
  });

  it('a followed file is judged by what it was when its bytes ended, not when it was taken', () => {
    const t = following();
    t.observe('/in/g.mkv', growing(0, 4000));
    t.observe('/in/g.mkv', growing(30, 9000));
    const end = look(5000, 90_000, { mp4: undefined, stream: { kind: 'matroska', complete: true } });
    expect(t.finished('/in/g.mkv', { status: 'ok', cause: undefined }, end, end)).toEqual([{ kind: 'move', path: '/in/g.mkv' }]);
    // Without what it was at its end, the same finish is a file that changed: no move, it settles again.
    const t2 = following();
    t2.observe('/in/g.mkv', growing(0, 4000));
    t2.observe('/in/g.mkv', growing(30, 9000));
    expect(kinds(t2.finished('/in/g.mkv', { status: 'ok', cause: undefined }, end))).not.toContain('move');
    expect(t2.state('/in/g.mkv')).toBe('settling');
  });

  it('does not follow a file that sits still, a complete one, or anything when following is off', () => {
    const t = following();
    expect(kinds(t.observe('/in/s.ts', look(0, 4000, { mp4: undefined, stream: { kind: 'mpegts', complete: false }, followable: true })))).toEqual(['recheck']);
    expect(kinds(t.observe('/in/s.ts', look(300, 4000, { mp4: undefined, stream: { kind: 'mpegts', complete: false }, followable: true })))).toEqual(['take']);
    expect(t.observe('/in/c.mkv', look(0, 4000, { mp4: undefined, stream: { kind: 'matroska', complete: true } }))[0]).not.toHaveProperty('follow');
    const off = tracker();
    off.observe('/in/g.mkv', growing(0, 4000));
    expect(kinds(off.observe('/in/g.mkv', growing(30, 9000)))).toEqual(['recheck']);
  });

  it('following: a move only ever happens for the content the follower ended with, whatever happens during and after', () => {
    type Op = { kind: 'append' | 'finish-write' | 'rename-over' | 'truncate' | 'delete' | 'wait' | 'follow-end' | 'encode-done'; amount: number };
    // Writes and the follower's end are the common events; replacing and removing the file the rare ones.
    const weighted = (kind: Op['kind'], weight: number) => ({ arbitrary: fc.constant(kind), weight });
    const kindOf = fc.oneof(weighted('append', 6), weighted('follow-end', 3), weighted('encode-done', 3), weighted('wait', 2), weighted('finish-write', 1),
      weighted('rename-over', 1), weighted('truncate', 1), weighted('delete', 1));
    const op = fc.record({ kind: kindOf, amount: fc.integer({ min: 1, max: 5000 }) }) as fc.Arbitrary<Op>;
    let moves = 0;
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const t = following();
      let now = 0;
      let file: { id: number; size: number; mtime: number; complete: boolean } | undefined = { id: 1, size: 100, mtime: 0, complete: false };
      let nextId = 2;
      let taken: IdentifiedLook | undefined;
      let followed = false;
      /** While followed: the follower saw the file replaced, shrunk or removed. */
      let broken = false;
      let endedAs: IdentifiedLook | undefined;
      const current = (): IdentifiedLook | undefined => file && {
        id: `0:${file.id}`, size: file.size, mtimeMs: file.mtime, ctimeMs: file.mtime, at: now,
        stream: { kind: 'matroska' as const, complete: file.complete }, followable: !file.complete,
      };
      const handle = (decisions: Decision[]): void => {
        for (const decision of decisions) {
          if (decision.kind === 'take') {
            taken = current();
            followed = decision.follow !== undefined;
            broken = false;
            endedAs = undefined;
            if (followed) expect(decision.follow).toEqual(taken);
          }
          if (decision.kind === 'move') {
            const seen = current();
            const encoded = followed ? endedAs : taken;
            expect(seen && encoded && seen.id === encoded.id && seen.size === encoded.size && seen.mtimeMs === encoded.mtimeMs).toBe(true);
            moves++;
          }
        }
      };
      for (const { kind, amount } of ops) {
        now += kind === 'wait' ? amount : 1;
        const encoding = t.state('/in/x.mkv') === 'encoding';
        if (kind === 'append' && file) file = { ...file, size: file.size + amount, mtime: now, complete: false };
        if (kind === 'finish-write' && file) file = { ...file, size: file.size + 8, mtime: now, complete: true };
        if (kind === 'rename-over') file = { id: nextId++, size: amount, mtime: now, complete: false };
        if (kind === 'truncate' && file) file = { ...file, size: Math.max(0, file.size - amount), mtime: now, complete: false };
        if (kind === 'delete') file = undefined;
        if (encoding && followed && !endedAs && ['rename-over', 'truncate', 'delete'].includes(kind)) broken = true;
        if (kind === 'follow-end') {
          if (encoding && followed && !endedAs && !broken) endedAs = current();
          continue;
        }
        if (kind === 'encode-done') {
          if (encoding && (!followed || endedAs || broken)) {
            const changed = followed ? broken : !taken || !file || `0:${file.id}` !== taken.id || file.size !== taken.size || file.mtime !== taken.mtimeMs;
            handle(t.finished('/in/x.mkv', { status: changed ? 'failed' : 'ok', cause: changed ? 'changed-during-encode' : undefined }, current(), followed && !broken ? endedAs : undefined));
          }
          continue;
        }
        handle(t.observe('/in/x.mkv', current()));
      }
    }), { numRuns: 1000 });
    expect(moves).toBeGreaterThan(20); // the property met moves (about 40 in 1,000 runs), not only refusals
  });
});
