/**
 * The set codec: the encoding (a byte: intset or hashtable); for an intset its element width in
 * bytes (2, 4 or 8: the widest value it ever held, which MEMORY USAGE shows); the member count
 * (varint); then the members (varint length, bytes) in the set's order: ascending for an intset,
 * the hashtable's own order otherwise (SMEMBERS answers the same after loading). A set holds at
 * least one member, and no member twice; an intset's members are canonical 64-bit integers.
 */
import { SetValue } from '../../keyspace/set.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { ELEMENTS_PER_VALUE_MAX, SET_HASHTABLE, SET_INTSET } from '../format.js';

/** Bytes of the smallest member: an empty string's length. */
const MEMBER_BYTES_MIN = 1;
/** An intset never converts while loading, whatever set-max-intset-entries is now. */
const INTSET_ENTRIES_UNLIMITED = Number.POSITIVE_INFINITY;
/** With this limit an intset converts on its first add: a hashtable is built member by member, in order. */
const HASHTABLE_NOW = -1;

/** Write a set value. */
export function encodeSet(set: SetValue, out: ByteWriter): void {
  const width = set.intsetWidth;
  if (width === 0) {
    out.u8(SET_HASHTABLE);
  } else {
    out.u8(SET_INTSET);
    out.u8(width);
  }
  const members = set.members();
  out.varint(members.length);
  for (const member of members) out.text(member);
}

/** Read a set value. */
export function decodeSet(input: ByteReader): SetValue {
  const encoding = input.u8('set encoding');
  if (encoding !== SET_INTSET && encoding !== SET_HASHTABLE) input.fail(`unknown set encoding ${encoding}`);
  const width = encoding === SET_INTSET ? input.u8('intset width') : 0;
  if (encoding === SET_INTSET && width !== 2 && width !== 4 && width !== 8) input.fail(`intset width ${width} is not 2, 4 or 8`);
  const count = input.count('set member count', ELEMENTS_PER_VALUE_MAX, MEMBER_BYTES_MIN);
  if (count === 0) input.fail('a set without members');
  const set = SetValue.emptyIntset();
  const limit = encoding === SET_INTSET ? INTSET_ENTRIES_UNLIMITED : HASHTABLE_NOW;
  for (let index = 0; index < count; index++) {
    if (!set.add(input.text('set member'), limit)) input.fail('a set member given twice');
  }
  if (encoding === SET_INTSET) {
    if (!set.isIntset) input.fail('an intset member that is not a 64-bit integer');
    if (set.intsetWidth > width) input.fail(`intset width ${width} is too narrow for its members`);
    set.widenIntset(width as 2 | 4 | 8);
  }
  return set;
}
