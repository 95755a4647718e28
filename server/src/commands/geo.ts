/**
 * Geo commands (Redis geo.c): positions kept in sorted sets, each member's score its 52-bit
 * geohash (keyspace/geohash.ts), so ZRANGE WITHSCORES and every zset command see what Redis
 * shows. GEOADD, GEODIST, GEOHASH, GEOPOS, and the searches: GEOSEARCH, GEOSEARCHSTORE,
 * GEORADIUS, GEORADIUSBYMEMBER and their _RO forms, with Redis 7.0's option parsing, order of
 * checks and error texts.
 *
 * A search scans the score ranges of the centre's cell and its neighbours in Redis's order,
 * keeps the points inside the shape, and orders them as Redis does: a stable sort by distance
 * (glibc's qsort is a merge sort), or Redis's partial quicksort (pqsort, ported exactly) when
 * COUNT keeps fewer than were found, so ties between equal distances come out in Redis's order.
 *
 * Effects: GEOADD is logged as the ZADD Redis propagates (same options, the computed scores);
 * the STORE forms are deterministic given the data (the same scan and sorts) and log their argv
 * when they changed something, as Redis propagates them.
 */
import { SortedSetValue } from '../keyspace/zset.js';
import {
  type GeoShape,
  LATITUDE_MAX,
  LATITUDE_MIN,
  LONGITUDE_MAX,
  LONGITUDE_MIN,
  type Position,
  cellScoreRange,
  decodeScore,
  distance,
  distanceIfInShape,
  formatFixed,
  formatHumanDouble,
  positionScore,
  searchAreas,
  standardGeohash,
} from '../keyspace/geohash.js';
import { errors } from '../resp/errors.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import { parseDouble, parseInt64 } from '../util/number.js';
import { partialSort } from '../util/pqsort.js';
import type { CommandContext } from './context.js';
import { newSortedSetSeed, readSortedSet, sortedSetLimits, writeSortedSet } from './sorted-sets.js';
import type { CommandSpec } from './spec.js';

/** Elements visited per step of a cell's score range: a search with ANY stops within one step of its count. */
const SCAN_STEP_ELEMENTS = 256;
/** COUNT is a C long long; no set is near 2^53 members, so larger counts are clamped to it. */
const COUNT_MAX = 2 ** 53;
/** Digits after the point of a distance (Redis addReplyDoubleDistance's %.4f). */
const DISTANCE_DECIMALS = 4;
/** Digits after the point of a coordinate in an error text (%f). */
const ERROR_COORDINATE_DECIMALS = 6;


// ---- arguments ---------------------------------------------------------------------------------

/** Redis extractUnitOrReply: meters per unit (case-insensitive), or null. */
function metersPerUnit(unit: string): number | null {
  switch (unit.toLowerCase()) {
    case 'm':
      return 1;
    case 'km':
      return 1000;
    case 'ft':
      return 0.3048;
    case 'mi':
      return 1609.34;
    default:
      return null;
  }
}

/** Redis extractLongLatOrReply: two doubles (each parsed before the range is checked) within the limits. */
function parsePosition(longitudeText: string, latitudeText: string): Position | ErrorReply {
  const longitude = parseDouble(longitudeText);
  if (longitude === null) return errors.notFloat;
  const latitude = parseDouble(latitudeText);
  if (latitude === null) return errors.notFloat;
  if (longitude < LONGITUDE_MIN || longitude > LONGITUDE_MAX || latitude < LATITUDE_MIN || latitude > LATITUDE_MAX) {
    return errors.geoInvalidPosition(formatFixed(longitude, ERROR_COORDINATE_DECIMALS), formatFixed(latitude, ERROR_COORDINATE_DECIMALS));
  }
  return { longitude, latitude };
}

/** Redis longLatFromMember: the decoded position of a member, or null when it is not in the set. */
function memberPosition(value: SortedSetValue, member: string): Position | null {
  const score = value.score(member);
  if (score === undefined) return null;
  const position: Position = { longitude: 0, latitude: 0 };
  decodeScore(score, position);
  return position;
}

// ---- GEOADD ------------------------------------------------------------------------------------

/** GEOADD key [NX|XX] [CH] longitude latitude member [...]: Redis turns it into a ZADD of the scores. */
function geoadd(ctx: CommandContext, argv: readonly string[]): Reply {
  let nx = false;
  let xx = false;
  let ch = false;
  let first = 2;
  for (; first < argv.length; first++) {
    const option = (argv[first] as string).toLowerCase();
    if (option === 'nx') nx = true;
    else if (option === 'xx') xx = true;
    else if (option === 'ch') ch = true;
    else break;
  }
  // No element at all passes this check and fails ZADD's own (no score-member pair).
  if ((argv.length - first) % 3 !== 0 || (nx && xx) || first === argv.length) return errors.syntax;
  const zaddArgv = ['ZADD', ...argv.slice(1, first)];
  const scores: number[] = [];
  for (let index = first; index < argv.length; index += 3) {
    const position = parsePosition(argv[index] as string, argv[index + 1] as string);
    if (position instanceof ErrorReply) return position;
    const score = positionScore(position.longitude, position.latitude);
    scores.push(score);
    zaddArgv.push(String(score), argv[index + 2] as string);
  }
  const key = argv[1] as string;
  const found = writeSortedSet(ctx, key);
  if (found instanceof ErrorReply) return found;
  if (found === null && xx) return 0;
  const value = found ?? new SortedSetValue(newSortedSetSeed(ctx));
  const limits = sortedSetLimits(ctx);
  let added = 0;
  let updated = 0;
  for (let pair = 0; pair < scores.length; pair++) {
    const member = argv[first + 3 * pair + 2] as string;
    const exists = value.score(member) !== undefined;
    if ((exists && nx) || (!exists && xx)) continue;
    const outcome = value.set(member, scores[pair] as number, limits);
    if (outcome === 'added') added++;
    else if (outcome === 'updated') updated++;
  }
  if (added + updated > 0) {
    if (found === null) ctx.db.set(key, 'zset', value);
    else ctx.db.modified(key);
    ctx.propagate(zaddArgv);
  }
  return ch ? added + updated : added;
}

// ---- GEODIST, GEOHASH, GEOPOS ------------------------------------------------------------------

/** Redis addReplyDoubleDistance: %.4f as a bulk string, in RESP3 too. */
function distanceReply(meters: number): string {
  return formatFixed(meters, DISTANCE_DECIMALS);
}

/** A coordinate as Redis addReplyHumanLongDouble sends it: a bulk string in RESP2, a double in RESP3. */
function coordinateReply(ctx: CommandContext, coordinate: number): Reply {
  const text = formatHumanDouble(coordinate);
  return ctx.client.protocol === 3 ? new DoubleReply(coordinate, text) : text;
}

/** GEODIST key member1 member2 [unit]: the unit is checked before the key. */
function geodist(ctx: CommandContext, argv: readonly string[]): Reply {
  let conversion = 1;
  if (argv.length === 5) {
    const meters = metersPerUnit(argv[4] as string);
    if (meters === null) return errors.geoUnsupportedUnit;
    conversion = meters;
  } else if (argv.length > 5) {
    return errors.syntax;
  }
  const value = readSortedSet(ctx, argv[1] as string);
  if (value === null || value instanceof ErrorReply) return value;
  const first = memberPosition(value, argv[2] as string);
  const second = memberPosition(value, argv[3] as string);
  if (first === null || second === null) return null;
  return distanceReply(distance(first.longitude, first.latitude, second.longitude, second.latitude) / conversion);
}

/** GEOHASH key member [...]: 11-character standard geohashes, null for missing members. */
function geohash(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readSortedSet(ctx, argv[1] as string);
  if (value instanceof ErrorReply) return value;
  const replies: Reply[] = [];
  for (let index = 2; index < argv.length; index++) {
    const score = value?.score(argv[index] as string);
    replies.push(score === undefined ? null : standardGeohash(score));
  }
  return replies;
}

/** GEOPOS key member [...]: [longitude, latitude] of each member, a null array for missing ones. */
function geopos(ctx: CommandContext, argv: readonly string[]): Reply {
  const value = readSortedSet(ctx, argv[1] as string);
  if (value instanceof ErrorReply) return value;
  const replies: Reply[] = [];
  for (let index = 2; index < argv.length; index++) {
    const position = value === null ? null : memberPosition(value, argv[index] as string);
    replies.push(position === null ? NULL_ARRAY : [coordinateReply(ctx, position.longitude), coordinateReply(ctx, position.latitude)]);
  }
  return replies;
}

// ---- searches: parsing -------------------------------------------------------------------------

/** Redis georadiusGeneric's flags: which command is parsing. */
const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

type SortOrder = 'none' | 'asc' | 'desc';

/** The shape being parsed (Redis GeoShape, filled in as the options come). */
interface MutableShape {
  kind: 'radius' | 'box';
  longitude: number;
  latitude: number;
  radius: number;
  width: number;
  height: number;
  conversion: number;
}

/** A parsed search command. */
interface SearchRequest {
  readonly shape: MutableShape;
  withDist: boolean;
  withHash: boolean;
  withCoord: boolean;
  sort: SortOrder;
  /** ANY: stop once `count` points were found. */
  any: boolean;
  /** COUNT, 0 for none. */
  count: number;
  storeKey: string | null;
  storeDist: boolean;
}

/** Redis extractDistanceOrReply: `radius unit` at argv[index]. */
function parseRadius(argv: readonly string[], index: number, shape: MutableShape): ErrorReply | null {
  const radius = parseDouble(argv[index] as string);
  if (radius === null) return errors.geoRadiusNotNumeric;
  if (radius < 0) return errors.geoRadiusNegative;
  const conversion = metersPerUnit(argv[index + 1] as string);
  if (conversion === null) return errors.geoUnsupportedUnit;
  shape.radius = radius;
  shape.conversion = conversion;
  return null;
}

/** Redis extractBoxOrReply: `width height unit` at argv[index]. */
function parseBox(argv: readonly string[], index: number, shape: MutableShape): ErrorReply | null {
  const width = parseDouble(argv[index] as string);
  if (width === null) return errors.geoWidthNotNumeric;
  const height = parseDouble(argv[index + 1] as string);
  if (height === null) return errors.geoHeightNotNumeric;
  if (height < 0 || width < 0) return errors.geoBoxNegative;
  const conversion = metersPerUnit(argv[index + 2] as string);
  if (conversion === null) return errors.geoUnsupportedUnit;
  shape.width = width;
  shape.height = height;
  shape.conversion = conversion;
  return null;
}

/** Set the shape's centre from a parsed position, or return its error. */
function setCentre(shape: MutableShape, position: Position | ErrorReply): ErrorReply | null {
  if (position instanceof ErrorReply) return position;
  shape.longitude = position.longitude;
  shape.latitude = position.latitude;
  return null;
}

/** The arguments before the options: GEORADIUS's centre and radius, GEORADIUSBYMEMBER's member and radius. Returns where options start. */
function parseLeading(argv: readonly string[], flags: number, value: SortedSetValue | null, request: SearchRequest): number | ErrorReply {
  const shape = request.shape;
  if (flags & RADIUS_COORDS) {
    const invalid = setCentre(shape, parsePosition(argv[2] as string, argv[3] as string)) ?? parseRadius(argv, 4, shape);
    return invalid ?? 6;
  }
  if (flags & RADIUS_MEMBER) {
    // Without the key Redis parses nothing more here: the reply is empty (or 0 with STORE) anyway.
    if (value === null) return 5;
    const invalid = setCentre(shape, memberPosition(value, argv[2] as string) ?? errors.geoMemberNotFound) ?? parseRadius(argv, 3, shape);
    return invalid ?? 5;
  }
  if (flags & GEOSEARCHSTORE) {
    request.storeKey = argv[1] as string;
    return 3;
  }
  return 2;
}

/** Redis georadiusGeneric's option loop and its checks after it, in Redis's order. */
function parseSearch(argv: readonly string[], flags: number, value: SortedSetValue | null): SearchRequest | ErrorReply {
  const request: SearchRequest = {
    shape: { kind: 'radius', longitude: 0, latitude: 0, radius: 0, width: 0, height: 0, conversion: 1 },
    withDist: false, withHash: false, withCoord: false, sort: 'none', any: false, count: 0, storeKey: null, storeDist: false,
  };
  const base = parseLeading(argv, flags, value, request);
  if (base instanceof ErrorReply) return base;
  const found = { fromMember: false, fromPosition: false, byRadius: false, byBox: false };
  const search = (flags & GEOSEARCH) !== 0;
  const storeAllowed = (flags & (RADIUS_NOSTORE | GEOSEARCH)) === 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const index = base + i;
    const option = (argv[index] as string).toLowerCase();
    const shape = request.shape;
    let invalid: ErrorReply | null = null;
    if (option === 'withdist') request.withDist = true;
    else if (option === 'withhash') request.withHash = true;
    else if (option === 'withcoord') request.withCoord = true;
    else if (option === 'any') request.any = true;
    else if (option === 'asc') request.sort = 'asc';
    else if (option === 'desc') request.sort = 'desc';
    else if (option === 'count' && i + 1 < remaining) {
      const count = parseInt64(argv[index + 1] as string);
      if (count === null) return errors.notInteger;
      if (count <= 0n) return errors.geoCountNotPositive;
      request.count = count > BigInt(COUNT_MAX) ? COUNT_MAX : Number(count);
      i++;
    } else if ((option === 'store' || option === 'storedist') && i + 1 < remaining && storeAllowed) {
      request.storeKey = argv[index + 1] as string;
      request.storeDist = option === 'storedist';
      i++;
    } else if (option === 'storedist' && search && (flags & GEOSEARCHSTORE) !== 0) {
      request.storeDist = true;
    } else if (option === 'frommember' && i + 1 < remaining && search && !found.fromPosition) {
      // Without the key the member is not looked up: the reply is empty anyway.
      if (value !== null) invalid = setCentre(shape, memberPosition(value, argv[index + 1] as string) ?? errors.geoMemberNotFound);
      found.fromMember = true;
      i++;
    } else if (option === 'fromlonlat' && i + 2 < remaining && search && !found.fromMember) {
      invalid = setCentre(shape, parsePosition(argv[index + 1] as string, argv[index + 2] as string));
      found.fromPosition = true;
      i += 2;
    } else if (option === 'byradius' && i + 2 < remaining && search && !found.byBox) {
      invalid = parseRadius(argv, index + 1, shape);
      shape.kind = 'radius';
      found.byRadius = true;
      i += 2;
    } else if (option === 'bybox' && i + 3 < remaining && search && !found.byRadius) {
      invalid = parseBox(argv, index + 1, shape);
      shape.kind = 'box';
      found.byBox = true;
      i += 3;
    } else {
      return errors.syntax;
    }
    if (invalid !== null) return invalid;
  }
  return checkSearch(argv, flags, request, found);
}

/** The checks Redis makes after the option loop. */
function checkSearch(
  argv: readonly string[],
  flags: number,
  request: SearchRequest,
  found: { fromMember: boolean; fromPosition: boolean; byRadius: boolean; byBox: boolean },
): SearchRequest | ErrorReply {
  if (request.storeKey !== null && (request.withDist || request.withHash || request.withCoord)) {
    return flags & GEOSEARCHSTORE ? errors.geoSearchStoreWithReplyOptions : errors.geoRadiusStoreWithReplyOptions;
  }
  if (flags & GEOSEARCH && !(found.fromMember || found.fromPosition)) return errors.geoSearchWithoutCentre(argv[0] as string);
  if (flags & GEOSEARCH && !(found.byRadius || found.byBox)) return errors.geoSearchWithoutShape(argv[0] as string);
  if (request.any && request.count === 0) return errors.geoAnyWithoutCount;
  return request;
}

// ---- searches: the scan and the sorts ------------------------------------------------------------

/** A point found inside the shape (Redis geoPoint). */
interface GeoPoint {
  readonly member: string;
  readonly score: number;
  /** Meters from the centre. */
  readonly distance: number;
  readonly longitude: number;
  readonly latitude: number;
}

/**
 * Visit the elements of ranks start .. stop - 1 in order until `visit` returns true (ANY's early
 * stop), a step of SCAN_STEP_ELEMENTS at a time over SortedSetValue.forEachInRanks.
 */
function visitRanksUntil(value: SortedSetValue, start: number, stop: number, visit: (member: string, score: number) => boolean): boolean {
  let done = false;
  for (let rank = start; rank < stop && !done; rank += SCAN_STEP_ELEMENTS) {
    value.forEachInRanks(rank, Math.min(rank + SCAN_STEP_ELEMENTS, stop), false, (member, score) => {
      if (!done) done = visit(member, score);
    });
  }
  return done;
}

/**
 * Redis membersOfAllNeighbors: the points inside the shape from each cell to search, cells in
 * order (a cell equal to the one scanned before it is skipped), points of a cell in score
 * order; with `limit` (ANY) it stops once that many were found.
 */
function findPoints(value: SortedSetValue, shape: GeoShape, limit: number): GeoPoint[] {
  const cells = searchAreas(shape).cells;
  const points: GeoPoint[] = [];
  const position: Position = { longitude: 0, latitude: 0 };
  const full = () => limit > 0 && points.length >= limit;
  let lastScanned = 0;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (cell === null || cell === undefined) continue;
    const previous = cells[lastScanned];
    // As in Redis, `last_processed` 0 means none (the centre cell is never compared).
    if (lastScanned !== 0 && previous && previous.bits === cell.bits && previous.step === cell.step) continue;
    if (full()) break;
    const range = cellScoreRange(cell);
    const ranks = value.scoreRanks({ min: range.min, minExclusive: false, max: range.max, maxExclusive: true });
    visitRanksUntil(value, ranks.start, ranks.stop, (member, score) => {
      decodeScore(score, position);
      const meters = distanceIfInShape(shape, position.longitude, position.latitude);
      // A NaN distance (asin just past 1 near antipodes) passes Redis's `distance > radius` test.
      if (meters >= 0 || Number.isNaN(meters)) points.push({ member, score, distance: meters, longitude: position.longitude, latitude: position.latitude });
      return full();
    });
    lastScanned = index;
  }
  return points;
}

/** A qsort comparator: negative, zero or positive. */

/** Redis sort_gp_asc: by distance only (equal distances compare equal). */
function nearestFirst(a: GeoPoint, b: GeoPoint): number {
  return a.distance > b.distance ? 1 : a.distance === b.distance ? 0 : -1;
}

/** Redis sort_gp_desc. */
function farthestFirst(a: GeoPoint, b: GeoPoint): number {
  return -nearestFirst(a, b);
}

/** Order the points as Redis does; returns how many are kept (COUNT). */
function orderPoints(points: GeoPoint[], request: SearchRequest): number {
  const kept = request.count === 0 || points.length < request.count ? points.length : request.count;
  if (request.sort === 'none') return kept;
  const compare = request.sort === 'asc' ? nearestFirst : farthestFirst;
  // glibc's qsort is a merge sort: stable, as Array.prototype.sort.
  if (kept === points.length) points.sort(compare);
  else partialSort(points, compare, 0, kept - 1);
  return kept;
}

// ---- searches: replies and stores ----------------------------------------------------------------

/** WITHHASH: the score as a C long long (a score is an integer in every cell a search scans). */
function hashReply(score: number): Reply {
  const integer = Math.trunc(score);
  return Number.isSafeInteger(integer) ? integer : BigInt(integer);
}

function searchReply(ctx: CommandContext, points: readonly GeoPoint[], kept: number, request: SearchRequest): Reply {
  const withOptions = request.withDist || request.withHash || request.withCoord;
  const replies: Reply[] = [];
  for (let index = 0; index < kept; index++) {
    const point = points[index] as GeoPoint;
    if (!withOptions) {
      replies.push(point.member);
      continue;
    }
    const item: Reply[] = [point.member];
    if (request.withDist) item.push(distanceReply(point.distance / request.shape.conversion));
    if (request.withHash) item.push(hashReply(point.score));
    if (request.withCoord) item.push([coordinateReply(ctx, point.longitude), coordinateReply(ctx, point.latitude)]);
    replies.push(item);
  }
  return replies;
}

/** STORE / STOREDIST / GEOSEARCHSTORE: the kept points as a sorted set (scores or distances in the unit); an empty result deletes the key. */
function storeSearch(ctx: CommandContext, points: readonly GeoPoint[], kept: number, request: SearchRequest, storeKey: string): Reply {
  if (kept === 0) {
    if (ctx.db.delete(storeKey)) ctx.changed();
    return 0;
  }
  const elements: { member: string; score: number }[] = [];
  for (let index = 0; index < kept; index++) {
    const point = points[index] as GeoPoint;
    elements.push({ member: point.member, score: request.storeDist ? point.distance / request.shape.conversion : point.score });
  }
  elements.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  const members = elements.map((element) => element.member);
  const scores = elements.map((element) => element.score);
  ctx.db.set(storeKey, 'zset', SortedSetValue.fromSorted(newSortedSetSeed(ctx), members, scores, sortedSetLimits(ctx)));
  ctx.changed(kept);
  return kept;
}

/** Redis georadiusGeneric: every search command, told apart by `flags`; the source key is at `sourceIndex`. */
function searchGeneric(sourceIndex: number, flags: number) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const value = readSortedSet(ctx, argv[sourceIndex] as string);
    if (value instanceof ErrorReply) return value;
    const request = parseSearch(argv, flags, value);
    if (request instanceof ErrorReply) return request;
    const storeKey = request.storeKey;
    if (value === null) {
      if (storeKey === null) return [];
      if (ctx.db.delete(storeKey)) ctx.changed();
      return 0;
    }
    if (request.count !== 0 && request.sort === 'none' && !request.any) request.sort = 'asc';
    const points = findPoints(value, request.shape, request.any ? request.count : 0);
    const kept = orderPoints(points, request);
    if (storeKey === null) return searchReply(ctx, points, kept, request);
    return storeSearch(ctx, points, kept, request, storeKey);
  };
}

// ---- the command table -------------------------------------------------------------------------

const geo = { group: 'geo', categories: ['geo'] } as const;
const oneKey = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const searchComplexity =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';
const radiusComplexity =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';

/**
 * Key positions of GEORADIUS (`optionsFrom` 6) and GEORADIUSBYMEMBER (5), as Redis 7.0's key
 * specs give them: the source, then the argument after the first STORE from `optionsFrom` on,
 * then the one after the first STOREDIST (a keyword in the last position names nothing).
 */
function radiusKeys(optionsFrom: number) {
  const after = (argv: readonly string[], keyword: string): number[] => {
    for (let index = optionsFrom; index < argv.length - 1; index++) {
      if ((argv[index] as string).toLowerCase() === keyword) return [index + 1];
    }
    return [];
  };
  return (argv: readonly string[]): number[] => [1, ...after(argv, 'store'), ...after(argv, 'storedist')];
}

/** The geo commands, with Redis 7.0's arity, flags, key positions and docs. */
export const geoCommands: readonly CommandSpec[] = [
  {
    ...geo, ...oneKey, name: 'geoadd', arity: -5, flags: ['write', 'denyoom'],
    summary: 'Add one or more geospatial items in the geospatial index represented using a sorted set', since: '3.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.', handler: geoadd,
  },
  {
    ...geo, ...oneKey, name: 'geodist', arity: -4, flags: ['readonly'],
    summary: 'Returns the distance between two members of a geospatial index', since: '3.2.0', complexity: 'O(log(N))', handler: geodist,
  },
  {
    ...geo, ...oneKey, name: 'geohash', arity: -2, flags: ['readonly'],
    summary: 'Returns members of a geospatial index as standard geohash strings', since: '3.2.0',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.', handler: geohash,
  },
  {
    ...geo, ...oneKey, name: 'geopos', arity: -2, flags: ['readonly'],
    summary: 'Returns longitude and latitude of members of a geospatial index', since: '3.2.0',
    complexity: 'O(N) where N is the number of members requested.', handler: geopos,
  },
  {
    ...geo, ...oneKey, name: 'geosearch', arity: -7, flags: ['readonly'],
    summary: 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.', since: '6.2.0',
    complexity: searchComplexity, handler: searchGeneric(1, GEOSEARCH),
  },
  {
    ...geo, firstKey: 1, lastKey: 2, keyStep: 1, name: 'geosearchstore', arity: -8, flags: ['write', 'denyoom'],
    summary:
      'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    since: '6.2.0', complexity: searchComplexity, handler: searchGeneric(2, GEOSEARCH | GEOSEARCHSTORE),
  },
  {
    ...geo, ...oneKey, keys: radiusKeys(6), name: 'georadius', arity: -6, flags: ['write', 'denyoom'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    since: '3.2.0', complexity: radiusComplexity, handler: searchGeneric(1, RADIUS_COORDS),
  },
  {
    ...geo, ...oneKey, keys: radiusKeys(5), name: 'georadiusbymember', arity: -5, flags: ['write', 'denyoom'],
    summary: 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    since: '3.2.0', complexity: radiusComplexity, handler: searchGeneric(1, RADIUS_MEMBER),
  },
  {
    ...geo, ...oneKey, name: 'georadius_ro', arity: -6, flags: ['readonly'],
    summary: 'A read-only variant for GEORADIUS', since: '3.2.10', complexity: radiusComplexity, handler: searchGeneric(1, RADIUS_COORDS | RADIUS_NOSTORE),
  },
  {
    ...geo, ...oneKey, name: 'georadiusbymember_ro', arity: -5, flags: ['readonly'],
    summary: 'A read-only variant for GEORADIUSBYMEMBER', since: '3.2.10', complexity: radiusComplexity,
    handler: searchGeneric(1, RADIUS_MEMBER | RADIUS_NOSTORE),
  },
];
