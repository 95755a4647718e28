/**
 * DUMP / RESTORE payloads in Redis's own format, so they move between cairn and Redis unchanged:
 * the value's RDB type byte and RDB encoding, then the RDB version (2 bytes, little-endian), then
 * the CRC-64/Jones of everything before it (8 bytes, little-endian). Strings use Redis's RDB
 * string encoding: a length prefix, integers in 1, 2 or 4 bytes, LZF above 20 bytes.
 * Other types are not stored yet: their payloads are refused as bad data.
 */
import { crc64, crc64LittleEndian } from './crc64.js';
import type { StringEntry } from './entry.js';
import { lzfCompress, lzfDecompress } from './lzf.js';
import { parseInt64 } from '../util/number.js';

/** RDB version of Redis 7.0; payloads of a newer version are refused. */
export const RDB_VERSION = 10;
/** Bytes after the value: the version (2) and the CRC (8). */
const FOOTER_BYTES = 10;
const CRC_BYTES = 8;

/** RDB object type of a string value. */
const RDB_TYPE_STRING = 0;
/** Length prefixes: 6-bit, 14-bit, 32-bit and 64-bit lengths; the top two bits 11 mark a special encoding. */
const RDB_LENGTH_6BIT = 0;
const RDB_LENGTH_14BIT = 1;
const RDB_LENGTH_32BIT = 0x80;
const RDB_LENGTH_64BIT = 0x81;
const RDB_ENCODED = 3;
/** Special string encodings (after the 11 bits). */
const RDB_ENCODING_INT8 = 0;
const RDB_ENCODING_INT16 = 1;
const RDB_ENCODING_INT32 = 2;
const RDB_ENCODING_LZF = 3;
/** Redis tries integer encoding only for strings this short ("-2147483648" is 11). */
const INTEGER_ENCODING_LENGTH_MAX = 11;
/** Redis compresses strings longer than this (shorter ones never gain). */
const COMPRESSION_LENGTH_MIN = 21;
/** Compression must save at least this many bytes to be used (Redis rdbSaveLzfStringObject). */
const COMPRESSION_SAVING_MIN = 4;

/** What RESTORE makes of a payload. */
export type DumpDecoding =
  | { readonly kind: 'string'; readonly value: string }
  /** Version too new or checksum wrong: "DUMP payload version or checksum are wrong". */
  | { readonly kind: 'bad-version-or-checksum' }
  /** Not a value cairn can load: "Bad data format". */
  | { readonly kind: 'bad-data' };

const BAD_VERSION_OR_CHECKSUM: DumpDecoding = { kind: 'bad-version-or-checksum' };
const BAD_DATA: DumpDecoding = { kind: 'bad-data' };

/** DUMP: the payload of a string entry, byte for byte what Redis 7.0 produces for the same value. */
export function dumpPayload(entry: StringEntry): string {
  const body = encodeRdbObject(entry);
  const withVersion = body + String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8);
  return withVersion + crc64LittleEndian(crc64(withVersion));
}

/**
 * RESTORE: check the payload's version and checksum, then decode its value. `bytesMax` bounds
 * the decoded value (a corrupt length must not allocate gigabytes).
 */
export function decodeDumpPayload(payload: string, bytesMax: number): DumpDecoding {
  if (payload.length < FOOTER_BYTES) return BAD_VERSION_OR_CHECKSUM;
  const footer = payload.length - FOOTER_BYTES;
  const version = payload.charCodeAt(footer) | (payload.charCodeAt(footer + 1) << 8);
  if (version > RDB_VERSION) return BAD_VERSION_OR_CHECKSUM;
  const expected = crc64LittleEndian(crc64(payload, 0, payload.length - CRC_BYTES));
  if (payload.slice(payload.length - CRC_BYTES) !== expected) return BAD_VERSION_OR_CHECKSUM;
  const reader = new PayloadReader(payload);
  if (reader.byte() !== RDB_TYPE_STRING) return BAD_DATA;
  const value = reader.rdbString(bytesMax);
  return value === null ? BAD_DATA : { kind: 'string', value };
}

/** The RDB type byte and the value in its RDB encoding (Redis rdbSaveObjectType + rdbSaveObject). */
function encodeRdbObject(entry: StringEntry): string {
  return String.fromCharCode(RDB_TYPE_STRING) + encodeRdbString(entry.value);
}

/** Redis rdbSaveRawString: integer encoding when short and canonical, LZF when long and it pays, else raw. */
export function encodeRdbString(value: string): string {
  if (value.length <= INTEGER_ENCODING_LENGTH_MAX) {
    const integer = encodeRdbInteger(value);
    if (integer !== null) return integer;
  }
  if (value.length >= COMPRESSION_LENGTH_MIN) {
    const compressed = lzfCompress(value, value.length - COMPRESSION_SAVING_MIN);
    if (compressed !== null) {
      return (
        String.fromCharCode((RDB_ENCODED << 6) | RDB_ENCODING_LZF) +
        encodeLength(compressed.length) +
        encodeLength(value.length) +
        compressed
      );
    }
  }
  return encodeLength(value.length) + value;
}

/** Redis rdbTryIntegerEncoding: a canonical integer that fits 32 bits, in 1, 2 or 4 bytes; else null. */
function encodeRdbInteger(value: string): string | null {
  const parsed = parseInt64(value);
  if (parsed === null) return null;
  const integer = Number(parsed);
  const marker = (encoding: number) => String.fromCharCode((RDB_ENCODED << 6) | encoding);
  if (integer >= -128 && integer <= 127) return marker(RDB_ENCODING_INT8) + String.fromCharCode(integer & 0xff);
  if (integer >= -32768 && integer <= 32767) {
    return marker(RDB_ENCODING_INT16) + String.fromCharCode(integer & 0xff, (integer >> 8) & 0xff);
  }
  if (integer >= -2147483648 && integer <= 2147483647) {
    return (
      marker(RDB_ENCODING_INT32) +
      String.fromCharCode(integer & 0xff, (integer >> 8) & 0xff, (integer >> 16) & 0xff, (integer >>> 24) & 0xff)
    );
  }
  return null;
}

/** Redis rdbSaveLen. */
function encodeLength(length: number): string {
  if (length < 1 << 6) return String.fromCharCode((RDB_LENGTH_6BIT << 6) | length);
  if (length < 1 << 14) return String.fromCharCode((RDB_LENGTH_14BIT << 6) | (length >> 8), length & 0xff);
  if (length <= 0xffffffff) {
    return String.fromCharCode(RDB_LENGTH_32BIT, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  let bytes = '';
  let rest = length;
  for (let index = 0; index < 8; index++) {
    bytes = String.fromCharCode(rest % 256) + bytes;
    rest = Math.floor(rest / 256);
  }
  return String.fromCharCode(RDB_LENGTH_64BIT) + bytes;
}

/**
 * Reads RDB encodings from a payload; every read returns null past its end. As in Redis, reads may
 * run into the footer (the version and CRC bytes), and bytes left after the value are ignored.
 */
class PayloadReader {
  private at = 0;

  constructor(private readonly payload: string) {}

  byte(): number | null {
    return this.at < this.payload.length ? this.payload.charCodeAt(this.at++) : null;
  }

  bytes(count: number): string | null {
    if (count > this.payload.length - this.at) return null;
    const text = this.payload.slice(this.at, this.at + count);
    this.at += count;
    return text;
  }

  /** Redis rdbGenericLoadStringObject. */
  rdbString(bytesMax: number): string | null {
    const first = this.byte();
    if (first === null) return null;
    if (first >> 6 !== RDB_ENCODED) {
      const length = this.lengthAfter(first);
      return length === null || length > bytesMax ? null : this.bytes(length);
    }
    switch (first & 0x3f) {
      case RDB_ENCODING_INT8:
        return this.integer(1);
      case RDB_ENCODING_INT16:
        return this.integer(2);
      case RDB_ENCODING_INT32:
        return this.integer(4);
      case RDB_ENCODING_LZF:
        return this.lzfString(bytesMax);
      default:
        return null;
    }
  }

  /** Redis rdbLoadLen, given its first byte (a special-encoding byte reads as its low 6 bits, as there). */
  private lengthAfter(first: number): number | null {
    const kind = first >> 6;
    if (kind === RDB_LENGTH_6BIT || kind === RDB_ENCODED) return first & 0x3f;
    if (kind === RDB_LENGTH_14BIT) {
      const next = this.byte();
      return next === null ? null : ((first & 0x3f) << 8) | next;
    }
    if (first !== RDB_LENGTH_32BIT && first !== RDB_LENGTH_64BIT) return null;
    const raw = this.bytes(first === RDB_LENGTH_32BIT ? 4 : 8);
    if (raw === null) return null;
    let length = 0;
    for (let index = 0; index < raw.length; index++) length = length * 256 + raw.charCodeAt(index);
    return length;
  }

  private length(): number | null {
    const first = this.byte();
    return first === null ? null : this.lengthAfter(first);
  }

  /** A little-endian signed integer of `size` bytes, as its decimal string. */
  private integer(size: number): string | null {
    const raw = this.bytes(size);
    if (raw === null) return null;
    let value = 0;
    for (let index = size - 1; index >= 0; index--) value = value * 256 + raw.charCodeAt(index);
    const range = 2 ** (8 * size);
    return String(value >= range / 2 ? value - range : value);
  }

  /**
   * Redis rdbLoadLzfStringObject: compressed length, plain length, then the LZF stream. A plain
   * length of 0 gives the empty string whatever the stream holds (Redis 7.0 compares
   * lzf_decompress's 0 for failure with the expected 0).
   */
  private lzfString(bytesMax: number): string | null {
    const compressedLength = this.length();
    const length = this.length();
    if (compressedLength === null || length === null || length > bytesMax) return null;
    const compressed = this.bytes(compressedLength);
    if (compressed === null) return null;
    return length === 0 ? '' : lzfDecompress(compressed, length);
  }
}
