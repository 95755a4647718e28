/**
 * Sorted set commands (Redis t_zset.c): ZADD and ZINCRBY, ZREM, the reads (ZCARD, ZSCORE,
 * ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT), the range family (ZRANGE with BYSCORE, BYLEX,
 * REV, LIMIT, and the older ZREVRANGE, ZRANGEBYSCORE... forms, ZRANGESTORE), the range
 * removals, the pops (ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms), the set operations
 * (ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD; plain sets count as scores of 1),
 * ZRANDMEMBER and ZSCAN. Scores are parsed and formatted as Redis 7.0 does them.
 *
 * Effects: the writes are deterministic (scores come from the same double arithmetic on
 * replay) and log their own argv when they changed something; a served BZPOPMIN / BZPOPMAX is
 * logged as `ZPOPMIN key` / `ZPOPMAX key`, a served BZMPOP as `ZMPOP 1 key MIN|MAX COUNT n` with
 * the number it popped. ZRANDMEMBER is a read.
 */
import type { Entry } from '../keyspace/entry.js';
import type { SetValue } from '../keyspace/set.js';
import {
  type ElementVisitor,
  type LexBound,
  type ScoreRange,
  type SortedSetLimits,
  SortedSetValue,
  listpackScoreText,
} from '../keyspace/zset.js';
import { errors, wrongArity } from '../resp/errors.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import { formatDouble, parseDouble, parseInt64 } from '../util/number.js';
import { parseTimeoutSeconds } from './blocking.js';
import type { CommandContext } from './context.js';
import { parseCursor, parseScanOptions } from './scan-arguments.js';
import type { CommandSpec } from './spec.js';

/** Redis's LONG_MAX: counts and offsets are C longs. */
const LONG_MAX = 9223372036854775807n;
/** Ranks and offsets are clamped to this before arithmetic: far beyond any set's size, exact as a JS number. */
const INDEX_MAGNITUDE_MAX = 2n ** 53n;
/**
 * ZRANDMEMBER with a negative count repeats members; Redis streams any count. cairn builds a
 * reply in memory, so it refuses counts beyond this (a reply of 4M members is ~100 MB).
 */
const RANDOM_REPLY_MEMBERS_MAX = 4_194_304;
/** ZRANDMEMBER: with a positive count up to size / RANDOM_SHUFFLE_RATIO, draw and retry; above it, shuffle positions. */
const RANDOM_SHUFFLE_RATIO = 3;
/** Draws per member ZRANDMEMBER may make before picking the remaining members in order (never reached in practice). */
const RANDOM_DRAWS_PER_MEMBER_MAX = 64;

// ---- values, limits and replies -------------------------------------------------------------

/** The encoding limits from the settings (zset-max-listpack-entries / -value); geo commands use it too. */
export function sortedSetLimits(ctx: CommandContext): SortedSetLimits {
  const settings = ctx.server.settings;
  return { entriesMax: settings.integer('zset-max-listpack-entries'), valueBytesMax: settings.integer('zset-max-listpack-value') };
}

/** A seed for a new SortedSetValue's member index, from the server's randomness; geo commands use it too. */
export function newSortedSetSeed(ctx: CommandContext): number {
  return Math.floor(ctx.server.random() * 2 ** 32);
}

/** The sorted set at `key` for reading: null when missing, WRONGTYPE for another type (geo commands use it too). */
export function readSortedSet(ctx: CommandContext, key: string): SortedSetValue | null | ErrorReply {
  return sortedSetOf(ctx.db.read(key));
}

/** The sorted set at `key` for writing: null when missing, WRONGTYPE for another type (geo commands use it too). */
export function writeSortedSet(ctx: CommandContext, key: string): SortedSetValue | null | ErrorReply {
  return sortedSetOf(ctx.db.write(key));
}

function sortedSetOf(entry: Entry | undefined): SortedSetValue | null | ErrorReply {
  if (entry === undefined) return null;
  return entry.type === 'zset' ? entry.value : errors.wrongType;
}

/** After removals: delete the key once its set is empty, tell watchers, record the change. */
function afterRemoval(ctx: CommandContext, key: string, value: SortedSetValue, removed: number): void {
  if (removed === 0) return;
  if (value.size === 0) ctx.db.delete(key);
  else ctx.db.modified(key);
  ctx.changed(removed);
}

/** Store `value` at `destination` (a STORE command), or delete it when the result is empty; returns the result's size. */
function storeResult(ctx: CommandContext, destination: string, value: SortedSetValue): number {
  if (value.size > 0) {
    ctx.db.set(destination, 'zset', value);
    ctx.changed();
  } else if (ctx.db.delete(destination)) {
    ctx.changed();
  }
  return value.size;
}

/**
 * Collects elements as Redis replies them: members alone, or with their scores as doubles: one
 * flat array in RESP2, [member, score] pairs in RESP3.
 */
class ElementsReply {
  readonly items: Reply[] = [];
  readonly visit: ElementVisitor;

  constructor(withScores: boolean, pairs: boolean) {
    const items = this.items;
    if (!withScores) this.visit = (member) => items.push(member);
    else if (pairs) this.visit = (member, score) => items.push([member, new DoubleReply(score)]);
    else this.visit = (member, score) => items.push(member, new DoubleReply(score));
  }
}

/** WITHSCORES replies of this client come as pairs (RESP3). */
function pairsFor(ctx: CommandContext): boolean {
  return ctx.client.protocol === 3;
}

/** Elements collected in order, for building a result set. */
class ElementsList {
  readonly members: string[] = [];
  readonly scores: number[] = [];
  readonly visit: ElementVisitor = (member, score) => {
    this.members.push(member);
    this.scores.push(score);
  };

  /** A set of these elements (sorted, no repeated member), in the encoding `limits` give. */
  toValue(ctx: CommandContext): SortedSetValue {
    return SortedSetValue.fromSorted(newSortedSetSeed(ctx), this.members, this.scores, sortedSetLimits(ctx));
  }
}

// ---- parsing --------------------------------------------------------------------------------

/** A C long argument (Redis getLongFromObjectOrReply), clamped to ±2^53 (no set is near it), or null. */
function parseLong(text: string): number | null {
  const value = parseInt64(text);
  if (value === null) return null;
  if (value > INDEX_MAGNITUDE_MAX) return Number(INDEX_MAGNITUDE_MAX);
  if (value < -INDEX_MAGNITUDE_MAX) return -Number(INDEX_MAGNITUDE_MAX);
  return Number(value);
}

/** C's isspace. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_WORD = /^([+-]?)(?:inf|infinity)$/i;
const HEX_FLOAT = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?$/;

/**
 * A range bound's number as zslParseRange reads it: C strtod over the text up to its first NUL
 * (leading spaces allowed, overflow to ±inf, underflow to 0, an empty text is 0), which must
 * end there; NaN is refused. Returns null when invalid.
 */
function parseStrtod(text: string): number | null {
  const nul = text.indexOf('\0');
  const c = nul === -1 ? text : text.slice(0, nul);
  let start = 0;
  while (start < c.length && isSpace(c.charCodeAt(start))) start++;
  const body = c.slice(start);
  if (body === '') return c === '' ? 0 : null; // no conversion: strtod's end is the text's start
  if (DECIMAL_FLOAT.test(body)) return Number(body);
  const infinity = INFINITY_WORD.exec(body);
  if (infinity !== null) return infinity[1] === '-' ? -Infinity : Infinity;
  if (HEX_FLOAT.test(body)) return parseDouble(body);
  return null;
}

/** Redis zslParseRange: `(` makes an end exclusive. */
function parseScoreRange(minText: string, maxText: string): ScoreRange | null {
  const minExclusive = minText.charCodeAt(0) === 40; /* ( */
  const maxExclusive = maxText.charCodeAt(0) === 40;
  const min = parseStrtod(minExclusive ? minText.slice(1) : minText);
  const max = parseStrtod(maxExclusive ? maxText.slice(1) : maxText);
  if (min === null || max === null) return null;
  return { min, minExclusive, max, maxExclusive };
}

/** Redis zslParseLexRangeItem: `-`, `+`, `(text` or `[text` (C strings: `+` ends at a NUL). */
function parseLexBound(text: string): LexBound | null {
  const first = text.charCodeAt(0);
  const alone = text.length === 1 || text.charCodeAt(1) === 0;
  if (first === 43 /* + */) return alone ? { kind: 'plus' } : null;
  if (first === 45 /* - */) return alone ? { kind: 'minus' } : null;
  if (first === 40 /* ( */) return { kind: 'value', text: text.slice(1), exclusive: true };
  if (first === 91 /* [ */) return { kind: 'value', text: text.slice(1), exclusive: false };
  return null;
}

/** A ranks range [start, stop) from Redis's start/end indexes (negative from the end). */
function rankIndexes(start: number, end: number, size: number): { start: number; stop: number } {
  let first = start < 0 ? size + start : start;
  let last = end < 0 ? size + end : end;
  if (first < 0) first = 0;
  if (first > last || first >= size) return { start: 0, stop: 0 };
  if (last >= size) last = size - 1;
  return { start: first, stop: last + 1 };
}

/**
 * The ranks a LIMIT picks from a score or lex range [start, stop): skip `offset`, take up to
 * `limit` (negative: all), walking down from the top when `reverse`. A negative offset walks
 * off the set in Redis, so it picks nothing. Returns ranks [start, stop) to visit.
 */
function limitRanks(start: number, stop: number, offset: number, limit: number, reverse: boolean): { start: number; stop: number } {
  if (offset < 0 || limit === 0) return { start: 0, stop: 0 };
  const count = stop - start;
  if (offset >= count) return { start: 0, stop: 0 };
  const take = limit < 0 ? count - offset : Math.min(limit, count - offset);
  return reverse ? { start: stop - offset - take, stop: stop - offset } : { start: start + offset, stop: start + offset + take };
}

// ---- ZADD and ZINCRBY -----------------------------------------------------------------------

interface AddOptions {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
  /** Index of the first score. */
  scoreIndex: number;
}

/** Redis zaddGenericCommand's option loop: options until the first word that is none. */
function parseAddOptions(argv: readonly string[], incr: boolean): AddOptions {
  const options: AddOptions = { nx: false, xx: false, gt: false, lt: false, ch: false, incr, scoreIndex: 2 };
  for (; options.scoreIndex < argv.length; options.scoreIndex++) {
    const option = (argv[options.scoreIndex] as string).toLowerCase();
    if (option === 'nx' || option === 'xx' || option === 'gt' || option === 'lt' || option === 'ch' || option === 'incr') {
      options[option] = true;
    } else {
      break;
    }
  }
  return options;
}

function checkAddOptions(argv: readonly string[], options: AddOptions): ErrorReply | null {
  const pairs = argv.length - options.scoreIndex;
  if (pairs % 2 !== 0 || pairs === 0) return errors.syntax;
  if (options.nx && options.xx) return errors.zaddXxAndNx;
  if ((options.gt && options.nx) || (options.lt && options.nx) || (options.gt && options.lt)) return errors.zaddGtLtNx;
  if (options.incr && pairs > 2) return errors.zaddIncrPairs;
  return null;
}

/** What one score-member pair did. */
type AddOutcome = 'added' | 'updated' | 'processed' | 'skipped' | 'nan';

/** Redis zsetAdd for one pair; `result` receives the member's new score when it was processed. */
function addOne(value: SortedSetValue, member: string, score: number, options: AddOptions, limits: SortedSetLimits, result: { score: number }): AddOutcome {
  const current = value.score(member);
  if (current === undefined) {
    if (options.xx) return 'skipped';
    value.insert(member, score, limits);
    result.score = score;
    return 'added';
  }
  if (options.nx) return 'skipped';
  const next = options.incr ? score + current : score;
  if (Number.isNaN(next)) return 'nan';
  if ((options.lt && next >= current) || (options.gt && next <= current)) return 'skipped';
  result.score = next;
  if (next === current) return 'processed';
  value.updateScore(member, next);
  return 'updated';
}

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY (INCR forced). */
function addGeneric(ctx: CommandContext, argv: readonly string[], incr: boolean): Reply {
  const options = parseAddOptions(argv, incr);
  const invalid = checkAddOptions(argv, options);
  if (invalid !== null) return invalid;
  const scores: number[] = [];
  for (let index = options.scoreIndex; index < argv.length; index += 2) {
    const score = parseDouble(argv[index] as string);
    if (score === null) return errors.notFloat;
    scores.push(score);
  }
  const key = argv[1] as string;
  const found = writeSortedSet(ctx, key);
  if (found instanceof ErrorReply) return found;
  if (found === null && options.xx) return options.incr ? null : 0;
  const value = found ?? new SortedSetValue(newSortedSetSeed(ctx));
  const limits = sortedSetLimits(ctx);
  const result = { score: 0 };
  let added = 0;
  let updated = 0;
  let processed = 0;
  for (let pair = 0; pair < scores.length; pair++) {
    const member = argv[options.scoreIndex + 2 * pair + 1] as string;
    const outcome = addOne(value, member, scores[pair] as number, options, limits, result);
    if (outcome === 'nan') return errors.zsetScoreNan; // only INCR reaches it, with one pair: nothing changed
    if (outcome === 'added') added++;
    if (outcome === 'updated') updated++;
    if (outcome !== 'skipped') processed++;
  }
  if (added + updated > 0) {
    if (found === null) ctx.db.set(key, 'zset', value);
    else ctx.db.modified(key);
    ctx.changed(added + updated);
  }
  if (options.incr) return processed > 0 ? new DoubleReply(result.score) : null;
  return options.ch ? added + updated : added;
}

function zadd(ctx: CommandContext, argv: readonly string[]): Reply {
  return addGeneric(ctx, argv, false);
}

function zincrby(ctx: CommandContext, argv: readonly string[]): Reply {
  return addGeneric(ctx, argv, true);
}

// ---- ZREM and the reads ---------------------------------------------------------------------

function zrem(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const value = writeSortedSet(ctx, key);
  if (value === null || value instanceof ErrorReply) return value ?? 0;
  let removed = 0;
  for (let index = 2; index < argv.length && value.size > 0; index++) {
    if (value.remove(argv[index] as string)) removed++;
  }
  afterRemoval(ctx, key, value, removed);
  return removed;
}

function zcard(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value ?? 0;
  return value.size;
}

function zscore(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value;
  const score = value.score(argv[2] as string);
  return score === undefined ? null : new DoubleReply(score);
}

function zmscore(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readSortedSet(ctx, argv[1] as string);
  if (value instanceof ErrorReply) return value;
  const scores: Reply[] = [];
  for (let index = 2; index < argv.length; index++) {
    const score = value?.score(argv[index] as string);
    scores.push(score === undefined ? null : new DoubleReply(score));
  }
  return scores;
}

/** ZRANK / ZREVRANK key member [WITHSCORE] (WITHSCORE as Redis 7.2 has it). */
function rankGeneric(reverse: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    if (argv.length > 4) return wrongArity(reverse ? 'zrevrank' : 'zrank');
    const withScore = argv.length === 4;
    if (withScore && (argv[3] as string).toLowerCase() !== 'withscore') return errors.syntax;
    const missing = withScore ? NULL_ARRAY : null;
    const value = readSortedSet(ctx, argv[1] as string);
    if (value === null || value instanceof ErrorReply) return value ?? missing;
    const member = argv[2] as string;
    const rank = value.rank(member);
    if (rank < 0) return missing;
    const reply = reverse ? value.size - 1 - rank : rank;
    return withScore ? [reply, new DoubleReply(value.score(member) as number)] : reply;
  };
}

function zcount(ctx: CommandContext, argv: readonly string[]): Reply {
  const range = parseScoreRange(argv[2] as string, argv[3] as string);
  if (range === null) return errors.zsetRangeNotFloat;
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value ?? 0;
  const ranks = value.scoreRanks(range);
  return ranks.stop - ranks.start;
}

function zlexcount(ctx: CommandContext, argv: readonly string[]): Reply {
  const min = parseLexBound(argv[2] as string);
  const max = parseLexBound(argv[3] as string);
  if (min === null || max === null) return errors.zsetLexRangeInvalid;
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value ?? 0;
  const ranks = value.lexRanks(min, max);
  return ranks.stop - ranks.start;
}

// ---- the range family -----------------------------------------------------------------------

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

interface RangeOptions {
  type: RangeType;
  direction: Direction;
  withScores: boolean;
  offset: number;
  limit: number;
}

/** Redis zrangeGenericCommand step 1: the options after `key min max`. */
function parseRangeOptions(argv: readonly string[], firstOption: number, store: boolean, type: RangeType, direction: Direction): RangeOptions | ErrorReply {
  const options: RangeOptions = { type, direction, withScores: false, offset: 0, limit: -1 };
  for (let index = firstOption; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const remaining = argv.length - index - 1;
    if (!store && option === 'withscores') {
      options.withScores = true;
    } else if (option === 'limit' && remaining >= 2) {
      const offset = parseLong(argv[index + 1] as string);
      const limit = parseLong(argv[index + 2] as string);
      if (offset === null || limit === null) return errors.notInteger;
      options.offset = offset;
      options.limit = limit;
      index += 2;
    } else if (options.direction === 'auto' && option === 'rev') {
      options.direction = 'reverse';
    } else if (options.type === 'auto' && option === 'bylex') {
      options.type = 'lex';
    } else if (options.type === 'auto' && option === 'byscore') {
      options.type = 'score';
    } else {
      return errors.syntax;
    }
  }
  if (options.direction === 'auto') options.direction = 'forward';
  if (options.type === 'auto') options.type = 'rank';
  if (options.limit !== -1 && options.type === 'rank') return errors.zsetLimitNeedsRange;
  if (options.withScores && options.type === 'lex') return errors.zsetWithscoresByLex;
  return options;
}

/** The parsed `min max` of a range command (after REV swapped them back for scores and members). */
type ParsedRange =
  | { type: 'rank'; start: number; end: number }
  | { type: 'score'; range: ScoreRange }
  | { type: 'lex'; min: LexBound; max: LexBound };

function parseRangeBounds(options: RangeOptions, first: string, second: string): ParsedRange | ErrorReply {
  const reverse = options.direction === 'reverse';
  if (options.type === 'rank') {
    const start = parseLong(first);
    const end = parseLong(second);
    if (start === null || end === null) return errors.notInteger;
    return { type: 'rank', start, end };
  }
  const [minText, maxText] = reverse ? [second, first] : [first, second];
  if (options.type === 'score') {
    const range = parseScoreRange(minText, maxText);
    return range === null ? errors.zsetRangeNotFloat : { type: 'score', range };
  }
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  return min === null || max === null ? errors.zsetLexRangeInvalid : { type: 'lex', min, max };
}

/** The ranks [start, stop) a parsed range with its options selects in `value`. */
function selectedRanks(value: SortedSetValue, parsed: ParsedRange, options: RangeOptions): { start: number; stop: number } {
  const reverse = options.direction === 'reverse';
  if (parsed.type === 'rank') {
    const ranks = rankIndexes(parsed.start, parsed.end, value.size);
    // ZREVRANGE's indexes count from the top.
    return reverse ? { start: value.size - ranks.stop, stop: value.size - ranks.start } : ranks;
  }
  const ranks = parsed.type === 'score' ? value.scoreRanks(parsed.range) : value.lexRanks(parsed.min, parsed.max);
  return limitRanks(ranks.start, ranks.stop, options.offset, options.limit, reverse);
}

/**
 * Redis zrangeGenericCommand: `key min max [options]` from `keyIndex`; with `store`, argv[1] is
 * the destination (ZRANGESTORE).
 */
function rangeGeneric(ctx: CommandContext, argv: readonly string[], keyIndex: number, store: boolean, type: RangeType, direction: Direction): Reply {
  const options = parseRangeOptions(argv, keyIndex + 3, store, type, direction);
  if (options instanceof ErrorReply) return options;
  const parsed = parseRangeBounds(options, argv[keyIndex + 1] as string, argv[keyIndex + 2] as string);
  if (parsed instanceof ErrorReply) return parsed;
  const value = readSortedSet(ctx, argv[keyIndex] as string);
  if (value instanceof ErrorReply) return value;
  const reverse = options.direction === 'reverse';
  const ranks = value === null ? { start: 0, stop: 0 } : selectedRanks(value, parsed, options);
  if (store) {
    const list = new ElementsList();
    value?.forEachInRanks(ranks.start, ranks.stop, false, list.visit);
    return storeResult(ctx, argv[1] as string, list.toValue(ctx));
  }
  const reply = new ElementsReply(options.withScores, pairsFor(ctx));
  value?.forEachInRanks(ranks.start, ranks.stop, reverse, reply.visit);
  return reply.items;
}

function rangeCommand(keyIndex: number, store: boolean, type: RangeType, direction: Direction) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => rangeGeneric(ctx, argv, keyIndex, store, type, direction);
}

// ---- removing ranges ------------------------------------------------------------------------

/** ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX key min max. */
function removeRangeGeneric(type: 'rank' | 'score' | 'lex') {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const options: RangeOptions = { type, direction: 'forward', withScores: false, offset: 0, limit: -1 };
    const parsed = parseRangeBounds(options, argv[2] as string, argv[3] as string);
    if (parsed instanceof ErrorReply) return parsed;
    const key = argv[1] as string;
    const value = writeSortedSet(ctx, key);
    if (value === null || value instanceof ErrorReply) return value ?? 0;
    const ranks = selectedRanks(value, parsed, options);
    const removed = value.removeRanks(ranks.start, ranks.stop);
    afterRemoval(ctx, key, value, removed);
    return removed;
  };
}

// ---- pops -----------------------------------------------------------------------------------

/** How a pop replies (Redis genericZpopCommand's emitkey and use_nested_array). */
type PopShape = 'flat' | 'pairs' | 'keyed' | 'keyed-pairs';

interface Popped {
  readonly reply: Reply;
  /** The key popped from and how many elements, when something was popped. */
  readonly key: string | null;
  readonly count: number;
}

/**
 * Redis genericZpopCommand: pop up to `count` elements (lowest scores, or highest when `max`)
 * from the first of `keys` that holds a sorted set. A key of another type before it is
 * WRONGTYPE. With no set: an empty array, or a null array when `nullWhenEmpty`.
 */
function popGeneric(ctx: CommandContext, keys: readonly string[], max: boolean, count: number, shape: PopShape, nullWhenEmpty: boolean): Popped {
  let key: string | null = null;
  let value: SortedSetValue | null = null;
  for (const candidate of keys) {
    const found = writeSortedSet(ctx, candidate);
    if (found instanceof ErrorReply) return { reply: found, key: null, count: 0 };
    if (found !== null) {
      key = candidate;
      value = found;
      break;
    }
  }
  if (key === null || value === null) return { reply: nullWhenEmpty ? NULL_ARRAY : [], key: null, count: 0 };
  if (count === 0) return { reply: [], key: null, count: 0 };
  const taken = Math.min(count, value.size);
  const elements = new ElementsReply(true, shape === 'pairs' || shape === 'keyed-pairs');
  const stop = max ? value.size : taken;
  value.removeRanks(stop - taken, stop, max, elements.visit);
  afterRemoval(ctx, key, value, taken);
  if (shape === 'keyed') return { reply: [key, ...elements.items], key, count: taken };
  if (shape === 'keyed-pairs') return { reply: [key, elements.items], key, count: taken };
  return { reply: elements.items, key, count: taken };
}

/** ZPOPMIN / ZPOPMAX key [count]. */
function popMinMax(max: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    if (argv.length > 3) return errors.syntax;
    let count = 1;
    const withCount = argv.length === 3;
    if (withCount) {
      const parsed = parseInt64(argv[2] as string);
      if (parsed === null || parsed < 0n) return errors.notPositive;
      count = parsed > INDEX_MAGNITUDE_MAX ? Number(INDEX_MAGNITUDE_MAX) : Number(parsed);
    }
    const shape = withCount && pairsFor(ctx) ? 'pairs' : 'flat';
    return popGeneric(ctx, [argv[1] as string], max, count, shape, false).reply;
  };
}

/** A numkeys argument of ZMPOP / BZMPOP: 1 .. LONG_MAX, or the error. */
function parsePositiveLong(text: string, error: ErrorReply): number | ErrorReply {
  const parsed = parseInt64(text);
  if (parsed === null || parsed < 1n) return error;
  return parsed > INDEX_MAGNITUDE_MAX ? Number(INDEX_MAGNITUDE_MAX) : Number(parsed);
}

interface MultiPopArguments {
  keys: readonly string[];
  max: boolean;
  count: number;
}

/** Redis zmpopGenericCommand's parsing: numkeys at `numkeysIndex`, keys, MIN|MAX, [COUNT count]. */
function parseMultiPop(argv: readonly string[], numkeysIndex: number): MultiPopArguments | ErrorReply {
  const numkeys = parsePositiveLong(argv[numkeysIndex] as string, errors.zsetNumkeysNotPositive);
  if (numkeys instanceof ErrorReply) return numkeys;
  const whereIndex = numkeysIndex + numkeys + 1;
  if (whereIndex >= argv.length) return errors.syntax;
  const where = (argv[whereIndex] as string).toLowerCase();
  if (where !== 'min' && where !== 'max') return errors.syntax;
  let count = -1;
  for (let index = whereIndex + 1; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    if (count === -1 && option === 'count' && index + 1 < argv.length) {
      const parsed = parsePositiveLong(argv[++index] as string, errors.zsetCountNotPositive);
      if (parsed instanceof ErrorReply) return parsed;
      count = parsed;
    } else {
      return errors.syntax;
    }
  }
  return { keys: argv.slice(numkeysIndex + 1, whereIndex), max: where === 'max', count: count === -1 ? 1 : count };
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: deterministic, so logged as it is. */
function zmpop(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseMultiPop(argv, 1);
  if (parsed instanceof ErrorReply) return parsed;
  return popGeneric(ctx, parsed.keys, parsed.max, parsed.count, 'keyed-pairs', true).reply;
}

/**
 * The keys a blocking pop looks at: all of them, but in a retry only the key whose change is
 * being served when it is one of them, as Redis 7.0 serves a blocked client from that key.
 */
function keysToServe(ctx: CommandContext, keys: readonly string[]): readonly string[] {
  if (!ctx.retrying) return keys;
  const serving = ctx.server.blocking.servingKey;
  return serving !== null && keys.includes(serving) ? [serving] : keys;
}

/**
 * Redis blockingGenericZpopCommand: pop from the first non-empty set among `keys` (a key of
 * another type met first is WRONGTYPE; in a retry it is passed over, as Redis serves only keys
 * holding sorted sets), logged as the plain pop; else block (or, where a client may not block,
 * answer as a timeout).
 */
function blockingPop(ctx: CommandContext, keys: readonly string[], timeoutText: string, max: boolean, count: number, multi: boolean): Reply {
  const timeout = parseTimeoutSeconds(timeoutText);
  if (timeout instanceof ErrorReply) return timeout;
  for (const key of keysToServe(ctx, keys)) {
    const value = writeSortedSet(ctx, key);
    if (value instanceof ErrorReply && !ctx.retrying) return value;
    if (value === null || value instanceof ErrorReply) continue;
    const popped = popGeneric(ctx, [key], max, multi ? count : 1, multi ? 'keyed-pairs' : 'keyed', multi);
    const where = max ? 'MAX' : 'MIN';
    if (multi) ctx.propagate(['ZMPOP', '1', key, where, 'COUNT', String(popped.count)]);
    else ctx.propagate([max ? 'ZPOPMAX' : 'ZPOPMIN', key]);
    return popped.reply;
  }
  if (!ctx.canBlock) return NULL_ARRAY;
  return ctx.block(keys, timeout, NULL_ARRAY);
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
function blockingPopMinMax(max: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => blockingPop(ctx, argv.slice(1, -1), argv[argv.length - 1] as string, max, 1, false);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]. */
function bzmpop(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseMultiPop(argv, 2);
  if (parsed instanceof ErrorReply) return parsed;
  return blockingPop(ctx, parsed.keys, argv[1] as string, parsed.max, parsed.count, true);
}

// ---- set operations -------------------------------------------------------------------------

// Plain sets as inputs are read only through SetValue's public API (size, has, memberAt), in
// these three functions.
function setSize(set: SetValue): number {
  return set.size;
}

function setHas(set: SetValue, member: string): boolean {
  return set.has(member);
}

function forEachSetMember(set: SetValue, visit: (member: string) => void): void {
  const size = set.size;
  for (let position = 0; position < size; position++) visit(set.memberAt(position));
}

/** One input of a set operation: a sorted set, a plain set (every score 1), or nothing. */
interface Source {
  readonly value: SortedSetValue | SetValue | null;
  weight: number;
}

function sourceSize(source: Source): number {
  const value = source.value;
  if (value === null) return 0;
  return value instanceof SortedSetValue ? value.size : setSize(value);
}

function forEachInSource(source: Source, visit: ElementVisitor): void {
  const value = source.value;
  if (value === null) return;
  if (value instanceof SortedSetValue) value.forEach(visit);
  else forEachSetMember(value, (member) => visit(member, 1));
}

function scoreInSource(source: Source, member: string): number | undefined {
  const value = source.value;
  if (value === null) return undefined;
  if (value instanceof SortedSetValue) return value.score(member);
  return setHas(value, member) ? 1 : undefined;
}

type SetOperation = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

interface SetOperationArguments {
  sources: Source[];
  aggregate: Aggregate;
  withScores: boolean;
  limit: number;
}

/** The sources named after numkeys: a key of another type than set or sorted set is WRONGTYPE. */
function readSources(ctx: CommandContext, argv: readonly string[], numkeysIndex: number, commandName: string): Source[] | ErrorReply {
  const parsed = parseInt64(argv[numkeysIndex] as string);
  if (parsed === null) return errors.notInteger;
  if (parsed < 1n) return errors.zsetNoInputKeys(commandName);
  if (parsed > BigInt(argv.length - numkeysIndex - 1)) return errors.syntax;
  const sources: Source[] = [];
  for (let index = numkeysIndex + 1; index <= numkeysIndex + Number(parsed); index++) {
    const entry = ctx.db.read(argv[index] as string);
    if (entry !== undefined && entry.type !== 'zset' && entry.type !== 'set') return errors.wrongType;
    sources.push({ value: entry === undefined ? null : (entry.value as SortedSetValue | SetValue), weight: 1 });
  }
  return sources;
}

/** Redis zunionInterDiffGenericCommand's options: WEIGHTS, AGGREGATE, WITHSCORES, LIMIT (ZINTERCARD). */
function parseSetOperation(
  ctx: CommandContext,
  argv: readonly string[],
  numkeysIndex: number,
  operation: SetOperation,
  commandName: string,
  form: 'reply' | 'store' | 'cardinality',
): SetOperationArguments | ErrorReply {
  const sources = readSources(ctx, argv, numkeysIndex, commandName);
  if (sources instanceof ErrorReply) return sources;
  const parsed: SetOperationArguments = { sources, aggregate: 'sum', withScores: false, limit: 0 };
  const scoring = operation !== 'diff' && form !== 'cardinality';
  for (let index = numkeysIndex + 1 + sources.length; index < argv.length; ) {
    const option = (argv[index] as string).toLowerCase();
    const remaining = argv.length - index;
    if (scoring && option === 'weights' && remaining >= sources.length + 1) {
      for (const source of sources) {
        const weight = parseDouble(argv[++index] as string);
        if (weight === null) return errors.zsetWeightNotFloat;
        source.weight = weight;
      }
      index++;
    } else if (scoring && option === 'aggregate' && remaining >= 2) {
      const aggregate = (argv[index + 1] as string).toLowerCase();
      if (aggregate !== 'sum' && aggregate !== 'min' && aggregate !== 'max') return errors.syntax;
      parsed.aggregate = aggregate;
      index += 2;
    } else if (form === 'reply' && option === 'withscores') {
      parsed.withScores = true;
      index++;
    } else if (form === 'cardinality' && option === 'limit' && remaining >= 2) {
      const limit = parseInt64(argv[index + 1] as string);
      if (limit === null || limit < 0n) return errors.zsetLimitNegative;
      parsed.limit = limit > INDEX_MAGNITUDE_MAX ? Number(INDEX_MAGNITUDE_MAX) : Number(limit);
      index += 2;
    } else {
      return errors.syntax;
    }
  }
  return parsed;
}

/** Redis zunionInterAggregate: a sum of +inf and -inf is 0. */
function aggregateInto(current: number, value: number, aggregate: Aggregate): number {
  if (aggregate === 'sum') {
    const total = current + value;
    return Number.isNaN(total) ? 0 : total;
  }
  if (aggregate === 'min') return value < current ? value : current;
  return value > current ? value : current;
}

/** A weighted score, 0 where weight times score is NaN (0 * inf). */
function weighted(source: Source, score: number): number {
  const product = source.weight * score;
  return Number.isNaN(product) ? 0 : product;
}

/** Union: every member of any source, its weighted scores aggregated in source order. */
function unionOf(sources: readonly Source[], aggregate: Aggregate): Map<string, number> {
  const scores = new Map<string, number>();
  for (const source of sources) {
    forEachInSource(source, (member, score) => {
      const value = weighted(source, score);
      const current = scores.get(member);
      scores.set(member, current === undefined ? value : aggregateInto(current, value, aggregate));
    });
  }
  return scores;
}

/**
 * Intersection: members of the smallest source found in every other (Redis: a NaN weighted
 * score from a later source is not zeroed, so MIN and MAX ignore it). Stops after `limit`
 * members when it is above 0 (ZINTERCARD).
 */
function intersectionOf(sources: readonly Source[], aggregate: Aggregate, limit: number): Map<string, number> {
  const scores = new Map<string, number>();
  const first = sources[0] as Source;
  if (sourceSize(first) === 0) return scores;
  const visitMember = (member: string, firstScore: number) => {
    if (limit > 0 && scores.size >= limit) return;
    let score = weighted(first, firstScore);
    for (let index = 1; index < sources.length; index++) {
      const source = sources[index] as Source;
      const found = source.value === first.value ? firstScore : scoreInSource(source, member);
      if (found === undefined) return;
      score = aggregateInto(score, found * source.weight, aggregate);
    }
    scores.set(member, score);
  };
  forEachInSource(first, visitMember);
  return scores;
}

/** Difference: members of the first source in none of the others, with their first scores. */
function differenceOf(sources: readonly Source[]): Map<string, number> {
  const scores = new Map<string, number>();
  const first = sources[0] as Source;
  forEachInSource(first, (member, score) => {
    for (let index = 1; index < sources.length; index++) {
      const source = sources[index] as Source;
      if (source.value === first.value || scoreInSource(source, member) !== undefined) return;
    }
    scores.set(member, score);
  });
  return scores;
}

/** The result of a set operation in order: by score, then member bytes. */
function sortedElements(scores: Map<string, number>): ElementsList {
  const entries = [...scores];
  entries.sort(([memberA, scoreA], [memberB, scoreB]) => (scoreA !== scoreB ? (scoreA < scoreB ? -1 : 1) : memberA < memberB ? -1 : memberA > memberB ? 1 : 0));
  const list = new ElementsList();
  for (const [member, score] of entries) list.visit(member, score);
  return list;
}

function computeSetOperation(operation: SetOperation, parsed: SetOperationArguments): Map<string, number> {
  const sources = parsed.sources;
  if (operation === 'diff') return differenceOf(sources);
  // Smallest first, as Redis sorts its inputs by cardinality (ties keep their order).
  const bySize = sources.slice().sort((a, b) => sourceSize(a) - sourceSize(b));
  return operation === 'union' ? unionOf(bySize, parsed.aggregate) : intersectionOf(bySize, parsed.aggregate, parsed.limit);
}

/** ZUNION / ZINTER / ZDIFF numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...] [WITHSCORES]. */
function setOperationReply(operation: SetOperation, commandName: string) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const parsed = parseSetOperation(ctx, argv, 1, operation, commandName, 'reply');
    if (parsed instanceof ErrorReply) return parsed;
    const list = sortedElements(computeSetOperation(operation, parsed));
    const reply = new ElementsReply(parsed.withScores, pairsFor(ctx));
    for (let index = 0; index < list.members.length; index++) reply.visit(list.members[index] as string, list.scores[index] as number);
    return reply.items;
  };
}

/** ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]. */
function setOperationStore(operation: SetOperation, commandName: string) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const parsed = parseSetOperation(ctx, argv, 2, operation, commandName, 'store');
    if (parsed instanceof ErrorReply) return parsed;
    const list = sortedElements(computeSetOperation(operation, parsed));
    return storeResult(ctx, argv[1] as string, list.toValue(ctx));
  };
}

/** ZINTERCARD numkeys key [key ...] [LIMIT limit]. */
function zintercard(ctx: CommandContext, argv: readonly string[]): Reply {
  const parsed = parseSetOperation(ctx, argv, 1, 'inter', 'zintercard', 'cardinality');
  if (parsed instanceof ErrorReply) return parsed;
  return computeSetOperation('inter', parsed).size;
}

// ---- ZRANDMEMBER ----------------------------------------------------------------------------

/** ZRANDMEMBER key [count [WITHSCORES]]: random picks from ctx.server.random(); a read. */
function zrandmember(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length >= 3) {
    const count = parseInt64(argv[2] as string);
    if (count === null) return errors.notInteger;
    if (count < -LONG_MAX) return errors.zsetRandomCountRange;
    if (argv.length > 4 || (argv.length === 4 && (argv[3] as string).toLowerCase() !== 'withscores')) return errors.syntax;
    const withScores = argv.length === 4;
    if (withScores && (count < -LONG_MAX / 2n || count > LONG_MAX / 2n)) return errors.zsetRandomWithScoresRange;
    return randomWithCount(ctx, argv[1] as string, count, withScores);
  }
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value;
  const picked = new ElementsReply(false, false);
  value.randomElement(() => ctx.server.random(), picked.visit);
  return picked.items[0] as string;
}

/** Redis zrandmemberWithCountCommand: a negative count may repeat members, a positive one picks distinct members. */
function randomWithCount(ctx: CommandContext, key: string, count: bigint, withScores: boolean): Reply {
  const value = readSortedSet(ctx, key);
  if (value === null || value instanceof ErrorReply) return value ?? [];
  if (count === 0n) return [];
  const reply = new ElementsReply(withScores, pairsFor(ctx));
  const random = () => ctx.server.random();
  if (count < 0n || count === 1n) {
    const picks = count < 0n ? -count : 1n;
    if (picks > BigInt(RANDOM_REPLY_MEMBERS_MAX)) return errors.zsetRandomCountTooLarge;
    for (let pick = 0; pick < Number(picks); pick++) value.randomElement(random, reply.visit);
    return reply.items;
  }
  if (count >= BigInt(value.size)) {
    value.forEachInRanks(0, value.size, true, reply.visit); // the whole set, highest first, as Redis 7.0
    return reply.items;
  }
  for (const rank of distinctRanks(value.size, Number(count), random)) value.forEachInRanks(rank, rank + 1, false, reply.visit);
  return reply.items;
}

/** `count` distinct ranks below `size` (count < size) in random order. */
function distinctRanks(size: number, count: number, random: () => number): number[] {
  if (count * RANDOM_SHUFFLE_RATIO > size) {
    const ranks = Array.from({ length: size }, (_, rank) => rank);
    for (let index = 0; index < count; index++) {
      const other = index + Math.floor(random() * (size - index));
      [ranks[index], ranks[other]] = [ranks[other] as number, ranks[index] as number];
    }
    ranks.length = count;
    return ranks;
  }
  const chosen = new Set<number>();
  for (let draws = 0; chosen.size < count && draws < count * RANDOM_DRAWS_PER_MEMBER_MAX; draws++) chosen.add(Math.floor(random() * size));
  for (let rank = 0; chosen.size < count && rank < size; rank++) chosen.add(rank);
  return [...chosen];
}

// ---- ZSCAN ----------------------------------------------------------------------------------


/** ZSCAN key cursor [MATCH pattern] [COUNT count]: a listpack set comes whole with cursor 0, scores as the listpack holds them. */
function zscan(ctx: CommandContext, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[2] as string);
  if (cursor === null) return errors.invalidCursor;
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value ?? ['0', []];
  const options = parseScanOptions(argv, 3, false);
  if (options instanceof ErrorReply) return options;
  const pattern = options.pattern;
  const formatScore = value.isListpack ? listpackScoreText : formatDouble;
  const found: string[] = [];
  const next = value.scan(cursor, options.count, (member, score) => {
    if (pattern === null || pattern.test(member)) found.push(member, formatScore(score));
  });
  return [String(next), found];
}

// ---- the table ------------------------------------------------------------------------------

const sortedSet = { group: 'sorted-set', categories: ['sortedset'] } as const;
const oneKey = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const noKeys = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;

/** Key positions of a numkeys form: `leading` keys, then numkeys (at `numkeysIndex`) keys after it. */
function numkeysPositions(numkeysIndex: number, leading: readonly number[]) {
  return (argv: readonly string[]): number[] => {
    const positions = [...leading];
    const count = parseInt64(argv[numkeysIndex] ?? '');
    if (count === null || count < 1n || count > BigInt(argv.length - numkeysIndex - 1)) return positions;
    for (let index = 0; index < Number(count); index++) positions.push(numkeysIndex + 1 + index);
    return positions;
  };
}

const rangeComplexity =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const removeRangeComplexity =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const popComplexity =
  'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';

/** The sorted set commands, with Redis 7.0's arity, flags, key positions and docs (ZRANK/ZREVRANK take 7.2's WITHSCORE). */
export const sortedSetCommands: readonly CommandSpec[] = [
  {
    ...sortedSet, ...oneKey, name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'],
    summary: 'Add one or more members to a sorted set, or update its score if it already exists', since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.', handler: zadd,
  },
  {
    ...sortedSet, ...oneKey, name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the score of a member in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.', handler: zincrby,
  },
  {
    ...sortedSet, ...oneKey, name: 'zrem', arity: -3, flags: ['write', 'fast'],
    summary: 'Remove one or more members from a sorted set', since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.', handler: zrem,
  },
  {
    ...sortedSet, ...oneKey, name: 'zcard', arity: 2, flags: ['readonly', 'fast'],
    summary: 'Get the number of members in a sorted set', since: '1.2.0', complexity: 'O(1)', handler: zcard,
  },
  {
    ...sortedSet, ...oneKey, name: 'zcount', arity: 4, flags: ['readonly', 'fast'],
    summary: 'Count the members in a sorted set with scores within the given values', since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zcount,
  },
  {
    ...sortedSet, ...oneKey, name: 'zscore', arity: 3, flags: ['readonly', 'fast'],
    summary: 'Get the score associated with the given member in a sorted set', since: '1.2.0', complexity: 'O(1)', handler: zscore,
  },
  {
    ...sortedSet, ...oneKey, name: 'zmscore', arity: -3, flags: ['readonly', 'fast'],
    summary: 'Get the score associated with the given members in a sorted set', since: '6.2.0',
    complexity: 'O(N) where N is the number of members being requested.', handler: zmscore,
  },
  {
    // Arity -3 (Redis 7.2's) so WITHSCORE reaches the handler; Redis 7.0 has 3.
    ...sortedSet, ...oneKey, name: 'zrank', arity: -3, flags: ['readonly', 'fast'],
    summary: 'Determine the index of a member in a sorted set', since: '2.0.0', complexity: 'O(log(N))', handler: rankGeneric(false),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrevrank', arity: -3, flags: ['readonly', 'fast'],
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low', since: '2.0.0',
    complexity: 'O(log(N))', handler: rankGeneric(true),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrange', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    handler: rangeCommand(1, false, 'auto', 'auto'),
  },
  {
    ...sortedSet, firstKey: 1, lastKey: 2, keyStep: 1, name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'],
    summary: 'Store a range of members from sorted set into another key', since: '6.2.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    handler: rangeCommand(2, true, 'auto', 'auto'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrevrange', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    handler: rangeCommand(1, false, 'rank', 'reverse'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrangebyscore', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set, by score', since: '1.0.5', complexity: rangeComplexity,
    handler: rangeCommand(1, false, 'score', 'forward'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrevrangebyscore', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low', since: '2.2.0',
    complexity: rangeComplexity, handler: rangeCommand(1, false, 'score', 'reverse'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrangebylex', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set, by lexicographical range', since: '2.8.9', complexity: rangeComplexity,
    handler: rangeCommand(1, false, 'lex', 'forward'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zrevrangebylex', arity: -4, flags: ['readonly'],
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.', since: '2.8.9',
    complexity: rangeComplexity, handler: rangeCommand(1, false, 'lex', 'reverse'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'],
    summary: 'Count the number of members in a sorted set between a given lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zlexcount,
  },
  {
    ...sortedSet, ...oneKey, name: 'zpopmin', arity: -2, flags: ['write', 'fast'],
    summary: 'Remove and return members with the lowest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: popMinMax(false),
  },
  {
    ...sortedSet, ...oneKey, name: 'zpopmax', arity: -2, flags: ['write', 'fast'],
    summary: 'Remove and return members with the highest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: popMinMax(true),
  },
  {
    ...sortedSet, firstKey: 1, lastKey: -2, keyStep: 1, name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: blockingPopMinMax(false),
  },
  {
    ...sortedSet, firstKey: 1, lastKey: -2, keyStep: 1, name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: blockingPopMinMax(true),
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(1, []), name: 'zmpop', arity: -4, flags: ['write'],
    summary: 'Remove and return members with scores in a sorted set', since: '7.0.0', complexity: popComplexity, handler: zmpop,
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(2, []), name: 'bzmpop', arity: -5, flags: ['write', 'blocking'],
    summary: 'Remove and return members with scores in a sorted set or block until one is available', since: '7.0.0',
    complexity: popComplexity, handler: bzmpop,
  },
  {
    ...sortedSet, ...oneKey, name: 'zremrangebyrank', arity: 4, flags: ['write'],
    summary: 'Remove all members in a sorted set within the given indexes', since: '2.0.0', complexity: removeRangeComplexity,
    handler: removeRangeGeneric('rank'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zremrangebyscore', arity: 4, flags: ['write'],
    summary: 'Remove all members in a sorted set within the given scores', since: '1.2.0', complexity: removeRangeComplexity,
    handler: removeRangeGeneric('score'),
  },
  {
    ...sortedSet, ...oneKey, name: 'zremrangebylex', arity: 4, flags: ['write'],
    summary: 'Remove all members in a sorted set between the given lexicographical range', since: '2.8.9', complexity: removeRangeComplexity,
    handler: removeRangeGeneric('lex'),
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(1, []), name: 'zunion', arity: -3, flags: ['readonly'],
    summary: 'Add multiple sorted sets', since: '6.2.0',
    complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: setOperationReply('union', 'zunion'),
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(1, []), name: 'zinter', arity: -3, flags: ['readonly'],
    summary: 'Intersect multiple sorted sets', since: '6.2.0',
    complexity:
      'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: setOperationReply('inter', 'zinter'),
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(1, []), name: 'zdiff', arity: -3, flags: ['readonly'],
    summary: 'Subtract multiple sorted sets', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: setOperationReply('diff', 'zdiff'),
  },
  {
    ...sortedSet, ...oneKey, keys: numkeysPositions(2, [1]), name: 'zunionstore', arity: -4, flags: ['write', 'denyoom'],
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: setOperationStore('union', 'zunionstore'),
  },
  {
    ...sortedSet, ...oneKey, keys: numkeysPositions(2, [1]), name: 'zinterstore', arity: -4, flags: ['write', 'denyoom'],
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity:
      'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: setOperationStore('inter', 'zinterstore'),
  },
  {
    ...sortedSet, ...oneKey, keys: numkeysPositions(2, [1]), name: 'zdiffstore', arity: -4, flags: ['write', 'denyoom'],
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: setOperationStore('diff', 'zdiffstore'),
  },
  {
    ...sortedSet, ...noKeys, keys: numkeysPositions(1, []), name: 'zintercard', arity: -3, flags: ['readonly'],
    summary: 'Intersect multiple sorted sets and return the cardinality of the result', since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.', handler: zintercard,
  },
  {
    ...sortedSet, ...oneKey, name: 'zrandmember', arity: -2, flags: ['readonly'], tips: ['nondeterministic_output'],
    summary: 'Get one or multiple random elements from a sorted set', since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned', handler: zrandmember,
  },
  {
    ...sortedSet, ...oneKey, name: 'zscan', arity: -3, flags: ['readonly'], tips: ['nondeterministic_output'],
    summary: 'Incrementally iterate sorted sets elements and associated scores', since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: zscan,
  },
];
