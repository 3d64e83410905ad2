// One input read from a stream (stdin, a pipe from the generator) to one verified output, encoded while
// the bytes arrive: its first bytes are probed (a streamable container — MKV/WebM, MPEG-TS, fragmented
// MP4, Y4M — says what it holds at its start), the job is planned from them, and ffmpeg reads the rest as
// it comes. A stream whose start says too little (an MP4 with moov at the end) is spooled to a temporary
// file first and processed as a file. Then verified and promoted as any output.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describeWriteError, getErrorMessage, isNoSpaceError } from '../errors.js';
import { claimOutput } from '../files/output-lock.js';
import { discard, tempPathFor } from '../files/temp-output.js';
import { probeMedia } from '../ffmpeg/probe.js';
import { planEncode } from '../plan/encode-plan.js';
import type { FactsOutcome, MediaFacts } from '../probe/facts.js';
import { type Failure, failure } from '../report/causes.js';
import { blankReport } from '../report/file-report.js';
import type { FileReport } from '../report/types.js';
import { encodeStep } from './encode-step.js';
import { type FileContext, describeJob, processFile } from './process-file.js';
import { verifyAndPromote } from './promote-step.js';
import { resolveJob } from './resolved-job.js';
import { EARLY_HEAD_BYTES, HEAD_BYTES, earlyHead, plannableEarly } from './stream-head.js';

/** Said of every output encoded from a stream: its encode time is not the encoder's speed. */
export const ARRIVING = 'encoded as it arrived (encode time includes waiting for the writer)';

export interface StreamContext extends FileContext {
  /** The container, when the writer names it (else found from the first bytes). */
  format?: string | undefined;
  /** What reports call the input ("-" for stdin). */
  label: string;
  /**
   * The stream is a file being written (watch following it): once its bytes end, how long it lasts, read
   * from the finished file — its output is then verified against it, as any file's.
   */
  sourceDuration?: (() => Promise<number | undefined>) | undefined;
}

/** Up to `limit` more bytes of `iterator` (fewer if it ends sooner). */
async function readUpTo(iterator: AsyncIterator<Uint8Array>, limit: number): Promise<{ parts: Buffer[]; ended: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < limit) {
    const next = await iterator.next();
    if (next.done) return { parts, ended: true };
    parts.push(Buffer.from(next.value));
    size += next.value.length;
  }
  return { parts, ended: false };
}

/** What was read of a stream, and why it stopped early (its source said so: a followed file that changed, an abort). */
interface Counted {
  bytes: number;
  failed?: Failure;
  /** Called once when the source's bytes have all been handed on. */
  onEnd?: (() => void) | undefined;
}

/** A source's own reason to stop (FollowFailure and the like carry a `failure`), or undefined. */
const sourceFailure = (error: unknown): Failure | undefined => {
  const carried = (error as { failure?: Failure } | undefined)?.failure;
  return carried && typeof carried.cause === 'string' ? carried : undefined;
};

/**
 * The head, then the rest. A source that fails ends the bytes there (the encoder sees an end, not a
 * broken pipe) and says why in `counted.failed`: that failure, not the encoder's verdict, is the result.
 */
async function* chain(head: Buffer, rest: AsyncIterator<Uint8Array>, ended: boolean, counted: Counted): AsyncGenerator<Uint8Array> {
  counted.bytes += head.length;
  yield head;
  if (ended) return;
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      counted.bytes += next.value.length;
      yield next.value;
    }
    counted.onEnd?.();
  } catch (error) {
    counted.failed = sourceFailure(error) ?? failure('unreadable', `the stream could not be read: ${getErrorMessage(error)}`);
  }
}

/** Writes `source` to a new file (`again`: over the one this run wrote there before). */
async function writeAll(file: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, again = false): Promise<void> {
  const handle = await open(file, again ? 'w' : 'wx');
  try {
    for await (const part of source) await handle.write(part);
  } finally {
    await handle.close();
  }
}

/** Facts from a stream's start: nothing about how long it lasts (a header's estimate is not believed). */
const withoutDurations = (facts: MediaFacts): MediaFacts => ({
  ...facts, durationSec: undefined, video: { ...facts.video, durationSec: undefined }, audio: facts.audio && { ...facts.audio, durationSec: undefined },
});

/** A stream's length is known once it is encoded: the output's video, which gives the RTF too. */
function withMeasuredDuration(report: FileReport): FileReport {
  const seconds = report.outputDurations?.videoSec;
  if (report.durationSec !== undefined || !seconds) return report;
  const encodeSec = report.encodeSec;
  return { ...report, durationSec: seconds, rtf: encodeSec ? encodeSec / seconds : undefined, speed: encodeSec ? seconds / encodeSec : undefined };
}

export async function processStream(stream: AsyncIterable<Uint8Array>, output: string, context: StreamContext): Promise<FileReport> {
  const report = blankReport(context.label, output);
  const end = (status: 'failed' | 'skipped', { cause, reason }: Failure): FileReport => ({ ...report, status, cause, reason });
  const folder = path.dirname(output);
  const temporaries: string[] = [];
  let handedOn = false;
  let source: AsyncIterator<Uint8Array> | undefined;
  try {
    const rest = stream[Symbol.asyncIterator]();
    source = rest;
    const first = await readUpTo(rest, EARLY_HEAD_BYTES);
    let head = Buffer.concat(first.parts);
    let { ended } = first;
    if (head.length === 0) return end('failed', failure('bad-input', 'the stream ended before its first byte'));
    await context.ensureDir(folder);
    const headFile = tempPathFor(output);
    temporaries.push(headFile);
    let written = false;
    const probeHead = async () => {
      await writeAll(headFile, [head], written);
      written = true;
      return probeMedia({ ffprobe: context.toolchain.ffprobe.path, ffmpeg: context.toolchain.ffmpeg.path }, headFile, context.signal);
    };
    const readMore = async (upTo: number): Promise<void> => {
      const more = ended ? { parts: [], ended } : await readUpTo(rest, upTo - head.length);
      head = Buffer.concat([head, ...more.parts]);
      ended = more.ended;
    };
    // A stream whose start declares its tracks (Matroska, MPEG-TS, an MP4 with moov first) is planned
    // from its first bytes once they say all a plan needs (16 KiB, doubled while they do not: its first
    // frame may not be whole yet); anything else, and at the latest, from 256 KiB (stream-head.ts).
    const early = earlyHead(head);
    const probeEnough = async (): Promise<FactsOutcome> => {
      for (;;) {
        if (ended || head.length >= HEAD_BYTES) return probeHead();
        if (early) {
          const probed = await probeHead();
          if (probed.ok ? plannableEarly(early, probed.facts) : probed.cause === 'interrupted') return probed;
        }
        await readMore(early ? Math.min(HEAD_BYTES, 2 * head.length) : HEAD_BYTES);
      }
    };
    const probed = await probeEnough();
    // Planned from a head that declared it all (not Matroska's, whose demuxer needs no more): ffmpeg need not read further before it starts.
    const plannedEarly = early === 'declared' && !ended && head.length < HEAD_BYTES;
    const counted: Counted = { bytes: 0 };
    const remaining = chain(head, rest, ended, counted);
    // Loudness needs the whole input twice, and a start that says too little needs all of it: spooled.
    if (!probed.ok || context.preset.audio.loudness || ended) {
      const spool = tempPathFor(output);
      temporaries.push(spool);
      await writeAll(spool, remaining);
      if (counted.failed) return end('failed', counted.failed);
      handedOn = true; // processFile releases the reservation
      const processed = await processFile(spool, output, undefined, context);
      return { ...processed.report, input: context.label };
    }
    const facts = withoutDurations(probed.facts);
    const plan = planEncode(facts, context.preset);
    // A constant-rate stream still lands on the output's frame grid (its length is only known at its end).
    if (facts.video.constantRate && plan.capFps !== undefined) plan.trim = { durationSec: undefined, fps: plan.capFps, frames: undefined };
    const temp = tempPathFor(output);
    temporaries.push(temp);
    // A followed file's length is read as soon as its bytes end, while the encoder finishes.
    let sourceSec: Promise<number | undefined> | undefined;
    counted.onEnd = () => {
      sourceSec = context.sourceDuration?.().catch(() => undefined);
      context.live?.onInputEnd?.();
    };
    type SlotResult = { report: FileReport } | { failure: Failure; skipped?: boolean };
    const slot = await context.reservation.run(async ({ threads }): Promise<SlotResult> => {
      const claim = await claimOutput(output);
      if (!claim.ok) return { failure: failure('locked', `another streamprep run is writing this output (${claim.holder})`), skipped: true };
      try {
        if (!context.force && (await stat(output).then(() => true, () => false))) return { failure: failure('exists', 'output exists (--force replaces it)'), skipped: true };
        const job = resolveJob({ ok: true, input: context.label, inputBytes: 0, startupBytes: undefined, facts, plan, reencodeReasons: undefined },
          { output, writeTo: temp, threads, toolchain: context.toolchain, preset: context.preset, pipe: { format: context.format, probeBytes: plannedEarly ? head.length : undefined }, pcm: context.onPcm !== undefined, partSec: context.live?.partSec, keyframeAtSec: context.live?.keyframeAtSec });
        job.stdin = Readable.from(remaining);
        Object.assign(report, describeJob(job));
        context.onStart?.(job);
        const outcome = await encodeStep(job, { signal: context.signal, onFrames: (frames) => context.onProgress?.(job, frames), onPcm: context.onPcm, onFragments: context.live?.onFragments });
        if (counted.failed) return { failure: counted.failed };
        if (!outcome.ok) return { failure: outcome };
        job.inputBytes = counted.bytes;
        const seconds = await sourceSec;
        if (seconds !== undefined) {
          job.facts = { ...job.facts, durationSec: seconds, video: { ...job.facts.video, durationSec: seconds } };
          report.durationSec = seconds;
          report.targetDurationSec = seconds;
        }
        return { report: await verifyAndPromote(job, outcome, { ...report, inputBytes: counted.bytes }, { force: context.force, signal: context.signal }) };
      } finally {
        await claim.release();
      }
    });
    if ('report' in slot) return withMeasuredDuration({ ...slot.report, adaptations: [...slot.report.adaptations, ARRIVING] });
    return { ...end(slot.skipped ? 'skipped' : 'failed', slot.failure), inputBytes: counted.bytes };
  } catch (error) {
    // Spooling or the head's copy can fill the output folder's disk: that is no fault of the stream.
    if (isNoSpaceError(error)) return end('failed', failure('no-space', describeWriteError(error, folder)));
    return end('failed', sourceFailure(error) ?? failure('unreadable', `the stream could not be read: ${getErrorMessage(error)}`));
  } finally {
    // A stream not read to its end (refused, skipped, failed) is closed — a followed file's descriptor,
    // stdin — once any read under way returns (not awaited: a pipe's writer may pause for long).
    void source?.return?.(undefined)?.catch(() => undefined);
    for (const file of temporaries) await discard(file);
    if (!handedOn) context.reservation.release();
  }
}
