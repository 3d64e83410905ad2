// What a benchmark ran on, recorded with its results.
import os from 'node:os';
import type { Toolchain } from '../binaries/toolchain.js';
import { packageVersion } from '../version.js';

export interface BenchEnvironment {
  ffmpeg: { path: string; version: string; source: string };
  cpu: { model: string; count: number };
  memoryGiB: number;
  os: string;
  node: string;
  streamprep: string;
}

export function describeEnvironment(toolchain: Toolchain): BenchEnvironment {
  const cpus = os.cpus();
  return {
    ffmpeg: { path: toolchain.ffmpeg.path, version: toolchain.ffmpeg.version, source: toolchain.ffmpeg.source },
    cpu: { model: cpus[0]?.model.trim() ?? 'unknown', count: os.availableParallelism() },
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    streamprep: packageVersion(),
  };
}
