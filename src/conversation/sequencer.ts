// The order of a conversation's chunks as they arrive in a folder: by the number at the end of their
// names (chunk-9 before chunk-10). A chunk that arrives early waits for its predecessor; one whose
// predecessor never comes is let through after `gapTimeoutMs`; one that arrives after a later chunk is
// already on the timeline is refused, and so is a second chunk with a number already taken (`chunk_3.mp4`
// and `chunk_03.mov`) and a number too large to be exact. Names without a number keep their order of
// arrival. Pure: the caller passes the time.

export type SequencerDecision =
  | { kind: 'release'; names: string[] }
  | { kind: 'hold'; name: string; untilMs: number }
  | { kind: 'refuse'; name: string; cause: 'late' | 'duplicate' | 'bad-number'; reason: string };

/** The number a chunk's name ends with (before its extension), if any. */
export function chunkNumber(name: string): number | undefined {
  const base = name.replace(/\.[^.]*$/, '');
  const match = /(\d+)\D*$/.exec(base);
  return match ? Number(match[1]) : undefined;
}

export class ChunkSequencer {
  private last: number | undefined;
  private readonly held = new Map<number, { name: string; since: number }>();
  /** Numbers released, and by which name. */
  private readonly taken = new Map<number, string>();

  constructor(private readonly gapTimeoutMs = 30_000) {}

  /** Chunks up to `number` are on the timeline already (a conversation resumed from its log). */
  resumeAfter(number: number | undefined): void {
    if (number !== undefined && (this.last === undefined || number > this.last)) this.last = number;
  }

  /** A chunk is ready (encoded or encoding): is it next, early, or too late? */
  arrive(name: string, now: number): SequencerDecision {
    const number = chunkNumber(name);
    if (number === undefined) return { kind: 'release', names: [name] };
    if (!Number.isSafeInteger(number)) return { kind: 'refuse', name, cause: 'bad-number', reason: `the number in its name is beyond ${Number.MAX_SAFE_INTEGER} (it cannot be ordered exactly)` };
    const other = this.taken.get(number) ?? this.held.get(number)?.name;
    if (other !== undefined && other !== name) return { kind: 'refuse', name, cause: 'duplicate', reason: `${other} has the same number (${number})` };
    if (this.taken.get(number) === name) return { kind: 'refuse', name, cause: 'duplicate', reason: `chunk ${number} was already taken from this file (written again after it was placed?)` };
    if (this.held.has(number)) return { kind: 'hold', name, untilMs: (this.held.get(number) as { since: number }).since + this.gapTimeoutMs };
    if (this.last !== undefined && number <= this.last) {
      return { kind: 'refuse', name, cause: 'late', reason: `it arrived after chunk ${this.last} was already on the timeline` };
    }
    const expected = this.last === undefined ? (number <= 1 ? number : undefined) : this.last + 1;
    if (number !== expected) {
      this.held.set(number, { name, since: now });
      return { kind: 'hold', name, untilMs: now + this.gapTimeoutMs };
    }
    this.taken.set(number, name);
    return { kind: 'release', names: [name, ...this.releaseFrom(number)] };
  }

  /** Chunks whose predecessor did not come within the timeout, with those that follow them. */
  due(now: number): string[] {
    const waiting = [...this.held.entries()].sort(([a], [b]) => a - b);
    const first = waiting[0];
    if (!first || now - first[1].since < this.gapTimeoutMs) return [];
    this.held.delete(first[0]);
    this.taken.set(first[0], first[1].name);
    return [first[1].name, ...this.releaseFrom(first[0])];
  }

  /** When the next held chunk is let through, if any is held. */
  nextDueMs(): number | undefined {
    const since = [...this.held.values()].map((entry) => entry.since);
    return since.length === 0 ? undefined : Math.min(...since) + this.gapTimeoutMs;
  }

  get holding(): number {
    return this.held.size;
  }

  private releaseFrom(number: number): string[] {
    this.last = number;
    const released: string[] = [];
    for (let next = number + 1; this.held.has(next); next++) {
      const { name } = this.held.get(next) as { name: string };
      released.push(name);
      this.taken.set(next, name);
      this.held.delete(next);
      this.last = next;
    }
    return released;
  }
}
