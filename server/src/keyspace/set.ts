/**
 * The set value (Redis t_set.c with intset.c and dict.c underneath). A set starts as an intset
 * when its first member is a canonical 64-bit integer: a sorted typed array of integers of the
 * set's width (Int16Array, Int32Array, then Float64Array or, beyond 2^53, BigInt64Array), iterated in
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

/** Intset storage while every element is a safe integer: the typed array of the set's width (8 bytes: Float64Array). */
type NumberElements = Int16Array | Int32Array | Float64Array;

/** Intset storage: as NumberElements, or a BigInt64Array once an element lies beyond the safe-integer range. */
type Elements = NumberElements | BigInt64Array;

/** Position of `value` among the first `count` sorted `elements`, or -(insertion point) - 1 when absent. */
function searchNumbers(elements: NumberElements, count: number, value: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = elements[middle] as number;
    if (found < value) low = middle + 1;
    else if (found > value) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/** searchNumbers over 64-bit integer storage. */
function searchBigints(elements: BigInt64Array, count: number, value: bigint): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = elements[middle] as bigint;
    if (found < value) low = middle + 1;
    else if (found > value) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/** Position of `value` among the first `count` sorted `elements`, or -(insertion point) - 1 when absent. */
function searchElements(elements: Elements, count: number, value: Integer): number {
  if (elements instanceof BigInt64Array) return searchBigints(elements, count, BigInt(value));
  // Number storage holds only safe integers, so a bigint (beyond them) is never among them.
  return typeof value === 'number' ? searchNumbers(elements, count, value) : -count - 1;
}

/** Empty storage of `capacity` slots for elements of `width` bytes; `big` once one lies beyond the safe integers. */
function allocateElements(width: IntegerWidth, big: boolean, capacity: number): Elements {
  if (big) return new BigInt64Array(capacity);
  if (width === 2) return new Int16Array(capacity);
  return width === 4 ? new Int32Array(capacity) : new Float64Array(capacity);
}

/** The first `count` of `elements` in new storage of the given width and form with room for `capacity`. */
function copyElements(elements: Elements, count: number, width: IntegerWidth, big: boolean, capacity: number): Elements {
  const copy = allocateElements(width, big, capacity);
  if (copy instanceof BigInt64Array === elements instanceof BigInt64Array) {
    (copy as Int32Array).set((elements as Int32Array).subarray(0, count));
    return copy;
  }
  const bigints = copy as BigInt64Array;
  for (let position = 0; position < count; position++) bigints[position] = BigInt(elements[position] as number);
  return bigints;
}

/**
 * Slots for `count` elements of `width` bytes: as many as fit in the jemalloc size class Redis's
 * intset of that many elements occupies, so storage grows by the class spacing (12.5% to 25%)
 * rather than on every insert (a typed array allocation costs far more than Redis's realloc).
 */
function capacityFor(count: number, width: IntegerWidth): number {
  return Math.floor((allocationSize(INTSET_HEADER_BYTES + width * count) - INTSET_HEADER_BYTES) / width);
}

/** The member text of the intset element at `position`. */
function elementText(elements: Elements, position: number): string {
  return String(elements[position] as Integer);
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
  /**
   * The intset's elements in ascending order in the first `count` slots of a typed array of the
   * set's width (Redis's intset contents, with the spare room of its jemalloc size class, see
   * capacityFor); null once the set is a hashtable.
   */
  private elements: Elements | null;
  /** Elements held while the set is an intset. */
  private count: number;
  /** Bytes per intset element: the widest value ever held (an intset never narrows, as in Redis). */
  private width: IntegerWidth;
  /** The hashtable, once the set is one. */
  private table: MemberTable | null;

  private constructor(elements: Elements | null, count: number, width: IntegerWidth, table: MemberTable | null) {
    this.elements = elements;
    this.count = count;
    this.width = width;
    this.table = table;
  }

  /** An empty set encoded as Redis's setTypeCreate would for this first member: intset for an integer, hashtable otherwise. */
  static forMember(member: string): SetValue {
    return integerOf(member) === null ? SetValue.emptyHashtable() : SetValue.emptyIntset();
  }

  /** An empty intset (Redis createIntsetObject): how SINTERSTORE, SUNIONSTORE and SDIFFSTORE start their results. */
  static emptyIntset(): SetValue {
    return new SetValue(new Int16Array(0), 0, 2, null);
  }

  private static emptyHashtable(): SetValue {
    return new SetValue(null, 0, 2, new MemberTable());
  }

  get size(): number {
    return this.elements !== null ? this.count : (this.table as MemberTable).members.length;
  }

  /** Bytes per intset element (2, 4 or 8: the widest value it ever held); 0 once a hashtable. Snapshots record it. */
  get intsetWidth(): number {
    return this.elements === null ? 0 : this.width;
  }

  /** Widen an intset's elements to `width` bytes: a snapshot restores a width its members alone would not need. */
  widenIntset(width: 2 | 4 | 8): void {
    const elements = this.elements;
    if (elements === null || width <= this.width) return;
    this.width = width;
    this.elements = copyElements(elements, this.count, width, elements instanceof BigInt64Array, capacityFor(this.count, width));
  }

  /** True while the set is encoded as an intset (its members iterate in ascending order). */
  get isIntset(): boolean {
    return this.elements !== null;
  }

  /**
   * Add a member (Redis setTypeAdd); false when it was there. An intset becomes a hashtable when
   * the member is not an integer or when it would hold more than `intsetEntriesMax` members.
   */
  add(member: string, intsetEntriesMax: number): boolean {
    let elements = this.elements;
    if (elements === null) return (this.table as MemberTable).add(member);
    const value = integerOf(member);
    if (value === null) {
      this.convertToHashtable();
      return (this.table as MemberTable).add(member);
    }
    const width = widthOf(value);
    const big = elements instanceof BigInt64Array;
    if (width > this.width || (typeof value === 'bigint' && !big)) {
      // Beyond every element held (Redis intsetUpgradeAndAdd), so new: widen the storage first.
      if (width > this.width) this.width = width;
      elements = copyElements(elements, this.count, this.width, big || typeof value === 'bigint', capacityFor(this.count + 1, this.width));
      this.elements = elements;
    }
    const position = searchElements(elements, this.count, value);
    if (position >= 0) return false;
    this.insert(elements, -position - 1, value);
    if (this.count > intsetEntriesMax) this.convertToHashtable();
    return true;
  }

  /** Remove a member; false when it was not there. The encoding never changes back. */
  remove(member: string): boolean {
    const elements = this.elements;
    if (elements === null) return (this.table as MemberTable).remove(member);
    const value = integerOf(member);
    if (value === null) return false;
    const count = this.count;
    const position = searchElements(elements, count, value);
    if (position < 0) return false;
    elements.copyWithin(position, position + 1, count);
    this.count = count - 1;
    if (elements.length > 2 * this.count) this.shrink(elements);
    return true;
  }

  has(member: string): boolean {
    const elements = this.elements;
    if (elements === null) return (this.table as MemberTable).positions.has(member);
    const value = integerOf(member);
    return value !== null && searchElements(elements, this.count, value) >= 0;
  }

  /**
   * The member at `position` (0 <= position < size) in iteration order: ascending for an
   * intset, the hashtable's array order otherwise. Removals reorder a hashtable.
   */
  memberAt(position: number): string {
    const elements = this.elements;
    if (elements !== null) return elementText(elements, position);
    return (this.table as MemberTable).members[position] as string;
  }

  /** Every member in iteration order (see memberAt). */
  members(): string[] {
    const elements = this.elements;
    if (elements === null) return (this.table as MemberTable).members.slice();
    const members = new Array<string>(this.count);
    for (let position = 0; position < this.count; position++) members[position] = elementText(elements, position);
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
    const elements = this.elements;
    const copy = elements === null ? null : copyElements(elements, this.count, this.width, elements instanceof BigInt64Array, this.count);
    return new SetValue(copy, this.count, this.width, this.table?.clone() ?? null);
  }

  encoding(): string {
    return this.elements !== null ? 'intset' : 'hashtable';
  }

  /**
   * Redis 7.0's objectComputeSize for a set: the object header and the intset's allocation; or
   * the dict, its bucket array and the average of the first `samples` entries (0: all) times
   * the member count.
   */
  memoryBytes(samples: number): number {
    if (this.elements !== null) return OBJECT_HEADER_BYTES + allocationSize(INTSET_HEADER_BYTES + this.width * this.count);
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

  /** Put `value` at `position` of the intset's `elements`, growing the storage when it is full. */
  private insert(elements: Elements, position: number, value: Integer): void {
    const count = this.count;
    let target = elements;
    if (count === elements.length) {
      target = allocateElements(this.width, elements instanceof BigInt64Array, capacityFor(count + 1, this.width));
      (target as Int32Array).set(elements as Int32Array);
      this.elements = target;
    }
    target.copyWithin(position + 1, position, count);
    if (target instanceof BigInt64Array) target[position] = BigInt(value);
    else target[position] = value as number;
    this.count = count + 1;
  }

  /** Release the spare slots of intset storage that is more than twice the size its elements need. */
  private shrink(elements: Elements): void {
    const capacity = capacityFor(this.count, this.width);
    if (elements.length > 2 * capacity) this.elements = copyElements(elements, this.count, this.width, elements instanceof BigInt64Array, capacity);
  }

  /** Redis setTypeConvert: the intset's members, ascending, into a dict sized for them. */
  private convertToHashtable(): void {
    const elements = this.elements as Elements;
    const table = new MemberTable(new Map(), [], dictTableSlots(this.count));
    for (let position = 0; position < this.count; position++) table.add(elementText(elements, position));
    this.elements = null;
    this.count = 0;
    this.table = table;
  }
}
