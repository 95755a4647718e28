/**
 * A minimal deterministic binary codec for the state machine's snapshots: unsigned LEB128
 * varints for numbers (safe integers) and bigints (uint64), length-prefixed UTF-8 strings.
 * The reader treats its input as untrusted: anything malformed throws FormatError, which the
 * snapshot decoder turns into an error value.
 */

const UINT64_MAX = (1n << 64n) - 1n;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Thrown by ByteReader on malformed input; caught at the decoder's boundary. */
export class FormatError extends Error {}

/** Appends values to a growing buffer. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** One byte, 0..255. */
  u8(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 255) throw new Error(`assertion: ${value} is not a byte`);
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** A non-negative safe integer as a varint. */
  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`assertion: ${value} is not a non-negative safe integer`);
    this.reserve(8);
    let rest = value;
    while (rest >= 128) {
      this.buffer[this.length++] = (rest % 128) | 128;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  /** A uint64 as a varint. */
  bigUint(value: bigint): void {
    if (value < 0n || value > UINT64_MAX) throw new Error(`assertion: ${value} is not a uint64`);
    this.reserve(10);
    let rest = value;
    while (rest >= 128n) {
      this.buffer[this.length++] = Number(rest & 127n) | 128;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
  }

  /** A UTF-8 string, length first. */
  string(value: string): void {
    const bytes = encoder.encode(value);
    this.uint(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** An unsigned 32-bit number, little-endian, fixed 4 bytes. */
  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`assertion: ${value} is not a uint32`);
    this.reserve(4);
    for (let shift = 0; shift < 32; shift += 8) this.buffer[this.length++] = (value >>> shift) & 0xff;
  }

  /** What was written so far (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Reads values back in the order ByteWriter wrote them; throws FormatError past the end or on bad values. */
export class ByteReader {
  private position = 0;

  constructor(private readonly input: Uint8Array) {}

  /** True when every byte has been read. */
  atEnd(): boolean {
    return this.position === this.input.length;
  }

  u8(): number {
    if (this.position >= this.input.length) throw new FormatError('truncated');
    return this.input[this.position++] as number;
  }

  /** A varint that must be a safe integer (at most 8 bytes). */
  uint(): number {
    let value = 0;
    let scale = 1;
    for (let count = 0; count < 8; count++) {
      const byte = this.u8();
      value += (byte & 127) * scale;
      if ((byte & 128) === 0) {
        if (!Number.isSafeInteger(value)) throw new FormatError('number beyond 2^53');
        return value;
      }
      scale *= 128;
    }
    throw new FormatError('varint too long');
  }

  /** A varint that must fit in 64 bits (at most 10 bytes). */
  bigUint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.u8();
      value |= BigInt(byte & 127) << shift;
      if ((byte & 128) === 0) {
        if (value > UINT64_MAX) throw new FormatError('number beyond 2^64');
        return value;
      }
    }
    throw new FormatError('varint too long');
  }

  /** A UTF-8 string of at most `bytesMax` bytes. */
  string(bytesMax: number): string {
    const length = this.uint();
    if (length > bytesMax) throw new FormatError(`string of ${length} bytes, more than ${bytesMax}`);
    if (this.position + length > this.input.length) throw new FormatError('truncated');
    const bytes = this.input.subarray(this.position, this.position + length);
    this.position += length;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new FormatError('string is not UTF-8');
    }
  }

  u32(): number {
    let value = 0;
    for (let shift = 0; shift < 32; shift += 8) value += this.u8() * 2 ** shift;
    return value;
  }
}
