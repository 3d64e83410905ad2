// SSIM and PSNR of an encoded file against its source, by ffmpeg's filters.
import { buildQualityArgs } from '../ffmpeg/args.js';
import { runTool } from '../ffmpeg/run.js';
import { parsePsnr, parseSsim } from '../ffmpeg/stderr.js';

export interface Quality {
  ssim: number | undefined;
  psnr: number | undefined;
}

export async function measureQuality(
  ffmpeg: string,
  job: { output: string; source: string; width: number; height: number; fps: number | undefined },
  signal?: AbortSignal,
): Promise<Quality> {
  const result = await runTool(ffmpeg, buildQualityArgs(job), { signal, stderrTailBytes: 16 * 1024 });
  return { ssim: parseSsim(result.stderrTail), psnr: parsePsnr(result.stderrTail) };
}
