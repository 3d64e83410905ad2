// Bundles the CLI (dist/cli/streamprep.mjs, plus chunks each command loads when it runs): few files to
// read, no module resolution and little to compile at start-up, which is most of a cold start's cost
// (measured in docs/BENCHMARKS.md). The packages that ship binaries stay outside: their code finds the
// binaries next to itself.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: { streamprep: 'dist/cli/run.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  minify: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // playwright-core and bullmq find their own files (drivers, Lua scripts) next to themselves.
  external: ['@ffprobe-installer/ffprobe', '@ffmpeg-installer/ffmpeg', 'ffmpeg-static', 'playwright-core', 'bullmq', 'ioredis'],
  // Bundled CommonJS dependencies (commander) call require(): give them Node's.
  banner: { js: "import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// streamprep/player as one browser-ready ES module (dist/player.js): a page loads it with
// <script type="module"> or an import, no bundler needed; serve delivers it at /_streamprep/player.js.
await build({
  entryPoints: { player: 'src/player/chunk-player.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['es2020', 'chrome90', 'safari15', 'firefox90'],
  legalComments: 'none',
  logLevel: 'warning',
});

// The GitHub Action: its script and the CLI, each one file, committed (action/bundle/), so `check` runs on
// the runner's Node with nothing installed. What only optimize and other commands need (the ffmpeg
// packages, the optional ones) stays outside, loaded when used.
const action = {
  bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: true, legalComments: 'none', logLevel: 'warning',
  external: ['@ffprobe-installer/ffprobe', '@ffmpeg-installer/ffmpeg', 'ffmpeg-static', 'playwright-core', 'bullmq', 'ioredis'],
  banner: { js: "import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);" },
};
// Split: the queue commands' chunks import bullmq statically; only they load it (as the CLI's own bundle does).
await rm('action/bundle', { recursive: true, force: true });
await build({
  ...action, entryPoints: { main: 'action/main.mjs', streamprep: 'src/cli/run.ts' }, outdir: 'action/bundle', outExtension: { '.js': '.mjs' },
  splitting: true, chunkNames: 'chunks/[name]-[hash]',
});
