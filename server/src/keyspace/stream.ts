/**
 * The stream value (Redis t_stream.c).
 *
 * Entries are kept in nodes, as Redis keeps them in listpacks hung on a radix tree: a node holds
 * the entries added after its first one (its "master" entry, whose id keys the node and whose
 * field names later entries with the same fields share) until it reaches stream-node-max-entries
 * entries or stream-node-max-bytes listpack bytes. Deleted entries stay in their node as
 * tombstones (XDEL of a node's last live entry removes the node; an exact trim may leave a node
 * of tombstones only, as Redis does), and `~` trimming removes whole nodes only, so XINFO
 * STREAM's radix-tree-keys/nodes and what a `~` trim removes are Redis's.
 *
 * A node stores its entries in one buffer, like a slotted page: each entry's id as varint
 * differences from the master id, its strings as varint lengths and bytes (field names left out
 * when they equal the master entry's), and a 4-byte slot per entry (offset and flags) growing
 * from the buffer's end; about 15-20 bytes per small entry, as Redis's listpacks. Lookup by id is
 * a binary search over the nodes then over one node's slots; ranges walk nodes in order.
 *
 * Consumer groups keep their pending entries lists (PEL) in SortedIdMaps (chunked sorted arrays:
 * O(log n) lookup, ordered iteration); an entry's PendingEntry is shared by the group PEL and its
 * consumer's PEL, as Redis shares its streamNACK.
 *
 * An id is one 128-bit bigint, `ms << 64 | seq`, so comparison, increment and decrement with
 * carry are plain bigint arithmetic.
 */
import { allocationSize } from './allocation.js';
import { parseInt64, parseSafeInteger } from '../util/number.js';
import type { CollectionValue } from './collection.js';

/** A stream entry id: `ms << 64 | seq`, each half an unsigned 64-bit integer. */
export type StreamId = bigint;

/** The largest id, 18446744073709551615-18446744073709551615. */
export const STREAM_ID_MAX: StreamId = (1n << 128n) - 1n;
const HALF_MASK = (1n << 64n) - 1n;

/** The id `ms-seq`. */
export function streamId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

/** The milliseconds half of an id. */
export function streamIdMs(id: StreamId): bigint {
  return id >> 64n;
}

/** The sequence half of an id. */
export function streamIdSeq(id: StreamId): bigint {
  return id & HALF_MASK;
}

/** An id as Redis prints it: `ms-seq`. */
export function formatStreamId(id: StreamId): string {
  return `${id >> 64n}-${id & HALF_MASK}`;
}

/** An entry as the range functions return it: its id and its fields and values, alternating. */
export interface StreamEntry {
  readonly id: StreamId;
  readonly fields: string[];
}

/** An entry as its node holds it, tombstone or not: snapshots record nodes whole. */
export interface StreamNodeEntry {
  readonly id: StreamId;
  readonly fields: string[];
  readonly deleted: boolean;
}

/** The node limits an append obeys (stream-node-max-bytes / -entries; 0 is no limit). */
export interface StreamNodeLimits {
  readonly bytesMax: number;
  readonly entriesMax: number;
}

/** How a trim chooses what goes (XADD / XTRIM MAXLEN or MINID). */
export interface StreamTrim {
  readonly strategy: 'maxlen' | 'minid';
  /** MAXLEN: the length to keep. */
  readonly maxLength: number;
  /** MINID: entries below this id go. */
  readonly minId: StreamId;
  /** `~`: remove whole nodes only. */
  readonly approximate: boolean;
  /** Entries removed at most (0: no limit); only with `~`. */
  readonly limit: number;
}

/** Redis's SCG_INVALID_ENTRIES_READ: a group's read counter that is not known. */
export const ENTRIES_READ_INVALID = -1n;

/** A delivered entry not yet acknowledged (Redis streamNACK). Shared by the group and consumer PELs. */
export interface PendingEntry {
  consumer: Consumer;
  /** When it was last delivered (ms). */
  deliveryTime: number;
  /** Deliveries so far; an unsigned 64-bit counter (a bigint once past the safe-integer range). */
  deliveryCount: number | bigint;
}

/** A consumer of a group (Redis 7.0 streamConsumer: name, seen-time, its PEL). */
export interface Consumer {
  readonly name: string;
  /** The last time a command read or claimed for it (ms). */
  seenTime: number;
  readonly pending: SortedIdMap<PendingEntry>;
}

/** A consumer group (Redis streamCG). */
export interface ConsumerGroup {
  lastId: StreamId;
  /** Logical reads counter, ENTRIES_READ_INVALID when unknown. */
  entriesRead: bigint;
  readonly pending: SortedIdMap<PendingEntry>;
  readonly consumers: Map<string, Consumer>;
}

// ---- Redis's listpack byte layout (what node splitting and MEMORY USAGE depend on) --------------

/** Listpack header (total bytes, element count) and end marker. */
const LISTPACK_FRAME_BYTES = 7;
/** Redis's STREAM_LISTPACK_MAX_SIZE: node byte limits beyond it (or 0) mean this. */
const LISTPACK_BYTES_MAX = 1 << 30;
/** Redis's STREAM_LISTPACK_MAX_PRE_ALLOCATE: a new node's listpack allocation. */
const LISTPACK_PREALLOCATE_BYTES = 4096;
/** An integer element 0..127 and its back-length byte (flags, small counts, the zero terminator). */
const TINY_INTEGER_ELEMENT_BYTES = 2;
const FLAG_DELETED = 1;
const FLAG_SAME_FIELDS = 2;

/** Bytes of a listpack integer element (encoding and back-length) for `value`. */
function integerElementBytes(value: number | bigint): number {
  if (value >= 0 && value <= 127) return 2;
  if (value >= -4096 && value <= 4095) return 3;
  if (value >= -32768 && value <= 32767) return 4;
  if (value >= -8388608 && value <= 8388607) return 5;
  if (value >= -2147483648 && value <= 2147483647) return 6;
  return 10;
}

/** Bytes of the back-length field for an element whose encoding takes `encoded` bytes. */
function backLengthBytes(encoded: number): number {
  if (encoded <= 127) return 1;
  if (encoded < 16383) return 2;
  if (encoded < 2097151) return 3;
  if (encoded < 268435455) return 4;
  return 5;
}

/** Bytes of a listpack element holding `text`: canonical integers are stored as integers. */
function stringElementBytes(text: string): number {
  const length = text.length;
  if (length > 0 && length <= 20) {
    const first = text.charCodeAt(0);
    if ((first >= 48 && first <= 57) || first === 45) {
      const integer = length <= 15 ? parseSafeInteger(text) : parseInt64(text);
      if (integer !== null) return integerElementBytes(integer);
    }
  }
  const encoded = length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
  return encoded + backLengthBytes(encoded);
}

/** An id half difference as Redis stores it: uint64 subtraction read as int64. */
function idDelta(value: bigint, base: bigint): bigint {
  return BigInt.asIntN(64, value - base);
}

// ---- a node ------------------------------------------------------------------------------------

/** Bytes a new node's buffer starts with. */
const NODE_INITIAL_BYTES = 128;
/** Bytes of an entry's slot: its offset times 4 plus its flags, a little-endian uint32. */
const SLOT_BYTES = 4;
/** Longest varint: a 64-bit value in 7-bit groups. */
const VARINT_BYTES_MAX = 10;
/** Varints up to this many bytes (49 bits) decode exactly as numbers. */
const VARINT_NUMBER_BYTES_MAX = 7;

/**
 * One radix-tree node of a stream: a listpack of entries in Redis. Everything lives in one
 * buffer, like a slotted page: entries grow from the start, one slot per entry grows from the end.
 * An entry is its id (the ms difference from the master entry, then the seq difference when the
 * ms is the same or the seq itself when it is not, as varints) and its fields: values only when
 * its field names are the master's, else the pair count then names and values, each string a
 * varint length and its bytes.
 */
class StreamNode {
  private buffer: Buffer;
  /** Bytes of entries at the start of the buffer. */
  private dataLength = 0;
  /** Entries, tombstones included. */
  count = 0;
  /** Entries not deleted. */
  live = 0;
  private readonly masterMs: bigint;
  private readonly masterSeq: bigint;
  /** Listpack bytes of the master entry's fixed part: field count, fields, zero terminator. */
  private readonly masterListpackBytes: number;
  /** Listpack bytes of the entries after the master entry. */
  private entriesListpackBytes = 0;
  /** Bytes Redis's allocator holds for this listpack (MEMORY USAGE). */
  allocatedBytes: number;

  constructor(
    /** The first entry's id, the node's radix-tree key. */
    readonly masterId: StreamId,
    /** The first entry's field names; entries with the same names store only values. */
    readonly masterFields: readonly string[],
    limits: StreamNodeLimits,
    capacity = NODE_INITIAL_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
    this.masterMs = masterId >> 64n;
    this.masterSeq = masterId & HALF_MASK;
    let bytes = integerElementBytes(masterFields.length) + TINY_INTEGER_ELEMENT_BYTES;
    for (const field of masterFields) bytes += stringElementBytes(field);
    this.masterListpackBytes = bytes;
    const preallocate = limits.bytesMax > 0 && limits.bytesMax < LISTPACK_PREALLOCATE_BYTES ? limits.bytesMax : LISTPACK_PREALLOCATE_BYTES;
    this.allocatedBytes = allocationSize(Math.max(preallocate, LISTPACK_FRAME_BYTES));
  }

  /** The node's listpack size in Redis (lpBytes). */
  get listpackBytes(): number {
    return (
      LISTPACK_FRAME_BYTES +
      integerElementBytes(this.live) +
      integerElementBytes(this.count - this.live) +
      this.masterListpackBytes +
      this.entriesListpackBytes
    );
  }

  private slotAt(index: number): number {
    return this.buffer.readUInt32LE(this.buffer.length - SLOT_BYTES * (index + 1));
  }

  idAt(index: number): StreamId {
    const data = this.buffer;
    let offset = Math.floor(this.slotAt(index) / 4);
    const msDelta = readVarint(data, offset);
    offset = skipVarint(data, offset);
    const seqPart = BigInt(readVarint(data, offset));
    const ms = this.masterMs + BigInt(msDelta);
    const seq = msDelta === 0 ? this.masterSeq + seqPart : seqPart;
    return (ms << 64n) | seq;
  }

  isDeleted(index: number): boolean {
    return (this.slotAt(index) & FLAG_DELETED) !== 0;
  }

  /** The last entry's id, tombstone or not. */
  get lastId(): StreamId {
    return this.idAt(this.count - 1);
  }

  /** The first position whose id is at least `id` (count when none). */
  lowerBound(id: StreamId): number {
    if (id <= this.masterId) return 0;
    let low = 1;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.idAt(middle) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Append an entry (the caller checked the node may take it). `fields` alternates names and values. */
  append(id: StreamId, fields: readonly string[]): void {
    const sameFields = this.hasMasterFields(fields);
    this.reserve(encodedBytesMax(fields, sameFields) + SLOT_BYTES);
    const start = this.dataLength;
    const ms = id >> 64n;
    const msDelta = ms - this.masterMs;
    let offset = writeVarint(this.buffer, start, msDelta);
    offset = writeVarint(this.buffer, offset, msDelta === 0n ? (id & HALF_MASK) - this.masterSeq : id & HALF_MASK);
    this.dataLength = this.encode(fields, sameFields, offset);
    this.buffer.writeUInt32LE(start * 4 + (sameFields ? FLAG_SAME_FIELDS : 0), this.buffer.length - SLOT_BYTES * (this.count + 1));
    this.count++;
    this.live++;
    this.entriesListpackBytes += this.entryListpackBytes(id, fields, sameFields);
    if (this.listpackBytes > this.allocatedBytes) this.allocatedBytes = allocationSize(this.listpackBytes);
  }

  /** The fields and values of the entry at `index`, alternating. */
  fieldsAt(index: number): string[] {
    const slot = this.slotAt(index);
    const data = this.buffer;
    let offset = skipVarint(data, skipVarint(data, Math.floor(slot / 4)));
    const out: string[] = [];
    if ((slot & FLAG_SAME_FIELDS) !== 0) {
      for (const field of this.masterFields) {
        const length = readVarint(data, offset) as number;
        offset = skipVarint(data, offset);
        out.push(field, data.toString('latin1', offset, offset + length));
        offset += length;
      }
      return out;
    }
    const pairs = readVarint(data, offset) as number;
    offset = skipVarint(data, offset);
    for (let item = 0; item < pairs * 2; item++) {
      const length = readVarint(data, offset) as number;
      offset = skipVarint(data, offset);
      out.push(data.toString('latin1', offset, offset + length));
      offset += length;
    }
    return out;
  }

  /** Mark the entry at `index` deleted (a tombstone), updating the counters as Redis rewrites them. */
  markDeleted(index: number): void {
    const before = this.listpackBytes;
    const position = this.buffer.length - SLOT_BYTES * (index + 1);
    this.buffer.writeUInt32LE(this.buffer.readUInt32LE(position) | FLAG_DELETED, position);
    this.live--;
    this.resized(before);
  }

  /** Give back unused room: this node will not grow any more (Redis lpShrinkToFit). */
  shrinkToFit(): void {
    this.resize(this.dataLength + SLOT_BYTES * this.count);
    this.allocatedBytes = allocationSize(this.listpackBytes);
  }

  /** A deep copy. */
  clone(): StreamNode {
    const copy = new StreamNode(this.masterId, this.masterFields, { bytesMax: 0, entriesMax: 0 }, this.buffer.length);
    this.buffer.copy(copy.buffer);
    copy.dataLength = this.dataLength;
    copy.count = this.count;
    copy.live = this.live;
    copy.entriesListpackBytes = this.entriesListpackBytes;
    copy.allocatedBytes = this.allocatedBytes;
    return copy;
  }

  /** Bytes of this node's buffer in cairn. */
  get storedBytes(): number {
    return this.buffer.length;
  }

  private hasMasterFields(fields: readonly string[]): boolean {
    const master = this.masterFields;
    if (fields.length !== master.length * 2) return false;
    for (let field = 0; field < master.length; field++) {
      if (fields[field * 2] !== master[field]) return false;
    }
    return true;
  }

  /** Redis's lpReplaceInteger on the counters reallocates: a smaller listpack gives back memory. */
  private resized(before: number): void {
    const after = this.listpackBytes;
    if (after < before || after > this.allocatedBytes) this.allocatedBytes = allocationSize(after);
  }

  private entryListpackBytes(id: StreamId, fields: readonly string[], sameFields: boolean): number {
    const pairs = fields.length / 2;
    let bytes =
      TINY_INTEGER_ELEMENT_BYTES +
      integerElementBytes(idDelta(id >> 64n, this.masterMs)) +
      integerElementBytes(idDelta(id & HALF_MASK, this.masterSeq));
    if (!sameFields) {
      bytes += integerElementBytes(pairs);
      for (let field = 0; field < fields.length; field += 2) bytes += stringElementBytes(fields[field] as string);
    }
    for (let value = 1; value < fields.length; value += 2) bytes += stringElementBytes(fields[value] as string);
    const elements = sameFields ? pairs + 3 : pairs * 2 + 4;
    return bytes + integerElementBytes(elements);
  }

  private encode(fields: readonly string[], sameFields: boolean, start: number): number {
    let offset = start;
    if (sameFields) {
      for (let value = 1; value < fields.length; value += 2) offset = this.writeString(fields[value] as string, offset);
      return offset;
    }
    offset = writeVarint(this.buffer, offset, fields.length / 2);
    for (const item of fields) offset = this.writeString(item, offset);
    return offset;
  }

  private writeString(text: string, start: number): number {
    const offset = writeVarint(this.buffer, start, text.length);
    return offset + this.buffer.write(text, offset, 'latin1');
  }

  /** Make room for `bytes` more bytes of entry and slot. */
  private reserve(bytes: number): void {
    const needed = this.dataLength + SLOT_BYTES * this.count + bytes;
    if (needed > this.buffer.length) this.resize(Math.max(needed, this.buffer.length * 2));
  }

  /** Move the entries and slots into a buffer of `capacity` bytes. */
  private resize(capacity: number): void {
    const old = this.buffer;
    if (capacity === old.length) return;
    const buffer = Buffer.allocUnsafeSlow(capacity);
    old.copy(buffer, 0, 0, this.dataLength);
    const slotBytes = SLOT_BYTES * this.count;
    old.copy(buffer, capacity - slotBytes, old.length - slotBytes);
    this.buffer = buffer;
  }
}

/** An upper bound of the bytes an entry's encoding takes: its id and every string with its length. */
function encodedBytesMax(fields: readonly string[], sameFields: boolean): number {
  let bytes = 3 * VARINT_BYTES_MAX;
  for (let item = sameFields ? 1 : 0; item < fields.length; item += sameFields ? 2 : 1) bytes += VARINT_BYTES_MAX + (fields[item] as string).length;
  return bytes;
}

/** Write `value` (below 2^64) as a little-endian base-128 varint; returns the offset after it. */
function writeVarint(data: Buffer, start: number, value: number | bigint): number {
  let offset = start;
  if (typeof value === 'bigint' && value > BigInt(Number.MAX_SAFE_INTEGER)) {
    let rest = value;
    for (let written = 1; rest >= 0x80n && written < VARINT_BYTES_MAX; written++) {
      data[offset++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    data[offset++] = Number(rest);
    return offset;
  }
  let rest = Number(value);
  for (let written = 1; rest >= 0x80 && written < VARINT_BYTES_MAX; written++) {
    data[offset++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  data[offset++] = rest;
  return offset;
}

/** Read a varint: a number when it has at most 49 bits, else a bigint. */
function readVarint(data: Buffer, start: number): number | bigint {
  const end = skipVarint(data, start);
  if (end - start <= VARINT_NUMBER_BYTES_MAX) {
    let value = 0;
    for (let offset = end - 1; offset >= start; offset--) value = value * 128 + ((data[offset] as number) & 0x7f);
    return value;
  }
  let value = 0n;
  for (let offset = end - 1; offset >= start; offset--) value = (value << 7n) | BigInt((data[offset] as number) & 0x7f);
  return value;
}

/** The offset after the varint at `start`. */
function skipVarint(data: Buffer, start: number): number {
  let offset = start;
  for (; offset < start + VARINT_BYTES_MAX - 1 && (data[offset] as number) >= 0x80; offset++);
  return offset + 1;
}

// ---- radix tree node counts (XINFO STREAM radix-tree-nodes, MEMORY USAGE) ---------------------

/** Bytes of a radix-tree key: a 128-bit id, big endian. */
const ID_KEY_BYTES = 16;

/** Byte `position` (0 = most significant) of an id's 16-byte key. */
function idKeyByte(id: StreamId, position: number): number {
  return Number((id >> BigInt(8 * (ID_KEY_BYTES - 1 - position))) & 0xffn);
}

/** Leading bytes two ids' keys share. */
function commonKeyBytes(first: StreamId, second: StreamId): number {
  const difference = first ^ second;
  if (difference === 0n) return ID_KEY_BYTES;
  return ID_KEY_BYTES - Math.ceil(difference.toString(2).length / 8);
}

/**
 * The node count (numnodes) of a Redis radix tree holding `keys` (sorted ascending): the head,
 * every branching point, every child of a branching point and every key end. Compressed chains
 * between them are one node each, as rax keeps them.
 */
export function radixTreeNodes(keys: readonly StreamId[]): number {
  if (keys.length === 0) return 1;
  return subtreeNodes(keys, 0, keys.length, 0);
}

/** Nodes of the subtree that starts at key byte `depth` and holds keys[from, to). */
function subtreeNodes(keys: readonly StreamId[], from: number, to: number, depth: number): number {
  if (to - from === 1) return depth === ID_KEY_BYTES ? 1 : 2;
  const branchDepth = commonKeyBytes(keys[from] as StreamId, keys[to - 1] as StreamId);
  let nodes = (branchDepth > depth ? 1 : 0) + 1;
  let groupStart = from;
  let groupByte = idKeyByte(keys[from] as StreamId, branchDepth);
  for (let index = from + 1; index <= to; index++) {
    const byte = index < to ? idKeyByte(keys[index] as StreamId, branchDepth) : -1;
    if (byte === groupByte) continue;
    nodes += subtreeNodes(keys, groupStart, index, branchDepth + 1);
    groupStart = index;
    groupByte = byte;
  }
  return nodes;
}

// ---- a sorted map by id (PELs) -----------------------------------------------------------------

/** Keys per chunk of a SortedIdMap before it splits. */
const CHUNK_KEYS_MAX = 128;

interface IdChunk<V> {
  keys: StreamId[];
  values: V[];
}

/** A map from ids to values kept in id order: chunked sorted arrays, O(log n) lookups and seeks. */
export class SortedIdMap<V> {
  private chunks: IdChunk<V>[] = [];
  size = 0;

  get(id: StreamId): V | undefined {
    const chunk = this.chunks[this.chunkFor(id)];
    if (chunk === undefined) return undefined;
    const position = lowerBound(chunk.keys, id);
    return chunk.keys[position] === id ? chunk.values[position] : undefined;
  }

  has(id: StreamId): boolean {
    return this.get(id) !== undefined;
  }

  /** Set a value; true when the id was not there before. */
  set(id: StreamId, value: V): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push({ keys: [id], values: [value] });
      this.size = 1;
      return true;
    }
    const chunkIndex = this.chunkFor(id);
    const chunk = this.chunks[chunkIndex] as IdChunk<V>;
    const position = lowerBound(chunk.keys, id);
    if (chunk.keys[position] === id) {
      chunk.values[position] = value;
      return false;
    }
    chunk.keys.splice(position, 0, id);
    chunk.values.splice(position, 0, value);
    this.size++;
    if (chunk.keys.length > CHUNK_KEYS_MAX) {
      const half = chunk.keys.length >>> 1;
      this.chunks.splice(chunkIndex + 1, 0, { keys: chunk.keys.splice(half), values: chunk.values.splice(half) });
    }
    return true;
  }

  /** Remove an id; returns its value. */
  delete(id: StreamId): V | undefined {
    const chunkIndex = this.chunkFor(id);
    const chunk = this.chunks[chunkIndex];
    if (chunk === undefined) return undefined;
    const position = lowerBound(chunk.keys, id);
    if (chunk.keys[position] !== id) return undefined;
    const value = chunk.values[position];
    chunk.keys.splice(position, 1);
    chunk.values.splice(position, 1);
    this.size--;
    if (chunk.keys.length === 0) this.chunks.splice(chunkIndex, 1);
    return value;
  }

  /** The smallest id, or undefined when empty. */
  firstId(): StreamId | undefined {
    return this.chunks[0]?.keys[0];
  }

  /** The largest id, or undefined when empty. */
  lastId(): StreamId | undefined {
    const chunk = this.chunks[this.chunks.length - 1];
    return chunk?.keys[chunk.keys.length - 1];
  }

  /** The first id at or after `id`, or undefined. */
  ceiling(id: StreamId): StreamId | undefined {
    for (let chunkIndex = this.chunkFor(id); chunkIndex < this.chunks.length; chunkIndex++) {
      const chunk = this.chunks[chunkIndex] as IdChunk<V>;
      const position = lowerBound(chunk.keys, id);
      if (position < chunk.keys.length) return chunk.keys[position];
    }
    return undefined;
  }

  /** Every id and value in order. The map must not change during the walk. */
  *entries(): IterableIterator<[StreamId, V]> {
    for (const chunk of this.chunks) {
      for (let position = 0; position < chunk.keys.length; position++) {
        yield [chunk.keys[position] as StreamId, chunk.values[position] as V];
      }
    }
  }

  /** Every id in order. */
  ids(): StreamId[] {
    const out: StreamId[] = [];
    for (const chunk of this.chunks) out.push(...chunk.keys);
    return out;
  }

  /** The chunk that holds or would hold `id`: the last whose first key is at most `id` (0 when none). */
  private chunkFor(id: StreamId): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (((this.chunks[middle] as IdChunk<V>).keys[0] as StreamId) <= id) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

function lowerBound(keys: readonly StreamId[], id: StreamId): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as StreamId) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

// ---- the stream ------------------------------------------------------------------------------------

/** sizeof(robj) + sizeof(stream) in Redis 7.0. */
const STREAM_OBJECT_BYTES = 16 + 80;
/** Per radix-tree element in Redis's streamRadixTreeMemoryUsage (sizeof(streamID)). */
const RADIX_ELEMENT_BYTES = 16;
/** Per radix-tree node in Redis's estimate: sizeof(raxNode) plus 30 pointers of overhead. */
const RADIX_NODE_BYTES = 4 + 8 * 30;
/** sizeof(streamCG), sizeof(streamNACK) and sizeof(streamConsumer) in Redis 7.0. */
const GROUP_BYTES = 40;
const PENDING_ENTRY_BYTES = 24;
const CONSUMER_BYTES = 24;

/** Redis's streamRadixTreeMemoryUsage for a tree of `keys` (sorted). */
function radixTreeBytes(keys: readonly StreamId[]): number {
  return keys.length * RADIX_ELEMENT_BYTES + radixTreeNodes(keys) * RADIX_NODE_BYTES;
}

/** A stream: its nodes of entries, its ids and counters, and its consumer groups. */
export class StreamValue implements CollectionValue {
  private nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  /** The last id ever added (or set by XSETID). */
  lastId: StreamId = 0n;
  /** Redis's recorded first entry id (first_id): the first live entry's id, 0-0 when empty. */
  firstId: StreamId = 0n;
  /** The largest id ever deleted with XDEL (or set by XSETID). */
  maxDeletedId: StreamId = 0n;
  /** Entries ever added (or set by XSETID); an unsigned 64-bit counter. */
  entriesAdded = 0n;
  /** Consumer groups by name; null until the first one (Redis creates the tree on demand). */
  groups: Map<string, ConsumerGroup> | null = null;
  /** radix-tree-nodes of the node tree, cached until a node is added or removed. */
  private cachedTreeNodes = -1;

  get size(): number {
    return this.length;
  }

  /** Radix-tree keys (listpack nodes). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Radix-tree nodes of Redis's tree of listpacks. */
  get treeNodeCount(): number {
    if (this.cachedTreeNodes < 0) this.cachedTreeNodes = radixTreeNodes(this.nodes.map((node) => node.masterId));
    return this.cachedTreeNodes;
  }

  /**
   * Append an entry whose id the caller checked is above lastId (Redis streamAppendItem after its
   * checks). `fields` alternates names and values.
   */
  append(id: StreamId, fields: readonly string[], limits: StreamNodeLimits): void {
    let tail = this.nodes[this.nodes.length - 1];
    if (tail !== undefined && !this.tailTakes(tail, fields, limits)) {
      tail.shrinkToFit();
      tail = undefined;
    }
    if (tail === undefined) {
      const names: string[] = [];
      for (let field = 0; field < fields.length; field += 2) names.push(fields[field] as string);
      tail = new StreamNode(id, names, limits);
      this.nodes.push(tail);
      this.cachedTreeNodes = -1;
    }
    tail.append(id, fields);
    this.length++;
    this.entriesAdded = BigInt.asUintN(64, this.entriesAdded + 1n);
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Redis's rule for starting a new node: the tail is full by bytes (counting the new entry's strings) or by entries. */
  private tailTakes(tail: StreamNode, fields: readonly string[], limits: StreamNodeLimits): boolean {
    let incoming = 0;
    for (const item of fields) incoming += item.length;
    const bytesMax = limits.bytesMax === 0 || limits.bytesMax > LISTPACK_BYTES_MAX ? LISTPACK_BYTES_MAX : limits.bytesMax;
    if (tail.listpackBytes + incoming >= bytesMax) return false;
    return limits.entriesMax === 0 || tail.count < limits.entriesMax;
  }

  /** Delete a live entry (XDEL); false when there is none with that id. Updates first-id and max-deleted-id. */
  delete(id: StreamId): boolean {
    const found = this.locate(id);
    if (found === null) return false;
    const [nodeIndex, position] = found;
    const node = this.nodes[nodeIndex] as StreamNode;
    if (node.live === 1) {
      this.nodes.splice(nodeIndex, 1);
      this.cachedTreeNodes = -1;
    } else {
      node.markDeleted(position);
    }
    this.length--;
    if (id > this.maxDeletedId) this.maxDeletedId = id;
    return true;
  }

  /** After deletions: recompute the recorded first id when it was among them (Redis xdelCommand). */
  updateFirstIdAfterDelete(firstWasDeleted: boolean): void {
    if (this.length === 0) this.firstId = 0n;
    else if (firstWasDeleted) this.firstId = this.firstLiveId() as StreamId;
  }

  /** Redis streamTrim: remove entries from the head; returns how many went. Whole nodes leave in one splice. */
  trim(trim: StreamTrim): number {
    let deleted = 0;
    let removedNodes = 0;
    for (; removedNodes < this.nodes.length; removedNodes++) {
      if (trim.strategy === 'maxlen' && this.length <= trim.maxLength) break;
      const node = this.nodes[removedNodes] as StreamNode;
      const entries = node.live;
      if (trim.limit > 0 && deleted + entries > trim.limit) break;
      const removeNode = trim.strategy === 'maxlen' ? this.length - entries >= trim.maxLength : node.lastId < trim.minId;
      if (!removeNode) {
        if (!trim.approximate) deleted += this.trimInsideNode(node, trim);
        break;
      }
      this.length -= entries;
      deleted += entries;
    }
    if (removedNodes > 0) {
      this.nodes.splice(0, removedNodes);
      this.cachedTreeNodes = -1;
    }
    if (this.length === 0) this.firstId = 0n;
    else if (deleted > 0) this.firstId = this.firstLiveId() as StreamId;
    return deleted;
  }

  /** Mark entries of the head node deleted until the trim's condition holds (the node keeps live entries). */
  private trimInsideNode(node: StreamNode, trim: StreamTrim): number {
    let deleted = 0;
    for (let position = 0; position < node.count; position++) {
      const stop = trim.strategy === 'maxlen' ? this.length <= trim.maxLength : node.idAt(position) >= trim.minId;
      if (stop) break;
      if (node.isDeleted(position)) continue;
      node.markDeleted(position);
      this.length--;
      deleted++;
    }
    return deleted;
  }

  /** The first live entry's id, or null when empty. A node may hold tombstones only (an exact trim leaves it so). */
  firstLiveId(): StreamId | null {
    for (const node of this.nodes) {
      for (let position = 0; position < node.count; position++) if (!node.isDeleted(position)) return node.idAt(position);
    }
    return null;
  }

  /** The last live entry's id (Redis streamLastValidID), or null when empty. */
  lastLiveId(): StreamId | null {
    for (let nodeIndex = this.nodes.length - 1; nodeIndex >= 0; nodeIndex--) {
      const node = this.nodes[nodeIndex] as StreamNode;
      for (let position = node.count - 1; position >= 0; position--) if (!node.isDeleted(position)) return node.idAt(position);
    }
    return null;
  }

  /** The first entry's id, tombstones included (Redis streamGetEdgeID with tombstones): MINID `~` rewrites use it. */
  firstIdWithTombstones(): StreamId {
    return this.nodes[0]?.idAt(0) ?? STREAM_ID_MAX;
  }

  /** True when a live entry has this id. */
  has(id: StreamId): boolean {
    return this.locate(id) !== null;
  }

  /** The fields of the live entry with this id, or null. */
  fields(id: StreamId): string[] | null {
    const found = this.locate(id);
    if (found === null) return null;
    return (this.nodes[found[0]] as StreamNode).fieldsAt(found[1]);
  }

  /**
   * Live entries with start <= id <= end, ascending (or descending when `reverse`), at most
   * `count` of them (0: all).
   */
  range(start: StreamId, end: StreamId, reverse: boolean, count: number): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (start > end || this.nodes.length === 0) return out;
    return reverse ? this.rangeDescending(start, end, count, out) : this.rangeAscending(start, end, count, out);
  }

  private rangeAscending(start: StreamId, end: StreamId, count: number, out: StreamEntry[]): StreamEntry[] {
    const nodes = this.nodes;
    for (let nodeIndex = Math.max(0, this.nodeAtOrBefore(start)); nodeIndex < nodes.length; nodeIndex++) {
      const node = nodes[nodeIndex] as StreamNode;
      for (let position = node.lowerBound(start); position < node.count; position++) {
        if (node.isDeleted(position)) continue;
        const id = node.idAt(position);
        if (id > end) return out;
        out.push({ id, fields: node.fieldsAt(position) });
        if (out.length === count) return out;
      }
    }
    return out;
  }

  private rangeDescending(start: StreamId, end: StreamId, count: number, out: StreamEntry[]): StreamEntry[] {
    const nodes = this.nodes;
    for (let nodeIndex = this.nodeAtOrBefore(end); nodeIndex >= 0; nodeIndex--) {
      const node = nodes[nodeIndex] as StreamNode;
      for (let position = node.lowerBound(end + 1n) - 1; position >= 0; position--) {
        if (node.isDeleted(position)) continue;
        const id = node.idAt(position);
        if (id < start) return out;
        out.push({ id, fields: node.fieldsAt(position) });
        if (out.length === count) return out;
      }
    }
    return out;
  }

  /** The last node whose master id is at most `id`; -1 when `id` is below every node. */
  private nodeAtOrBefore(id: StreamId): number {
    let low = -1;
    let high = this.nodes.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.nodes[middle] as StreamNode).masterId <= id) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** [node index, position] of the live entry with this id, or null. */
  private locate(id: StreamId): [number, number] | null {
    const nodeIndex = this.nodeAtOrBefore(id);
    const node = this.nodes[nodeIndex];
    if (node === undefined) return null;
    const position = node.lowerBound(id);
    if (position >= node.count || node.idAt(position) !== id || node.isDeleted(position)) return null;
    return [nodeIndex, position];
  }

  /** Every node's entries in order, tombstones included: the layout a snapshot records. */
  *nodesWithTombstones(): IterableIterator<StreamNodeEntry[]> {
    for (const node of this.nodes) {
      const entries: StreamNodeEntry[] = [];
      for (let position = 0; position < node.count; position++) {
        entries.push({ id: node.idAt(position), fields: node.fieldsAt(position), deleted: node.isDeleted(position) });
      }
      yield entries;
    }
  }

  /**
   * Append a node holding `entries` (at least one, ids ascending and above every id held) as a
   * snapshot recorded it; its live entries count in `length`. The caller then sets lastId,
   * firstId, maxDeletedId and entriesAdded.
   */
  restoreNode(entries: readonly StreamNodeEntry[]): void {
    const first = entries[0];
    if (first === undefined) throw new Error('assertion: a stream node without entries');
    this.nodes[this.nodes.length - 1]?.shrinkToFit();
    const names: string[] = [];
    for (let field = 0; field < first.fields.length; field += 2) names.push(first.fields[field] as string);
    const node = new StreamNode(first.id, names, { bytesMax: 0, entriesMax: 0 });
    for (let position = 0; position < entries.length; position++) {
      const entry = entries[position] as StreamNodeEntry;
      node.append(entry.id, entry.fields);
      if (entry.deleted) node.markDeleted(position);
    }
    this.nodes.push(node);
    this.length += node.live;
    this.cachedTreeNodes = -1;
  }

  // ---- consumer groups ----------------------------------------------------------------------------

  group(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  /** Create a group (Redis streamCreateCG); null when the name is taken. */
  createGroup(name: string, lastId: StreamId, entriesRead: bigint): ConsumerGroup | null {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const group: ConsumerGroup = { lastId, entriesRead, pending: new SortedIdMap(), consumers: new Map() };
    this.groups.set(name, group);
    return group;
  }

  /** Group names in Redis's (byte) order. */
  groupNames(): string[] {
    return this.groups === null ? [] : [...this.groups.keys()].sort(compareBytes);
  }

  /**
   * Redis 7.0 streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id`, or
   * ENTRIES_READ_INVALID when it cannot be known.
   */
  estimateDistance(id: StreamId): bigint {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return ENTRIES_READ_INVALID;
    if (this.maxDeletedId === 0n || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return BigInt.asIntN(64, this.entriesAdded - BigInt(this.length));
      if (id === this.firstId) return BigInt.asIntN(64, this.entriesAdded - BigInt(this.length) + 1n);
    }
    return ENTRIES_READ_INVALID;
  }

  /**
   * Redis 7.0 streamRangeHasTombstones(start, +inf): a deleted id may lie at or after `start`
   * (never when the last deletion is below the first entry).
   */
  hasTombstonesFrom(start: StreamId): boolean {
    if (this.length === 0 || this.maxDeletedId === 0n || this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId;
  }

  /** Redis 7.0 streamReplyWithCGLag: entries the group has yet to read, or null when unknown. */
  lag(group: ConsumerGroup): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (group.entriesRead !== ENTRIES_READ_INVALID && !this.hasTombstonesFrom(group.lastId)) {
      return BigInt.asIntN(64, this.entriesAdded - group.entriesRead);
    }
    const entriesRead = this.estimateDistance(group.lastId);
    if (entriesRead === ENTRIES_READ_INVALID) return null;
    return BigInt.asIntN(64, this.entriesAdded - entriesRead);
  }

  // ---- CollectionValue --------------------------------------------------------------------------

  clone(): StreamValue {
    const copy = new StreamValue();
    copy.nodes = this.nodes.map((node) => node.clone());
    copy.length = this.length;
    copy.lastId = this.lastId;
    copy.firstId = this.firstId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      copy.groups = new Map();
      for (const [name, group] of this.groups) copy.groups.set(name, cloneGroup(group));
    }
    return copy;
  }

  encoding(): string {
    return 'stream';
  }

  /**
   * Redis 7.0 objectComputeSize for a stream: the object and stream structs, the radix tree
   * estimate, the listpacks' allocations (the first `samples` averaged over all but the last,
   * which is added as is) and each group's and consumer's structs and PEL trees.
   */
  memoryBytes(samples: number): number {
    const nodes = this.nodes;
    let bytes = STREAM_OBJECT_BYTES + nodes.length * RADIX_ELEMENT_BYTES + this.treeNodeCount * RADIX_NODE_BYTES;
    const sampled = samples === 0 ? nodes.length : Math.min(samples, nodes.length);
    let listpacks = 0;
    for (let index = 0; index < sampled; index++) listpacks += (nodes[index] as StreamNode).allocatedBytes;
    if (nodes.length <= sampled) {
      bytes += listpacks;
    } else {
      bytes += Math.floor(listpacks / sampled) * (nodes.length - 1) + (nodes[nodes.length - 1] as StreamNode).allocatedBytes;
    }
    for (const group of this.groups?.values() ?? []) bytes += groupBytes(group);
    return bytes;
  }

  canonical(): unknown {
    const entries = this.range(0n, STREAM_ID_MAX, false, 0).map((entry) => [formatStreamId(entry.id), ...entry.fields]);
    return {
      entries,
      lastId: formatStreamId(this.lastId),
      firstId: formatStreamId(this.firstId),
      maxDeletedId: formatStreamId(this.maxDeletedId),
      entriesAdded: this.entriesAdded.toString(),
      groups: this.groupNames().map((name) => canonicalGroup(name, this.groups?.get(name) as ConsumerGroup)),
    };
  }
}

/** Redis's per-group share of objectComputeSize. */
function groupBytes(group: ConsumerGroup): number {
  let bytes = GROUP_BYTES + radixTreeBytes(group.pending.ids()) + PENDING_ENTRY_BYTES * group.pending.size;
  for (const consumer of group.consumers.values()) {
    bytes += CONSUMER_BYTES + consumer.name.length + radixTreeBytes(consumer.pending.ids());
  }
  return bytes;
}

function cloneGroup(group: ConsumerGroup): ConsumerGroup {
  const copy: ConsumerGroup = { lastId: group.lastId, entriesRead: group.entriesRead, pending: new SortedIdMap(), consumers: new Map() };
  for (const consumer of group.consumers.values()) {
    copy.consumers.set(consumer.name, { name: consumer.name, seenTime: consumer.seenTime, pending: new SortedIdMap() });
  }
  for (const [id, entry] of group.pending.entries()) {
    const owner = copy.consumers.get(entry.consumer.name) as Consumer;
    const pending: PendingEntry = { consumer: owner, deliveryTime: entry.deliveryTime, deliveryCount: entry.deliveryCount };
    copy.pending.set(id, pending);
    owner.pending.set(id, pending);
  }
  return copy;
}

function canonicalGroup(name: string, group: ConsumerGroup): unknown {
  const pending = [...group.pending.entries()].map(([id, entry]) => [
    formatStreamId(id),
    entry.consumer.name,
    entry.deliveryTime,
    String(entry.deliveryCount),
  ]);
  const consumers = [...group.consumers.keys()].sort(compareBytes).map((consumerName) => {
    const consumer = group.consumers.get(consumerName) as Consumer;
    return [consumer.name, consumer.seenTime, consumer.pending.ids().map(formatStreamId)];
  });
  return { name, lastId: formatStreamId(group.lastId), entriesRead: group.entriesRead.toString(), pending, consumers };
}

/** Byte order of binary strings (Redis's radix tree order of names). */
export function compareBytes(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}
