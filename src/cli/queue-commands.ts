// `streamprep worker`, `streamprep enqueue` and `streamprep queue status`: commander wiring over the
// library's createWorker(), enqueue() and queueStatus().
import type { Command } from 'commander';
import { StreamprepError } from '../errors.js';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions } from './options.js';
import { createProgress, describeFile } from './progress.js';

function redisUrl(flag: string | undefined): string {
  const url = flag ?? process.env.REDIS_URL;
  if (!url) throw new StreamprepError('no Redis: pass --redis redis://host:6379 (or set REDIS_URL)', 2);
  if (!/^rediss?:\/\//.test(url)) throw new StreamprepError('--redis must be a redis:// or rediss:// URL', 2);
  return url;
}

const WORKER = ['redis', 'queueName', 'concurrency', 'threads', 'roots', 'presetDirs', 'lockDuration', 'ffmpeg', 'ffprobe'] as const;
const ENQUEUE = ['output', 'redis', 'queueName', 'preset', 'presetDirs', 'force', 'wait', 'report', 'progress'] as const;
const STATUS = ['redis', 'queueName', 'json'] as const;

export function registerQueueCommands(program: Command, { interrupt }: CliContext): void {
  const worker = program.command('worker')
    .description('optimize jobs from a Redis queue (BullMQ), with the same scheduler as optimize; runs until stopped');
  addOptions(worker, WORKER, { concurrency: { description: 'jobs encoded at once by this worker (default: its share of the CPUs among the workers running on this machine, threads shared as optimize shares them)' } });
  worker.addHelpText('after', `
Examples:
  $ streamprep worker --redis redis://queue.internal:6379 --root /srv/media
  $ streamprep worker --redis rediss://:secret@queue.internal:6380 -j 2 --root /mnt/shared

Jobs carry paths: every worker must see inputs and outputs at the same paths (shared storage), and
refuses jobs outside its --root folders; jobs name built-in presets or <name>.json files in its
--preset-dir folders, nothing else. Without -j and --threads, workers on one machine share its cores:
each takes cores ÷ workers jobs at once (at least one) and follows as workers start and stop. Bad input fails at once; transient failures are retried.
SIGTERM or Ctrl-C: running jobs are finished, then exit 143/130 (a second signal stops at once; the
queue hands those jobs to another worker after --lock-duration).`)
    .action(async (flags: Flags<(typeof WORKER)[number]>) => {
      const { createWorker } = await import('../queue/entry.js');
      const { redactUrl } = await import('../queue/job.js');
      const url = redisUrl(flags.redis);
      const running = await createWorker({
        redis: url, queue: flags.queueName, concurrency: flags.concurrency, threads: flags.threads, roots: flags.roots, presetDirs: flags.presetDirs,
        lockDurationMs: flags.lockDuration, stalledIntervalMs: Math.max(1000, Math.floor((flags.lockDuration ?? 60_000) / 2)),
        ffmpegPath: flags.ffmpeg, ffprobePath: flags.ffprobe,
        ...(process.env.STREAMPREP_WORKER_SHARE_DIR ? { shareFolder: process.env.STREAMPREP_WORKER_SHARE_DIR } : {}),
        onEvent: (event) => {
          if (event.type === 'ready') {
            const shared = event.sharedWith && event.sharedWith > 1 ? ` (sharing this machine's cores with ${event.sharedWith - 1} other worker(s))` : '';
            process.stderr.write(`${escapeTerminal(`worker on ${redactUrl(url)} queue ${event.queue}, ${event.concurrency} at a time${shared}, roots ${event.roots.join(', ')}`)}\n`);
          }
          if (event.type === 'share') process.stderr.write(`${event.workers} worker(s) on this machine: now ${event.concurrency} at a time\n`);
          if (event.type === 'done') process.stdout.write(`${describeFile(event.report)}\n`);
          if (event.type === 'failed') process.stdout.write(`${escapeTerminal(`failed   ${event.input ?? '(no input)'} (job ${event.id}): ${event.reason}${event.willRetry ? ' (will retry)' : ''}`)}\n`);
          if (event.type === 'redis') process.stderr.write(`${escapeTerminal(event.message)}\n`);
        },
      });
      await interrupt.stopped();
      await running.close();
    });

  const enqueueCommand = program.command('enqueue')
    .description('add one optimize job per input to a Redis queue (BullMQ) for workers; --wait follows them')
    .argument('<inputs...>', 'video files, folders or globs (on storage the workers share, at the same paths)');
  addOptions(enqueueCommand, ENQUEUE, { output: { required: true }, preset: { description: 'a preset name the workers know: built-in, or <name>.json in --preset-dir' } });
  enqueueCommand.addHelpText('after', `
Examples:
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis redis://queue.internal:6379
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis "$REDIS_URL" --wait --report report.json

Each job's id is derived from the input (device, inode, size, mtime), the output, the preset's content
and -f: enqueuing the same batch twice adds nothing; a completed job whose output is gone, or any
finished job with -f, runs again. --report is checked before anything is queued. Exit codes with --wait
as optimize's (Ctrl-C: 130, the jobs stay queued); 2 when Redis cannot be reached.`)
    .action(async (inputs: string[], flags: Flags<(typeof ENQUEUE)[number]>) => {
      const { enqueue } = await import('../queue/entry.js');
      const progress = createProgress(process.stderr, (flags.progress ?? true) && (flags.wait ?? false));
      const result = await enqueue(inputs, {
        output: flags.output as string, redis: redisUrl(flags.redis), queue: flags.queueName, preset: flags.preset,
        presetDirs: flags.presetDirs, force: flags.force ?? false, wait: flags.wait ?? false, signal: interrupt.signal,
        reportFiles: flags.report ? [flags.report] : [], onFile: (file) => progress.fileDone(file),
        onOutage: (message) => process.stderr.write(`${escapeTerminal(message ?? 'Redis is back')}\n`),
        onNoWorker: (queueName) => process.stderr.write(`${escapeTerminal(`no worker is connected to queue ${queueName}: the jobs wait until one starts (streamprep worker --redis … --queue ${queueName})`)}\n`),
        onQueued: ({ added, existing }) => process.stderr.write(`${added} job(s) added, ${existing} already queued${flags.wait ? '; waiting for the workers' : ''}\n`),
      });
      progress.stop();
      if (result.unfinished) {
        process.stderr.write(`stopped waiting: ${result.unfinished} job(s) stay queued and workers will still run them (streamprep queue status shows them)\n`);
        return;
      }
      if (!result.report) return;
      process.exitCode = result.report.totals.failed > 0 ? 1 : 0;
      const { emitReport } = await import('./optimize-command.js');
      await emitReport(result.report, { report: flags.report });
    });

  const queue = program.command('queue').description('look at a Redis queue of optimize jobs: status, retry, clean');
  const status = queue.command('status').description('connected workers and what they encode; waiting, active, completed and failed jobs, and why the failed ones failed');
  addOptions(status, STATUS, { json: { description: 'print the status as JSON' } });
  status.action(async (flags: Flags<(typeof STATUS)[number]>) => {
    const { queueStatus } = await import('../queue/entry.js');
    const result = await queueStatus(redisUrl(flags.redis), flags.queueName);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const { counts } = result;
    process.stdout.write(`queue ${result.queue}: ${counts.waiting} waiting, ${counts.active} active, ${counts.delayed} delayed, ${counts.completed} completed, ${counts.failed} failed\n`);
    process.stdout.write(result.workers.length === 0 ? `no worker is connected (streamprep worker --redis … --queue ${result.queue})\n` : `${result.workers.length} worker(s) connected:\n`);
    for (const w of result.workers) process.stdout.write(`${escapeTerminal(`worker   ${w.host} pid ${w.pid}, ${w.concurrency} at once${w.files.length ? `: ${w.files.join(', ')}` : ', idle'}`)}\n`);
    for (const job of result.failed) process.stdout.write(`${escapeTerminal(`failed   ${job.input}: ${job.reason} (${job.attempts} attempt(s))`)}\n`);
  });

  const retry = queue.command('retry').description('put every failed job back in the queue (after fixing what made it fail)');
  addOptions(retry, ['redis', 'queueName'] as const);
  retry.action(async (flags: Flags<'redis' | 'queueName'>) => {
    const { retryFailed } = await import('../queue/entry.js');
    const count = await retryFailed(redisUrl(flags.redis), flags.queueName);
    process.stdout.write(`${count} failed job(s) queued again\n`);
  });

  const clean = queue.command('clean').description('remove finished jobs (failed, completed or both) older than --age')
    .option('--failed', 'remove failed jobs').option('--completed', 'remove completed jobs')
    .option('--age <s>', 'only jobs that finished at least this long ago, seconds', '0');
  addOptions(clean, ['redis', 'queueName'] as const);
  clean.addHelpText('after', `
Examples:
  $ streamprep queue clean --completed --age 86400 --redis "$REDIS_URL"   completed jobs older than a day
  $ streamprep queue clean --failed --completed --redis "$REDIS_URL"`);
  clean.action(async (flags: Flags<'redis' | 'queueName'> & { failed?: boolean; completed?: boolean; age: string }) => {
    const states = [...(flags.failed ? ['failed' as const] : []), ...(flags.completed ? ['completed' as const] : [])];
    if (states.length === 0) throw new StreamprepError('queue clean: say what to remove: --failed, --completed or both', 2);
    const age = Number(flags.age);
    if (!Number.isFinite(age) || age < 0) throw new StreamprepError(`--age must be a number of seconds ≥ 0 (got ${flags.age})`, 2);
    const { cleanJobs } = await import('../queue/entry.js');
    const removed = await cleanJobs(redisUrl(flags.redis), flags.queueName ?? 'streamprep', states, age * 1000);
    process.stdout.write(`${states.map((state) => `${removed[state] ?? 0} ${state}`).join(', ')} job(s) removed\n`);
  });
}
