// `streamprep inspect <file>`: the box tree, verdict, tracks and startup bytes of one file.
import type { Command } from 'commander';
import type { CliContext } from './main.js';
import { addOptions } from './options.js';
import { InputError, describeReadError } from '../errors.js';

export function registerInspect(program: Command, _context: CliContext): void {
  const command = program
    .command('inspect')
    .description('show a file\'s boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes')
    .argument('<file>');
  addOptions(command, ['json'], { json: { description: 'print the inspection as JSON' } });
  command
    .addHelpText('after', `
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when the file is faststart, 1 otherwise.`)
    .action(async (file: string, flags: { json?: boolean }) => {
      const { inspectFile } = await import('../mp4/inspect-file.js');
      const { formatInspection, inspectionJson } = await import('../inspect/format-inspection.js');
      const inspection = await inspectFile(file).catch((error: unknown) => {
        throw new InputError(file, describeReadError(error));
      });
      process.stdout.write(flags.json
        ? `${JSON.stringify(inspectionJson(file, inspection), null, 2)}\n`
        : `${formatInspection(file, inspection)}\n`);
      process.exitCode = inspection.layout.verdict === 'faststart' ? 0 : 1;
    });
}
