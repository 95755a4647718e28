/**
 * The stream codec. A stream keeps its node layout, tombstones included, so XINFO STREAM and `~`
 * trims behave the same after loading:
 *
 *   varint node count; per node: varint entry count; per entry: id, u8 flags (1: deleted),
 *     varint string count (even), the field names and values alternating (varint length, bytes)
 *   id last-id, id first-id, id max-deleted-id, u64 entries-added
 *   varint group count; per group: name, id last-delivered, entries-read (a decimal string:
 *     -1 when unknown, else up to 2^64 - 1, as the stream keeps it),
 *     varint consumer count; per consumer: name, f64 seen-time (ms)
 *     varint pending count; per pending entry (ascending id): id, varint consumer (its position
 *     in the group's consumer list), f64 delivery time (ms), u64 delivery count
 *
 * An id is two u64: milliseconds, then sequence. Entry ids ascend strictly across nodes; a
 * consumer's own PEL is the group PEL entries that name it (rebuilt, not stored twice).
 */
import {
  type Consumer,
  type ConsumerGroup,
  type PendingEntry,
  SortedIdMap,
  type StreamId,
  type StreamNodeEntry,
  StreamValue,
  streamId,
  streamIdMs,
  streamIdSeq,
} from '../../keyspace/stream.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { ELEMENTS_PER_VALUE_MAX, STREAM_ENTRY_DELETED } from '../format.js';

/** Bytes of an id. */
const ID_BYTES = 16;
/** Bytes of the smallest node: its entry count and one entry (id, flags, string count). */
const NODE_BYTES_MIN = 1 + ID_BYTES + 2;
/** Bytes of the smallest entry. */
const ENTRY_BYTES_MIN = ID_BYTES + 2;
/** Bytes of the smallest field name or value: an empty string's length. */
const STRING_BYTES_MIN = 1;
/** Bytes of the smallest group: name, last id, entries-read ("0"), two counts. */
const GROUP_BYTES_MIN = 1 + ID_BYTES + 2 + 2;
/** Bytes of the smallest consumer: name and seen-time. */
const CONSUMER_BYTES_MIN = 1 + 8;
/** Bytes of a pending entry at least: id, consumer, time, count. */
const PENDING_BYTES_MIN = ID_BYTES + 1 + 8 + 8;
/** Digits of the longest entries-read counter (2^64 - 1). */
const ENTRIES_READ_TEXT_BYTES_MAX = 20;
const U64_MAX = (1n << 64n) - 1n;
/** Delivery counts up to this stay numbers; beyond, bigints (as the stream keeps them). */
const SAFE_COUNT_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Write a stream value. */
export function encodeStream(stream: StreamValue, out: ByteWriter): void {
  out.varint(stream.nodeCount);
  for (const entries of stream.nodesWithTombstones()) {
    out.varint(entries.length);
    for (const entry of entries) {
      writeId(out, entry.id);
      out.u8(entry.deleted ? STREAM_ENTRY_DELETED : 0);
      out.varint(entry.fields.length);
      for (const text of entry.fields) out.text(text);
    }
  }
  writeId(out, stream.lastId);
  writeId(out, stream.firstId);
  writeId(out, stream.maxDeletedId);
  out.bigU64(stream.entriesAdded);
  const groups = stream.groups ?? new Map<string, ConsumerGroup>();
  out.varint(groups.size);
  for (const [name, group] of groups) encodeGroup(name, group, out);
}

function encodeGroup(name: string, group: ConsumerGroup, out: ByteWriter): void {
  out.text(name);
  writeId(out, group.lastId);
  out.text(group.entriesRead.toString());
  out.varint(group.consumers.size);
  const positions = new Map<Consumer, number>();
  for (const consumer of group.consumers.values()) {
    positions.set(consumer, positions.size);
    out.text(consumer.name);
    out.f64(consumer.seenTime);
  }
  out.varint(group.pending.size);
  for (const [id, pending] of group.pending.entries()) {
    const position = positions.get(pending.consumer);
    if (position === undefined) throw new Error('assertion: a pending entry of a consumer not in its group');
    writeId(out, id);
    out.varint(position);
    out.f64(pending.deliveryTime);
    out.bigU64(BigInt(pending.deliveryCount));
  }
}

/** Read a stream value. */
export function decodeStream(input: ByteReader): StreamValue {
  const stream = new StreamValue();
  const nodeCount = input.count('stream node count', ELEMENTS_PER_VALUE_MAX, NODE_BYTES_MIN);
  let previous = -1n;
  for (let node = 0; node < nodeCount; node++) {
    const entryCount = input.count('stream node entry count', ELEMENTS_PER_VALUE_MAX, ENTRY_BYTES_MIN);
    if (entryCount === 0) input.fail(`stream node ${node} holds no entries`);
    const entries = new Array<StreamNodeEntry>(entryCount);
    for (let index = 0; index < entryCount; index++) {
      const entry = readEntry(input);
      if (entry.id <= previous) input.fail('stream entry ids do not ascend');
      previous = entry.id;
      entries[index] = entry;
    }
    stream.restoreNode(entries);
  }
  stream.lastId = readId(input);
  if (stream.lastId < previous) input.fail('the stream last id is below its last entry');
  stream.firstId = readId(input);
  stream.maxDeletedId = readId(input);
  stream.entriesAdded = input.bigU64('stream entries-added');
  const groupCount = input.count('stream group count', ELEMENTS_PER_VALUE_MAX, GROUP_BYTES_MIN);
  for (let group = 0; group < groupCount; group++) decodeGroup(stream, input);
  return stream;
}

function readEntry(input: ByteReader): StreamNodeEntry {
  const id = readId(input);
  const flags = input.u8('stream entry flags');
  if ((flags & ~STREAM_ENTRY_DELETED) !== 0) input.fail(`unknown stream entry flags ${flags}`);
  const count = input.count('stream entry string count', ELEMENTS_PER_VALUE_MAX, STRING_BYTES_MIN);
  if (count % 2 !== 0) input.fail('a stream entry field without a value');
  const fields = new Array<string>(count);
  for (let index = 0; index < count; index++) fields[index] = input.text('stream entry field');
  return { id, fields, deleted: flags === STREAM_ENTRY_DELETED };
}

function decodeGroup(stream: StreamValue, input: ByteReader): void {
  const name = input.text('consumer group name');
  const lastId = readId(input);
  const entriesRead = readEntriesRead(input);
  const group = stream.createGroup(name, lastId, entriesRead);
  if (group === null) input.fail('a consumer group given twice');
  const consumerCount = input.count('consumer count', ELEMENTS_PER_VALUE_MAX, CONSUMER_BYTES_MIN);
  const consumers = new Array<Consumer>(consumerCount);
  for (let index = 0; index < consumerCount; index++) {
    const consumerName = input.text('consumer name');
    if (group.consumers.has(consumerName)) input.fail('a consumer given twice');
    const consumer: Consumer = { name: consumerName, seenTime: input.finiteF64('consumer seen-time'), pending: new SortedIdMap<PendingEntry>() };
    group.consumers.set(consumerName, consumer);
    consumers[index] = consumer;
  }
  const pendingCount = input.count('pending entry count', ELEMENTS_PER_VALUE_MAX, PENDING_BYTES_MIN);
  for (let index = 0; index < pendingCount; index++) {
    const id = readId(input);
    const position = input.varint('pending entry consumer');
    const consumer = consumers[position];
    if (consumer === undefined) input.fail(`pending entry consumer ${position} of ${consumerCount}`);
    const deliveryTime = input.finiteF64('pending entry delivery time');
    const count = input.bigU64('pending entry delivery count');
    const pending: PendingEntry = { consumer, deliveryTime, deliveryCount: count > SAFE_COUNT_MAX ? count : Number(count) };
    if (!group.pending.set(id, pending)) input.fail('a pending entry given twice');
    consumer.pending.set(id, pending);
  }
}

/** A group's entries-read counter: decimal text, -1 or 0 .. 2^64 - 1. */
function readEntriesRead(input: ByteReader): bigint {
  const text = input.text('consumer group entries-read', ENTRIES_READ_TEXT_BYTES_MAX);
  if (!/^(-1|0|[1-9][0-9]*)$/.test(text)) input.fail(`consumer group entries-read ${JSON.stringify(text)} is not a counter`);
  const value = BigInt(text);
  if (value > U64_MAX) input.fail(`consumer group entries-read ${text} is beyond 2^64 - 1`);
  return value;
}

function writeId(out: ByteWriter, id: StreamId): void {
  out.bigU64(streamIdMs(id));
  out.bigU64(streamIdSeq(id));
}

function readId(input: ByteReader): StreamId {
  const ms = input.bigU64('stream id milliseconds');
  return streamId(ms, input.bigU64('stream id sequence'));
}
