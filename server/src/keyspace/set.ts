/**
 * The set value (Redis t_set.c with intset.c and dict.c underneath). A set starts as an intset
 * when its first member is a canonical 64-bit integer: a sorted array of integers, iterated in
 * ascending order as Redis's intset is. It becomes a hashtable, for good, when a member is not
 * such an integer or when it holds more members than set-max-intset-entries (Redis 7.0 has no
 * listpack sets). The hashtable is a member -> position map over a dense member array: O(1)
 * add, remove, membership and random member, and a SCAN cursor that walks the array downward.
 */
import { allocationSize, sdsAllocationBytes } from './allocation.js';
import { parseInt64, parseSafeInteger } from '../util/number.js';
import type { CollectionValue } from './collection.js';

/** An intset element: a number inside the safe-integer range, a bigint outside it (one form per value). */
type Integer = number | bigint;

/** Bytes per intset element, as Redis's INTSET_ENC_INT16 / INT32 / INT64. */
type IntegerWidth = 2 | 4 | 8;

/** sizeof(robj). */
const OBJECT_HEADER_BYTES = 16;
/** sizeof(intset): encoding and length. */
const INTSET_HEADER_BYTES = 8;
/** sizeof(dict) in Redis 7.0: type, two table pointers, two counts, rehash index, pause count, two size exponents. */
const DICT_BYTES = 56;
/** sizeof(dictEntry) in Redis 7.0: key, value and next pointers. */
const DICT_ENTRY_BYTES = 24;
/** A bucket pointer of a dict table. */
const DICT_BUCKET_BYTES = 8;
/** DICT_HT_INITIAL_SIZE: the smallest dict table. */
const DICT_TABLE_SLOTS_MIN = 4;
/** Redis shrinks a dict table once fewer than one slot in this many is used (HASHTABLE_MIN_FILL 10%). */
const DICT_SHRINK_RATIO = 10;
/** Digits and sign of the longest int64 (`-9223372036854775808`): longer text is no intset member. */
const INT64_TEXT_LENGTH_MAX = 20;
/** Integer text shorter than this is always a safe integer; longer text may need a bigint. */
const SAFE_INTEGER_TEXT_LENGTH_MAX = 16;

/**
 * The intset element a member stands for, or null when it is not a canonical int64 (Redis
 * string2ll). Safe integers are numbers and others bigints, so equal values compare with ===.
 */
function integerOf(member: string): Integer | null {
  const length = member.length;
  if (length === 0 || length > INT64_TEXT_LENGTH_MAX) return null;
  const safe = parseSafeInteger(member);
  if (safe !== null || length < SAFE_INTEGER_TEXT_LENGTH_MAX) return safe;
  return parseInt64(member);
}

/** The intset encoding a value needs (Redis _intsetValueEncoding). */
function widthOf(value: Integer): IntegerWidth {
  if (value < -2147483648 || value > 2147483647) return 8;
  if (value < -32768 || value > 32767) return 4;
  return 2;
}

/** Position of `value` in the sorted `values`, or -(insertion point) - 1 when absent. */
function searchSorted(values: readonly Integer[], value: Integer): number {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = values[middle] as Integer;
    if (found < value) low = middle + 1;
    else if (found > value) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/** Redis's _dictNextExp: the smallest power of two at least `size`, and at least the initial table. */
function dictTableSlots(size: number): number {
  let slots = DICT_TABLE_SLOTS_MIN;
  while (slots < size) slots *= 2;
  return slots;
}

/**
 * The hashtable encoding: every member at a position of a dense array, and a map from member to
 * position. Removing a member moves the last one into its place, so members only ever move to
 * lower positions. `tableSlots` follows the size Redis's dict table would have (growth on insert,
 * shrinking below 10% fill), taking rehashing as finished, for MEMORY USAGE.
 */
class MemberTable {
  readonly positions: Map<string, number>;
  readonly members: string[];
  tableSlots: number;

  constructor(positions = new Map<string, number>(), members: string[] = [], tableSlots = 0) {
    this.positions = positions;
    this.members = members;
    this.tableSlots = tableSlots;
  }

  add(member: string): boolean {
    if (this.positions.has(member)) return false;
    const used = this.members.length;
    if (used >= this.tableSlots) this.tableSlots = dictTableSlots(used + 1);
    this.positions.set(member, used);
    this.members.push(member);
    return true;
  }

  remove(member: string): boolean {
    const position = this.positions.get(member);
    if (position === undefined) return false;
    this.positions.delete(member);
    const last = this.members.pop() as string;
    if (position < this.members.length) {
      this.members[position] = last;
      this.positions.set(last, position);
    }
    const used = this.members.length;
    if (this.tableSlots > DICT_TABLE_SLOTS_MIN && used * DICT_SHRINK_RATIO < this.tableSlots) this.tableSlots = dictTableSlots(used);
    return true;
  }

  clone(): MemberTable {
    return new MemberTable(new Map(this.positions), this.members.slice(), this.tableSlots);
  }
}

/** A set value: an intset while it can be one, a hashtable after (see the file comment). */
export class SetValue implements CollectionValue {
  /** The members in ascending order while the set is an intset; null once it is a hashtable. */
  private integers: Integer[] | null;
  /** Bytes per intset element: the widest value ever held (an intset never narrows, as in Redis). */
  private width: IntegerWidth;
  /** The hashtable, once the set is one. */
  private table: MemberTable | null;

  private constructor(integers: Integer[] | null, width: IntegerWidth, table: MemberTable | null) {
    this.integers = integers;
    this.width = width;
    this.table = table;
  }

  /** An empty set encoded as Redis's setTypeCreate would for this first member: intset for an integer, hashtable otherwise. */
  static forMember(member: string): SetValue {
    return integerOf(member) === null ? SetValue.emptyHashtable() : SetValue.emptyIntset();
  }

  /** An empty intset (Redis createIntsetObject): how SINTERSTORE, SUNIONSTORE and SDIFFSTORE start their results. */
  static emptyIntset(): SetValue {
    return new SetValue([], 2, null);
  }

  private static emptyHashtable(): SetValue {
    return new SetValue(null, 2, new MemberTable());
  }

  get size(): number {
    return this.integers !== null ? this.integers.length : (this.table as MemberTable).members.length;
  }

  /** True while the set is encoded as an intset (its members iterate in ascending order). */
  get isIntset(): boolean {
    return this.integers !== null;
  }

  /**
   * Add a member (Redis setTypeAdd); false when it was there. An intset becomes a hashtable when
   * the member is not an integer or when it would hold more than `intsetEntriesMax` members.
   */
  add(member: string, intsetEntriesMax: number): boolean {
    const integers = this.integers;
    if (integers === null) return (this.table as MemberTable).add(member);
    const value = integerOf(member);
    if (value === null) {
      this.convertToHashtable();
      return (this.table as MemberTable).add(member);
    }
    const position = searchSorted(integers, value);
    if (position >= 0) return false;
    integers.splice(-position - 1, 0, value);
    const width = widthOf(value);
    if (width > this.width) this.width = width;
    if (integers.length > intsetEntriesMax) this.convertToHashtable();
    return true;
  }

  /** Remove a member; false when it was not there. The encoding never changes back. */
  remove(member: string): boolean {
    const integers = this.integers;
    if (integers === null) return (this.table as MemberTable).remove(member);
    const value = integerOf(member);
    if (value === null) return false;
    const position = searchSorted(integers, value);
    if (position < 0) return false;
    integers.splice(position, 1);
    return true;
  }

  has(member: string): boolean {
    const integers = this.integers;
    if (integers === null) return (this.table as MemberTable).positions.has(member);
    const value = integerOf(member);
    return value !== null && searchSorted(integers, value) >= 0;
  }

  /**
   * The member at `position` (0 <= position < size) in iteration order: ascending for an
   * intset, the hashtable's array order otherwise. Removals reorder a hashtable.
   */
  memberAt(position: number): string {
    const integers = this.integers;
    if (integers !== null) return String(integers[position] as Integer);
    return (this.table as MemberTable).members[position] as string;
  }

  /** Every member in iteration order (see memberAt). */
  members(): string[] {
    const integers = this.integers;
    if (integers === null) return (this.table as MemberTable).members.slice();
    const members = new Array<string>(integers.length);
    for (let position = 0; position < integers.length; position++) members[position] = String(integers[position] as Integer);
    return members;
  }

  /** A uniformly chosen member of a non-empty set; `random` returns a number in [0, 1). */
  randomMember(random: () => number): string {
    return this.memberAt(Math.floor(random() * this.size));
  }

  /**
   * One SSCAN step over a hashtable: visits up to `count` positions below `cursor` (0 = start)
   * and returns the next cursor (0 = done). Members only move to lower positions and the walk
   * goes downward, so every member present for the whole scan is visited at least once. (An
   * intset is returned whole by the command, as Redis does.)
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    const size = this.size;
    let position = cursor === 0 ? size : Math.min(cursor, size);
    for (let visited = 0; visited < count && position > 0; visited++) {
      position--;
      visit(this.memberAt(position));
    }
    return position;
  }

  clone(): SetValue {
    return new SetValue(this.integers?.slice() ?? null, this.width, this.table?.clone() ?? null);
  }

  encoding(): string {
    return this.integers !== null ? 'intset' : 'hashtable';
  }

  /**
   * Redis 7.0's objectComputeSize for a set: the object header and the intset's allocation; or
   * the dict, its bucket array and the average of the first `samples` entries (0: all) times
   * the member count.
   */
  memoryBytes(samples: number): number {
    const integers = this.integers;
    if (integers !== null) return OBJECT_HEADER_BYTES + allocationSize(INTSET_HEADER_BYTES + this.width * integers.length);
    const table = this.table as MemberTable;
    const base = OBJECT_HEADER_BYTES + DICT_BYTES + DICT_BUCKET_BYTES * table.tableSlots;
    const members = table.members;
    const measured = samples === 0 ? members.length : Math.min(samples, members.length);
    if (measured === 0) return base;
    let measuredBytes = 0;
    for (let position = 0; position < measured; position++) {
      measuredBytes += DICT_ENTRY_BYTES + sdsAllocationBytes((members[position] as string).length);
    }
    return Math.floor(base + (measuredBytes / measured) * members.length);
  }

  /** The members, sorted: the same for equal sets whatever their encoding or order. */
  canonical(): unknown {
    return this.members().sort();
  }

  /** Redis setTypeConvert: the intset's members, ascending, into a dict sized for them. */
  private convertToHashtable(): void {
    const integers = this.integers as Integer[];
    const table = new MemberTable(new Map(), [], dictTableSlots(integers.length));
    for (let position = 0; position < integers.length; position++) table.add(String(integers[position] as Integer));
    this.integers = null;
    this.table = table;
  }
}
