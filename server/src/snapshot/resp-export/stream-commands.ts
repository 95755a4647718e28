/**
 * The commands that rebuild a stream in Redis 7.0, after rewriteStreamObject in aof.c:
 *
 *   XADD key id field value...                        each live entry, explicit ids, in order
 *   XADD key MAXLEN 0 0-1 x y                         only for a stream without entries
 *   XSETID key last-id ENTRIESADDED n MAXDELETEDID id
 *   XGROUP CREATE key group last-delivered-id ENTRIESREAD n            per group
 *   XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n JUSTID FORCE   per pending entry
 *   XGROUP CREATECONSUMER key group consumer          per consumer without pending entries
 *
 * One addition: a pending entry whose stream entry is gone (XDEL or a trim after delivery)
 * cannot be recreated by XCLAIM, which in Redis 7.0 drops pending entries of missing ids (Redis's
 * own rewrite loses them). Such ids are added as placeholder entries (`x y`) among the XADDs,
 * claimed, and then removed: those below the first live entry with an exact XTRIM MINID (or
 * MAXLEN 0 when none is live), which leaves max-deleted-entry-id alone as the trims that removed
 * them did, the others with XDEL. The XSETID then comes last, after the removals, and sets the
 * last id, entries-added and max-deleted id back to the stream's own.
 */
import {
  type ConsumerGroup,
  formatStreamId,
  type PendingEntry,
  STREAM_ID_MAX,
  type StreamId,
  type StreamValue,
} from '../../keyspace/stream.js';

/** Entries read per range call: a bounded copy of the stream at a time. */
const RANGE_READ_ENTRIES = 256;
/** RETRYCOUNT is parsed as a signed 64-bit integer; larger delivery counts cannot be given. */
const RETRY_COUNT_MAX = (1n << 63n) - 1n;

/** Every command that rebuilds `stream` under `key`; XDELs name at most `itemsPerCommand` ids. */
export function* streamCommands(key: string, stream: StreamValue, itemsPerCommand: number): Generator<string[]> {
  const lost = pendingIdsWithoutEntry(stream);
  yield* appendCommands(key, stream, lost);
  if (stream.size === 0 && lost.length === 0) yield ['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y'];
  if (lost.length === 0) yield setIdCommand(key, stream);
  for (const name of stream.groupNames()) yield* groupCommands(key, name, stream.group(name) as ConsumerGroup);
  if (lost.length === 0) return;
  yield* removePlaceholders(key, stream, lost, itemsPerCommand);
  yield setIdCommand(key, stream);
}

/** The ids pending in some group with no live entry, ascending and without repeats. */
function pendingIdsWithoutEntry(stream: StreamValue): StreamId[] {
  const ids = new Set<StreamId>();
  for (const name of stream.groupNames()) {
    const group = stream.group(name) as ConsumerGroup;
    for (const [id] of group.pending.entries()) if (!stream.has(id)) ids.add(id);
  }
  return [...ids].sort((first, second) => (first < second ? -1 : first > second ? 1 : 0));
}

/** XADD of every live entry, with a placeholder XADD for each lost id in its place. */
function* appendCommands(key: string, stream: StreamValue, lost: readonly StreamId[]): Generator<string[]> {
  let nextLost = 0;
  let start: StreamId = 0n;
  for (let read = 0; read < stream.size; ) {
    const entries = stream.range(start, STREAM_ID_MAX, false, RANGE_READ_ENTRIES);
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('assertion: a stream range ended before the stream length');
    for (const entry of entries) {
      for (; nextLost < lost.length && (lost[nextLost] as StreamId) < entry.id; nextLost++) {
        yield placeholderCommand(key, lost[nextLost] as StreamId);
      }
      yield ['XADD', key, formatStreamId(entry.id), ...entry.fields];
    }
    read += entries.length;
    start = last.id + 1n;
  }
  for (; nextLost < lost.length; nextLost++) yield placeholderCommand(key, lost[nextLost] as StreamId);
}

function placeholderCommand(key: string, id: StreamId): string[] {
  return ['XADD', key, formatStreamId(id), 'x', 'y'];
}

function setIdCommand(key: string, stream: StreamValue): string[] {
  return [
    'XSETID', key, formatStreamId(stream.lastId),
    'ENTRIESADDED', stream.entriesAdded.toString(),
    'MAXDELETEDID', formatStreamId(stream.maxDeletedId),
  ];
}

/** XGROUP CREATE, then per consumer (byte order) its XCLAIMs, or CREATECONSUMER when it has nothing pending. */
function* groupCommands(key: string, name: string, group: ConsumerGroup): Generator<string[]> {
  yield ['XGROUP', 'CREATE', key, name, formatStreamId(group.lastId), 'ENTRIESREAD', group.entriesRead.toString()];
  const consumerNames = [...group.consumers.keys()].sort((first, second) => (first < second ? -1 : first > second ? 1 : 0));
  for (const consumerName of consumerNames) {
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) throw new Error('assertion: a consumer vanished from its group');
    if (consumer.pending.size === 0) {
      yield ['XGROUP', 'CREATECONSUMER', key, name, consumerName];
      continue;
    }
    for (const [id, pending] of consumer.pending.entries()) yield claimCommand(key, name, consumerName, id, pending);
  }
}

function claimCommand(key: string, group: string, consumer: string, id: StreamId, pending: PendingEntry): string[] {
  const count = BigInt(pending.deliveryCount);
  return [
    'XCLAIM', key, group, consumer, '0', formatStreamId(id),
    'TIME', String(pending.deliveryTime),
    'RETRYCOUNT', (count > RETRY_COUNT_MAX ? RETRY_COUNT_MAX : count).toString(),
    'JUSTID', 'FORCE',
  ];
}

/** Remove the placeholders again: a head trim for those below the first live entry, XDEL for the rest. */
function* removePlaceholders(key: string, stream: StreamValue, lost: readonly StreamId[], itemsPerCommand: number): Generator<string[]> {
  const firstLive = stream.firstLiveId();
  if (firstLive === null) {
    yield ['XTRIM', key, 'MAXLEN', '0'];
    return;
  }
  let index = 0;
  if ((lost[0] as StreamId) < firstLive) yield ['XTRIM', key, 'MINID', formatStreamId(firstLive)];
  while (index < lost.length && (lost[index] as StreamId) < firstLive) index++;
  for (; index < lost.length; index += itemsPerCommand) {
    yield ['XDEL', key, ...lost.slice(index, index + itemsPerCommand).map(formatStreamId)];
  }
}
