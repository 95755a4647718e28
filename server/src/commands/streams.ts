/**
 * Stream commands (Redis 7.0 t_stream.c): XADD, XRANGE and friends, XREAD, consumer groups
 * (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), XSETID and XINFO.
 *
 * Effects are deterministic on replay:
 * - `XADD *` and `ms-*` log the id chosen; `~` trims log the exact trim that happened
 *   (`MAXLEN = <length left>` / `MINID = <first id left>`), as Redis propagates them.
 * - Deliveries and claims log Redis's `XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE
 *   JUSTID LASTID id`, and a read that moved the group logs `XGROUP SETID ... ENTRIESREAD n`.
 *   A pending entry dropped because its entry was deleted logs `XACK key group id`.
 * - The log carries no command time, so consumer seen-times travel in XCLAIM's TIME: applied
 *   from the log, XCLAIM creates its consumer if needed and sets its seen-time to TIME (and never
 *   clamps TIME to the replica's clock). A consumer touched without a claim at that time (NOACK
 *   reads, history reads, CREATECONSUMER, XCLAIM with IDLE/TIME) logs the no-op claim
 *   `XCLAIM key group consumer 0 0-0 TIME <now> JUSTID` (no entry can have id 0-0).
 */
import {
  type Consumer,
  type ConsumerGroup,
  ENTRIES_READ_INVALID,
  type PendingEntry,
  STREAM_ID_MAX,
  type StreamEntry,
  type StreamId,
  type StreamNodeLimits,
  type StreamTrim,
  SortedIdMap,
  StreamValue,
  compareBytes,
  formatStreamId,
  streamId,
} from '../keyspace/stream.js';
import { errors, wrongArity } from '../resp/errors.js';
import { ErrorReply, MapReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import { parseInt64 } from '../util/number.js';
import { parseTimeoutMilliseconds } from './blocking.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';

// ---- ids ------------------------------------------------------------------------------------------

/** Redis parses an id in a 128-byte buffer: longer arguments are invalid. */
const ID_TEXT_BYTES_MAX = 127;
const UINT64_MAX = (1n << 64n) - 1n;
/** Redis's "no such id yet" for `>` in XREADGROUP: the largest id (an explicit max id means `>` too, as in Redis). */
const NEW_ENTRIES = STREAM_ID_MAX;
/** Redis's STREAM_LISTPACK_MAX_SIZE: an entry whose strings add up to more is refused. */
const ENTRY_BYTES_MAX = 1 << 30;

interface ParsedId {
  readonly id: StreamId;
  /** False for the `ms-*` form. */
  readonly seqGiven: boolean;
}

/** The argument as C sees it: up to its first NUL byte (Redis compares options with strcasecmp). */
function cstring(text: string): string {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

/** A name as Redis prints it in an error with %s: a C string with newlines made spaces. */
function errorName(text: string): string {
  return cstring(text).replace(/[\r\n]/g, ' ');
}

/** Redis strcasecmp(argument, word) === 0 for an ASCII `word`. */
function isWord(argument: string, word: string): boolean {
  return cstring(argument).toLowerCase() === word;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** C strtoull in base 10 over the whole text: leading spaces, a sign (negation wraps), no overflow. */
function strtoull(text: string): bigint | null {
  let index = 0;
  for (; index < text.length && isSpace(text.charCodeAt(index)); index++);
  let negative = false;
  const sign = text.charCodeAt(index);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    index++;
  }
  const digitsStart = index;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) break;
  }
  if (index === digitsStart || index !== text.length) return null;
  const value = BigInt(text.slice(digitsStart));
  if (value > UINT64_MAX) return null;
  return negative ? BigInt.asUintN(64, -value) : value;
}

/** Redis string2ull: string2ll when it applies (negative is invalid), else strtoull. */
function parseUnsigned64(text: string): bigint | null {
  const strict = parseInt64(text);
  if (strict !== null) return strict < 0n ? null : strict;
  return strtoull(text);
}

/**
 * Redis streamGenericParseIDOrReply: `ms-seq`, `ms` (seq = missingSeq), `-` and `+` unless
 * strict, and `ms-*` when `wildcard`. Null when invalid.
 */
function parseId(argument: string, missingSeq: bigint, strict: boolean, wildcard = false): ParsedId | null {
  if (argument.length > ID_TEXT_BYTES_MAX) return null;
  const text = cstring(argument);
  if (text === '-') return strict ? null : { id: 0n, seqGiven: true };
  if (text === '+') return strict ? null : { id: STREAM_ID_MAX, seqGiven: true };
  const dash = text.indexOf('-');
  const ms = parseUnsigned64(dash === -1 ? text : text.slice(0, dash));
  if (ms === null) return null;
  if (dash === -1) return { id: streamId(ms, missingSeq), seqGiven: true };
  const seqText = text.slice(dash + 1);
  if (wildcard && seqText === '*') return { id: streamId(ms, 0n), seqGiven: false };
  const seq = parseUnsigned64(seqText);
  return seq === null ? null : { id: streamId(ms, seq), seqGiven: true };
}

/** A strict id (no `-` / `+`), or null. */
function parseStrictId(argument: string): StreamId | null {
  return parseId(argument, 0n, true)?.id ?? null;
}

/**
 * A range bound (Redis streamParseIntervalIDOrReply plus the `(` adjustment): `(id` excludes the
 * id (strictly parsed); the result is the inclusive bound, or the error.
 */
function parseBound(argument: string, missingSeq: bigint, isStart: boolean): StreamId | ErrorReply {
  const exclusive = argument.length > 1 && argument.charCodeAt(0) === 40;
  const parsed = exclusive ? parseId(argument.slice(1), missingSeq, true) : parseId(argument, missingSeq, false);
  if (parsed === null) return errors.streamIdInvalid;
  if (!exclusive) return parsed.id;
  if (isStart) return parsed.id === STREAM_ID_MAX ? errors.streamInvalidStart : parsed.id + 1n;
  return parsed.id === 0n ? errors.streamInvalidEnd : parsed.id - 1n;
}

// ---- shared helpers -------------------------------------------------------------------------------

/** The stream at a key for reading: null when missing, or WRONGTYPE. */
function readStream(ctx: CommandContext, key: string): StreamValue | null | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry === undefined) return null;
  return entry.type === 'stream' ? entry.value : errors.wrongType;
}

/** The stream at a key for writing: null when missing, or WRONGTYPE. */
function writeStream(ctx: CommandContext, key: string): StreamValue | null | ErrorReply {
  const entry = ctx.db.write(key);
  if (entry === undefined) return null;
  return entry.type === 'stream' ? entry.value : errors.wrongType;
}

function nodeLimits(ctx: CommandContext): StreamNodeLimits {
  const settings = ctx.server.settings;
  return { bytesMax: settings.integer('stream-node-max-bytes'), entriesMax: settings.integer('stream-node-max-entries') };
}

function entryReply(entry: StreamEntry): Reply {
  return [formatStreamId(entry.id), entry.fields];
}

/** An int64 argument as a number (values beyond the safe range lose precision only where that cannot matter). */
function parseInteger(text: string): number | null {
  const value = parseInt64(text);
  return value === null ? null : Number(value);
}

/** A delivery counter as Redis replies it (addReplyLongLong of a uint64). */
function countReply(count: number | bigint): Reply {
  return typeof count === 'number' ? count : BigInt.asIntN(64, count);
}

/** A delivery counter plus one (uint64 wrap-around). */
function incrementCount(count: number | bigint): number | bigint {
  if (typeof count === 'number' && count < Number.MAX_SAFE_INTEGER) return count + 1;
  return BigInt.asUintN(64, BigInt(count) + 1n);
}

/** A RETRYCOUNT value as stored: a number while safe. */
function storedCount(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Look a consumer up for a read or claim, refreshing its seen-time (Redis streamLookupConsumer), or create it. */
function touchConsumer(group: ConsumerGroup, name: string, time: number): Consumer {
  let consumer = group.consumers.get(name);
  if (consumer === undefined) {
    consumer = { name, seenTime: time, pending: new SortedIdMap() };
    group.consumers.set(name, consumer);
  } else {
    consumer.seenTime = time;
  }
  return consumer;
}

/** Give a pending entry to `consumer` (moving it out of its previous owner's PEL). */
function assignPending(id: StreamId, pending: PendingEntry, consumer: Consumer): void {
  if (pending.consumer === consumer) return;
  pending.consumer.pending.delete(id);
  pending.consumer = consumer;
  consumer.pending.set(id, pending);
}

/** Drop a pending entry from its group and its consumer. */
function removePending(group: ConsumerGroup, id: StreamId): boolean {
  const pending = group.pending.delete(id);
  if (pending === undefined) return false;
  pending.consumer.pending.delete(id);
  return true;
}

// ---- effects --------------------------------------------------------------------------------------

/** Redis streamPropagateXCLAIM: the idempotent claim that recreates a pending entry. */
function propagateClaim(ctx: CommandContext, key: string, groupName: string, group: ConsumerGroup, id: StreamId, pending: PendingEntry): void {
  ctx.propagate([
    'XCLAIM', key, groupName, pending.consumer.name, '0', formatStreamId(id),
    'TIME', String(pending.deliveryTime), 'RETRYCOUNT', String(countReply(pending.deliveryCount)),
    'FORCE', 'JUSTID', 'LASTID', formatStreamId(group.lastId),
  ]);
}

/** The no-op claim that, applied from the log, creates a consumer and sets its seen-time. */
function propagateConsumerSeen(ctx: CommandContext, key: string, groupName: string, consumer: Consumer): void {
  ctx.propagate(['XCLAIM', key, groupName, consumer.name, '0', '0-0', 'TIME', String(consumer.seenTime), 'JUSTID']);
}

/** Redis streamPropagateGroupID: the group's last id and read counter. */
function propagateGroupId(ctx: CommandContext, key: string, groupName: string, group: ConsumerGroup): void {
  ctx.propagate(['XGROUP', 'SETID', key, groupName, formatStreamId(group.lastId), 'ENTRIESREAD', group.entriesRead.toString()]);
}

/** A pending entry whose stream entry is gone was dropped: replayed as an acknowledgement. */
function propagateDropped(ctx: CommandContext, key: string, groupName: string, id: StreamId): void {
  ctx.propagate(['XACK', key, groupName, formatStreamId(id)]);
}

// ---- XADD / XTRIM ---------------------------------------------------------------------------------

/** Redis's default LIMIT for `~` trims: 100 nodes' worth, within these bounds. */
const TRIM_LIMIT_DEFAULT = 10_000;
const TRIM_LIMIT_MAX = 1_000_000;
const TRIM_LIMIT_NODES = 100;

interface AddOrTrimArguments {
  strategy: 'maxlen' | 'minid' | null;
  approximate: boolean;
  maxLength: number;
  minId: StreamId;
  limit: number;
  /** argv index of the MAXLEN / MINID threshold (rewritten in the effect of a `~` trim). */
  thresholdIndex: number;
  /** XADD: argv index of the id (argv.length when none came). */
  idIndex: number;
  idGiven: boolean;
  seqGiven: boolean;
  id: StreamId;
  noMakeStream: boolean;
}

/** Redis streamParseAddOrTrimArgsOrReply. */
function parseAddOrTrim(ctx: CommandContext, argv: readonly string[], isAdd: boolean): AddOrTrimArguments | ErrorReply {
  const parsed: AddOrTrimArguments = {
    strategy: null, approximate: false, maxLength: 0, minId: 0n, limit: 0, thresholdIndex: 0,
    idIndex: argv.length, idGiven: false, seqGiven: true, id: 0n, noMakeStream: false,
  };
  let limitGiven = false;
  let index = 2;
  for (; index < argv.length; index++) {
    const more = argv.length - 1 - index;
    const argument = argv[index] as string;
    if (isAdd && cstring(argument) === '*') break;
    if ((isWord(argument, 'maxlen') || isWord(argument, 'minid')) && more > 0) {
      const result = parseThreshold(argv, index, more, parsed);
      if (result instanceof ErrorReply) return result;
      index = result;
    } else if (isWord(argument, 'limit') && more > 0) {
      const limit = parseInt64(argv[index + 1] as string);
      if (limit === null) return errors.notInteger;
      if (limit < 0n) return errors.streamLimitNegative;
      parsed.limit = Number(limit);
      limitGiven = true;
      index++;
    } else if (isAdd && isWord(argument, 'nomkstream')) {
      parsed.noMakeStream = true;
    } else if (isAdd) {
      const id = parseId(argument, 0n, true, true);
      if (id === null) return errors.streamIdInvalid;
      parsed.id = id.id;
      parsed.seqGiven = id.seqGiven;
      parsed.idGiven = true;
      break;
    } else {
      return errors.syntax;
    }
  }
  parsed.idIndex = index;
  if (parsed.limit !== 0 && parsed.strategy === null) return errors.streamLimitWithoutStrategy;
  if (!isAdd && parsed.strategy === null) return errors.streamXtrimWithoutStrategy;
  return settleLimit(ctx, parsed, limitGiven);
}

/** MAXLEN / MINID [=|~] threshold at argv[index]; returns the index of the threshold. */
function parseThreshold(argv: readonly string[], start: number, more: number, parsed: AddOrTrimArguments): number | ErrorReply {
  if (parsed.strategy !== null) return errors.streamTrimConflict;
  const strategy = isWord(argv[start] as string, 'maxlen') ? 'maxlen' : 'minid';
  let index = start;
  const operator = cstring(argv[index + 1] as string);
  parsed.approximate = false;
  if (more >= 2 && operator === '~') {
    parsed.approximate = true;
    index++;
  } else if (more >= 2 && operator === '=') {
    index++;
  }
  const threshold = argv[index + 1] as string;
  if (strategy === 'maxlen') {
    const maxLength = parseInt64(threshold);
    if (maxLength === null) return errors.notInteger;
    if (maxLength < 0n) return errors.streamMaxlenNegative;
    parsed.maxLength = Number(maxLength);
  } else {
    const minId = parseStrictId(threshold);
    if (minId === null) return errors.streamIdInvalid;
    parsed.minId = minId;
  }
  parsed.strategy = strategy;
  parsed.thresholdIndex = index + 1;
  return index + 1;
}

/** Redis's LIMIT rules: ignored from the log (the trim was made exact), refused without `~`, defaulted with it. */
function settleLimit(ctx: CommandContext, parsed: AddOrTrimArguments, limitGiven: boolean): AddOrTrimArguments | ErrorReply {
  if (ctx.client.applier) {
    parsed.limit = 0;
  } else if (limitGiven) {
    if (!parsed.approximate) return errors.streamLimitWithoutApproximate;
  } else if (parsed.approximate) {
    const limit = TRIM_LIMIT_NODES * ctx.server.settings.integer('stream-node-max-entries');
    parsed.limit = limit <= 0 ? TRIM_LIMIT_DEFAULT : Math.min(limit, TRIM_LIMIT_MAX);
  } else {
    parsed.limit = 0;
  }
  return parsed;
}

function trimOf(parsed: AddOrTrimArguments): StreamTrim {
  return {
    strategy: parsed.strategy === 'minid' ? 'minid' : 'maxlen',
    maxLength: parsed.maxLength,
    minId: parsed.minId,
    approximate: parsed.approximate,
    limit: parsed.limit,
  };
}

/** A `~` trim is logged as the exact trim that happened (Redis streamRewriteTrimArgument). */
function rewriteApproximateTrim(effect: string[], stream: StreamValue, parsed: AddOrTrimArguments): void {
  effect[parsed.thresholdIndex - 1] = '=';
  effect[parsed.thresholdIndex] =
    parsed.strategy === 'maxlen' ? String(stream.length) : formatStreamId(stream.firstIdWithTombstones());
}

/** The id XADD gives the new entry (Redis streamAppendItem's id rules), or the error. */
function nextEntryId(ctx: CommandContext, stream: StreamValue, parsed: AddOrTrimArguments): StreamId | ErrorReply {
  const last = stream.lastId;
  let id: StreamId;
  if (!parsed.idGiven) {
    const ms = BigInt(ctx.now);
    id = ms > last >> 64n ? streamId(ms, 0n) : (last + 1n) & STREAM_ID_MAX;
  } else if (parsed.seqGiven || parsed.id >> 64n !== last >> 64n) {
    id = parsed.id;
  } else {
    // Redis 7.0 fails this case without setting errno, so XADD reports the elements as too large.
    if ((last & UINT64_MAX) === UINT64_MAX) return errors.streamElementsTooLarge;
    id = last + 1n;
  }
  return id <= last ? errors.streamIdTooSmall : id;
}

function xadd(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseAddOrTrim(ctx, argv, true);
  if (parsed instanceof ErrorReply) return parsed;
  const fieldsStart = parsed.idIndex + 1;
  const fieldArguments = argv.length - fieldsStart;
  if (fieldArguments < 2 || fieldArguments % 2 === 1) return wrongArity('xadd');
  if (parsed.idGiven && parsed.seqGiven && parsed.id === 0n) return errors.streamIdZero;
  const key = argv[1] as string;
  const found = writeStream(ctx, key);
  if (found instanceof ErrorReply) return found;
  if (found === null && parsed.noMakeStream) return null;
  const stream = found ?? new StreamValue();
  if (stream.lastId === STREAM_ID_MAX) return errors.streamExhausted;
  const id = nextEntryId(ctx, stream, parsed);
  if (id instanceof ErrorReply) return id;
  const fields = argv.slice(fieldsStart);
  let bytes = 0;
  for (const item of fields) bytes += item.length;
  if (bytes > ENTRY_BYTES_MAX) return errors.streamElementsTooLarge;
  if (found === null) ctx.db.set(key, 'stream', stream);
  stream.append(id, fields, nodeLimits(ctx));
  if (parsed.strategy !== null) stream.trim(trimOf(parsed));
  ctx.db.modified(key);
  const idText = formatStreamId(id);
  logAdd(ctx, argv, parsed, stream, idText);
  return idText;
}

/** XADD's effect: its argv, with the id it chose and the exact trim a `~` made (Redis rewrites both). */
function logAdd(ctx: CommandContext, argv: readonly string[], parsed: AddOrTrimArguments, stream: StreamValue, idText: string): void {
  const idChosen = !parsed.idGiven || !parsed.seqGiven;
  if (!idChosen && !parsed.approximate) {
    ctx.changed();
    return;
  }
  const effect = argv.slice();
  if (parsed.approximate) rewriteApproximateTrim(effect, stream, parsed);
  if (idChosen) effect[parsed.idIndex] = idText;
  ctx.propagate(effect);
}

function xtrim(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseAddOrTrim(ctx, argv, false);
  if (parsed instanceof ErrorReply) return parsed;
  const key = argv[1] as string;
  const stream = writeStream(ctx, key);
  if (stream === null) return 0;
  if (stream instanceof ErrorReply) return stream;
  const deleted = stream.trim(trimOf(parsed));
  if (deleted === 0) return 0;
  ctx.db.modified(key);
  if (parsed.approximate) {
    const effect = argv.slice();
    rewriteApproximateTrim(effect, stream, parsed);
    ctx.propagate(effect);
  } else {
    ctx.changed(deleted);
  }
  return deleted;
}

// ---- XLEN / XRANGE / XREVRANGE / XDEL -------------------------------------------------------------

function xlen(ctx: CommandContext, argv: readonly string[]): Reply {
  const stream = readStream(ctx, argv[1] as string);
  if (stream === null) return 0;
  if (stream instanceof ErrorReply) return stream;
  return stream.length;
}

/** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n] (Redis xrangeGenericCommand). */
function rangeCommand(reverse: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const start = parseBound(argv[reverse ? 3 : 2] as string, 0n, true);
    if (start instanceof ErrorReply) return start;
    const end = parseBound(argv[reverse ? 2 : 3] as string, UINT64_MAX, false);
    if (end instanceof ErrorReply) return end;
    let count = -1;
    for (let index = 4; index < argv.length; index++) {
      if (!isWord(argv[index] as string, 'count') || index + 1 >= argv.length) return errors.syntax;
      const parsed = parseInteger(argv[++index] as string);
      if (parsed === null) return errors.notInteger;
      count = Math.max(parsed, 0);
    }
    const stream = readStream(ctx, argv[1] as string);
    if (stream === null) return [];
    if (stream instanceof ErrorReply) return stream;
    if (count === 0) return NULL_ARRAY;
    return stream.range(start, end, reverse, Math.max(count, 0)).map(entryReply);
  };
}

function xdel(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const stream = writeStream(ctx, key);
  if (stream === null) return 0;
  if (stream instanceof ErrorReply) return stream;
  const ids: StreamId[] = [];
  for (let index = 2; index < argv.length; index++) {
    const id = parseStrictId(argv[index] as string);
    if (id === null) return errors.streamIdInvalid;
    ids.push(id);
  }
  const firstId = stream.firstId;
  let deleted = 0;
  let firstDeleted = false;
  for (const id of ids) {
    if (!stream.delete(id)) continue;
    if (id === firstId) firstDeleted = true;
    deleted++;
  }
  if (deleted === 0) return 0;
  stream.updateFirstIdAfterDelete(firstDeleted);
  ctx.db.modified(key);
  ctx.changed(deleted);
  return deleted;
}

// ---- XREAD / XREADGROUP ----------------------------------------------------------------------------

interface ReadRequest {
  /** -1 without BLOCK. */
  timeoutMs: number;
  /** 0: no limit. */
  count: number;
  streamsIndex: number;
  streamCount: number;
  groupName: string | null;
  consumerName: string;
  noAck: boolean;
}

/** Redis xreadCommand's option parsing. */
function parseRead(argv: readonly string[], isGroup: boolean): ReadRequest | ErrorReply {
  const request: ReadRequest = { timeoutMs: -1, count: 0, streamsIndex: 0, streamCount: 0, groupName: null, consumerName: '', noAck: false };
  for (let index = 1; index < argv.length; index++) {
    const more = argv.length - index - 1;
    const option = cstring(argv[index] as string).toLowerCase();
    if (option === 'block' && more > 0) {
      const timeout = parseTimeoutMilliseconds(argv[++index] as string);
      if (timeout instanceof ErrorReply) return timeout;
      request.timeoutMs = timeout;
    } else if (option === 'count' && more > 0) {
      const count = parseInteger(argv[++index] as string);
      if (count === null) return errors.notInteger;
      request.count = Math.max(count, 0);
    } else if (option === 'streams' && more > 0) {
      request.streamsIndex = index + 1;
      const remaining = argv.length - request.streamsIndex;
      if (remaining % 2 !== 0) return errors.streamUnbalanced;
      request.streamCount = remaining / 2;
      break;
    } else if (option === 'group' && more >= 2) {
      if (!isGroup) return errors.streamGroupOptionInXread;
      request.groupName = argv[index + 1] as string;
      request.consumerName = argv[index + 2] as string;
      index += 2;
    } else if (option === 'noack') {
      if (!isGroup) return errors.streamNoackOptionInXread;
      request.noAck = true;
    } else {
      return errors.syntax;
    }
  }
  if (request.streamsIndex === 0) return errors.syntax;
  if (isGroup && request.groupName === null) return errors.streamMissingGroup;
  return request;
}

/** Redis xreadGetKeys: the stream keys after the STREAMS option (none when the options are malformed). */
function readKeys(argv: readonly string[]): number[] {
  let streamsIndex = -1;
  for (let index = 1; index < argv.length; index++) {
    const option = cstring(argv[index] as string).toLowerCase();
    if (option === 'block' || option === 'count') index++;
    else if (option === 'group') index += 2;
    else if (option === 'streams') {
      streamsIndex = index;
      break;
    } else if (option !== 'noack') break;
  }
  const remaining = argv.length - streamsIndex - 1;
  if (streamsIndex === -1 || remaining === 0 || remaining % 2 !== 0) return [];
  return Array.from({ length: remaining / 2 }, (_, offset) => streamsIndex + 1 + offset);
}

/** A stream a read names, resolved: its id to read after and (XREADGROUP) its group. */
interface ReadTarget {
  readonly key: string;
  after: StreamId;
  readonly group: ConsumerGroup | null;
}

/**
 * Resolve each stream's key, group and id in order, with Redis's errors. A retry of a blocked
 * read (a key it waits on changed) treats keys that are no longer streams as Redis 7.0 does:
 * XREAD ignores them, XREADGROUP fails with UNBLOCKED (or NOGROUP when its group went).
 */
function resolveTargets(ctx: CommandContext, argv: readonly string[], request: ReadRequest): ReadTarget[] | ErrorReply {
  const targets: ReadTarget[] = [];
  const groupName = request.groupName;
  for (let offset = 0; offset < request.streamCount; offset++) {
    const key = argv[request.streamsIndex + offset] as string;
    let stream = readStream(ctx, key);
    if (ctx.retrying && (stream === null || stream instanceof ErrorReply)) {
      if (groupName !== null) return errors.streamBlockedKeyGone;
      stream = null;
    }
    if (stream instanceof ErrorReply) return stream;
    let group: ConsumerGroup | null = null;
    if (groupName !== null) {
      group = stream?.group(groupName) ?? null;
      if (group === null) {
        return ctx.retrying ? errors.streamBlockedGroupGone : errors.streamNoKeyOrGroupInXreadgroup(errorName(key), errorName(groupName));
      }
    }
    const after = readAfter(argv[request.streamsIndex + request.streamCount + offset] as string, stream, groupName !== null);
    if (after instanceof ErrorReply) return after;
    targets.push({ key, after, group });
  }
  return targets;
}

/** The id a read starts after: `$` (XREAD) is the stream's last id, `>` (XREADGROUP) the group's new entries. */
function readAfter(argument: string, stream: StreamValue | null, isGroup: boolean): StreamId | ErrorReply {
  const text = cstring(argument);
  if (text === '$') return isGroup ? errors.streamDollarInXreadgroup : (stream?.lastId ?? 0n);
  if (text === '>') return isGroup ? NEW_ENTRIES : errors.streamGreaterInXread;
  return parseStrictId(argument) ?? errors.streamIdInvalid;
}

function xread(ctx: CommandContext, argv: readonly string[]): Reply {
  return readGeneric(ctx, argv, false);
}

function xreadgroup(ctx: CommandContext, argv: readonly string[]): Reply {
  return readGeneric(ctx, argv, true);
}

/** XREAD and XREADGROUP (Redis xreadCommand): serve what is there, else block or reply null. */
function readGeneric(ctx: CommandContext, argv: readonly string[], isGroup: boolean): Reply {
  const request = parseRead(argv, isGroup);
  if (request instanceof ErrorReply) return request;
  const targets = resolveTargets(ctx, argv, request);
  if (targets instanceof ErrorReply) return targets;
  const served: Reply[] = [];
  for (const target of targets) {
    const entries = serveTarget(ctx, target, request);
    if (entries !== null) served.push(target.key, entries);
  }
  if (served.length > 0) {
    if (ctx.client.protocol === 3) return new MapReply(served);
    const pairs: Reply[] = [];
    for (let index = 0; index < served.length; index += 2) pairs.push([served[index] as Reply, served[index + 1] as Reply]);
    return pairs;
  }
  if (request.timeoutMs === -1 || !ctx.canBlock) return NULL_ARRAY;
  const keys = targets.map((target) => target.key);
  return ctx.block(keys, request.timeoutMs, NULL_ARRAY, retryArguments(argv, request, targets));
}

/** XREAD's arguments with each `$` replaced by the last id it stood for, so a retry does not wait forever. */
function retryArguments(argv: readonly string[], request: ReadRequest, targets: readonly ReadTarget[]): string[] | null {
  let retry: string[] | null = null;
  for (let offset = 0; offset < targets.length; offset++) {
    const index = request.streamsIndex + request.streamCount + offset;
    if (cstring(argv[index] as string) !== '$') continue;
    retry ??= argv.slice();
    retry[index] = formatStreamId((targets[offset] as ReadTarget).after);
  }
  return retry;
}

/** One stream of a read: its entries reply, or null when there is nothing to serve now. */
function serveTarget(ctx: CommandContext, target: ReadTarget, request: ReadRequest): Reply[] | null {
  const stream = readStream(ctx, target.key);
  if (stream === null || stream instanceof ErrorReply) return null;
  const group = target.group;
  let after = target.after;
  const history = group !== null && after !== NEW_ENTRIES;
  if (!history) {
    if (stream.length === 0) return null;
    const top = stream.lastLiveId() as StreamId;
    const threshold = group === null ? after : group.lastId;
    if (top <= threshold) return null;
    after = threshold;
  }
  const start = (after + 1n) & STREAM_ID_MAX;
  if (group === null) return stream.range(start, STREAM_ID_MAX, false, request.count).map(entryReply);
  const groupName = request.groupName as string;
  const consumer = touchConsumer(group, request.consumerName, ctx.now);
  const delivery: GroupDelivery = { ctx, key: target.key, groupName, stream, group, consumer, claimsLogged: 0, groupMoved: false };
  const reply = history ? deliverHistory(delivery, start, request.count) : deliverNew(delivery, start, request.count, request.noAck);
  if (delivery.claimsLogged === 0) propagateConsumerSeen(ctx, target.key, groupName, consumer);
  if (delivery.groupMoved) propagateGroupId(ctx, target.key, groupName, group);
  return reply;
}

/** What a group read works on. */
interface GroupDelivery {
  readonly ctx: CommandContext;
  readonly key: string;
  readonly groupName: string;
  readonly stream: StreamValue;
  readonly group: ConsumerGroup;
  readonly consumer: Consumer;
  /** XCLAIM effects logged for this consumer (each carries its seen-time). */
  claimsLogged: number;
  /** The group's last id moved: its id and read counter are logged after the claims. */
  groupMoved: boolean;
}

/**
 * New entries for a group (Redis streamReplyWithRange with a group): the group's last id and
 * read counter advance, and each entry becomes pending for the consumer unless NOACK.
 */
function deliverNew(delivery: GroupDelivery, start: StreamId, count: number, noAck: boolean): Reply[] {
  const { ctx, stream, group, consumer } = delivery;
  const entries = stream.range(start, STREAM_ID_MAX, false, count);
  const out: Reply[] = [];
  for (const entry of entries) {
    const id = entry.id;
    if (id > group.lastId) {
      advanceGroup(stream, group, id);
      delivery.groupMoved = true;
    }
    out.push(entryReply(entry));
    if (noAck) continue;
    let pending = group.pending.get(id);
    if (pending === undefined) {
      pending = { consumer, deliveryTime: ctx.now, deliveryCount: 1 };
      group.pending.set(id, pending);
      consumer.pending.set(id, pending);
    } else {
      assignPending(id, pending, consumer);
      pending.deliveryTime = ctx.now;
      pending.deliveryCount = 1;
    }
    propagateClaim(ctx, delivery.key, delivery.groupName, group, id, pending);
    delivery.claimsLogged++;
  }
  return out;
}

/** Redis 7.0's read counter update when a group reads past its last id. */
function advanceGroup(stream: StreamValue, group: ConsumerGroup, id: StreamId): void {
  if (group.entriesRead !== ENTRIES_READ_INVALID && !stream.hasTombstonesFrom(id)) {
    group.entriesRead = BigInt.asIntN(64, group.entriesRead + 1n);
  } else if (stream.entriesAdded !== 0n) {
    group.entriesRead = stream.estimateDistance(id);
  }
  group.lastId = id;
}

/**
 * The consumer's own pending entries from `start` (Redis streamReplyWithRangeFromConsumerPEL):
 * each is delivered again (time and count updated); an entry deleted meanwhile comes back as
 * its id with a null array.
 */
function deliverHistory(delivery: GroupDelivery, start: StreamId, count: number): Reply[] {
  const { ctx, stream, consumer } = delivery;
  const out: Reply[] = [];
  let cursor: StreamId = start;
  for (let visited = 0, total = consumer.pending.size; visited < total && (count === 0 || out.length < count); visited++) {
    const id = consumer.pending.ceiling(cursor);
    if (id === undefined) break;
    cursor = id + 1n;
    const fields = stream.fields(id);
    if (fields === null) {
      out.push([formatStreamId(id), NULL_ARRAY]);
      continue;
    }
    out.push([formatStreamId(id), fields]);
    const pending = consumer.pending.get(id) as PendingEntry;
    pending.deliveryTime = ctx.now;
    pending.deliveryCount = incrementCount(pending.deliveryCount);
    propagateClaim(ctx, delivery.key, delivery.groupName, delivery.group, id, pending);
    delivery.claimsLogged++;
  }
  return out;
}

// ---- XACK / XPENDING ------------------------------------------------------------------------------

function xack(ctx: CommandContext, argv: readonly string[]): Reply {
  const stream = readStream(ctx, argv[1] as string);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.group(argv[2] as string);
  if (group === undefined) return 0;
  const ids: StreamId[] = [];
  for (let index = 3; index < argv.length; index++) {
    const id = parseStrictId(argv[index] as string);
    if (id === null) return errors.streamIdInvalid;
    ids.push(id);
  }
  let acknowledged = 0;
  for (const id of ids) if (removePending(group, id)) acknowledged++;
  if (acknowledged > 0) ctx.changed(acknowledged);
  return acknowledged;
}

interface PendingQuery {
  minIdle: number;
  start: StreamId;
  end: StreamId;
  count: number;
  consumer: string | null;
}

/** XPENDING's range arguments, parsed before the key is looked up (Redis reports syntax errors first). */
function parsePendingQuery(argv: readonly string[]): PendingQuery | ErrorReply {
  let first = 3;
  let minIdle = 0;
  if (isWord(argv[3] as string, 'idle')) {
    const idle = parseInteger(argv[4] as string);
    if (idle === null) return errors.notInteger;
    if (argv.length < 8) return errors.syntax;
    minIdle = idle;
    first += 2;
  }
  const count = parseInteger(argv[first + 2] as string);
  if (count === null) return errors.notInteger;
  const start = parseBound(argv[first] as string, 0n, true);
  if (start instanceof ErrorReply) return start;
  const end = parseBound(argv[first + 1] as string, UINT64_MAX, false);
  if (end instanceof ErrorReply) return end;
  const consumer = first + 3 < argv.length ? (argv[first + 3] as string) : null;
  return { minIdle, start, end, count: Math.max(count, 0), consumer };
}

function xpending(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return errors.syntax;
  const query = argv.length >= 6 ? parsePendingQuery(argv) : null;
  if (query instanceof ErrorReply) return query;
  const key = argv[1] as string;
  const groupName = argv[2] as string;
  const stream = readStream(ctx, key);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.group(groupName);
  if (group === undefined) return errors.streamNoKeyOrGroup(errorName(key), errorName(groupName));
  return query === null ? pendingSummary(group) : pendingRange(ctx, group, query);
}

function pendingSummary(group: ConsumerGroup): Reply {
  const pending = group.pending;
  if (pending.size === 0) return [0, null, null, NULL_ARRAY];
  const owners: Reply[] = [];
  for (const name of [...group.consumers.keys()].sort(compareBytes)) {
    const consumer = group.consumers.get(name) as Consumer;
    if (consumer.pending.size > 0) owners.push([name, String(consumer.pending.size)]);
  }
  return [pending.size, formatStreamId(pending.firstId() as StreamId), formatStreamId(pending.lastId() as StreamId), owners];
}

function pendingRange(ctx: CommandContext, group: ConsumerGroup, query: PendingQuery): Reply {
  let pel = group.pending;
  if (query.consumer !== null) {
    const consumer = group.consumers.get(query.consumer);
    if (consumer === undefined) return [];
    pel = consumer.pending;
  }
  const out: Reply[] = [];
  let cursor: StreamId = query.start;
  for (let visited = 0, total = pel.size; visited < total && out.length < query.count; visited++) {
    const id = pel.ceiling(cursor);
    if (id === undefined || id > query.end) break;
    cursor = id + 1n;
    const pending = pel.get(id) as PendingEntry;
    const idle = ctx.now - pending.deliveryTime;
    if (query.minIdle !== 0 && idle < query.minIdle) continue;
    out.push([formatStreamId(id), pending.consumer.name, Math.max(idle, 0), countReply(pending.deliveryCount)]);
  }
  return out;
}

// ---- XCLAIM / XAUTOCLAIM --------------------------------------------------------------------------

interface ClaimOptions {
  force: boolean;
  justId: boolean;
  /** Absolute delivery time from IDLE / TIME, or null. */
  deliveryTime: number | null;
  /** The TIME argument as given (seen-time of an XCLAIM applied from the log). */
  time: number | null;
  retryCount: bigint | null;
  lastId: StreamId;
}

/** XCLAIM's trailing options (Redis's order: ids first, then options; an unknown word is an error). */
function parseClaimOptions(ctx: CommandContext, argv: readonly string[], first: number): ClaimOptions | ErrorReply {
  const options: ClaimOptions = { force: false, justId: false, deliveryTime: null, time: null, retryCount: null, lastId: 0n };
  for (let index = first; index < argv.length; index++) {
    const more = argv.length - 1 - index;
    const option = cstring(argv[index] as string).toLowerCase();
    if (option === 'force') {
      options.force = true;
    } else if (option === 'justid') {
      options.justId = true;
    } else if ((option === 'idle' || option === 'time' || option === 'retrycount') && more > 0) {
      const value = parseInt64(argv[++index] as string);
      if (value === null) return option === 'idle' ? errors.streamXclaimIdle : option === 'time' ? errors.streamXclaimTime : errors.streamXclaimRetryCount;
      if (option === 'retrycount') options.retryCount = value;
      else if (option === 'time') options.deliveryTime = options.time = Number(value);
      else options.deliveryTime = ctx.now - Number(value);
    } else if (option === 'lastid' && more > 0) {
      const lastId = parseStrictId(argv[++index] as string);
      if (lastId === null) return errors.streamIdInvalid;
      options.lastId = lastId;
    } else {
      return errors.streamXclaimUnrecognized(errorName(argv[index] as string));
    }
  }
  return options;
}

/** Redis's group lookup for XCLAIM / XAUTOCLAIM: WRONGTYPE, or NOGROUP for a missing key or group. */
function claimTarget(ctx: CommandContext, argv: readonly string[]): { stream: StreamValue; group: ConsumerGroup } | ErrorReply {
  const key = argv[1] as string;
  const groupName = argv[2] as string;
  const stream = readStream(ctx, key);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.group(groupName);
  if (stream === null || group === undefined) return errors.streamNoKeyOrGroup(errorName(key), errorName(groupName));
  return { stream, group };
}

function xclaim(ctx: CommandContext, argv: readonly string[]): Reply {
  const target = claimTarget(ctx, argv);
  if (target instanceof ErrorReply) return target;
  const minIdleValue = parseInt64(argv[4] as string);
  if (minIdleValue === null) return errors.streamXclaimMinIdle;
  const minIdle = minIdleValue < 0n ? 0 : Number(minIdleValue);
  const ids: StreamId[] = [];
  let index = 5;
  for (; index < argv.length; index++) {
    const id = parseStrictId(argv[index] as string);
    if (id === null) break;
    ids.push(id);
  }
  const options = parseClaimOptions(ctx, argv, index);
  if (options instanceof ErrorReply) return options;
  return claimIds(ctx, argv, target.stream, target.group, ids, minIdle, options);
}

/** The claiming part of XCLAIM (Redis 7.0: the consumer is created on the first claim). */
function claimIds(
  ctx: CommandContext,
  argv: readonly string[],
  stream: StreamValue,
  group: ConsumerGroup,
  ids: readonly StreamId[],
  minIdle: number,
  options: ClaimOptions,
): Reply {
  const key = argv[1] as string;
  const groupName = argv[2] as string;
  const consumerName = argv[3] as string;
  const applier = ctx.client.applier;
  let groupIdChanged = false;
  if (options.lastId > group.lastId) {
    group.lastId = options.lastId;
    groupIdChanged = true;
  }
  let deliveryTime = options.deliveryTime ?? ctx.now;
  if (!applier && (deliveryTime < 0 || deliveryTime > ctx.now)) deliveryTime = ctx.now;
  const seenTime = applier ? (options.time ?? ctx.now) : ctx.now;
  let consumer: Consumer | null = applier ? touchConsumer(group, consumerName, seenTime) : null;
  const out: Reply[] = [];
  for (const id of ids) {
    let pending = group.pending.get(id);
    if (!stream.has(id)) {
      if (pending !== undefined && removePending(group, id)) propagateDropped(ctx, key, groupName, id);
      continue;
    }
    if (pending === undefined) {
      if (!options.force) continue;
      consumer ??= touchConsumer(group, consumerName, seenTime);
      pending = { consumer, deliveryTime: ctx.now, deliveryCount: 1 };
      group.pending.set(id, pending);
      consumer.pending.set(id, pending);
    } else {
      if (minIdle !== 0 && ctx.now - pending.deliveryTime < minIdle) continue;
      consumer ??= touchConsumer(group, consumerName, seenTime);
      assignPending(id, pending, consumer);
    }
    pending.deliveryTime = deliveryTime;
    if (options.retryCount !== null && options.retryCount >= 0n) pending.deliveryCount = storedCount(options.retryCount);
    else if (!options.justId) pending.deliveryCount = incrementCount(pending.deliveryCount);
    out.push(options.justId ? formatStreamId(id) : [formatStreamId(id), stream.fields(id) as string[]]);
    propagateClaim(ctx, key, groupName, group, id, pending);
    groupIdChanged = false;
  }
  if (groupIdChanged) propagateGroupId(ctx, key, groupName, group);
  if (!applier && consumer !== null && deliveryTime !== ctx.now) propagateConsumerSeen(ctx, key, groupName, consumer);
  return out;
}

/** XAUTOCLAIM's COUNT bound: Redis refuses counts whose work arrays would overflow (LONG_MAX / 16). */
const AUTOCLAIM_COUNT_MAX = 576460752303423487n;
/** Redis visits at most this many PEL entries per entry it may claim. */
const AUTOCLAIM_ATTEMPTS_FACTOR = 10;

function xautoclaim(ctx: CommandContext, argv: readonly string[]): Reply {
  const minIdleValue = parseInt64(argv[4] as string);
  if (minIdleValue === null) return errors.streamXautoclaimMinIdle;
  const minIdle = minIdleValue < 0n ? 0 : Number(minIdleValue);
  const start = parseBound(argv[5] as string, 0n, true);
  if (start instanceof ErrorReply) return start;
  let count = 100;
  let justId = false;
  for (let index = 6; index < argv.length; index++) {
    const more = argv.length - 1 - index;
    if (isWord(argv[index] as string, 'count') && more > 0) {
      const value = parseInt64(argv[++index] as string);
      if (value === null || value < 1n || value > AUTOCLAIM_COUNT_MAX) return errors.streamXautoclaimCount;
      count = Number(value);
    } else if (isWord(argv[index] as string, 'justid')) {
      justId = true;
    } else {
      return errors.syntax;
    }
  }
  const target = claimTarget(ctx, argv);
  if (target instanceof ErrorReply) return target;
  return autoclaim(ctx, argv, target.stream, target.group, { minIdle, start, count, justId });
}

interface AutoclaimRequest {
  minIdle: number;
  start: StreamId;
  count: number;
  justId: boolean;
}

/** Redis 7.0 xautoclaimCommand's scan: claims idle entries from `start`, drops deleted ones. */
function autoclaim(ctx: CommandContext, argv: readonly string[], stream: StreamValue, group: ConsumerGroup, request: AutoclaimRequest): Reply {
  const key = argv[1] as string;
  const groupName = argv[2] as string;
  let consumer: Consumer | null = null;
  let remaining = request.count;
  let attempts = request.count * AUTOCLAIM_ATTEMPTS_FACTOR;
  let cursor: StreamId = request.start;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  for (; attempts > 0 && remaining > 0; attempts--) {
    const id = group.pending.ceiling(cursor);
    if (id === undefined) break;
    cursor = id + 1n;
    const pending = group.pending.get(id) as PendingEntry;
    if (!stream.has(id)) {
      removePending(group, id);
      propagateDropped(ctx, key, groupName, id);
      deleted.push(formatStreamId(id));
      remaining--;
      continue;
    }
    if (request.minIdle !== 0 && ctx.now - pending.deliveryTime < request.minIdle) continue;
    consumer ??= touchConsumer(group, argv[3] as string, ctx.now);
    assignPending(id, pending, consumer);
    pending.deliveryTime = ctx.now;
    if (!request.justId) pending.deliveryCount = incrementCount(pending.deliveryCount);
    claimed.push(request.justId ? formatStreamId(id) : [formatStreamId(id), stream.fields(id) as string[]]);
    remaining--;
    propagateClaim(ctx, key, groupName, group, id, pending);
  }
  const next = group.pending.ceiling(cursor);
  return [formatStreamId(next ?? 0n), claimed, deleted];
}

// ---- XGROUP ---------------------------------------------------------------------------------------

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** XGROUP CREATE takes at most this many arguments (MKSTREAM and ENTRIESREAD n). */
const XGROUP_CREATE_ARGUMENTS_MAX = 8;

interface GroupCommand {
  readonly key: string;
  readonly groupName: string;
  /** null only for CREATE ... MKSTREAM on a missing key. */
  readonly stream: StreamValue | null;
  readonly group: ConsumerGroup | undefined;
  readonly makeStream: boolean;
  readonly entriesRead: bigint;
}

/**
 * What every XGROUP subcommand but HELP checks first, in Redis's order: CREATE / SETID options,
 * the key's type, that the key exists (unless MKSTREAM), that the group exists (SETID,
 * CREATECONSUMER, DELCONSUMER).
 */
function prepareGroupCommand(ctx: CommandContext, argv: readonly string[]): GroupCommand | ErrorReply {
  const subcommand = cstring(argv[1] as string).toLowerCase();
  let makeStream = false;
  let entriesRead = ENTRIES_READ_INVALID;
  for (let index = 5; index < argv.length; ) {
    const argument = argv[index] as string;
    if (subcommand === 'create' && isWord(argument, 'mkstream')) {
      makeStream = true;
      index++;
    } else if ((subcommand === 'create' || subcommand === 'setid') && isWord(argument, 'entriesread') && index + 1 < argv.length) {
      const value = parseInt64(argv[index + 1] as string);
      if (value === null) return errors.notInteger;
      if (value < 0n && value !== ENTRIES_READ_INVALID) return errors.streamEntriesReadNegative;
      entriesRead = value;
      index += 2;
    } else {
      return errors.subcommandSyntax(argv[1] as string, 'xgroup');
    }
  }
  const key = argv[2] as string;
  const groupName = argv[3] as string;
  const stream = writeStream(ctx, key);
  if (stream instanceof ErrorReply) return stream;
  const group = stream?.group(groupName);
  if (!makeStream) {
    if (stream === null) return errors.streamKeyRequired;
    if (group === undefined && subcommand !== 'create' && subcommand !== 'destroy') {
      return errors.streamNoGroup(errorName(groupName), errorName(key));
    }
  }
  return { key, groupName, stream, group, makeStream, entriesRead };
}

function xgroupCreate(ctx: CommandContext, argv: readonly string[]): Reply {
  const prepared = prepareGroupCommand(ctx, argv);
  if (prepared instanceof ErrorReply) return prepared;
  if (argv.length > XGROUP_CREATE_ARGUMENTS_MAX) return errors.subcommandSyntax(argv[1] as string, 'xgroup');
  let id: StreamId;
  if (cstring(argv[4] as string) === '$') {
    id = prepared.stream?.lastId ?? 0n;
  } else {
    const parsed = parseStrictId(argv[4] as string);
    if (parsed === null) return errors.streamIdInvalid;
    id = parsed;
  }
  let stream = prepared.stream;
  if (stream === null) {
    stream = new StreamValue();
    ctx.db.set(prepared.key, 'stream', stream);
  }
  if (stream.createGroup(prepared.groupName, id, prepared.entriesRead) === null) return errors.streamBusyGroup;
  ctx.changed();
  return OK;
}

function xgroupSetid(ctx: CommandContext, argv: readonly string[]): Reply {
  const prepared = prepareGroupCommand(ctx, argv);
  if (prepared instanceof ErrorReply) return prepared;
  if (argv.length !== 5 && argv.length !== 7) return errors.subcommandSyntax(argv[1] as string, 'xgroup');
  const stream = prepared.stream as StreamValue;
  const group = prepared.group as ConsumerGroup;
  let id: StreamId;
  if (cstring(argv[4] as string) === '$') {
    id = stream.lastId;
  } else {
    const parsed = parseId(argv[4] as string, 0n, false);
    if (parsed === null) return errors.streamIdInvalid;
    id = parsed.id;
  }
  group.lastId = id;
  group.entriesRead = prepared.entriesRead;
  ctx.changed();
  return OK;
}

function xgroupDestroy(ctx: CommandContext, argv: readonly string[]): Reply {
  const prepared = prepareGroupCommand(ctx, argv);
  if (prepared instanceof ErrorReply) return prepared;
  const stream = prepared.stream as StreamValue;
  if (prepared.group === undefined) return 0;
  stream.groups?.delete(prepared.groupName);
  ctx.changed();
  // Readers blocked on the group get NOGROUP (Redis signalKeyAsReady; WATCH is not touched).
  ctx.server.blocking.signal(ctx.client.db, prepared.key);
  return 1;
}

function xgroupCreateconsumer(ctx: CommandContext, argv: readonly string[]): Reply {
  const prepared = prepareGroupCommand(ctx, argv);
  if (prepared instanceof ErrorReply) return prepared;
  const group = prepared.group as ConsumerGroup;
  const name = argv[4] as string;
  if (group.consumers.has(name)) return 0;
  const consumer = touchConsumer(group, name, ctx.now);
  propagateConsumerSeen(ctx, prepared.key, prepared.groupName, consumer);
  return 1;
}

function xgroupDelconsumer(ctx: CommandContext, argv: readonly string[]): Reply {
  const prepared = prepareGroupCommand(ctx, argv);
  if (prepared instanceof ErrorReply) return prepared;
  const group = prepared.group as ConsumerGroup;
  const consumer = group.consumers.get(argv[4] as string);
  if (consumer === undefined) return 0;
  const pending = consumer.pending.size;
  for (const id of consumer.pending.ids()) group.pending.delete(id);
  group.consumers.delete(consumer.name);
  ctx.changed();
  return pending;
}

// ---- XSETID ---------------------------------------------------------------------------------------

function xsetid(ctx: CommandContext, argv: readonly string[]): Reply {
  const id = parseStrictId(argv[2] as string);
  if (id === null) return errors.streamIdInvalid;
  let entriesAdded: bigint | null = null;
  let maxDeletedId: StreamId = 0n;
  for (let index = 3; index < argv.length; index += 2) {
    const more = argv.length - 1 - index;
    if (isWord(argv[index] as string, 'entriesadded') && more > 0) {
      const value = parseInt64(argv[index + 1] as string);
      if (value === null) return errors.notInteger;
      if (value < 0n) return errors.streamEntriesAddedNegative;
      entriesAdded = value;
    } else if (isWord(argv[index] as string, 'maxdeletedid') && more > 0) {
      const value = parseStrictId(argv[index + 1] as string);
      if (value === null) return errors.streamIdInvalid;
      if (id < value) return errors.streamXsetidBelowGivenMaxDeleted;
      maxDeletedId = value;
    } else {
      return errors.syntax;
    }
  }
  const stream = writeStream(ctx, argv[1] as string);
  if (stream === null) return errors.noSuchKey;
  if (stream instanceof ErrorReply) return stream;
  if (stream.length > 0) {
    if (id < (stream.lastLiveId() as StreamId)) return errors.streamXsetidBelowTop;
    if (entriesAdded !== null && BigInt(stream.length) > entriesAdded) return errors.streamXsetidEntriesAddedBelowLength;
  }
  stream.lastId = id;
  if (entriesAdded !== null) stream.entriesAdded = entriesAdded;
  if (maxDeletedId !== 0n) stream.maxDeletedId = maxDeletedId;
  ctx.changed();
  return OK;
}

// ---- XINFO ----------------------------------------------------------------------------------------

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/** XINFO STREAM FULL lists this many entries and PEL entries unless COUNT says otherwise. */
const XINFO_FULL_COUNT_DEFAULT = 10;

/** The stream XINFO inspects: ERR no such key when missing. */
function inspectedStream(ctx: CommandContext, argv: readonly string[]): StreamValue | ErrorReply {
  const stream = readStream(ctx, argv[2] as string);
  return stream ?? errors.noSuchKey;
}

function xinfoStream(ctx: CommandContext, argv: readonly string[]): Reply {
  const stream = inspectedStream(ctx, argv);
  if (stream instanceof ErrorReply) return stream;
  const options = argv.length - 3;
  if (options === 0) return streamSummary(stream);
  if ((options !== 1 && options !== 3) || !isWord(argv[3] as string, 'full')) return errors.subcommandSyntax(argv[1] as string, 'xinfo');
  let count = XINFO_FULL_COUNT_DEFAULT;
  if (options === 3) {
    if (!isWord(argv[4] as string, 'count')) return errors.subcommandSyntax(argv[1] as string, 'xinfo');
    const value = parseInteger(argv[5] as string);
    if (value === null) return errors.notInteger;
    count = value < 0 ? XINFO_FULL_COUNT_DEFAULT : value;
  }
  return streamDetails(stream, count);
}

/** The fields XINFO STREAM starts with, with or without FULL. */
function streamHeader(stream: StreamValue): Reply[] {
  return [
    'length', stream.length,
    'radix-tree-keys', stream.nodeCount,
    'radix-tree-nodes', stream.treeNodeCount,
    'last-generated-id', formatStreamId(stream.lastId),
    'max-deleted-entry-id', formatStreamId(stream.maxDeletedId),
    'entries-added', stream.entriesAdded,
    'recorded-first-entry-id', formatStreamId(stream.firstId),
  ];
}

function streamSummary(stream: StreamValue): Reply {
  const first = stream.range(0n, STREAM_ID_MAX, false, 1)[0];
  const last = stream.range(0n, STREAM_ID_MAX, true, 1)[0];
  return new MapReply([
    ...streamHeader(stream),
    'groups', stream.groups?.size ?? 0,
    'first-entry', first === undefined ? null : entryReply(first),
    'last-entry', last === undefined ? null : entryReply(last),
  ]);
}

function streamDetails(stream: StreamValue, count: number): Reply {
  const groups = stream.groupNames().map((name) => groupDetails(stream, name, stream.group(name) as ConsumerGroup, count));
  return new MapReply([...streamHeader(stream), 'entries', stream.range(0n, STREAM_ID_MAX, false, count).map(entryReply), 'groups', groups]);
}

/** The first `count` (0: all) entries of a PEL. */
function firstPending(pel: SortedIdMap<PendingEntry>, count: number): [StreamId, PendingEntry][] {
  const out: [StreamId, PendingEntry][] = [];
  for (const item of pel.entries()) {
    if (count !== 0 && out.length >= count) break;
    out.push(item);
  }
  return out;
}

function groupDetails(stream: StreamValue, name: string, group: ConsumerGroup, count: number): Reply {
  const pending = firstPending(group.pending, count).map(([id, entry]): Reply => [
    formatStreamId(id), entry.consumer.name, entry.deliveryTime, countReply(entry.deliveryCount),
  ]);
  const consumers = [...group.consumers.keys()].sort(compareBytes).map((consumerName) => {
    const consumer = group.consumers.get(consumerName) as Consumer;
    const owned = firstPending(consumer.pending, count).map(([id, entry]): Reply => [
      formatStreamId(id), entry.deliveryTime, countReply(entry.deliveryCount),
    ]);
    return new MapReply(['name', consumer.name, 'seen-time', consumer.seenTime, 'pel-count', consumer.pending.size, 'pending', owned]);
  });
  return new MapReply([
    'name', name,
    'last-delivered-id', formatStreamId(group.lastId),
    'entries-read', entriesReadReply(group),
    'lag', stream.lag(group),
    'pel-count', group.pending.size,
    'pending', pending,
    'consumers', consumers,
  ]);
}

function entriesReadReply(group: ConsumerGroup): Reply {
  return group.entriesRead === ENTRIES_READ_INVALID ? null : group.entriesRead;
}

function xinfoGroups(ctx: CommandContext, argv: readonly string[]): Reply {
  const stream = inspectedStream(ctx, argv);
  if (stream instanceof ErrorReply) return stream;
  return stream.groupNames().map((name) => {
    const group = stream.group(name) as ConsumerGroup;
    return new MapReply([
      'name', name,
      'consumers', group.consumers.size,
      'pending', group.pending.size,
      'last-delivered-id', formatStreamId(group.lastId),
      'entries-read', entriesReadReply(group),
      'lag', stream.lag(group),
    ]);
  });
}

function xinfoConsumers(ctx: CommandContext, argv: readonly string[]): Reply {
  const stream = inspectedStream(ctx, argv);
  if (stream instanceof ErrorReply) return stream;
  const groupName = argv[3] as string;
  const group = stream.group(groupName);
  if (group === undefined) return errors.streamNoGroup(errorName(groupName), errorName(argv[2] as string));
  return [...group.consumers.keys()].sort(compareBytes).map((name) => {
    const consumer = group.consumers.get(name) as Consumer;
    return new MapReply(['name', name, 'pending', consumer.pending.size, 'idle', Math.max(ctx.now - consumer.seenTime, 0)]);
  });
}

// ---- the table --------------------------------------------------------------------------------------

const stream = { group: 'stream', categories: ['stream'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const container = { group: 'stream', categories: [], firstKey: 0, lastKey: 0, keyStep: 0, flags: [] } as const;
const subcommand = { group: 'stream', categories: ['stream'], firstKey: 2, lastKey: 2, keyStep: 1 } as const;
const help = { group: 'stream', categories: ['stream'], firstKey: 0, lastKey: 0, keyStep: 0, flags: ['loading', 'stale'] } as const;
const nondeterministic = ['nondeterministic_output'] as const;
const xreadComplexity =
  'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.';
const xreadgroupComplexity =
  'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.';

/** The streams family's command table entries (Redis 7.0 arity, flags, key positions and docs). */
export const streamCommands: readonly CommandSpec[] = [
  { ...stream, name: 'xadd', arity: -5, flags: ['write', 'denyoom', 'fast'], summary: 'Appends a new entry to a stream', since: '5.0.0', complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.', tips: nondeterministic, handler: xadd },
  { ...stream, name: 'xlen', arity: 2, flags: ['readonly', 'fast'], summary: 'Return the number of entries in a stream', since: '5.0.0', complexity: 'O(1)', handler: xlen },
  { ...stream, name: 'xrange', arity: -4, flags: ['readonly'], summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval', since: '5.0.0', complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).', handler: rangeCommand(false) },
  { ...stream, name: 'xrevrange', arity: -4, flags: ['readonly'], summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE', since: '5.0.0', complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).', handler: rangeCommand(true) },
  { ...stream, name: 'xdel', arity: -3, flags: ['write', 'fast'], summary: 'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.', since: '5.0.0', complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.', handler: xdel },
  { ...stream, name: 'xtrim', arity: -4, flags: ['write'], summary: "Trims the stream to (approximately if '~' is passed) a certain size", since: '5.0.0', complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.', tips: nondeterministic, handler: xtrim },
  { ...stream, name: 'xread', arity: -4, flags: ['readonly', 'blocking'], firstKey: 0, lastKey: 0, keyStep: 0, keys: readKeys, summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.', since: '5.0.0', complexity: xreadComplexity, handler: xread },
  { ...stream, name: 'xreadgroup', arity: -7, flags: ['write', 'blocking'], firstKey: 0, lastKey: 0, keyStep: 0, keys: readKeys, summary: 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.', since: '5.0.0', complexity: xreadgroupComplexity, handler: xreadgroup },
  { ...stream, name: 'xack', arity: -4, flags: ['write', 'fast'], summary: 'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.', since: '5.0.0', complexity: 'O(1) for each message ID processed.', handler: xack },
  { ...stream, name: 'xpending', arity: -3, flags: ['readonly'], summary: 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.', since: '5.0.0', complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.', tips: nondeterministic, handler: xpending },
  { ...stream, name: 'xclaim', arity: -6, flags: ['write', 'fast'], summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.', since: '5.0.0', complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.', tips: nondeterministic, handler: xclaim },
  { ...stream, name: 'xautoclaim', arity: -6, flags: ['write', 'fast'], summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.', since: '6.2.0', complexity: 'O(1) if COUNT is small.', tips: nondeterministic, handler: xautoclaim },
  { ...stream, name: 'xsetid', arity: -3, flags: ['write', 'denyoom', 'fast'], summary: 'An internal command for replicating stream values', since: '5.0.0', complexity: 'O(1)', handler: xsetid },
  {
    ...container,
    name: 'xgroup',
    arity: -2,
    summary: 'A container for consumer groups commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...help, name: 'xgroup|help', arity: 2, summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => helpReply('xgroup', XGROUP_HELP) },
      { ...subcommand, name: 'xgroup|create', arity: -5, flags: ['write', 'denyoom'], summary: 'Create a consumer group.', since: '5.0.0', complexity: 'O(1)', handler: xgroupCreate },
      { ...subcommand, name: 'xgroup|setid', arity: -5, flags: ['write'], summary: 'Set a consumer group to an arbitrary last delivered ID value.', since: '5.0.0', complexity: 'O(1)', handler: xgroupSetid },
      { ...subcommand, name: 'xgroup|destroy', arity: 4, flags: ['write'], summary: 'Destroy a consumer group.', since: '5.0.0', complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).', handler: xgroupDestroy },
      { ...subcommand, name: 'xgroup|createconsumer', arity: 5, flags: ['write', 'denyoom'], summary: 'Create a consumer in a consumer group.', since: '6.2.0', complexity: 'O(1)', handler: xgroupCreateconsumer },
      { ...subcommand, name: 'xgroup|delconsumer', arity: 5, flags: ['write'], summary: 'Delete a consumer from a consumer group.', since: '5.0.0', complexity: 'O(1)', handler: xgroupDelconsumer },
    ],
  },
  {
    ...container,
    name: 'xinfo',
    arity: -2,
    summary: 'A container for stream introspection commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...help, name: 'xinfo|help', arity: 2, summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => helpReply('xinfo', XINFO_HELP) },
      { ...subcommand, name: 'xinfo|stream', arity: -3, flags: ['readonly'], summary: 'Get information about a stream', since: '5.0.0', complexity: 'O(1)', handler: xinfoStream },
      { ...subcommand, name: 'xinfo|groups', arity: 3, flags: ['readonly'], summary: 'List the consumer groups of a stream', since: '5.0.0', complexity: 'O(1)', handler: xinfoGroups },
      { ...subcommand, name: 'xinfo|consumers', arity: 4, flags: ['readonly'], summary: 'List the consumers in a consumer group', since: '5.0.0', complexity: 'O(1)', tips: nondeterministic, handler: xinfoConsumers },
    ],
  },
];
