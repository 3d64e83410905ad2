// Chunks like the users' when none are given: 512×512, 25 fps, H.264 High at ~8 Mbit/s (a generator's
// "~5 MB per chunk"), AAC 48 kHz stereo 192 kb/s, moov at the end, 4–6 s of varied length. From real
// footage when a file is passed (looped and cropped), else from FFmpeg's synthetic sources.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../ffmpeg/run.js';
import { StreamprepError } from '../errors.js';

/** Seconds per chunk: varied like sentences, on the 25 fps grid. */
export const STAND_IN_DURATIONS = [5.2, 4.4, 6, 4.8, 5.6, 4, 5.8, 4.6, 5, 4.24, 5.4, 4.96];

/**
 * `noise`: the temporal noise added to every frame (ffmpeg's noise filter, 0–100). The default 6 keeps
 * real footage near its own detail (1.5 MB per minute once optimized with the streaming preset); 15
 * makes chunks as heavy as the users' real talking heads (10 MB per minute; theirs 8.3 — 14 gives 6.7:
 * the preset's CRF cuts off noise steeply).
 */
export async function makeStandIns(ffmpeg: string, folder: string, { count = 12, footage, noise = 6 }: { count?: number; footage?: string | undefined; noise?: number } = {}): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const seconds = STAND_IN_DURATIONS[i % STAND_IN_DURATIONS.length] as number;
    const file = path.join(folder, `chunk-${String(i + 1).padStart(3, '0')}.mp4`);
    const source = footage
      ? ['-stream_loop', '-1', '-ss', String(at % 5), '-i', footage]
      : ['-f', 'lavfi', '-i', `testsrc2=size=512x512:rate=25`, '-f', 'lavfi', '-i', `sine=frequency=${200 + 40 * i}:sample_rate=48000`];
    const result = await runTool(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...source, '-t', String(seconds),
      '-map', '0:v:0', '-map', footage ? '0:a:0' : '1:a',
      '-vf', `scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25,noise=alls=${noise}:allf=t`,
      // Constant 8 Mbit/s (filler included), as a generator writing at a fixed high rate does.
      '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-b:v', '8M', '-minrate', '8M', '-maxrate', '8M', '-bufsize', '4M',
      '-x264-params', 'nal-hrd=cbr:filler=1', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '192k', '-y', file], { timeoutMs: 600_000 });
    if (result.exitCode !== 0) throw new StreamprepError(`could not make the stand-in chunks: ${result.spawnError ?? result.stderrTail.trim().split('\n').at(-1)}`, 1);
    files.push(file);
    at += seconds;
  }
  return files;
}
