// node bench/generator-recipes.mjs [runs=3] — what each generator recipe of the README costs: a
// generator (ffmpeg reading raw RGB frames on its stdin at real-time pace, 512×512 at 25 fps, 5 s, and
// speech from a WAV — as a Python generator feeds it) writes Matroska (MPEG-TS, fragmented MP4) into `streamprep optimize -`.
// Measured per recipe: the latency from the generator's exit (its last byte) to streamprep's verified
// output (its exit), and the generator's own CPU time; then, with `--conversation`, how long after the
// generator's first frame the chunk's first part is on the playlist (its log's first part entry).
// Recipes alternate, medians of `runs`. BENCH_CLI=<path to bin/streamprep.js> measures another build.
//   x264 defaults   -c:v libx264 -c:a aac                 (the README's recipe before this measurement)
//   zerolatency     -c:v libx264 -tune zerolatency -c:a aac
//   raw             -c:v rawvideo -pix_fmt yuv420p -c:a pcm_s16le   (the generator encodes nothing)
//   zerolatency TS / fMP4   zerolatency at -b:v 450k in MPEG-TS / fragmented MP4 (0.2-s fragments)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, machine, median, run } from './lib.mjs';
import { systemFfmpeg, locate } from './tools.mjs';

const runs = Number(process.argv[2] ?? 3);
const BENCH_CLI = process.env.BENCH_CLI ?? CLI;
let runCount = 0;
let conversation = false;
const ffmpeg = systemFfmpeg() ?? locate().ffmpeg;
const MATROSKA = ['-f', 'matroska'];
const RECIPES = {
  'x264 defaults': ['-c:v', 'libx264', '-c:a', 'aac', ...MATROSKA],
  zerolatency: ['-c:v', 'libx264', '-tune', 'zerolatency', '-c:a', 'aac', ...MATROSKA],
  raw: ['-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', ...MATROSKA],
  // The same zerolatency H.264 at ~450 kbit/s (a generator's bitrate) in the other streamable containers.
  'zerolatency TS': ['-c:v', 'libx264', '-tune', 'zerolatency', '-b:v', '450k', '-c:a', 'aac', '-f', 'mpegts'],
  'zerolatency fMP4': ['-c:v', 'libx264', '-tune', 'zerolatency', '-b:v', '450k', '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', '-f', 'mp4'],
};
const dir = await mkdtemp(path.join(os.tmpdir(), 'streamprep-bench-recipes-'));

/** CPU seconds a finished child used (user + system), from its rusage as the shell's `time` reports it. */
function timed(args, stdio) {
  return spawn('/usr/bin/time', ['-f', '%U %S', ...args], { stdio });
}

try {
  const speech = path.join(dir, 'speech.wav');
  const footage = path.join(ROOT, '..', 'shared', 'media', 'lego-560x320-30fps.mp4');
  const hasFootage = await stat(footage).then(() => true, () => false);
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=5', '-ac', '1', speech]);
  const source = hasFootage
    ? ['-stream_loop', '-1', '-re', '-i', footage, '-t', '5', '-vf', 'scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25']
    : ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=512x512:rate=25:duration=5'];

  async function once(recipe) {
    const output = path.join(dir, `${recipe.replace(/\W/g, '')}.mp4`);
    const started = performance.now(); // the feeder's first frame goes out now, at real-time pace after it
    const feeder = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', ...source, '-an', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const generator = timed([ffmpeg, '-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '512x512', '-r', '25', '-i', '-', '-i', speech,
      ...RECIPES[recipe], '-'], ['pipe', 'pipe', 'pipe']);
    // The conversation's own folder per run: its first part is the chunk's, from a fresh log.
    const talk = path.join(dir, `talk-${recipe.replace(/\W/g, '')}-${++runCount}`);
    const log = path.join(talk, 'talk.hls', '.conversation.ndjson');
    const streamprep = spawn(process.execPath, [BENCH_CLI, 'optimize', '-', '-o', conversation ? path.join(talk, 'chunk.mp4') : output, '-f', '--no-progress',
      ...(conversation ? ['--conversation', 'talk', '--last'] : [])], { stdio: ['pipe', 'ignore', 'inherit'] });
    let firstPartMs;
    const watching = conversation && (async () => {
      let closed = false;
      streamprep.on('close', () => { closed = true; });
      while (!closed && firstPartMs === undefined) {
        if ((await readFile(log, 'utf8').catch(() => '')).includes('"type":"part"')) firstPartMs = performance.now() - started;
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    feeder.stdout.pipe(generator.stdin);
    generator.stdout.pipe(streamprep.stdin);
    let cpu = '';
    generator.stderr.on('data', (chunk) => { cpu += chunk; });
    const generatorDone = new Promise((resolve) => generator.on('close', (code) => resolve({ code, at: performance.now() })));
    const streamprepDone = new Promise((resolve) => streamprep.on('close', (code) => resolve({ code, at: performance.now() })));
    // A run that has not ended 30 s after it began (5 s of media) is killed and counted as failed.
    const timeout = setTimeout(() => { for (const child of [feeder, generator, streamprep]) child.kill('SIGKILL'); }, 30_000);
    const [gen, out] = await Promise.all([generatorDone, streamprepDone, watching]);
    clearTimeout(timeout);
    const [user, sys] = cpu.trim().split('\n').at(-1).split(' ').map(Number);
    const ok = gen.code === 0 && out.code === 0 && (conversation ? firstPartMs !== undefined : await stat(output).then((info) => info.size > 0, () => false));
    return { ok, latencyMs: out.at - gen.at, generatorCpu: user + sys, firstPartMs };
  }

  const results = Object.fromEntries(Object.keys(RECIPES).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const recipe of Object.keys(RECIPES)) results[recipe].push(await once(recipe));
  conversation = true;
  const parts = Object.fromEntries(Object.keys(RECIPES).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const recipe of Object.keys(RECIPES)) parts[recipe].push(await once(recipe));
  process.stdout.write(`${machine()}\n${hasFootage ? 'real footage (shared/media)' : 'testsrc2'}, 5 s at 25 fps, 512×512; ${runs} run(s) per recipe, alternating; ffmpeg ${ffmpeg}; streamprep ${BENCH_CLI}\n\n`);
  const spread = (values) => `${median(values).toFixed(0).padStart(6)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  process.stdout.write('recipe            latency after the generator\'s last byte (median, min–max)   generator CPU (median)   failed runs\n');
  for (const [recipe, list] of Object.entries(results)) {
    const good = list.filter((result) => result.ok);
    const line = good.length ? spread(good.map((result) => result.latencyMs)) : '     – (every run failed)';
    process.stdout.write(`${recipe.padEnd(18)}${line.padEnd(57)}${good.length ? `${median(good.map((r) => r.generatorCpu)).toFixed(2)} s` : '–'}`.padEnd(98) + `${list.length - good.length}\n`);
  }
  process.stdout.write('\nwith --conversation: the first part on the playlist after the generator\'s first frame (median, min–max)   failed runs\n');
  for (const [recipe, list] of Object.entries(parts)) {
    const good = list.filter((result) => result.ok);
    process.stdout.write(`${recipe.padEnd(18)}${(good.length ? spread(good.map((result) => result.firstPartMs)) : '     – (no part in any run)').padEnd(88)}${list.length - good.length}\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
