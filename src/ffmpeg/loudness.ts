// Measures a file's loudness (EBU R128, by ffmpeg's loudnorm in its measuring pass): the input's before
// it is normalised, the output's to report what came out. One decode of the audio, no output written.
import { type LoudnessMeasure, buildLoudnessMeasureArgs } from './args.js';
import { runTool } from './run.js';
import { parseLoudnorm } from './stderr.js';

/** `as`: measure as the output will carry it (its rate and channels; an input); undefined: as it is (an output). */
export async function measureLoudness(
  ffmpeg: string, file: string, audioStreamIndex: number, target: { integratedLufs: number; truePeakDbtp: number }, signal?: AbortSignal,
  as?: { sampleRate: number; channels: number },
): Promise<LoudnessMeasure | undefined> {
  const result = await runTool(ffmpeg, buildLoudnessMeasureArgs(file, audioStreamIndex, target, as), { signal, timeoutMs: 120_000, stderrTailBytes: 8 * 1024 });
  return result.exitCode === 0 ? parseLoudnorm(result.stderrTail) : undefined;
}
