// `bench browser --live`: the live bench over the two slow links, on the given chunks or on stand-ins
// made for the run (and removed after it). The generator is the system's ffmpeg (it needs -readrate).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveToolchain } from '../binaries/toolchain.js';
import { UsageError } from '../errors.js';
import { expandInputs } from '../inputs/expand.js';
import { inputLength } from '../pipeline/prepare-job.js';
import { loadPreset } from '../presets/load.js';
import { DEFAULT_PROFILES } from './bench-browser.js';
import { benchLive, formatLiveBench } from './live-bench.js';
import { makeStandIns } from './stand-ins.js';

export interface LiveCommandOptions {
  runs: number;
  speeds: number[];
  ffmpeg?: string | undefined;
  ffprobe?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number, label: string) => void;
}

export async function benchLiveCommand(inputs: readonly string[], options: LiveCommandOptions): Promise<{ text: string; json: string }> {
  const toolchain = await resolveToolchain({ ffmpeg: options.ffmpeg, ffprobe: options.ffprobe }, ['libx264', 'aac']);
  if ((toolchain.ffmpeg.libavformatMajor ?? 0) < 59) throw new UsageError(`the live bench's generator needs ffmpeg ≥ 5 (-readrate); ${toolchain.ffmpeg.path} is older: apt-get install ffmpeg, or --ffmpeg`);
  const scratch = inputs.length === 0 ? await mkdtemp(path.join(os.tmpdir(), 'streamprep-stand-ins-')) : undefined;
  try {
    let chunks = [...inputs];
    if (scratch) {
      options.onProgress?.(0, 1, 'making 12 stand-in chunks');
      chunks = await makeStandIns(toolchain.ffmpeg.path, scratch);
    } else {
      const natural = new Intl.Collator('en', { numeric: true });
      chunks = (await expandInputs(inputs, { cwd: process.cwd() })).files.map((file) => file.path).sort((a, b) => natural.compare(a, b));
    }
    const preset = await loadPreset(undefined);
    const durations = await Promise.all(chunks.map(async (chunk) => {
      const seconds = await inputLength(chunk, { toolchain, preset });
      if (seconds === undefined) throw new UsageError(`${chunk}: its duration could not be read`);
      return seconds;
    }));
    const report = await benchLive({
      chunks, durations, ffmpegPath: toolchain.ffmpeg.path, runs: options.runs, profiles: DEFAULT_PROFILES.slice(0, 2), speeds: options.speeds,
      ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { text: formatLiveBench(report), json: `${JSON.stringify(report, null, 2)}\n` };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
