import { describe, expect, it } from 'vitest';
import {
  GEO_STEP_MAX,
  type GeoShape,
  cellScoreRange,
  decodeArea,
  decodeScore,
  distance,
  encode,
  estimateStepsByRadius,
  formatFixed,
  formatHumanDouble,
  MERCATOR_LATITUDE,
  MERCATOR_LONGITUDE,
  positionScore,
  searchAreas,
  standardGeohash,
} from '../../server/src/keyspace/geohash.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, type Reply, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const syntaxError = new ErrorReply('ERR syntax error');
const notFloat = new ErrorReply('ERR value is not a valid float');

/** Scores, hashes and positions as Redis 7.0.15 gives them for these places (checked by hand with redis-cli). */
const PALERMO = { longitude: '13.361389', latitude: '38.115556', score: 3479099956230698, hash: 'sqc8b49rny0' };
const CATANIA = { longitude: '15.087269', latitude: '37.502669', score: 3479447370796909, hash: 'sqdtr74hyu0' };
const PARIS = { longitude: '2.349014', latitude: '48.864716', score: 3663832805879806, hash: 'u09tvrw3xg0' };

function withPlaces(server: Executor | EffectsPair, key = 'g'): void {
  server.run('GEOADD', key, PALERMO.longitude, PALERMO.latitude, 'Palermo', CATANIA.longitude, CATANIA.latitude, 'Catania');
  server.run('GEOADD', key, PARIS.longitude, PARIS.latitude, 'Paris', '0', '0', 'origin');
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair, mark = 0): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

function circle(longitude: number, latitude: number, radiusMeters: number): GeoShape {
  return { kind: 'radius', longitude, latitude, radius: radiusMeters, width: 0, height: 0, conversion: 1 };
}

describe('geohash: scores, positions and strings as Redis computes them', () => {
  it('a position becomes its 52-bit interleaved score, and the score decodes to the centre of its cell', () => {
    expect(positionScore(13.361389, 38.115556)).toBe(PALERMO.score);
    expect(positionScore(2.349014, 48.864716)).toBe(PARIS.score);
    expect(positionScore(0, 0)).toBe(3377699720527872);
    const position = { longitude: 0, latitude: 0 };
    decodeScore(PALERMO.score, position);
    expect(formatHumanDouble(position.longitude)).toBe('13.36138933897018433');
    expect(formatHumanDouble(position.latitude)).toBe('38.11555639549629859');
    decodeScore(3377699720527872, position);
    expect([formatHumanDouble(position.longitude), formatHumanDouble(position.latitude)]).toEqual(['0.00000268220901489', '0.00000126736058093']);
  });

  it('positions on the upper limits carry bits past 52, rounded as strtod reads the integer', () => {
    expect(positionScore(180, 85.05112878)).toBe(13510798882111488);
    expect(positionScore(180, 0)).toBe(10133099161583616);
    expect(positionScore(-180, -85.05112878)).toBe(0);
    expect(() => positionScore(181, 0)).toThrow(/assertion/);
  });

  it('any score decodes, converted to 64 bits as C does on x86-64, and clamped to the limits', () => {
    const position = { longitude: 0, latitude: 0 };
    const decoded = (score: number) => {
      decodeScore(score, position);
      return [formatHumanDouble(position.longitude), formatHumanDouble(position.latitude)];
    };
    expect(decoded(-1)).toEqual(['180', '85.0511287799999991']);
    expect(decoded(1e300)).toEqual(['-179.99999731779098511', '-85.05112751263942528']);
    expect(decoded(1.5)).toEqual(['-179.99999731779098511', '-85.05112497791824921']);
    expect(decoded(-1e300)).toEqual(['180', '-85.05112751263942528']);
    expect(decoded(2 ** 63)).toEqual(['180', '-85.05112751263942528']);
  });

  it('GEOHASH strings use the standard latitude range and end with 0', () => {
    expect(standardGeohash(PALERMO.score)).toBe(PALERMO.hash);
    expect(standardGeohash(CATANIA.score)).toBe(CATANIA.hash);
    expect(standardGeohash(PARIS.score)).toBe(PARIS.hash);
    expect(standardGeohash(3377699720527872)).toBe('s0000000000');
    expect(standardGeohash(10133099161583616)).toBe('80000000000');
    expect(standardGeohash(-1)).toBe('bp05b5048p0');
  });

  it('encode refuses positions outside the ranges; decodeArea gives the cell', () => {
    expect(encode(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, 0, 86, 10)).toBeNull();
    expect(encode(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, -181, 0, 10)).toBeNull();
    const hash = encode(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, 0, 0, 1);
    expect(hash).toEqual({ bits: 3n, step: 1 });
    expect(decodeArea(hash as { bits: bigint; step: number })).toEqual({ latitude: { min: 0, max: 85.05112878 }, longitude: { min: 0, max: 180 } });
  });

  it('the haversine distance uses the earth radius 6372797.560856 m', () => {
    const [palermo, catania] = [{ longitude: 0, latitude: 0 }, { longitude: 0, latitude: 0 }];
    decodeScore(PALERMO.score, palermo);
    decodeScore(CATANIA.score, catania);
    expect(formatFixed(distance(palermo.longitude, palermo.latitude, catania.longitude, catania.latitude), 4)).toBe('166274.1516');
    expect(distance(0, 0, 180, 0)).toBeCloseTo(Math.PI * 6372797.560856, 6);
    expect(distance(10, 20, 10, 20)).toBe(0);
  });

  it('the step estimate halves the Mercator range per step and is coarser near the poles', () => {
    expect(estimateStepsByRadius(0, 0)).toBe(GEO_STEP_MAX);
    expect(estimateStepsByRadius(1, 0)).toBe(24);
    expect(estimateStepsByRadius(1000, 0)).toBe(14);
    expect(estimateStepsByRadius(1000, 70)).toBe(13);
    expect(estimateStepsByRadius(1000, -81)).toBe(12);
    expect(estimateStepsByRadius(5_000_000, 0)).toBe(2);
    expect(estimateStepsByRadius(Infinity, 0)).toBe(1);
    expect(estimateStepsByRadius(1e-300, 0)).toBe(GEO_STEP_MAX);
  });

  it('a search covers the centre cell and the neighbours the bounding box reaches, in Redis order', () => {
    const small = searchAreas(circle(2.35, 48.85, 100)).cells;
    expect(small).toHaveLength(9);
    expect(small[0]).toEqual(encode(MERCATOR_LONGITUDE, MERCATOR_LATITUDE, 2.35, 48.85, (small[0] as { step: number }).step));
    expect(small.filter((cell) => cell !== null).length).toBeLessThan(9);
    const huge = searchAreas(circle(0, 0, 30_000_000)).cells;
    expect(huge.every((cell) => cell !== null && cell.step === 1)).toBe(true);
    const range = cellScoreRange({ bits: 3n, step: 1 });
    expect(range).toEqual({ min: 3 * 2 ** 50, max: 2 ** 52 });
  });

  it('formatFixed is C %f: exact, ties to even, every integer digit, and the sign of -0', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.15625, 4)).toBe('0.1562');
    expect(formatFixed(0.46875, 4)).toBe('0.4688');
    expect(formatFixed(9.99995, 4)).toBe('10.0000');
    expect(formatFixed(0.99999, 4)).toBe('1.0000');
    expect(formatFixed(-0, 6)).toBe('-0.000000');
    expect(formatFixed(200, 6)).toBe('200.000000');
    expect(formatFixed(1e21, 1)).toBe('1000000000000000000000.0');
    expect(formatFixed(-Infinity, 6)).toBe('-inf');
  });

  it('formatHumanDouble is %.17Lf without trailing zeros, and -0 is 0', () => {
    expect(formatHumanDouble(180)).toBe('180');
    expect(formatHumanDouble(-0.5)).toBe('-0.5');
    expect(formatHumanDouble(-0)).toBe('0');
    expect(formatHumanDouble(-1e-18)).toBe('0');
    expect(formatHumanDouble(2 ** -18)).toBe('0.00000381469726562');
  });
});

describe('GEOADD', () => {
  it('adds positions as sorted set members scored by their geohash', () => {
    const server = new Executor();
    expect(server.run('GEOADD', 'g', PALERMO.longitude, PALERMO.latitude, 'Palermo', CATANIA.longitude, CATANIA.latitude, 'Catania')).toBe(2);
    expect(server.run('ZSCORE', 'g', 'Palermo')).toEqual(new DoubleReply(PALERMO.score));
    expect(server.run('ZRANGE', 'g', 0, -1)).toEqual(['Palermo', 'Catania']);
    expect(server.run('TYPE', 'g')).toEqual(new Status('zset'));
  });

  it('NX, XX and CH work as in ZADD; a member repeated in one command counts once', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOADD', 'g', 'NX', '1', '1', 'Palermo', '2', '2', 'new')).toBe(1);
    expect(server.run('ZSCORE', 'g', 'Palermo')).toEqual(new DoubleReply(PALERMO.score));
    expect(server.run('GEOADD', 'g', 'XX', '1', '1', 'Palermo', '3', '3', 'other')).toBe(0);
    expect(server.run('ZSCORE', 'g', 'other')).toBeNull();
    expect(server.run('GEOADD', 'g', 'XX', 'CH', '1', '2', 'Palermo')).toBe(1);
    expect(server.run('GEOADD', 'g', 'ch', '1', '2', 'Palermo', '5', '5', 'five')).toBe(1);
    expect(server.run('GEOADD', 'g', 'CH', '6', '6', 'dup', '7', '7', 'dup')).toBe(2);
    expect(server.run('GEOADD', 'g', '6', '6', 'dup2', '7', '7', 'dup2')).toBe(1);
    expect(server.run('GEOADD', 'missing', 'XX', '1', '1', 'a')).toBe(0);
    expect(server.run('EXISTS', 'missing')).toBe(0);
  });

  it('refuses bad arguments before anything changes, with Redis texts', () => {
    const server = new Executor();
    server.run('SET', 'str', 'x');
    expect(server.run('GEOADD', 'g', '1', '2', 'a', '3')).toEqual(syntaxError);
    expect(server.run('GEOADD', 'g', 'NX', 'XX', '1', '2', 'a')).toEqual(syntaxError);
    expect(server.run('GEOADD', 'g', 'CH', 'CH', 'CH')).toEqual(syntaxError);
    expect(server.run('GEOADD', 'g', 'abc', '2', 'a')).toEqual(notFloat);
    expect(server.run('GEOADD', 'g', '1', '2', 'a', '200', '100', 'b')).toEqual(new ErrorReply('ERR invalid longitude,latitude pair 200.000000,100.000000'));
    expect(server.run('GEOADD', 'g', '0', '-85.05112879', 'a')).toEqual(new ErrorReply('ERR invalid longitude,latitude pair 0.000000,-85.051129'));
    expect(server.run('GEOADD', 'g', 'inf', '0', 'a')).toEqual(new ErrorReply('ERR invalid longitude,latitude pair inf,0.000000'));
    expect(server.run('GEOADD', 'str', '200', '0', 'a')).toEqual(new ErrorReply('ERR invalid longitude,latitude pair 200.000000,0.000000'));
    expect(server.run('GEOADD', 'str', '1', '2', 'a')).toEqual(wrongType);
    expect(server.run('EXISTS', 'g')).toBe(0);
  });

  it('keeps the listpack encoding up to zset-max-listpack-entries members and member bytes, then a skiplist', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-entries': 4 } });
    server.run('GEOADD', 'g', '1', '1', 'a', '2', '2', 'b', '3', '3', 'c', '4', '4', 'd');
    expect(server.run('OBJECT', 'ENCODING', 'g')).toEqual('listpack');
    server.run('GEOADD', 'g', '5', '5', 'e');
    expect(server.run('OBJECT', 'ENCODING', 'g')).toEqual('skiplist');
    server.run('GEOADD', 'long', '1', '1', 'x'.repeat(65));
    expect(server.run('OBJECT', 'ENCODING', 'long')).toEqual('skiplist');
  });

  it('is logged as the ZADD Redis propagates (options kept, scores computed); a no-op logs nothing', () => {
    const pair = new EffectsPair();
    pair.run('GEOADD', 'g', 'ch', PALERMO.longitude, PALERMO.latitude, 'Palermo', '0', '0', 'origin');
    expect(effectsSince(pair)).toEqual([['ZADD', 'g', 'ch', String(PALERMO.score), 'Palermo', '3377699720527872', 'origin']]);
    const mark = pair.allEffects().length;
    pair.run('GEOADD', 'g', PALERMO.longitude, PALERMO.latitude, 'Palermo');
    pair.run('GEOADD', 'g', 'NX', '5', '5', 'Palermo');
    pair.run('GEOADD', 'missing', 'XX', '5', '5', 'a');
    pair.run('GEOADD', 'g', '500', '5', 'bad');
    expect(effectsSince(pair, mark)).toEqual([]);
    pair.run('GEOADD', 'g', '180', '85.05112878', 'corner');
    expect(effectsSince(pair, mark)).toEqual([['ZADD', 'g', '13510798882111488', 'corner']]);
    expectReplicaInSync(pair);
  });
});

describe('GEOPOS, GEOHASH and GEODIST', () => {
  it('GEOPOS gives the decoded centres with %.17Lf digits, a null array for missing members', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOPOS', 'g', 'Paris', 'nosuch', 'origin')).toEqual([
      ['2.34901160001754761', '48.86471570750150306'],
      NULL_ARRAY,
      ['0.00000268220901489', '0.00000126736058093'],
    ]);
    expect(server.run('GEOPOS', 'missing', 'a')).toEqual([NULL_ARRAY]);
    expect(server.run('GEOPOS', 'g')).toEqual([]);
  });

  it('GEOPOS in RESP3 answers doubles that carry Redis digits', () => {
    const server = new Executor();
    server.client.protocol = 3;
    withPlaces(server);
    const [position] = server.run('GEOPOS', 'g', 'Paris') as Reply[][];
    const [longitude, latitude] = position as DoubleReply[];
    expect(longitude).toBeInstanceOf(DoubleReply);
    expect([longitude?.value, (longitude as unknown as { text: string }).text]).toEqual([2.3490116000175476, '2.34901160001754761']);
    expect((latitude as unknown as { text: string }).text).toBe('48.86471570750150306');
  });

  it('GEOHASH gives 11-character standard geohashes, null for missing members', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOHASH', 'g', 'Palermo', 'Catania', 'Paris', 'nosuch', 'origin')).toEqual([PALERMO.hash, CATANIA.hash, PARIS.hash, null, 's0000000000']);
    expect(server.run('GEOHASH', 'missing', 'a', 'b')).toEqual([null, null]);
  });

  it('GEODIST answers 4 decimals in m, km, ft or mi, null for a missing member or key', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEODIST', 'g', 'Palermo', 'Catania')).toBe('166274.1516');
    expect(server.run('GEODIST', 'g', 'Palermo', 'Paris', 'KM')).toBe('1486.3914');
    expect(server.run('GEODIST', 'g', 'Palermo', 'Paris', 'mi')).toBe('923.6031');
    expect(server.run('GEODIST', 'g', 'Palermo', 'Paris', 'ft')).toBe('4876612.2715');
    expect(server.run('GEODIST', 'g', 'Palermo', 'Palermo')).toBe('0.0000');
    expect(server.run('GEODIST', 'g', 'Palermo', 'nosuch')).toBeNull();
    expect(server.run('GEODIST', 'missing', 'a', 'b')).toBeNull();
  });

  it('GEODIST checks its unit and argument count before the key', () => {
    const server = new Executor();
    server.run('SET', 'str', 'x');
    expect(server.run('GEODIST', 'str', 'a', 'b', 'parsec')).toEqual(new ErrorReply('ERR unsupported unit provided. please use M, KM, FT, MI'));
    expect(server.run('GEODIST', 'str', 'a', 'b', 'km', 'x')).toEqual(syntaxError);
    expect(server.run('GEODIST', 'str', 'a', 'b')).toEqual(wrongType);
    expect(server.run('GEOPOS', 'str', 'a')).toEqual(wrongType);
    expect(server.run('GEOHASH', 'str', 'a')).toEqual(wrongType);
  });
});

describe('searches', () => {
  it('GEOSEARCH BYRADIUS finds the members within the radius, nearest first with ASC', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '3000', 'km', 'WITHDIST', 'ASC')).toEqual([
      ['Catania', '56.4413'],
      ['Palermo', '190.4424'],
      ['Paris', '1669.5005'],
    ]);
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '3000', 'km', 'COUNT', '2', 'DESC')).toEqual(['Paris', 'Palermo']);
    expect(server.run('GEOSEARCH', 'g', 'FROMMEMBER', 'Paris', 'BYBOX', '4000', '2000', 'km', 'WITHDIST')).toEqual([['Paris', '0.0000']]);
  });

  it('WITHCOORD, WITHDIST and WITHHASH come in that order after the member', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km', 'WITHHASH', 'WITHCOORD', 'WITHDIST')).toEqual([
      ['Catania', '56.4413', CATANIA.score, ['15.08726745843887329', '37.50266842333162032']],
    ]);
  });

  it('COUNT without an order sorts nearest first; ANY stops at COUNT points and keeps the scan order', () => {
    const server = new Executor();
    const triples: string[] = [];
    for (let index = 0; index < 30; index++) triples.push(String(10 + index * 0.001), '10', `p${index}`);
    server.run('GEOADD', 'g', ...triples);
    // Replies checked against Redis 7.0.15.
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '10.0155', '10', 'BYRADIUS', '100', 'km', 'COUNT', '3')).toEqual(['p16', 'p15', 'p17']);
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '10.0155', '10', 'BYRADIUS', '100', 'km', 'COUNT', '3', 'ANY')).toEqual(['p0', 'p1', 'p2']);
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '10.0155', '10', 'BYRADIUS', '100', 'km', 'COUNT', '40')).toHaveLength(30);
  });

  it('equal distances keep their scan order in a full sort, and COUNT picks among them as Redis pqsort does', () => {
    const server = new Executor();
    const triples: string[] = [];
    for (let index = 0; index < 50; index++) triples.push('10', '10', `same${String(index).padStart(2, '0')}`);
    server.run('GEOADD', 'g', ...triples);
    const all = server.run('GEOSEARCH', 'g', 'FROMLONLAT', '10', '10', 'BYRADIUS', '1', 'km', 'ASC') as string[];
    expect(all).toEqual(triples.filter((_, index) => index % 3 === 2));
    // Checked against Redis 7.0.15: the partial quicksort moves equal elements around.
    expect(server.run('GEOSEARCH', 'g', 'FROMLONLAT', '10', '10', 'BYRADIUS', '1', 'km', 'COUNT', '3')).toEqual(['same49', 'same01', 'same02']);
  });

  it('GEORADIUS and GEORADIUSBYMEMBER search a circle; their _RO forms refuse STORE', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEORADIUS', 'g', '15', '37', '200', 'km', 'ASC')).toEqual(['Catania', 'Palermo']);
    expect(server.run('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'DESC')).toEqual(['Catania', 'Palermo']);
    expect(server.run('GEORADIUS_RO', 'g', '15', '37', '200', 'km', 'STORE', 'd')).toEqual(syntaxError);
    expect(server.run('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '200', 'km', 'COUNT', '1')).toEqual(['Palermo']);
  });

  it('errors come in Redis order: type, leading arguments, options as they come, then the checks after them', () => {
    const server = new Executor();
    withPlaces(server);
    server.run('SET', 'str', 'x');
    const run = (...argv: string[]) => server.run(...argv);
    expect(run('GEOSEARCH', 'str', 'FROMLONLAT', '500', '0', 'BYRADIUS', '1', 'km')).toEqual(wrongType);
    expect(run('GEOSEARCH', 'g', 'FROMMEMBER', 'nosuch', 'BYRADIUS', 'x', 'km')).toEqual(new ErrorReply('ERR could not decode requested zset member'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', 'x', 'km')).toEqual(new ErrorReply('ERR need numeric radius'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '-1', 'km')).toEqual(new ErrorReply('ERR radius cannot be negative'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYBOX', '1', 'x', 'km')).toEqual(new ErrorReply('ERR need numeric height'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYBOX', 'x', '1', 'km')).toEqual(new ErrorReply('ERR need numeric width'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYBOX', '-1', '1', 'parsec')).toEqual(new ErrorReply('ERR height or width cannot be negative'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '0')).toEqual(new ErrorReply('ERR COUNT must be > 0'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'ANY')).toEqual(new ErrorReply('ERR the ANY argument requires COUNT argument'));
    expect(run('geoSearch', 'g', 'BYRADIUS', '1', 'km', 'ASC', 'ASC')).toEqual(new ErrorReply('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geoSearch'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'ASC', 'ASC')).toEqual(new ErrorReply('ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'));
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'FROMMEMBER', 'Paris', 'BYRADIUS', '1', 'km')).toEqual(syntaxError);
    expect(run('GEOSEARCH', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'STORE', 'd')).toEqual(syntaxError);
    expect(run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'WITHDIST')).toEqual(
      new ErrorReply('ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
    expect(run('GEORADIUS', 'g', '1', '2', '1', 'km', 'STORE', 'd', 'WITHHASH')).toEqual(
      new ErrorReply('ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    );
    expect(run('GEORADIUS', 'g', '500', '2', '1', 'km')).toEqual(new ErrorReply('ERR invalid longitude,latitude pair 500.000000,2.000000'));
    expect(run('GEORADIUS', 'g', '1', '2', '1', 'parsec')).toEqual(new ErrorReply('ERR unsupported unit provided. please use M, KM, FT, MI'));
  });

  it('a missing source answers an empty array, without looking at a member or its radius', () => {
    const server = new Executor();
    expect(server.run('GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km')).toEqual([]);
    expect(server.run('GEORADIUSBYMEMBER', 'missing', 'x', 'abc', 'parsec')).toEqual([]);
    expect(server.run('GEORADIUS', 'missing', '1', '2', 'abc', 'km')).toEqual(new ErrorReply('ERR need numeric radius'));
  });
});

describe('stores', () => {
  it('GEOSEARCHSTORE stores the members with their scores, or their distances in the unit with STOREDIST', () => {
    const server = new Executor();
    withPlaces(server);
    expect(server.run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km')).toBe(2);
    expect(server.run('ZRANGE', 'd', 0, -1, 'WITHSCORES')).toEqual(['Palermo', new DoubleReply(PALERMO.score), 'Catania', new DoubleReply(CATANIA.score)]);
    expect(server.run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST')).toBe(2);
    const stored = server.run('ZRANGE', 'd', 0, -1, 'WITHSCORES') as (string | DoubleReply)[];
    expect(stored[0]).toBe('Catania');
    expect(formatFixed((stored[1] as DoubleReply).value, 4)).toBe('56.4413');
    expect(server.run('OBJECT', 'ENCODING', 'd')).toBe('listpack');
  });

  it('an empty result or a missing source deletes the destination', () => {
    const server = new Executor();
    withPlaces(server);
    server.run('SET', 'd', 'x');
    expect(server.run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
    server.run('SET', 'd', 'x');
    expect(server.run('GEORADIUS', 'missing', '1', '2', '1', 'km', 'STORE', 'd')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
  });

  it('the last STORE or STOREDIST of GEORADIUS wins; a store replaces the key and its TTL', () => {
    const server = new Executor();
    withPlaces(server);
    server.run('SET', 'd2', 'x', 'EX', '100');
    expect(server.run('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd1', 'STOREDIST', 'd2')).toBe(2);
    expect(server.run('EXISTS', 'd1')).toBe(0);
    expect(server.run('TTL', 'd2')).toBe(-1);
    expect(server.run('GEORADIUSBYMEMBER', 'g', 'Palermo', '1', 'km', 'STORE', 'd3')).toBe(1);
    expect(server.run('ZRANGE', 'd3', 0, -1)).toEqual(['Palermo']);
  });

  it('stores and deletions are logged as the command, and the replica ends up equal', () => {
    const pair = new EffectsPair();
    withPlaces(pair);
    const mark = pair.allEffects().length;
    pair.run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '3000', 'km', 'STOREDIST', 'COUNT', '2');
    pair.run('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'e');
    pair.run('GEORADIUS', 'g', '15', '37', '200', 'km');
    pair.run('GEOSEARCHSTORE', 'none', 'g', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km');
    pair.run('GEOSEARCHSTORE', 'e', 'missing', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km');
    expect(effectsSince(pair, mark)).toEqual([
      ['GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '3000', 'km', 'STOREDIST', 'COUNT', '2'],
      ['GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'e'],
      ['GEOSEARCHSTORE', 'e', 'missing', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km'],
    ]);
    expectReplicaInSync(pair);
  });

  it('many ties replicate identically: the search order is deterministic', () => {
    const pair = new EffectsPair();
    const triples: string[] = [];
    for (let index = 0; index < 120; index++) triples.push(String(10 + (index % 4) * 0.001), '10', `m${index}`);
    pair.run('GEOADD', 'g', ...triples);
    pair.run('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '10.0015', '10', 'BYRADIUS', '10', 'km', 'COUNT', '37');
    pair.run('GEOSEARCHSTORE', 'e', 'g', 'FROMLONLAT', '10.0015', '10', 'BYRADIUS', '10', 'km', 'COUNT', '37', 'ANY', 'STOREDIST');
    expect(pair.run('ZCARD', 'd')).toBe(37);
    expectReplicaInSync(pair);
  });
});

describe('geo commands and the command table', () => {
  it('COMMAND GETKEYS finds GEORADIUS STORE and STOREDIST keys as Redis key specs do', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'GETKEYS', 'GEORADIUS', 's', '1', '2', '3', 'km', 'STOREDIST', 'a', 'STORE', 'b')).toEqual(['s', 'b', 'a']);
    expect(server.run('COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 's', 'm', '3', 'km', 'STORE')).toEqual(['s']);
    expect(server.run('COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km')).toEqual(['d', 's']);
  });

  it('a GEOADD and a store inside MULTI/EXEC are logged and replicate', () => {
    const pair = new EffectsPair();
    pair.run('MULTI');
    pair.run('GEOADD', 'g', '1', '1', 'a', '1.001', '1', 'b');
    pair.run('GEORADIUS', 'g', '1', '1', '10', 'km', 'STOREDIST', 'd');
    expect(pair.run('EXEC')).toEqual([2, 2]);
    expect(pair.run('ZRANGE', 'd', 0, -1)).toEqual(['a', 'b']);
    expectReplicaInSync(pair);
  });
});
