// Files that stopped growing in the middle of their data: their writer may only have paused. Each is
// held without a verdict for the stale time; taken again meanwhile, it is released (only that outcome
// counts); still after it, or when watch stops, it is given up (the caller records it as failed).
import { clampDelay } from '../limits.js';
import type { FileReport } from '../report/types.js';

export class PausedWriters {
  readonly #held = new Map<string, { report: FileReport; timer: NodeJS.Timeout }>();

  constructor(private readonly staleMs: number, private readonly giveUp: (file: string, report: FileReport) => void) {}

  hold(file: string, report: FileReport): void {
    this.release(file);
    this.#held.set(file, { report, timer: setTimeout(() => this.#giveUp(file), clampDelay(this.staleMs)) });
  }

  /** The file is taken again: no verdict on its earlier read. */
  release(file: string): void {
    const entry = this.#held.get(file);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#held.delete(file);
  }

  /** Watch stops: every file still held is given up. */
  giveUpAll(): void {
    for (const file of [...this.#held.keys()]) this.#giveUp(file);
  }

  #giveUp(file: string): void {
    const entry = this.#held.get(file);
    if (!entry) return;
    this.release(file);
    this.giveUp(file, entry.report);
  }
}
