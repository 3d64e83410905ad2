// `streamprep optimize`: commander wiring over the library's optimize() and planCommands().
import path from 'node:path';
import { type Command, Option } from 'commander';
import { describeWriteError } from '../errors.js';
import type { OptimizeReport } from '../report/types.js';
import { displayPath } from '../inputs/display-path.js';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type ReportFormat, parsePositiveInt, parseReportFormat, parseThreads, reportFormatFor } from './parse-options.js';
import { createProgress } from './progress.js';
import { quoteCommand } from './quote.js';

interface OptimizeFlags {
  output: string;
  preset: string;
  concurrency?: number;
  threads?: number;
  force?: boolean;
  report?: string;
  reportFormat?: ReportFormat;
  printCommand?: boolean;
  progress: boolean;
  ffmpeg?: string;
  ffprobe?: string;
}

const EXAMPLES = `
Examples:
  $ streamprep optimize chunks/ -o out/                   every video under chunks/, in parallel
  $ streamprep optimize 'renders/**/*.mov' -o web/ -j 4   a glob, 4 jobs at a time
  $ streamprep optimize clip.mp4 -o out/ --print-command  show the ffmpeg command, run nothing
  $ streamprep optimize chunks/ -o out/ --report report.json
  $ streamprep optimize chunks/ -o out/ --report-format md >> "$GITHUB_STEP_SUMMARY"

Outputs keep the inputs' relative paths, with a .mp4 extension. Each is written under a
temporary name, verified (moov before mdat) and only then renamed into place.
Exit codes: 0 all done, 1 some input failed, 2 usage or configuration error, 130 interrupted.`;

export function registerOptimize(program: Command, { interrupt }: CliContext): void {
  program
    .command('optimize')
    .description('apply a preset to videos in parallel; verify faststart; report sizes and encode times')
    .argument('<inputs...>', 'video files, folders (searched recursively) or globs')
    .requiredOption('-o, --output <dir>', 'output folder')
    .option('-p, --preset <name|file.json>', 'built-in preset name or a preset file', 'streaming')
    .option('-j, --concurrency <n>', 'files encoded at once (default: number of CPUs)', parsePositiveInt)
    .option('--threads <n>', 'decoder and encoder threads per file, 1–64 (default: one while the cores are busy with other files, the cores shared otherwise)', parseThreads)
    .option('-f, --force', 'replace outputs that already exist (default: skip them)')
    .option('--report <file>', 'also write the report to a file (JSON, or Markdown for .md); its folder must exist, and it never replaces an input or output')
    .addOption(new Option('--report-format <format>', 'json or md; without --report, md prints Markdown instead of the table')
      .argParser(parseReportFormat))
    .option('--print-command', 'print the ffmpeg command for each input and exit without encoding')
    .option('--no-progress', 'no progress bar or per-file lines')
    .option('--ffmpeg <path>', 'ffmpeg binary to use (or FFMPEG_PATH)')
    .option('--ffprobe <path>', 'ffprobe binary to use (or FFPROBE_PATH)')
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], flags: OptimizeFlags) => {
      const common = {
        output: flags.output,
        preset: flags.preset,
        concurrency: flags.concurrency,
        threads: flags.threads,
        force: flags.force ?? false,
        ffmpegPath: flags.ffmpeg,
        ffprobePath: flags.ffprobe,
        reportFiles: flags.report ? [flags.report] : [],
      };
      // The library is loaded when the command runs, so `--help` and other commands start fast.
      const { optimize, planCommands } = await import('../optimize/optimize.js');
      if (flags.printCommand) {
        const planned = await planCommands(inputs, common);
        for (const item of planned) {
          if (item.command) process.stdout.write(`${quoteCommand(item.command)}\n`);
          else process.stderr.write(`${escapeTerminal(`${displayPath(process.cwd(), item.input)}: ${item.reason ?? 'refused'}`)}\n`);
        }
        process.exitCode = planned.every((item) => item.command) ? 0 : 1;
        return;
      }
      const progress = createProgress(process.stderr, flags.progress);
      interrupt.onInterrupt(() => progress.stop());
      let report: OptimizeReport;
      try {
        report = await optimize(inputs, {
          ...common,
          signal: interrupt.signal,
          onStart: (total) => progress.start(total),
          onFile: (file) => progress.fileDone(file),
        });
      } finally {
        progress.stop();
      }
      process.exitCode = report.totals.failed > 0 ? 1 : 0;
      await emitReport(report, flags);
    });
}

async function emitReport(report: OptimizeReport, flags: OptimizeFlags): Promise<void> {
  const { formatMarkdown } = await import('../report/markdown.js');
  const { formatTextTable } = await import('../report/text-table.js');
  const { writeFileAtomic } = await import('../files/temp-output.js');
  const markdownToStdout = !flags.report && flags.reportFormat === 'md';
  process.stdout.write(markdownToStdout ? formatMarkdown(report) : `${formatTextTable(report)}\n`);
  if (flags.report) {
    const format = reportFormatFor(flags.report, flags.reportFormat);
    try {
      await writeFileAtomic(flags.report, format === 'md' ? formatMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      // The batch is done and its outputs stay; the report is what failed: say so, and fail the run.
      process.stderr.write(`streamprep: ${escapeTerminal(`--report ${flags.report}: the report could not be written: ${describeWriteError(error, path.dirname(flags.report))}`)}\n`);
      process.exitCode = 1;
    }
  }
}
