/** The string codec: a string value (also HyperLogLog and bitmaps) is its length as a varint, then its bytes. */
import type { ByteReader, ByteWriter } from '../bytes.js';

/** Write a string value. */
export function encodeString(value: string, out: ByteWriter): void {
  out.text(value);
}

/** Read a string value. */
export function decodeString(input: ByteReader): string {
  return input.text('string value');
}
