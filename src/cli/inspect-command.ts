// `streamprep inspect <files...>`: the box tree, verdict, tracks and startup bytes of each file.
import type { Command } from 'commander';
import type { CliContext } from './main.js';
import { addOptions } from './options.js';
import { InputError, describeReadError } from '../errors.js';

export function registerInspect(program: Command, _context: CliContext): void {
  const command = program
    .command('inspect')
    .description('show a file\'s boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes')
    .argument('<files...>');
  addOptions(command, ['json'], { json: { description: 'print the inspection as JSON' } });
  command
    .addHelpText('after', `
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json
  $ streamprep inspect out/*.mp4                 one after another; --json gives an array

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when every file is faststart, 1 otherwise (a file that cannot be read is named on stderr).`)
    .action(async (files: string[], flags: { json?: boolean }) => {
      const { inspectFile } = await import('../mp4/inspect-file.js');
      const { formatInspection, inspectionJson } = await import('../inspect/format-inspection.js');
      const { escapeTerminal } = await import('../text/escape.js');
      if (files.length === 1) {
        const [file] = files as [string];
        const inspection = await inspectFile(file).catch((error: unknown) => {
          throw new InputError(file, describeReadError(error));
        });
        process.stdout.write(flags.json ? `${JSON.stringify(inspectionJson(file, inspection), null, 2)}\n` : `${formatInspection(file, inspection)}\n`);
        process.exitCode = inspection.layout.verdict === 'faststart' ? 0 : 1;
        return;
      }
      let allFaststart = true;
      const json: object[] = [];
      for (const [index, file] of files.entries()) {
        const inspection = await inspectFile(file).catch((error: unknown) => error as Error);
        if (inspection instanceof Error) {
          allFaststart = false;
          process.stderr.write(`${escapeTerminal(`unreadable  ${file}: ${describeReadError(inspection)}`)}\n`);
          continue;
        }
        allFaststart &&= inspection.layout.verdict === 'faststart';
        if (flags.json) json.push(inspectionJson(file, inspection));
        else process.stdout.write(`${index > 0 ? '\n' : ''}${formatInspection(file, inspection)}\n`);
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      process.exitCode = allFaststart ? 0 : 1;
    });
}
