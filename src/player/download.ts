// A chunk's bytes as they arrive, and where its head (through the first moof) ends.

/**
 * One chunk's download: its bytes as they arrive (appended to the SourceBuffer while the rest is still
 * on its way, so the first frame needs only the first fragment's first samples).
 */
export class Download {
  readonly parts: Array<Uint8Array<ArrayBuffer>> = [];
  done = false;
  error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(readonly url: string, signal: AbortSignal, readonly range?: { offset: number; length: number }) {
    this.finished = this.run(signal);
  }

  readonly finished: Promise<void>;

  private async run(signal: AbortSignal): Promise<void> {
    try {
      const { range } = this;
      const response = await fetch(this.url, range ? { signal, headers: { range: `bytes=${range.offset}-${range.offset + range.length - 1}` } } : { signal });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      // A server that ignores Range sends the whole file: only the range would be right to append.
      if (range && response.status !== 206) throw new Error(`HTTP ${response.status} to a byte range (the server ignores Range)`);
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.parts.push(value as Uint8Array<ArrayBuffer>);
        this.notify();
      }
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
    }
    this.done = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves when more bytes (or the end) arrive after `seen` parts. */
  async more(seen: number): Promise<void> {
    if (this.parts.length > seen || this.done) return;
    await new Promise<void>((resolve) => { this.wake = resolve; });
  }
}

export const concat = (parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Bytes up to the end of the first moof and the mdat header after it (enough to know the chunk's timing), if they are there. */
export function headLength(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4] as number, bytes[at + 5] as number, bytes[at + 6] as number, bytes[at + 7] as number);
    if (type === 'moof') return at + size <= bytes.length ? at + size : undefined;
    if (size < 8) return undefined;
    at += size;
  }
  return undefined;
}
