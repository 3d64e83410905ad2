// `bench browser --queue`: the conversation bench over the two slow links, on the given chunks or on
// stand-ins made for the run (and removed after it).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveToolchain } from '../binaries/toolchain.js';
import { DEFAULT_PROFILES } from './bench-browser.js';
import { benchConversation } from './conversation-bench.js';
import { formatConversationBench, formatConversationHtml } from './format-conversation.js';
import { makeStandIns } from './stand-ins.js';

export interface ConversationCommandOptions {
  preset?: string | undefined;
  runs: number;
  ffmpeg?: string | undefined;
  ffprobe?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number, label: string) => void;
}

export async function benchConversationCommand(inputs: readonly string[], options: ConversationCommandOptions): Promise<{ text: string; json: string; html: string }> {
  const scratch = inputs.length === 0 ? await mkdtemp(path.join(os.tmpdir(), 'streamprep-stand-ins-')) : undefined;
  try {
    let chunks = [...inputs];
    if (scratch) {
      const toolchain = await resolveToolchain({ ffmpeg: options.ffmpeg, ffprobe: options.ffprobe }, ['libx264', 'aac']);
      options.onProgress?.(0, 1, 'making 12 stand-in chunks');
      chunks = await makeStandIns(toolchain.ffmpeg.path, scratch);
    }
    const report = await benchConversation(chunks, {
      preset: options.preset, runs: options.runs, profiles: DEFAULT_PROFILES.slice(0, 2),
      ffmpegPath: options.ffmpeg, ffprobePath: options.ffprobe, signal: options.signal, onProgress: options.onProgress,
    });
    return { text: formatConversationBench(report), json: `${JSON.stringify(report, null, 2)}\n`, html: formatConversationHtml(report) };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
