// npm run bench:browser — time to first frame in headless Chromium, generator-style chunks raw vs
// optimized, over three link profiles. Writes docs/bench-browser.json, docs/bench-browser.html and
// docs/bench-browser.png (the HTML report's chart, for the README). Target at 1.5 Mbit/s + 150 ms:
// first frame ≥ 2× sooner (median). (Chunks played back to back: bench/conversation-playback.mjs.)
// Usage: node bench/browser-ttff.mjs [runs=1]   (needs apt-get install chromium-headless-shell)
//        node bench/browser-ttff.mjs --render     (the HTML report and image again, from docs/bench-browser.json)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT, machine, makeGeneratorChunks } from './lib.mjs';
import { locate } from './tools.mjs';

const renderOnly = process.argv[2] === '--render';
const runs = renderOnly ? 1 : Number(process.argv[2] ?? 1);
const { benchBrowser, DEFAULT_PROFILES } = await import(path.join(ROOT, 'dist', 'browser', 'bench-browser.js'));
const { formatBrowserBench, formatBrowserHtml, ttffRatio } = await import(path.join(ROOT, 'dist', 'browser', 'format-browser.js'));
const { launchChromium } = await import(path.join(ROOT, 'dist', 'browser', 'chromium.js'));
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-browser-'));
try {
  const slowest = DEFAULT_PROFILES[0].name;
  const chunks = renderOnly ? [] : await makeGeneratorChunks(locate().ffmpeg, path.join(dir, 'chunks'), 60);
  const report = renderOnly
    ? JSON.parse(await readFile(path.join(ROOT, 'docs', 'bench-browser.json'), 'utf8'))
    : await benchBrowser(chunks, {
        runs,
        onProgress: (done, total, label) => process.stderr.write(`\r${done}/${total} ${label}`.padEnd(70)),
      });
  process.stderr.write('\n');
  const docs = path.join(ROOT, 'docs');
  if (!renderOnly) await writeFile(path.join(docs, 'bench-browser.json'), `${JSON.stringify(report, null, 2)}\n`);
  const html = formatBrowserHtml(report, { cwd: dir });
  await writeFile(path.join(docs, 'bench-browser.html'), html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 860, height: 600 } });
    await page.setContent(html);
    await page.locator('section').first().screenshot({ path: path.join(docs, 'bench-browser.png') });
  } finally {
    await browser.close();
  }
  console.log(`machine: ${machine()}`);
  console.log(`chunks: ${report.files.length / report.profiles.length / 2} × 5 s 512×512 25 fps High, AAC 48 kHz stereo 192 kb/s, moov at the end (real footage)`);
  console.log(formatBrowserBench(report, { cwd: dir }));
  const { ratio } = ttffRatio(report, slowest);
  console.log(`\nat ${slowest}: first frame ${ratio?.toFixed(2)}× sooner (target ≥ 2×)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
