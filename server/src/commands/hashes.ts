/**
 * Hash commands (Redis t_hash.c): HSET and its kin, reads, counters, HRANDFIELD and HSCAN.
 * Values live in keyspace/hash.ts (listpack while small, then hashtable, one-way).
 *
 * Effects: the writes are deterministic and log their own argv when they changed something,
 * except HINCRBYFLOAT, whose long double result is logged as `HSET key field result` (as Redis
 * propagates it). HRANDFIELD and HSCAN are reads: their randomness and cursors only shape replies.
 */
import { type HashLimits, HashValue } from '../keyspace/hash.js';
import { errors, wrongArity } from '../resp/errors.js';
import { ErrorReply, MapReply, OK, type Reply } from '../resp/reply.js';
import { LONG_DOUBLE_ZERO, addLongDouble, formatLongDouble, isFiniteLongDouble, parseLongDouble } from '../util/long-double.js';
import { INT64_MAX, INT64_MIN, parseInt64, parseSafeInteger } from '../util/number.js';
import type { CommandContext } from './context.js';
import { parseCursor, parseScanOptions } from './scan-arguments.js';
import type { CommandSpec } from './spec.js';

/** C's LONG_MAX: HRANDFIELD's count is refused beyond ±LONG_MAX (±LONG_MAX/2 WITHVALUES). */
const LONG_MAX = INT64_MAX;
/** Fields one HRANDFIELD with a negative count may return (Redis has no bound; a huge reply would exhaust memory). */
const RANDOM_FIELDS_REPLY_MAX = 10_000_000;
/** Redis's HRANDFIELD_SUB_STRATEGY_MUL: below size/3 distinct picks are drawn one by one. */
const RANDOM_SUB_STRATEGY_MUL = 3;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

// ---- looking hashes up ------------------------------------------------------------------------

/** The hash at `key` for a read: undefined when missing, WRONGTYPE for another type. */
function readHash(ctx: CommandContext, key: string): HashValue | undefined | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry === undefined) return undefined;
  return entry.type === 'hash' ? entry.value : errors.wrongType;
}

/** The hash at `key` before a write: undefined when missing, WRONGTYPE for another type. */
function writeHash(ctx: CommandContext, key: string): HashValue | undefined | ErrorReply {
  const entry = ctx.db.write(key);
  if (entry === undefined) return undefined;
  return entry.type === 'hash' ? entry.value : errors.wrongType;
}

/** A new, empty hash (not stored yet: commands store it only once it holds a field). */
function newHash(ctx: CommandContext): HashValue {
  return new HashValue(Math.floor(ctx.server.random() * 2 ** 32));
}

/** After a write: store a hash that was created, or tell watchers an existing one changed. */
function storeHash(ctx: CommandContext, key: string, hash: HashValue, created: boolean): void {
  if (created) ctx.db.set(key, 'hash', hash);
  else ctx.db.modified(key);
}

function hashLimits(ctx: CommandContext): HashLimits {
  const settings = ctx.server.settings;
  return { entriesMax: settings.integer('hash-max-listpack-entries'), valueBytesMax: settings.integer('hash-max-listpack-value') };
}

// ---- writes -----------------------------------------------------------------------------------

/** HSET key field value [field value ...] (replies the fields added) and HMSET (replies OK). */
function setFields(name: 'hset' | 'hmset') {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    if (argv.length % 2 === 1) return wrongArity(name);
    const key = argv[1] as string;
    const found = writeHash(ctx, key);
    if (found instanceof ErrorReply) return found;
    const hash = found ?? newHash(ctx);
    const hashLimit = hashLimits(ctx);
    hash.convertForArguments(argv, 2, hashLimit.valueBytesMax);
    let added = 0;
    for (let index = 2; index < argv.length; index += 2) {
      if (hash.set(argv[index] as string, argv[index + 1] as string, hashLimit)) added++;
    }
    storeHash(ctx, key, hash, found === undefined);
    ctx.changed((argv.length - 2) / 2);
    return name === 'hset' ? added : OK;
  };
}

function hsetnx(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const found = writeHash(ctx, key);
  if (found instanceof ErrorReply) return found;
  const field = argv[2] as string;
  if (found !== undefined && found.has(field)) return 0;
  const hash = found ?? newHash(ctx);
  const hashLimit = hashLimits(ctx);
  hash.convertForArguments(argv, 2, hashLimit.valueBytesMax);
  hash.set(field, argv[3] as string, hashLimit);
  storeHash(ctx, key, hash, found === undefined);
  ctx.changed();
  return 1;
}

/** HDEL: a hash left empty is deleted (Redis stops at that point). */
function hdel(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const hash = writeHash(ctx, key);
  if (hash === undefined || hash instanceof ErrorReply) return hash ?? 0;
  let deleted = 0;
  for (let index = 2; index < argv.length; index++) {
    if (!hash.delete(argv[index] as string)) continue;
    deleted++;
    if (hash.size === 0) break;
  }
  if (deleted === 0) return 0;
  if (hash.size === 0) ctx.db.delete(key);
  else ctx.db.modified(key);
  ctx.changed(deleted);
  return deleted;
}

/**
 * HINCRBY: add an int64 to a field (0 when missing). "hash value is not an integer" for a value
 * string2ll refuses; overflow refused. Number arithmetic while safe, BigInt beyond.
 */
function hincrby(ctx: CommandContext, argv: readonly string[]): Reply {
  const increment = parseSafeInteger(argv[3] as string) ?? parseInt64(argv[3] as string);
  if (increment === null) return errors.notInteger;
  const key = argv[1] as string;
  const found = writeHash(ctx, key);
  if (found instanceof ErrorReply) return found;
  const field = argv[2] as string;
  const old = found?.get(field);
  let current: number | bigint = 0;
  if (old !== undefined) {
    const parsed = parseSafeInteger(old) ?? parseInt64(old);
    if (parsed === null) return errors.hashValueNotInteger;
    current = parsed;
  }
  let result: number | bigint;
  if (typeof current === 'number' && typeof increment === 'number' && Number.isSafeInteger(current + increment)) {
    result = current + increment;
  } else {
    const sum = BigInt(current) + BigInt(increment);
    if (sum > INT64_MAX || sum < INT64_MIN) return errors.overflow;
    result = sum >= SAFE_MIN && sum <= SAFE_MAX ? Number(sum) : sum;
  }
  const hash = found ?? newHash(ctx);
  hash.set(field, String(result), hashLimits(ctx));
  storeHash(ctx, key, hash, found === undefined);
  ctx.changed();
  return result;
}

/**
 * HINCRBYFLOAT in C `long double` as Redis computes it. The effect is `HSET key field result`,
 * so replicas store the exact text instead of redoing the arithmetic.
 */
function hincrbyfloat(ctx: CommandContext, argv: readonly string[]): Reply {
  const increment = parseLongDouble(argv[3] as string);
  if (increment === null) return errors.notFloat;
  if (!isFiniteLongDouble(increment)) return errors.incrementNanOrInfinity;
  const key = argv[1] as string;
  const found = writeHash(ctx, key);
  if (found instanceof ErrorReply) return found;
  const field = argv[2] as string;
  const old = found?.get(field);
  const current = old === undefined ? LONG_DOUBLE_ZERO : parseLongDouble(old);
  if (current === null) return errors.hashValueNotFloat;
  const sum = addLongDouble(current, increment);
  if (!isFiniteLongDouble(sum)) return errors.incrNanOrInfinity;
  const text = formatLongDouble(sum);
  const hash = found ?? newHash(ctx);
  hash.set(field, text, hashLimits(ctx));
  storeHash(ctx, key, hash, found === undefined);
  ctx.propagate(['HSET', key, field, text]);
  return text;
}

// ---- reads ------------------------------------------------------------------------------------

function hget(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return null;
  if (hash instanceof ErrorReply) return hash;
  return hash.get(argv[2] as string) ?? null;
}

function hmget(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash instanceof ErrorReply) return hash;
  const values = new Array<Reply>(argv.length - 2);
  for (let index = 2; index < argv.length; index++) values[index - 2] = hash?.get(argv[index] as string) ?? null;
  return values;
}

/** HGETALL: a map in RESP3 (a flat array in RESP2), in the hash's order. */
function hgetall(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash instanceof ErrorReply) return hash;
  return new MapReply(hash === undefined ? [] : hash.flat());
}

function hkeys(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash instanceof ErrorReply) return hash;
  return hash === undefined ? [] : hash.fields();
}

function hvals(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash instanceof ErrorReply) return hash;
  return hash === undefined ? [] : hash.values();
}

function hexists(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return 0;
  if (hash instanceof ErrorReply) return hash;
  return hash.has(argv[2] as string) ? 1 : 0;
}

function hlen(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return 0;
  if (hash instanceof ErrorReply) return hash;
  return hash.size;
}

function hstrlen(ctx: CommandContext, argv: readonly string[]): Reply {
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return 0;
  if (hash instanceof ErrorReply) return hash;
  return hash.get(argv[2] as string)?.length ?? 0;
}

// ---- HRANDFIELD -------------------------------------------------------------------------------

/**
 * HRANDFIELD key [count [WITHVALUES]] (Redis hrandfieldCommand): the count is checked before the
 * key; without a count one random field (null when missing).
 */
function hrandfield(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length >= 3) {
    const count = parseInt64(argv[2] as string);
    if (count === null) return errors.notInteger;
    if (count < -LONG_MAX) return errors.countOutOfLongRange;
    if (argv.length > 4 || (argv.length === 4 && (argv[3] as string).toLowerCase() !== 'withvalues')) return errors.syntax;
    const withValues = argv.length === 4;
    if (withValues && (count < -LONG_MAX / 2n || count > LONG_MAX / 2n)) return errors.valueOutOfRange;
    return randomFieldsWithCount(ctx, argv[1] as string, count, withValues);
  }
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return null;
  if (hash instanceof ErrorReply) return hash;
  return hash.fieldAt(randomPosition(ctx, hash.size));
}

/**
 * Redis hrandfieldWithCountCommand. A negative count returns that many fields drawn with
 * repetition, in random order; a positive one distinct fields: the whole hash in its order when
 * the count reaches its size, else a sample (a listpack's in its order, as Redis's).
 */
function randomFieldsWithCount(ctx: CommandContext, key: string, count: bigint, withValues: boolean): Reply {
  const hash = readHash(ctx, key);
  if (hash === undefined) return [];
  if (hash instanceof ErrorReply) return hash;
  if (count === 0n) return [];
  const size = hash.size;
  const nested = withValues && ctx.client.protocol === 3;
  if (count < 0n || count === 1n) {
    const wanted = count < 0n ? -count : count;
    if (wanted > BigInt(RANDOM_FIELDS_REPLY_MAX)) return errors.hashRandomCountTooLarge;
    const positions = new Array<number>(Number(wanted));
    for (let index = 0; index < positions.length; index++) positions[index] = randomPosition(ctx, size);
    return pairsReply(hash, positions, withValues, nested);
  }
  if (count >= BigInt(size)) return pairsReply(hash, allPositions(size), withValues, nested);
  const wanted = Number(count);
  const positions = hash.isListpack || wanted * RANDOM_SUB_STRATEGY_MUL > size ? orderedSample(ctx, size, wanted) : shuffledSample(ctx, size, wanted);
  return pairsReply(hash, positions, withValues, nested);
}

function randomPosition(ctx: CommandContext, size: number): number {
  return Math.floor(ctx.server.random() * size);
}

function allPositions(size: number): number[] {
  const positions = new Array<number>(size);
  for (let index = 0; index < size; index++) positions[index] = index;
  return positions;
}

/** `count` distinct positions below `size`, in increasing order (Knuth's selection sampling). */
function orderedSample(ctx: CommandContext, size: number, count: number): number[] {
  const chosen: number[] = [];
  for (let position = 0; position < size && chosen.length < count; position++) {
    if (ctx.server.random() * (size - position) < count - chosen.length) chosen.push(position);
  }
  return chosen;
}

/** `count` distinct positions below `size`, in random order (a partial Fisher-Yates shuffle over a sparse array). */
function shuffledSample(ctx: CommandContext, size: number, count: number): number[] {
  const displaced = new Map<number, number>();
  const chosen = new Array<number>(count);
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(ctx.server.random() * (size - index));
    chosen[index] = displaced.get(pick) ?? pick;
    displaced.set(pick, displaced.get(index) ?? index);
  }
  return chosen;
}

/**
 * Fields at `positions`, with their values: flat in RESP2, `[field, value]` pairs in RESP3
 * (one pair array per distinct position, shared when a position repeats).
 */
function pairsReply(hash: HashValue, positions: readonly number[], withValues: boolean, nested: boolean): Reply {
  if (!withValues) return positions.map((position) => hash.fieldAt(position));
  if (nested) {
    const pairs = new Map<number, Reply[]>();
    return positions.map((position) => {
      let pair = pairs.get(position);
      if (pair === undefined) {
        pair = [hash.fieldAt(position), hash.valueAt(position)];
        pairs.set(position, pair);
      }
      return pair;
    });
  }
  const flat = new Array<Reply>(2 * positions.length);
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index] as number;
    flat[2 * index] = hash.fieldAt(position);
    flat[2 * index + 1] = hash.valueAt(position);
  }
  return flat;
}

// ---- HSCAN ------------------------------------------------------------------------------------




/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]. A listpack hash is returned whole with cursor
 * 0 (as Redis does); a hashtable is walked by pair position (HashValue.scan), COUNT fields a call.
 * MATCH filters on fields. The cursor is checked first, then the key, then the options.
 */
function hscan(ctx: CommandContext, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[2] as string);
  if (cursor === null) return errors.invalidCursor;
  const hash = readHash(ctx, argv[1] as string);
  if (hash === undefined) return ['0', []];
  if (hash instanceof ErrorReply) return hash;
  const options = parseScanOptions(argv, 3, false);
  if (options instanceof ErrorReply) return options;
  const found: string[] = [];
  const pattern = options.pattern;
  const visit = (field: string, value: string) => {
    if (pattern === null || pattern.test(field)) found.push(field, value);
  };
  if (hash.isListpack) {
    for (let pair = 0; pair < hash.size; pair++) visit(hash.fieldAt(pair), hash.valueAt(pair));
    return ['0', found];
  }
  const next = hash.scan(cursor, options.count, visit);
  return [String(next), found];
}

// ---- the table --------------------------------------------------------------------------------

const hashSpec = { group: 'hash', categories: ['hash'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const sizeComplexity = 'O(N) where N is the size of the hash.';

/** The hash family's command table entries (Redis 7.0 arity, flags, key positions and docs). */
export const hashCommands: readonly CommandSpec[] = [
  {
    ...hashSpec, name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], summary: 'Set the string value of a hash field', since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    handler: setFields('hset'),
  },
  { ...hashSpec, name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], summary: 'Set the value of a hash field, only if the field does not exist', since: '2.0.0', complexity: 'O(1)', handler: hsetnx },
  { ...hashSpec, name: 'hget', arity: 3, flags: ['readonly', 'fast'], summary: 'Get the value of a hash field', since: '2.0.0', complexity: 'O(1)', handler: hget },
  { ...hashSpec, name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], summary: 'Set multiple hash fields to multiple values', since: '2.0.0', complexity: 'O(N) where N is the number of fields being set.', handler: setFields('hmset') },
  { ...hashSpec, name: 'hmget', arity: -3, flags: ['readonly', 'fast'], summary: 'Get the values of all the given hash fields', since: '2.0.0', complexity: 'O(N) where N is the number of fields being requested.', handler: hmget },
  { ...hashSpec, name: 'hgetall', arity: 2, flags: ['readonly'], tips: ['nondeterministic_output_order'], summary: 'Get all the fields and values in a hash', since: '2.0.0', complexity: sizeComplexity, handler: hgetall },
  { ...hashSpec, name: 'hdel', arity: -3, flags: ['write', 'fast'], summary: 'Delete one or more hash fields', since: '2.0.0', complexity: 'O(N) where N is the number of fields to be removed.', handler: hdel },
  { ...hashSpec, name: 'hexists', arity: 3, flags: ['readonly', 'fast'], summary: 'Determine if a hash field exists', since: '2.0.0', complexity: 'O(1)', handler: hexists },
  { ...hashSpec, name: 'hlen', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the number of fields in a hash', since: '2.0.0', complexity: 'O(1)', handler: hlen },
  { ...hashSpec, name: 'hkeys', arity: 2, flags: ['readonly'], tips: ['nondeterministic_output_order'], summary: 'Get all the fields in a hash', since: '2.0.0', complexity: sizeComplexity, handler: hkeys },
  { ...hashSpec, name: 'hvals', arity: 2, flags: ['readonly'], tips: ['nondeterministic_output_order'], summary: 'Get all the values in a hash', since: '2.0.0', complexity: sizeComplexity, handler: hvals },
  { ...hashSpec, name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], summary: 'Increment the integer value of a hash field by the given number', since: '2.0.0', complexity: 'O(1)', handler: hincrby },
  { ...hashSpec, name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], summary: 'Increment the float value of a hash field by the given amount', since: '2.6.0', complexity: 'O(1)', handler: hincrbyfloat },
  { ...hashSpec, name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], summary: 'Get the length of the value of a hash field', since: '3.2.0', complexity: 'O(1)', handler: hstrlen },
  { ...hashSpec, name: 'hrandfield', arity: -2, flags: ['readonly'], tips: ['nondeterministic_output'], summary: 'Get one or multiple random fields from a hash', since: '6.2.0', complexity: 'O(N) where N is the number of fields returned', handler: hrandfield },
  {
    ...hashSpec, name: 'hscan', arity: -3, flags: ['readonly'], tips: ['nondeterministic_output'], summary: 'Incrementally iterate hash fields and associated values', since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: hscan,
  },
];
