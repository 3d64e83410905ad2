// The options table: each option declared once, parsed into typed flags without running anything.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { OPTIONS, addOptions } from '../../src/cli/options.js';
import { listenForInterrupt } from '../../src/cli/interrupt.js';

const parse = (names: Array<keyof typeof OPTIONS>, argv: string[], overrides = {}) => {
  const command = new Command('x').exitOverride();
  addOptions(command, names, overrides);
  command.parse(argv, { from: 'user' });
  return command.opts();
};

describe('addOptions', () => {
  it('parses values with the table\'s parsers and defaults', () => {
    expect(parse(['output', 'preset', 'concurrency', 'threads', 'progress'], ['-o', 'out', '-j', '3', '--threads', '2']))
      .toEqual({ output: 'out', preset: 'streaming', concurrency: 3, threads: 2, progress: true });
    expect(parse(['progress', 'fsync'], ['--no-progress', '--no-fsync'])).toEqual({ progress: false, fsync: false });
    expect(parse(['presets', 'levels', 'jsonFile'], ['-p', 'a', '-p', 'b.json', '-j', '1,2', '--json', 'r.json']))
      .toEqual({ presets: ['a', 'b.json'], levels: [1, 2], jsonFile: 'r.json' });
  });

  it('leaves out a default when asked, and makes an option required', () => {
    expect(parse(['preset'], [], { preset: { noDefault: true } })).toEqual({});
    expect(() => parse(['output'], [], { output: { required: true } })).toThrow(/required option/);
  });

  it.each([
    [['threads'], ['--threads', '65'], /at most 64/],
    [['concurrency'], ['-j', '0'], /whole number ≥ 1/],
    [['settle'], ['--settle', '-5'], /milliseconds/],
    [['rescan'], ['--rescan', '0'], /seconds/],
    [['reportFormat'], ['--report-format', 'xml'], /"json", "md" or "html"/],
  ] as const)('%j %j is refused', (names, argv, message) => {
    expect(() => parse([...names], [...argv])).toThrow(message);
  });

  it('declares each flag once in the table, and every command\'s help comes from it', () => {
    const longFlags = Object.values(OPTIONS).map((spec) => /--[\w-]+/.exec(spec.flags)?.[0]);
    for (const flag of ['--ffmpeg', '--ffprobe', '--threads', '--force', '--settle']) {
      expect(longFlags.filter((f) => f === flag)).toHaveLength(1);
    }
    const interrupt = listenForInterrupt();
    try {
      const program = buildProgram({ interrupt });
      for (const command of program.commands) {
        for (const option of command.options.filter((o) => o.long !== '--verbose')) {
          const spec = Object.values(OPTIONS).find((entry) => entry.flags === option.flags);
          expect(spec, `${command.name()} ${option.flags}`).toBeDefined();
        }
      }
    } finally {
      interrupt.dispose();
    }
  });
});
