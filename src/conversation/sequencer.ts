// The order of a conversation's chunks as they arrive in a folder: by the number at the end of their
// names (chunk-9 before chunk-10). A chunk that arrives early waits for its predecessor; one whose
// predecessor never comes is let through after `gapTimeoutMs`; one that arrives after a later chunk is
// already on the timeline is refused. Names without a number keep their order of arrival. Pure: the
// caller passes the time.

export type SequencerDecision =
  | { kind: 'release'; names: string[] }
  | { kind: 'hold'; name: string; untilMs: number }
  | { kind: 'refuse'; name: string; reason: string };

/** The number a chunk's name ends with (before its extension), if any. */
export function chunkNumber(name: string): number | undefined {
  const base = name.replace(/\.[^.]*$/, '');
  const match = /(\d+)\D*$/.exec(base);
  return match ? Number(match[1]) : undefined;
}

export class ChunkSequencer {
  private last: number | undefined;
  private readonly held = new Map<number, { name: string; since: number }>();

  constructor(private readonly gapTimeoutMs = 30_000) {}

  /** A chunk is ready (encoded or encoding): is it next, early, or too late? */
  arrive(name: string, now: number): SequencerDecision {
    const number = chunkNumber(name);
    if (number === undefined) return { kind: 'release', names: [name] };
    if (this.last !== undefined && number <= this.last) {
      return { kind: 'refuse', name, reason: `it arrived after chunk ${this.last} was already on the timeline` };
    }
    const expected = this.last === undefined ? (number <= 1 ? number : undefined) : this.last + 1;
    if (number !== expected) {
      this.held.set(number, { name, since: now });
      return { kind: 'hold', name, untilMs: now + this.gapTimeoutMs };
    }
    return { kind: 'release', names: [name, ...this.releaseFrom(number)] };
  }

  /** Chunks whose predecessor did not come within the timeout, with those that follow them. */
  due(now: number): string[] {
    const waiting = [...this.held.entries()].sort(([a], [b]) => a - b);
    const first = waiting[0];
    if (!first || now - first[1].since < this.gapTimeoutMs) return [];
    this.held.delete(first[0]);
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
      released.push((this.held.get(next) as { name: string }).name);
      this.held.delete(next);
      this.last = next;
    }
    return released;
  }
}
