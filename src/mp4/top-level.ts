// Walks a file's top-level boxes by reading only their headers.
import type { BoxHeader } from './box-header.js';
import { MAX_HEADER_BYTES, parseBoxHeader } from './box-header.js';
import type { ByteSource, SyncByteSource } from './byte-source.js';

export interface TopLevelProblem {
  kind: 'truncated' | 'malformed';
  offset: number;
  reason: string;
}

export interface TopLevelWalk {
  /**
   * The first MAX_LISTED_BOXES boxes, then only those that decide verdicts: the first two moov, the
   * first mdat after each kept moov, the first moof and meta. Memory stays bounded for any file.
   */
  boxes: BoxHeader[];
  /** Boxes walked but not kept in `boxes`. */
  omitted: { count: number; bytes: number };
  /** Where the walk had to stop, if the structure is broken. */
  problem: TopLevelProblem | undefined;
  /**
   * Bytes after the last box, too few (< 8) for a box header: padding some writers leave. Ignored
   * alike by check, faststart and optimize (a decoder never reads them); watch still waits, since a
   * writer may be in the middle of a header.
   */
  trailingBytes: number;
}

/** A hostile file of tiny boxes must not keep us reading forever. */
export const MAX_TOP_LEVEL_BOXES = 1_000_000;

/** Boxes kept whatever their type; past these, only the ones that decide verdicts. */
export const MAX_LISTED_BOXES = 1000;

/** What the kept boxes already show, so a box past the listed ones is kept only if it decides a verdict. */
class KeptSummary {
  moovs = 0;
  mdatSinceMoov = false;
  moof = false;
  meta = false;

  add(type: string): void {
    if (type === 'moov') {
      this.moovs++;
      this.mdatSinceMoov = false;
    } else if (type === 'mdat') this.mdatSinceMoov = true;
    else if (type === 'moof') this.moof = true;
    else if (type === 'meta') this.meta = true;
  }

  decides(type: string): boolean {
    switch (type) {
      case 'moov': return this.moovs < 2;
      case 'mdat': return !this.mdatSinceMoov;
      case 'moof': return !this.moof;
      case 'meta': return !this.meta;
      default: return false;
    }
  }
}

/** A read the walk asks for: `length` bytes at `position`. */
type ReadRequest = readonly [position: number, length: number];

/**
 * The walk without I/O: it yields the reads it needs and is given their bytes, so the same code runs
 * over an async source (walkTopLevel) and, where thousands of files are walked in a row, a synchronous
 * one (walkTopLevelSync: no promise per box).
 */
function* walkSteps(size: number): Generator<ReadRequest, TopLevelWalk, Uint8Array> {
  const boxes: BoxHeader[] = [];
  const omitted = { count: 0, bytes: 0 };
  const summary = new KeptSummary();
  let walked = 0;
  let position = 0;
  let trailingBytes = 0;
  const result = (problem: TopLevelProblem | undefined): TopLevelWalk => ({ boxes, omitted, problem, trailingBytes });
  while (position < size) {
    if (walked >= MAX_TOP_LEVEL_BOXES) {
      return result({ kind: 'malformed', offset: position, reason: `more than ${MAX_TOP_LEVEL_BOXES} top-level boxes` });
    }
    const bytes = yield [position, MAX_HEADER_BYTES];
    const header = parseBoxHeader(bytes, position, size);
    if (header.status === 'need-more') {
      // The source returned fewer bytes than the file holds: it changed under us.
      return result({ kind: 'truncated', offset: position, reason: `file ended while reading the box header at offset ${position}` });
    }
    if (header.status === 'invalid') {
      if (walked > 0 && size - position < 8) {
        trailingBytes = size - position;
        return result(undefined);
      }
      return result({ kind: 'malformed', offset: position, reason: header.reason });
    }
    walked++;
    const truncated = header.end > size;
    // The last box is always kept: whether a file ends with mfra (a finished fragmented file) decides completeness.
    const last = header.end >= size;
    if (boxes.length < MAX_LISTED_BOXES || truncated || last || summary.decides(header.type)) {
      boxes.push(header);
      summary.add(header.type);
    } else {
      omitted.count++;
      omitted.bytes += header.size;
    }
    if (truncated) {
      return result({
        kind: 'truncated',
        offset: position,
        reason: `box '${header.type}' at offset ${position} claims ${header.size} bytes but the file ends ${size - position} bytes after its start`,
      });
    }
    position = header.end; // size ≥ header size ≥ 8: every step advances.
  }
  return result(undefined);
}

export async function walkTopLevel(source: ByteSource): Promise<TopLevelWalk> {
  const steps = walkSteps(source.size);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(await source.read(step.value[0], step.value[1]));
  }
}

export function walkTopLevelSync(source: SyncByteSource): TopLevelWalk {
  const steps = walkSteps(source.size);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(source.readSync(step.value[0], step.value[1]));
  }
}
