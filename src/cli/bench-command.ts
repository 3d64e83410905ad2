// `streamprep bench`: commander wiring over the library's bench().
import type { Command } from 'commander';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';
import { renderBar } from './progress.js';
import { favourSmallHeap } from './heap.js';

const NAMES = ['presets', 'runs', 'levels', 'quality', 'jsonFile', 'html', 'progress', 'ffmpeg', 'ffprobe'] as const;

export function registerBench(program: Command, context: CliContext): void {
  const { interrupt } = context;
  const command = program
    .command('bench')
    .description('measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels')
    .argument('<inputs...>', 'video files, folders or globs');
  addOptions(command, NAMES, { progress: { description: 'no progress bar or per-run lines' } });
  // `bench --runs 5 …` and `bench browser --runs 1 …` each keep their own options.
  command.enablePositionalOptions();
  registerBenchBrowser(command, context);
  command
    .addHelpText('after', `
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR
  $ streamprep bench chunks/ -j 1,2 --html bench.html     charts: throughput per preset and concurrency, size against quality

Outputs go to a temporary folder that is removed afterwards. RTF = encode time ÷ media duration.`)
    .action(async (inputs: string[], flags: Flags<(typeof NAMES)[number]>) => {
      await favourSmallHeap();
      const { bench } = await import('../bench/run-bench.js');
      const { formatBench } = await import('../bench/format-bench.js');
      const interactive = flags.progress !== false && process.stderr.isTTY === true;
      const started = performance.now();
      const { checkReportTarget } = await import('../files/report-target.js');
      for (const [label, file] of [['--json', flags.jsonFile], ['--html', flags.html]] as const) {
        if (file) await checkReportTarget(file, undefined, `${label} ${file}`);
      }
      const report = await bench(inputs, {
          presets: flags.presets,
          runs: flags.runs ?? 3,
          concurrency: flags.levels,
          quality: flags.quality ?? false,
          ffmpegPath: flags.ffmpeg,
          ffprobePath: flags.ffprobe,
          signal: interrupt.signal,
          onBatch: (event) => {
            if (flags.progress === false) return;
            const label = `${event.preset} ×${event.concurrency} ${event.warmUp ? 'warm-up' : `run ${event.run}`}: ${event.wallSec.toFixed(2)} s`;
            if (interactive) process.stderr.write(`\r\x1b[2K${renderBar(event.done, event.total, (performance.now() - started) / 1000)}  ${label}`);
            else process.stderr.write(`${label}\n`);
          },
        });
      if (interactive) process.stderr.write('\r\x1b[2K');
      if (interrupt.signal.aborted) return;
      const { writeFileAtomic } = await import('../files/temp-output.js');
      if (flags.jsonFile) await writeFileAtomic(flags.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.html) {
        const { formatBenchHtml } = await import('../bench/format-bench.js');
        await writeFileAtomic(flags.html, formatBenchHtml(report));
      }
      process.stdout.write(`${formatBench(report)}\n`);
    });
}

const BROWSER_NAMES = ['preset', 'runs', 'queue', 'live', 'speeds', 'full', 'jsonFile', 'html', 'progress', 'ffmpeg', 'ffprobe'] as const;

/** `streamprep bench browser`: time to first frame in headless Chromium, raw against optimized; with --queue, a conversation played four ways. */
export function registerBenchBrowser(bench: Command, { interrupt }: CliContext): void {
  const command = bench
    .command('browser')
    .description('time to first frame, stalls, bytes and requests in headless Chromium over slow links: each input against its optimized output, or (--queue) a conversation played four ways')
    .argument('[inputs...]', 'video files, folders or globs (with --queue: the chunks of one conversation, in name order; default: 12 stand-ins like a generator\'s)');
  addOptions(command, BROWSER_NAMES, {
    preset: { description: 'the preset the optimized outputs are made with' },
    runs: { description: 'measurements per file, variant and link (medians are reported)' },
    queue: { description: 'play the inputs as one conversation, back to back: raw and optimized chunks in a two-element queue, streamprep/player, hls.js on the live playlist; all chunks ready, and at generator pace' },
  });
  command.addHelpText('after', `
Examples:
  $ streamprep bench browser chunks/ --html ttff.html        each chunk raw vs optimized: first frame, stalls, bytes
  $ streamprep bench browser --queue --html talk.html        12 stand-in chunks (~8 Mbit/s, 512×512, 25 fps, High,
                                                            48 kHz stereo, moov at the end) as a conversation
  $ streamprep bench browser chunks/ --queue --runs 5 --json talk.json
  $ streamprep bench browser chunks/ --live --json live.json   glass to glass: the chunks written at real-time pace
                                                            (and half) into optimize - --conversation, played live

Links (one budget for all connections, by streamprep serve's throttle): 1.5 Mbit/s + 150 ms, 5 Mbit/s + 50 ms,
and 20 Mbit/s + 20 ms without --queue. With --queue: time to first frame, stall rate (chunks with a wait for
data or a boundary gap over 200 ms), stall time, the gap at each boundary from presented frames
(requestVideoFrameCallback), MB downloaded and wall time; modes alternate from run to run; a run that fails or
times out is shown as failed, never as a good number. Generator pace: chunk N appears when a real-time
generator would have finished it (plus its measured encode time, for the optimized modes). hls.js is the
dev dependency's (npm i -D hls.js); without it that mode is left out. Needs a system Chromium:
apt-get install chromium-headless-shell (or set STREAMPREP_CHROMIUM); exit 2 when there is none.`).action(async (inputs: string[], flags: Flags<(typeof BROWSER_NAMES)[number]>) => {
    const { checkReportTarget } = await import('../files/report-target.js');
    for (const [label, file] of [['--json', flags.jsonFile], ['--html', flags.html]] as const) {
      if (file) await checkReportTarget(file, undefined, `${label} ${file}`);
    }
    const { UsageError } = await import('../errors.js');
    if (!flags.queue && !flags.live && inputs.length === 0) throw new UsageError('bench browser needs inputs (or --queue / --live, which make stand-in chunks)');
    const interactive = flags.progress !== false && process.stderr.isTTY === true;
    const started = performance.now();
    const onProgress = (done: number, total: number, label: string): void => {
      if (flags.progress === false) return;
      if (interactive) process.stderr.write(`\r\x1b[2K${renderBar(done, total, (performance.now() - started) / 1000)}  ${label}`);
      else process.stderr.write(`${label}\n`);
    };
    const { writeFileAtomic } = await import('../files/temp-output.js');
    if (flags.live) {
      const { benchLiveCommand } = await import('../browser/live-command.js');
      const speeds = String(flags.speeds ?? '1,0.5').split(',').map(Number);
      if (speeds.some((speed) => !(speed >= 0.1 && speed <= 4))) throw new UsageError(`--speeds takes numbers from 0.1 to 4, comma-separated (got ${flags.speeds})`);
      const { text, json } = await benchLiveCommand(inputs, { runs: flags.runs ?? 3, speeds, ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe, signal: interrupt.signal, onProgress });
      if (interactive) process.stderr.write('\r\x1b[2K');
      if (flags.jsonFile) await writeFileAtomic(flags.jsonFile, json);
      process.stdout.write(`${text}\n`);
      return;
    }
    if (flags.queue) {
      const { benchConversationCommand } = await import('../browser/conversation-command.js');
      const { text, json, html } = await benchConversationCommand(inputs, { preset: flags.preset, runs: flags.runs ?? 3, ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe, signal: interrupt.signal, onProgress });
      if (interactive) process.stderr.write('\r\x1b[2K');
      if (flags.jsonFile) await writeFileAtomic(flags.jsonFile, json);
      if (flags.html) await writeFileAtomic(flags.html, html);
      process.stdout.write(`${text}\n`);
      return;
    }
    const { benchBrowser } = await import('../browser/bench-browser.js');
    const { formatBrowserBench, formatBrowserHtml } = await import('../browser/format-browser.js');
    const report = await benchBrowser(inputs, {
      preset: flags.preset, runs: flags.runs ?? 3, full: flags.full ?? false,
      ffmpegPath: flags.ffmpeg, ffprobePath: flags.ffprobe, signal: interrupt.signal, onProgress,
    });
    if (interactive) process.stderr.write('\r\x1b[2K');
    if (flags.jsonFile) await writeFileAtomic(flags.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    if (flags.html) await writeFileAtomic(flags.html, formatBrowserHtml(report));
    process.stdout.write(`${formatBrowserBench(report)}\n`);
  });
}
