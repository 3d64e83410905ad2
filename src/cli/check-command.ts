// `streamprep check`: commander wiring over the library's check().
import type { Command } from 'commander';
import { formatJunit, formatLine, githubAnnotation, summarizeCheck } from '../check/format-results.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';
import { favourSmallHeap } from './heap.js';

const NAMES = ['preset', 'json', 'junit', 'quiet', 'fix', 'breakHardlinks'] as const;
const MAX_ANNOTATIONS = 10;
type CheckFlags = Flags<(typeof NAMES)[number]>;

const EXAMPLES = `
Examples:
  $ streamprep check out/                        every MP4/MOV under out/: is moov before mdat?
  $ streamprep check out/ --preset streaming     …and is each what the streaming preset produces?
  $ streamprep check 'dist/**/*.mp4' --junit check.xml --quiet
  $ streamprep check public/ --fix                 make them faststart where moving moov is all it takes

Verdicts: faststart (passes), moov-after-mdat, no-moov, truncated, malformed, not-mp4, unreadable
(missing, a FIFO or other non-regular file, permission denied). Hidden files and streamprep's own
temporary files found in folders are skipped and counted. --fix follows the rules of faststart --in-place.
Under GitHub Actions (GITHUB_ACTIONS=true) each failure is also an ::error annotation.
Exit codes: 0 all pass, 1 any fails, 2 usage error.`;

export function registerCheck(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('check')
    .description('check that videos are faststart (moov before mdat), and optionally what a preset produces')
    .argument('<inputs...>', 'files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs');
  addOptions(command, NAMES, {
    preset: { description: 'also check codec, profile, level, size, fps and audio against a preset', noDefault: true },
    json: { description: 'print the results as JSON instead of lines' },
    breakHardlinks: { description: 'with --fix: also rewrite files that have other hard links (those names keep the old version)' },
  });
  command
    .addHelpText('after', EXAMPLES)
    .action(async (inputs: string[], flags: CheckFlags) => {
      const started = performance.now();
      const { check } = await import('../check/check.js');
      const annotate = process.env.GITHUB_ACTIONS === 'true';
      const lines: string[] = [];
      let seen = 0;
      let annotated = 0;
      const flush = (): void => {
        if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
        lines.length = 0;
      };
      const report = await check(inputs, {
        preset: flags.preset,
        collect: Boolean(flags.json || flags.junit),
        fix: flags.fix ?? false,
        breakHardlinks: flags.breakHardlinks ?? false,
        signal: interrupt.signal,
        reportFiles: flags.junit ? [flags.junit] : [],
        onFile: (result) => {
          // Only long runs need the small heap; loading node:v8 costs a short one start-up time.
          if (++seen === 512) void favourSmallHeap();
          if (!flags.json && (!flags.quiet || !result.passed)) lines.push(formatLine(result));
          // GitHub shows at most 10 error annotations per step; the rest are counted in one notice.
          if (annotate && !flags.json && !result.passed && ++annotated <= MAX_ANNOTATIONS) lines.push(githubAnnotation(result));
          if (lines.length >= 256) flush();
        },
      });
      if (annotated > MAX_ANNOTATIONS) lines.push(`::notice title=streamprep check::${annotated - MAX_ANNOTATIONS} more failure(s) not annotated (GitHub shows 10 per step); all are listed above`);
      flush();
      const seconds = (performance.now() - started) / 1000;
      if (interrupt.signal.aborted) return; // a partial report would read as a pass
      if (flags.junit) {
        const { writeFileAtomic } = await import('../files/temp-output.js');
        await writeFileAtomic(flags.junit, formatJunit(report, seconds));
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...report }, null, 2)}\n`);
      } else if (!flags.quiet || report.failed > 0) {
        process.stdout.write(`${summarizeCheck(report)}\n`);
      }
      process.exitCode = report.failed > 0 ? 1 : 0;
    });
}
