// How `streamprep inspect` reads: the box tree with offsets and sizes, the verdict, tracks, startup bytes. Pure.
import { findLevelByIdc } from '../h264/levels.js';
import type { FileInspection } from '../mp4/inspect-file.js';
import type { BoxNode, TrackInfo } from '../mp4/moov.js';
import { escapeTerminal } from '../text/escape.js';

const number = (value: number): string => value.toLocaleString('en-US');

function treeLines(nodes: readonly BoxNode[], depth: number, lines: string[]): void {
  for (const node of nodes) {
    const label = `${'  '.repeat(depth)}${escapeTerminal(node.type)}`;
    const entries = node.entryCount === undefined ? '' : `  ${number(node.entryCount)} ${node.entryCount === 1 ? 'entry' : 'entries'}`;
    lines.push(`${label.padEnd(18)} @${number(node.offset).padStart(13)}  ${number(node.size).padStart(13)} B${entries}`);
    if (node.children) treeLines(node.children, depth + 1, lines);
  }
}

export function describeTrack(track: TrackInfo): string {
  const parts = [`track ${track.id ?? '?'}`, track.kind, track.codec ?? '?'];
  if (track.kind === 'video') {
    if (track.profile) parts.push(track.profile);
    if (track.levelIdc !== undefined) parts.push(`level ${findLevelByIdc(track.levelIdc)?.name ?? track.levelIdc}`);
    if (track.width !== undefined && track.height !== undefined) parts.push(`${track.width}x${track.height}`);
    if (track.displayWidth !== undefined && track.displayHeight !== undefined) parts.push(`(display ${track.displayWidth}x${track.displayHeight})`);
    if (track.fps !== undefined) parts.push(`${track.fps.toFixed(2)} fps`);
    if (track.rotation) parts.push(`rotated ${track.rotation}°`);
  }
  if (track.kind === 'audio') {
    if (track.sampleRate !== undefined) parts.push(`${track.sampleRate} Hz`);
    if (track.channels !== undefined) parts.push(`${track.channels} ch`);
  }
  if (track.sampleCount !== undefined) parts.push(`${number(track.sampleCount)} samples`);
  if (track.durationSec !== undefined) parts.push(`${track.durationSec.toFixed(2)} s`);
  return escapeTerminal(parts.join('  '));
}

export function formatInspection(file: string, inspection: FileInspection): string {
  const { layout, moov } = inspection;
  // "file" first: a name never starts a line (a file named "::warning::x.mp4" must not start a workflow command).
  const lines = [escapeTerminal(`file ${file}  ${number(inspection.size)} B  ${layout.verdict} (${layout.reason})`), ''];
  for (const box of inspection.topLevel) {
    if (box.type === 'moov' && moov) treeLines([{ type: 'moov', offset: box.start, size: box.size, children: moov.tree }], 0, lines);
    else treeLines([{ type: box.type, offset: box.start, size: box.size }], 0, lines);
  }
  const { omittedBoxes } = inspection;
  if (omittedBoxes.count > 0) {
    lines.push(`… and ${number(omittedBoxes.count)} more top-level boxes (${number(omittedBoxes.bytes)} B) not listed`);
  }
  lines.push('');
  if (moov) {
    if (moov.durationSec !== undefined) lines.push(`duration  ${moov.durationSec.toFixed(2)} s`);
    for (const track of moov.tracks) lines.push(describeTrack(track));
    if (moov.compressed) lines.push('moov is compressed (cmov): tracks cannot be read');
    for (const problem of moov.problems) lines.push(escapeTerminal(`problem: ${problem}`));
  } else if (inspection.moovUnread) {
    lines.push(escapeTerminal(inspection.moovUnread));
  }
  if (inspection.startupBytes !== undefined) {
    const share = inspection.size > 0 ? ((inspection.startupBytes / inspection.size) * 100).toFixed(1) : '0';
    lines.push(`startup bytes  ${number(inspection.startupBytes)} B (${share}% of the file) before the first frame can show`);
  }
  return lines.join('\n');
}

/** The inspection as plain data for --json. */
export function inspectionJson(file: string, inspection: FileInspection): object {
  return {
    file,
    size: inspection.size,
    verdict: inspection.layout.verdict,
    reason: inspection.layout.reason,
    offset: inspection.layout.offset,
    fragmented: inspection.layout.fragmented,
    boxes: inspection.topLevel.map((box) => ({
      type: box.type,
      offset: box.start,
      size: box.size,
      ...(box.type === 'moov' && inspection.moov ? { children: inspection.moov.tree } : {}),
    })),
    omittedBoxes: inspection.omittedBoxes,
    durationSec: inspection.moov?.durationSec,
    tracks: inspection.moov?.tracks ?? [],
    compressed: inspection.moov?.compressed ?? false,
    problems: inspection.moov?.problems ?? [],
    moovUnread: inspection.moovUnread,
    startupBytes: inspection.startupBytes,
  };
}
