/**
 * CRC-64/Jones as Redis's crc64.c computes it (DUMP payloads, RDB files): polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor.
 * Check value: crc64("123456789") = 0xe9c6d914c4b8d9ca.
 *
 * JS has no 64-bit integer type that is fast, so the CRC is kept as two 32-bit halves and the
 * byte-wise table is split the same way.
 */

/** The reflected polynomial, as its high and low 32-bit halves. */
const POLYNOMIAL_HIGH = 0x95ac9329;
const POLYNOMIAL_LOW = 0xac4bc9b5;

const TABLE_HIGH = new Uint32Array(256);
const TABLE_LOW = new Uint32Array(256);

for (let byte = 0; byte < 256; byte++) {
  let high = 0;
  let low = byte;
  for (let bit = 0; bit < 8; bit++) {
    const carry = low & 1;
    low = ((low >>> 1) | ((high & 1) << 31)) >>> 0;
    high >>>= 1;
    if (carry !== 0) {
      high = (high ^ POLYNOMIAL_HIGH) >>> 0;
      low = (low ^ POLYNOMIAL_LOW) >>> 0;
    }
  }
  TABLE_HIGH[byte] = high;
  TABLE_LOW[byte] = low;
}

/** A CRC-64 value as two unsigned 32-bit halves. */
export interface Crc64 {
  readonly high: number;
  readonly low: number;
}

/** CRC-64/Jones of the binary string `data` (one char per byte) from index `start` to `end`. */
export function crc64(data: string, start = 0, end = data.length): Crc64 {
  let high = 0;
  let low = 0;
  for (let index = start; index < end; index++) {
    const slot = (low ^ data.charCodeAt(index)) & 0xff;
    low = (((low >>> 8) | (high << 24)) ^ (TABLE_LOW[slot] as number)) >>> 0;
    high = ((high >>> 8) ^ (TABLE_HIGH[slot] as number)) >>> 0;
  }
  return { high, low };
}

/** The CRC as 8 bytes, little-endian (how Redis writes it after a DUMP payload). */
export function crc64LittleEndian(crc: Crc64): string {
  return (
    String.fromCharCode(crc.low & 0xff, (crc.low >>> 8) & 0xff, (crc.low >>> 16) & 0xff, crc.low >>> 24) +
    String.fromCharCode(crc.high & 0xff, (crc.high >>> 8) & 0xff, (crc.high >>> 16) & 0xff, crc.high >>> 24)
  );
}
