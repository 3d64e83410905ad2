#!/usr/bin/env node
// Node ≥ 22.1 keeps the compiled bundle on disk (in its own cache folder under the temporary folder):
// later starts skip most of the compiling. Older Node versions have no such cache and start as before.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/bundle/streamprep.mjs', import.meta.url);
// A checkout that was never built (cloned, not yet `npm ci`): say so, not a module-resolution stack.
if (!existsSync(bundle)) {
  process.stderr.write(`streamprep is not built: run \`npm ci\` (or \`npm run build\`) in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(2);
}
module.enableCompileCache?.();
await import(bundle.href);
