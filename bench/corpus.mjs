// Runs optimize on a corpus of other projects' MP4 test files (fetched separately; not in the repo) and
// holds it to the rule of issue 28: every input whose video FFmpeg itself decodes comes out ok,
// conforming to the streaming preset, and as long as its content (its video packets, as ffprobe reads
// them). Prints the tally: ok / refused (by cause) / not decodable by FFmpeg, and every breach.
//
//   node bench/corpus.mjs <folder>...      (the files directly in each folder)
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CLI = path.join(ROOT, 'bin', 'streamprep.js');
const ffprobe = process.env.FFPROBE_PATH ?? 'ffprobe';
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  process.stderr.write('usage: node bench/corpus.mjs <folder>...\n');
  process.exit(2);
}
const files = (await Promise.all(folders.map(async (folder) => (await readdir(folder)).map((name) => path.resolve(folder, name))))).flat().sort();

/** Frames FFmpeg decodes from the first video stream (0: none, or it fails). */
async function decodedFrames(file) {
  try {
    const { stdout } = await run(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { timeout: 60_000 });
    return Number.parseInt(stdout.trim(), 10) || 0;
  } catch {
    return 0;
  }
}

/** How long the first video stream's packets play (its content), s: a packet without a duration lasts the typical interval. */
async function videoSeconds(file) {
  const { stdout } = await run(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], { maxBuffer: 1 << 26 });
  const packets = stdout.trim().split('\n').map((line) => line.split(',').map(Number)).filter(([pts]) => Number.isFinite(pts));
  const times = packets.map(([pts]) => pts).sort((a, b) => a - b);
  const gaps = times.slice(1).map((time, i) => time - times[i]).filter((gap) => gap > 0).sort((a, b) => a - b);
  const typical = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const end = Math.max(...packets.map(([pts, duration]) => pts + (Number.isFinite(duration) && duration > 0 ? duration : typical)));
  return end - times[0];
}

const out = await mkdtemp(path.join(os.tmpdir(), 'streamprep-corpus-'));
const tally = { files: files.length, decodable: 0, ok: 0, refused: {}, notDecodable: 0 };
const breaches = [];
try {
  const decodable = new Map();
  for (const file of files) {
    const frames = await decodedFrames(file);
    decodable.set(file, frames > 0);
    if (frames > 0) tally.decodable++;
    else tally.notDecodable++;
  }
  const report = path.join(out, 'report.json');
  await run(process.execPath, [CLI, 'optimize', ...files, '-o', path.join(out, 'o'), '--no-progress', '--report', report], { maxBuffer: 1 << 26 }).catch(() => undefined);
  const { files: reports } = JSON.parse(await readFile(report, 'utf8'));
  for (const entry of reports) {
    const name = path.relative(process.cwd(), entry.input);
    if (entry.status === 'ok') tally.ok++;
    else tally.refused[entry.cause] = (tally.refused[entry.cause] ?? 0) + 1;
    if (!decodable.get(entry.input)) continue;
    // Protected content decodes, but to noise: refusing it is the rule, not a breach.
    if (entry.status !== 'ok' && entry.cause === 'encrypted') continue;
    if (entry.status !== 'ok') {
      breaches.push(`${name}: FFmpeg decodes it, streamprep refused it (${entry.cause}: ${entry.reason})`);
      continue;
    }
    const checked = await run(process.execPath, [CLI, 'check', entry.output, '--preset', 'streaming', '--json']).then(() => undefined, (error) => error.stdout);
    if (checked) breaches.push(`${name}: its output does not conform: ${JSON.parse(checked).files?.[0]?.violations?.join('; ') ?? 'check failed'}`);
    const [input, output] = await Promise.all([videoSeconds(entry.input), videoSeconds(entry.output)]);
    // One output frame, one source frame (at most 1 s), rounding: the verification's own tolerance.
    if (Math.abs(input - output) > 1 / 18 + 1 + 0.005 || Math.abs((entry.durationSec ?? 0) - input) > 1 / 18 + 0.005) {
      breaches.push(`${name}: plays ${input.toFixed(3)} s, its output ${output.toFixed(3)} s, its report says ${entry.durationSec?.toFixed(3)} s`);
    }
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(tally)}\n`);
for (const breach of breaches) process.stdout.write(`breach  ${breach}\n`);
process.exitCode = breaches.length > 0 ? 1 : 0;
