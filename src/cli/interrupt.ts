// Turns Ctrl-C (SIGINT) and SIGTERM into an AbortSignal for the library, and remembers the exit code.

export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, undefined when no signal came. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function listenForInterrupt(onFirst?: () => void): Interrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const handle = (exit: number) => (): void => {
    if (code !== undefined) {
      // A second Ctrl-C: stop waiting for the cleanup.
      process.exit(code);
    }
    code = exit;
    onFirst?.();
    controller.abort();
  };
  const onInt = handle(130);
  const onTerm = handle(143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
