// How many bytes a player reading from the start needs before it can show the first frame. Pure.
import type { BoxHeader } from './box-header.js';
import type { MoovInfo } from './moov.js';

export function startupBytes(topLevel: readonly BoxHeader[], moov: MoovInfo | undefined, fileSize: number): number | undefined {
  const moovIndex = topLevel.findIndex((box) => box.type === 'moov');
  const moovBox = topLevel[moovIndex];
  if (!moovBox) return undefined;
  const firstMdat = topLevel.findIndex((box) => box.type === 'mdat');
  // moov after the media: a player reading from the start needs the whole file.
  if (firstMdat !== -1 && firstMdat < moovIndex) return fileSize;
  if (moov?.fragmented || topLevel.some((box) => box.type === 'moof')) {
    const firstFragmentMdat = topLevel.find((box, index) => box.type === 'mdat' && index > moovIndex);
    return Math.min(fileSize, Math.max(moovBox.end, firstFragmentMdat?.end ?? moovBox.end));
  }
  const track = moov?.tracks.find((t) => t.kind === 'video') ?? moov?.tracks.find((t) => t.kind === 'audio');
  if (track?.firstSampleOffset === undefined || track.firstSampleSize === undefined) return moovBox.end;
  return Math.min(fileSize, Math.max(moovBox.end, track.firstSampleOffset + track.firstSampleSize));
}
