/**
 * The hash codec: the encoding (a byte: listpack or hashtable), the pair count (varint), then the
 * fields and values alternating (varint length, bytes) in the hash's order, which the loaded hash
 * keeps (HGETALL answers the same). A hash holds at least one field, and no field twice.
 */
import { HashValue } from '../../keyspace/hash.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { ELEMENTS_PER_VALUE_MAX, HASH_HASHTABLE, HASH_LISTPACK } from '../format.js';
import type { DecodeContext } from './context.js';

/** Bytes of the smallest pair: two empty strings' lengths. */
const PAIR_BYTES_MIN = 2;
/** Limits under which every set converts a listpack at once: a hashtable is built field by field. */
const HASHTABLE_NOW = { entriesMax: -1, valueBytesMax: -1 };

/** Write a hash value. */
export function encodeHash(hash: HashValue, out: ByteWriter): void {
  out.u8(hash.isListpack ? HASH_LISTPACK : HASH_HASHTABLE);
  const flat = hash.flat();
  out.varint(flat.length / 2);
  for (const text of flat) out.text(text);
}

/** Read a hash value. */
export function decodeHash(input: ByteReader, context: DecodeContext): HashValue {
  const encoding = input.u8('hash encoding');
  if (encoding !== HASH_LISTPACK && encoding !== HASH_HASHTABLE) input.fail(`unknown hash encoding ${encoding}`);
  const pairs = input.count('hash field count', ELEMENTS_PER_VALUE_MAX, PAIR_BYTES_MIN);
  if (pairs === 0) input.fail('a hash without fields');
  const seed = context.seed();
  if (encoding === HASH_HASHTABLE) {
    const hash = new HashValue(seed);
    for (let pair = 0; pair < pairs; pair++) {
      const field = input.text('hash field');
      if (!hash.set(field, input.text('hash value'), HASHTABLE_NOW)) input.fail('a hash field given twice');
    }
    return hash;
  }
  const flat = new Array<string>(2 * pairs);
  const fields = new Set<string>();
  for (let pair = 0; pair < pairs; pair++) {
    const field = input.text('hash field');
    if (fields.has(field)) input.fail('a hash field given twice');
    fields.add(field);
    flat[2 * pair] = field;
    flat[2 * pair + 1] = input.text('hash value');
  }
  return HashValue.listpackOf(seed, flat);
}
