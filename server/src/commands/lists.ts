/**
 * List commands (Redis 7.0 t_list.c): pushes and pops at both ends, ranges, LINSERT/LREM/LTRIM,
 * LPOS, LMOVE and LMPOP, and the blocking forms BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP.
 *
 * Effects: most list writes are deterministic and log their argv. LMPOP logs the `LPOP key n` /
 * `RPOP key n` it amounted to; a blocking command that pops logs the plain command (BLPOP ->
 * LPOP key, BLMOVE -> LMOVE, BRPOPLPUSH -> RPOPLPUSH, BLMPOP -> LPOP key n), as Redis does.
 *
 * Blocking: when it finds nothing to pop, a blocking command blocks on its keys; the framework
 * runs it again when one of them changes. Redis 7.0 then serves the client from the key that
 * became ready (not from its first key with data), and leaves it blocked when that key holds
 * another type; a retry therefore looks only at the key being served.
 */
import { ListValue } from '../keyspace/list.js';
import { errors, wrongArity } from '../resp/errors.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import { INT64_MIN, parseInt64, parseSafeInteger } from '../util/number.js';
import { parseTimeoutSeconds } from './blocking.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

/** Which end of a list: Redis's LIST_HEAD (LEFT) and LIST_TAIL (RIGHT). */
type End = 'head' | 'tail';

// ---- helpers --------------------------------------------------------------------------------

/** Redis getLongFromObjectOrReply: an int64 as a number (exact up to 2^53, which is beyond any list), or null. */
function parseLong(text: string): number | null {
  const small = parseSafeInteger(text);
  if (small !== null) return small;
  const big = parseInt64(text);
  return big === null ? null : Number(big);
}

/** getListPositionFromObjectOrReply: LEFT or RIGHT, any case. */
function parseEnd(text: string): End | null {
  const word = text.toLowerCase();
  if (word === 'left') return 'head';
  if (word === 'right') return 'tail';
  return null;
}

function endWord(end: End): string {
  return end === 'head' ? 'LEFT' : 'RIGHT';
}

/** A new, empty list with the server's list-max-listpack-size. */
function newList(ctx: CommandContext): ListValue {
  return new ListValue(ctx.server.settings.integer('list-max-listpack-size'));
}

/** The list at `key` for reading, null when missing, or WRONGTYPE. */
function readList(ctx: CommandContext, key: string): ListValue | null | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry === undefined) return null;
  if (entry.type !== 'list') return errors.wrongType;
  return entry.value;
}

/** The list at `key` for writing, null when missing, or WRONGTYPE. */
function writeList(ctx: CommandContext, key: string): ListValue | null | ErrorReply {
  const entry = ctx.db.write(key);
  if (entry === undefined) return null;
  if (entry.type !== 'list') return errors.wrongType;
  return entry.value;
}

/** After elements were removed: an empty list is deleted, otherwise watchers are told. */
function afterRemoval(ctx: CommandContext, key: string, list: ListValue): void {
  if (list.size === 0) ctx.db.delete(key);
  else ctx.db.modified(key);
}

function pop(list: ListValue, end: End): string {
  return end === 'head' ? list.popHead() : list.popTail();
}

function push(list: ListValue, end: End, value: string): void {
  if (end === 'head') list.pushHead(value);
  else list.pushTail(value);
}

/** Pop up to `count` elements from one end, in pop order (listPopRangeAndReplyWithKey). */
function popMany(list: ListValue, end: End, count: number): string[] {
  const taken = Math.min(count, list.size);
  if (end === 'head') {
    const values = list.slice(0, taken);
    list.removeHead(taken);
    return values;
  }
  const values = list.slice(list.size - taken, taken).reverse();
  list.removeTail(taken);
  return values;
}

// ---- pushes ---------------------------------------------------------------------------------

/** LPUSH/RPUSH (and the X forms, which push only onto an existing list). */
function pushCommand(end: End, onlyExisting: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const key = argv[1] as string;
    let list = writeList(ctx, key);
    if (list instanceof ErrorReply) return list;
    if (list === null) {
      if (onlyExisting) return 0;
      list = newList(ctx);
      for (let index = 2; index < argv.length; index++) push(list, end, argv[index] as string);
      ctx.db.set(key, 'list', list);
    } else {
      for (let index = 2; index < argv.length; index++) push(list, end, argv[index] as string);
      ctx.db.modified(key);
    }
    ctx.changed(argv.length - 2);
    return list.size;
  };
}

/** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without the key. */
function linsert(ctx: CommandContext, argv: readonly string[]): Reply {
  const where = (argv[2] as string).toLowerCase();
  if (where !== 'before' && where !== 'after') return errors.syntax;
  const key = argv[1] as string;
  const list = writeList(ctx, key);
  if (list === null) return 0;
  if (list instanceof ErrorReply) return list;
  if (!list.insert(argv[3] as string, argv[4] as string, where === 'after')) return -1;
  ctx.db.modified(key);
  ctx.changed();
  return list.size;
}

// ---- pops -----------------------------------------------------------------------------------

/** LPOP/RPOP key [count]: a bulk without count, an array with it. */
function popCommand(end: End) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    if (argv.length > 3) return wrongArity(end === 'head' ? 'lpop' : 'rpop');
    const withCount = argv.length === 3;
    let count = 0;
    if (withCount) {
      const parsed = parseLong(argv[2] as string);
      if (parsed === null || parsed < 0) return errors.notPositive;
      count = parsed;
    }
    const key = argv[1] as string;
    const list = writeList(ctx, key);
    if (list === null) return withCount ? NULL_ARRAY : null;
    if (list instanceof ErrorReply) return list;
    if (withCount && count === 0) return [];
    if (!withCount) {
      const value = pop(list, end);
      afterRemoval(ctx, key, list);
      ctx.changed();
      return value;
    }
    const values = popMany(list, end, count);
    afterRemoval(ctx, key, list);
    ctx.changed(values.length);
    return values;
  };
}

/** Parsed LMPOP / BLMPOP arguments. */
interface MultiPopArguments {
  readonly keys: readonly string[];
  readonly end: End;
  readonly count: number;
}

/** lmpopGenericCommand's parsing: numkeys at `numkeysIndex`, the keys, LEFT|RIGHT, then [COUNT n]. */
function parseMultiPop(argv: readonly string[], numkeysIndex: number): MultiPopArguments | ErrorReply {
  const numkeys = parseLong(argv[numkeysIndex] as string);
  if (numkeys === null || numkeys < 1) return errors.numkeysNotPositive;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) return errors.syntax;
  const end = parseEnd(argv[whereIndex] as string);
  if (end === null) return errors.syntax;
  let count = -1;
  for (let index = whereIndex + 1; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    if (count === -1 && option === 'count' && index + 1 < argv.length) {
      index++;
      const parsed = parseLong(argv[index] as string);
      if (parsed === null || parsed < 1) return errors.countNotPositive;
      count = parsed;
    } else {
      return errors.syntax;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), end, count: count === -1 ? 1 : count };
}

/**
 * Pop from the first non-empty list among `keys` (blockingPopGenericCommand / mpopGenericCommand):
 * null when all are missing, WRONGTYPE at the first key of another type. `count` null is the
 * BLPOP form ([key, value]); a number the LMPOP form ([key, [values]]). Logs the plain pop.
 */
function popFirst(ctx: CommandContext, keys: readonly string[], end: End, count: number | null): Reply | null {
  for (const key of keys) {
    const list = writeList(ctx, key);
    if (list === null) continue;
    if (list instanceof ErrorReply) return list;
    const command = end === 'head' ? 'LPOP' : 'RPOP';
    if (count === null) {
      const value = pop(list, end);
      afterRemoval(ctx, key, list);
      ctx.propagate([command, key]);
      return [key, value];
    }
    const values = popMany(list, end, count);
    afterRemoval(ctx, key, list);
    ctx.propagate([command, key, String(values.length)]);
    ctx.changed(values.length - 1);
    return [key, values];
  }
  return null;
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
function lmpop(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseMultiPop(argv, 1);
  if (parsed instanceof ErrorReply) return parsed;
  return popFirst(ctx, parsed.keys, parsed.end, parsed.count) ?? NULL_ARRAY;
}

// ---- blocking pops --------------------------------------------------------------------------

/**
 * The keys a run may pop from: all of them, except when the run is a retry serving one key that
 * became ready, as Redis 7.0 serves a blocked client from that key only.
 */
function keysToServe(ctx: CommandContext, keys: readonly string[]): readonly string[] {
  if (!ctx.retrying) return keys;
  const serving = ctx.server.blocking.servingKey;
  return serving !== null && keys.includes(serving) ? [serving] : keys;
}

/**
 * Pop for a blocking command, or block. A retry that finds its key holding another type stays
 * blocked (Redis serves only keys holding lists); a first run answers WRONGTYPE.
 */
function blockingPop(ctx: CommandContext, keys: readonly string[], end: End, count: number | null, timeoutMs: number): Reply {
  const reply = popFirst(ctx, keysToServe(ctx, keys), end, count);
  const staysBlocked = reply instanceof ErrorReply && ctx.retrying;
  if (reply !== null && !staysBlocked) return reply;
  if (!ctx.canBlock) return NULL_ARRAY;
  return ctx.block(keys, timeoutMs, NULL_ARRAY);
}

/** BLPOP/BRPOP key [key ...] timeout. */
function blockingPopCommand(end: End) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const timeout = parseTimeoutSeconds(argv[argv.length - 1] as string);
    if (timeout instanceof ErrorReply) return timeout;
    return blockingPop(ctx, argv.slice(1, -1), end, null, timeout);
  };
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
function blmpop(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseMultiPop(argv, 2);
  if (parsed instanceof ErrorReply) return parsed;
  const timeout = parseTimeoutSeconds(argv[1] as string);
  if (timeout instanceof ErrorReply) return timeout;
  return blockingPop(ctx, parsed.keys, parsed.end, parsed.count, timeout);
}

// ---- moves ----------------------------------------------------------------------------------

/**
 * lmoveGenericCommand once the source list is known to hold elements: WRONGTYPE when the
 * destination holds another type, else pop, push and return the element.
 */
function moveElement(ctx: CommandContext, source: string, list: ListValue, destination: string, from: End, to: End): Reply {
  const target = destination === source ? list : writeList(ctx, destination);
  if (target instanceof ErrorReply) return target;
  const value = pop(list, from);
  if (target === null) {
    const created = newList(ctx);
    push(created, to, value);
    ctx.db.set(destination, 'list', created);
  } else {
    push(target, to, value);
    ctx.db.modified(destination);
  }
  if (destination !== source) afterRemoval(ctx, source, list);
  return value;
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT (and RPOPLPUSH, with its ends fixed). */
function moveCommand(fixed: readonly [End, End] | null) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const from = fixed?.[0] ?? parseEnd(argv[3] as string);
    if (from === null) return errors.syntax;
    const to = fixed?.[1] ?? parseEnd(argv[4] as string);
    if (to === null) return errors.syntax;
    const source = argv[1] as string;
    const list = writeList(ctx, source);
    if (list === null) return null;
    if (list instanceof ErrorReply) return list;
    const reply = moveElement(ctx, source, list, argv[2] as string, from, to);
    if (!(reply instanceof ErrorReply)) ctx.changed();
    return reply;
  };
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout, and BRPOPLPUSH source destination timeout. */
function blockingMoveCommand(isBrpoplpush: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const from = isBrpoplpush ? 'tail' : parseEnd(argv[3] as string);
    if (from === null) return errors.syntax;
    const to = isBrpoplpush ? 'head' : parseEnd(argv[4] as string);
    if (to === null) return errors.syntax;
    const timeout = parseTimeoutSeconds(argv[argv.length - 1] as string);
    if (timeout instanceof ErrorReply) return timeout;
    const source = argv[1] as string;
    const destination = argv[2] as string;
    const list = writeList(ctx, source);
    if (list instanceof ErrorReply && !ctx.retrying) return list;
    if (list === null || list instanceof ErrorReply) {
      if (!ctx.canBlock) return null;
      return ctx.block([source], timeout, NULL_ARRAY);
    }
    const reply = moveElement(ctx, source, list, destination, from, to);
    if (reply instanceof ErrorReply) return reply;
    if (isBrpoplpush) ctx.propagate(['RPOPLPUSH', source, destination]);
    else if (ctx.retrying) ctx.propagate(['LMOVE', source, destination, endWord(from), endWord(to)]);
    else ctx.propagate(['LMOVE', source, destination, argv[3] as string, argv[4] as string]);
    return reply;
  };
}

// ---- reads ----------------------------------------------------------------------------------

function llen(ctx: CommandContext, argv: readonly string[]): Reply {
  const list = readList(ctx, argv[1] as string);
  if (list === null) return 0;
  if (list instanceof ErrorReply) return list;
  return list.size;
}

/** LINDEX key index: the key is looked up before the index is parsed, as in Redis. */
function lindex(ctx: CommandContext, argv: readonly string[]): Reply {
  const list = readList(ctx, argv[1] as string);
  if (list === null) return null;
  if (list instanceof ErrorReply) return list;
  const index = parseLong(argv[2] as string);
  if (index === null) return errors.notInteger;
  return list.at(index);
}

/** LRANGE key start stop (addListRangeReply's clamping). */
function lrange(ctx: CommandContext, argv: readonly string[]): Reply {
  const first = parseLong(argv[2] as string);
  const last = parseLong(argv[3] as string);
  if (first === null || last === null) return errors.notInteger;
  const list = readList(ctx, argv[1] as string);
  if (list === null) return [];
  if (list instanceof ErrorReply) return list;
  const length = list.size;
  let start = first < 0 ? length + first : first;
  let end = last < 0 ? length + last : last;
  if (start < 0) start = 0;
  if (start > end || start >= length) return [];
  if (end >= length) end = length - 1;
  return list.slice(start, end - start + 1);
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
function lpos(ctx: CommandContext, argv: readonly string[]): Reply {
  let rank = 1;
  let rankIsMinimum = false;
  let count = -1;
  let maxLength = 0;
  for (let index = 3; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const hasValue = index + 1 < argv.length;
    if (option === 'rank' && hasValue) {
      const text = argv[++index] as string;
      const parsed = parseLong(text);
      if (parsed === null) return errors.notInteger;
      if (parsed === 0) return errors.lposRankZero;
      rank = parsed;
      rankIsMinimum = parseInt64(text) === INT64_MIN;
    } else if (option === 'count' && hasValue) {
      const parsed = parseLong(argv[++index] as string);
      if (parsed === null || parsed < 0) return errors.lposCountNegative;
      count = parsed;
    } else if (option === 'maxlen' && hasValue) {
      const parsed = parseLong(argv[++index] as string);
      if (parsed === null || parsed < 0) return errors.lposMaxlenNegative;
      maxLength = parsed;
    } else {
      return errors.syntax;
    }
  }
  const list = readList(ctx, argv[1] as string);
  if (list === null) return count === -1 ? null : [];
  if (list instanceof ErrorReply) return list;
  // Redis negates the rank in a C long: -LLONG_MIN stays negative, so every match counts and COUNT never stops the walk.
  const fromTail = rank < 0;
  const skip = rankIsMinimum ? 0 : Math.abs(rank) - 1;
  const limit = count === -1 ? 1 : rankIsMinimum ? 0 : count;
  const found = list.positions(argv[2] as string, skip, limit, maxLength, fromTail);
  if (count !== -1) return found;
  return found.length === 0 ? null : (found[0] as number);
}

// ---- in-place changes -----------------------------------------------------------------------

/** LSET key index element: the key is looked up before the index is parsed, as in Redis. */
function lset(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const list = writeList(ctx, key);
  if (list === null) return errors.noSuchKey;
  if (list instanceof ErrorReply) return list;
  const index = parseLong(argv[2] as string);
  if (index === null) return errors.notInteger;
  if (!list.set(index, argv[3] as string)) return errors.indexOutOfRange;
  ctx.db.modified(key);
  ctx.changed();
  return OK;
}

/** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
function lrem(ctx: CommandContext, argv: readonly string[]): Reply {
  const count = parseLong(argv[2] as string);
  if (count === null) return errors.notInteger;
  const key = argv[1] as string;
  const list = writeList(ctx, key);
  if (list === null) return 0;
  if (list instanceof ErrorReply) return list;
  const removed = list.removeEqual(argv[3] as string, Math.abs(count), count < 0);
  if (removed === 0) return 0;
  afterRemoval(ctx, key, list);
  ctx.changed(removed);
  return removed;
}

/** LTRIM key start stop. Redis signals the key even when nothing is trimmed; it logs only a change. */
function ltrim(ctx: CommandContext, argv: readonly string[]): Reply {
  const first = parseLong(argv[2] as string);
  const last = parseLong(argv[3] as string);
  if (first === null || last === null) return errors.notInteger;
  const key = argv[1] as string;
  const list = writeList(ctx, key);
  if (list === null) return OK;
  if (list instanceof ErrorReply) return list;
  const length = list.size;
  let start = first < 0 ? length + first : first;
  let end = last < 0 ? length + last : last;
  if (start < 0) start = 0;
  let fromHead: number;
  let fromTail: number;
  if (start > end || start >= length) {
    fromHead = length;
    fromTail = 0;
  } else {
    if (end >= length) end = length - 1;
    fromHead = start;
    fromTail = length - end - 1;
  }
  list.removeHead(fromHead);
  list.removeTail(fromTail);
  afterRemoval(ctx, key, list);
  if (fromHead + fromTail > 0) ctx.changed(fromHead + fromTail);
  return OK;
}

// ---- the table ------------------------------------------------------------------------------

/** Keys of LMPOP (numkeys at 1) and BLMPOP (numkeys at 2); none when numkeys is not valid. */
function numkeysPositions(numkeysIndex: number) {
  return (argv: readonly string[]): number[] => {
    const numkeys = parseLong(argv[numkeysIndex] ?? '');
    if (numkeys === null || numkeys < 1 || numkeysIndex + numkeys >= argv.length) return [];
    const positions: number[] = [];
    for (let index = 1; index <= numkeys; index++) positions.push(numkeysIndex + index);
    return positions;
  };
}

const list = { group: 'list', categories: ['list'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const pushComplexity = 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const blockingPopComplexity = 'O(N) where N is the number of provided keys.';
const multiPopComplexity = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';

/** The list family's command table entries (Redis 7.0 arity, flags, key positions and docs). */
export const listCommands: readonly CommandSpec[] = [
  { ...list, name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], summary: 'Prepend one or multiple elements to a list', since: '1.0.0', complexity: pushComplexity, handler: pushCommand('head', false) },
  { ...list, name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], summary: 'Append one or multiple elements to a list', since: '1.0.0', complexity: pushComplexity, handler: pushCommand('tail', false) },
  { ...list, name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], summary: 'Prepend an element to a list, only if the list exists', since: '2.2.0', complexity: pushComplexity, handler: pushCommand('head', true) },
  { ...list, name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], summary: 'Append an element to a list, only if the list exists', since: '2.2.0', complexity: pushComplexity, handler: pushCommand('tail', true) },
  { ...list, name: 'lpop', arity: -2, flags: ['write', 'fast'], summary: 'Remove and get the first elements in a list', since: '1.0.0', complexity: 'O(N) where N is the number of elements returned', handler: popCommand('head') },
  { ...list, name: 'rpop', arity: -2, flags: ['write', 'fast'], summary: 'Remove and get the last elements in a list', since: '1.0.0', complexity: 'O(N) where N is the number of elements returned', handler: popCommand('tail') },
  { ...list, name: 'llen', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the length of a list', since: '1.0.0', complexity: 'O(1)', handler: llen },
  { ...list, name: 'lrange', arity: 4, flags: ['readonly'], summary: 'Get a range of elements from a list', since: '1.0.0', complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.', handler: lrange },
  { ...list, name: 'lindex', arity: 3, flags: ['readonly'], summary: 'Get an element from a list by its index', since: '1.0.0', complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).', handler: lindex },
  { ...list, name: 'lset', arity: 4, flags: ['write', 'denyoom'], summary: 'Set the value of an element in a list by its index', since: '1.0.0', complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).', handler: lset },
  { ...list, name: 'linsert', arity: 5, flags: ['write', 'denyoom'], summary: 'Insert an element before or after another element in a list', since: '2.2.0', complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).', handler: linsert },
  { ...list, name: 'lrem', arity: 4, flags: ['write'], summary: 'Remove elements from a list', since: '1.0.0', complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.', handler: lrem },
  { ...list, name: 'ltrim', arity: 4, flags: ['write'], summary: 'Trim a list to the specified range', since: '1.0.0', complexity: 'O(N) where N is the number of elements to be removed by the operation.', handler: ltrim },
  { ...list, name: 'lpos', arity: -3, flags: ['readonly'], summary: 'Return the index of matching elements on a list', since: '6.0.6', complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.', handler: lpos },
  { ...list, name: 'lmove', arity: 5, flags: ['write', 'denyoom'], lastKey: 2, summary: 'Pop an element from a list, push it to another list and return it', since: '6.2.0', complexity: 'O(1)', handler: moveCommand(null) },
  { ...list, name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], lastKey: 2, summary: 'Remove the last element in a list, prepend it to another list and return it', since: '1.2.0', complexity: 'O(1)', handler: moveCommand(['tail', 'head']) },
  { ...list, name: 'lmpop', arity: -4, flags: ['write'], firstKey: 0, lastKey: 0, keyStep: 0, keys: numkeysPositions(1), summary: 'Pop elements from a list', since: '7.0.0', complexity: multiPopComplexity, handler: lmpop },
  { ...list, name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], lastKey: -2, summary: 'Remove and get the first element in a list, or block until one is available', since: '2.0.0', complexity: blockingPopComplexity, handler: blockingPopCommand('head') },
  { ...list, name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], lastKey: -2, summary: 'Remove and get the last element in a list, or block until one is available', since: '2.0.0', complexity: blockingPopComplexity, handler: blockingPopCommand('tail') },
  { ...list, name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], lastKey: 2, summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', since: '6.2.0', complexity: 'O(1)', handler: blockingMoveCommand(false) },
  { ...list, name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], lastKey: 2, summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', since: '2.2.0', complexity: 'O(1)', handler: blockingMoveCommand(true) },
  { ...list, name: 'blmpop', arity: -5, flags: ['write', 'blocking'], firstKey: 0, lastKey: 0, keyStep: 0, keys: numkeysPositions(2), summary: 'Pop elements from a list, or block until one is available', since: '7.0.0', complexity: multiPopComplexity, handler: blmpop },
];
