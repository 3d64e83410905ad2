// Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP into one AbortSignal for whichever command runs, and
// remembers the exit code (130, 143, 129). Temporary files are removed by the exit hook in main.ts.

export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP; undefined when no signal came. */
  exitCode(): number | undefined;
  /** Runs `listener` first when a signal comes (e.g. to clear a progress bar). */
  onInterrupt(listener: () => void): void;
  /** Resolves when a signal has come: long-running commands (serve, worker) wait on it. */
  stopped(): Promise<void>;
  dispose(): void;
}

export const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

export function listenForInterrupt(announce?: () => void): Interrupt {
  const controller = new AbortController();
  const listeners: Array<() => void> = [];
  let code: number | undefined;
  const handlers = Object.entries(SIGNAL_EXIT_CODES).map(([name, exit]) => {
    const handler = (): void => {
      if (code !== undefined) {
        // A second signal: stop waiting for the cleanup (the exit hook still removes temporary files).
        process.exit(code);
      }
      code = exit;
      for (const listener of listeners) listener();
      announce?.();
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => code,
    onInterrupt: (listener) => void listeners.push(listener),
    stopped: () => new Promise<void>((resolve) => {
      if (controller.signal.aborted) resolve();
      else controller.signal.addEventListener('abort', () => resolve(), { once: true });
    }),
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
