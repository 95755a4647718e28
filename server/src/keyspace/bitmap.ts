/**
 * Bitmaps over string values (Redis bitops.c): a string is a sequence of bits, bit 0 being the
 * most significant bit of the first byte. Values are binary strings (one char per byte); these
 * pure functions read them in place and build new strings for changes.
 */

/** Set bits in each byte value. */
const BITS_IN_BYTE = (() => {
  const table = new Uint8Array(256);
  for (let value = 1; value < 256; value++) table[value] = (value & 1) + (table[value >> 1] as number);
  return table;
})();

/** Ranges shorter than this are counted char by char; longer ones through the word-wise scratch buffer. */
const POPCOUNT_CHARS_MAX = 256;
/** Bytes counted per pass of the word-wise popcount (the scratch buffer's size, a multiple of 4). */
const POPCOUNT_CHUNK_BYTES = 64 * 1024;
const popcountChunk = Buffer.allocUnsafeSlow(POPCOUNT_CHUNK_BYTES);
const popcountWords = new Uint32Array(popcountChunk.buffer, popcountChunk.byteOffset, POPCOUNT_CHUNK_BYTES / 4);

/** Patterns finding the first byte that is not all zeros / not all ones. */
// eslint-disable-next-line no-control-regex -- matching bytes other than NUL is the point
const NOT_ZERO_BYTE = /[^\x00]/;
const NOT_FULL_BYTE = /[^\xff]/;

/** The bit at `offset` (0 past the end of the string). O(1) on a flat string. */
export function bitAt(value: string, offset: number): 0 | 1 {
  const byte = Math.floor(offset / 8);
  if (byte >= value.length) return 0;
  return ((value.charCodeAt(byte) >> (7 - (offset % 8))) & 1) as 0 | 1;
}

/** `value` padded with zero bytes to at least `length` bytes. */
export function padTo(value: string, length: number): string {
  return value.length >= length ? value : value + '\0'.repeat(length - value.length);
}

/** `value` with the bit at `offset` set to `bit`, grown with zero bytes when the offset is past its end. */
export function withBit(value: string, offset: number, bit: 0 | 1): string {
  const byte = Math.floor(offset / 8);
  const padded = padTo(value, byte + 1);
  const mask = 1 << (7 - (offset % 8));
  const old = padded.charCodeAt(byte);
  const updated = bit === 1 ? old | mask : old & ~mask;
  if (updated === old) return padded;
  return padded.slice(0, byte) + String.fromCharCode(updated) + padded.slice(byte + 1);
}

/** Set bits in bytes [start, end) of `value`. */
export function popcount(value: string, start: number, end: number): number {
  if (end - start < POPCOUNT_CHARS_MAX) return popcountChars(value, start, end);
  let count = 0;
  for (let at = start; at < end; at += POPCOUNT_CHUNK_BYTES) {
    const length = Math.min(POPCOUNT_CHUNK_BYTES, end - at);
    popcountChunk.write(value.slice(at, at + length), 0, length, 'latin1');
    const words = length >>> 2;
    for (let index = 0; index < words; index++) count += popcount32(popcountWords[index] as number);
    for (let index = words * 4; index < length; index++) count += BITS_IN_BYTE[popcountChunk[index] as number] as number;
  }
  return count;
}

function popcountChars(value: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) count += BITS_IN_BYTE[value.charCodeAt(index)] as number;
  return count;
}

function popcount32(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Set bits among bits [startBit, endBit] (inclusive) of `value`; both lie inside the string. */
export function countBits(value: string, startBit: number, endBit: number): number {
  const firstByte = Math.floor(startBit / 8);
  const lastByte = Math.floor(endBit / 8);
  let count = popcount(value, firstByte, lastByte + 1);
  const headMask = (0xff00 >> (startBit % 8)) & 0xff;
  const tailMask = (1 << (7 - (endBit % 8))) - 1;
  count -= BITS_IN_BYTE[value.charCodeAt(firstByte) & headMask] as number;
  count -= BITS_IN_BYTE[value.charCodeAt(lastByte) & tailMask] as number;
  return count;
}

/**
 * The position of the first bit equal to `bit` among bits [startBit, endBit] (inclusive, inside
 * the string), or -1 when there is none.
 */
export function findBit(value: string, bit: 0 | 1, startBit: number, endBit: number): number {
  const firstByte = Math.floor(startBit / 8);
  const lastByte = Math.floor(endBit / 8);
  const headBits = Math.min(endBit, firstByte * 8 + 7);
  const inHead = findBitInByte(value.charCodeAt(firstByte), bit, firstByte * 8, startBit, headBits);
  if (inHead !== -1 || lastByte === firstByte) return inHead;
  const found = value.slice(firstByte + 1, lastByte).search(bit === 1 ? NOT_ZERO_BYTE : NOT_FULL_BYTE);
  if (found !== -1) {
    const byte = firstByte + 1 + found;
    return findBitInByte(value.charCodeAt(byte), bit, byte * 8, byte * 8, byte * 8 + 7);
  }
  return findBitInByte(value.charCodeAt(lastByte), bit, lastByte * 8, lastByte * 8, endBit);
}

/** The first bit equal to `bit` among bits [fromBit, toBit] of one byte whose bit 0 is at `byteBit`. */
function findBitInByte(byteValue: number, bit: 0 | 1, byteBit: number, fromBit: number, toBit: number): number {
  for (let position = fromBit; position <= toBit; position++) {
    if (((byteValue >> (7 - (position - byteBit))) & 1) === bit) return position;
  }
  return -1;
}

export type BitOperation = 'and' | 'or' | 'xor' | 'not';

/**
 * BITOP over `sources` (missing keys as empty strings): the result is as long as the longest
 * source, shorter sources count as zero-padded. NOT takes exactly one source.
 */
export function bitwise(operation: BitOperation, sources: readonly string[]): string {
  let length = 0;
  for (const source of sources) length = Math.max(length, source.length);
  if (length === 0) return '';
  const result = Buffer.alloc(length);
  result.write(sources[0] as string, 0, 'latin1');
  if (operation === 'not') {
    for (let index = 0; index < length; index++) result[index] = ~(result[index] as number) & 0xff;
    return result.toString('latin1');
  }
  for (let sourceIndex = 1; sourceIndex < sources.length; sourceIndex++) {
    const source = Buffer.from(sources[sourceIndex] as string, 'latin1');
    combine(operation, result, source);
  }
  return result.toString('latin1');
}

/** result = result OP source, byte by byte; bytes past the end of `source` count as zero. */
function combine(operation: Exclude<BitOperation, 'not'>, result: Buffer, source: Buffer): void {
  const shared = Math.min(result.length, source.length);
  if (operation === 'and') {
    for (let index = 0; index < shared; index++) result[index] = (result[index] as number) & (source[index] as number);
    result.fill(0, shared);
  } else if (operation === 'or') {
    for (let index = 0; index < shared; index++) result[index] = (result[index] as number) | (source[index] as number);
  } else {
    for (let index = 0; index < shared; index++) result[index] = (result[index] as number) ^ (source[index] as number);
  }
}

/**
 * BITFIELD's view of a string value: integer fields read and written at bit offsets. Writes go to
 * an overlay of changed bytes (at most 9 per field), so fields far apart cost nothing more;
 * `applied` builds the changed string once at the end. Bytes past the value's end read as zero.
 */
export class FieldEditor {
  private readonly changedBytes = new Map<number, number>();

  constructor(private readonly value: string) {}

  /** The unsigned integer of `bits` bits (1..64) at bit `offset`. */
  getUnsigned(offset: number, bits: number): bigint {
    const { first, last, shift } = span(offset, bits);
    let accumulated = 0n;
    for (let index = first; index <= last; index++) accumulated = (accumulated << 8n) | BigInt(this.byteAt(index));
    return (accumulated >> BigInt(shift)) & ((1n << BigInt(bits)) - 1n);
  }

  /** The signed (two's complement) integer of `bits` bits at bit `offset`. */
  getSigned(offset: number, bits: number): bigint {
    return BigInt.asIntN(bits, this.getUnsigned(offset, bits));
  }

  /** Store the low `bits` bits of `integer` at bit `offset`, which must lie inside the value. */
  set(offset: number, bits: number, integer: bigint): void {
    const { first, last, shift } = span(offset, bits);
    if (last >= this.value.length) throw new Error('assertion: a field is written past the end of its string');
    let accumulated = 0n;
    for (let index = first; index <= last; index++) accumulated = (accumulated << 8n) | BigInt(this.byteAt(index));
    const mask = ((1n << BigInt(bits)) - 1n) << BigInt(shift);
    accumulated = (accumulated & ~mask) | ((BigInt.asUintN(bits, integer) << BigInt(shift)) & mask);
    for (let index = last; index >= first; index--) {
      this.changedBytes.set(index, Number(accumulated & 0xffn));
      accumulated >>= 8n;
    }
  }

  /** The value with every write applied. */
  applied(): string {
    const indexes = [...this.changedBytes.keys()].sort((a, b) => a - b);
    let result = '';
    let copiedUpTo = 0;
    for (const index of indexes) {
      result += this.value.slice(copiedUpTo, index) + String.fromCharCode(this.changedBytes.get(index) as number);
      copiedUpTo = index + 1;
    }
    return result + this.value.slice(copiedUpTo);
  }

  private byteAt(index: number): number {
    const changed = this.changedBytes.get(index);
    if (changed !== undefined) return changed;
    return index < this.value.length ? this.value.charCodeAt(index) : 0;
  }
}

/** The bytes a field of `bits` bits at bit `offset` spans, and how far its low bit is from the last byte's end. */
function span(offset: number, bits: number): { first: number; last: number; shift: number } {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  return { first, last, shift: (last + 1) * 8 - offset - bits };
}

/** BITFIELD's OVERFLOW behaviours. */
export type Overflow = 'wrap' | 'sat' | 'fail';

/**
 * The integer BITFIELD stores for `value` in a field of `bits` bits (Redis's
 * check(Un)signedBitfieldOverflow): `value` itself when it fits, else wrapped modulo 2^bits,
 * saturated to the nearest limit, or null for FAIL (nothing is written).
 */
export function fitField(value: bigint, signed: boolean, bits: number, overflow: Overflow): bigint | null {
  const width = BigInt(bits);
  const max = signed ? (1n << (width - 1n)) - 1n : (1n << width) - 1n;
  const min = signed ? -(1n << (width - 1n)) : 0n;
  if (value >= min && value <= max) return value;
  if (overflow === 'fail') return null;
  if (overflow === 'sat') return value > max ? max : min;
  return signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}
