// The timing of a fragmented MP4's fragments: per track, each fragment's base decode time (tfdt) and the
// samples its runs hold with their durations. Pure; reads a whole file held in memory.
import { parseBoxHeader } from './box-header.js';
import { PayloadReader } from './boxes/reader.js';
import { find, readBoxTree } from './moov.js';

export interface FragmentTiming {
  trackId: number;
  decodeTime: number;
  /** Sample durations, in the track's timescale (trex/tfhd defaults applied). */
  durations: number[];
}

function readTrun(payload: Uint8Array, defaultDuration: number): number[] | undefined {
  const reader = new PayloadReader(payload);
  const header = reader.fullBoxHeader();
  const count = reader.u32();
  if (!header || count === undefined) return undefined;
  const { flags } = header;
  if (flags & 0x1) reader.skip(4);
  if (flags & 0x4) reader.skip(4);
  const perSample = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
  if (count * perSample > reader.remaining) return undefined;
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const duration = flags & 0x100 ? (reader.u32() as number) : defaultDuration;
    reader.skip(perSample - (flags & 0x100 ? 4 : 0));
    durations.push(duration);
  }
  return durations;
}

/** Every track fragment of every moof in `bytes`, in file order. */
export function readFragmentTiming(bytes: Uint8Array): FragmentTiming[] {
  const out: FragmentTiming[] = [];
  let position = 0;
  while (position < bytes.length) {
    const header = parseBoxHeader(bytes.subarray(position), position, bytes.length);
    if (header.status !== 'ok') break;
    if (header.type === 'moof') {
      const tree = readBoxTree(bytes.subarray(position + header.headerSize, header.end), position + header.headerSize);
      for (const traf of tree.filter((box) => box.node.type === 'traf')) {
        const tfhd = find(traf.children, 'tfhd');
        const tfdt = find(traf.children, 'tfdt');
        if (!tfhd || !tfdt) continue;
        const tfhdReader = new PayloadReader(tfhd.payload);
        const tfhdFlags = tfhdReader.fullBoxHeader()?.flags ?? 0;
        const trackId = tfhdReader.u32() as number;
        if (tfhdFlags & 0x1) tfhdReader.skip(8);
        if (tfhdFlags & 0x2) tfhdReader.skip(4);
        const defaultDuration = tfhdFlags & 0x8 ? (tfhdReader.u32() as number) : 0;
        const tfdtReader = new PayloadReader(tfdt.payload);
        const version = tfdtReader.fullBoxHeader()?.version;
        const decodeTime = (version === 1 ? tfdtReader.u64() : tfdtReader.u32()) as number;
        const durations = traf.children.filter((box) => box.node.type === 'trun').flatMap((trun) => readTrun(trun.payload, defaultDuration) ?? []);
        out.push({ trackId, decodeTime, durations });
      }
    }
    position = header.end;
  }
  return out;
}
