// `streamprep faststart`: commander wiring over the library's faststart().
import type { Command } from 'commander';
import type { FaststartResult } from '../faststart/faststart.js';
import { formatBytes, formatSeconds } from '../report/units.js';
import { displayPath } from '../inputs/display-path.js';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';

const NAMES = ['output', 'inPlace', 'force', 'fsync', 'breakHardlinks'] as const;

export function describeFaststart(result: FaststartResult, cwd: string = process.cwd()): string {
  const show = (file: string): string => escapeTerminal(displayPath(cwd, file));
  const input = show(result.input);
  const reason = escapeTerminal(result.reason ?? '');
  switch (result.status) {
    case 'moved': {
      const through = result.target ? ` (symlink: rewrote ${show(result.target)})` : '';
      return `moved      ${input} → ${result.output ? show(result.output) : ''}${through}  ${formatBytes(result.bytes)} in ${formatSeconds(result.seconds)}`
        + `${result.convertedToCo64 ? '  (stco → co64: offsets pass 4 GiB)' : ''}`;
    }
    case 'unchanged':
      return `unchanged  ${input}: ${reason}`;
    case 'skipped':
      return `skipped    ${input}: ${reason}`;
    case 'failed':
      return `failed     ${input}: ${reason}`;
  }
}

export function registerFaststart(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('faststart')
    .description('move moov in front of the media without re-encoding (no ffmpeg), verified before it replaces anything')
    .argument('<inputs...>', 'files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs');
  addOptions(command, NAMES, {
    output: { description: 'write the results here, keeping relative paths and extensions' },
    breakHardlinks: { description: 'with --in-place: also replace files that have other hard links (those names keep the old version)' },
    force: { description: 'with -o: replace outputs that already exist (default: skip them, as optimize does)' },
  });
  command
    .addHelpText('after', `
Examples:
  $ streamprep faststart recordings/ -o web/
  $ streamprep faststart clip.mov --in-place

Every chunk offset (stco/co64) is shifted by the size moov adds in front; stco becomes co64 when an
offset would pass 4 GiB. Files already faststart or fragmented are left alone (nothing written).
Files whose other absolute offsets would break (cmov, iloc, saio) are refused with a reason.
--in-place keeps owner, group (where permitted), mode and timestamps; a symlink stays a link and the
file it points to is rewritten; a file with other hard links is refused unless --break-hardlinks.
With -o, an output that exists is skipped unless -f (as optimize does), and one that appears while a
file is written is never replaced.
Exit codes: 0 every file moved, already faststart or skipped, 1 some file failed, 2 usage error.`)
    .action(async (inputs: string[], flags: Flags<(typeof NAMES)[number]>) => {
      const { faststart } = await import('../faststart/faststart.js');
      const report = await faststart(inputs, {
        output: flags.output,
        inPlace: flags.inPlace,
        flush: flags.fsync ?? true,
        breakHardlinks: flags.breakHardlinks ?? false,
        force: flags.force ?? false,
        signal: interrupt.signal,
        onFile: (result) => process.stdout.write(`${describeFaststart(result)}\n`),
      });
      process.stdout.write(`${report.files.length} file(s): ${report.moved} moved, ${report.unchanged} unchanged, ${report.skipped} skipped, ${report.failed} failed\n`);
      process.exitCode = report.failed > 0 ? 1 : 0;
    });
}
