// Batches spawn a process per file, and check walks thousands; V8's default heap growth then lets RSS
// climb with the number of files although little is live (~10 MB). Favouring size keeps peak RSS close
// to flat (docs/BENCHMARKS.md). Set by the commands that run long, not at start-up (loading v8 costs).
export async function favourSmallHeap(): Promise<void> {
  const { default: v8 } = await import('node:v8');
  v8.setFlagsFromString('--optimize-for-size');
}
