// A verified chunk's audio as samples: the bytes its encode's tap handed over, or, for an output this run
// did not encode (relocated, or already there), its audio decoded.
import type { Toolchain } from '../binaries/toolchain.js';
import { buildPcmDecodeArgs } from '../ffmpeg/args.js';
import { runTool } from '../ffmpeg/run.js';
import type { Preset } from '../presets/preset.js';
import { type Failure, failure } from '../report/causes.js';

const describe = (what: string, result: { exitCode: number | undefined; stderrTail: string; spawnError: string | undefined }): string =>
  `${what}: ${result.spawnError ?? result.stderrTail.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`}`;

/** Interleaved float samples of `file`'s first audio track at the preset's rate and channel count. */
export async function decodeAudio(toolchain: Toolchain, file: string, preset: Preset, signal?: AbortSignal): Promise<Float32Array | Failure> {
  const result = await runTool(toolchain.ffmpeg.path, buildPcmDecodeArgs(file, preset.audio), { collectStdoutBytes: true, signal, timeoutMs: 120_000 });
  if (result.aborted) return failure('interrupted', 'interrupted');
  if (result.exitCode !== 0 || !result.stdoutBytes) return failure('encode-failed', describe('decoding its audio failed', result));
  const bytes = result.stdoutBytes;
  // Copied onto an aligned buffer: a pipe's bytes may start anywhere.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 4)));
}

/**
 * Interleaved floats from the bytes of a pipe (copied: they may start anywhere); with `length`, exactly
 * that many (cut, or silence after what came) — one copy where cutting or padding would make another.
 */
export function floatsOf(parts: readonly Uint8Array[], length?: number): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const whole = total - (total % 4);
  const copy = new Uint8Array(length === undefined ? whole : 4 * length);
  const limit = Math.min(copy.length, whole);
  let at = 0;
  for (const part of parts) {
    const piece = part.subarray(0, Math.max(0, limit - at));
    copy.set(piece, at);
    at += piece.length;
  }
  return new Float32Array(copy.buffer);
}

/** How many whole floats the bytes of a pipe hold. */
export const floatCount = (parts: readonly Uint8Array[]): number => Math.floor(parts.reduce((sum, part) => sum + part.length, 0) / 4);
