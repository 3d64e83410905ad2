// `streamprep bench`: commander wiring over the library's bench().
import { type Command, InvalidArgumentError } from 'commander';
import { writeFileAtomic } from '../files/temp-output.js';
import type { CliContext } from './main.js';
import { parsePositiveInt } from './parse-options.js';
import { renderBar } from './progress.js';

export function parseLevels(value: string): number[] {
  const levels = value.split(',').map((part) => part.trim());
  if (levels.some((level) => !/^\d+$/.test(level) || Number(level) < 1)) {
    throw new InvalidArgumentError(`expected whole numbers ≥ 1 separated by commas, got "${value}"`);
  }
  return [...new Set(levels.map(Number))];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface BenchFlags {
  preset?: string[];
  runs: number;
  concurrency?: number[];
  json?: string;
  quality?: boolean;
  progress: boolean;
  ffmpeg?: string;
  ffprobe?: string;
}

export function registerBench(program: Command, { interrupt }: CliContext): void {
  program
    .command('bench')
    .description('measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels')
    .argument('<inputs...>', 'video files, folders or globs')
    .option('-p, --preset <name|file.json>', 'a preset to measure; repeat to compare presets side by side', collect)
    .option('-r, --runs <n>', 'measured runs after one warm-up', parsePositiveInt, 3)
    .option('-j, --concurrency <levels>', 'concurrency levels to sweep, e.g. 1,2,4 (default: number of CPUs)', parseLevels)
    .option('--quality', 'also measure SSIM and PSNR of each output against its source')
    .option('--json <file>', 'also write the results as JSON')
    .option('--no-progress', 'no progress bar or per-run lines')
    .option('--ffmpeg <path>', 'ffmpeg binary to use (or FFMPEG_PATH)')
    .option('--ffprobe <path>', 'ffprobe binary to use (or FFPROBE_PATH)')
    .addHelpText('after', `
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR

Outputs go to a temporary folder that is removed afterwards. RTF = encode time ÷ media duration.`)
    .action(async (inputs: string[], flags: BenchFlags) => {
      const { bench } = await import('../bench/run-bench.js');
      const { formatBench } = await import('../bench/format-bench.js');
      const interactive = flags.progress && process.stderr.isTTY === true;
      const started = performance.now();
      if (flags.json) {
        const { checkReportTarget } = await import('../files/report-target.js');
        await checkReportTarget(flags.json, undefined, `--json ${flags.json}`);
      }
      const report = await bench(inputs, {
          presets: flags.preset,
          runs: flags.runs,
          concurrency: flags.concurrency,
          quality: flags.quality ?? false,
          ffmpegPath: flags.ffmpeg,
          ffprobePath: flags.ffprobe,
          signal: interrupt.signal,
          onBatch: (event) => {
            if (!flags.progress) return;
            const label = `${event.preset} ×${event.concurrency} ${event.warmUp ? 'warm-up' : `run ${event.run}`}: ${event.wallSec.toFixed(2)} s`;
            if (interactive) process.stderr.write(`\r\x1b[2K${renderBar(event.done, event.total, (performance.now() - started) / 1000)}  ${label}`);
            else process.stderr.write(`${label}\n`);
          },
        });
      if (interactive) process.stderr.write('\r\x1b[2K');
      if (interrupt.signal.aborted) return;
      if (flags.json) await writeFileAtomic(flags.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`${formatBench(report)}\n`);
    });
}
