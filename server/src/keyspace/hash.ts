/**
 * The hash value (Redis t_hash.c), in Redis 7.0's two encodings:
 *
 * - **listpack** (small hashes): every field and value packed back to back in ONE binary string
 *   (one char per byte), each as its length (a LEB128 varint) then its bytes, in Redis's listpack
 *   order (a new field is appended, an updated value keeps its place, a deletion closes the gap).
 *   Lookups are linear scans, as in Redis; reads by position walk on from the last position read,
 *   so a walk in order (HSCAN, HGETALL, an ordered HRANDFIELD sample) is linear. A field costs its
 *   bytes plus two length bytes, not two JS strings. The listpack's byte size as Redis lays it out
 *   is tracked so MEMORY USAGE is Redis's.
 * - **hashtable** (once a hash passes hash-max-listpack-entries fields, or a field or value passes
 *   hash-max-listpack-value bytes; one-way, as in Redis): a flat array of strings,
 *   `[field0, value0, field1, value1, ...]`, plus an open-addressing table (linear probing, an
 *   Int32Array of pair numbers + 1, seeded hash, load at most 1/2). A deletion moves the last
 *   pair into the hole, so pairs stay dense: a random field is O(1) (HRANDFIELD) and HSCAN's
 *   cursor is a pair position (see `scan`). Memory per field is two strings plus two array slots
 *   and 8 to 16 table bytes, with no per-field object.
 */
import { listpackEntryBytes } from './listpack-size.js';
import { allocationSize, sdsAllocationBytes } from './allocation.js';
import type { CollectionValue } from './collection.js';
import { hashString } from './string-hash.js';

/** The encoding thresholds a write obeys (Redis hash-max-listpack-entries / -value). */
export interface HashLimits {
  /** A listpack hash holding more fields than this becomes a hashtable. */
  readonly entriesMax: number;
  /** A field or value longer than this (bytes) makes a listpack hash a hashtable. */
  readonly valueBytesMax: number;
}

/** Bytes of an empty listpack: total bytes (4), element count (2), end marker (1). */
const LISTPACK_EMPTY_BYTES = 7;
/** Redis's LISTPACK_MAX_SAFETY_SIZE: a write that could grow a listpack past this converts the hash. */
const LISTPACK_SAFE_BYTES_MAX = 1 << 30;
/** sizeof(robj). */
const OBJECT_HEADER_BYTES = 16;
/** sizeof(dict) in Redis 7.0 (type, two tables, two counts, rehash index, pause count, two exponents). */
const DICT_BYTES = 56;
/** sizeof(dictEntry) in Redis 7.0 (key, value, next). */
const DICT_ENTRY_BYTES = 24;
/** A bucket of a dict table is one pointer. */
const DICT_BUCKET_BYTES = 8;
/** Redis's DICT_HT_INITIAL_SIZE: the smallest dict table. */
const DICT_SLOTS_MIN = 4;
/** Redis's HASHTABLE_MIN_FILL (percent): below it a deletion shrinks the dict table. */
const DICT_FILL_PERCENT_MIN = 10;
/** The smallest open-addressing table (slots). */
const TABLE_SLOTS_MIN = 8;
/** The table is rebuilt smaller when fewer than 1/TABLE_SHRINK_RATIO of its slots are used. */
const TABLE_SHRINK_RATIO = 8;
/** A varint is at most 5 bytes: lengths stay below 2^35. */
const VARINT_BYTES_MAX = 5;
/** V8 returns a slice this long or longer as a view that keeps the whole string it was cut from alive. */
const SLICE_VIEW_CHARS_MIN = 13;
/** The pairs of a listpack hash: shared, frozen, replaced by a fresh array when the hash converts. */
const NO_PAIRS: string[] = Object.freeze([]) as unknown as string[];

export class HashValue implements CollectionValue {
  /** The listpack's fields and values, packed (see the file comment); '' once a hashtable. */
  private packed = '';
  /** Fields in `packed`. */
  private packedCount = 0;
  /** The last pair read by position in `packed` and the offset of its field: where the next read walks on from. */
  private cursorPair = 0;
  private cursorOffset = 0;
  /** The hashtable's fields and values, alternating: pair n is at 2n (field) and 2n + 1 (value). */
  private pairs: string[] = NO_PAIRS;
  /** null while listpack; the hashtable's slots (pair number + 1, 0 for an empty slot). */
  private table: Int32Array | null = null;
  /** The listpack's bytes as Redis lays them out (tracked only while listpack). */
  private listpackBytes = LISTPACK_EMPTY_BYTES;
  /**
   * Redis's dict table size (buckets) after this hash's history of adds and deletes: MEMORY USAGE
   * only. Redis's incremental rehashing (both tables counted for a while) is not modelled.
   */
  private dictSlots = 0;

  /**
   * `seed` keys the hashtable's hash function; drawn from the server's randomness, it makes
   * collisions hard to craft from outside (though the hash is not a keyed PRF like Redis's siphash).
   */
  constructor(private readonly seed: number) {}

  /**
   * A listpack hash of `flat` (fields and values alternating, no field twice) in that order,
   * whatever the limits: a snapshot restores a listpack as it recorded it.
   */
  static listpackOf(seed: number, flat: readonly string[]): HashValue {
    if (flat.length % 2 !== 0) throw new Error('assertion: a hash needs a value for every field');
    const hash = new HashValue(seed);
    const parts: string[] = [];
    for (const text of flat) {
      parts.push(varintText(text.length), text);
      hash.listpackBytes += listpackEntryBytes(text);
    }
    hash.packed = parts.join('');
    hash.packedCount = flat.length / 2;
    return hash;
  }

  /** Fields held. */
  get size(): number {
    return this.table === null ? this.packedCount : this.pairs.length >> 1;
  }

  clone(): HashValue {
    const copy = new HashValue(this.seed);
    copy.packed = this.packed;
    copy.packedCount = this.packedCount;
    if (this.table !== null) copy.pairs = this.pairs.slice();
    copy.table = this.table === null ? null : this.table.slice();
    copy.listpackBytes = this.listpackBytes;
    copy.dictSlots = this.dictSlots;
    return copy;
  }

  encoding(): string {
    return this.table === null ? 'listpack' : 'hashtable';
  }

  /** True while the hash is a listpack (order is Redis's, HSCAN returns it whole). */
  get isListpack(): boolean {
    return this.table === null;
  }

  /** The value of `field`, undefined when absent. */
  get(field: string): string | undefined {
    if (this.table === null) {
      const at = this.locate(field);
      return at < 0 ? undefined : readEntry(this.packed, entryEnd(this.packed, at));
    }
    const pair = this.find(field);
    return pair < 0 ? undefined : this.pairs[2 * pair + 1];
  }

  /** True when the hash holds `field`. */
  has(field: string): boolean {
    return this.table === null ? this.locate(field) >= 0 : this.find(field) >= 0;
  }

  /** The field of pair `pair` (0 <= pair < size). */
  fieldAt(pair: number): string {
    if (this.table === null) return readEntry(this.packed, this.offsetOfPair(pair));
    return this.pairs[2 * pair] as string;
  }

  /** The value of pair `pair` (0 <= pair < size). */
  valueAt(pair: number): string {
    if (this.table === null) return readEntry(this.packed, entryEnd(this.packed, this.offsetOfPair(pair)));
    return this.pairs[2 * pair + 1] as string;
  }

  /** A copy of every field and value, alternating, in the hash's order (HGETALL). */
  flat(): string[] {
    return this.table === null ? this.unpack() : this.pairs.slice();
  }

  /** Every field, in the hash's order (HKEYS). */
  fields(): string[] {
    return this.everyOther(0);
  }

  /** Every value, in the hash's order (HVALS). */
  values(): string[] {
    return this.everyOther(1);
  }

  /**
   * Redis hashTypeTryConversion: before a write of `texts[start..]` (fields and values), a
   * listpack becomes a hashtable when one of them is longer than `valueBytesMax`, or when their
   * bytes could grow the listpack past its safety size.
   */
  convertForArguments(texts: readonly string[], start: number, valueBytesMax: number): void {
    if (this.table !== null) return;
    let total = 0;
    for (let index = start; index < texts.length; index++) {
      const length = (texts[index] as string).length;
      if (length > valueBytesMax) {
        this.convert();
        return;
      }
      total += length;
    }
    if (this.listpackBytes + total > LISTPACK_SAFE_BYTES_MAX) this.convert();
  }

  /**
   * Redis hashTypeSet: set `field` to `value`; true when the field is new. A listpack becomes a
   * hashtable first when the field or value is too long, and after adding a field past the limit.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    if (this.table === null && (field.length > limits.valueBytesMax || value.length > limits.valueBytesMax)) this.convert();
    if (this.table === null) return this.setPacked(field, value, limits);
    const pair = this.find(field);
    if (pair >= 0) {
      this.pairs[2 * pair + 1] = value;
      return false;
    }
    this.addToTable(field, value);
    return true;
  }

  /** Remove `field`; true when it was there. A hashtable stays a hashtable (Redis never converts back). */
  delete(field: string): boolean {
    if (this.table === null) return this.deletePacked(field);
    const pair = this.find(field);
    if (pair < 0) return false;
    this.removeFromTable(pair);
    return true;
  }

  /**
   * One HSCAN step over a hashtable: visits up to `count` pairs below position `cursor` (0 =
   * start) going down, and returns the next cursor (0 = done). A deletion moves the last pair
   * into the hole (only ever to a lower position) and an insertion appends, so every field
   * present for the whole scan is visited at least once, whatever happens between calls.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    const size = this.size;
    let position = cursor === 0 ? size : Math.min(cursor, size);
    for (let visited = 0; visited < count && position > 0; visited++) {
      position--;
      visit(this.pairs[2 * position] as string, this.pairs[2 * position + 1] as string);
    }
    return position;
  }

  memoryBytes(samples: number): number {
    if (this.table === null) return OBJECT_HEADER_BYTES + allocationSize(this.listpackBytes);
    const size = this.size;
    const sampled = samples === 0 ? size : Math.min(samples, size);
    let elementBytes = 0;
    for (let pair = 0; pair < sampled; pair++) {
      elementBytes += sdsAllocationBytes(this.fieldAt(pair).length) + sdsAllocationBytes(this.valueAt(pair).length) + DICT_ENTRY_BYTES;
    }
    const fixed = OBJECT_HEADER_BYTES + DICT_BYTES + DICT_BUCKET_BYTES * this.dictSlots;
    // Redis: asize += (double)elesize/samples*dictSize(d), truncated to size_t.
    return sampled === 0 ? fixed : Math.floor(fixed + (elementBytes / sampled) * size);
  }

  /** Encoding and pairs; a hashtable's pairs sorted by field (its order is not part of its value). */
  canonical(): unknown {
    const strings = this.flat();
    const entries: [string, string][] = [];
    for (let index = 0; index < strings.length; index += 2) entries.push([strings[index] as string, strings[index + 1] as string]);
    if (this.table !== null) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { encoding: this.encoding(), entries };
  }

  /** The strings at `offset`, `offset` + 2, ...: the fields (0) or the values (1). */
  private everyOther(offset: number): string[] {
    const size = this.size;
    const out = new Array<string>(size);
    if (this.table === null) {
      const packed = this.packed;
      let at = 0;
      for (let pair = 0; pair < size; pair++) {
        const valueAt = entryEnd(packed, at);
        out[pair] = readEntry(packed, offset === 0 ? at : valueAt);
        at = entryEnd(packed, valueAt);
      }
      return out;
    }
    for (let pair = 0; pair < size; pair++) out[pair] = this.pairs[2 * pair + offset] as string;
    return out;
  }

  /** Every field and value of the listpack, alternating, in order. */
  private unpack(): string[] {
    const packed = this.packed;
    const out = new Array<string>(2 * this.packedCount);
    let at = 0;
    for (let index = 0; index < out.length; index++) {
      out[index] = readEntry(packed, at);
      at = entryEnd(packed, at);
    }
    return out;
  }

  /** The offset in `packed` of the field of pair `pair`, walking on from the cursor when it is not past it. */
  private offsetOfPair(pair: number): number {
    const packed = this.packed;
    let current = 0;
    let at = 0;
    if (pair >= this.cursorPair) {
      current = this.cursorPair;
      at = this.cursorOffset;
    }
    for (; current < pair; current++) at = entryEnd(packed, entryEnd(packed, at));
    this.cursorPair = pair;
    this.cursorOffset = at;
    return at;
  }

  /** The offset in `packed` of the entry holding `field` (a field, not a value), or -1. */
  private locate(field: string): number {
    const packed = this.packed;
    const length = field.length;
    const count = this.packedCount;
    let at = 0;
    for (let pair = 0; pair < count; pair++) {
      let stored = packed.charCodeAt(at);
      let start = at + 1;
      if (stored >= 0x80) {
        stored = readVarint(packed, at);
        start = at + varintBytes(stored);
      }
      if (stored === length && holdsAt(packed, start, field)) return at;
      at = entryEnd(packed, start + stored);
    }
    return -1;
  }

  /** hashTypeSet on a listpack: replace the value in place, or append the pair (converting past the limit). */
  private setPacked(field: string, value: string, limits: HashLimits): boolean {
    const packed = this.packed;
    const at = this.locate(field);
    if (at >= 0) {
      const valueAt = entryEnd(packed, at);
      const valueEnd = entryEnd(packed, valueAt);
      this.listpackBytes += listpackEntryBytes(value) - listpackBytesAt(packed, valueAt);
      this.packed = [packed.slice(0, valueAt), varintText(value.length), value, packed.slice(valueEnd)].join('');
      this.resetCursor();
      return false;
    }
    // join builds one flat string; + would leave a chain of cons strings.
    this.packed = [packed, varintText(field.length), field, varintText(value.length), value].join('');
    this.packedCount++;
    this.listpackBytes += listpackEntryBytes(field) + listpackEntryBytes(value);
    if (this.packedCount > limits.entriesMax) this.convert();
    return true;
  }

  /** Remove `field` from the listpack, closing the gap; true when it was there. */
  private deletePacked(field: string): boolean {
    const packed = this.packed;
    const at = this.locate(field);
    if (at < 0) return false;
    const valueAt = entryEnd(packed, at);
    const end = entryEnd(packed, valueAt);
    this.listpackBytes -= listpackBytesAt(packed, at) + listpackBytesAt(packed, valueAt);
    this.packed = [packed.slice(0, at), packed.slice(end)].join('');
    this.packedCount--;
    this.resetCursor();
    return true;
  }

  private resetCursor(): void {
    this.cursorPair = 0;
    this.cursorOffset = 0;
  }

  /** The pair number of `field` in the hashtable, or -1. */
  private find(field: string): number {
    const table = this.table as Int32Array;
    const slot = this.slotOf(table, field);
    const stored = table[slot] as number;
    return stored === 0 ? -1 : stored - 1;
  }

  /** The slot holding `field` in `table`, or the empty slot where it would go. */
  private slotOf(table: Int32Array, field: string): number {
    const mask = table.length - 1;
    let slot = hashString(field, this.seed) & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const stored = table[slot] as number;
      if (stored === 0 || this.pairs[2 * (stored - 1)] === field) return slot;
      slot = (slot + 1) & mask;
    }
    throw new Error('assertion: a hash table with no empty slot');
  }

  /** Redis hashTypeConvert to OBJ_ENCODING_HT: build the table; the dict is sized for the fields held. */
  private convert(): void {
    const fields = this.packedCount;
    this.pairs = this.unpack();
    this.packed = '';
    this.packedCount = 0;
    this.resetCursor();
    this.dictSlots = dictSlotsFor(fields);
    this.rebuildTable(fields);
  }

  private rebuildTable(fields: number): void {
    let slots = TABLE_SLOTS_MIN;
    while (slots < 2 * fields) slots *= 2;
    const table = new Int32Array(slots);
    this.table = table;
    const size = this.size;
    for (let pair = 0; pair < size; pair++) table[this.slotOf(table, this.fieldAt(pair))] = pair + 1;
  }

  private addToTable(field: string, value: string): void {
    const size = this.size;
    if (size >= this.dictSlots) this.dictSlots = dictSlotsFor(size + 1); // Redis _dictExpandIfNeeded
    if (2 * (size + 1) > (this.table as Int32Array).length) this.rebuildTable(size + 1);
    const table = this.table as Int32Array;
    this.pairs.push(field, value);
    table[this.slotOf(table, field)] = size + 1;
  }

  /** Remove pair `pair`: empty its slot, move the last pair into its place, shrink when sparse. */
  private removeFromTable(pair: number): void {
    const table = this.table as Int32Array;
    const pairs = this.pairs;
    this.clearSlot(table, this.slotOf(table, pairs[2 * pair] as string));
    const last = this.size - 1;
    if (pair !== last) {
      const movedField = pairs[2 * last] as string;
      pairs[2 * pair] = movedField;
      pairs[2 * pair + 1] = pairs[2 * last + 1] as string;
      table[this.slotOf(table, movedField)] = pair + 1;
    }
    pairs.length = 2 * last;
    const size = last;
    // Redis htNeedsResize then dictResize (to the smallest table that holds the fields).
    if (this.dictSlots > DICT_SLOTS_MIN && Math.floor((size * 100) / this.dictSlots) < DICT_FILL_PERCENT_MIN) {
      this.dictSlots = dictSlotsFor(size);
    }
    if (table.length > TABLE_SLOTS_MIN && size * TABLE_SHRINK_RATIO < table.length) this.rebuildTable(size);
  }

  /**
   * Linear probing deletion without tombstones: empty `slot`, then move back every later entry
   * of the cluster whose home slot is not between the hole and itself.
   */
  private clearSlot(table: Int32Array, slot: number): void {
    const mask = table.length - 1;
    let hole = slot;
    table[hole] = 0;
    let current = hole;
    for (let probes = 0; probes < mask; probes++) {
      current = (current + 1) & mask;
      const stored = table[current] as number;
      if (stored === 0) return;
      const home = hashString(this.pairs[2 * (stored - 1)] as string, this.seed) & mask;
      // The entry may fill the hole unless its home lies cyclically in (hole, current].
      const homeBetween = hole <= current ? home > hole && home <= current : home > hole || home <= current;
      if (!homeBetween) {
        table[hole] = stored;
        table[current] = 0;
        hole = current;
      }
    }
  }
}

/** The LEB128 varint of `length`, one char per byte. */
function varintText(length: number): string {
  if (length < 0x80) return String.fromCharCode(length);
  let text = '';
  let rest = length;
  for (let index = 0; rest >= 0x80 && index < VARINT_BYTES_MAX; index++) {
    text += String.fromCharCode((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  return text + String.fromCharCode(rest);
}

/** Bytes of the varint of `length`. */
function varintBytes(length: number): number {
  let bytes = 1;
  for (let rest = length; rest >= 0x80 && bytes < VARINT_BYTES_MAX; bytes++) rest = Math.floor(rest / 0x80);
  return bytes;
}

/** The varint at `at` in `packed`. */
function readVarint(packed: string, at: number): number {
  const first = packed.charCodeAt(at);
  if (first < 0x80) return first;
  let value = first & 0x7f;
  let scale = 0x80;
  for (let index = 1; index < VARINT_BYTES_MAX; index++) {
    const byte = packed.charCodeAt(at + index);
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
  throw new Error('assertion: a packed hash length of more than five bytes');
}

/** The offset just past the entry (length and bytes) at `at`. */
function entryEnd(packed: string, at: number): number {
  const first = packed.charCodeAt(at);
  if (first < 0x80) return at + 1 + first;
  const length = readVarint(packed, at);
  return at + varintBytes(length) + length;
}

/** The bytes Redis's listpack spends on the entry at `at` (see listpackEntryBytes). */
function listpackBytesAt(packed: string, at: number): number {
  const end = entryEnd(packed, at);
  return listpackEntryBytes(packed.slice(end - readVarint(packed, at), end));
}

/** True when `packed` holds `text` at `start`; compared from the end, where fields sharing a prefix differ. */
function holdsAt(packed: string, start: number, text: string): boolean {
  for (let index = text.length - 1; index >= 0; index--) {
    if (packed.charCodeAt(start + index) !== text.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * The bytes of the entry at `at`, as a string of their own: a long slice is copied through a
 * one-char prefix, so that it does not keep the whole packed string alive wherever it is stored.
 */
function readEntry(packed: string, at: number): string {
  let length = packed.charCodeAt(at);
  let start = at + 1;
  if (length >= 0x80) {
    length = readVarint(packed, at);
    start = at + varintBytes(length);
  }
  const text = packed.slice(start, start + length);
  return length < SLICE_VIEW_CHARS_MIN ? text : (' ' + text).slice(1);
}

/** Redis _dictNextExp: the smallest power of two holding `fields`, at least DICT_SLOTS_MIN. */
function dictSlotsFor(fields: number): number {
  let slots = DICT_SLOTS_MIN;
  while (slots < fields) slots *= 2;
  return slots;
}

