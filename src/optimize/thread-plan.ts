// How many encoder threads a job gets. Measured here (2 cores, 12 five-second 512×512 chunks, bundled
// ffmpeg, see docs/BENCHMARKS.md): with the cores saturated by parallel jobs, one thread per job
// (decoder and encoder) beat x264's default threading by ~5%; a chunk encoding alone took 0.47 s with
// one thread and 0.25 s with two. So: one thread while there are at least as many unfinished jobs as
// cores; the cores shared among the last few jobs; a lone chunk gets them all. Pure.

/** `jobsLeft`: unfinished jobs, the one starting included. */
export function threadsFor(cores: number, jobsLeft: number): number {
  if (jobsLeft >= cores) return 1;
  return Math.max(1, Math.floor(cores / Math.max(1, jobsLeft)));
}
