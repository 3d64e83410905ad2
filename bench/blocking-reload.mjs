// node bench/blocking-reload.mjs [rounds=30] — how soon a blocked LL-HLS playlist request (_HLS_msn=N)
// is answered after the conversation writer renames a playlist holding segment N into place, through
// `streamprep serve`'s server on 127.0.0.1 (target: ≤ 50 ms). Contender: a client polling every
// second (hls.js's reload interval for a live playlist without blocking reload is about the target duration).
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, machine } from './lib.mjs';

const rounds = Number(process.argv[2] ?? 30);
const { startServer } = await import(path.join(ROOT, 'dist', 'serve', 'server.js'));
const { formatPlaylist } = await import(path.join(ROOT, 'dist', 'conversation', 'playlist.js'));
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-ll-hls-'));
const entry = (i) => ({ uri: `${String(i).padStart(4, '0')}.mp4`, durationSec: 5, initBytes: 1000, segmentBytes: 100_000, discontinuity: false });
const playlist = path.join(dir, 'talk.hls', 'playlist.m3u8');
const publish = async (count) => {
  await writeFile(`${playlist}.tmp`, formatPlaylist(Array.from({ length: count }, (_, i) => entry(i + 1)), false));
  await rename(`${playlist}.tmp`, playlist);
};
try {
  await mkdir(path.dirname(playlist));
  await publish(1);
  const server = await startServer({ root: dir });
  const delays = [];
  for (let n = 1; n <= rounds; n++) {
    const answered = fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=${n}`).then(async (response) => { await response.text(); return performance.now(); });
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    const renamed = performance.now();
    await publish(n + 1);
    delays.push((await answered) - renamed);
  }
  await server.close();
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  console.log(`machine: ${machine()}`);
  console.log(`blocking reload, ${rounds} chunks: answered after the rename in median ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (target ≤ 50 ms)`);
  console.log(`a client polling every 1 s learns of a chunk after 500 ms on average (uniform wait), 1000 ms at worst`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
