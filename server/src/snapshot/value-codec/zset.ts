/**
 * The sorted set codec: the encoding (a byte: listpack or skiplist), the member count (varint),
 * then each member (varint length, bytes) and its score (f64) in rank order: ascending score,
 * then member bytes. A sorted set holds at least one member; scores are never NaN; the order is
 * checked (the loaded set's structures rely on it). -0 is kept where the set keeps it (skiplist).
 */
import { SortedSetValue } from '../../keyspace/zset.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { ELEMENTS_PER_VALUE_MAX, ZSET_LISTPACK, ZSET_SKIPLIST } from '../format.js';
import type { DecodeContext } from './context.js';

/** Bytes of the smallest element: an empty member's length and a score. */
const ELEMENT_BYTES_MIN = 9;
/** Limits that keep a listpack whatever its size, and that make a skiplist of any size. */
const LISTPACK_ALWAYS = { entriesMax: Number.POSITIVE_INFINITY, valueBytesMax: Number.POSITIVE_INFINITY };
const SKIPLIST_ALWAYS = { entriesMax: -1, valueBytesMax: -1 };

/** Write a sorted set value. */
export function encodeSortedSet(set: SortedSetValue, out: ByteWriter): void {
  out.u8(set.isListpack ? ZSET_LISTPACK : ZSET_SKIPLIST);
  out.varint(set.size);
  set.forEach((member, score) => {
    out.text(member);
    out.f64(score);
  });
}

/** Read a sorted set value. */
export function decodeSortedSet(input: ByteReader, context: DecodeContext): SortedSetValue {
  const encoding = input.u8('sorted set encoding');
  if (encoding !== ZSET_LISTPACK && encoding !== ZSET_SKIPLIST) input.fail(`unknown sorted set encoding ${encoding}`);
  const count = input.count('sorted set member count', ELEMENTS_PER_VALUE_MAX, ELEMENT_BYTES_MIN);
  if (count === 0) input.fail('a sorted set without members');
  const members = new Array<string>(count);
  const scores = new Array<number>(count);
  for (let index = 0; index < count; index++) {
    const member = input.text('sorted set member');
    const score = input.f64('sorted set score');
    if (Number.isNaN(score)) input.fail('a sorted set score that is NaN');
    if (index > 0 && !inOrder(scores[index - 1] as number, members[index - 1] as string, score, member)) {
      input.fail(`sorted set member ${index} is out of order`);
    }
    members[index] = member;
    scores[index] = score;
  }
  return SortedSetValue.fromSorted(context.seed(), members, scores, encoding === ZSET_LISTPACK ? LISTPACK_ALWAYS : SKIPLIST_ALWAYS);
}

/** True when (score, member) comes strictly after (previousScore, previousMember). */
function inOrder(previousScore: number, previousMember: string, score: number, member: string): boolean {
  if (score !== previousScore) return score > previousScore;
  return member > previousMember;
}
