// The streamprep command: commander wiring, one error handler, the exit code set once.
import { Command, CommanderError, Option } from 'commander';
import { InterruptedError, StreamprepError } from '../errors.js';
import { removeTemporariesSync } from '../files/temporaries.js';
import { escapeTerminal } from '../text/escape.js';
import { packageVersion } from '../version.js';
import { registerBench } from './bench-command.js';
import { type Interrupt, listenForInterrupt } from './interrupt.js';
import { registerCheck } from './check-command.js';
import { registerDoctor } from './doctor-command.js';
import { registerFaststart } from './faststart-command.js';
import { registerInspect } from './inspect-command.js';
import { registerOptimize } from './optimize-command.js';
import { registerPresets } from './presets-command.js';
import { registerQueueCommands } from './queue-commands.js';
import { registerServe } from './serve-command.js';
import { registerWatch } from './watch-command.js';

/** What every command shares: the one interrupt (SIGINT/SIGTERM/SIGHUP → AbortSignal). */
export interface CliContext {
  interrupt: Interrupt;
}

export function buildProgram(context: CliContext): Command {
  const program = new Command('streamprep')
    .description('Prepare short video chunks for streaming: a faststart H.264/AAC preset applied in parallel, verified, with size and encode-time reports.')
    .version(packageVersion())
    .option('--verbose', 'show stack traces of unexpected errors')
    .exitOverride()
    // Commander quotes a bad argument as given: a line break in it must not forge a line of output.
    .configureOutput({ outputError: (text, write) => write(`${escapeTerminal(text.replace(/\n$/, ''))}\n`) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ streamprep optimize chunks/ -o out/        optimize every video under chunks/
  $ streamprep watch inbox/ -o out/ --json     optimize each chunk as soon as it is complete
  $ streamprep check out/ --preset streaming   fail (exit 1) unless every file is faststart and conforms
  $ streamprep inspect out/clip.mp4            boxes, tracks and startup bytes of one file
  $ streamprep faststart renders/ --in-place   moov to the front, no re-encode
  $ streamprep bench chunks/ -j 1,2 --quality  encode time, RTF, sizes, SSIM/PSNR per preset
  $ streamprep serve out/ --throttle 1500      play the outputs in a browser over a slow link
  $ streamprep enqueue in/ -o out/ --redis redis://host:6379 --wait   hand the batch to workers
  $ streamprep presets show streaming          the recipe the streaming preset applies
  $ streamprep doctor                          which ffmpeg is used, and can it encode?`);
  registerOptimize(program, context);
  registerWatch(program, context);
  registerCheck(program, context);
  registerInspect(program, context);
  registerFaststart(program, context);
  registerBench(program, context);
  registerServe(program, context);
  registerQueueCommands(program, context);
  registerPresets(program, context);
  registerDoctor(program, context);
  // Options belong to the command they follow (`bench --runs 5` and `bench browser --runs 1` differ);
  // --verbose is understood by every command.
  program.enablePositionalOptions();
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program).slice(1)) {
    command.exitOverride();
    command.addOption(new Option('--verbose', 'show stack traces of unexpected errors').hideHelp());
  }
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const interrupt = listenForInterrupt(() => process.stderr.write('\ninterrupted: stopping and removing temporary files…\n'));
  // Whatever a command was writing when it was stopped, however it exits: no temporary file stays behind.
  process.on('exit', removeTemporariesSync);
  const program = buildProgram({ interrupt });
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    process.exitCode = exitCodeFor(error, program.opts<{ verbose?: boolean }>().verbose ?? argv.includes('--verbose'));
  } finally {
    interrupt.dispose();
  }
  const signalled = interrupt.exitCode();
  if (signalled !== undefined) process.exitCode = signalled;
}

function exitCodeFor(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other parse error is a usage error (commander printed it).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof InterruptedError) return error.exitCode;
  if (error instanceof StreamprepError) {
    process.stderr.write(`streamprep: ${escapeTerminal(error.message)}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (verbose ? error.stack ?? error.message : error.message) : String(error);
  process.stderr.write(`streamprep: unexpected error: ${escapeTerminal(message)}\n`);
  return 1;
}
