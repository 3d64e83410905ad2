// Runs ffprobe once on an input and reads its facts.
import { buildProbeArgs } from '../ffmpeg/args.js';
import { runTool } from '../ffmpeg/run.js';
import { type FactsOutcome, parseProbeJson } from './facts.js';

/** One line of why ffprobe could not read the file, without ffprobe's own "file:<path>: " prefix. */
export function probeFailureReason(stderr: string, file: string): string {
  const refused = /\[([\w-]+)[^\]]*@ [^\]]*\] Format not on whitelist/.exec(stderr);
  if (refused) return `looks like ${refused[1]}, which is not a video container this tool opens`;
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? 'ffprobe could not read it';
  const prefix = `file:${file}: `;
  const reason = last.startsWith(prefix) ? last.slice(prefix.length) : last;
  if (/Invalid data found when processing input/i.test(reason)) return 'not a video file ffmpeg can read (invalid data)';
  return reason;
}

export async function probeMedia(ffprobe: string, file: string, signal?: AbortSignal): Promise<FactsOutcome> {
  const result = await runTool(ffprobe, buildProbeArgs(file), { signal, collectStdout: true, timeoutMs: 60_000 });
  if (result.aborted) return { ok: false, reason: 'interrupted' };
  if (result.timedOut) return { ok: false, reason: 'ffprobe took longer than 60 s to read it' };
  if (result.spawnError) return { ok: false, reason: `ffprobe did not start: ${result.spawnError}` };
  if (result.exitCode !== 0) return { ok: false, reason: probeFailureReason(result.stderrTail, file) };
  return parseProbeJson(result.stdout);
}
