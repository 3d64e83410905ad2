// The processes a conversation's audio needs: a verified chunk's audio decoded to samples, and a run of
// samples encoded with the preset's audio settings into AAC frames.
import type { Toolchain } from '../binaries/toolchain.js';
import { readAdts, type AdtsStream } from '../aac/adts.js';
import { buildPcmDecodeArgs, buildPcmEncodeArgs } from '../ffmpeg/args.js';
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

/** `samples` (interleaved floats) encoded as the preset's AAC: frames, format and configuration. */
export async function encodeAudio(toolchain: Toolchain, preset: Preset, samples: Float32Array, signal?: AbortSignal): Promise<AdtsStream | Failure> {
  const input = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const result = await runTool(toolchain.ffmpeg.path, buildPcmEncodeArgs(preset, 1), { input, collectStdoutBytes: true, signal, timeoutMs: 120_000 });
  if (result.aborted) return failure('interrupted', 'interrupted');
  if (result.exitCode !== 0 || !result.stdoutBytes) return failure('encode-failed', describe('encoding the conversation audio failed', result));
  const stream = readAdts(result.stdoutBytes);
  return stream.ok ? stream : failure('encode-failed', `the audio encoder's output could not be read: ${stream.reason}`);
}
