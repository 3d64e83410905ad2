// A bounds-checked cursor over a box payload: every read past the end yields undefined, never throws.

export class PayloadReader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(size: number): number | undefined {
    if (this.offset + size > this.bytes.length) return undefined;
    const at = this.offset;
    this.offset += size;
    return at;
  }

  u8(): number | undefined {
    const at = this.take(1);
    return at === undefined ? undefined : this.view.getUint8(at);
  }

  u16(): number | undefined {
    const at = this.take(2);
    return at === undefined ? undefined : this.view.getUint16(at);
  }

  u32(): number | undefined {
    const at = this.take(4);
    return at === undefined ? undefined : this.view.getUint32(at);
  }

  /** 64-bit unsigned; undefined beyond 2^53. */
  u64(): number | undefined {
    const at = this.take(8);
    if (at === undefined) return undefined;
    const value = this.view.getBigUint64(at);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
  }

  skip(size: number): boolean {
    return this.take(size) !== undefined;
  }

  fourcc(): string | undefined {
    const at = this.take(4);
    return at === undefined ? undefined : Buffer.from(this.bytes.subarray(at, at + 4)).toString('latin1');
  }

  /** version and flags of a FullBox. */
  fullBoxHeader(): { version: number; flags: number } | undefined {
    const word = this.u32();
    return word === undefined ? undefined : { version: word >>> 24, flags: word & 0xffffff };
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.offset);
    this.offset = this.bytes.length;
    return out;
  }
}
