// Everything before an encode: the input is checked, probed and planned, and its ffmpeg arguments built.
import { stat } from 'node:fs/promises';
import type { Toolchain } from '../binaries/toolchain.js';
import { describeReadError } from '../errors.js';
import { buildEncodeArgs } from '../ffmpeg/args.js';
import { describeFileType } from '../files/open-regular.js';
import { sniffInput } from '../inputs/sniff.js';
import { type EncodePlan, planEncode } from '../plan/encode-plan.js';
import type { Preset } from '../presets/preset.js';
import type { MediaFacts } from '../probe/facts.js';
import { factsFromMoov } from '../probe/facts-from-moov.js';
import { probeMedia } from '../probe/probe-media.js';

export interface PreparedJob {
  ok: true;
  inputBytes: number;
  /** Bytes a player needs before the first frame of the input (MP4/QuickTime inputs only). */
  startupBytes: number | undefined;
  facts: MediaFacts;
  plan: EncodePlan;
  /** Builds the arguments for a given output path (the temporary name, or the final one to print). */
  argsFor: (output: string) => string[];
}

export type PrepareOutcome = PreparedJob | { ok: false; reason: string; inputBytes?: number };

export interface PrepareContext {
  toolchain: Toolchain;
  preset: Preset;
  threads?: number | undefined;
  signal?: AbortSignal | undefined;
}

export async function prepareJob(input: string, context: PrepareContext): Promise<PrepareOutcome> {
  const info = await stat(input).catch((error: unknown) => error as Error);
  if (info instanceof Error) return { ok: false, reason: describeReadError(info) };
  if (!info.isFile()) return { ok: false, reason: `not a regular file (${describeFileType(info)})` };
  const sniffed = await sniffInput(input).catch((error: unknown) =>
    ({ refused: describeReadError(error), startupBytes: undefined, moov: undefined }));
  if (sniffed.refused) return { ok: false, reason: sniffed.refused, inputBytes: info.size };
  // MP4/QuickTime inputs are read from their own moov; anything else (or a moov that does not tell all) goes to ffprobe.
  const fromMoov = sniffed.moov && factsFromMoov(sniffed.moov);
  const probed = fromMoov ? { ok: true as const, facts: fromMoov } : await probeMedia(context.toolchain.ffprobe.path, input, context.signal);
  if (!probed.ok) return { ok: false, reason: probed.reason, inputBytes: info.size };
  const plan = planEncode(probed.facts, context.preset);
  return {
    ok: true,
    inputBytes: info.size,
    startupBytes: sniffed.startupBytes,
    facts: probed.facts,
    plan,
    argsFor: (output) =>
      buildEncodeArgs({
        input,
        output,
        preset: context.preset,
        plan,
        libavformatMajor: context.toolchain.ffmpeg.libavformatMajor,
        threads: context.threads,
      }),
  };
}
