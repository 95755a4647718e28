/**
 * Byte-level writing and bounded reading of snapshot payloads: little-endian fixed-width numbers,
 * LEB128 varints and length-prefixed binary strings (one char per byte). The reader never reads
 * past its end and checks every length against a named limit and against the bytes left; what
 * breaks a rule is a FormatViolation at a payload offset, which the file reader turns into a
 * SnapshotError with the file, block and absolute offset.
 */
import { STRING_BYTES_MAX, VARINT_BYTES_MAX } from './format.js';

/** Strings up to this length are written char by char; longer ones through Buffer's latin1 codec. */
const SHORT_TEXT_BYTES_MAX = 16;
/** The smallest buffer a writer starts with. */
const WRITER_CAPACITY_MIN_BYTES = 1024;

/** A payload that breaks the format at `offset` (bytes from the start of its buffer). */
export class FormatViolation extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'FormatViolation';
  }
}

/** An append-only byte buffer that grows as needed. */
export class ByteWriter {
  private buffer: Buffer;
  /** Bytes written. */
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(WRITER_CAPACITY_MIN_BYTES, capacity));
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Forget everything written; the buffer is kept. */
  reset(): void {
    this.length = 0;
  }

  /** Room for `bytes` more. */
  reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** One byte. */
  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** A u32. */
  u32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeUInt32LE(value, this.length);
  }

  /** Overwrite a u32 written earlier at `at` (a length known only afterwards). */
  patchU32(at: number, value: number): void {
    this.buffer.writeUInt32LE(value, at);
  }

  /** An i32. */
  i32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeInt32LE(value, this.length);
  }

  /** An unsigned 64-bit bigint. */
  bigU64(value: bigint): void {
    this.reserve(8);
    this.length = this.buffer.writeBigUInt64LE(value, this.length);
  }

  /** Any JS number, exactly. */
  f64(value: number): void {
    this.reserve(8);
    this.length = this.buffer.writeDoubleLE(value, this.length);
  }

  /** A non-negative safe integer as a LEB128 varint (1 byte below 128). */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`assertion: varint of ${value}`);
    this.reserve(VARINT_BYTES_MAX);
    const buffer = this.buffer;
    let rest = value;
    let at = this.length;
    for (let written = 1; rest >= 0x80 && written < VARINT_BYTES_MAX; written++) {
      buffer[at++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    buffer[at++] = rest;
    this.length = at;
  }

  /** A binary string: its length as a varint, then its bytes. */
  text(value: string): void {
    const length = value.length;
    this.varint(length);
    this.reserve(length);
    const buffer = this.buffer;
    const at = this.length;
    if (length <= SHORT_TEXT_BYTES_MAX) {
      for (let index = 0; index < length; index++) buffer[at + index] = value.charCodeAt(index);
    } else {
      buffer.write(value, at, length, 'latin1');
    }
    this.length = at + length;
  }

  /** Raw bytes. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
}

/** A cursor over `buffer[offset, end)` that checks every read. */
export class ByteReader {
  constructor(
    readonly buffer: Buffer,
    public offset: number,
    readonly end: number,
  ) {}

  /** Bytes left before the end. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** Fail at the current offset. */
  fail(message: string): never {
    throw new FormatViolation(message, this.offset);
  }

  /** Check that `bytes` more can be read. */
  need(bytes: number, what: string): void {
    if (bytes > this.end - this.offset) this.fail(`${what} needs ${bytes} bytes, ${this.end - this.offset} left`);
  }

  /** One byte. */
  u8(what = 'a byte'): number {
    this.need(1, what);
    return this.buffer[this.offset++] as number;
  }

  /** A u32. */
  u32(what: string): number {
    this.need(4, what);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** An i32. */
  i32(what: string): number {
    this.need(4, what);
    const value = this.buffer.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A u64 as a bigint. */
  bigU64(what: string): bigint {
    this.need(8, what);
    const value = this.buffer.readBigUInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  /** An f64 that must be finite (times, expiries). */
  finiteF64(what: string): number {
    const value = this.f64(what);
    if (!Number.isFinite(value)) this.failAt(this.offset - 8, `${what} is ${value}`);
    return value;
  }

  /** An f64, whatever its value. */
  f64(what: string): number {
    this.need(8, what);
    const value = this.buffer.readDoubleLE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A LEB128 varint of at most VARINT_BYTES_MAX bytes. */
  varint(what: string): number {
    const buffer = this.buffer;
    const start = this.offset;
    if (start < this.end) {
      const first = buffer[start] as number;
      if (first < 0x80) {
        this.offset = start + 1;
        return first;
      }
    }
    let value = 0;
    let scale = 1;
    for (let index = 0; index < VARINT_BYTES_MAX; index++) {
      if (start + index >= this.end) this.fail(`${what}: a varint runs past the end`);
      const byte = buffer[start + index] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.offset = start + index + 1;
        if (value > Number.MAX_SAFE_INTEGER) this.failAt(start, `${what}: a varint beyond 2^53 - 1`);
        return value;
      }
      scale *= 0x80;
    }
    return this.failAt(start, `${what}: a varint longer than ${VARINT_BYTES_MAX} bytes`);
  }

  /**
   * A count of things that take at least `bytesEach` bytes each: at most `countMax`, and no more
   * than the bytes left could hold (so a corrupt count never allocates much).
   */
  count(what: string, countMax: number, bytesEach: number): number {
    const start = this.offset;
    const value = this.varint(what);
    if (value > countMax) this.failAt(start, `${what} ${value} is above the limit of ${countMax}`);
    if (value * bytesEach > this.end - this.offset) this.failAt(start, `${what} ${value} cannot fit in the ${this.end - this.offset} bytes left`);
    return value;
  }

  /** A binary string (varint length, bytes) of at most `bytesMax` bytes. */
  text(what: string, bytesMax: number = STRING_BYTES_MAX): string {
    const start = this.offset;
    const length = this.varint(what);
    if (length > bytesMax) this.failAt(start, `${what} of ${length} bytes is above the limit of ${bytesMax}`);
    if (length > this.end - this.offset) this.failAt(start, `${what} of ${length} bytes runs past the end`);
    const at = this.offset;
    this.offset = at + length;
    return this.buffer.toString('latin1', at, at + length);
  }

  /** Check that everything was read. */
  expectEnd(what: string): void {
    if (this.offset !== this.end) this.fail(`${this.end - this.offset} bytes left over after ${what}`);
  }

  private failAt(offset: number, message: string): never {
    throw new FormatViolation(message, offset);
  }
}
