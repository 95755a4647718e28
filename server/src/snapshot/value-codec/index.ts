/**
 * The value codecs, one per type: encode an entry's value into a record, decode it back into a
 * value of the same type and encoding whose canonical() is the original's.
 */
import type { Entry, ValueType } from '../../keyspace/entry.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import type { DecodeContext } from './context.js';
import { decodeHash, encodeHash } from './hash.js';
import { decodeList, encodeList } from './list.js';
import { decodeSet, encodeSet } from './set.js';
import { decodeStream, encodeStream } from './stream.js';
import { decodeString, encodeString } from './string.js';
import { decodeSortedSet, encodeSortedSet } from './zset.js';

export { type DecodeContext, decodeContext } from './context.js';

/** A decoded value with its type. */
export type DecodedValue = { [T in ValueType]: { readonly type: T; readonly value: Extract<Entry, { type: T }>['value'] } }[ValueType];

/** Write an entry's value. */
export function encodeValue(entry: Entry, out: ByteWriter): void {
  switch (entry.type) {
    case 'string':
      return encodeString(entry.value, out);
    case 'list':
      return encodeList(entry.value, out);
    case 'hash':
      return encodeHash(entry.value, out);
    case 'set':
      return encodeSet(entry.value, out);
    case 'zset':
      return encodeSortedSet(entry.value, out);
    case 'stream':
      return encodeStream(entry.value, out);
  }
}

/** Read a value of type `type`. */
export function decodeValue(type: ValueType, input: ByteReader, context: DecodeContext): DecodedValue {
  switch (type) {
    case 'string':
      return { type, value: decodeString(input) };
    case 'list':
      return { type, value: decodeList(input) };
    case 'hash':
      return { type, value: decodeHash(input, context) };
    case 'set':
      return { type, value: decodeSet(input) };
    case 'zset':
      return { type, value: decodeSortedSet(input, context) };
    case 'stream':
      return { type, value: decodeStream(input) };
  }
}
