// node bench/stream-latency.mjs [runs=5] — latency after the generator's last byte. A simulated generator
// writes a realistic 5-s chunk (512×512, 25 fps, H.264 High ~8 Mbit/s, AAC 48 kHz stereo; Matroska, as an
// ffmpeg/imageio pipe writes it) at real-time pace — one frame's bytes every 40 ms — either into
// `streamprep optimize -` (encoding while it arrives) or into a file that `streamprep optimize` takes
// once complete (today's path). Then into a watched folder: ffmpeg itself, at real-time pace (-re, one
// frame every 40 ms), writes the chunk in place as Matroska with small clusters; one `streamprep watch`
// follows it as it grows, another (--no-follow: today's path) waits for it to be complete. Measured: the
// verified output's existence after the last byte (medians; the paths alternate; for the watched folder,
// from the file's last modification to the output's rename, both on the wall clock). Target: ≤ 100 ms.
// Also SSIM between each pair of outputs (≥ 0.99) and their sizes (± 2 %).
import { spawn } from 'node:child_process';
import { watch as watchFolder } from 'node:fs';
import { mkdir, open, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, machine, median, run } from './lib.mjs';
import { locate } from './tools.mjs';

const runs = Number(process.argv[2] ?? 5);
const { ffmpeg } = locate();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-stream-'));
try {
  const source = path.join(dir, 'chunk.mkv');
  const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
  const hasFootage = await stat(footage).then(() => true, () => false);
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', ...(hasFootage ? ['-stream_loop', '-1', '-i', footage] : ['-f', 'lavfi', '-i', 'testsrc2=size=512x512:rate=25', '-f', 'lavfi', '-i', 'sine=sample_rate=48000']),
    '-t', '5', '-vf', 'scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25', '-c:v', 'libx264', '-profile:v', 'high', '-b:v', '8M', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', '192k', '-f', 'matroska', source]);
  const bytes = await readFile(source);
  const pieces = 125; // one per frame at 25 fps: a piece every 40 ms
  const piece = (i) => bytes.subarray(Math.floor((i * bytes.length) / pieces), Math.floor(((i + 1) * bytes.length) / pieces));

  async function viaStdin(output) {
    const child = spawn(process.execPath, [CLI, 'optimize', '-', '-o', output, '--no-progress', '-f'], { stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < pieces; i++) {
      await new Promise((resolve) => child.stdin.write(piece(i), resolve));
      if (i < pieces - 1) await sleep(40);
    }
    const last = performance.now();
    child.stdin.end();
    const code = await exited;
    return { ms: performance.now() - last, code };
  }

  async function viaFile(output) {
    const file = path.join(dir, 'written.mkv');
    const handle = await open(file, 'w');
    for (let i = 0; i < pieces; i++) {
      await handle.write(piece(i));
      if (i < pieces - 1) await sleep(40);
    }
    await handle.close();
    const last = performance.now();
    const result = await run(process.execPath, [CLI, 'optimize', file, '-o', path.dirname(output), '--no-progress', '-f']).then(() => 0, (error) => error.code ?? 1);
    return { ms: performance.now() - last, code: result };
  }

  const streamed = [];
  const filed = [];
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['stdin', 'file'] : ['file', 'stdin'];
    for (const which of order) {
      const result = which === 'stdin' ? await viaStdin(path.join(dir, 'stdin', 'written.mp4')) : await viaFile(path.join(dir, 'file', 'written.mp4'));
      if (result.code !== 0) throw new Error(`${which} run ${r + 1} failed (exit ${result.code}): not counted as a good number`);
      (which === 'stdin' ? streamed : filed).push(result.ms);
    }
  }
  // The watched folder: two watch processes, one following (the default), one waiting (--no-follow).
  const watchers = {};
  for (const mode of ['follow', 'no-follow']) {
    const inbox = path.join(dir, `in-${mode}`);
    const out = path.join(dir, `out-${mode}`);
    await mkdir(inbox);
    await mkdir(out);
    const child = spawn(process.execPath, [CLI, 'watch', inbox, '-o', out, '--json', ...(mode === 'no-follow' ? ['--no-follow'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    const events = [];
    let pending = '';
    child.stdout.on('data', (data) => {
      pending += data;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    });
    // The output's appearance (its rename into place), on the wall clock, as it happens.
    const appeared = new Map();
    const folderWatch = watchFolder(out, (_type, name) => {
      if (name?.endsWith('.mp4') && !name.includes('streamprep') && !appeared.has(name)) stat(path.join(out, name)).then(() => appeared.has(name) || appeared.set(name, Date.now()), () => undefined);
    });
    watchers[mode] = { child, events, inbox, out, appeared, folderWatch };
  }
  for (const { events } of Object.values(watchers)) {
    for (let waited = 0; !events.some((event) => event.type === 'watching'); waited++) {
      if (waited > 600) throw new Error('watch did not start');
      await sleep(50);
    }
  }
  async function viaWatch(mode, name) {
    const watcher = watchers[mode];
    const file = path.join(watcher.inbox, `${name}.mkv`);
    const code = await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-re', '-i', source, '-c', 'copy', '-flush_packets', '1', '-cluster_time_limit', '200', '-f', 'matroska', file]).then(() => 0, (error) => error.code ?? 1);
    const lastWrite = (await stat(file)).mtimeMs;
    for (let waited = 0; !watcher.appeared.has(`${name}.mp4`); waited++) {
      const failed = watcher.events.find((event) => event.input === file && (event.type === 'failed' || event.type === 'skipped'));
      if (failed) return { code: `${failed.type}: ${failed.reason}` };
      if (waited > 1200) return { code: 'timed out after 60 s' };
      await sleep(50);
    }
    const followed = watcher.events.some((event) => event.type === 'queued' && event.input === file && event.following);
    return { ms: watcher.appeared.get(`${name}.mp4`) - lastWrite, code, followed };
  }
  const watched = { follow: [], 'no-follow': [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of r % 2 === 0 ? ['follow', 'no-follow'] : ['no-follow', 'follow']) {
      const result = await viaWatch(mode, `chunk-${r}`);
      if (result.code !== 0) throw new Error(`watch (${mode}) run ${r + 1} failed (${result.code}): not counted as a good number`);
      if (result.followed !== (mode === 'follow')) throw new Error(`watch (${mode}) run ${r + 1}: followed=${result.followed}, not what this mode measures`);
      watched[mode].push(result.ms);
    }
  }
  for (const { child, folderWatch } of Object.values(watchers)) {
    folderWatch.close();
    child.kill('SIGTERM');
  }
  const watchSsim = (await run(ffmpeg, ['-hide_banner', '-i', path.join(watchers.follow.out, 'chunk-0.mp4'), '-i', path.join(watchers['no-follow'].out, 'chunk-0.mp4'), '-lavfi', 'ssim', '-f', 'null', '-'])).stderr.match(/All:([\d.]+)/)?.[1];
  const [wa, wb] = await Promise.all([stat(path.join(watchers.follow.out, 'chunk-0.mp4')), stat(path.join(watchers['no-follow'].out, 'chunk-0.mp4'))]);

  const ssim = (await run(ffmpeg, ['-hide_banner', '-i', path.join(dir, 'stdin', 'written.mp4'), '-i', path.join(dir, 'file', 'written.mp4'), '-lavfi', 'ssim', '-f', 'null', '-'])).stderr.match(/All:([\d.]+)/)?.[1];
  const [a, b] = await Promise.all([stat(path.join(dir, 'stdin', 'written.mp4')), stat(path.join(dir, 'file', 'written.mp4'))]);
  console.log(`machine: ${machine()}`);
  console.log(`a 5-s 512×512 chunk (${(bytes.length / 1e6).toFixed(1)} MB Matroska, ${hasFootage ? 'real footage' : 'synthetic'}) written at 25 frames/s, ${runs} runs each, alternating:`);
  console.log(`  optimize - (encoding while it arrives): verified output ${median(streamed).toFixed(0)} ms after the last byte (runs: ${streamed.map((v) => v.toFixed(0)).join(', ')}) — target ≤ 100 ms`);
  console.log(`  file complete, then optimize:           ${median(filed).toFixed(0)} ms (runs: ${filed.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`  outputs: SSIM ${ssim} between them; sizes ${(a.size / 1e3).toFixed(1)} kB vs ${(b.size / 1e3).toFixed(1)} kB (${(((a.size - b.size) / b.size) * 100).toFixed(1)} %)`);
  console.log(`the same chunk written in place by ffmpeg -re (Matroska, -cluster_time_limit 200 -flush_packets 1) into a watched folder, ${runs} runs each, alternating:`);
  console.log(`  watch (following the file as it grows): verified output ${median(watched.follow).toFixed(0)} ms after the file's last write (runs: ${watched.follow.map((v) => v.toFixed(0)).join(', ')}) — target ≤ 100 ms`);
  console.log(`  watch --no-follow (complete, then encoded): ${median(watched['no-follow']).toFixed(0)} ms (runs: ${watched['no-follow'].map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`  outputs: SSIM ${watchSsim} between them; sizes ${(wa.size / 1e3).toFixed(1)} kB vs ${(wb.size / 1e3).toFixed(1)} kB (${(((wa.size - wb.size) / wb.size) * 100).toFixed(1)} %)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
