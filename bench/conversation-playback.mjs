// npm run bench:conversation — a conversation of 12 chunks like the users' (512×512, 25 fps, H.264 High at
// ~8 Mbit/s, AAC 48 kHz stereo 192 kb/s, moov at the end, 4–6 s each; real footage, looped) played in
// headless Chromium four ways — raw chunks and optimized chunks in a two-element queue, streamprep/player,
// hls.js on the live playlist — all chunks ready and at generator pace, over 1.5 Mbit/s + 150 ms and
// 5 Mbit/s + 50 ms (one link budget for all connections). Medians of `runs` runs, modes alternating.
// Writes docs/bench-conversation.{json,html,png}.
// Usage: node bench/conversation-playback.mjs [runs=3] [link=all|0|1]   (needs apt-get install chromium-headless-shell)
//        node bench/conversation-playback.mjs --render   (the report and image again, from the JSON files)
// One link per process (link 0 or 1) lets the two links run side by side on separate emulated links;
// each writes docs/bench-conversation-<link>.json, and --render joins them.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, machine } from './lib.mjs';
import { locate } from './tools.mjs';

const renderOnly = process.argv[2] === '--render';
const runs = renderOnly ? 1 : Number(process.argv[2] ?? 3);
const only = process.argv[3] === undefined || process.argv[3] === 'all' ? undefined : Number(process.argv[3]);
const dist = (file) => import(path.join(ROOT, 'dist', 'browser', file));
const { benchConversation } = await dist('conversation-bench.js');
const { formatConversationBench, formatConversationHtml } = await dist('format-conversation.js');
const { makeStandIns } = await dist('stand-ins.js');
const { DEFAULT_PROFILES } = await dist('bench-browser.js');
const { launchChromium } = await dist('chromium.js');
const docs = path.join(ROOT, 'docs');
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-conversation-'));
try {
  const parts = [0, 1].map((link) => path.join(docs, `bench-conversation-${link}.json`));
  if (!renderOnly) {
    const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
    const chunks = await makeStandIns(locate().ffmpeg, path.join(dir, 'chunks'), { footage: existsSync(footage) ? footage : undefined });
    for (const link of only === undefined ? [0, 1] : [only]) {
      const part = await benchConversation(chunks, {
        runs, profiles: [DEFAULT_PROFILES[link]],
        onProgress: (done, total, label) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${done}/${total} ${label}\n`),
      });
      // Written link by link: a long run that is stopped still leaves what it measured.
      await writeFile(parts[link], `${JSON.stringify(part, null, 2)}\n`);
    }
  }
  const measured = [];
  for (const part of parts) if (existsSync(part)) measured.push(JSON.parse(await readFile(part, 'utf8')));
  if (measured.length === 0) throw new Error('no results to render');
  const report = { ...measured[0], profiles: measured.flatMap((m) => m.profiles), results: measured.flatMap((m) => m.results) };
  await writeFile(path.join(docs, 'bench-conversation.json'), `${JSON.stringify(report, null, 2)}\n`);
  const html = formatConversationHtml(report);
  await writeFile(path.join(docs, 'bench-conversation.html'), html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 860, height: 600 } });
    await page.setContent(html);
    await page.locator('section').first().screenshot({ path: path.join(docs, 'bench-conversation.png') });
  } finally {
    await browser.close();
  }
  console.log(`machine: ${machine()}`);
  console.log(formatConversationBench(report));
  // The targets, as measured.
  const find = (profile, scenario, mode) => report.results.find((r) => r.profile === profile && r.scenario === scenario && r.mode === mode);
  console.log('\ntargets (all chunks ready):');
  for (const profile of report.profiles.map((p) => p.name)) {
    const b = find(profile, 'ready', 'optimized-queue');
    for (const mode of ['player', 'hls.js']) {
      const r = find(profile, 'ready', mode);
      if (!r) continue;
      console.log(`  ${profile} ${mode}: p95 boundary gap ${r.p95GapMs?.toFixed(0)} ms (target ≤ 72.3), stall rate ${r.stallRatePercent?.toFixed(0)} % (target < 5), `
        + `first frame ${r.firstFrameMs?.toFixed(0)} ms vs optimized queue ${b?.firstFrameMs?.toFixed(0)} ms + RTT (target ≤ ${((b?.firstFrameMs ?? 0) + report.profiles.find((p) => p.name === profile).latencyMs).toFixed(0)}), failed runs ${r.failedRuns}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
