// node bench/live.mjs [runs=3] [speeds=1,0.5] — glass to glass on 12 chunks of real footage (the
// generator chunks of lib.mjs: 5 s, 512×512, 25 fps, H.264 High, 48 kHz stereo): `streamprep bench
// browser --live` on them, over 1.5 Mbit/s + 150 ms and 5 Mbit/s + 50 ms; writes live.json beside it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, machine, makeGeneratorChunks } from './lib.mjs';
import { systemFfmpeg } from './tools.mjs';

const runs = process.argv[2] ?? '3';
const speeds = process.argv[3] ?? '1,0.5';
const system = systemFfmpeg();
if (!system) {
  console.error('needs the system ffmpeg (≥ 5, for -readrate): apt-get install ffmpeg');
  process.exit(2);
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-live-chunks-'));
try {
  await makeGeneratorChunks(system, dir, 60);
  console.log(`machine: ${machine()}`);
  const code = await new Promise((resolve) => spawn(process.execPath, [CLI, 'bench', 'browser', dir, '--live', '--runs', runs, '--speeds', speeds, '--json', path.join(ROOT, 'live.json')], { stdio: 'inherit' }).on('close', resolve));
  process.exitCode = code ?? 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
