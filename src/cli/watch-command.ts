// `streamprep watch`: commander wiring over the library's watch().
import type { Command } from 'commander';
import type { WatchEvent } from '../live/watch.js';
import { escapeTerminal } from '../text/escape.js';
import type { CliContext } from './main.js';
import { type Flags, addOptions, encodeOptions } from './options.js';
import { describeFile } from './progress.js';
import { favourSmallHeap } from './heap.js';

const NAMES = [
  'output', 'preset', 'concurrency', 'threads', 'force', 'reencode', 'keepSmaller', 'settle', 'rescan', 'poll', 'once', 'doneDir', 'conversations', 'gapTimeout', 'follow', 'drain', 'json',
  'ffmpeg', 'ffprobe',
] as const;

const EXAMPLES = `
Examples:
  $ streamprep watch inbox/ -o out/                 optimize each chunk as soon as it is complete
  $ streamprep watch inbox/ -o out/ --json          NDJSON events on stdout, for a backend to forward
  $ streamprep watch inbox/ -o out/ --done-dir done/ move originals away once their output is verified
  $ streamprep watch /mnt/share/in -o out/ --poll   a network mount without file events
  $ streamprep watch inbox/ -o out/ --once          what is there now, then exit
  $ streamprep watch inbox/ -o out/ --conversations inbox/talk/chunk-1.mp4 … → out/talk.hls/playlist.m3u8
  $ ffmpeg … -f matroska -cluster_time_limit 200 -flush_packets 1 inbox/chunk-7.mkv
                                                    a generator writing in place: encoded as it writes

When a file is complete: a file renamed into the folder (the atomic writer's way) is taken at once;
names such as *.part, *.tmp, *.crdownload and dotfiles are ignored until renamed. An MP4/MOV written
in place is taken once its boxes account for the whole file with moov and mdat (no size-0 placeholder)
and it has stayed unchanged for --settle ms; a fragmented MP4 without its closing mfra once unchanged
for 1.5 s. Other formats (no end marker): once unchanged for 250 ms or twice the longest pause seen
while the file grew (at most 10 s); a Matroska/WebM file whose header names its size (a writer that
seeks back at its end, as ffmpeg does) once it reaches that size. A streamable file seen growing
(Matroska/WebM, MPEG-TS, Y4M, fragmented MP4) is encoded as it is written and finished when it is
complete by those rules, within tens of milliseconds of its last byte for Matroska and fragmented MP4
(--no-follow, and --once: encoded once complete); one that stops in the middle of its data waits
for its writer (retrying) and is failed as abandoned (stale) after 60 s still or when watch stops.
Files under 8 bytes are not judged. Files already there go first,
oldest first; then new ones in order of arrival. Subfolders are not watched (except with --conversations). Two files that would
share an output (a.mp4 and a.mov) fail with cause collision. A file changed while it was encoded is
encoded again once it settles; --done-dir moves only the very file (identity, size, mtime) that was
encoded. Restarts skip outputs that exist (verified when written) and remove stale temporary files.
With --conversations each subfolder of a watched folder is one conversation: its chunks are encoded
as they complete and put, in the order of the number in their names (chunk-9 before chunk-10; an early
one waits up to --gap-timeout for its predecessor), on one timeline: <output>/<subfolder>/<chunk>.mp4
(progressive) and <output>/<subfolder>.hls/ (CMAF chunks and playlist.m3u8, a live EVENT playlist);
a chunk followed as it is written is published there in parts (LL-HLS) while it is written.
A file named .end in the subfolder (after its last chunk), or stopping watch, ends the conversation.
--json events: watching, queued, started, done (with the report optimize --report writes per file),
failed and skipped (with cause and reason), moved, stale (incomplete and unchanged for 60 s, or followed
and abandoned in the middle of its data), warning,
retrying (it failed while its writer was still at work, or paused mid-data: looked at again, not an outcome),
published (a chunk on its conversation's timeline: file, url, startSec, durationSec; resumed: true for
chunks an earlier run placed), left-out (with cause: duplicate, late, ended, locked, collision, …),
conversation-ended, stopped (last).
A conversation is written by one process at a time (a second one leaves its chunks out, cause locked)
and is logged as it goes (<name>.hls/.conversation.ndjson): a restart resumes it, never rewriting a
published file; an ended conversation stays ended.
Exit codes: 130 after Ctrl-C, 143 after SIGTERM; with --once as optimize (0, 1, 2).`;

export function registerWatch(program: Command, { interrupt }: CliContext): void {
  const command = program
    .command('watch')
    .description('optimize each chunk written into folders as soon as it is complete (a long-running process)')
    .argument('<folders...>', 'folders to watch (their subfolders only with --conversations)');
  addOptions(command, NAMES, { output: { required: true }, json: { description: 'print NDJSON events on stdout instead of lines' } });
  command.addHelpText('after', EXAMPLES).action(async (folders: string[], flags: Flags<(typeof NAMES)[number]>) => {
    await favourSmallHeap();
    const { watch } = await import('../live/watch.js');
    const print = (event: WatchEvent): void => {
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
        return;
      }
      if (event.type === 'done' || event.type === 'failed' || event.type === 'skipped') process.stdout.write(`${describeFile(event.report)}\n`);
      else if (event.type === 'warning' || event.type === 'stale') process.stderr.write(`warning: ${escapeTerminal(event.message)}\n`);
      else if (event.type === 'published') {
        process.stdout.write(`${escapeTerminal(`published  ${event.conversation} #${event.chunk.index + 1} at ${event.chunk.startSec.toFixed(3)} s (+${event.chunk.durationSec.toFixed(3)} s) → ${event.chunk.file}`)}\n`);
      } else if (event.type === 'left-out') process.stderr.write(`${escapeTerminal(`left out of ${event.conversation}: ${event.input}: ${event.cause}: ${event.reason}`)}\n`);
      else if (event.type === 'retrying') process.stderr.write(`${escapeTerminal(`retrying   ${event.input}: ${event.reason}`)}\n`);
      else if (event.type === 'conversation-ended') process.stdout.write(`${escapeTerminal(`ended      ${event.conversation}: ${event.chunks} chunk(s) → ${event.playlist}`)}\n`);
      else if (event.type === 'watching') {
        process.stderr.write(`${escapeTerminal(`watching ${event.folders.join(', ')} → ${event.output}`)}${event.staleRemoved ? ` (${event.staleRemoved} file(s) left by a killed run removed)` : ''}\n`);
      }
    };
    const summary = await watch(folders, {
      output: flags.output as string,
      ...encodeOptions(flags),
      settleMs: flags.settle,
      rescanMs: flags.rescan === undefined ? undefined : flags.rescan * 1000,
      poll: flags.poll ?? false,
      once: flags.once ?? false,
      doneDir: flags.doneDir,
      conversations: flags.conversations ?? false,
      gapTimeoutMs: (flags.gapTimeout ?? 30) * 1000,
      drain: flags.drain ?? false,
      ...(flags.follow === false ? { follow: false } : {}),
      signal: interrupt.signal,
      onEvent: print,
    });
    process.exitCode = summary.failed > 0 ? 1 : 0;
  });
}
