// `streamprep optimize`: commander wiring over the library's optimize() and planCommands().
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, describeWriteError } from '../errors.js';
import type { OptimizeReport } from '../report/types.js';
import { displayPath } from '../inputs/display-path.js';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions, encodeOptions } from './options.js';
import { reportFormatFor } from './parse-options.js';
import { createProgress } from './progress.js';
import { quoteCommand } from './quote.js';
import { favourSmallHeap } from './heap.js';

const NAMES = [
  'output', 'preset', 'concurrency', 'threads', 'force', 'reencode', 'keepSmaller', 'conversation', 'last', 'parts', 'partSec', 'inputFormat', 'stallTimeout', 'report', 'reportFormat', 'printCommand', 'progress', 'ffmpeg', 'ffprobe',
] as const;
type OptimizeFlags = Flags<(typeof NAMES)[number]>;

const EXAMPLES = `
Examples:
  $ streamprep optimize chunks/ -o out/                   every video under chunks/, in parallel
  $ streamprep optimize 'renders/**/*.mov' -o web/ -j 4   a glob, 4 jobs at a time
  $ streamprep optimize clip.mp4 -o out/ --print-command  show the ffmpeg command, run nothing
  $ streamprep optimize chunks/ -o out/ --report report.json
  $ streamprep optimize chunks/ -o out/ --report-format md >> "$GITHUB_STEP_SUMMARY"
  $ streamprep optimize chunks/ -o out/ --conversation talk   out/talk.hls/playlist.m3u8 too
  $ generator | streamprep optimize - -o out/chunk.mp4   encode while the generator writes (MKV, MPEG-TS,
                                                         fragmented MP4, Y4M; a plain MP4 is read whole first)
  $ generator | streamprep optimize - -o out/0003.mp4 --conversation talk
                                 the next chunk of out/talk.hls/, published in parts while it is written
                                 (--last with the conversation's last chunk)

Outputs keep the inputs' relative paths, with a .mp4 extension. Each is written under a
temporary name, verified (moov before mdat) and only then renamed into place.
Exit codes: 0 all done, 1 some input failed, 2 usage or configuration error, 130 after Ctrl-C
(143 after SIGTERM, 129 after SIGHUP).`;

export function registerOptimize(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('optimize')
    .description('apply a preset to videos in parallel; verify faststart; report sizes and encode times')
    .argument('<inputs...>', 'video files, folders (searched recursively) or globs; - reads one video from stdin as it is written (-o then names the output file)');
  addOptions(command, NAMES, { output: { required: true } });
  command
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], flags: OptimizeFlags) => {
      const common = {
        output: flags.output as string,
        ...encodeOptions(flags),
        reportFiles: flags.report ? [flags.report] : [],
        ...(flags.conversation === undefined ? {} : { conversation: flags.conversation }),
      };
      await favourSmallHeap();
      // The library is loaded when the command runs, so `--help` and other commands start fast.
      const { optimize, optimizeStream, planCommands } = await import('../optimize/optimize.js');
      if (inputs.length === 1 && inputs[0] === '-') {
        if (flags.printCommand) throw new UsageError('- (stdin) does not take --print-command');
        if (process.stdin.isTTY) throw new UsageError('- reads a video from stdin, which is a terminal here: pipe the generator into it (generator | streamprep optimize - -o out/chunk.mp4)');
        const report = await optimizeStream(process.stdin, { ...common, format: flags.inputFormat, stallTimeoutSec: flags.stallTimeout, last: flags.last, parts: flags.parts, partSec: flags.partSec, signal: interrupt.signal });
        process.exitCode = report.totals.failed > 0 ? 1 : 0;
        await emitReport(report, flags);
        return;
      }
      if (inputs.includes('-')) throw new UsageError('- (stdin) is the only input when it is given');
      if (flags.last || flags.parts === false || flags.partSec !== undefined) throw new UsageError('--last, --no-parts and --part-sec go with - (stdin) and --conversation');
      if (flags.printCommand) {
        const planned = await planCommands(inputs, common);
        for (const item of planned) {
          if (item.relocate) process.stdout.write(`${escapeTerminal(`# conforms to the preset, moov moved to the front, not re-encoded (--reencode runs the next line): ${displayPath(process.cwd(), item.input)}`)}\n`);
          if (item.command) process.stdout.write(`${quoteCommand(item.command)}\n`);
          else process.stderr.write(`${escapeTerminal(`refused  ${displayPath(process.cwd(), item.input)}: ${item.reason ?? 'refused'}`)}\n`);
        }
        process.exitCode = planned.every((item) => item.command) ? 0 : 1;
        return;
      }
      const progress = createProgress(process.stderr, flags.progress ?? true);
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

/** Columns to fit the table to: the terminal's, or $COLUMNS; none for a pipe or a file. */
function tableWidth(): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : undefined;
}

/** The table (or Markdown/HTML) on stdout, and the --report file: optimize's and enqueue --wait's alike. */
export async function emitReport(report: OptimizeReport, flags: Pick<OptimizeFlags, 'report' | 'reportFormat'>): Promise<void> {
  const { formatMarkdown } = await import('../report/markdown.js');
  const { formatTextTable } = await import('../report/text-table.js');
  const { writeFileAtomic } = await import('../files/temp-output.js');
  if (!flags.report && flags.reportFormat === 'html') {
    const { formatOptimizeHtml } = await import('../report/html/optimize-report.js');
    process.stdout.write(formatOptimizeHtml(report));
    return;
  }
  const markdownToStdout = !flags.report && flags.reportFormat === 'md';
  // Fitted to a terminal (or to $COLUMNS when set); a log or a pipe gets whole lines, which tools grep.
  process.stdout.write(markdownToStdout ? formatMarkdown(report) : `${formatTextTable(report, { width: tableWidth() })}\n`);
  if (report.conversation) {
    const { name, chunks, playlist } = report.conversation;
    const open = report.interrupted ? ' (left open: the same command goes on with it)' : '';
    process.stderr.write(`${escapeTerminal(`conversation ${name}: ${chunks} chunk${chunks === 1 ? '' : 's'} on one timeline → ${displayPath(process.cwd(), playlist)}${open}`)}\n`);
  }
  if (flags.report) {
    const format = reportFormatFor(flags.report, flags.reportFormat);
    try {
      const { formatOptimizeHtml } = await import('../report/html/optimize-report.js');
      const text = format === 'md' ? formatMarkdown(report) : format === 'html' ? formatOptimizeHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
      await writeFileAtomic(flags.report, text);
    } catch (error) {
      // The batch is done and its outputs stay; the report is what failed: say so, and fail the run.
      process.stderr.write(`streamprep: ${escapeTerminal(`--report ${flags.report}: the report could not be written: ${describeWriteError(error, path.dirname(flags.report))}`)}\n`);
      process.exitCode = 1;
    }
  }
}
