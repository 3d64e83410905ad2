// How many encoder threads a job gets. Measured here (2 cores, 12 five-second 512×512 chunks, bundled
// ffmpeg, see docs/BENCHMARKS.md): with the cores saturated by parallel jobs, one thread per job
// (decoder and encoder) beat x264's default threading by ~5%; a chunk encoding alone took 0.47 s with
// one thread and 0.25 s with two. So: one thread while at least as many jobs run side by side as
// there are cores; otherwise (the last jobs of a batch, a lone chunk, a low --concurrency) they share
// the cores. Pure.

/** `parallelJobs`: jobs that will run side by side: min(concurrency, unfinished jobs, the starting one included). */
export function threadsFor(cores: number, parallelJobs: number): number {
  if (parallelJobs >= cores) return 1;
  return Math.max(1, Math.floor(cores / Math.max(1, parallelJobs)));
}

/**
 * How many jobs run side by side when the job at `index` (0-based, in dispatch order) of a batch of
 * `total` starts, if each job is started as soon as a slot frees: the ones still running, itself, and
 * those after it, at most `concurrency`. What the scheduler sees at run time, so --print-command can
 * show the threads a run will use.
 */
export function parallelAtDispatch(index: number, total: number, concurrency: number): number {
  return Math.max(1, Math.min(concurrency, Math.min(index, concurrency - 1) + total - index));
}
