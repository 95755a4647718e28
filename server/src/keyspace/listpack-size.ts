/**
 * How many bytes an element takes in a Redis 7.0 listpack (lpEncodeGetType and lpEncodeBacklen):
 * the encoding (canonical 64-bit integers in 1 to 9 bytes, strings behind a 1, 2 or 5 byte
 * header) and the back length. Lists, hashes and sorted sets model Redis's listpack sizes with it
 * (node splits, encoding conversions and MEMORY USAGE depend on them).
 */
import { parseInt64 } from '../util/number.js';

/** Bytes of one element in a Redis listpack: its encoding (integer or string) and its back length. */
export function listpackEntryBytes(value: string): number {
  const encoded = listpackEncodedBytes(value);
  return encoded + listpackBacklenBytes(encoded);
}

/** lpEncodeGetType: canonical 64-bit integers take 1 to 9 bytes, strings a 1, 2 or 5 byte header. */
function listpackEncodedBytes(value: string): number {
  const integer = listpackIntegerBytes(value);
  if (integer !== 0) return integer;
  const length = value.length;
  if (length < 64) return 1 + length;
  if (length < 4096) return 2 + length;
  return 5 + length;
}

/** The encoded size of `value` as a listpack integer, or 0 when it is not a canonical int64 (lpStringToInt64). */
function listpackIntegerBytes(value: string): number {
  const length = value.length;
  if (length === 0 || length > 20) return 0;
  const first = value.charCodeAt(0);
  if (first !== 45 /* - */ && (first < 48 || first > 57)) return 0;
  if (length > 11) return parseInt64(value) === null ? 0 : 9; // beyond 10 digits no int32 fits
  const number = canonicalSmallInteger(value);
  if (number === null) return 0;
  if (number >= 0 && number <= 127) return 1;
  if (number >= -4096 && number <= 4095) return 2;
  if (number >= -32768 && number <= 32767) return 3;
  if (number >= -8388608 && number <= 8388607) return 4;
  if (number >= -2147483648 && number <= 2147483647) return 5;
  return 9;
}

/** string2ll for texts of at most 11 chars: the number, or null when not canonical. */
function canonicalSmallInteger(text: string): number | null {
  if (text === '0') return 0;
  const negative = text.charCodeAt(0) === 45;
  let index = negative ? 1 : 0;
  if (index >= text.length) return null;
  const first = text.charCodeAt(index);
  if (first < 49 || first > 57) return null;
  let value = 0;
  for (; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** lpEncodeBacklen: bytes of the back length of an entry whose encoding takes `encoded` bytes. */
function listpackBacklenBytes(encoded: number): number {
  if (encoded <= 127) return 1;
  if (encoded < 16383) return 2;
  if (encoded < 2097151) return 3;
  if (encoded < 268435455) return 4;
  return 5;
}
