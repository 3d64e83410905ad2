// The executable's entry: bin/streamprep.js imports this.
import v8 from 'node:v8';

// Batches spawn a process per file; V8's default heap growth then lets RSS climb with the number of
// files although little is live (~10 MB). Favouring size keeps peak RSS close to flat (docs/BENCHMARKS.md).
v8.setFlagsFromString('--optimize-for-size');
const { main } = await import('./main.js');

// `streamprep check … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await main(process.argv);
