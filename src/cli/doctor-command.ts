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
A named ffmpeg is used as it is: --ffmpeg, else FFMPEG_PATH. Otherwise the newest capable one
(libx264, aac and zscale) among ffmpeg-static, the ffmpeg on PATH and the bundled
@ffmpeg-installer/ffmpeg (a build from 2018) is chosen — a maintained system ffmpeg gets the security
fixes of the years since — with the ffprobe beside it (else @ffprobe-installer/ffprobe); a warning when
the chosen build is more than 5 years old.
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
        if (!('error' in report.ffmpeg) && report.ffmpeg.choice) {
          lines.push(escapeTerminal(`  chosen: ${report.ffmpeg.choice.why}`));
          for (const other of report.ffmpeg.choice.passedOver) lines.push(escapeTerminal(`  not ${other.source} (${other.version}): ${other.why}`));
        }
        if (!('error' in report.ffmpeg) && report.ffmpeg.warning) lines.push(`! ${escapeTerminal(report.ffmpeg.warning)}`);
        for (const [name, present] of Object.entries(report.encoders)) {
          lines.push(`${present ? '✓' : '✗'} encoder  ${name}${present ? '' : ' missing'}`);
        }
        lines.push(report.ok ? 'ready' : 'not ready: see the ✗ lines above');
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = report.ok ? 0 : 2;
    });
}
