// What a conversation costs beside the batch it is made of: 48 generator chunks (5 s, 512×512, 25 fps,
// High, 48 kHz stereo, moov at the end) optimized on all cores
//   (a) streamprep optimize chunks/ -o out                       (the plain batch)
//   (b) streamprep optimize chunks/ -o out --conversation talk   (the same, and the conversation)
// alternating, medians of `runs`; the ratio is (a)'s throughput over (b)'s wall: ≥ 0.9× is the target
// (before: each chunk's audio decoded and encoded again by two more ffmpeg processes, one chunk after
// another, 1.77× the batch's time on a 16-core machine).
// Usage: node bench/conversation-throughput.mjs [runs=3] [chunks=48]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, fmt, machine, makeGeneratorChunks, median, timeCommand } from './lib.mjs';
import { systemFfmpeg } from './tools.mjs';

const runs = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 48);
const system = systemFfmpeg();
if (!system) {
  console.error('needs the system ffmpeg: apt-get install ffmpeg');
  process.exit(2);
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-conversation-throughput-'));
try {
  await makeGeneratorChunks(system, path.join(dir, 'chunks'), 5 * count);
  const out = path.join(dir, 'out');
  const contenders = [
    ['(a) optimize (batch)', [CLI, 'optimize', path.join(dir, 'chunks'), '-o', out, '--no-progress']],
    ['(b) optimize --conversation talk', [CLI, 'optimize', path.join(dir, 'chunks'), '-o', out, '--no-progress', '--conversation', 'talk']],
  ];
  const walls = new Map(contenders.map(([label]) => [label, []]));
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [label, args] of order) {
      await rm(out, { recursive: true, force: true });
      const { wall, code, stderr } = await timeCommand(process.execPath, args);
      if (code !== 0) throw new Error(`${label} exited ${code}: ${stderr.trim().split('\n').at(-1)}`);
      walls.get(label).push(wall);
    }
  }
  const [batch, conversation] = contenders.map(([label]) => median(walls.get(label)));
  console.log(`machine: ${machine()}`);
  console.log(`${count} chunks of 5 s, ${runs} runs each, alternating`);
  for (const [label] of contenders) console.log(`  ${label.padEnd(36)} median ${fmt(median(walls.get(label)))}  (${walls.get(label).map(fmt).join(', ')})`);
  console.log(`conversation throughput: ${(batch / conversation).toFixed(2)}× the batch's (target ≥ 0.9×)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
