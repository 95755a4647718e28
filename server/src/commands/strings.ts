/**
 * String commands (Redis t_string.c): GET/SET and their variants, MGET/MSET, counters, ranges,
 * INCRBYFLOAT in emulated `long double`, and LCS. Values are binary strings (one char per byte).
 */
import type { Database } from '../keyspace/database.js';
import type { Entry } from '../keyspace/entry.js';
import { errors, invalidExpireTime, wrongArity } from '../resp/errors.js';
import { ErrorReply, MapReply, OK, type Reply } from '../resp/reply.js';
import { limits } from '../config/limits.js';
import {
  LONG_DOUBLE_ZERO,
  addLongDouble,
  formatLongDouble,
  isFiniteLongDouble,
  parseLongDouble,
} from '../util/long-double.js';
import { INT64_MAX, INT64_MIN, parseInt64, parseSafeInteger } from '../util/number.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

// ---- SET / GETEX options (Redis parseExtendedStringArgumentsOrReply) ------------------------

const OPTION_NX = 1;
const OPTION_XX = 2;
const OPTION_GET = 4;
const OPTION_KEEPTTL = 8;
const OPTION_PERSIST = 16;
const OPTION_EX = 32;
const OPTION_PX = 64;
const OPTION_EXAT = 128;
const OPTION_PXAT = 256;
const OPTION_ANY_EXPIRE = OPTION_EX | OPTION_PX | OPTION_EXAT | OPTION_PXAT;

/** Which of SET's and GETEX's options each command accepts. */
type OptionsCommand = 'set' | 'getex';

interface StringOptions {
  flags: number;
  /** The argument of EX, PX, EXAT or PXAT. */
  expire: string | null;
}

/** The flag of an expiry option (lower case), 0 for any other word. */
function expireOptionFlag(option: string): number {
  switch (option) {
    case 'ex':
      return OPTION_EX;
    case 'px':
      return OPTION_PX;
    case 'exat':
      return OPTION_EXAT;
    case 'pxat':
      return OPTION_PXAT;
    default:
      return 0;
  }
}

/** Parse options from argv[start] on, with Redis's rules for repeats and conflicts; errors are syntax errors. */
function parseStringOptions(argv: readonly string[], start: number, command: OptionsCommand): StringOptions | ErrorReply {
  const options: StringOptions = { flags: 0, expire: null };
  const isSet = command === 'set';
  for (let index = start; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const flags = options.flags;
    const expireFlag = expireOptionFlag(option);
    // An expiry option conflicts with KEEPTTL, PERSIST and the other three; repeating it replaces it.
    const expireConflicts = OPTION_KEEPTTL | OPTION_PERSIST | (OPTION_ANY_EXPIRE & ~expireFlag);
    if (option === 'nx' && isSet && (flags & OPTION_XX) === 0) {
      options.flags |= OPTION_NX;
    } else if (option === 'xx' && isSet && (flags & OPTION_NX) === 0) {
      options.flags |= OPTION_XX;
    } else if (option === 'get' && isSet) {
      options.flags |= OPTION_GET;
    } else if (option === 'keepttl' && isSet && (flags & (OPTION_PERSIST | OPTION_ANY_EXPIRE)) === 0) {
      options.flags |= OPTION_KEEPTTL;
    } else if (option === 'persist' && !isSet && (flags & (OPTION_KEEPTTL | OPTION_ANY_EXPIRE)) === 0) {
      options.flags |= OPTION_PERSIST;
    } else if (expireFlag !== 0 && (flags & expireConflicts) === 0 && index + 1 < argv.length) {
      options.flags |= expireFlag;
      options.expire = argv[++index] as string;
    } else {
      return errors.syntax;
    }
  }
  return options;
}

/**
 * The absolute expiry (ms) an expiry option asks for (Redis getExpireMillisecondsOrReply):
 * not an integer, not positive, or overflowing int64 once in ms and made absolute is an error.
 */
function expireAtMs(ctx: CommandContext, text: string, flags: number, commandName: string): bigint | ErrorReply {
  const value = parseInt64(text);
  if (value === null) return errors.notInteger;
  const inSeconds = (flags & (OPTION_EX | OPTION_EXAT)) !== 0;
  if (value <= 0n || (inSeconds && value > INT64_MAX / 1000n)) return invalidExpireTime(commandName);
  let at = inSeconds ? value * 1000n : value;
  if ((flags & (OPTION_EX | OPTION_PX)) !== 0) at += BigInt(ctx.now);
  if (at > INT64_MAX) return invalidExpireTime(commandName);
  return at;
}

// ---- GET / SET family -------------------------------------------------------------------------

/** A string entry's value, null for a missing key, or the WRONGTYPE error (Redis getGenericCommand). */
function readString(ctx: CommandContext, key: string): string | null | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry === undefined) return null;
  if (entry.type !== 'string') return errors.wrongType;
  return entry.value;
}

function get(ctx: CommandContext, argv: readonly string[]): Reply {
  return readString(ctx, argv[1] as string);
}

/** Store a string under a key as Redis setKey: expired keys are removed first, the TTL is dropped. */
function storeString(database: Database, key: string, value: string): void {
  database.write(key);
  database.set(key, 'string', value);
}

function set(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 3) {
    storeString(ctx.db, argv[1] as string, argv[2] as string);
    ctx.changed();
    return OK;
  }
  const options = parseStringOptions(argv, 3, 'set');
  if (options instanceof ErrorReply) return options;
  return setGeneric(ctx, argv, options, 'set', OK, null);
}

/**
 * Redis setGenericCommand: SET with its options, SETNX, SETEX, PSETEX. `argv` is SET-shaped
 * (key at 1, value at 2) or the caller passes key and value through a SET-shaped copy.
 * An expiry makes the effect `SET key value PXAT ms`; GET alone is dropped from the effect.
 */
function setGeneric(
  ctx: CommandContext,
  argv: readonly string[],
  options: StringOptions,
  commandName: string,
  okReply: Reply,
  abortReply: Reply,
): Reply {
  const key = argv[1] as string;
  const value = argv[2] as string;
  const flags = options.flags;
  let at: bigint | null = null;
  if (options.expire !== null) {
    const resolved = expireAtMs(ctx, options.expire, flags, commandName);
    if (resolved instanceof ErrorReply) return resolved;
    at = resolved;
  }
  let reply = okReply;
  if ((flags & OPTION_GET) !== 0) {
    const old = readString(ctx, key);
    if (old instanceof ErrorReply) return old;
    reply = old;
  }
  const found = ctx.db.write(key) !== undefined;
  if (((flags & OPTION_NX) !== 0 && found) || ((flags & OPTION_XX) !== 0 && !found)) {
    return (flags & OPTION_GET) !== 0 ? reply : abortReply;
  }
  ctx.db.set(key, 'string', value, (flags & OPTION_KEEPTTL) !== 0);
  if (at !== null) {
    ctx.db.setExpireAt(key, Number(at));
    ctx.propagate(['SET', key, value, 'PXAT', at.toString()]);
  } else if ((flags & OPTION_GET) !== 0) {
    ctx.propagate(withoutGetOptions(argv));
  } else {
    ctx.changed();
  }
  return reply;
}

/** SET's argv without its GET options (Redis drops every GET past the value when propagating). */
function withoutGetOptions(argv: readonly string[]): string[] {
  const kept = argv.slice(0, 3);
  for (let index = 3; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument.length !== 3 || argument.toLowerCase() !== 'get') kept.push(argument);
  }
  return kept;
}

function setnx(ctx: CommandContext, argv: readonly string[]): Reply {
  return setGeneric(ctx, argv, { flags: OPTION_NX, expire: null }, 'setnx', 1, 0);
}

/** SETEX key seconds value / PSETEX key ms value: a SET with EX or PX. */
function setWithExpiry(flag: number, commandName: string) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const setShaped = [argv[0] as string, argv[1] as string, argv[3] as string];
    return setGeneric(ctx, setShaped, { flags: flag, expire: argv[2] as string }, commandName, OK, null);
  };
}

function getset(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const old = readString(ctx, key);
  if (old instanceof ErrorReply) return old;
  const value = argv[2] as string;
  storeString(ctx.db, key, value);
  ctx.propagate(['SET', key, value]);
  return old;
}

function getdel(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const value = readString(ctx, key);
  if (value === null || value instanceof ErrorReply) return value;
  ctx.db.delete(key);
  ctx.propagate(['DEL', key]);
  return value;
}

/**
 * GETEX: the value, and optionally a new expiry or none. Effects: `PEXPIREAT key ms`, `PERSIST
 * key`, or `DEL key` when EXAT/PXAT is already past on the primary (Redis checkAlreadyExpired).
 */
function getex(ctx: CommandContext, argv: readonly string[]): Reply {
  const options = parseStringOptions(argv, 2, 'getex');
  if (options instanceof ErrorReply) return options;
  const key = argv[1] as string;
  const value = readString(ctx, key);
  if (value === null || value instanceof ErrorReply) return value;
  const flags = options.flags;
  if (options.expire !== null) {
    const at = expireAtMs(ctx, options.expire, flags, 'getex');
    if (at instanceof ErrorReply) return at;
    const absolute = (flags & (OPTION_EXAT | OPTION_PXAT)) !== 0;
    if (absolute && at <= BigInt(ctx.now) && ctx.keyspace.expiryMode === 'primary') {
      ctx.db.delete(key);
      ctx.propagate(['DEL', key]);
    } else {
      ctx.db.setExpireAt(key, Number(at));
      ctx.propagate(['PEXPIREAT', key, at.toString()]);
    }
  } else if ((flags & OPTION_PERSIST) !== 0 && ctx.db.persist(key)) {
    ctx.propagate(['PERSIST', key]);
  }
  return value;
}

function mget(ctx: CommandContext, argv: readonly string[]): Reply {
  const database = ctx.db;
  const values: Reply[] = new Array<Reply>(argv.length - 1);
  for (let index = 1; index < argv.length; index++) {
    const entry = database.read(argv[index] as string);
    values[index - 1] = entry === undefined || entry.type !== 'string' ? null : entry.value;
  }
  return values;
}

function mset(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length % 2 === 0) return wrongArity('mset');
  const database = ctx.db;
  for (let index = 1; index < argv.length; index += 2) storeString(database, argv[index] as string, argv[index + 1] as string);
  ctx.changed((argv.length - 1) / 2);
  return OK;
}

function msetnx(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length % 2 === 0) return wrongArity('msetnx');
  const database = ctx.db;
  for (let index = 1; index < argv.length; index += 2) {
    if (database.write(argv[index] as string) !== undefined) return 0;
  }
  for (let index = 1; index < argv.length; index += 2) database.set(argv[index] as string, 'string', argv[index + 1] as string);
  ctx.changed((argv.length - 1) / 2);
  return 1;
}

// ---- APPEND / STRLEN / ranges ---------------------------------------------------------------

/**
 * Redis checkStringLength: a result longer than proto-max-bulk-len is refused, except for the
 * log's applier (Redis mustObeyClient). Beyond what a JS string can hold it is refused always.
 */
function lengthAllowed(ctx: CommandContext, length: number): boolean {
  if (length > limits.stringBytesMax) return false;
  return ctx.client.applier || length <= ctx.server.settings.integer('proto-max-bulk-len');
}

function append(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const suffix = argv[2] as string;
  const database = ctx.db;
  const entry = database.write(key);
  if (entry === undefined) {
    database.set(key, 'string', suffix);
    ctx.changed();
    return suffix.length;
  }
  if (entry.type !== 'string') return errors.wrongType;
  const length = entry.value.length + suffix.length;
  if (!lengthAllowed(ctx, length)) return errors.stringTooLong;
  database.update(key, entry, 'string', entry.value + suffix);
  ctx.changed();
  return length;
}

function strlen(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readString(ctx, argv[1] as string);
  if (value === null) return 0;
  if (value instanceof ErrorReply) return value;
  return value.length;
}

/**
 * An int64 argument (Redis getLongLongFromObject) as a number: values beyond the safe-integer
 * range are clamped to it, which keeps every comparison with a string length exact.
 */
function parseClampedInteger(text: string): number | null {
  const safe = parseSafeInteger(text);
  if (safe !== null) return safe;
  const big = parseInt64(text);
  if (big === null) return null;
  return big > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
}

function setrange(ctx: CommandContext, argv: readonly string[]): Reply {
  const offset = parseClampedInteger(argv[2] as string);
  if (offset === null) return errors.notInteger;
  if (offset < 0) return errors.offsetOutOfRange;
  const key = argv[1] as string;
  const patch = argv[3] as string;
  const database = ctx.db;
  const entry = database.write(key);
  if (entry !== undefined && entry.type !== 'string') return errors.wrongType;
  const old = entry === undefined ? '' : entry.value;
  if (patch.length === 0) return old.length;
  if (!lengthAllowed(ctx, offset + patch.length)) return errors.stringTooLong;
  const value = spliceAt(old, offset, patch);
  if (entry === undefined) database.set(key, 'string', value);
  else database.update(key, entry, 'string', value);
  ctx.changed();
  return value.length;
}

/** `text` with `patch` written at `offset`, zero bytes filling any gap. */
function spliceAt(text: string, offset: number, patch: string): string {
  if (offset >= text.length) return text + '\0'.repeat(offset - text.length) + patch;
  return text.slice(0, offset) + patch + text.slice(offset + patch.length);
}

/** GETRANGE / SUBSTR with Redis 7.0's index rules (both negative and start > end: empty). */
function getrange(ctx: CommandContext, argv: readonly string[]): Reply {
  const start = parseInt64(argv[2] as string);
  if (start === null) return errors.notInteger;
  const end = parseInt64(argv[3] as string);
  if (end === null) return errors.notInteger;
  const value = readString(ctx, argv[1] as string);
  if (value === null) return '';
  if (value instanceof ErrorReply) return value;
  if (start < 0n && end < 0n && start > end) return '';
  const length = BigInt(value.length);
  let first = start < 0n ? length + start : start;
  let last = end < 0n ? length + end : end;
  if (first < 0n) first = 0n;
  if (last < 0n) last = 0n;
  if (last >= length) last = length - 1n;
  if (first > last) return '';
  return value.slice(Number(first), Number(last) + 1);
}

// ---- counters -------------------------------------------------------------------------------

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** An int64 as a number when it is a safe integer, else as a bigint; null when not an int64. */
function parseCounter(text: string): number | bigint | null {
  return parseSafeInteger(text) ?? parseInt64(text);
}

/**
 * Redis incrDecrCommand: add to the int64 a key holds (0 when missing), refusing overflow; the
 * result is stored as its decimal text and the TTL kept. Number arithmetic while both sides
 * and the sum are safe integers, BigInt otherwise.
 */
function incrementBy(ctx: CommandContext, key: string, increment: number | bigint): Reply {
  const database = ctx.db;
  const entry = database.write(key);
  let current: number | bigint = 0;
  if (entry !== undefined) {
    if (entry.type !== 'string') return errors.wrongType;
    const parsed = parseCounter(entry.value);
    if (parsed === null) return errors.notInteger;
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
  storeCounter(database, key, entry, String(result));
  ctx.changed();
  return result;
}

function storeCounter(database: Database, key: string, entry: Entry | undefined, text: string): void {
  if (entry === undefined) database.set(key, 'string', text);
  else database.update(key, entry, 'string', text);
}

function incr(ctx: CommandContext, argv: readonly string[]): Reply {
  return incrementBy(ctx, argv[1] as string, 1);
}

function decr(ctx: CommandContext, argv: readonly string[]): Reply {
  return incrementBy(ctx, argv[1] as string, -1);
}

function incrby(ctx: CommandContext, argv: readonly string[]): Reply {
  const increment = parseCounter(argv[2] as string);
  if (increment === null) return errors.notInteger;
  return incrementBy(ctx, argv[1] as string, increment);
}

function decrby(ctx: CommandContext, argv: readonly string[]): Reply {
  const decrement = parseCounter(argv[2] as string);
  if (decrement === null) return errors.notInteger;
  if (decrement === INT64_MIN) return errors.decrementOverflow;
  return incrementBy(ctx, argv[1] as string, -decrement);
}

/**
 * INCRBYFLOAT in C `long double` as Redis computes it; the result text is stored (TTL kept) and
 * the effect is `SET key result KEEPTTL`, so replicas never redo the arithmetic.
 */
function incrbyfloat(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const database = ctx.db;
  const entry = database.write(key);
  if (entry !== undefined && entry.type !== 'string') return errors.wrongType;
  const current = entry === undefined ? LONG_DOUBLE_ZERO : parseLongDouble(entry.value);
  if (current === null) return errors.notFloat;
  const increment = parseLongDouble(argv[2] as string);
  if (increment === null) return errors.notFloat;
  const sum = addLongDouble(current, increment);
  if (!isFiniteLongDouble(sum)) return errors.incrNanOrInfinity;
  const text = formatLongDouble(sum);
  storeCounter(database, key, entry, text);
  ctx.propagate(['SET', key, text, 'KEEPTTL']);
  return text;
}

// ---- LCS ------------------------------------------------------------------------------------

interface LcsOptions {
  length: boolean;
  indexes: boolean;
  withMatchLength: boolean;
  minMatchLength: number;
}

function parseLcsOptions(argv: readonly string[]): LcsOptions | ErrorReply {
  const options: LcsOptions = { length: false, indexes: false, withMatchLength: false, minMatchLength: 0 };
  for (let index = 3; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    if (option === 'idx') {
      options.indexes = true;
    } else if (option === 'len') {
      options.length = true;
    } else if (option === 'withmatchlen') {
      options.withMatchLength = true;
    } else if (option === 'minmatchlen' && index + 1 < argv.length) {
      const minimum = parseClampedInteger(argv[++index] as string);
      if (minimum === null) return errors.notInteger;
      options.minMatchLength = Math.max(0, minimum);
    } else {
      return errors.syntax;
    }
  }
  if (options.indexes && options.length) return errors.lcsLengthAndIndexes;
  return options;
}

/** LCS's view of a key: its value, "" when missing, null for another type. */
function lcsOperand(ctx: CommandContext, key: string): string | null {
  const entry = ctx.db.read(key);
  if (entry === undefined) return '';
  return entry.type === 'string' ? entry.value : null;
}

function lcs(ctx: CommandContext, argv: readonly string[]): Reply {
  const first = lcsOperand(ctx, argv[1] as string);
  const second = lcsOperand(ctx, argv[2] as string);
  if (first === null || second === null) return errors.lcsWrongType;
  const options = parseLcsOptions(argv);
  if (options instanceof ErrorReply) return options;
  const tableBytes = (first.length + 1) * (second.length + 1) * Uint32Array.BYTES_PER_ELEMENT;
  if (tableBytes > ctx.server.settings.integer('proto-max-bulk-len')) return errors.lcsTableTooLarge;
  const table = lcsTable(first, second, tableBytes);
  if (table === null) return errors.lcsAllocationFailed;
  return lcsReply(first, second, table, options);
}

/** The dynamic programming table: cell (i, j) is the LCS length of first[0..i) and second[0..j). */
function lcsTable(first: string, second: string, tableBytes: number): Uint32Array | null {
  let table: Uint32Array;
  try {
    table = new Uint32Array(tableBytes / Uint32Array.BYTES_PER_ELEMENT);
  } catch {
    return null;
  }
  const width = second.length + 1;
  for (let i = 1; i <= first.length; i++) {
    const code = first.charCodeAt(i - 1);
    const row = i * width;
    const above = row - width;
    for (let j = 1; j <= second.length; j++) {
      if (code === second.charCodeAt(j - 1)) {
        table[row + j] = (table[above + j - 1] as number) + 1;
      } else {
        const up = table[above + j] as number;
        const left = table[row + j - 1] as number;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  return table;
}

/** One run of consecutive matched bytes: its positions in both strings (inclusive). */
interface LcsRange {
  firstStart: number;
  firstEnd: number;
  secondStart: number;
  secondEnd: number;
}

/**
 * Walk the table back from the end as Redis does, collecting the LCS text and the matched
 * ranges (last match first), and answer in the shape the options ask for.
 */
function lcsReply(first: string, second: string, table: Uint32Array, options: LcsOptions): Reply {
  const width = second.length + 1;
  const total = table[first.length * width + second.length] as number;
  if (options.length) return total;
  const chars: string[] = new Array<string>(total);
  const matches: Reply[] = [];
  let remaining = total;
  let range: LcsRange | null = null;
  let i = first.length;
  let j = second.length;
  while (i > 0 && j > 0) {
    let rangeEnds: boolean;
    if (first.charCodeAt(i - 1) === second.charCodeAt(j - 1)) {
      chars[--remaining] = first.charAt(i - 1);
      // Matches met one after another on this walk are always contiguous: extend the range back.
      if (range === null) range = { firstStart: i - 1, firstEnd: i - 1, secondStart: j - 1, secondEnd: j - 1 };
      range.firstStart = i - 1;
      range.secondStart = j - 1;
      rangeEnds = i === 1 || j === 1;
      i--;
      j--;
    } else {
      if ((table[(i - 1) * width + j] as number) > (table[i * width + j - 1] as number)) i--;
      else j--;
      rangeEnds = range !== null;
    }
    if (rangeEnds && range !== null) {
      if (options.indexes) addLcsMatch(matches, range, options);
      range = null;
    }
  }
  if (!options.indexes) return chars.join('');
  return new MapReply(['matches', matches, 'len', total]);
}

function addLcsMatch(matches: Reply[], range: LcsRange, options: LcsOptions): void {
  const matchLength = range.firstEnd - range.firstStart + 1;
  if (options.minMatchLength !== 0 && matchLength < options.minMatchLength) return;
  const match: Reply[] = [
    [range.firstStart, range.firstEnd],
    [range.secondStart, range.secondEnd],
  ];
  if (options.withMatchLength) match.push(matchLength);
  matches.push(match);
}

// ---- the table ------------------------------------------------------------------------------

const string = { group: 'string', categories: ['string'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const rangeComplexity =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

/** The string family's command table entries (Redis 7.0 arity, flags, key positions and docs). */
export const stringCommands: readonly CommandSpec[] = [
  { ...string, name: 'get', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the value of a key', since: '1.0.0', complexity: 'O(1)', handler: get },
  { ...string, name: 'set', arity: -3, flags: ['write', 'denyoom'], summary: 'Set the string value of a key', since: '1.0.0', complexity: 'O(1)', handler: set },
  { ...string, name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Set the value of a key, only if the key does not exist', since: '1.0.0', complexity: 'O(1)', handler: setnx },
  { ...string, name: 'setex', arity: 4, flags: ['write', 'denyoom'], summary: 'Set the value and expiration of a key', since: '2.0.0', complexity: 'O(1)', handler: setWithExpiry(OPTION_EX, 'setex') },
  { ...string, name: 'psetex', arity: 4, flags: ['write', 'denyoom'], summary: 'Set the value and expiration in milliseconds of a key', since: '2.6.0', complexity: 'O(1)', handler: setWithExpiry(OPTION_PX, 'psetex') },
  { ...string, name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Set the string value of a key and return its old value', since: '1.0.0', complexity: 'O(1)', handler: getset },
  { ...string, name: 'getdel', arity: 2, flags: ['write', 'fast'], summary: 'Get the value of a key and delete the key', since: '6.2.0', complexity: 'O(1)', handler: getdel },
  { ...string, name: 'getex', arity: -2, flags: ['write', 'fast'], summary: 'Get the value of a key and optionally set its expiration', since: '6.2.0', complexity: 'O(1)', handler: getex },
  { ...string, name: 'mget', arity: -2, flags: ['readonly', 'fast'], lastKey: -1, summary: 'Get the values of all the given keys', since: '1.0.0', complexity: 'O(N) where N is the number of keys to retrieve.', tips: ['request_policy:multi_shard'], handler: mget },
  { ...string, name: 'mset', arity: -3, flags: ['write', 'denyoom'], lastKey: -1, keyStep: 2, summary: 'Set multiple keys to multiple values', since: '1.0.1', complexity: 'O(N) where N is the number of keys to set.', tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'], handler: mset },
  { ...string, name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], lastKey: -1, keyStep: 2, summary: 'Set multiple keys to multiple values, only if none of the keys exist', since: '1.0.1', complexity: 'O(N) where N is the number of keys to set.', tips: ['request_policy:multi_shard', 'response_policy:agg_min'], handler: msetnx },
  { ...string, name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Append a value to a key', since: '2.0.0', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.', handler: append },
  { ...string, name: 'strlen', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the length of the value stored in a key', since: '2.2.0', complexity: 'O(1)', handler: strlen },
  { ...string, name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], summary: 'Increment the integer value of a key by one', since: '1.0.0', complexity: 'O(1)', handler: incr },
  { ...string, name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], summary: 'Decrement the integer value of a key by one', since: '1.0.0', complexity: 'O(1)', handler: decr },
  { ...string, name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Increment the integer value of a key by the given amount', since: '1.0.0', complexity: 'O(1)', handler: incrby },
  { ...string, name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Decrement the integer value of a key by the given number', since: '1.0.0', complexity: 'O(1)', handler: decrby },
  { ...string, name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], summary: 'Increment the float value of a key by the given amount', since: '2.6.0', complexity: 'O(1)', handler: incrbyfloat },
  { ...string, name: 'getrange', arity: 4, flags: ['readonly'], summary: 'Get a substring of the string stored at a key', since: '2.4.0', complexity: rangeComplexity, handler: getrange },
  { ...string, name: 'substr', arity: 4, flags: ['readonly'], summary: 'Get a substring of the string stored at a key', since: '1.0.0', complexity: rangeComplexity, handler: getrange },
  { ...string, name: 'setrange', arity: 4, flags: ['write', 'denyoom'], summary: 'Overwrite part of a string at key starting at the specified offset', since: '2.2.0', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.', handler: setrange },
  { ...string, name: 'lcs', arity: -3, flags: ['readonly'], lastKey: 2, summary: 'Find longest common substring', since: '7.0.0', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcs },
];
