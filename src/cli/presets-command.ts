// `streamprep presets` and `streamprep presets show <name>`.
import type { Command } from 'commander';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';

export function registerPresets(program: Command, _context: CliContext): void {
  const presets = program
    .command('presets')
    .description('list the built-in presets')
    .addHelpText('after', '\nExamples:\n  $ streamprep presets\n  $ streamprep presets show web                 (extends streaming: resolved, with where each value comes from)\n  $ streamprep presets show ./my-preset.json   (validates it too)\n\nA preset file may start from another: {"extends": "streaming", "video": {"crf": 30}} — unspecified keys\ncome from the parent (a built-in name, or a file relative to this one).')
    .action(async () => {
      const { listPresetNames, loadPreset } = await import('../presets/load.js');
      for (const name of await listPresetNames()) {
        const preset = await loadPreset(name);
        process.stdout.write(`${escapeTerminal(`${name.padEnd(14)}${preset.description}`)}\n`);
      }
    });
  presets
    .command('show')
    .description('print a preset resolved (its "extends" chain merged) and where each value comes from; a .json file is validated')
    .argument('<name|file.json>')
    .action(async (name: string) => {
      const { loadPresetSources } = await import('../presets/load.js');
      const { preset, sources } = await loadPresetSources(name);
      process.stdout.write(`${JSON.stringify(preset, null, 2)}\n`);
      const origins = new Set(sources.values());
      if (origins.size > 1) {
        const keys = [...sources.keys()].filter((key) => key !== 'extends').sort();
        const width = Math.max(...keys.map((key) => key.length));
        process.stdout.write(`\nwhere each value comes from:\n${keys.map((key) => escapeTerminal(`  ${key.padEnd(width)}  ${sources.get(key)}`)).join('\n')}\n`);
      }
    });
}
