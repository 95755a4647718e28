/**
 * What OBJECT and MEMORY USAGE report about a value: Redis's encoding names, reference counts and
 * memory estimates. cairn stores values differently, so these model what Redis 7.0 (64-bit,
 * jemalloc) would report for the same value, which is what tools and tests compare against.
 */
import type { Entry } from '../keyspace/entry.js';
import { allocationSize, sdsAllocationBytes, sdsHeaderBytes } from '../keyspace/allocation.js';
import { isHyperLogLog } from '../keyspace/hyperloglog.js';
import { isCanonicalInt64, parseInt64 } from '../util/number.js';

/** Redis keeps strings up to this length in one allocation with their object header (embstr). */
const EMBSTR_BYTES_MAX = 44;
/** Redis shares objects for the integers 0..9999 (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS_MAX = 9999n;
/** The reference count Redis reports for shared objects (OBJ_SHARED_REFCOUNT, INT_MAX). */
const SHARED_REFCOUNT = 2147483647;
/** sizeof(robj): type, encoding, LRU, refcount and pointer. */
const OBJECT_HEADER_BYTES = 16;
/** sizeof(dictEntry) in Redis 7.0: key, value and next pointers. */
const DICT_ENTRY_BYTES = 24;

/** OBJECT ENCODING of a value. */
export function objectEncoding(entry: Entry): string {
  return entry.type === 'string' ? stringEncoding(entry.value) : entry.value.encoding();
}

/** OBJECT REFCOUNT of a value: shared small integers report INT_MAX as Redis does. */
export function objectRefcount(entry: Entry): number {
  if (entry.type !== 'string' || stringEncoding(entry.value) !== 'int') return 1;
  const value = parseInt64(entry.value) as bigint;
  return value >= 0n && value <= SHARED_INTEGERS_MAX ? SHARED_REFCOUNT : 1;
}

/**
 * MEMORY USAGE: the key's allocation, the value's and the dictionary entry, as Redis's
 * objectComputeSize plus the key and dictEntry. `samples` bounds how many elements of a
 * collection are measured (0: all); strings ignore it.
 */
export function entryMemoryUsage(key: string, entry: Entry, samples: number): number {
  const valueBytes = entry.type === 'string' ? stringValueBytes(entry.value) : entry.value.memoryBytes(samples);
  return sdsAllocationBytes(key.length) + valueBytes + DICT_ENTRY_BYTES;
}

/** A string's encoding by its content; an HLL is `raw` at any length, as PF commands leave it in Redis (a short HLL stored by SET would be embstr there). */
function stringEncoding(value: string): 'int' | 'embstr' | 'raw' {
  if (isCanonicalInt64(value)) return 'int';
  return value.length <= EMBSTR_BYTES_MAX && !isHyperLogLog(value) ? 'embstr' : 'raw';
}

function stringValueBytes(value: string): number {
  switch (stringEncoding(value)) {
    case 'int':
      return OBJECT_HEADER_BYTES;
    case 'embstr':
      return allocationSize(OBJECT_HEADER_BYTES + sdsHeaderBytes(value.length, false) + value.length + 1);
    case 'raw':
      return OBJECT_HEADER_BYTES + sdsAllocationBytes(value.length, false);
  }
}
