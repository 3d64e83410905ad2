// The one scheduler: a fixed number of encoding slots shared by every caller (optimize, watch, the
// library's optimizer). A task holds its slot only while it runs; the scheduler decides its threads when
// it starts, from how many jobs will then run side by side. No processes, no files: pure coordination.
import { threadsFor } from './thread-plan.js';

export interface Slot {
  /** Decoder and encoder threads for this job. */
  threads: number;
}

export interface SchedulerOptions {
  /** Jobs that run at once. */
  concurrency: number;
  /** Cores the thread plan shares out (a function: a share that changes, such as a worker's among the workers on its machine). */
  cores: number | (() => number);
  /** A fixed thread count per job (--threads); default: chosen per job by threadsFor(). */
  threads?: number | undefined;
  /** Jobs the caller will still hand in (a batch fed as the queue drains): counted when planning threads. */
  backlog?: () => number;
}

/** A place announced ahead: the job is counted in the thread plan from now until it runs or is released. */
export interface Reservation {
  /** Waits for a slot (in order of arrival), runs `task`, frees the slot when it settles. */
  run<T>(task: (slot: Slot) => Promise<T>): Promise<T>;
  /** The job will not run after all (skipped, failed before encoding). */
  release(): void;
}

export interface Scheduler {
  /** Waits for a slot (in order of arrival), runs `task`, frees the slot when it settles. */
  run<T>(task: (slot: Slot) => Promise<T>): Promise<T>;
  /**
   * Announces a job that will ask for a slot soon (its input is still being checked), so that jobs
   * starting meanwhile plan their threads knowing it is coming.
   */
  reserve(): Reservation;
  /** Jobs running now. */
  readonly running: number;
  /** Jobs waiting for a slot. */
  readonly waiting: number;
  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { concurrency } = options;
  const coresNow = typeof options.cores === 'function' ? options.cores : () => options.cores as number;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);
  const queue: Array<() => void> = [];
  let running = 0;
  let reserved = 0;
  let watchers: Array<() => void> = [];

  const notify = (): void => {
    const current = watchers;
    watchers = [];
    for (const watcher of current) watcher();
  };
  const dispatch = (): void => {
    while (running < concurrency && queue.length > 0) {
      running++;
      (queue.shift() as () => void)();
    }
    notify();
  };
  const threadsNow = (): number =>
    options.threads ?? threadsFor(coresNow(), Math.min(concurrency, running + queue.length + reserved + (options.backlog?.() ?? 0)));

  const until = (condition: () => boolean): Promise<void> => new Promise<void>((resolve) => {
    const check = (): void => {
      if (condition()) resolve();
      else watchers.push(check);
    };
    check();
  });

  const run = <T>(task: (slot: Slot) => Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    queue.push(() => {
      const slot = { threads: threadsNow() };
      task(slot).then(resolve, reject).finally(() => {
        running--;
        dispatch();
      });
    });
    dispatch();
  });

  return {
    run,
    reserve() {
      reserved++;
      let open = true;
      const close = (): void => {
        if (open) reserved--;
        open = false;
      };
      return {
        run<T>(task: (slot: Slot) => Promise<T>): Promise<T> {
          close();
          return run(task);
        },
        release: close,
      };
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    idle: () => until(() => running === 0 && queue.length === 0),
  };
}
