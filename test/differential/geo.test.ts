/**
 * Seeded differential test of the geo commands against Redis 7: a few hundred random points
 * (clusters around cities, the poles, the antimeridian, and positions shared by several members
 * so distances tie) go into a few keys, then a random stream of GEOADD (NX, XX, CH), searches of
 * every form (GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and the _RO forms, every
 * shape, unit and option, COUNT with and without ANY) around points of the sets and around
 * random centres, GEODIST, GEOPOS, GEOHASH, ZREM and generic reads goes to cairn and to Redis.
 * Replies must be equal, in order: results with equal distances and COUNT without ASC or DESC
 * come out in Redis's own order (its cells' order, its stable sort, its partial quicksort).
 *
 * Documented exceptions, all from one cause: sin, cos and asin are V8's (fdlibm) in cairn and
 * glibc's in Redis, and the two disagree in the last bit for a few percent of inputs, so about
 * one distance in a hundred differs from Redis's in its last bits (more near antipodal points,
 * where asin amplifies them):
 *
 * - distances stored by STOREDIST (ZRANGE ... WITHSCORES of those sets) are compared within a
 *   relative 1e-11;
 * - distances with 4 decimals (WITHDIST, GEODIST) may differ by one in the last decimal, which
 *   happens when a last-bit difference crosses a rounding boundary (about once in 30,000
 *   searches here).
 *
 * At the end every key's contents are compared (the distance sets' members only).
 */
import { isDeepStrictEqual } from 'node:util';
import { type CheckResult, describeDifferential } from '../support/differential.js';
import type { RespValue } from '../support/resp-client.js';
import type { Command } from '../support/side-by-side.js';

const GEO_KEYS = ['g1', 'g2', 'g3'];
const STORE_KEYS = ['d1', 'd2'];
/** A string (WRONGTYPE) and a key nothing creates. */
const OTHER_KEYS = ['str', 'missing'];
const MEMBERS_MAX = 300;
/** Steps at the start that each add BULK_POINTS points, so searches have a few hundred to find. */
const BULK_STEPS = 12;
const BULK_POINTS = 30;
/** Centres of the clusters: Paris, Palermo, both sides of the antimeridian, near both poles, the equator at 0. */
const CENTRES: readonly [number, number][] = [[2.35, 48.85], [13.36, 38.11], [179.8, 0.5], [-179.9, -0.5], [10, 84.6], [-70, -84.9], [0, 0]];
/** Positions several members share (their distances from any centre tie). */
const SHARED: readonly [string, string][] = [['2.35', '48.85'], ['2.36', '48.85'], ['2.34', '48.85'], ['13.36', '38.11'], ['180', '0'], ['0', '85.05112878']];
const UNITS: readonly [string, number][] = [['m', 1], ['km', 1000], ['ft', 0.3048], ['mi', 1609.34], ['KM', 1000]];
/** Search radii in km: from a street to a hemisphere. */
const RADII_KM = [0, 0.05, 1, 5, 20, 80, 300, 1200, 6000, 20000];

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const member = (random: Random) => `m${Math.floor(random() * MEMBERS_MAX)}`;

/** A coordinate text with 0 to 7 decimals. */
function coordinate(value: number, random: Random): string {
  return value.toFixed(Math.floor(random() * 8));
}

/** A position: near a centre, a shared one, anywhere, or (rarely) an invalid one. */
function position(random: Random): [string, string] {
  const roll = random();
  if (roll < 0.02) return pick(random, [['181', '0'], ['0', '86'], ['abc', '1'], ['-200', '-90']]);
  if (roll < 0.15) return pick(random, SHARED);
  if (roll < 0.25) return [coordinate(random() * 360 - 180, random), coordinate(random() * 170 - 85, random)];
  const [longitude, latitude] = pick(random, CENTRES);
  const spread = pick(random, [0.01, 0.2, 2]);
  const x = Math.max(-180, Math.min(180, longitude + (random() - 0.5) * 2 * spread));
  const y = Math.max(-85.05, Math.min(85.05, latitude + (random() - 0.5) * 2 * spread));
  return [coordinate(x, random), coordinate(y, random)];
}

function geoadd(random: Random, key: string, points: number): Command {
  const options = random() < 0.3 ? [pick(random, [['NX'], ['XX'], ['CH'], ['NX', 'CH'], ['XX', 'CH']])].flat() : [];
  const triples: string[] = [];
  for (let index = 0; index < points; index++) triples.push(...position(random), member(random));
  return ['GEOADD', key, ...options, ...triples];
}

/** A distance argument (radius, width, height) in a random unit: [value, unit]. */
function distanceIn(random: Random): [string, string, string] {
  const [unit, meters] = pick(random, UNITS);
  const amount = (kilometers: number) => String(Number(((kilometers * 1000) / meters).toPrecision(6)));
  return [amount(pick(random, RADII_KM)), amount(pick(random, RADII_KM)), unit];
}

/** The reply options of a search: some of WITHCOORD, WITHDIST, WITHHASH, an order, a COUNT (with ANY). */
function searchOptions(random: Random, withReplyOptions: boolean): string[] {
  const options: string[] = [];
  if (withReplyOptions) {
    for (const option of ['WITHCOORD', 'WITHDIST', 'WITHHASH']) if (random() < 0.3) options.push(option);
  }
  if (random() < 0.6) options.push(pick(random, ['ASC', 'DESC']));
  if (random() < 0.5) {
    options.push('COUNT', String(1 + Math.floor(random() * 25)));
    if (random() < 0.3) options.push('ANY');
  }
  if (random() < 0.02) options.push(pick(random, ['COUNT', 'ANY', 'bogus', 'COUNT 0']));
  return options.flatMap((option) => option.split(' '));
}

/** A key to search: mostly a geo key, sometimes another type or a missing key. */
function sourceKey(random: Random): string {
  return random() < 0.05 ? pick(random, OTHER_KEYS) : pick(random, GEO_KEYS);
}

function geosearch(random: Random, store: boolean): Command {
  const centre = random() < 0.5 ? ['FROMMEMBER', member(random)] : ['FROMLONLAT', ...position(random)];
  const [radius, height, unit] = distanceIn(random);
  const shape = random() < 0.6 ? ['BYRADIUS', radius, unit] : ['BYBOX', radius, height, unit];
  const parts = random() < 0.5 ? [...centre, ...shape] : [...shape, ...centre];
  const options = searchOptions(random, !store || random() < 0.03);
  if (store && random() < 0.4) options.push('STOREDIST');
  return store ? ['GEOSEARCHSTORE', pick(random, STORE_KEYS), sourceKey(random), ...parts, ...options] : ['GEOSEARCH', sourceKey(random), ...parts, ...options];
}

function georadius(random: Random): Command {
  const byMember = random() < 0.5;
  const readOnly = random() < 0.3;
  const [radius, , unit] = distanceIn(random);
  const name = `${byMember ? 'GEORADIUSBYMEMBER' : 'GEORADIUS'}${readOnly ? '_RO' : ''}`;
  const centre = byMember ? [member(random)] : position(random);
  const store = !readOnly && random() < 0.3;
  const options = searchOptions(random, !store || random() < 0.03);
  if (store) options.push(pick(random, ['STORE', 'STOREDIST']), pick(random, STORE_KEYS));
  return [name, sourceKey(random), ...centre, radius, unit, ...options];
}

function generate(random: Random, step: number): Command {
  if (step < BULK_STEPS) return geoadd(random, GEO_KEYS[step % 2] as string, BULK_POINTS);
  const key = sourceKey(random);
  const roll = random();
  if (roll < 0.12) return geoadd(random, random() < 0.05 ? 'str' : pick(random, GEO_KEYS), 1 + Math.floor(random() * 4));
  if (roll < 0.4) return geosearch(random, false);
  if (roll < 0.5) return geosearch(random, true);
  if (roll < 0.65) return georadius(random);
  if (roll < 0.71) return ['GEODIST', key, member(random), member(random), ...(random() < 0.7 ? [pick(random, UNITS)[0]] : [])];
  if (roll < 0.77) return ['GEOPOS', key, member(random), member(random)];
  if (roll < 0.82) return ['GEOHASH', key, member(random), member(random)];
  if (roll < 0.86) return ['ZREM', pick(random, GEO_KEYS), member(random)];
  if (roll < 0.92) return ['ZRANGE', pick(random, [...STORE_KEYS, 'g3']), 0, -1, 'WITHSCORES'];
  return [pick(random, ['TYPE', 'EXISTS', 'ZCARD']), pick(random, [...GEO_KEYS, ...STORE_KEYS])];
}

/** How far apart (relative) a stored distance may be from Redis's (see the file's comment). */
const STORED_DISTANCE_TOLERANCE = 1e-11;
/** A distance as WITHDIST and GEODIST write it. */
const FOUR_DECIMALS = /^\d+\.\d{4}$/;

/** The destination of a store command and whether it stores distances, or null for other commands. */
function storeTarget(command: Command): { key: string; distances: boolean } | null {
  const words = command.map((word) => String(word).toUpperCase());
  if (words[0] === 'GEOSEARCHSTORE') return { key: String(command[1]), distances: words.includes('STOREDIST') };
  const at = Math.max(words.lastIndexOf('STORE'), words.lastIndexOf('STOREDIST'));
  if (!words[0]?.startsWith('GEORADIUS') || at < 0) return null;
  return { key: String(command[at + 1]), distances: words[at] === 'STOREDIST' };
}


/** Two 4-decimal distances one unit apart in the last decimal. */
function lastDecimalApart(mine: string, theirs: string): boolean {
  if (!FOUR_DECIMALS.test(mine) || !FOUR_DECIMALS.test(theirs)) return false;
  const difference = BigInt(mine.replace('.', '')) - BigInt(theirs.replace('.', ''));
  return difference === 1n || difference === -1n;
}

/**
 * Replace each string or double of `fromCairn` that is close enough to the one at the same place
 * in `fromRedis` by Redis's (see the file's comment): with `storedDistances` (a ZRANGE
 * WITHSCORES of distances) any number within the relative tolerance, otherwise 4-decimal
 * distances one apart in the last decimal.
 */
function alignDistances(fromCairn: RespValue, fromRedis: RespValue, storedDistances: boolean): RespValue {
  if (fromCairn.t === 'array' && fromRedis.t === 'array' && fromCairn.v !== null && fromRedis.v !== null && fromCairn.v.length === fromRedis.v.length) {
    const items = fromRedis.v;
    return { t: 'array', v: fromCairn.v.map((item, index) => alignDistances(item, items[index] as RespValue, storedDistances)) };
  }
  const scalar = (value: RespValue) => (value.t === 'bulk' || value.t === 'double' ? value.v : null);
  const [mine, theirs] = [scalar(fromCairn), scalar(fromRedis)];
  if (mine === null || theirs === null || fromCairn.t !== fromRedis.t) return fromCairn;
  if (storedDistances && Math.abs(Number(mine) - Number(theirs)) <= STORED_DISTANCE_TOLERANCE * Math.abs(Number(theirs))) return fromRedis;
  return lastDecimalApart(mine, theirs) ? fromRedis : fromCairn;
}

function geoDifferential(title: string, seeds: readonly number[], resp3: boolean): void {
  /** Destinations whose last store wrote distances (as Redis answered: a store that failed changed nothing). */
  const holdingDistances = new Set<string>();
  const check = (command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult => {
    const target = storeTarget(command);
    if (target !== null && fromRedis.t === 'int') {
      if (target.distances) holdingDistances.add(target.key);
      else holdingDistances.delete(target.key);
    }
    const storedDistances = String(command[0]).toUpperCase() === 'ZRANGE' && holdingDistances.has(String(command[1]));
    const aligned = alignDistances(fromCairn, fromRedis, storedDistances);
    const same = isDeepStrictEqual(aligned, fromRedis);
    // A difference beyond the exceptions: the harness compares the replies as they came, and shows the history.
    return same ? 'checked' : 'compare';
  };
  describeDifferential({
    title,
    seeds,
    steps: 320,
    resp3,
    generate,
    check,
    finalCommands: () => [
      ...GEO_KEYS.flatMap((key): Command[] => [['ZRANGE', key, 0, -1, 'WITHSCORES'], ['OBJECT', 'ENCODING', key]]),
      ...STORE_KEYS.flatMap((key): Command[] => [['ZRANGE', key, 0, -1], ['OBJECT', 'ENCODING', key]]),
    ],
  });
}

geoDifferential('geo commands (RESP2)', [1, 2, 3, 4], false);
geoDifferential('geo commands (RESP3)', [5], true);
