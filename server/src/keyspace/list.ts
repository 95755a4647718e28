/**
 * The list value (Redis t_list.c over quicklist.c and listpack.c). A list is a doubly linked
 * list of nodes; each node packs its elements back to back in one byte array, so a million small
 * elements cost about what Redis's listpacks cost, not a JS string each. Pushes and pops at both
 * ends are O(1); an index walks whole nodes from the nearer end, then entries inside one node.
 *
 * Node boundaries follow Redis 7.0's quicklist exactly (list-max-listpack-size, the 8 KB safety
 * limit, splits and merges of LINSERT), and every node tracks the size its listpack has in Redis,
 * so MEMORY USAGE gives Redis's figure. Redis 7.0 encodes every list as a quicklist, even a list
 * of one element, so OBJECT ENCODING is always `quicklist`. Interior nodes are not compressed
 * (list-compress-depth is accepted and ignored).
 *
 * An entry in a node is: its length as a LEB128 varint, its bytes, then the same varint with its
 * bytes in reverse order, so a node can be walked from either end.
 */
import { listpackEntryBytes } from './listpack-size.js';
import { allocationSize } from './allocation.js';
import type { CollectionValue } from './collection.js';

/** Redis's default list-max-listpack-size: nodes of at most 8 KB. */
const FILL_DEFAULT = -2;
/** quicklistSetFill clamps fill to a 16-bit signed field and to the five size levels. */
const FILL_MAX = 32767;
const FILL_MIN = -5;
/** The listpack size limits of fill -1 .. -5. */
const OPTIMIZATION_LEVEL_BYTES = [4096, 8192, 16384, 32768, 65536] as const;
/** SIZE_SAFETY_LIMIT: a node limited by count never grows beyond this. */
const SIZE_SAFETY_LIMIT_BYTES = 8192;
/** SIZE_ESTIMATE_OVERHEAD: what quicklist adds to an element's length to estimate its entry. */
const SIZE_ESTIMATE_OVERHEAD_BYTES = 8;
/** What quicklist subtracts from two nodes' sizes when it estimates their merge. */
const MERGE_ESTIMATE_OVERHEAD_BYTES = 11;
/** An empty listpack: 6 header bytes and the end byte. */
const LISTPACK_EMPTY_BYTES = 7;
/** The listpack header alone, which a merge saves once. */
const LISTPACK_HEADER_AND_END_BYTES = 7;
/** sizeof(robj). */
const OBJECT_HEADER_BYTES = 16;
/** sizeof(quicklist) in Redis 7.0. */
const QUICKLIST_BYTES = 40;
/** sizeof(quicklistNode) in Redis 7.0. */
const QUICKLIST_NODE_BYTES = 40;

/** A varint is at most 5 bytes: element lengths stay below 2^35. */
const VARINT_BYTES_MAX = 5;
/** Elements up to this length are copied byte by byte; longer ones through Buffer's latin1 codec. */
const SHORT_ELEMENT_BYTES_MAX = 12;
/** The smallest node buffer. */
const NODE_CAPACITY_MIN_BYTES = 16;
/** Slack a node may keep once it is no longer at an end of the list (or after removals). */
const NODE_SLACK_BYTES_MAX = 64;

/** Buffer's own latin1 codec, without toString/write's argument checks. */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
const nativeLatin1Write = (Buffer.prototype as unknown as { latin1Write?: (text: string, offset: number) => number }).latin1Write;

/** One quicklist node: entries packed in `data[start, end)`. */
class ListNode {
  /** The node's listpack size in Redis (lpBytes): header, entries in Redis's encoding, end byte. */
  packedBytes = LISTPACK_EMPTY_BYTES;
  count = 0;
  prev: ListNode | null = null;
  next: ListNode | null = null;

  constructor(
    public data: Uint8Array,
    /** First byte of the first entry. */
    public start: number,
    /** One past the last byte of the last entry. */
    public end: number,
  ) {}

  get usedBytes(): number {
    return this.end - this.start;
  }
}

/** Where an element is: its node, its index in the node, and the first byte of its entry. */
interface Position {
  node: ListNode;
  offset: number;
  entry: number;
}

/** A list of binary strings (Redis's quicklist). */
export class ListValue implements CollectionValue {
  private head: ListNode | null = null;
  private tail: ListNode | null = null;
  private length = 0;
  private nodeCount = 0;
  /** list-max-listpack-size when the list was created: Redis keeps it per list. */
  private readonly fill: number;

  constructor(fill: number = FILL_DEFAULT) {
    this.fill = Math.max(FILL_MIN, Math.min(FILL_MAX, fill));
  }

  /** A list holding `elements` in order (SORT ... STORE, tests). */
  static of(elements: readonly string[], fill: number = FILL_DEFAULT): ListValue {
    const list = new ListValue(fill);
    for (const element of elements) list.pushTail(element);
    return list;
  }

  /**
   * A list whose quicklist nodes hold `nodes`, head first, each non-empty: a snapshot restores the
   * node layout it recorded (Redis's RDB keeps a quicklist's listpacks whole too).
   */
  static fromNodes(nodes: readonly (readonly string[])[], fill: number = FILL_DEFAULT): ListValue {
    const list = new ListValue(fill);
    for (const elements of nodes) {
      if (elements.length === 0) throw new Error('assertion: a list node without elements');
      let bytes = 0;
      for (const element of elements) bytes += entryBytes(element.length);
      const node = newNode(bytes, true);
      for (const element of elements) appendEntry(node, element);
      list.linkAfter(list.tail, node);
      list.length += elements.length;
    }
    return list;
  }

  /** list-max-listpack-size as this list was created with (clamped to -5 .. 32767): snapshots record it. */
  get listpackFill(): number {
    return this.fill;
  }

  get size(): number {
    return this.length;
  }

  /** LPUSH one element. */
  pushHead(value: string): void {
    const head = this.head;
    if (head !== null && this.allowInsert(head, value.length)) {
      prependEntry(head, value);
    } else {
      const node = newNode(entryBytes(value.length), false);
      prependEntry(node, value);
      this.linkBefore(head, node);
    }
    this.length++;
  }

  /** RPUSH one element. */
  pushTail(value: string): void {
    const tail = this.tail;
    if (tail !== null && this.allowInsert(tail, value.length)) {
      appendEntry(tail, value);
    } else {
      const node = newNode(entryBytes(value.length), true);
      appendEntry(node, value);
      this.linkAfter(tail, node);
    }
    this.length++;
  }

  /** LPOP one element; the list must not be empty. */
  popHead(): string {
    const node = this.head;
    if (node === null) throw new Error('assertion: pop from an empty list');
    const value = readEntry(node.data, node.start);
    removeEntry(node, node.start, node.start + entryBytes(value.length), value);
    this.length--;
    if (node.count === 0) this.unlink(node);
    return value;
  }

  /** RPOP one element; the list must not be empty. */
  popTail(): string {
    const node = this.tail;
    if (node === null) throw new Error('assertion: pop from an empty list');
    const entry = previousEntry(node.data, node.end);
    const value = readEntry(node.data, entry);
    removeEntry(node, entry, node.end, value);
    this.length--;
    if (node.count === 0) this.unlink(node);
    return value;
  }

  /** The element at `index` (negative counts from the tail), or null when out of range. */
  at(index: number): string | null {
    const position = this.locate(index);
    return position === null ? null : readEntry(position.node.data, position.entry);
  }

  /** LSET: replace the element at `index` in place; false when out of range. */
  set(index: number, value: string): boolean {
    const position = this.locate(index);
    if (position === null) return false;
    const node = position.node;
    const old = readEntry(node.data, position.entry);
    const oldBytes = entryBytes(old.length);
    const newBytes = entryBytes(value.length);
    let at = position.entry;
    if (newBytes > oldBytes) at = openGap(node, at + oldBytes, newBytes - oldBytes) - oldBytes;
    else if (newBytes < oldBytes) at += closeGap(node, at + newBytes, at + oldBytes);
    writeEntry(node.data, at, value);
    node.packedBytes += listpackEntryBytes(value) - listpackEntryBytes(old);
    return true;
  }

  /** `count` elements from index `start` on, in order; both must be within the list. */
  slice(start: number, count: number): string[] {
    const out: string[] = new Array<string>(count);
    if (count === 0) return out;
    const position = this.locate(start);
    if (position === null) throw new Error('assertion: slice start out of range');
    let node: ListNode | null = position.node;
    let entry = position.entry;
    for (let taken = 0; taken < count; taken++) {
      if (node === null) throw new Error('assertion: slice past the end');
      const length = readVarint(node.data, entry);
      out[taken] = readBytes(node.data, entry + varintBytes(length), length);
      entry += entryBytes(length);
      if (entry >= node.end) {
        node = node.next;
        entry = node === null ? 0 : node.start;
      }
    }
    return out;
  }

  /** Every element, head first. */
  values(): string[] {
    return this.slice(0, this.length);
  }

  /** Remove the first `count` elements (LTRIM, LPOP with a count); count at most the length. */
  removeHead(count: number): void {
    let left = count;
    for (let node = this.head; node !== null && left > 0; node = this.head) {
      if (left >= node.count) {
        left -= node.count;
        this.length -= node.count;
        this.unlink(node);
        continue;
      }
      const end = entryAfter(node, node.start, left);
      removeRange(node, node.start, end, left);
      this.length -= left;
      left = 0;
    }
  }

  /** Remove the last `count` elements (LTRIM, RPOP with a count); count at most the length. */
  removeTail(count: number): void {
    let left = count;
    for (let node = this.tail; node !== null && left > 0; node = this.tail) {
      if (left >= node.count) {
        left -= node.count;
        this.length -= node.count;
        this.unlink(node);
        continue;
      }
      const start = entryAfter(node, node.start, node.count - left);
      removeRange(node, start, node.end, left);
      this.length -= left;
      left = 0;
    }
  }

  /**
   * LINSERT: put `value` before or after the first element equal to `pivot`, as quicklist's
   * _quicklistInsert does (into the node, the neighbour, a new node, or a split). False when
   * there is no such element.
   */
  insert(pivot: string, value: string, after: boolean): boolean {
    const found = this.find(pivot);
    if (found === null) return false;
    this.insertAt(found, value, after);
    this.length++;
    return true;
  }

  /**
   * LREM: remove elements equal to `value`, at most `limit` of them (0: all), the first ones or
   * (fromTail) the last ones. Nodes left empty go; nothing is merged, as in Redis. Returns how many.
   */
  removeEqual(value: string, limit: number, fromTail: boolean): number {
    let removed = 0;
    let node = fromTail ? this.tail : this.head;
    const nodesMax = this.nodeCount;
    for (let visited = 0; node !== null && visited < nodesMax && (limit === 0 || removed < limit); visited++) {
      const following: ListNode | null = fromTail ? node.prev : node.next;
      const quota = limit === 0 ? node.count : Math.min(node.count, limit - removed);
      const count = removeEqualInNode(node, value, quota, fromTail);
      removed += count;
      this.length -= count;
      if (node.count === 0) this.unlink(node);
      node = following;
    }
    return removed;
  }

  /**
   * LPOS: indexes of elements equal to `value`, walking from the head (or the tail), looking at no
   * more than `maxLength` elements (0: all), skipping the first `skip` matches and returning at
   * most `limit` (0: all). Indexes always count from the head.
   */
  positions(value: string, skip: number, limit: number, maxLength: number, fromTail: boolean): number[] {
    const found: number[] = [];
    let matches = 0;
    let seen = 0;
    this.forEachEntry(fromTail, (node, entry, index) => {
      if (maxLength !== 0 && seen >= maxLength) return false;
      seen++;
      if (!entryEquals(node.data, entry, value)) return true;
      matches++;
      if (matches <= skip) return true;
      found.push(index);
      return limit === 0 || found.length < limit;
    });
    return found;
  }

  clone(): ListValue {
    const copy = new ListValue(this.fill);
    for (let node = this.head; node !== null; node = node.next) {
      const data = node.data.slice(node.start, node.end);
      const twin = new ListNode(data, 0, data.length);
      twin.count = node.count;
      twin.packedBytes = node.packedBytes;
      copy.linkAfter(copy.tail, twin);
    }
    copy.length = this.length;
    return copy;
  }

  encoding(): string {
    return 'quicklist';
  }

  /** Redis objectComputeSize for a quicklist: the average of the first `samples` nodes (0: all) times the node count. */
  memoryBytes(samples: number): number {
    let sampled = 0;
    let nodesBytes = 0;
    for (let node = this.head; node !== null && (samples === 0 || sampled < samples); node = node.next) {
      nodesBytes += QUICKLIST_NODE_BYTES + allocationSize(node.packedBytes);
      sampled++;
    }
    const average = sampled === 0 ? 0 : nodesBytes / sampled;
    return OBJECT_HEADER_BYTES + QUICKLIST_BYTES + Math.trunc(average * this.nodeCount);
  }

  canonical(): unknown {
    return this.values();
  }

  /** How many elements each node holds, head first (tests compare node layouts with Redis's). */
  nodeSizes(): number[] {
    const sizes: number[] = [];
    for (let node = this.head; node !== null; node = node.next) sizes.push(node.count);
    return sizes;
  }

  /**
   * Visit entries from the head (or the tail) until `visit` returns false; `index` is the
   * entry's index in the list.
   */
  private forEachEntry(fromTail: boolean, visit: (node: ListNode, entry: number, index: number) => boolean): void {
    let index = fromTail ? this.length - 1 : 0;
    let node = fromTail ? this.tail : this.head;
    for (let visited = 0; node !== null && visited < this.nodeCount; visited++) {
      const data = node.data;
      if (fromTail) {
        let entryEnd = node.end;
        for (let offset = node.count - 1; offset >= 0; offset--) {
          const entry = previousEntry(data, entryEnd);
          if (!visit(node, entry, index--)) return;
          entryEnd = entry;
        }
        node = node.prev;
      } else {
        let entry = node.start;
        for (let offset = 0; offset < node.count; offset++) {
          if (!visit(node, entry, index++)) return;
          entry += entryBytes(readVarint(data, entry));
        }
        node = node.next;
      }
    }
  }

  /** The first element equal to `value`, from the head, or null. */
  private find(value: string): Position | null {
    let node = this.head;
    for (let visited = 0; node !== null && visited < this.nodeCount; visited++) {
      let entry = node.start;
      for (let offset = 0; offset < node.count; offset++) {
        if (entryEquals(node.data, entry, value)) return { node, offset, entry };
        entry += entryBytes(readVarint(node.data, entry));
      }
      node = node.next;
    }
    return null;
  }

  /** The position of element `index` (negative counts from the tail), walking from the nearer end; null when out of range. */
  private locate(index: number): Position | null {
    const target = index < 0 ? this.length + index : index;
    if (target < 0 || target >= this.length) return null;
    let node: ListNode | null;
    let first: number;
    if (target <= (this.length - 1) / 2) {
      node = this.head;
      first = 0;
      for (let visited = 0; node !== null && first + node.count <= target && visited < this.nodeCount; visited++) {
        first += node.count;
        node = node.next;
      }
    } else {
      node = this.tail;
      first = this.length - (node?.count ?? 0);
      for (let visited = 0; node !== null && first > target && visited < this.nodeCount; visited++) {
        node = node.prev;
        first -= node?.count ?? 0;
      }
    }
    if (node === null) throw new Error('assertion: list node counts disagree with the length');
    const offset = target - first;
    return { node, offset, entry: entryAt(node, offset) };
  }

  /** _quicklistNodeAllowInsert: may a node take one more element of `length` bytes? */
  private allowInsert(node: ListNode | null, length: number): boolean {
    if (node === null) return false;
    const estimate = node.packedBytes + length + SIZE_ESTIMATE_OVERHEAD_BYTES;
    if (meetsSizeLevel(estimate, this.fill)) return true;
    if (estimate > SIZE_SAFETY_LIMIT_BYTES) return false;
    return node.count < this.fill;
  }

  /** _quicklistNodeAllowMerge: may two neighbours become one node? */
  private allowMerge(first: ListNode | null, second: ListNode | null): boolean {
    if (first === null || second === null) return false;
    const estimate = first.packedBytes + second.packedBytes - MERGE_ESTIMATE_OVERHEAD_BYTES;
    if (meetsSizeLevel(estimate, this.fill)) return true;
    if (estimate > SIZE_SAFETY_LIMIT_BYTES) return false;
    return first.count + second.count <= this.fill;
  }

  /** _quicklistInsert for an element found at `at`. */
  private insertAt(at: Position, value: string, after: boolean): void {
    const node = at.node;
    const full = !this.allowInsert(node, value.length);
    const atTail = after && at.offset === node.count - 1;
    const atHead = !after && at.offset === 0;
    if (!full) {
      const entry = after ? at.entry + entryBytes(readVarint(node.data, at.entry)) : at.entry;
      insertEntry(node, entry, value);
    } else if (atTail && this.allowInsert(node.next, value.length)) {
      prependEntry(node.next as ListNode, value);
    } else if (atHead && this.allowInsert(node.prev, value.length)) {
      appendEntry(node.prev as ListNode, value);
    } else if (atTail || atHead) {
      const fresh = newNode(entryBytes(value.length), after);
      appendEntry(fresh, value);
      if (after) this.linkAfter(node, fresh);
      else this.linkBefore(node, fresh);
    } else {
      const split = this.split(node, at.offset, after);
      if (after) {
        prependEntry(split, value);
        this.linkAfter(node, split);
      } else {
        appendEntry(split, value);
        this.linkBefore(node, split);
      }
      this.mergeAround(node);
    }
  }

  /**
   * _quicklistSplitNode: a new node with the elements after `offset` (after) or before it
   * (!after); `node` keeps the rest. The new node is not linked yet.
   */
  private split(node: ListNode, offset: number, after: boolean): ListNode {
    const boundary = entryAt(node, after ? offset + 1 : offset);
    const from = after ? boundary : node.start;
    const to = after ? node.end : boundary;
    const moved = after ? node.count - offset - 1 : offset;
    const data = node.data.slice(from, to);
    const split = new ListNode(data, 0, data.length);
    split.count = moved;
    split.packedBytes = LISTPACK_EMPTY_BYTES + packedBytesOf(data, 0, data.length);
    node.packedBytes -= split.packedBytes - LISTPACK_EMPTY_BYTES;
    node.count -= moved;
    if (after) node.end = boundary;
    else node.start = boundary;
    fitCapacity(node);
    return split;
  }

  /** _quicklistMergeNodes: merge the nodes around `center` where quicklist would. */
  private mergeAround(center: ListNode): void {
    const previous = center.prev;
    const next = center.next;
    if (this.allowMerge(previous, previous?.prev ?? null)) this.merge(previous?.prev as ListNode, previous as ListNode);
    if (this.allowMerge(next, next?.next ?? null)) this.merge(next as ListNode, next?.next as ListNode);
    let target = center;
    if (this.allowMerge(center, center.prev)) target = this.merge(center.prev as ListNode, center);
    if (this.allowMerge(target, target.next)) this.merge(target, target.next as ListNode);
  }

  /** Merge `second` into `first` (its left neighbour) or the other way round, copying the smaller; returns the node kept. */
  private merge(first: ListNode, second: ListNode): ListNode {
    const keepFirst = first.usedBytes >= second.usedBytes;
    const kept = keepFirst ? first : second;
    const gone = keepFirst ? second : first;
    const bytes = gone.data.subarray(gone.start, gone.end);
    if (keepFirst) {
      reserveAtEnd(kept, bytes.length);
      kept.data.set(bytes, kept.end);
      kept.end += bytes.length;
    } else {
      reserveAtStart(kept, bytes.length);
      kept.start -= bytes.length;
      kept.data.set(bytes, kept.start);
    }
    kept.count += gone.count;
    kept.packedBytes += gone.packedBytes - LISTPACK_HEADER_AND_END_BYTES;
    this.unlink(gone);
    fitCapacity(kept);
    return kept;
  }

  private linkBefore(anchor: ListNode | null, node: ListNode): void {
    node.next = anchor;
    node.prev = anchor?.prev ?? null;
    if (anchor !== null) {
      if (anchor.prev !== null) anchor.prev.next = node;
      anchor.prev = node;
      if (anchor === this.head) fitCapacity(anchor); // no longer an end that grows
    }
    if (this.head === anchor) this.head = node;
    if (this.tail === null) this.tail = node;
    this.nodeCount++;
  }

  private linkAfter(anchor: ListNode | null, node: ListNode): void {
    node.prev = anchor;
    node.next = anchor?.next ?? null;
    if (anchor !== null) {
      if (anchor.next !== null) anchor.next.prev = node;
      anchor.next = node;
      if (anchor === this.tail) fitCapacity(anchor);
    }
    if (this.tail === anchor) this.tail = node;
    if (this.head === null) this.head = node;
    this.nodeCount++;
  }

  private unlink(node: ListNode): void {
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
    this.nodeCount--;
  }
}

/** _quicklistNodeSizeMeetsOptimizationRequirement: a negative fill is a size level. */
function meetsSizeLevel(bytes: number, fill: number): boolean {
  if (fill >= 0) return false;
  const level = OPTIMIZATION_LEVEL_BYTES[-fill - 1];
  return level !== undefined && bytes <= level;
}

/** Σ listpackEntryBytes of the entries in data[from, to). */
function packedBytesOf(data: Uint8Array, from: number, to: number): number {
  let total = 0;
  for (let entry = from; entry < to; ) {
    const value = readEntry(data, entry);
    total += listpackEntryBytes(value);
    entry += entryBytes(value.length);
  }
  return total;
}

// ---- entries -----------------------------------------------------------------------------------

function varintBytes(length: number): number {
  if (length < 0x80) return 1;
  if (length < 0x4000) return 2;
  if (length < 0x200000) return 3;
  if (length < 0x10000000) return 4;
  return VARINT_BYTES_MAX;
}

/** Bytes of an entry holding `length` bytes. */
function entryBytes(length: number): number {
  return length + 2 * varintBytes(length);
}

/** The length stored at `at` (forward varint). */
function readVarint(data: Uint8Array, at: number): number {
  const first = data[at] as number;
  if (first < 0x80) return first;
  let value = first & 0x7f;
  let scale = 0x80;
  for (let index = 1; index < VARINT_BYTES_MAX; index++) {
    const byte = data[at + index] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
  throw new Error('assertion: list entry length is corrupt');
}

/** The length stored in the reversed varint ending at `end`. */
function readVarintBackward(data: Uint8Array, end: number): number {
  const last = data[end - 1] as number;
  if (last < 0x80) return last;
  let value = last & 0x7f;
  let scale = 0x80;
  for (let index = 2; index <= VARINT_BYTES_MAX; index++) {
    const byte = data[end - index] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
  throw new Error('assertion: list entry length is corrupt');
}

/** The first byte of the entry that ends at `end`. */
function previousEntry(data: Uint8Array, end: number): number {
  return end - entryBytes(readVarintBackward(data, end));
}

/** The first byte of the entry `count` entries after the one at `entry`. */
function entryAfter(node: ListNode, entry: number, count: number): number {
  let at = entry;
  for (let step = 0; step < count; step++) at += entryBytes(readVarint(node.data, at));
  return at;
}

/** The first byte of entry `offset` of a node (offset = count: the node's end), from the nearer end. */
function entryAt(node: ListNode, offset: number): number {
  if (offset <= node.count / 2) return entryAfter(node, node.start, offset);
  let at = node.end;
  for (let step = node.count; step > offset; step--) at = previousEntry(node.data, at);
  return at;
}

function readBytes(data: Uint8Array, at: number, length: number): string {
  if (length <= SHORT_ELEMENT_BYTES_MAX) {
    let text = '';
    for (let index = 0; index < length; index++) text += String.fromCharCode(data[at + index] as number);
    return text;
  }
  if (nativeLatin1Slice !== undefined) return nativeLatin1Slice.call(data, at, at + length);
  return Buffer.from(data.buffer, data.byteOffset + at, length).toString('latin1');
}

/** The element of the entry at `at`. */
function readEntry(data: Uint8Array, at: number): string {
  const length = readVarint(data, at);
  return readBytes(data, at + varintBytes(length), length);
}

/** True when the entry at `at` holds exactly `value`. */
function entryEquals(data: Uint8Array, at: number, value: string): boolean {
  const length = readVarint(data, at);
  if (length !== value.length) return false;
  const start = at + varintBytes(length);
  for (let index = 0; index < length; index++) {
    if (data[start + index] !== value.charCodeAt(index)) return false;
  }
  return true;
}

/** Write `value` as an entry at `at`; returns the byte after it. */
function writeEntry(data: Uint8Array, at: number, value: string): number {
  const length = value.length;
  let position = at;
  let rest = length;
  for (let index = 0; rest >= 0x80 && index < VARINT_BYTES_MAX; index++) {
    data[position++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  data[position++] = rest;
  if (length <= SHORT_ELEMENT_BYTES_MAX) {
    for (let index = 0; index < length; index++) data[position + index] = value.charCodeAt(index);
  } else if (nativeLatin1Write !== undefined) {
    nativeLatin1Write.call(data, value, position);
  } else {
    Buffer.from(data.buffer, data.byteOffset + position, length).write(value, 0, 'latin1');
  }
  position += length;
  const size = varintBytes(length);
  rest = length;
  for (let index = 0; index < size; index++) {
    data[position + size - 1 - index] = (rest & 0x7f) | (index < size - 1 ? 0x80 : 0);
    rest = Math.floor(rest / 0x80);
  }
  return position + size;
}

// ---- node buffers ------------------------------------------------------------------------------

/** A node with room for `bytes`, its free space after the data (atEnd) or before it. */
function newNode(bytes: number, atEnd: boolean): ListNode {
  const capacity = Math.max(NODE_CAPACITY_MIN_BYTES, bytes);
  const start = atEnd ? 0 : capacity;
  return new ListNode(new Uint8Array(capacity), start, start);
}

/** Room for `bytes` more after the node's data. */
function reserveAtEnd(node: ListNode, bytes: number): void {
  if (node.end + bytes <= node.data.length) return;
  relocate(node, bytes, true);
}

/** Room for `bytes` more before the node's data. */
function reserveAtStart(node: ListNode, bytes: number): void {
  if (node.start >= bytes) return;
  relocate(node, bytes, false);
}

/**
 * Move the node's data to make `bytes` of room at its end (atEnd) or its start: in place when the
 * buffer has that much free space in all, else into a buffer half again as large as needed.
 */
function relocate(node: ListNode, bytes: number, atEnd: boolean): void {
  const used = node.usedBytes;
  const capacity = node.data.length;
  if (used + bytes <= capacity && used <= capacity / 2) {
    const start = atEnd ? 0 : capacity - used;
    node.data.copyWithin(start, node.start, node.end);
    node.start = start;
    node.end = start + used;
    return;
  }
  const needed = used + bytes;
  const grown = Math.max(NODE_CAPACITY_MIN_BYTES, needed + (needed >>> 1));
  const data = new Uint8Array(grown);
  const start = atEnd ? 0 : grown - used;
  data.set(node.data.subarray(node.start, node.end), start);
  node.data = data;
  node.start = start;
  node.end = start + used;
}

/** Make `bytes` of room at byte `at` inside the node, moving the shorter side; returns where the room starts. */
function openGap(node: ListNode, at: number, bytes: number): number {
  const before = at - node.start;
  const after = node.end - at;
  if (node.end + bytes <= node.data.length && (after <= before || node.start < bytes)) {
    node.data.copyWithin(at + bytes, at, node.end);
    node.end += bytes;
    return at;
  }
  if (node.start >= bytes) {
    node.data.copyWithin(node.start - bytes, node.start, at);
    node.start -= bytes;
    return at - bytes;
  }
  const needed = node.usedBytes + bytes;
  const data = new Uint8Array(needed + (needed >>> 1));
  data.set(node.data.subarray(node.start, at), 0);
  data.set(node.data.subarray(at, node.end), before + bytes);
  node.data = data;
  node.start = 0;
  node.end = needed;
  return before;
}

/**
 * Remove bytes [from, to) of the node, moving the shorter side. Returns how far the bytes before
 * `from` moved (0, or the removed length when they moved right).
 */
function closeGap(node: ListNode, from: number, to: number): number {
  const removed = to - from;
  if (from - node.start < node.end - to) {
    node.data.copyWithin(node.start + removed, node.start, from);
    node.start += removed;
    return removed;
  }
  node.data.copyWithin(from, to, node.end);
  node.end -= removed;
  return 0;
}

/** Give back a node's free space beyond NODE_SLACK_BYTES_MAX. */
function fitCapacity(node: ListNode): void {
  const used = node.usedBytes;
  if (node.data.length - used <= NODE_SLACK_BYTES_MAX) return;
  const data = node.data.slice(node.start, node.end);
  node.data = data;
  node.start = 0;
  node.end = used;
}

function appendEntry(node: ListNode, value: string): void {
  const bytes = entryBytes(value.length);
  reserveAtEnd(node, bytes);
  node.end = writeEntry(node.data, node.end, value);
  node.count++;
  node.packedBytes += listpackEntryBytes(value);
}

function prependEntry(node: ListNode, value: string): void {
  const bytes = entryBytes(value.length);
  reserveAtStart(node, bytes);
  node.start -= bytes;
  writeEntry(node.data, node.start, value);
  node.count++;
  node.packedBytes += listpackEntryBytes(value);
}

/** Insert `value` as a new entry starting at byte `at` of the node. */
function insertEntry(node: ListNode, at: number, value: string): void {
  const position = openGap(node, at, entryBytes(value.length));
  writeEntry(node.data, position, value);
  node.count++;
  node.packedBytes += listpackEntryBytes(value);
}

/** Remove the one entry in [from, to), which holds `value`. */
function removeEntry(node: ListNode, from: number, to: number, value: string): void {
  if (from === node.start) node.start = to;
  else if (to === node.end) node.end = from;
  else closeGap(node, from, to);
  node.count--;
  node.packedBytes -= listpackEntryBytes(value);
  if (node.count > 0 && node.data.length > 2 * node.usedBytes + NODE_SLACK_BYTES_MAX) fitCapacity(node);
}

/** Remove `count` whole entries in bytes [from, to) of the node. */
function removeRange(node: ListNode, from: number, to: number, count: number): void {
  node.packedBytes -= packedBytesOf(node.data, from, to);
  node.count -= count;
  if (from === node.start) node.start = to;
  else if (to === node.end) node.end = from;
  else closeGap(node, from, to);
  if (node.data.length > 2 * node.usedBytes + NODE_SLACK_BYTES_MAX) fitCapacity(node);
}

/**
 * Remove up to `quota` entries equal to `value` from one node, its first matches or (fromTail)
 * its last ones, compacting the node in one pass. Returns how many.
 */
function removeEqualInNode(node: ListNode, value: string, quota: number, fromTail: boolean): number {
  const matches: number[] = [];
  const data = node.data;
  let entry = node.start;
  for (let offset = 0; offset < node.count; offset++) {
    if (entryEquals(data, entry, value)) matches.push(entry);
    entry += entryBytes(readVarint(data, entry));
  }
  if (matches.length === 0 || quota === 0) return 0;
  const chosen = matches.length <= quota ? matches : fromTail ? matches.slice(matches.length - quota) : matches.slice(0, quota);
  const size = entryBytes(value.length);
  let write = chosen[0] as number;
  for (let index = 0; index < chosen.length; index++) {
    const keptFrom = (chosen[index] as number) + size;
    const keptTo = index + 1 < chosen.length ? (chosen[index + 1] as number) : node.end;
    data.copyWithin(write, keptFrom, keptTo);
    write += keptTo - keptFrom;
  }
  node.end = write;
  node.count -= chosen.length;
  node.packedBytes -= chosen.length * listpackEntryBytes(value);
  if (node.data.length > 2 * node.usedBytes + NODE_SLACK_BYTES_MAX) fitCapacity(node);
  return chosen.length;
}
