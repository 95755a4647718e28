/**
 * SORT and SORT_RO (Redis 7.0 sort.c) over lists, sets and sorted sets: numeric or ALPHA order,
 * ASC/DESC, LIMIT, BY with weight keys (`*` replaced by the element, `->field` for a hash field;
 * a pattern without `*` means no sorting), GET (`#` for the element), and STORE into a list.
 *
 * Order, as Redis gives it:
 * - Numeric sorting breaks ties between equal scores by comparing the elements' bytes, so its
 *   order is total. ALPHA compares with strcoll, which in the C (and C.UTF-8) locale Redis runs
 *   in is a byte comparison that stops at the first NUL byte; with STORE Redis compares whole
 *   byte strings instead. ALPHA with BY puts elements whose weight key is missing first.
 * - Elements that compare equal (ALPHA with BY: equal or missing weights; ALPHA: equal up to a
 *   NUL) keep the order they were loaded in, as glibc's qsort (a merge sort) keeps them; with BY
 *   and a LIMIT that does not cover everything Redis uses its own partial quicksort (pqsort.c),
 *   which `partialSort` (util/pqsort.ts) reproduces step for step so the same elements land in the range.
 * - Elements are loaded in list order, intset order (ascending) for an intset, and score order
 *   for a sorted set. Redis loads a hashtable set, and a sorted set it sorts, in hash order,
 *   which cairn does not reproduce: only their ties (ALPHA with BY) can order differently from
 *   Redis. For those ties cairn loads a hashtable set's members in byte order, so the result is
 *   a function of the set's contents alone.
 * - BY without `*` (`nosort`) keeps the natural order: a list's (reversed by DESC), a sorted
 *   set's score order (reversed by DESC), a set's iteration order (DESC ignored); LIMIT then
 *   takes a range. A set with nosort and STORE is sorted ALPHA instead (Redis does so for
 *   determinism), so what is stored never depends on iteration order.
 *
 * Like Redis, SORT converts a listpack sorted set it reads to a skiplist (zsetConvert), without
 * telling watchers (see `sortedSetForSort`).
 *
 * Numbers are read as Redis's strtod reads them (see `sortScore`), each value on its own. Redis
 * 7.0 also tests errno after strtod without clearing it first, so once a value out of the double
 * range set ERANGE, its later SORTs that read numbers with strtod fail too until a failing system
 * call changes errno; cairn does not reproduce that process state.
 *
 * Effects: SORT ... STORE is deterministic given the data (see the order above) and logs its
 * argv when it stored something or deleted the destination; SORT without STORE and SORT_RO are
 * reads. The weight and GET keys a SORT reads cannot be named from its arguments: the key specs
 * of Redis mark them unknown, and COMMAND GETKEYS names only the sorted key and the destination.
 */
import type { Entry } from '../keyspace/entry.js';
import { ListValue } from '../keyspace/list.js';
import { SortedSetValue } from '../keyspace/zset.js';
import { errors } from '../resp/errors.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import { parseDouble, parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';
import { newSortedSetSeed } from './sorted-sets.js';
import { type Order, partialSort } from '../util/pqsort.js';

/** LIMIT arguments are clamped to this before use: beyond any collection's size, exact as a JS number. */
const LIMIT_MAGNITUDE_MAX = 2n ** 53n;
/** The smallest normal double: strtod sets ERANGE for a result below it that it had to round. */
const DOUBLE_NORMAL_MIN = 2.2250738585072014e-308;
/** The exponent of the smallest subnormal double (2^-1074). */
const DOUBLE_SUBNORMAL_EXPONENT_MIN = -1074;

// ---- options ----------------------------------------------------------------------------------

/** A BY or GET pattern, taken apart once (lookupKeyByPattern's parsing). */
interface KeyPattern {
  /** `#`: the element itself. */
  readonly self: boolean;
  /** False when the pattern has no `*` (before any NUL byte): it never names a key. */
  readonly substitutes: boolean;
  readonly prefix: string;
  readonly suffix: string;
  /** The hash field after `->`, or null for a string key. */
  readonly field: string | null;
}

interface SortOptions {
  descending: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  /** The BY pattern when it sorts by weights; null without BY or when BY turned sorting off. */
  by: KeyPattern | null;
  /** BY named a pattern without `*`: keep the natural order. Once set, a later BY does not clear it (as Redis). */
  dontSort: boolean;
  gets: KeyPattern[];
  storeKey: string | null;
}

/** The text C functions see: up to the first NUL byte. */
function cString(text: string): string {
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/** Redis lookupKeyByPattern's reading of a pattern: `#`, the first `*`, and `->field` after it. */
function parsePattern(pattern: string): KeyPattern {
  const self = pattern.charCodeAt(0) === 0x23 && (pattern.length === 1 || pattern.charCodeAt(1) === 0);
  const visible = cString(pattern);
  const star = visible.indexOf('*');
  if (self || star === -1) return { self, substitutes: false, prefix: '', suffix: '', field: null };
  const arrow = visible.indexOf('->', star + 1);
  const hasField = arrow !== -1 && arrow + 2 < visible.length;
  return {
    self: false,
    substitutes: true,
    prefix: pattern.slice(0, star),
    suffix: pattern.slice(star + 1, hasField ? arrow : pattern.length),
    field: hasField ? pattern.slice(arrow + 2) : null,
  };
}

/** A LIMIT argument as a C long, clamped to ±2^53 (Redis clamps it to the collection's size next). */
function parseLimit(text: string): number | null {
  const value = parseInt64(text);
  if (value === null) return null;
  if (value > LIMIT_MAGNITUDE_MAX) return Number(LIMIT_MAGNITUDE_MAX);
  if (value < -LIMIT_MAGNITUDE_MAX) return -Number(LIMIT_MAGNITUDE_MAX);
  return Number(value);
}

/** sortCommandGeneric's option parsing, left to right; SORT_RO knows no STORE. */
function parseOptions(argv: readonly string[], readOnly: boolean): SortOptions | ErrorReply {
  const options: SortOptions = {
    descending: false, alpha: false, limitStart: 0, limitCount: -1, by: null, dontSort: false, gets: [], storeKey: null,
  };
  for (let index = 2; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const remaining = argv.length - index - 1;
    if (option === 'asc') {
      options.descending = false;
    } else if (option === 'desc') {
      options.descending = true;
    } else if (option === 'alpha') {
      options.alpha = true;
    } else if (option === 'limit' && remaining >= 2) {
      const start = parseLimit(argv[index + 1] as string);
      const count = parseLimit(argv[index + 2] as string);
      if (start === null || count === null) return errors.notInteger;
      options.limitStart = start;
      options.limitCount = count;
      index += 2;
    } else if (option === 'store' && remaining >= 1 && !readOnly) {
      options.storeKey = argv[++index] as string;
    } else if (option === 'by' && remaining >= 1) {
      const pattern = parsePattern(argv[++index] as string);
      options.by = pattern;
      if (!pattern.substitutes) options.dontSort = true;
    } else if (option === 'get' && remaining >= 1) {
      options.gets.push(parsePattern(argv[++index] as string));
    } else {
      return errors.syntax;
    }
  }
  if (options.dontSort) options.by = null;
  return options;
}

// ---- looking up weights and GET values ----------------------------------------------------------

/** The string a pattern names for `element` (lookupKeyByPattern): a string key's value, a hash field, the element for `#`; null when missing. */
function lookupByPattern(ctx: CommandContext, pattern: KeyPattern, element: string): string | null {
  if (pattern.self) return element;
  if (!pattern.substitutes) return null;
  const entry = ctx.db.read(pattern.prefix + element + pattern.suffix);
  if (entry === undefined) return null;
  if (pattern.field === null) return entry.type === 'string' ? entry.value : null;
  return entry.type === 'hash' ? (entry.value.get(pattern.field) ?? null) : null;
}

/** True for the characters C's isspace accepts in the C locale. */
function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * The score SORT reads from a string, as Redis 7.0 does with strtod: up to the first NUL byte,
 * leading white space skipped, the rest read whole (decimal, hex, inf); null where Redis reports
 * "can't be converted": trailing text, no number at all (but the empty string reads as 0), NaN,
 * and ERANGE (overflow, underflow, and a subnormal result that had to be rounded).
 */
export function sortScore(text: string): number | null {
  const visible = cString(text);
  if (visible.length === 0) return 0;
  let start = 0;
  while (start < visible.length && isCSpace(visible.charCodeAt(start))) start++;
  const number = visible.slice(start);
  const value = parseDouble(number);
  if (value === null) return null;
  if (value !== 0 && Math.abs(value) < DOUBLE_NORMAL_MIN && !isExactHexSubnormal(number)) return null;
  return value;
}

/** Whether a hex float whose value is subnormal is exact (strtod sets no ERANGE); decimal forms never are in practice. */
function isExactHexSubnormal(text: string): boolean {
  const match = /^[+-]?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(text);
  if (match === null) return false;
  const fraction = match[2] ?? '';
  let mantissa = BigInt(`0x${match[1] ?? ''}${fraction}`);
  let exponent = Number(match[3] ?? '0') - 4 * fraction.length;
  const bits = mantissa.toString(2).length;
  for (let shifted = 0; shifted < bits && (mantissa & 1n) === 0n; shifted++) {
    mantissa >>= 1n;
    exponent++;
  }
  return exponent >= DOUBLE_SUBNORMAL_EXPONENT_MIN;
}

// ---- ordering ---------------------------------------------------------------------------------

/** One element being sorted (redisSortObject): its numeric score, or its ALPHA comparison text (null: weight missing). */
interface SortItem {
  readonly element: string;
  score: number;
  text: string | null;
}

type Compare = Order<SortItem>;

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Redis sortCompare for these options. */
function comparator(alpha: boolean, descending: boolean): Compare {
  const ascending: Compare = alpha
    ? (a, b) => {
        if (a.text === null || b.text === null) return a.text === b.text ? 0 : a.text === null ? -1 : 1;
        return compareBytes(a.text, b.text);
      }
    : (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.element, b.element));
  return descending ? (a, b) => -ascending(a, b) || 0 : ascending;
}

// ---- loading ------------------------------------------------------------------------------------

/** The range of positions to output (Redis's start and end, inclusive; end < start when empty). */
interface OutputRange {
  start: number;
  end: number;
}

/** Redis's LIMIT clamping against the collection's size. */
function outputRange(options: SortOptions, size: number): OutputRange {
  const start = Math.min(Math.max(options.limitStart, 0), size);
  const count = Math.min(Math.max(options.limitCount, -1), size);
  let end = count < 0 ? size - 1 : start + count - 1;
  if (start >= size) return { start: size - 1, end: size - 2 };
  if (end >= size) end = size - 1;
  return { start, end };
}

type Sortable = Extract<Entry, { type: 'list' | 'set' | 'zset' }>;

/**
 * Redis's SORT converts a listpack sorted set to a skiplist (zsetConvert) and tells no watcher.
 * SortedSetValue has no public conversion, so this adapter rebuilds the value as a skiplist
 * (fromSorted with limits no set meets) and puts it in the entry in place, as Redis does.
 */
function sortedSetForSort(ctx: CommandContext, entry: Extract<Entry, { type: 'zset' }>): SortedSetValue {
  const current = entry.value;
  if (!current.isListpack) return current;
  const members: string[] = [];
  const scores: number[] = [];
  current.forEach((member, score) => {
    members.push(member);
    scores.push(score);
  });
  const converted = SortedSetValue.fromSorted(newSortedSetSeed(ctx), members, scores, { entriesMax: -1, valueBytesMax: -1 });
  entry.value = converted;
  return converted;
}

/**
 * The elements to sort or output, in load order. With dontSort a list or sorted set gives only
 * the range (reversed by DESC) and the range becomes 0 .. its length - 1, as in Redis.
 */
function loadElements(ctx: CommandContext, entry: Sortable | undefined, options: SortOptions, range: OutputRange): string[] {
  if (entry === undefined) return [];
  if (entry.type === 'set') {
    const set = entry.value;
    const members = set.members();
    return options.alpha && options.by !== null && !set.isIntset ? members.sort(compareBytes) : members;
  }
  if (entry.type === 'list') {
    const list = entry.value;
    if (!options.dontSort) return list.values();
    return takeRange(range, list.size, options.descending, (first, count) => list.slice(first, count));
  }
  const zset = sortedSetForSort(ctx, entry);
  if (!options.dontSort) return membersInRanks(zset, 0, zset.size);
  return takeRange(range, zset.size, options.descending, (first, count) => membersInRanks(zset, first, first + count));
}

/** The elements of positions range.start .. range.end (counted from the end when descending); the range then starts at 0. */
function takeRange(range: OutputRange, size: number, descending: boolean, slice: (first: number, count: number) => string[]): string[] {
  const count = range.end - range.start + 1;
  if (count <= 0) return [];
  const elements = descending ? slice(size - 1 - range.end, count).reverse() : slice(range.start, count);
  range.end -= range.start;
  range.start = 0;
  return elements;
}

function membersInRanks(zset: SortedSetValue, start: number, stop: number): string[] {
  const members: string[] = [];
  zset.forEachInRanks(start, stop, false, (member) => members.push(member));
  return members;
}

/** The sorting vector: each element with its score or comparison text; null when a score is not a number. */
function sortItems(ctx: CommandContext, elements: readonly string[], options: SortOptions): SortItem[] | null {
  const items: SortItem[] = new Array<SortItem>(elements.length);
  const store = options.storeKey !== null;
  let convertible = true;
  for (let index = 0; index < elements.length; index++) {
    const element = elements[index] as string;
    const item: SortItem = { element, score: 0, text: null };
    items[index] = item;
    const weight = options.by === null ? element : lookupByPattern(ctx, options.by, element);
    if (weight === null) continue;
    if (options.alpha) {
      item.text = store ? weight : cString(weight);
    } else {
      const score = sortScore(weight);
      if (score === null) convertible = false;
      else item.score = score;
    }
  }
  return convertible ? items : null;
}

/** qsort (a stable merge sort in glibc) or, with BY and a partial range, pqsort. */
function order(items: SortItem[], options: SortOptions, range: OutputRange): void {
  const compare = comparator(options.alpha, options.descending);
  if (options.by !== null && (range.start !== 0 || range.end !== items.length - 1)) {
    partialSort(items, compare, range.start, range.end);
  } else {
    items.sort(compare);
  }
}

// ---- the command ------------------------------------------------------------------------------

/** The sorted elements of the range, or the error. */
function sortedRange(ctx: CommandContext, entry: Sortable | undefined, options: SortOptions): string[] | ErrorReply {
  const size = entry === undefined ? 0 : entry.value.size;
  const range = outputRange(options, size);
  const elements = loadElements(ctx, entry, options, range);
  if (options.dontSort) return range.start === 0 && range.end === elements.length - 1 ? elements : elements.slice(range.start, range.end + 1);
  const items = sortItems(ctx, elements, options);
  if (items === null) return errors.sortNotDouble;
  order(items, options, range);
  const result: string[] = [];
  for (let index = range.start; index <= range.end; index++) result.push((items[index] as SortItem).element);
  return result;
}

/** The output: the elements, or for each element the value of each GET pattern (`missing` where none). */
function applyGets<T>(ctx: CommandContext, elements: string[], gets: readonly KeyPattern[], missing: T): (string | T)[] {
  if (gets.length === 0) return elements;
  const output: (string | T)[] = [];
  for (const element of elements) {
    for (const pattern of gets) output.push(lookupByPattern(ctx, pattern, element) ?? missing);
  }
  return output;
}

/** Store the result as a list (created as Redis's SORT creates it: default fill); an empty result deletes the destination. */
function store(ctx: CommandContext, key: string, values: readonly string[]): Reply {
  if (values.length > 0) {
    ctx.db.set(key, 'list', ListValue.of(values));
    ctx.changed(values.length);
  } else if (ctx.db.delete(key)) {
    ctx.changed();
  }
  return values.length;
}

function sortGeneric(readOnly: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const options = parseOptions(argv, readOnly);
    if (options instanceof ErrorReply) return options;
    const entry = ctx.db.read(argv[1] as string);
    if (entry !== undefined && entry.type !== 'list' && entry.type !== 'set' && entry.type !== 'zset') return errors.wrongType;
    if (options.dontSort && entry?.type === 'set' && options.storeKey !== null) {
      options.dontSort = false;
      options.alpha = true;
      options.by = null;
    }
    const elements = sortedRange(ctx, entry, options);
    if (elements instanceof ErrorReply) return elements;
    if (options.storeKey === null) return applyGets(ctx, elements, options.gets, null);
    return store(ctx, options.storeKey, applyGets(ctx, elements, options.gets, ''));
  };
}

/** The options sortGetKeys skips with their arguments. */
const KEY_SEARCH_SKIPS: ReadonlyMap<string, number> = new Map([['limit', 2], ['get', 1], ['by', 1]]);

/**
 * Redis sortGetKeys: the sorted key, and the destination of the last STORE that has an argument.
 * Options are skipped with their arguments (LIMIT 2, GET and BY 1); STORE's own argument is not
 * skipped, exactly as Redis does it.
 */
function sortKeys(argv: readonly string[]): number[] {
  let destination = 0;
  for (let index = 2; index < argv.length; index++) {
    const word = (argv[index] as string).toLowerCase();
    const skip = KEY_SEARCH_SKIPS.get(word);
    if (skip !== undefined) index += skip;
    else if (word === 'store' && index + 1 < argv.length) destination = index + 1;
  }
  return destination === 0 ? [1] : [1, destination];
}

/** SORT reads keys it does not name when a BY pattern has a `*` or a GET is anything but `#`. */
function readsPatternKeys(argv: readonly string[]): boolean {
  for (let index = 2; index + 1 < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const pattern = argv[index + 1] as string;
    if ((option === 'by' && pattern.includes('*')) || (option === 'get' && pattern !== '#')) return true;
  }
  return false;
}

const sortComplexity =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';
const sortShape = { group: 'generic', arity: -2, firstKey: 1, lastKey: 1, keyStep: 1, categories: ['set', 'sortedset', 'list', 'dangerous'] } as const;

/** SORT and SORT_RO, with Redis 7.0's arity, flags, key positions and docs. */
export const sortCommands: readonly CommandSpec[] = [
  {
    ...sortShape, name: 'sort', flags: ['write', 'denyoom'], keys: sortKeys, readsUnnamedKeys: readsPatternKeys,
    summary: 'Sort the elements in a list, set or sorted set', since: '1.0.0', complexity: sortComplexity,
    handler: sortGeneric(false),
  },
  {
    ...sortShape, name: 'sort_ro', flags: ['readonly'], keys: () => [1], readsUnnamedKeys: readsPatternKeys,
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.', since: '7.0.0', complexity: sortComplexity,
    handler: sortGeneric(true),
  },
];
