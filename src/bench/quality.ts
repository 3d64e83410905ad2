// SSIM and PSNR of an encoded file against what its encoder was given: the source run through the same
// plan — filters and frame selection under the rate cap — into a lossless reference, then compared frame
// for frame. Resampling the source on its own (fps=18) would pick other frames than `-r 18` under
// variable-rate sync does, and score the selection, not the encode.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Toolchain } from '../binaries/toolchain.js';
import { buildQualityArgs, buildReferenceArgs } from '../ffmpeg/args.js';
import { runTool } from '../ffmpeg/run.js';
import { parsePsnr, parseSsim } from '../ffmpeg/stderr.js';
import { prepareInput } from '../pipeline/prepare-job.js';
import type { Preset } from '../presets/preset.js';

export interface Quality {
  ssim: number | undefined;
  psnr: number | undefined;
}

/** SSIM and PSNR of `output` against `reference` (same size and frames), by ffmpeg's filters. */
export async function compareFrames(ffmpeg: string, output: string, reference: string, signal?: AbortSignal): Promise<Quality> {
  const result = await runTool(ffmpeg, buildQualityArgs({ output, reference }), { signal, stderrTailBytes: 16 * 1024 });
  return { ssim: parseSsim(result.stderrTail), psnr: parsePsnr(result.stderrTail) };
}

export interface QualityJob {
  toolchain: Toolchain;
  preset: Preset;
  /** Absolute paths. */
  source: string;
  output: string;
  /** Where the lossless reference is written (and removed again). */
  workDir: string;
  signal?: AbortSignal | undefined;
}

export async function measureQuality(job: QualityJob): Promise<Quality> {
  const prepared = await prepareInput(job.source, { toolchain: job.toolchain, preset: job.preset, signal: job.signal });
  if (!prepared.ok) return { ssim: undefined, psnr: undefined };
  const reference = path.join(job.workDir, `${path.basename(job.output)}.reference.nut`);
  try {
    const made = await runTool(job.toolchain.ffmpeg.path, buildReferenceArgs({
      input: job.source, output: reference, preset: job.preset, plan: prepared.plan, libavformatMajor: job.toolchain.ffmpeg.libavformatMajor,
    }), { signal: job.signal });
    if (made.exitCode !== 0) return { ssim: undefined, psnr: undefined };
    return await compareFrames(job.toolchain.ffmpeg.path, job.output, reference, job.signal);
  } finally {
    await rm(reference, { force: true });
  }
}
