// What `streamprep doctor` reports: which binaries are used, their versions, the encoders the presets need.
import { getErrorMessage } from '../errors.js';
import { type BinaryInfo, type FfmpegInfo, type ToolchainOptions, inspectFfmpeg, inspectFfprobe } from './toolchain.js';

export const NEEDED_ENCODERS = ['libx264', 'aac'] as const;

export interface DoctorReport {
  ffmpeg: FfmpegInfo | { error: string };
  ffprobe: BinaryInfo | { error: string };
  encoders: Record<(typeof NEEDED_ENCODERS)[number], boolean>;
  ok: boolean;
}

export async function diagnose(options: ToolchainOptions = {}): Promise<DoctorReport> {
  const settle = <T>(promise: Promise<T>): Promise<T | { error: string }> =>
    promise.catch((error: unknown) => ({ error: getErrorMessage(error) }));
  const ffmpeg = await settle(inspectFfmpeg(options));
  const ffprobe = await settle(inspectFfprobe(options, 'error' in ffmpeg ? undefined : ffmpeg));
  const has = (name: string): boolean => !('error' in ffmpeg) && ffmpeg.encoders.has(name);
  const encoders = { libx264: has('libx264'), aac: has('aac') };
  return { ffmpeg, ffprobe, encoders, ok: !('error' in ffmpeg) && !('error' in ffprobe) && encoders.libx264 && encoders.aac };
}
