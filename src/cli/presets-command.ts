// `streamprep presets` and `streamprep presets show <name>`.
import type { Command } from 'commander';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';

export function registerPresets(program: Command, _context: CliContext): void {
  const presets = program
    .command('presets')
    .description('list the built-in presets')
    .addHelpText('after', '\nExamples:\n  $ streamprep presets\n  $ streamprep presets show streaming\n  $ streamprep presets show ./my-preset.json   (validates it too)')
    .action(async () => {
      const { listPresetNames, loadPreset } = await import('../presets/load.js');
      for (const name of await listPresetNames()) {
        const preset = await loadPreset(name);
        process.stdout.write(`${escapeTerminal(`${name.padEnd(14)}${preset.description}`)}\n`);
      }
    });
  presets
    .command('show')
    .description('print a preset (a built-in name or a .json file, which is validated)')
    .argument('<name|file.json>')
    .action(async (name: string) => {
      const { loadPreset } = await import('../presets/load.js');
      process.stdout.write(`${JSON.stringify(await loadPreset(name), null, 2)}\n`);
    });
}
