// `streamprep doctor`: prints which ffmpeg/ffprobe are used and whether they can run the presets.
import type { Command } from 'commander';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';

const NAMES = ['ffmpeg', 'ffprobe', 'json'] as const;

export function registerDoctor(program: Command, _context: CliContext): void {
  const command = program
    .command('doctor')
    .description('show which ffmpeg and ffprobe are used, their versions, and whether libx264 and aac are available');
  addOptions(command, NAMES, { json: { description: 'print the findings as JSON' } });
  command
    .addHelpText('after', `
Binaries are looked for in this order: --ffmpeg/--ffprobe, FFMPEG_PATH/FFPROBE_PATH,
ffmpeg-static, @ffmpeg-installer/ffmpeg (for ffprobe: @ffprobe-installer/ffprobe), then PATH.
Exit code 0 when everything needed is there, 2 otherwise.`)
    .action(async (flags: Flags<(typeof NAMES)[number]>) => {
      const { diagnose } = await import('../binaries/doctor.js');
      const report = await diagnose({ ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe });
      if (flags.json) {
        const plain = {
          ...report,
          ffmpeg: 'error' in report.ffmpeg ? report.ffmpeg : { ...report.ffmpeg, encoders: undefined },
        };
        process.stdout.write(`${JSON.stringify(plain, null, 2)}\n`);
      } else {
        const lines: string[] = [];
        for (const info of [report.ffmpeg, report.ffprobe]) {
          if ('error' in info) lines.push(`✗ ${escapeTerminal(info.error)}`);
          else lines.push(escapeTerminal(`✓ ${info.tool.padEnd(8)} ${info.version}  ${info.path}  (from ${info.source})`));
        }
        for (const [name, present] of Object.entries(report.encoders)) {
          lines.push(`${present ? '✓' : '✗'} encoder  ${name}${present ? '' : ' missing'}`);
        }
        lines.push(report.ok ? 'ready' : 'not ready: see the ✗ lines above');
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = report.ok ? 0 : 2;
    });
}
