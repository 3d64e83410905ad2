// watch's memory, as a pure state machine: one entry per watched path, holding the identity (device +
// inode) of the file there. Observations go in (a look at a path, or that nothing is there; an encode
// that started or finished; a move); decisions come out (take it, look again in N ms, warn that it is
// stale, move it to --done-dir, refuse it as a collision). No timers, no files, no events: watch.ts does
// those, and the tests drive this as a table.
//
// A streamable file seen growing (Matroska/WebM, MPEG-TS, Y4M, fragmented MP4) is taken at once to be
// followed (its bytes encoded as they are written, follow.ts); what it was when its bytes ended counts as
// what was taken.
//
//   settling ──ready──▶ encoding ──ok──▶ done ──move──▶ (gone)
//       ▲                  │  └──failed/skipped──▶ finished
//       └──changed─────────┴──────────────────────────┘   (a different file, size, mtime or ctime)
import type { Cause } from '../report/causes.js';
import type { IdentifiedLook } from './inbox.js';
import { type Readiness, type ReadinessRules, judgeReadiness, keepLook, markedComplete } from './readiness.js';

export type EntryState = 'settling' | 'encoding' | 'done' | 'finished';

interface Entry {
  path: string;
  id: string;
  state: EntryState;
  /** The last few looks while settling. */
  looks: IdentifiedLook[];
  /** What the file was when it was handed over (settling → encoding). */
  taken?: IdentifiedLook;
  /** What the file was once its encode finished: a change after that makes it a new piece of work. */
  settled?: IdentifiedLook;
  /** It could not be read (permissions): tried again at the next look, changed or not. */
  retry?: boolean;
  staleWarned: boolean;
}

export type Decision =
  | { kind: 'take'; path: string; output: string; /** Follow it as it grows, from this look. */ follow?: IdentifiedLook }
  | { kind: 'recheck'; path: string; inMs: number; /** Only to notice a stale file: nothing is expected to change. */ stale?: true }
  | { kind: 'collision'; path: string; output: string; owner: string }
  | { kind: 'stale'; path: string; sinceMs: number }
  | { kind: 'move'; path: string };

export interface TrackerOptions {
  rules: ReadinessRules;
  /** The output of a watched file (watch: output folder / name.mp4). */
  outputFor: (path: string) => string;
  /** A file incomplete and unchanged this long gets one `stale` warning. */
  staleMs: number;
  /** Whether finished files are moved away (--done-dir). */
  moveDone: boolean;
  /** Whether a streamable file seen growing is taken at once, to be followed (default: no). */
  follow?: boolean;
}

/** How many looks are kept per file: enough to judge its pace. */
const KEPT_LOOKS = 16;

/** Seen growing: a look before the latest had fewer bytes (a writer is at work now). */
const grew = (looks: readonly IdentifiedLook[]): boolean => looks.length > 1 && looks.some((look) => look.size < (looks.at(-1) as IdentifiedLook).size);

const sameLook = (a: IdentifiedLook | undefined, b: IdentifiedLook): boolean =>
  a !== undefined && a.id === b.id && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

export class Tracker {
  readonly #entries = new Map<string, Entry>();
  /** Output → the watched path that holds it in this run: a second path with the same output is a collision. */
  readonly #claims = new Map<string, string>();
  readonly #options: TrackerOptions;

  constructor(options: TrackerOptions) {
    this.#options = options;
  }

  state(path: string): EntryState | undefined {
    return this.#entries.get(path)?.state;
  }

  /** Paths still settling (for --once: wait for these, then report them incomplete). */
  settling(): string[] {
    return [...this.#entries.values()].filter((entry) => entry.state === 'settling').map((entry) => entry.path);
  }

  /** Encodes under way. */
  encoding(): number {
    return [...this.#entries.values()].filter((entry) => entry.state === 'encoding').length;
  }

  /**
   * Whether `look` would have `path` taken on stillness alone (no end marker says it is complete): the
   * one moment worth asking whether a writer still holds it (inbox.ts askWriter), not at every look.
   */
  decidedByStillness(path: string, look: IdentifiedLook): boolean {
    const entry = this.#entries.get(path);
    if (!entry || entry.state !== 'settling' || entry.id !== look.id || markedComplete(look)) return false;
    return judgeReadiness(keepLook(entry.looks, look, KEPT_LOOKS), this.#options.rules).kind === 'ready';
  }

  /** A look at `path` (undefined: nothing is there now). */
  observe(path: string, look: IdentifiedLook | undefined): Decision[] {
    const entry = this.#entries.get(path);
    if (!look) {
      // Gone (renamed away, deleted). An encode under way finds out itself (its input changed).
      if (entry && entry.state !== 'encoding') this.#forget(entry);
      return [];
    }
    if (!entry || (entry.id !== look.id && entry.state !== 'encoding')) return this.#settle(this.#start(path, look, entry), look);
    if (entry.id !== look.id) {
      // Another file renamed over one being encoded: that encode will fail as changed; this one waits its turn.
      return [];
    }
    switch (entry.state) {
      case 'encoding':
        return [];
      case 'done':
      case 'finished':
        if (sameLook(entry.settled, look) && !entry.retry) return [];
        entry.retry = false;
        // Written again (or made readable again) since: a new piece of work, judged as a file written in place.
        entry.state = 'settling';
        entry.looks = [];
        entry.staleWarned = false;
        return this.#settle(entry, look, true);
      case 'settling':
        return this.#settle(entry, look);
    }
  }

  /**
   * The encode of `path` finished; `look` is the file as it is now (undefined: gone). For a followed
   * file, `endedAs` is what it was when its bytes ended: what was encoded.
   */
  finished(path: string, outcome: { status: 'ok' | 'failed' | 'skipped'; cause: Cause | undefined }, look: IdentifiedLook | undefined, endedAs?: IdentifiedLook): Decision[] {
    const entry = this.#entries.get(path);
    if (!entry || entry.state !== 'encoding') return [];
    if (endedAs) entry.taken = endedAs;
    if (!look || look.id !== entry.id) {
      // Renamed over or removed while encoding: the entry for what is there now starts afresh.
      this.#forget(entry);
      return look ? this.observe(path, look) : [];
    }
    const unchanged = sameLook(entry.taken, look);
    if (outcome.cause === 'changed-during-encode' || !unchanged) {
      // Written to while it was encoded: watched again until it settles, then encoded again.
      entry.state = 'settling';
      entry.looks = [];
      return this.#settle(entry, look, true);
    }
    entry.settled = look;
    entry.state = outcome.status === 'ok' ? 'done' : 'finished';
    entry.retry = outcome.cause === 'unreadable';
    if (outcome.status === 'ok' && this.#options.moveDone) return [{ kind: 'move', path }];
    return [];
  }

  /**
   * Whether the file being encoded at `path` is there but no longer what was taken (or, followed, what its
   * bytes ended as): its writer was still at work, so a failure says nothing about it.
   */
  changedSinceTaken(path: string, look: IdentifiedLook | undefined, endedAs?: IdentifiedLook): boolean {
    const entry = this.#entries.get(path);
    if (!entry || entry.state !== 'encoding' || !look) return false;
    return !sameLook(endedAs ?? entry.taken, look);
  }

  /** `path` was moved to --done-dir. */
  moved(path: string): void {
    const entry = this.#entries.get(path);
    if (entry) this.#forget(entry);
  }

  /** Forget everything about `path` (e.g. its move failed and it should be judged afresh on the next look). */
  forget(path: string): void {
    const entry = this.#entries.get(path);
    if (entry) this.#forget(entry);
  }

  #start(path: string, look: IdentifiedLook, previous: Entry | undefined): Entry {
    if (previous) this.#forget(previous);
    const entry: Entry = { path, id: look.id, state: 'settling', looks: [], staleWarned: false };
    this.#entries.set(path, entry);
    return entry;
  }

  #forget(entry: Entry): void {
    this.#entries.delete(entry.path);
    for (const [output, owner] of this.#claims) if (owner === entry.path) this.#claims.delete(output);
  }

  /** `rewritten`: seen again after it was finished — its first look does not count as "renamed in". */
  #settle(entry: Entry, look: IdentifiedLook, rewritten = false): Decision[] {
    const looks = keepLook(entry.looks, look, KEPT_LOOKS);
    entry.looks = looks;
    if (this.#options.follow && look.followable && grew(looks)) return this.#take(entry, look, true);
    const judged: Readiness = rewritten && looks.length === 1 && markedComplete(look)
      ? { kind: 'wait', recheckInMs: this.#options.rules.settleMs }
      : judgeReadiness(looks, this.#options.rules);
    if (judged.kind === 'ready') return this.#take(entry, look);
    const decisions: Decision[] = [];
    if (judged.kind === 'wait') decisions.push({ kind: 'recheck', path: entry.path, inMs: judged.recheckInMs });
    const unchangedSince = this.#unchangedSince(looks);
    if (!entry.staleWarned && look.at - unchangedSince >= this.#options.staleMs) {
      entry.staleWarned = true;
      decisions.push({ kind: 'stale', path: entry.path, sinceMs: look.at - unchangedSince });
    }
    // An incomplete file is looked at again (its writer may have died without a last event) until it is stale.
    if (judged.kind === 'not-yet' && !entry.staleWarned) decisions.push({ kind: 'recheck', path: entry.path, inMs: this.#options.staleMs - (look.at - unchangedSince), stale: true });
    return decisions;
  }

  #unchangedSince(looks: readonly IdentifiedLook[]): number {
    const latest = looks.at(-1) as IdentifiedLook;
    let since = latest.at;
    for (let i = looks.length - 2; i >= 0; i--) {
      const look = looks[i] as IdentifiedLook;
      if (look.size !== latest.size || look.mtimeMs !== latest.mtimeMs) break;
      since = look.at;
    }
    return since;
  }

  #take(entry: Entry, look: IdentifiedLook, follow = false): Decision[] {
    const output = this.#options.outputFor(entry.path);
    const owner = this.#claims.get(output);
    if (owner !== undefined && owner !== entry.path) {
      entry.state = 'finished';
      entry.settled = look;
      return [{ kind: 'collision', path: entry.path, output, owner }];
    }
    this.#claims.set(output, entry.path);
    entry.state = 'encoding';
    entry.taken = look;
    entry.looks = [];
    return [{ kind: 'take', path: entry.path, output, ...(follow ? { follow: look } : {}) }];
  }
}
