// `streamprep bench`: commander wiring over the library's bench().
import type { Command } from 'commander';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';
import { renderBar } from './progress.js';
import { favourSmallHeap } from './heap.js';

const NAMES = ['presets', 'runs', 'levels', 'quality', 'jsonFile', 'progress', 'ffmpeg', 'ffprobe'] as const;

export function registerBench(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('bench')
    .description('measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels')
    .argument('<inputs...>', 'video files, folders or globs');
  addOptions(command, NAMES, { progress: { description: 'no progress bar or per-run lines' } });
  command
    .addHelpText('after', `
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR

Outputs go to a temporary folder that is removed afterwards. RTF = encode time ÷ media duration.`)
    .action(async (inputs: string[], flags: Flags<(typeof NAMES)[number]>) => {
      await favourSmallHeap();
      const { bench } = await import('../bench/run-bench.js');
      const { formatBench } = await import('../bench/format-bench.js');
      const interactive = flags.progress !== false && process.stderr.isTTY === true;
      const started = performance.now();
      if (flags.jsonFile) {
        const { checkReportTarget } = await import('../files/report-target.js');
        await checkReportTarget(flags.jsonFile, undefined, `--json ${flags.jsonFile}`);
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
      if (flags.jsonFile) {
        const { writeFileAtomic } = await import('../files/temp-output.js');
        await writeFileAtomic(flags.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
      }
      process.stdout.write(`${formatBench(report)}\n`);
    });
}
