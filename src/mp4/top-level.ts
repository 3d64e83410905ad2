// Walks a file's top-level boxes by reading only their headers.
import type { BoxHeader } from './box-header.js';
import { MAX_HEADER_BYTES, parseBoxHeader } from './box-header.js';
import type { ByteSource } from './byte-source.js';

export interface TopLevelProblem {
  kind: 'truncated' | 'malformed';
  offset: number;
  reason: string;
}

export interface TopLevelWalk {
  boxes: BoxHeader[];
  /** Where the walk had to stop, if the structure is broken. */
  problem: TopLevelProblem | undefined;
}

/** A hostile file of tiny boxes must not keep us reading forever. */
export const MAX_TOP_LEVEL_BOXES = 1_000_000;

export async function walkTopLevel(source: ByteSource): Promise<TopLevelWalk> {
  const boxes: BoxHeader[] = [];
  let position = 0;
  while (position < source.size) {
    if (boxes.length >= MAX_TOP_LEVEL_BOXES) {
      return { boxes, problem: { kind: 'malformed', offset: position, reason: `more than ${MAX_TOP_LEVEL_BOXES} top-level boxes` } };
    }
    const bytes = await source.read(position, MAX_HEADER_BYTES);
    const header = parseBoxHeader(bytes, position, source.size);
    if (header.status === 'need-more') {
      // The source returned fewer bytes than the file holds: it changed under us.
      return { boxes, problem: { kind: 'truncated', offset: position, reason: `file ended while reading the box header at offset ${position}` } };
    }
    if (header.status === 'invalid') {
      return { boxes, problem: { kind: 'malformed', offset: position, reason: header.reason } };
    }
    boxes.push(header);
    if (header.end > source.size) {
      return {
        boxes,
        problem: {
          kind: 'truncated',
          offset: position,
          reason: `box '${header.type}' at offset ${position} claims ${header.size} bytes but the file ends ${source.size - position} bytes after its start`,
        },
      };
    }
    position = header.end; // size ≥ header size ≥ 8: every step advances.
  }
  return { boxes, problem: undefined };
}
