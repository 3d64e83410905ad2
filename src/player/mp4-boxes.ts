// What the player reads of a fetched chunk (browser code, no Node imports): where its initialization
// section ends, the codecs it declares, and when its video starts and how long it lasts.

interface Box { type: string; start: number; end: number; body: number }

function* boxes(bytes: Uint8Array, from: number, to: number): Generator<Box> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < body - at || at + size > to) return;
    const type = String.fromCharCode(bytes[at + 4] as number, bytes[at + 5] as number, bytes[at + 6] as number, bytes[at + 7] as number);
    yield { type, start: at, end: at + size, body };
    at += size;
  }
}

const child = (bytes: Uint8Array, parent: Box, type: string, skip = 0): Box | undefined => {
  for (const box of boxes(bytes, parent.body + skip, parent.end)) if (box.type === type) return box;
  return undefined;
};

const path = (bytes: Uint8Array, parent: Box, ...types: string[]): Box | undefined => {
  let current: Box | undefined = parent;
  for (const type of types) current = current && child(bytes, current, type);
  return current;
};

export interface TrackInit { trackId: number; timescale: number; kind: 'video' | 'audio' | 'other'; codec: string | undefined }

export interface ChunkLayout {
  /** Bytes of the initialization section (ftyp + moov) at the start; 0 when the chunk has none. */
  initEnd: number;
  tracks: TrackInit[];
  /** Per track: the first fragment's decode time and the summed sample durations, in its timescale. */
  fragments: Map<number, { decodeTime: number; duration: number }>;
}

const hex = (value: number): string => value.toString(16).padStart(2, '0').toUpperCase();

function codecOf(bytes: Uint8Array, stsd: Box): string | undefined {
  // stsd: version/flags, entry count, then the sample entries.
  const entry = boxes(bytes, stsd.body + 8, stsd.end).next().value as Box | undefined;
  if (!entry) return undefined;
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    const avcC = child(bytes, entry, 'avcC', 78);
    return avcC ? `${entry.type}.${hex(bytes[avcC.body + 1] as number)}${hex(bytes[avcC.body + 2] as number)}${hex(bytes[avcC.body + 3] as number)}` : entry.type;
  }
  if (entry.type === 'mp4a') {
    const esds = child(bytes, entry, 'esds', 28);
    // The DecoderSpecificInfo's first five bits: the audio object type (2: AAC-LC, 5: HE-AAC).
    if (esds) for (let i = esds.body + 4; i < esds.end - 2; i++) if (bytes[i] === 0x05) return `mp4a.40.${(bytes[i + 2] as number) >> 3}`;
    return 'mp4a.40.2';
  }
  return entry.type;
}

export function readChunkLayout(bytes: Uint8Array): ChunkLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tracks: TrackInit[] = [];
  const fragments = new Map<number, { decodeTime: number; duration: number }>();
  let initEnd = 0;
  for (const top of boxes(bytes, 0, bytes.length)) {
    if (top.type === 'ftyp') initEnd = top.end;
    if (top.type === 'moov') {
      initEnd = top.end;
      for (const trak of boxes(bytes, top.body, top.end)) {
        if (trak.type !== 'trak') continue;
        const tkhd = child(bytes, trak, 'tkhd');
        const mdhd = path(bytes, trak, 'mdia', 'mdhd');
        const hdlr = path(bytes, trak, 'mdia', 'hdlr');
        const stsd = path(bytes, trak, 'mdia', 'minf', 'stbl', 'stsd');
        if (!tkhd || !mdhd || !hdlr) continue;
        const v1 = bytes[tkhd.body] === 1;
        const m1 = bytes[mdhd.body] === 1;
        const handler = String.fromCharCode(...bytes.subarray(hdlr.body + 8, hdlr.body + 12));
        tracks.push({
          trackId: view.getUint32(tkhd.body + (v1 ? 20 : 12)),
          timescale: view.getUint32(mdhd.body + (m1 ? 20 : 12)),
          kind: handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other',
          codec: stsd ? codecOf(bytes, stsd) : undefined,
        });
      }
    }
    if (top.type === 'moof') {
      for (const traf of boxes(bytes, top.body, top.end)) {
        if (traf.type !== 'traf') continue;
        const tfhd = child(bytes, traf, 'tfhd');
        const tfdt = child(bytes, traf, 'tfdt');
        if (!tfhd || !tfdt) continue;
        const tfhdFlags = view.getUint32(tfhd.body) & 0xffffff;
        const trackId = view.getUint32(tfhd.body + 4);
        let at = tfhd.body + 8 + (tfhdFlags & 1 ? 8 : 0) + (tfhdFlags & 2 ? 4 : 0);
        const defaultDuration = tfhdFlags & 8 ? view.getUint32(at) : 0;
        const decodeTime = bytes[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
        let duration = 0;
        for (const trun of boxes(bytes, traf.body, traf.end)) {
          if (trun.type !== 'trun') continue;
          const flags = view.getUint32(trun.body) & 0xffffff;
          const count = view.getUint32(trun.body + 4);
          at = trun.body + 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
          const stride = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
          for (let i = 0; i < count && at + stride <= trun.end; i++, at += stride) duration += flags & 0x100 ? view.getUint32(at) : defaultDuration;
        }
        if (!fragments.has(trackId)) fragments.set(trackId, { decodeTime, duration });
        else (fragments.get(trackId) as { duration: number }).duration += duration;
      }
    }
  }
  return { initEnd, tracks, fragments };
}
