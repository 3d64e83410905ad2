// elst: a track's edit list — which stretch of its media is presented. An encoder's priming (AAC: 1024
// samples) is skipped by the first edit's media_time, and the end padding by its duration.
import { PayloadReader } from './reader.js';

export interface Edit {
  /** In the movie's timescale. */
  segmentDuration: number;
  /** In the track's timescale; -1 is an empty edit (a gap). */
  mediaTime: number;
}

/** At most this many edits are read: real files have one or two. */
const MAX_EDITS = 64;

export function readElst(payload: Uint8Array): Edit[] | undefined {
  const reader = new PayloadReader(payload);
  const header = reader.fullBoxHeader();
  const count = reader.u32();
  if (!header || count === undefined) return undefined;
  const v1 = header.version === 1;
  const edits: Edit[] = [];
  for (let i = 0; i < Math.min(count, MAX_EDITS); i++) {
    const segmentDuration = v1 ? reader.u64() : reader.u32();
    const rawTime = v1 ? reader.u64() : reader.u32();
    if (segmentDuration === undefined || rawTime === undefined || !reader.skip(4)) return undefined;
    // media_time is signed: all ones (-1) marks an empty edit.
    const mediaTime = v1 ? (rawTime >= 2 ** 63 ? -1 : rawTime) : rawTime | 0;
    edits.push({ segmentDuration, mediaTime });
  }
  return edits;
}

/** Seconds presented by the edits that show media (empty edits are gaps before it), or undefined. Pure. */
export function presentedSeconds(edits: readonly Edit[] | undefined, movieTimescale: number | undefined): number | undefined {
  if (!edits?.length || !movieTimescale) return undefined;
  const shown = edits.filter((edit) => edit.mediaTime !== -1);
  if (shown.length === 0 || shown.some((edit) => edit.segmentDuration === 0)) return undefined; // 0: "to the end", says nothing
  return shown.reduce((sum, edit) => sum + edit.segmentDuration, 0) / movieTimescale;
}

/** Seconds of empty edits before the first edit that shows media (a track that starts late). Pure. */
export function leadingGapSeconds(edits: readonly Edit[] | undefined, movieTimescale: number | undefined): number {
  if (!edits?.length || !movieTimescale) return 0;
  let gap = 0;
  for (const edit of edits) {
    if (edit.mediaTime !== -1) break;
    gap += edit.segmentDuration;
  }
  return gap / movieTimescale;
}
