#!/usr/bin/env node
// Node ≥ 22.1 keeps the compiled bundle on disk (in its own cache folder under the temporary folder):
// later starts skip most of the compiling. Older Node versions have no such cache and start as before.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundle/streamprep.mjs');
