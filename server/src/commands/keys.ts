/**
 * Generic key commands (Redis db.c, expire.c, and DUMP/RESTORE from cluster.c): DEL, UNLINK,
 * EXISTS, TYPE, RENAME, RENAMENX, COPY, MOVE, KEYS, SCAN, RANDOMKEY, the EXPIRE family, TTL and
 * its kin, PERSIST, TOUCH, DUMP, RESTORE.
 *
 * Effects: relative expiries become `PEXPIREAT key abs-ms`, an expiry already past deletes the
 * key on the primary and becomes `DEL key`, RESTORE with a relative TTL becomes RESTORE ... ABSTTL;
 * the other writes are deterministic and log their own argv when they changed something.
 */
import { limits } from '../config/limits.js';
import type { Database } from '../keyspace/database.js';
import { decodeDumpPayload, dumpPayload } from '../keyspace/dump-payload.js';
import type { Entry } from '../keyspace/entry.js';
import { errors, genericError, invalidExpireTime } from '../resp/errors.js';
import { ErrorReply, OK, type Reply, Status } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import { parseCursor, parseScanOptions, type ScanOptions } from './scan-arguments.js';
import type { CommandSpec } from './spec.js';

/** RESTORE FREQ range (an LFU counter is one byte). */
const FREQUENCY_MAX = 255;

// ---- deleting and inspecting keys -------------------------------------------

/** DEL and UNLINK: an expired key is removed by expiry (on the primary) and not counted. */
function del(ctx: CommandContext, argv: readonly string[]): Reply {
  const database = ctx.db;
  let removed = 0;
  for (let index = 1; index < argv.length; index++) {
    const key = argv[index] as string;
    database.expireIfNeeded(key);
    if (database.delete(key)) removed++;
  }
  if (removed > 0) ctx.changed(removed);
  return removed;
}

/** EXISTS counts every argument that names a live key, repeats included. */
function exists(ctx: CommandContext, argv: readonly string[]): Reply {
  const database = ctx.db;
  let count = 0;
  for (let index = 1; index < argv.length; index++) {
    if (database.readWithoutTouch(argv[index] as string) !== undefined) count++;
  }
  return count;
}

function type(ctx: CommandContext, argv: readonly string[]): Reply {
  return new Status(ctx.db.readWithoutTouch(argv[1] as string)?.type ?? 'none');
}

/** TOUCH: look keys up as a read does (updating their access time); changes nothing durable. */
function touch(ctx: CommandContext, argv: readonly string[]): Reply {
  const database = ctx.db;
  let count = 0;
  for (let index = 1; index < argv.length; index++) {
    if (database.read(argv[index] as string) !== undefined) count++;
  }
  return count;
}

// ---- renaming, copying and moving -------------------------------------------

/** A value to store under a second key: mutable values must not be shared between keys. */
function copyValue(entry: Entry): Entry['value'] {
  return entry.type === 'string' ? entry.value : entry.value.clone();
}

/** RENAME (nx = false) and RENAMENX (nx = true); the TTL moves with the value. */
function rename(nx: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const source = argv[1] as string;
    const destination = argv[2] as string;
    const database = ctx.db;
    const entry = database.write(source);
    if (entry === undefined) return errors.noSuchKey;
    if (source === destination) return nx ? 0 : OK;
    if (database.write(destination) !== undefined && nx) return 0;
    database.delete(destination);
    database.place(destination, entry.type, entry.value, database.expireAt(source));
    database.delete(source);
    ctx.changed();
    return nx ? 1 : OK;
  };
}

/** A database index argument (Redis getIntFromObjectOrReply then selectDb). */
function parseDatabaseIndex(ctx: CommandContext, text: string): number | ErrorReply {
  const parsed = parseInt64(text);
  if (parsed === null) return errors.notInteger;
  if (parsed < -2147483648n || parsed > 2147483647n) return errors.intOutOfRange;
  const index = Number(parsed);
  if (index < 0 || index >= ctx.keyspace.databases.length) return errors.dbIndexOutOfRange;
  return index;
}

function move(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const target = parseDatabaseIndex(ctx, argv[2] as string);
  if (target instanceof ErrorReply) return target;
  if (target === ctx.client.db) return errors.sameSourceAndDestination;
  const source = ctx.db;
  const destination = ctx.keyspace.db(target);
  const entry = source.write(key);
  if (entry === undefined || destination.write(key) !== undefined) return 0;
  destination.place(key, entry.type, entry.value, source.expireAt(key));
  source.delete(key);
  ctx.changed();
  return 1;
}

/** COPY source destination [DB index] [REPLACE]: the copy keeps the TTL. */
function copy(ctx: CommandContext, argv: readonly string[]): Reply {
  let target = ctx.client.db;
  let replace = false;
  for (let index = 3; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    if (option === 'replace') {
      replace = true;
    } else if (option === 'db' && index + 1 < argv.length) {
      const parsed = parseDatabaseIndex(ctx, argv[++index] as string);
      if (parsed instanceof ErrorReply) return parsed;
      target = parsed;
    } else {
      return errors.syntax;
    }
  }
  const sourceKey = argv[1] as string;
  const destinationKey = argv[2] as string;
  if (target === ctx.client.db && sourceKey === destinationKey) return errors.sameSourceAndDestination;
  const source = ctx.db;
  const destination = ctx.keyspace.db(target);
  const entry = source.read(sourceKey);
  if (entry === undefined) return 0;
  if (destination.write(destinationKey) !== undefined && !replace) return 0;
  destination.place(destinationKey, entry.type, copyValue(entry), source.expireAt(sourceKey));
  ctx.changed();
  return 1;
}

// ---- finding keys ------------------------------------------------------------

function keys(ctx: CommandContext, argv: readonly string[]): Reply {
  // Redis treats exactly `*` as no pattern at all: it matches the empty key too, `**` does not.
  const pattern = argv[1] === '*' ? null : new GlobPattern(argv[1] as string);
  const found: string[] = [];
  for (const [key] of ctx.db.entries()) {
    if (pattern === null || pattern.test(key)) found.push(key);
  }
  return found;
}

function randomKey(ctx: CommandContext): Reply {
  return ctx.db.randomKey();
}




/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor is a position in the
 * database's key array (see Database.scan): a full iteration returns every key present from start
 * to end. Keys are filtered as Redis does: pattern, then type (a lookup, which removes an expired
 * key on the primary), then expiry.
 */
function scan(ctx: CommandContext, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[1] as string);
  if (cursor === null) return errors.invalidCursor;
  const options = parseScanOptions(argv, 2, true);
  if (options instanceof ErrorReply) return options;
  const database = ctx.db;
  const visited: string[] = [];
  const next = database.scan(cursor, options.count, (key) => visited.push(key));
  const found = visited.filter((key) => scanKeeps(database, key, options));
  return [String(next), found];
}

function scanKeeps(database: Database, key: string, options: ScanOptions): boolean {
  if (options.pattern !== null && !options.pattern.test(key)) return false;
  if (options.typeName !== null && (database.readWithoutTouch(key)?.type ?? 'none') !== options.typeName) return false;
  return !database.expireIfNeeded(key);
}

// ---- expiry -----------------------------------------------------------------

interface ExpireConditions {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

/** Redis parseExtendedExpireArgumentsOrReply: NX, XX, GT, LT after the time. */
function parseExpireConditions(argv: readonly string[]): ExpireConditions | ErrorReply {
  const conditions: ExpireConditions = { nx: false, xx: false, gt: false, lt: false };
  for (let index = 3; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    if (option === 'nx' || option === 'xx' || option === 'gt' || option === 'lt') {
      conditions[option] = true;
    } else {
      return genericError(`Unsupported option ${argv[index] as string}`);
    }
  }
  if (conditions.nx && (conditions.xx || conditions.gt || conditions.lt)) return errors.expireNxWithOthers;
  if (conditions.gt && conditions.lt) return errors.expireGtWithLt;
  return conditions;
}

/** Whether the conditions let a key whose expiry is `current` (undefined: none) get `when`. */
function conditionsAllow(conditions: ExpireConditions, current: number | undefined, when: bigint): boolean {
  if (conditions.nx && current !== undefined) return false;
  if (conditions.xx && current === undefined) return false;
  if (conditions.gt && (current === undefined || when <= current)) return false;
  if (conditions.lt && current !== undefined && when >= current) return false;
  return true;
}

/** Redis checkAlreadyExpired: a primary deletes a key given a time already past; a replica keeps it. */
function alreadyExpired(ctx: CommandContext, when: number): boolean {
  return when <= ctx.now && ctx.keyspace.expiryMode === 'primary';
}

/**
 * The EXPIRE family (Redis expireGenericCommand): `unitMs` is 1000 for seconds, `relative` adds
 * the command time. Overflow of the unit conversion or of the addition is an error.
 */
function expire(name: string, unitMs: 1 | 1000, relative: boolean) {
  const invalid = invalidExpireTime(name);
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const key = argv[1] as string;
    const conditions = parseExpireConditions(argv);
    if (conditions instanceof ErrorReply) return conditions;
    const parsed = parseInt64(argv[2] as string);
    if (parsed === null) return errors.notInteger;
    if (unitMs === 1000 && (parsed > INT64_MAX / 1000n || parsed < INT64_MIN / 1000n)) return invalid;
    const base = relative ? BigInt(ctx.now) : 0n;
    const scaled = parsed * BigInt(unitMs);
    if (scaled > INT64_MAX - base) return invalid;
    const when = scaled + base;
    const database = ctx.db;
    if (database.write(key) === undefined) return 0;
    if (!conditionsAllow(conditions, database.expireAt(key), when)) return 0;
    const whenMs = Number(when);
    if (alreadyExpired(ctx, whenMs)) {
      database.delete(key);
      ctx.propagate(['DEL', key]);
      return 1;
    }
    database.setExpireAt(key, whenMs);
    ctx.propagate(['PEXPIREAT', key, String(when)]);
    return 1;
  };
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without expiry; seconds are rounded. */
function timeToLive(inMilliseconds: boolean, absolute: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const key = argv[1] as string;
    const database = ctx.db;
    if (database.readWithoutTouch(key) === undefined) return -2;
    const at = database.expireAt(key);
    if (at === undefined) return -1;
    const remaining = Math.max(0, absolute ? at : at - ctx.now);
    if (inMilliseconds) return Number.isSafeInteger(remaining) ? remaining : BigInt(remaining);
    return Number.isSafeInteger(remaining) ? Math.floor((remaining + 500) / 1000) : (BigInt(remaining) + 500n) / 1000n;
  };
}

function persist(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const database = ctx.db;
  if (database.write(key) === undefined || !database.persist(key)) return 0;
  ctx.changed();
  return 1;
}

// ---- DUMP and RESTORE -------------------------------------------------------

function dump(ctx: CommandContext, argv: readonly string[]): Reply {
  const entry = ctx.db.read(argv[1] as string);
  if (entry === undefined) return null;
  return entry.type === 'string' ? dumpPayload(entry) : errors.dumpCollection;
}

interface RestoreOptions {
  replace: boolean;
  absoluteTtl: boolean;
  /** IDLETIME in seconds, or null. (FREQ is checked and ignored: cairn keeps no LFU counters.) */
  idleSeconds: number | null;
}

/** Redis restoreCommand's options: REPLACE, ABSTTL, and one of IDLETIME or FREQ. */
function parseRestoreOptions(argv: readonly string[]): RestoreOptions | ErrorReply {
  const options: RestoreOptions = { replace: false, absoluteTtl: false, idleSeconds: null };
  let frequencySeen = false;
  for (let index = 4; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const hasValue = index + 1 < argv.length;
    if (option === 'replace') {
      options.replace = true;
    } else if (option === 'absttl') {
      options.absoluteTtl = true;
    } else if (option === 'idletime' && hasValue && !frequencySeen) {
      const idle = parseInt64(argv[++index] as string);
      if (idle === null) return errors.notInteger;
      if (idle < 0n) return errors.invalidIdleTime;
      options.idleSeconds = Number(idle);
    } else if (option === 'freq' && hasValue && options.idleSeconds === null) {
      const frequency = parseInt64(argv[++index] as string);
      if (frequency === null) return errors.notInteger;
      if (frequency < 0n || frequency > BigInt(FREQUENCY_MAX)) return errors.invalidFrequency;
      frequencySeen = true;
    } else {
      return errors.syntax;
    }
  }
  return options;
}

/**
 * RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f]. A relative TTL is logged as
 * ABSTTL; a TTL already past creates nothing (and logs DEL if REPLACE removed an old value).
 */
function restore(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const options = parseRestoreOptions(argv);
  if (options instanceof ErrorReply) return options;
  const database = ctx.db;
  if (!options.replace && database.write(key) !== undefined) return errors.busyKey;
  const ttl = parseInt64(argv[2] as string);
  if (ttl === null) return errors.notInteger;
  if (ttl < 0n) return errors.invalidTtl;
  const decoded = decodeDumpPayload(argv[3] as string, limits.stringBytesMax);
  if (decoded.kind === 'bad-version-or-checksum') return errors.dumpPayloadWrong;
  if (decoded.kind === 'bad-data') return errors.badDataFormat;
  const deleted = options.replace && database.delete(key);
  const expireAt = ttl === 0n ? null : options.absoluteTtl ? ttl : wrapInt64(ttl + BigInt(ctx.now));
  if (expireAt !== null && alreadyExpired(ctx, Number(expireAt))) {
    if (deleted) ctx.propagate(['DEL', key]);
    return OK;
  }
  const entry = database.set(key, decoded.kind, decoded.value);
  if (expireAt !== null) database.setExpireAt(key, Number(expireAt));
  if (options.idleSeconds !== null) entry.accessSeconds = ctx.keyspace.nowSeconds - options.idleSeconds;
  if (expireAt !== null && !options.absoluteTtl) {
    ctx.propagate([...argv.slice(0, 2), String(expireAt), ...argv.slice(3), 'ABSTTL']);
  } else {
    ctx.changed();
  }
  return OK;
}

/** A sum past INT64_MAX wrapped around as Redis's `ttl += mstime()` does (the key is then already expired). */
function wrapInt64(value: bigint): bigint {
  return value > INT64_MAX ? value - 2n ** 64n : value;
}

// ---- the table ----------------------------------------------------------------

const generic = { group: 'generic', categories: ['keyspace'] } as const;
const oneKey = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const twoKeys = { firstKey: 1, lastKey: 2, keyStep: 1 } as const;
const allKeys = { firstKey: 1, lastKey: -1, keyStep: 1 } as const;
const noKeys = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const multiShardSum = ['request_policy:multi_shard', 'response_policy:agg_sum'] as const;

/** The generic key commands, with Redis 7.0's arity, flags, key positions, tips and docs. */
export const keyCommands: readonly CommandSpec[] = [
  {
    ...generic, ...allKeys, name: 'del', arity: -2, flags: ['write'], tips: multiShardSum,
    summary: 'Delete a key', since: '1.0.0',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    handler: del,
  },
  {
    ...generic, ...allKeys, name: 'unlink', arity: -2, flags: ['write', 'fast'], tips: multiShardSum,
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.', since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    handler: del,
  },
  {
    ...generic, ...allKeys, name: 'exists', arity: -2, flags: ['readonly', 'fast'], tips: multiShardSum,
    summary: 'Determine if a key exists', since: '1.0.0', complexity: 'O(N) where N is the number of keys to check.',
    handler: exists,
  },
  {
    ...generic, ...oneKey, name: 'type', arity: 2, flags: ['readonly', 'fast'],
    summary: 'Determine the type stored at key', since: '1.0.0', complexity: 'O(1)', handler: type,
  },
  {
    ...generic, ...twoKeys, name: 'rename', arity: 3, flags: ['write'],
    summary: 'Rename a key', since: '1.0.0', complexity: 'O(1)', handler: rename(false),
  },
  {
    ...generic, ...twoKeys, name: 'renamenx', arity: 3, flags: ['write', 'fast'],
    summary: 'Rename a key, only if the new key does not exist', since: '1.0.0', complexity: 'O(1)', handler: rename(true),
  },
  {
    ...generic, ...twoKeys, name: 'copy', arity: -3, flags: ['write', 'denyoom'],
    summary: 'Copy a key', since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    handler: copy,
  },
  {
    ...generic, ...oneKey, name: 'move', arity: 3, flags: ['write', 'fast'],
    summary: 'Move a key to another database', since: '1.0.0', complexity: 'O(1)', handler: move,
  },
  {
    ...generic, ...noKeys, name: 'keys', arity: 2, flags: ['readonly'], categories: ['keyspace', 'dangerous'],
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    summary: 'Find all keys matching the given pattern', since: '1.0.0',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    handler: keys,
  },
  {
    ...generic, ...noKeys, name: 'scan', arity: -2, flags: ['readonly'], tips: ['nondeterministic_output', 'request_policy:special'],
    summary: 'Incrementally iterate the keys space', since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    handler: scan,
  },
  {
    ...generic, ...noKeys, name: 'randomkey', arity: 1, flags: ['readonly'], tips: ['request_policy:all_shards', 'nondeterministic_output'],
    summary: 'Return a random key from the keyspace', since: '1.0.0', complexity: 'O(1)', handler: randomKey,
  },
  {
    ...generic, ...oneKey, name: 'expire', arity: -3, flags: ['write', 'fast'],
    summary: "Set a key's time to live in seconds", since: '1.0.0', complexity: 'O(1)', handler: expire('expire', 1000, true),
  },
  {
    ...generic, ...oneKey, name: 'pexpire', arity: -3, flags: ['write', 'fast'],
    summary: "Set a key's time to live in milliseconds", since: '2.6.0', complexity: 'O(1)', handler: expire('pexpire', 1, true),
  },
  {
    ...generic, ...oneKey, name: 'expireat', arity: -3, flags: ['write', 'fast'],
    summary: 'Set the expiration for a key as a UNIX timestamp', since: '1.2.0', complexity: 'O(1)', handler: expire('expireat', 1000, false),
  },
  {
    ...generic, ...oneKey, name: 'pexpireat', arity: -3, flags: ['write', 'fast'],
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds', since: '2.6.0', complexity: 'O(1)',
    handler: expire('pexpireat', 1, false),
  },
  {
    ...generic, ...oneKey, name: 'ttl', arity: 2, flags: ['readonly', 'fast'], tips: ['nondeterministic_output'],
    summary: 'Get the time to live for a key in seconds', since: '1.0.0', complexity: 'O(1)', handler: timeToLive(false, false),
  },
  {
    ...generic, ...oneKey, name: 'pttl', arity: 2, flags: ['readonly', 'fast'], tips: ['nondeterministic_output'],
    summary: 'Get the time to live for a key in milliseconds', since: '2.6.0', complexity: 'O(1)', handler: timeToLive(true, false),
  },
  {
    ...generic, ...oneKey, name: 'expiretime', arity: 2, flags: ['readonly', 'fast'],
    summary: 'Get the expiration Unix timestamp for a key', since: '7.0.0', complexity: 'O(1)', handler: timeToLive(false, true),
  },
  {
    ...generic, ...oneKey, name: 'pexpiretime', arity: 2, flags: ['readonly', 'fast'],
    summary: 'Get the expiration Unix timestamp for a key in milliseconds', since: '7.0.0', complexity: 'O(1)',
    handler: timeToLive(true, true),
  },
  {
    ...generic, ...oneKey, name: 'persist', arity: 2, flags: ['write', 'fast'],
    summary: 'Remove the expiration from a key', since: '2.2.0', complexity: 'O(1)', handler: persist,
  },
  {
    ...generic, ...allKeys, name: 'touch', arity: -2, flags: ['readonly', 'fast'], tips: multiShardSum,
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.', since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.', handler: touch,
  },
  {
    ...generic, ...oneKey, name: 'dump', arity: 2, flags: ['readonly'], tips: ['nondeterministic_output'],
    summary: 'Return a serialized version of the value stored at the specified key.', since: '2.6.0',
    complexity:
      'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
    handler: dump,
  },
  {
    ...generic, ...oneKey, name: 'restore', arity: -4, flags: ['write', 'denyoom'], categories: ['keyspace', 'dangerous'],
    summary: 'Create a key using the provided serialized value, previously obtained using DUMP.', since: '2.6.0',
    complexity:
      'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    handler: restore,
  },
];
