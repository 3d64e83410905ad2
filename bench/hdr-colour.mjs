// HDR → SDR with known answers: the HLG and PQ fixtures were made from fixtures/sdr-reference-bt709.mp4,
// so the right output is known. streamprep's output against the naive conversion (the old behaviour:
// 8-bit 4:2:0 with no colour conversion) and against the targets: saturation within 20 % of the
// original's, SSIM ≥ 0.90 at the output's size and rate, tags BT.709. Usage: node bench/hdr-colour.mjs
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, machine, run } from './lib.mjs';
import { locate } from './tools.mjs';

const { ffmpeg } = locate();
const fixtures = path.join(ROOT, 'fixtures');
const reference = path.join(fixtures, 'sdr-reference-bt709.mp4');
const saturation = async (file, prefix = '') => {
  const { stdout } = await run(ffmpeg, ['-hide_banner', '-v', 'error', '-i', file, '-vf', `${prefix}signalstats,metadata=print:key=lavfi.signalstats.SATAVG:file=-`, '-f', 'null', '-']);
  const values = [...stdout.matchAll(/SATAVG=([\d.]+)/g)].map((m) => Number(m[1]));
  return values.reduce((a, b) => a + b, 0) / values.length;
};
const ssim = async (file, prefix) => {
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-i', file, '-i', reference, '-lavfi', `[1:v]${prefix}format=yuv420p[r];[0:v]format=yuv420p[m];[m][r]ssim`, '-f', 'null', '-']);
  return Number(/All:([\d.]+)/.exec(stderr)?.[1]);
};
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-hdr-'));
try {
  console.log(`machine: ${machine()}; ffmpeg ${ffmpeg}`);
  for (const kind of ['hlg', 'pq']) {
    const input = path.join(fixtures, `phone-${kind}-hevc-10bit.mp4`);
    await run(process.execPath, [CLI, 'optimize', input, '-o', dir, '--force', '--no-progress']);
    const output = path.join(dir, path.basename(input));
    const naive = path.join(dir, `naive-${kind}.mp4`);
    await run(ffmpeg, ['-hide_banner', '-v', 'error', '-y', '-i', input, '-vf', 'format=yuv420p', '-r', '18', '-c:v', 'libx264', '-preset', 'veryfast',
      '-profile:v', 'baseline', '-level', '3.0', '-crf', '28', naive]);
    const prefix = 'fps=18,scale=320:180,';
    const original = await saturation(reference, prefix);
    const tags = (await run(process.execPath, [CLI, 'inspect', output, '--json'])).stdout;
    const colour = JSON.parse(tags).tracks.find((t) => t.kind === 'video').colour;
    for (const [label, file] of [['streamprep', output], ['naive (no conversion)', naive]]) {
      const sat = await saturation(file);
      console.log(`${kind.toUpperCase()} ${label.padEnd(22)} saturation ${sat.toFixed(1)} vs original ${original.toFixed(1)} (${(((sat - original) / original) * 100).toFixed(1)} %, target within ±20 %)`
        + `  SSIM ${(await ssim(file, prefix)).toFixed(3)} (target ≥ 0.90)`);
    }
    console.log(`${kind.toUpperCase()} streamprep tags: ${colour.primaries}/${colour.transfer}/${colour.matrix} ${colour.range}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
