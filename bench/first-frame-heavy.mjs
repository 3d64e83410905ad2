// The first frame with every chunk of a conversation ready, on stand-ins as heavy as the users' chunks
// (≥ 8 MB per minute once optimized — the users' real talking heads weigh 8.3; the conversation bench's
// stand-ins 1.6): streamprep/player on the conversation's CMAF chunks against the optimized two-<video>
// queue (today's front ends: progressive faststart files), and hls.js on the live playlist, at
// 1.5 Mbit/s + 150 ms and 5 Mbit/s + 50 ms (one link budget for all connections). Medians of `runs`,
// modes alternating. The target: the player's first frame no later than the queue's, at both links.
// Usage: node bench/first-frame-heavy.mjs [runs=3] [noise=15] [links=3] [modes=optimized-queue,player,hls.js]
//        (links: the first N of 1.5 Mbit/s + 150 ms, 5 Mbit/s + 50 ms, 20 Mbit/s + 20 ms; needs apt-get install chromium-headless-shell)
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, machine } from './lib.mjs';
import { locate } from './tools.mjs';

const runs = Number(process.argv[2] ?? 3);
const noise = Number(process.argv[3] ?? 15);
const links = Number(process.argv[4] ?? 3);
const modes = (process.argv[5] ?? 'optimized-queue,player,hls.js').split(',');
const dist = (file) => import(path.join(ROOT, 'dist', 'browser', file));
const { benchConversation } = await dist('conversation-bench.js');
const { formatConversationBench } = await dist('format-conversation.js');
const { makeStandIns } = await dist('stand-ins.js');
const profiles = (await dist('bench-browser.js')).DEFAULT_PROFILES.slice(0, links);
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-first-frame-'));
try {
  const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
  const chunks = await makeStandIns(locate().ffmpeg, path.join(dir, 'chunks'), { footage: existsSync(footage) ? footage : undefined, noise });
  const report = await benchConversation(chunks, {
    runs, profiles, scenarios: ['ready'], modes,
    onProgress: (done, total, label) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${done}/${total} ${label}\n`),
  });
  console.log(`machine: ${machine()}`);
  console.log(formatConversationBench(report));
  const find = (profile, mode) => report.results.find((r) => r.profile === profile && r.mode === mode);
  const queue = find(profiles[0].name, 'optimized-queue');
  // What the queue downloads with every chunk ready is every optimized chunk, once.
  console.log(`\nstand-ins: noise ${noise}; optimized ${(queue.megabytes / (report.mediaSec / 60)).toFixed(1)} MB per minute (the users': 8.3)`);
  for (const profile of profiles.map((p) => p.name)) {
    const q = find(profile, 'optimized-queue');
    const p = find(profile, 'player');
    const verdict = p.failedRuns > 0 || q.failedRuns > 0 ? 'failed runs' : p.firstFrameMs <= q.firstFrameMs ? 'no later ✓' : 'later ✗';
    console.log(`  ${profile}: player ${p.firstFrameMs?.toFixed(0)} ms, optimized queue ${q.firstFrameMs?.toFixed(0)} ms (${verdict}), hls.js ${find(profile, 'hls.js')?.firstFrameMs?.toFixed(0) ?? '—'} ms`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
