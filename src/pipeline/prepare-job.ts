// Everything known about an input before it is encoded: it is checked, its facts read (from its own
// moov, or by one ffprobe run) and the preset planned against them.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Toolchain } from '../binaries/toolchain.js';
import { describeReadError } from '../errors.js';
import { type Failure, failure } from '../report/causes.js';
import { probeMedia } from '../ffmpeg/probe.js';
import { measureLoudness } from '../ffmpeg/loudness.js';
import { describeFileType } from '../files/open-regular.js';
import { sniffInput } from '../inputs/sniff.js';
import { type EncodePlan, contentSeconds, planEncode } from '../plan/encode-plan.js';
import type { Preset } from '../presets/preset.js';
import type { MediaFacts } from '../probe/facts.js';
import { factsFromMoov } from '../probe/facts-from-moov.js';
import { reasonsToReencode } from '../plan/conformance.js';

export interface PreparedInput {
  ok: true;
  /** Absolute path. */
  input: string;
  inputBytes: number;
  /** Bytes a player needs before the first frame of the input (MP4/QuickTime inputs only). */
  startupBytes: number | undefined;
  facts: MediaFacts;
  plan: EncodePlan;
  /** Why an MP4/MOV input must be re-encoded; empty when it already conforms (undefined: not MP4/MOV, or moov says too little). */
  reencodeReasons: string[] | undefined;
}

export type PrepareOutcome = PreparedInput | ({ ok: false; inputBytes?: number } & Failure);

export interface PrepareContext {
  toolchain: Toolchain;
  preset: Preset;
  signal?: AbortSignal | undefined;
}

interface Planned {
  ok: true;
  info: Stats;
  sniffed: Awaited<ReturnType<typeof sniffInput>>;
  fromMoov: MediaFacts | undefined;
  facts: MediaFacts;
  plan: EncodePlan;
}

/** The input checked, its facts read and the preset planned against them: nothing that decodes it. */
async function readAndPlan(input: string, context: PrepareContext): Promise<Planned | ({ ok: false; inputBytes?: number } & Failure)> {
  const info = await stat(input).catch((error: unknown) => error as Error);
  if (info instanceof Error) return { ok: false as const, ...failure('unreadable', describeReadError(info)) };
  if (!info.isFile()) return { ok: false as const, ...failure('unreadable', `not a regular file (${describeFileType(info)})`) };
  const sniffed = await sniffInput(input).catch((error: unknown) =>
    ({ refused: failure('unreadable', describeReadError(error)), startupBytes: undefined, moov: undefined }));
  if (sniffed.refused) return { ok: false as const, ...sniffed.refused, inputBytes: info.size };
  // MP4/QuickTime inputs are read from their own moov; anything else (or a moov that does not tell all) goes to ffprobe.
  const fromMoov = sniffed.moov && factsFromMoov(sniffed.moov);
  const probed = fromMoov ? { ok: true as const, facts: fromMoov } : await probeMedia({ ffprobe: context.toolchain.ffprobe.path, ffmpeg: context.toolchain.ffmpeg.path }, input, context.signal);
  if (!probed.ok) return { ok: false as const, cause: probed.cause, reason: probed.reason, inputBytes: info.size };
  return { ok: true as const, info, sniffed, fromMoov, facts: probed.facts, plan: planEncode(probed.facts, context.preset) };
}

/**
 * How long an input lasts as its output will (the plan's length), without decoding it: what a chunk
 * whose report does not say (its output existed, it was read as a stream) lasts on a timeline.
 */
export async function inputLength(input: string, context: PrepareContext): Promise<number | undefined> {
  const planned = await readAndPlan(input, context);
  return planned.ok ? contentSeconds(planned.facts, planned.plan) : undefined;
}

export async function prepareInput(input: string, context: PrepareContext): Promise<PrepareOutcome> {
  const planned = await readAndPlan(input, context);
  if (!planned.ok) return planned;
  const { info, sniffed, fromMoov, plan } = planned;
  const target = context.preset.audio.loudness;
  if (target && plan.audio) {
    const measured = await measureLoudness(context.toolchain.ffmpeg.path, input, plan.audio.streamIndex, target, context.signal, context.preset.audio);
    if (measured) {
      plan.loudness = { target, measured };
      plan.adaptations.push(`loudness ${measured.inputI.toFixed(1)} → ${target.integratedLufs} LUFS`);
    } else plan.adaptations.push('loudness not measurable (silent audio): left as it is');
  }
  return {
    ok: true,
    input,
    inputBytes: info.size,
    startupBytes: sniffed.startupBytes,
    facts: planned.facts,
    plan,
    reencodeReasons: fromMoov && sniffed.moov ? reasonsToReencode(sniffed.moov, context.preset) : undefined,
  };
}
