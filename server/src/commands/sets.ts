/**
 * Set commands (Redis 7.0 t_set.c): SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP,
 * SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms, SSCAN. Members are
 * binary strings; the value and its encodings live in keyspace/set.ts.
 *
 * Effects: the writes are deterministic and log their own argv when they changed something,
 * except SPOP: its random picks become `SREM key m1 m2 ...`, and popping the whole set becomes
 * `DEL key`, as Redis 7.0 propagates it (Redis sends one SREM per member; one SREM with all of
 * them does the same). SRANDMEMBER is a read.
 */
import type { SetEntry } from '../keyspace/entry.js';
import { SetValue } from '../keyspace/set.js';
import { errors } from '../resp/errors.js';
import { ErrorReply, type Reply, SetReply } from '../resp/reply.js';
import { INT64_MIN, parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import { parseCursor, parseScanOptions } from './scan-arguments.js';
import type { CommandSpec } from './spec.js';

/** SPOP_MOVE_STRATEGY_MUL: SPOP builds a new set of the members it keeps once they are this few times fewer than those it pops. */
const SPOP_KEEP_STRATEGY_RATIO = 5;
/** Members one SRANDMEMBER with a negative count may return: each is a reply element held in memory at once. */
const RANDOM_REPLY_MEMBERS_MAX = 10_000_000;

// ---- looking sets up ----------------------------------------------------------

/** set-max-intset-entries: an intset with more members becomes a hashtable. */
function intsetEntriesMax(ctx: CommandContext): number {
  return ctx.server.settings.integer('set-max-intset-entries');
}

/** The set at `key` for reading: undefined when missing, WRONGTYPE for another type. */
function readSet(ctx: CommandContext, key: string): SetValue | undefined | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry === undefined) return undefined;
  return entry.type === 'set' ? entry.value : errors.wrongType;
}

/** The set entry at `key` before changing it: undefined when missing, WRONGTYPE for another type. */
function writeSet(ctx: CommandContext, key: string): SetEntry | undefined | ErrorReply {
  const entry = ctx.db.write(key);
  if (entry === undefined) return undefined;
  return entry.type === 'set' ? entry : errors.wrongType;
}

/**
 * The sets at `keys`, null for missing keys (empty sets); WRONGTYPE when any key holds another
 * type, even after a missing one (Redis 7.0 looks every key up first).
 */
function readSets(ctx: CommandContext, keys: readonly string[]): (SetValue | null)[] | ErrorReply {
  const sets: (SetValue | null)[] = [];
  for (const key of keys) {
    const set = readSet(ctx, key);
    if (set instanceof ErrorReply) return set;
    sets.push(set ?? null);
  }
  return sets;
}

/** After members were removed: an empty set is deleted, as Redis does; otherwise watchers hear of the change. */
function afterRemoval(ctx: CommandContext, key: string, set: SetValue): void {
  if (set.size === 0) ctx.db.delete(key);
  else ctx.db.modified(key);
}

/**
 * Store the result of a STORE command (Redis setKey, which drops the TTL), or delete the
 * destination when the result is empty. Replies with the result's size.
 */
function storeResult(ctx: CommandContext, destination: string, result: SetValue | null): Reply {
  const database = ctx.db;
  database.write(destination);
  if (result === null || result.size === 0) {
    if (database.delete(destination)) ctx.changed();
    return 0;
  }
  database.set(destination, 'set', result);
  ctx.changed();
  return result.size;
}

// ---- adding, removing, membership ------------------------------------------------

function sadd(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const entry = writeSet(ctx, key);
  if (entry instanceof ErrorReply) return entry;
  const set = entry === undefined ? SetValue.forMember(argv[2] as string) : entry.value;
  const entriesMax = intsetEntriesMax(ctx);
  let added = 0;
  for (let index = 2; index < argv.length; index++) {
    if (set.add(argv[index] as string, entriesMax)) added++;
  }
  if (entry === undefined) ctx.db.set(key, 'set', set);
  else if (added > 0) ctx.db.modified(key);
  if (added > 0) ctx.changed(added);
  return added;
}

/** SREM: stops at the member that empties the set (which deletes the key), as Redis does. */
function srem(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const entry = writeSet(ctx, key);
  if (entry === undefined) return 0;
  if (entry instanceof ErrorReply) return entry;
  const set = entry.value;
  let removed = 0;
  for (let index = 2; index < argv.length && set.size > 0; index++) {
    if (set.remove(argv[index] as string)) removed++;
  }
  if (removed === 0) return 0;
  afterRemoval(ctx, key, set);
  ctx.changed(removed);
  return removed;
}

function sismember(ctx: CommandContext, argv: readonly string[]): Reply {
  const set = readSet(ctx, argv[1] as string);
  if (set === undefined) return 0;
  if (set instanceof ErrorReply) return set;
  return set.has(argv[2] as string) ? 1 : 0;
}

function smismember(ctx: CommandContext, argv: readonly string[]): Reply {
  const set = readSet(ctx, argv[1] as string);
  if (set instanceof ErrorReply) return set;
  const replies: Reply[] = [];
  for (let index = 2; index < argv.length; index++) replies.push(set?.has(argv[index] as string) === true ? 1 : 0);
  return replies;
}

function scard(ctx: CommandContext, argv: readonly string[]): Reply {
  const set = readSet(ctx, argv[1] as string);
  if (set === undefined) return 0;
  if (set instanceof ErrorReply) return set;
  return set.size;
}

/**
 * SMOVE source destination member: a missing source answers 0 before any type check; moving
 * within one key only tells whether the member is there. The destination is created with the
 * encoding its first member calls for.
 */
function smove(ctx: CommandContext, argv: readonly string[]): Reply {
  const sourceKey = argv[1] as string;
  const destinationKey = argv[2] as string;
  const member = argv[3] as string;
  const database = ctx.db;
  const source = database.write(sourceKey);
  const destination = database.write(destinationKey);
  if (source === undefined) return 0;
  if (source.type !== 'set' || (destination !== undefined && destination.type !== 'set')) return errors.wrongType;
  if (sourceKey === destinationKey) return source.value.has(member) ? 1 : 0;
  if (!source.value.remove(member)) return 0;
  afterRemoval(ctx, sourceKey, source.value);
  if (destination === undefined) {
    const created = SetValue.forMember(member);
    created.add(member, intsetEntriesMax(ctx));
    database.set(destinationKey, 'set', created);
  } else if (destination.value.add(member, intsetEntriesMax(ctx))) {
    database.modified(destinationKey);
  }
  ctx.changed();
  return 1;
}

// ---- random members ------------------------------------------------------------------

/** A count that must be zero or more (Redis getPositiveLongFromObjectOrReply): any failure is "must be positive". */
function parseNonNegativeCount(text: string): number | ErrorReply {
  const count = parseInt64(text);
  if (count === null || count < 0n) return errors.notPositive;
  return Number(count);
}

/**
 * `count` distinct members of a set holding more than `count`, uniformly (Floyd's sampling:
 * exactly `count` draws, whatever the ratio of count to size).
 */
function distinctRandomMembers(set: SetValue, count: number, random: () => number): string[] {
  const size = set.size;
  const chosen = new Set<number>();
  for (let candidate = size - count; candidate < size; candidate++) {
    const position = Math.floor(random() * (candidate + 1));
    chosen.add(chosen.has(position) ? candidate : position);
  }
  const members: string[] = [];
  for (const position of chosen) members.push(set.memberAt(position));
  return members;
}

/** SPOP key [count]. */
function spop(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 3) return spopWithCount(ctx, argv);
  if (argv.length > 3) return errors.syntax;
  const key = argv[1] as string;
  const entry = writeSet(ctx, key);
  if (entry === undefined) return null;
  if (entry instanceof ErrorReply) return entry;
  const set = entry.value;
  const member = set.randomMember(ctx.server.random);
  set.remove(member);
  afterRemoval(ctx, key, set);
  ctx.propagate(['SREM', key, member]);
  return member;
}

/**
 * SPOP key count (Redis spopWithCountCommand). Popping at least the whole set answers it as
 * SUNION would and deletes the key (effect `DEL key`). Popping fewer removes random members one
 * by one; when the members kept are few (count >= 5 x kept), a new set is built from random
 * members to keep (so a hashtable of integers can become an intset again, as in Redis), and the
 * rest is popped in the old set's order. Effect: `SREM key <popped members>`.
 */
function spopWithCount(ctx: CommandContext, argv: readonly string[]): Reply {
  const count = parseNonNegativeCount(argv[2] as string);
  if (count instanceof ErrorReply) return count;
  const key = argv[1] as string;
  const entry = writeSet(ctx, key);
  if (entry === undefined) return new SetReply([]);
  if (entry instanceof ErrorReply) return entry;
  if (count === 0) return new SetReply([]);
  const set = entry.value;
  const size = set.size;
  if (count >= size) {
    const all = union([set], intsetEntriesMax(ctx));
    ctx.db.delete(key);
    ctx.propagate(['DEL', key]);
    return new SetReply(all.members());
  }
  const kept = size - count;
  let popped: string[];
  if (kept * SPOP_KEEP_STRATEGY_RATIO > count) {
    popped = popRandomMembers(set, count, ctx.server.random);
    ctx.db.modified(key);
  } else {
    const keptSet = takeRandomMembers(set, kept, intsetEntriesMax(ctx), ctx.server.random);
    popped = set.members();
    ctx.db.update(key, entry, 'set', keptSet);
  }
  ctx.propagate(['SREM', key, ...popped]);
  return new SetReply(popped);
}

/** Remove `count` random members (fewer than the set holds), returning them in the order drawn. */
function popRandomMembers(set: SetValue, count: number, random: () => number): string[] {
  const popped: string[] = [];
  for (let drawn = 0; drawn < count; drawn++) {
    const member = set.randomMember(random);
    set.remove(member);
    popped.push(member);
  }
  return popped;
}

/** Move `count` random members (fewer than the set holds) into a new set created as Redis's setTypeCreate would. */
function takeRandomMembers(set: SetValue, count: number, entriesMax: number, random: () => number): SetValue {
  const first = set.randomMember(random);
  const taken = SetValue.forMember(first);
  for (let drawn = 0; drawn < count; drawn++) {
    const member = drawn === 0 ? first : set.randomMember(random);
    taken.add(member, entriesMax);
    set.remove(member);
  }
  return taken;
}

/** SRANDMEMBER key [count]. */
function srandmember(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 3) return srandmemberWithCount(ctx, argv);
  if (argv.length > 3) return errors.syntax;
  const set = readSet(ctx, argv[1] as string);
  if (set === undefined) return null;
  if (set instanceof ErrorReply) return set;
  return set.randomMember(ctx.server.random);
}

/**
 * SRANDMEMBER key count (Redis srandmemberWithCountCommand), an array: a negative count draws
 * that many members with repeats; a positive count gives distinct members, the whole set in its
 * order when it asks for at least as many as there are.
 */
function srandmemberWithCount(ctx: CommandContext, argv: readonly string[]): Reply {
  const requested = parseInt64(argv[2] as string);
  if (requested === null) return errors.notInteger;
  if (requested === INT64_MIN) return errors.setRandomCountRange;
  const set = readSet(ctx, argv[1] as string);
  if (set === undefined) return [];
  if (set instanceof ErrorReply) return set;
  const unique = requested >= 0n;
  const magnitude = unique ? requested : -requested;
  if (magnitude === 0n) return [];
  const size = set.size;
  if (unique && magnitude >= BigInt(size)) return set.members();
  if (!unique && magnitude > BigInt(RANDOM_REPLY_MEMBERS_MAX)) return errors.setRandomCountTooLarge;
  const count = Number(magnitude);
  if (unique && count > 1) return distinctRandomMembers(set, count, ctx.server.random);
  const members: string[] = new Array<string>(count);
  for (let drawn = 0; drawn < count; drawn++) members[drawn] = set.randomMember(ctx.server.random);
  return members;
}

// ---- intersection, union, difference -------------------------------------------------------

/**
 * The members of every set (Redis sinterGenericCommand): the sets are ordered by size (a stable
 * sort, as glibc's qsort is) and the smallest is walked in its order; stops after `limit`
 * members (0: no limit).
 */
function intersection(sets: readonly SetValue[], limit: number): string[] {
  const ordered = sets.slice().sort((a, b) => a.size - b.size);
  const smallest = ordered[0] as SetValue;
  const found: string[] = [];
  for (let position = 0; position < smallest.size; position++) {
    const member = smallest.memberAt(position);
    if (!ordered.every((set) => set === smallest || set.has(member))) continue;
    found.push(member);
    if (found.length === limit) break;
  }
  return found;
}

/** A new set of the given members, built as Redis builds STORE results: from an empty intset, one add at a time. */
function setOf(members: readonly string[], entriesMax: number): SetValue {
  const result = SetValue.emptyIntset();
  for (const member of members) result.add(member, entriesMax);
  return result;
}

/** Every member of every set, added set by set in their order to a new set (Redis SET_OP_UNION). */
function union(sets: readonly (SetValue | null)[], entriesMax: number): SetValue {
  const result = SetValue.emptyIntset();
  for (const set of sets) {
    if (set === null) continue;
    for (let position = 0; position < set.size; position++) result.add(set.memberAt(position), entriesMax);
  }
  return result;
}

/**
 * The members of the first set in none of the others (Redis SET_OP_DIFF), with Redis's choice
 * of algorithm, which decides the result's encoding: checking each member of the first set
 * against the others, or (when the first set is much larger than the rest together) adding the
 * whole first set and removing the others' members, which leaves a hashtable if the first set
 * had a member that was no integer. A key named twice as the first set gives the empty set.
 */
function difference(sets: readonly (SetValue | null)[], entriesMax: number): SetValue {
  const result = SetValue.emptyIntset();
  const first = sets[0] ?? null;
  if (first === null || sets.some((set, index) => index > 0 && set === first)) return result;
  let checkEachWork = 0;
  let removeAllWork = 0;
  for (const set of sets) {
    if (set === null) continue;
    checkEachWork += first.size;
    removeAllWork += set.size;
  }
  if (Math.floor(checkEachWork / 2) <= removeAllWork) {
    for (let position = 0; position < first.size; position++) {
      const member = first.memberAt(position);
      if (!sets.some((set, index) => index > 0 && set !== null && set.has(member))) result.add(member, entriesMax);
    }
    return result;
  }
  for (let index = 0; index < sets.length && (index === 0 || result.size > 0); index++) {
    const set = sets[index];
    if (set === undefined || set === null) continue;
    for (let position = 0; position < set.size; position++) {
      if (index === 0) result.add(set.memberAt(position), entriesMax);
      else result.remove(set.memberAt(position));
    }
  }
  return result;
}

/** SINTER key... and SMEMBERS key (Redis 7.0 runs SMEMBERS as SINTER of one key): a set reply. */
function sinter(ctx: CommandContext, argv: readonly string[]): Reply {
  const sets = readSets(ctx, argv.slice(1));
  if (sets instanceof ErrorReply) return sets;
  if (sets.includes(null)) return new SetReply([]);
  return new SetReply(intersection(sets as SetValue[], 0));
}

function sinterstore(ctx: CommandContext, argv: readonly string[]): Reply {
  const sets = readSets(ctx, argv.slice(2));
  if (sets instanceof ErrorReply) return sets;
  const destination = argv[1] as string;
  if (sets.includes(null)) return storeResult(ctx, destination, null);
  return storeResult(ctx, destination, setOf(intersection(sets as SetValue[], 0), intsetEntriesMax(ctx)));
}

/** SINTERCARD numkeys key... [LIMIT limit]: numkeys and LIMIT are checked before the keys. */
function sintercard(ctx: CommandContext, argv: readonly string[]): Reply {
  const numkeys = parseInt64(argv[1] as string);
  if (numkeys === null || numkeys < 1n) return errors.setNumkeysNotPositive;
  if (numkeys > BigInt(argv.length - 2)) return errors.setNumkeysBeyondArguments;
  const keysEnd = 2 + Number(numkeys);
  let limit = 0;
  for (let index = keysEnd; index < argv.length; index++) {
    if ((argv[index] as string).toLowerCase() !== 'limit' || index + 1 >= argv.length) return errors.syntax;
    const parsed = parseInt64(argv[++index] as string);
    if (parsed === null || parsed < 0n) return errors.setLimitNegative;
    limit = Number(parsed);
  }
  const sets = readSets(ctx, argv.slice(2, keysEnd));
  if (sets instanceof ErrorReply) return sets;
  if (sets.includes(null)) return 0;
  return intersection(sets as SetValue[], limit).length;
}

/** SINTERCARD's key positions (Redis genericGetKeys over numkeys, read with atoi): none when numkeys does not fit. */
function sintercardKeys(argv: readonly string[]): number[] {
  const numkeys = Number.parseInt(argv[1] ?? '', 10);
  if (!(numkeys >= 1) || numkeys > argv.length - 2) return [];
  const positions: number[] = [];
  for (let index = 0; index < numkeys; index++) positions.push(2 + index);
  return positions;
}

/** SUNION and SDIFF: the result set's members in its order (ascending when it is an intset). */
function unionOrDifference(operation: typeof union) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const sets = readSets(ctx, argv.slice(1));
    if (sets instanceof ErrorReply) return sets;
    return new SetReply(operation(sets, intsetEntriesMax(ctx)).members());
  };
}

/** SUNIONSTORE and SDIFFSTORE. */
function unionOrDifferenceStore(operation: typeof union) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const sets = readSets(ctx, argv.slice(2));
    if (sets instanceof ErrorReply) return sets;
    return storeResult(ctx, argv[1] as string, operation(sets, intsetEntriesMax(ctx)));
  };
}

// ---- SSCAN -------------------------------------------------------------------------------




/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]. The cursor is checked first, then the key,
 * then the options (a missing key answers an empty scan whatever they are). An intset is
 * returned whole with cursor 0, as Redis does; a hashtable is walked with SetValue.scan.
 */
function sscan(ctx: CommandContext, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[2] as string);
  if (cursor === null) return errors.invalidCursor;
  const set = readSet(ctx, argv[1] as string);
  if (set === undefined) return ['0', []];
  if (set instanceof ErrorReply) return set;
  const options = parseScanOptions(argv, 3, false);
  if (options instanceof ErrorReply) return options;
  const pattern = options.pattern;
  const keep = (member: string) => pattern === null || pattern.test(member);
  if (set.isIntset) return ['0', set.members().filter(keep)];
  const found: string[] = [];
  const next = set.scan(cursor, options.count, (member) => {
    if (keep(member)) found.push(member);
  });
  return [String(next), found];
}

// ---- the table -------------------------------------------------------------------------

const setGroup = { group: 'set', categories: ['set'] } as const;
const oneKey = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const allKeys = { firstKey: 1, lastKey: -1, keyStep: 1 } as const;
const unordered = ['nondeterministic_output_order'] as const;
const randomOutput = ['nondeterministic_output'] as const;
const intersectionComplexity = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const totalComplexity = 'O(N) where N is the total number of elements in all given sets.';

/** The set commands, with Redis 7.0's arity, flags, key positions, tips and docs. */
export const setCommands: readonly CommandSpec[] = [
  {
    ...setGroup, ...oneKey, name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'],
    summary: 'Add one or more members to a set', since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    handler: sadd,
  },
  {
    ...setGroup, ...oneKey, name: 'srem', arity: -3, flags: ['write', 'fast'],
    summary: 'Remove one or more members from a set', since: '1.0.0',
    complexity: 'O(N) where N is the number of members to be removed.', handler: srem,
  },
  {
    ...setGroup, ...oneKey, name: 'smembers', arity: 2, flags: ['readonly'], tips: unordered,
    summary: 'Get all the members in a set', since: '1.0.0', complexity: 'O(N) where N is the set cardinality.', handler: sinter,
  },
  {
    ...setGroup, ...oneKey, name: 'sismember', arity: 3, flags: ['readonly', 'fast'],
    summary: 'Determine if a given value is a member of a set', since: '1.0.0', complexity: 'O(1)', handler: sismember,
  },
  {
    ...setGroup, ...oneKey, name: 'smismember', arity: -3, flags: ['readonly', 'fast'],
    summary: 'Returns the membership associated with the given elements for a set', since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership', handler: smismember,
  },
  {
    ...setGroup, ...oneKey, name: 'scard', arity: 2, flags: ['readonly', 'fast'],
    summary: 'Get the number of members in a set', since: '1.0.0', complexity: 'O(1)', handler: scard,
  },
  {
    ...setGroup, ...oneKey, name: 'spop', arity: -2, flags: ['write', 'fast'], tips: randomOutput,
    summary: 'Remove and return one or multiple random members from a set', since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.', handler: spop,
  },
  {
    ...setGroup, ...oneKey, name: 'srandmember', arity: -2, flags: ['readonly'], tips: randomOutput,
    summary: 'Get one or multiple random members from a set', since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    handler: srandmember,
  },
  {
    ...setGroup, firstKey: 1, lastKey: 2, keyStep: 1, name: 'smove', arity: 4, flags: ['write', 'fast'],
    summary: 'Move a member from one set to another', since: '1.0.0', complexity: 'O(1)', handler: smove,
  },
  {
    ...setGroup, ...allKeys, name: 'sinter', arity: -2, flags: ['readonly'], tips: unordered,
    summary: 'Intersect multiple sets', since: '1.0.0', complexity: intersectionComplexity, handler: sinter,
  },
  {
    ...setGroup, firstKey: 0, lastKey: 0, keyStep: 0, keys: sintercardKeys, name: 'sintercard', arity: -3, flags: ['readonly'],
    summary: 'Intersect multiple sets and return the cardinality of the result', since: '7.0.0',
    complexity: intersectionComplexity, handler: sintercard,
  },
  {
    ...setGroup, ...allKeys, name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'],
    summary: 'Intersect multiple sets and store the resulting set in a key', since: '1.0.0',
    complexity: intersectionComplexity, handler: sinterstore,
  },
  {
    ...setGroup, ...allKeys, name: 'sunion', arity: -2, flags: ['readonly'], tips: unordered,
    summary: 'Add multiple sets', since: '1.0.0', complexity: totalComplexity, handler: unionOrDifference(union),
  },
  {
    ...setGroup, ...allKeys, name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'],
    summary: 'Add multiple sets and store the resulting set in a key', since: '1.0.0',
    complexity: totalComplexity, handler: unionOrDifferenceStore(union),
  },
  {
    ...setGroup, ...allKeys, name: 'sdiff', arity: -2, flags: ['readonly'], tips: unordered,
    summary: 'Subtract multiple sets', since: '1.0.0', complexity: totalComplexity, handler: unionOrDifference(difference),
  },
  {
    ...setGroup, ...allKeys, name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'],
    summary: 'Subtract multiple sets and store the resulting set in a key', since: '1.0.0',
    complexity: totalComplexity, handler: unionOrDifferenceStore(difference),
  },
  {
    ...setGroup, ...oneKey, name: 'sscan', arity: -3, flags: ['readonly'], tips: randomOutput,
    summary: 'Incrementally iterate Set elements', since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: sscan,
  },
];
