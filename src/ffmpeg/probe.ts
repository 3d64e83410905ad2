// Runs ffprobe once on an input and reads its facts.
import { buildProbeArgs } from './args.js';
import { runTool } from './run.js';
import { probeFailureReason } from './stderr.js';
import { type FactsOutcome, parseProbeJson } from '../probe/facts.js';

export async function probeMedia(ffprobe: string, file: string, signal?: AbortSignal): Promise<FactsOutcome> {
  const result = await runTool(ffprobe, buildProbeArgs(file), { signal, collectStdout: true, timeoutMs: 60_000 });
  if (result.aborted) return { ok: false, cause: 'interrupted', reason: 'interrupted' };
  if (result.timedOut) return { ok: false, cause: 'timeout', reason: 'ffprobe took longer than 60 s to read it' };
  if (result.spawnError) return { ok: false, cause: 'spawn', reason: `ffprobe did not start: ${result.spawnError}` };
  if (result.exitCode !== 0) return { ok: false, cause: 'bad-input', reason: probeFailureReason(result.stderrTail, file) };
  return parseProbeJson(result.stdout);
}
