// Reads an input's facts: one ffprobe run; if ffprobe crashes on the file (the bundled static ffprobe
// dies on MPEG-TS), ffmpeg's own description of it instead — the encoder is the reader that matters.
import { buildDescribeArgs, buildProbeArgs } from './args.js';
import { runTool } from './run.js';
import { probeFailureReason } from './stderr.js';
import { type FactsOutcome, factsFromProbe, parseProbeJson } from '../probe/facts.js';
import { parseInputDump } from '../probe/input-dump.js';

export interface ProbeTools {
  ffprobe: string;
  ffmpeg: string;
}

export async function probeMedia(tools: ProbeTools, file: string, signal?: AbortSignal): Promise<FactsOutcome> {
  const result = await runTool(tools.ffprobe, buildProbeArgs(file), { signal, collectStdout: true, timeoutMs: 60_000 });
  if (result.aborted) return { ok: false, cause: 'interrupted', reason: 'interrupted' };
  if (result.timedOut) return { ok: false, cause: 'timeout', reason: 'ffprobe took longer than 60 s to read it' };
  if (result.crashSignal || result.spawnError) return describeWithFfmpeg(tools.ffmpeg, file, signal, result.crashSignal ?? result.spawnError);
  if (result.exitCode !== 0) return { ok: false, cause: 'bad-input', reason: probeFailureReason(result.stderrTail, file) };
  return parseProbeJson(result.stdout);
}

async function describeWithFfmpeg(ffmpeg: string, file: string, signal: AbortSignal | undefined, why: string | undefined): Promise<FactsOutcome> {
  const result = await runTool(ffmpeg, buildDescribeArgs(file), { signal, timeoutMs: 60_000 });
  if (result.aborted) return { ok: false, cause: 'interrupted', reason: 'interrupted' };
  if (result.timedOut) return { ok: false, cause: 'timeout', reason: 'ffmpeg took longer than 60 s to read it' };
  if (result.spawnError) return { ok: false, cause: 'spawn', reason: `neither ffprobe (${why}) nor ffmpeg could be started: ${result.spawnError}` };
  const described = parseInputDump(result.stderrTail);
  if (!described) return { ok: false, cause: 'bad-input', reason: probeFailureReason(result.stderrTail, file) };
  return factsFromProbe(described);
}
