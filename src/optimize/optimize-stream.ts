// `streamprep optimize -`: one input read from stdin as it is written, encoded while it arrives, to one
// output file — or, with a conversation, the next chunk of that conversation, published in parts.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { checkConversationName, createConversation } from '../conversation/conversation.js';
import { CAUSES, type Cause } from '../report/causes.js';
import { computeTotals } from '../report/totals.js';
import { type FileReport, type OptimizeReport, REPORT_SCHEMA_VERSION } from '../report/types.js';
import { packageVersion } from '../version.js';
import type { OptimizeOptions } from './optimize.js';
import { createOptimizer } from './optimizer.js';

/** How long `optimize - --conversation` waits for the run before it (finishing the previous chunk) to let go, s. */
const OWNER_WAIT_SEC = 60;

/**
 * `streamprep optimize -`: one input read from `stream` (stdin) as it is written, encoded while it
 * arrives, to the output file `options.output`; the same report as a batch of one.
 */
export async function optimizeStream(stream: AsyncIterable<Uint8Array>, options: OptimizeOptions & { format?: string | undefined; stallTimeoutSec?: number | undefined; last?: boolean | undefined; parts?: boolean | undefined; partSec?: number | undefined }): Promise<OptimizeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cwd = options.cwd ?? process.cwd();
  const output = path.resolve(cwd, options.output);
  if ((await stat(output).catch(() => undefined))?.isDirectory()) throw new UsageError(`-o ${options.output}: with - as the input, -o names the output file (e.g. -o ${path.join(options.output, 'chunk.mp4')})`);
  for (const report of options.reportFiles ?? []) {
    if (path.resolve(cwd, report) === output) throw new UsageError(`--report ${report}: that is the output`);
  }
  const optimizer = await createOptimizer({
    preset: options.preset, toolchain: options.toolchain, ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath,
    concurrency: 1, threads: options.threads, force: options.force ?? false,
  });
  if (options.last && options.conversation === undefined) throw new UsageError('--last goes with --conversation');
  if (options.partSec !== undefined && (options.conversation === undefined || options.parts === false)) throw new UsageError('--part-sec goes with --conversation (and parts)');
  let conversationSummary: { name: string; chunks: number; playlist: string } | undefined;
  let file: FileReport;
  try {
    if (options.conversation === undefined) {
      file = await optimizer.optimizeStream(stream, { output, format: options.format, signal: options.signal, stallTimeoutSec: options.stallTimeoutSec });
    } else {
      // The next chunk of the conversation beside the output (<folder>/<name>.hls/), published in parts
      // while it is written; the conversation stays open for the next run unless this chunk is its last.
      const name = options.conversation;
      checkConversationName(name);
      const dir = path.join(path.dirname(output), `${name}.hls`);
      const conversation = createConversation({
        ...optimizer,
        optimizeStream: (input, request) => optimizer.optimizeStream(input, { ...request, stallTimeoutSec: options.stallTimeoutSec }),
      }, name, { dir, signal: options.signal, waitForOwnerSec: OWNER_WAIT_SEC, parts: options.parts, live: options.parts !== false, partSec: options.partSec });
      // Encoding starts at once; the conversation is taken when the run before (its previous chunk) lets go.
      const appending = conversation.appendStream(stream, { output, format: options.format, signal: options.signal, last: options.last, label: '-' });
      await conversation.ready.catch(() => undefined);
      const chunk = await appending;
      if (chunk.cause === 'ended') {
        await conversation.close();
        throw new UsageError(`--conversation ${name}: ${dir} holds an ended conversation (--force on a batch replaces it)`);
      }
      if (options.last) await conversation.end();
      else await conversation.close();
      // A chunk the conversation could not take (its owner never let go, a damaged log …) fails the run.
      file = chunk.published ? chunk.report : {
        ...chunk.report, status: 'failed', cause: (CAUSES as readonly string[]).includes(chunk.cause ?? "") ? chunk.cause as Cause : 'collision',
        reason: `left out of conversation ${name}: ${chunk.reason ?? 'not placed'}`,
      };
      conversationSummary = { name, chunks: conversation.chunks, playlist: conversation.playlist };
    }
  } finally {
    await optimizer.close();
  }
  options.onStart?.(1);
  options.onFile?.(file);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'streamprep', version: packageVersion() },
    preset: optimizer.preset.name,
    ffmpeg: { path: optimizer.toolchain.ffmpeg.path, version: optimizer.toolchain.ffmpeg.version, source: optimizer.toolchain.ffmpeg.source },
    concurrency: 1,
    startedAt,
    interrupted: options.signal?.aborted ?? false,
    files: [file],
    totals: computeTotals([file], (performance.now() - started) / 1000),
    ...(conversationSummary ? { conversation: conversationSummary } : {}),
  };
}

