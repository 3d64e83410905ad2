// node bench/part-duration.mjs [runs=1] [parts=0.2,0.333,0.5] [modes=player-parts,hls.js-parts] — the
// LL-HLS part duration as a measured choice: the live bench (12 chunks of real footage written at
// real-time pace into `streamprep optimize - --conversation talk --part-sec <s>`, played over 1.5 Mbit/s
// + 150 ms and 5 Mbit/s + 50 ms) once per part duration, part durations alternating run by run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchLive, formatLiveBench } from '../dist/browser/live-bench.js';
import { DEFAULT_PROFILES } from '../dist/browser/bench-browser.js';
import { machine, makeGeneratorChunks } from './lib.mjs';
import { systemFfmpeg } from './tools.mjs';

const runs = Number(process.argv[2] ?? 1);
const parts = (process.argv[3] ?? '0.2,0.333,0.5').split(',').map(Number);
const modes = (process.argv[4] ?? 'player-parts,hls.js-parts').split(',');
const system = systemFfmpeg();
if (!system) {
  console.error('needs the system ffmpeg (≥ 5, for -readrate): apt-get install ffmpeg');
  process.exit(2);
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-parts-'));
try {
  await makeGeneratorChunks(system, dir, 60);
  const { readdir } = await import('node:fs/promises');
  const chunks = (await readdir(dir)).filter((name) => name.endsWith('.mp4')).sort().map((name) => path.join(dir, name));
  console.log(`machine: ${machine()}`);
  const tables = new Map();
  for (let run = 0; run < runs; run++) {
    for (const partSec of run % 2 === 0 ? parts : [...parts].reverse()) {
      const report = await benchLive({ chunks, durations: chunks.map(() => 5), ffmpegPath: system, runs: 1, profiles: DEFAULT_PROFILES.slice(0, 2), speeds: [1], modes, partSec });
      tables.set(partSec, [...(tables.get(partSec) ?? []), report]);
      console.error(`part ${partSec} s, run ${run + 1}: done`);
    }
  }
  for (const partSec of parts) {
    for (const report of tables.get(partSec)) {
      console.log(`\nparts of ${partSec} s:`);
      console.log(formatLiveBench(report).split('\n').slice(2).join('\n'));
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
