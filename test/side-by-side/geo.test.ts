/**
 * Geo commands side by side with Redis 7: GEOADD's scores and options, GEOPOS and GEOHASH
 * (also of scores no GEOADD gives: negative, fractional, beyond 2^53 and 2^64), GEODIST in every
 * unit, the searches with every option and every error in Redis's order of checks, the order of
 * results with equal distances (stable sort, Redis's partial quicksort with COUNT, ANY's early
 * stop, the cells' order), the STORE forms, RESP2 and RESP3 reply shapes, the generic key
 * commands on geo keys, and the command specs against COMMAND INFO/DOCS.
 * Coordinates carry Redis's %.17Lf digits in both protocols (RESP3 doubles and RESP2 bulk strings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoCommands } from '../../server/src/commands/geo.js';
import { seededRandom } from '../support/executor.js';
import { expectSpecsAgreeWithRedis } from '../support/command-specs.js';
import { plain, RespClient } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { type Command, describeSideBySide, useBothServers } from '../support/side-by-side.js';

const PALERMO_CATANIA = ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'];


/** Seeded points as GEOADD triples: clusters around a centre, so searches find many. */
function cluster(seed: number, count: number, longitude: number, latitude: number, spreadDegrees: number, prefix: string): string[] {
  const random = seededRandom(seed);
  const triples: string[] = [];
  for (let index = 0; index < count; index++) {
    const x = Math.max(-180, Math.min(180, longitude + (random() - 0.5) * 2 * spreadDegrees));
    const y = Math.max(-85, Math.min(85, latitude + (random() - 0.5) * 2 * spreadDegrees));
    triples.push(x.toFixed(6), y.toFixed(6), `${prefix}${index}`);
  }
  return triples;
}

/** Members at the same few positions, so many distances tie: `groups` positions of `perGroup` members each. */
function ties(groups: number, perGroup: number): string[] {
  const triples: string[] = [];
  for (let group = 0; group < groups; group++) {
    // Mirror images around (10, 10): equal distances from the centre in different cells.
    const offset = (group >> 1) * 0.01 + 0.003;
    const longitude = group % 2 === 0 ? 10 + offset : 10 - offset;
    for (let member = 0; member < perGroup; member++) triples.push(String(longitude), '10', `t${group}-${member}`);
  }
  return triples;
}

/** Searches of every shape and option around a centre of the big key `big`. */
function searchesAround(longitude: number, latitude: number, member: string): Command[] {
  const commands: Command[] = [];
  for (const radius of ['0', '1', '25', '120', '600', '5000', '25000']) {
    commands.push(['GEOSEARCH', 'big', 'FROMLONLAT', longitude, latitude, 'BYRADIUS', radius, 'km', 'ASC', 'WITHDIST']);
    commands.push(['GEOSEARCH', 'big', 'FROMMEMBER', member, 'BYRADIUS', radius, 'km', 'DESC', 'COUNT', 7, 'WITHHASH']);
    commands.push(['GEOSEARCH', 'big', 'FROMLONLAT', longitude, latitude, 'BYBOX', radius, String(Number(radius) / 2), 'km', 'WITHCOORD']);
    commands.push(['GEOSEARCH', 'big', 'FROMLONLAT', longitude, latitude, 'BYRADIUS', radius, 'km', 'COUNT', 5, 'ANY']);
    commands.push(['GEOSEARCH', 'big', 'FROMLONLAT', longitude, latitude, 'BYRADIUS', radius, 'km']);
  }
  return commands;
}

describeSideBySide('geo', [
  {
    name: 'GEOADD stores 52-bit geohash scores; NX, XX and CH as ZADD; a repeated member counts once',
    commands: [
      PALERMO_CATANIA, ['ZRANGE', 'Sicily', 0, -1, 'WITHSCORES'], ['GEOADD', 'Sicily', 'NX', '13.5', '38', 'Palermo', '14', '37', 'Agrigento'],
      ['GEOADD', 'Sicily', 'XX', '13.5', '38', 'Palermo', '14', '38', 'Messina'], ['GEOADD', 'Sicily', 'XX', 'CH', '13.6', '38', 'Palermo', '14', '38', 'Messina'],
      ['GEOADD', 'Sicily', 'ch', 'nx', '1', '2', 'Palermo', '3', '4', 'New'], ['GEOADD', 'Sicily', 'CH', '1', '2', 'New'], ['GEOADD', 'Sicily', 'CH', 'CH', '1', '2', 'New'],
      ['GEOADD', 'Sicily', '5', '5', 'dup', '6', '6', 'dup'], ['GEOADD', 'Sicily', 'CH', '7', '7', 'dup', '7', '7', 'dup'], ['ZRANGE', 'Sicily', 0, -1, 'WITHSCORES'],
      ['GEOADD', 'missing', 'XX', '1', '1', 'a'], ['EXISTS', 'missing'], ['GEOADD', 'fresh', 'NX', 'CH', '1', '1', 'a'], ['TYPE', 'fresh'],
    ],
  },
  {
    name: 'GEOADD at the limits: ±180 and ±85.05112878 are accepted (the upper ones carry bits past 52), beyond them the pair is invalid',
    commands: [
      ['GEOADD', 'g', '180', '85.05112878', 'corner', '-180', '-85.05112878', 'low', '180', '0', 'east', '0', '85.05112878', 'north', '-180', '0', 'west'],
      ['ZRANGE', 'g', 0, -1, 'WITHSCORES'], ['GEOPOS', 'g', 'corner', 'low', 'east', 'north', 'west'], ['GEOHASH', 'g', 'corner', 'low', 'east', 'north', 'west'],
      ['GEOADD', 'g', '180.0000001', '0', 'x'], ['GEOADD', 'g', '0', '85.05112879', 'x'], ['GEOADD', 'g', '0', '-85.05112879', 'x'], ['GEOADD', 'g', '-180.5', '0', 'x'],
      ['GEOADD', 'g', 'inf', '0', 'x'], ['GEOADD', 'g', '0', '-inf', 'x'], ['GEOADD', 'g', '1e300', '0', 'x'], ['GEOADD', 'g', '-1e-300', '90', 'x'],
      ['GEOADD', 'g', '0.0000005', '100.00000049', 'x'], ['GEOADD', 'g', '200.0000005', '0', 'x'], ['GEOADD', 'g', '0x10', '0x1p-2', 'hex'], ['GEOPOS', 'g', 'hex'],
    ],
  },
  {
    name: 'GEOADD errors: syntax, options, floats, the first invalid pair wins, invalid pairs before WRONGTYPE',
    commands: [
      ['SET', 'str', 'x'], ['GEOADD', 'g', '1', '2', 'a', '3'], ['GEOADD', 'g', 'NX', 'XX', '1', '2', 'a'], ['GEOADD', 'g', 'CH', 'CH', 'CH'],
      ['GEOADD', 'g', 'GT', '1', '2', 'a'], ['GEOADD', 'g', 'GT', '1', '2'], ['GEOADD', 'g', 'INCR', '1', '2'], ['GEOADD', 'g', 'abc', '2', 'a'],
      ['GEOADD', 'g', '1', 'abc', 'a'], ['GEOADD', 'g', '1', '2', 'a', '500', '2', 'b', 'x', '2', 'c'], ['GEOADD', 'g', '1', '2', 'a', 'x', '2', 'c', '500', '2', 'b'],
      ['GEOADD', 'g', ' 1', '2', 'a'], ['GEOADD', 'g', 'nan', '2', 'a'], ['GEOADD', 'str', '500', '2', 'a'], ['GEOADD', 'str', '1', '2', 'a'], ['EXISTS', 'g'],
      ['GEOADD', 'g'], ['GEOADD', 'g', '1', '2'],
    ],
  },
  {
    name: 'GEOPOS and GEOHASH: missing members and keys, wrong type, and scores written by ZADD (negative, fractional, huge)',
    commands: [
      PALERMO_CATANIA, ['SET', 'str', 'x'], ['GEOPOS', 'Sicily', 'Palermo', 'nosuch', 'Catania'], ['GEOHASH', 'Sicily', 'Palermo', 'nosuch', 'Catania'],
      ['GEOPOS', 'missing', 'a', 'b'], ['GEOHASH', 'missing', 'a'], ['GEOPOS', 'str', 'a'], ['GEOHASH', 'str', 'a'], ['GEOPOS', 'Sicily'], ['GEOHASH', 'Sicily'],
      ['ZADD', 'z', '-1', 'neg', '1e300', 'big', '9007199254740993', 'b53', '18014398509481984', 'b54', '1.5', 'frac', '-1e300', 'negbig',
        '9223372036854775808', 'two63', '1e19', 'e19', '0', 'zero', '4503599627370495', 'top', '4503599627370496', 'two52', 'inf', 'inf', '-inf', 'ninf',
        '-9223372036854775808', 'neg63', '-0.5', 'negsmall', '3.5e15', 'mid'],
      ['GEOPOS', 'z', 'neg', 'big', 'b53', 'b54', 'frac', 'negbig', 'two63', 'e19', 'zero', 'top', 'two52', 'inf', 'ninf', 'neg63', 'negsmall', 'mid'],
      ['GEOHASH', 'z', 'neg', 'big', 'b53', 'b54', 'frac', 'negbig', 'two63', 'e19', 'zero', 'top', 'two52', 'inf', 'ninf', 'neg63', 'negsmall', 'mid'],
      ['GEODIST', 'z', 'neg', 'big'], ['GEODIST', 'z', 'zero', 'top', 'mi'],
    ],
  },
  {
    name: 'GEODIST in m, km, ft and mi (any case), the unit checked before the key, null for missing members',
    commands: [
      PALERMO_CATANIA, ['SET', 'str', 'x'], ['GEODIST', 'Sicily', 'Palermo', 'Catania'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'm'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'KM'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Mi'],
      ['GEODIST', 'Sicily', 'Palermo', 'Palermo'], ['GEODIST', 'Sicily', 'Palermo', 'nosuch'], ['GEODIST', 'Sicily', 'nosuch', 'Palermo', 'km'],
      ['GEODIST', 'missing', 'a', 'b'], ['GEODIST', 'str', 'a', 'b'], ['GEODIST', 'str', 'a', 'b', 'parsec'], ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'parsec'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'extra'], ['GEODIST', 'missing', 'a', 'b', 'km', 'extra'], ['GEODIST', 'Sicily', 'Palermo'],
      ['GEOADD', 'far', '-179.9', '0', 'w', '179.9', '0', 'e', '0', '85', 'n', '0', '-85', 's', '0.0000001', '0', 'near', '0', '0', 'origin'],
      ['GEODIST', 'far', 'w', 'e'], ['GEODIST', 'far', 'n', 's', 'km'], ['GEODIST', 'far', 'origin', 'near', 'm'], ['GEODIST', 'far', 'n', 'w', 'mi'],
    ],
  },
  {
    name: 'GEOSEARCH: FROMMEMBER and FROMLONLAT, BYRADIUS and BYBOX, ASC and DESC, COUNT, ANY, WITHCOORD, WITHDIST, WITHHASH',
    commands: [
      PALERMO_CATANIA, ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2', '14.5', '37.7', 'mid'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'DESC', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHCOORD', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '100', 'mi', 'withdist', 'withhash'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '300', '200', 'KM', 'COUNT', '2'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '300000', '200000', 'm', 'COUNT', '2', 'DESC', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '700000', 'ft', 'COUNT', '3', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '3', 'ANY', 'ASC', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '100'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '1', 'COUNT', '4', 'ASC', 'DESC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'BYRADIUS', '200', 'km', 'FROMLONLAT', '14', '38'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nosuch', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '10', 'km'], ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '0', 'km', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', 'inf', 'km', 'WITHDIST'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'inf', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '0', '0', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1e-300', 'km'],
      ['GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'missing', 'FROMLONLAT', '1', '2', 'BYBOX', '1', '1', 'km', 'WITHDIST'],
    ],
  },
  {
    name: 'GEOSEARCH errors in Redis order: WRONGTYPE first, then each option as it comes, then the checks after the options',
    commands: [
      PALERMO_CATANIA, ['SET', 'str', 'x'],
      ['GEOSEARCH', 'str', 'FROMLONLAT', '500', '1', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nosuch', 'BYRADIUS', 'x', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', 'abc', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '-1', 'parsec'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'parsec'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', 'a', 'b', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', '1', 'b', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', '-1', '-2', 'parsec'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', '1', '1', 'parsec'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '0'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', 'x'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '-5'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'WITHDIST', 'WITHHASH'], ['GEOSEARCH', 'Sicily', 'WITHDIST', 'WITHHASH', 'WITHCOORD', 'ASC', 'DESC'],
      ['geoSearch', 'Sicily', 'BYRADIUS', '1', 'km', 'ANY', 'ASC'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'STORE', 'd'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'STOREDIST'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'bogus'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYBOX', '1', '1'],
      ['GEOSEARCH', 'Sicily', 'BYRADIUS', '1', 'km', 'FROMLONLAT', '1'], ['GEOSEARCH', 'Sicily', 'BYRADIUS', '1', 'km', 'FROMMEMBER'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', 'x', '2', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '90', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'missing', 'FROMLONLAT', '1', '90', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '-1', 'km'],
      ['GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km', 'ANY'], ['GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'COUNT', '1', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '9223372036854775807'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km', 'COUNT', '9223372036854775808'],
    ],
  },
  {
    name: 'GEOSEARCHSTORE stores members with scores or distances (STOREDIST), deletes the destination on an empty result',
    commands: [
      PALERMO_CATANIA, ['GEOADD', 'Sicily', '14.5', '37.7', 'mid', '14.5', '37.7', 'mid2'], ['SET', 'str', 'x'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'], ['OBJECT', 'ENCODING', 'dest'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'km', 'STOREDIST', 'COUNT', '2', 'DESC'], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'ft', 'storedist', 'storedist'], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'],
      ['EXPIRE', 'dest', 100], ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'm'], ['EXISTS', 'dest'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'], ['EXPIRE', 'dest', 100],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km', 'STOREDIST'], ['TTL', 'dest'],
      ['GEOSEARCHSTORE', 'dest', 'missing', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km'], ['EXISTS', 'dest'],
      ['GEOSEARCHSTORE', 'str', 'missing', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km'], ['EXISTS', 'str'],
      ['GEOSEARCHSTORE', 'Sicily', 'Sicily', 'FROMMEMBER', 'mid', 'BYRADIUS', '100', 'km', 'STOREDIST'], ['ZRANGE', 'Sicily', 0, -1, 'WITHSCORES'],
      ['SET', 'str', 'x'], ['GEOSEARCHSTORE', 'dest', 'str', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km'],
      ['GEOSEARCHSTORE', 'str', 'Sicily', 'FROMMEMBER', 'mid', 'BYRADIUS', '100', 'km'], ['TYPE', 'str'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km', 'WITHDIST'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km', 'STORE', 'x'],
      ['GEOSEARCHSTORE', 'dest', 'Sicily', 'WITHCOORD', 'ASC', 'DESC', 'ASC'], ['GEOSEARCHSTORE', 'dest', 'Sicily', 'FROMLONLAT', '15', '37', 'ASC', 'DESC'],
    ],
  },
  {
    name: 'GEORADIUS and GEORADIUSBYMEMBER: options, STORE and STOREDIST (the last one wins), and their read-only forms',
    commands: [
      PALERMO_CATANIA, ['GEOADD', 'Sicily', '14.5', '37.7', 'mid'], ['SET', 'str', 'x'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY', 'DESC'], ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST', 'DESC'], ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'WITHHASH'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1'], ['ZRANGE', 'd1', 0, -1, 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1', 'STOREDIST', 'd2'], ['EXISTS', 'd2'], ['ZRANGE', 'd2', 0, -1, 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd3', 'STORE', 'd4', 'COUNT', '2'], ['EXISTS', 'd3'], ['ZRANGE', 'd4', 0, -1, 'WITHSCORES'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'mid', '100', 'km', 'STOREDIST', 'd5'], ['ZRANGE', 'd5', 0, -1, 'WITHSCORES'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'mid', '1', 'm', 'STORE', 'd5'], ['ZRANGE', 'd5', 0, -1, 'WITHSCORES'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'mid', '0', 'm', 'STORE', 'd5', 'ASC'], ['GEORADIUS', 'Sicily', '0', '0', '1', 'm', 'STORE', 'd5'], ['EXISTS', 'd5'],
      ['GEORADIUS', 'missing', '0', '0', '1', 'm', 'STORE', 'd1'], ['EXISTS', 'd1'], ['GEORADIUS', 'missing', '0', '0', '1', 'm'],
      ['GEORADIUSBYMEMBER', 'missing', 'x', 'abc', 'parsec'], ['GEORADIUSBYMEMBER', 'missing', 'x', 'abc', 'parsec', 'STORE', 'd4'], ['EXISTS', 'd4'],
      ['GEORADIUSBYMEMBER', 'missing', 'x', '1', 'km', 'ANY'], ['GEORADIUSBYMEMBER', 'missing', 'x', '1', 'km', 'STORE', 'd', 'WITHDIST'],
    ],
  },
  {
    name: 'GEORADIUS errors in Redis order',
    commands: [
      PALERMO_CATANIA, ['SET', 'str', 'x'],
      ['GEORADIUS', 'str', '500', '0', 'x', 'km'], ['GEORADIUS', 'Sicily', '500', '0', 'x', 'km'], ['GEORADIUS', 'Sicily', 'a', '0', 'x', 'km'],
      ['GEORADIUS', 'Sicily', '1', '2', 'x', 'parsec'], ['GEORADIUS', 'Sicily', '1', '2', '-1', 'parsec'], ['GEORADIUS', 'Sicily', '1', '2', '1', 'parsec'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'nosuch', 'x', 'km'], ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', 'x', 'km'], ['GEORADIUSBYMEMBER', 'str', 'Palermo', 'x', 'km'],
      ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'STORE', 'd', 'WITHCOORD'], ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '1', 'km', 'WITHHASH', 'STOREDIST', 'd'],
      ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'STORE'], ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'STOREDIST'],
      ['GEORADIUS_RO', 'Sicily', '1', '2', '1', 'km', 'STORE', 'd'], ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '1', 'km', 'STOREDIST', 'd'],
      ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'FROMLONLAT', '1', '2'], ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'BYRADIUS', '1', 'km'],
      ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'ANY'], ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'COUNT', '0', 'bogus'],
      ['GEORADIUS', 'Sicily', '1', '2', '1', 'km', 'bogus', 'COUNT', '0'], ['GEORADIUS', 'Sicily', '1', '2', '1'], ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '1'],
    ],
  },
  {
    name: 'equal distances come out in Redis order: stable sorts, the partial quicksort of COUNT, ANY, and the cells order without sorting',
    commands: [
      ['GEOADD', 't', ...ties(8, 12)],
      ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km'], ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'ASC', 'WITHDIST'],
      ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'DESC'],
      ...[1, 2, 5, 7, 8, 13, 30, 41, 50, 95, 96, 97].flatMap((count): Command[] => [
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'COUNT', count],
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'COUNT', count, 'DESC'],
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'COUNT', count, 'ANY'],
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '50', 'km', 'COUNT', count, 'ANY', 'DESC'],
        ['GEORADIUS', 't', '10', '10', '50', 'km', 'COUNT', count, 'STORE', 'd'], ['ZRANGE', 'd', 0, -1],
      ]),
      ['GEOSEARCH', 't', 'FROMMEMBER', 't0-0', 'BYBOX', '10', '10', 'km', 'COUNT', '9', 'WITHDIST'],
      ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYBOX', '3', '3', 'km', 'COUNT', '20', 'DESC', 'WITHDIST'],
    ],
  },
  {
    name: 'searches over a big clustered key (a skiplist) at many radii, boxes and counts',
    commands: [
      ['GEOADD', 'big', ...cluster(1, 400, 2.35, 48.85, 3, 'p')], ['GEOADD', 'big', ...cluster(2, 100, 2.35, 48.85, 0.05, 'q')], ['OBJECT', 'ENCODING', 'big'],
      ...searchesAround(2.35, 48.85, 'p0'), ...searchesAround(0.5, 47, 'q7'),
    ],
  },
  {
    name: 'searches near the poles, across the antimeridian and at the limits',
    commands: [
      ['GEOADD', 'big', ...cluster(3, 150, 179.5, 0, 1.5, 'a')], ['GEOADD', 'big', ...cluster(4, 150, 0, 84, 2, 'n')], ['GEOADD', 'big', ...cluster(5, 150, -60, -83, 4, 's')],
      ['GEOADD', 'big', '180', '85.05112878', 'corner', '-180', '-85.05112878', 'low'],
      ...searchesAround(180, 0, 'a3'), ...searchesAround(-179.99, 0.5, 'a5'), ...searchesAround(0, 85.05112878, 'n1'), ...searchesAround(-60, -85, 's2'),
      ...searchesAround(180, 85.05112878, 'corner'), ...searchesAround(-180, -85.05112878, 'low'),
    ],
  },
  {
    name: 'RESP3 reply shapes: GEOPOS doubles and null arrays, GEODIST and WITHDIST bulk strings, WITHHASH integers',
    resp3: true,
    commands: [
      PALERMO_CATANIA, ['GEOPOS', 'Sicily', 'Palermo', 'nosuch'], ['GEOPOS', 'missing', 'a'], ['GEOHASH', 'Sicily', 'Palermo', 'nosuch'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'], ['GEODIST', 'Sicily', 'Palermo', 'nosuch'], ['GEODIST', 'missing', 'a', 'b'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'], ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd'], ['ZRANGE', 'd', 0, -1, 'WITHSCORES'],
      ['GEOADD', 'Sicily', '0', '0', 'origin', '-0.000000001', '-0.0000001', 'tiny'], ['GEOPOS', 'Sicily', 'origin', 'tiny'],
    ],
  },
  {
    name: 'RESP2 coordinates carry every digit of %.17Lf (small, negative and whole values)',
    commands: [
      ['GEOADD', 'g', '0', '0', 'origin', '-0.000000001', '-0.0000001', 'tiny', '-180', '-85.05112878', 'low', '90', '45', 'round', '-0.5', '0.25', 'half'],
      ['GEOPOS', 'g', 'origin', 'tiny', 'low', 'round', 'half'], ['GEOSEARCH', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '100', 'km', 'WITHCOORD', 'WITHDIST', 'ASC'],
    ],
  },
  {
    name: 'geo keys are sorted sets: TYPE, OBJECT ENCODING (listpack to skiplist), SCAN TYPE, RENAME, COPY, MOVE, DEL, EXPIRE, MEMORY USAGE',
    commands: [
      PALERMO_CATANIA, ['TYPE', 'Sicily'], ['OBJECT', 'ENCODING', 'Sicily'], ['SCAN', 0, 'TYPE', 'zset'], ['MEMORY', 'USAGE', 'Sicily'],
      ['RENAME', 'Sicily', 'Island'], ['GEOPOS', 'Island', 'Palermo'], ['COPY', 'Island', 'Copy'], ['GEODIST', 'Copy', 'Palermo', 'Catania'],
      ['MOVE', 'Copy', 1], ['EXISTS', 'Copy'], ['SELECT', 1], ['GEOHASH', 'Copy', 'Palermo'], ['SELECT', 0], ['EXPIRE', 'Island', 100], ['TTL', 'Island'],
      ['GEOADD', 'Island', '13', '38', 'More'], ['TTL', 'Island'], ['DEL', 'Island'], ['EXISTS', 'Island'],
      ['GEOADD', 'many', ...cluster(6, 128, 10, 10, 1, 'm')], ['OBJECT', 'ENCODING', 'many'], ['MEMORY', 'USAGE', 'many'], ['GEOADD', 'many', '10', '10', 'one-more'],
      ['OBJECT', 'ENCODING', 'many'], ['GEOADD', 'long', '1', '1', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'long'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', 2], ['GEOSEARCHSTORE', 'st', 'many', 'FROMLONLAT', '10', '10', 'BYRADIUS', '30', 'km', 'COUNT', 2], ['OBJECT', 'ENCODING', 'st'],
      ['GEOSEARCHSTORE', 'st', 'many', 'FROMLONLAT', '10', '10', 'BYRADIUS', '30', 'km', 'COUNT', 3], ['OBJECT', 'ENCODING', 'st'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', 0], ['GEOADD', 'zero', '1', '1', 'x'], ['OBJECT', 'ENCODING', 'zero'], ['CONFIG', 'SET', 'zset-max-listpack-entries', 128],
    ],
  },
  {
    name: 'the geo commands inside MULTI/EXEC',
    commands: [
      ['MULTI'], PALERMO_CATANIA, ['GEOPOS', 'Sicily', 'Palermo'], ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd'], ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
      ['EXEC'], ['ZRANGE', 'd', 0, -1, 'WITHSCORES'],
    ],
  },
]);

describe.skipIf(!redisServerAvailable())('geo command specs (side by side with Redis 7)', () => {
  const servers = useBothServers();
  let toRedis: RespClient;
  beforeAll(async () => {
    toRedis = await RespClient.connect(servers.redis.port);
  });
  afterAll(() => toRedis?.close());

  it('command specs agree with COMMAND INFO and COMMAND DOCS', async () => {
    await expectSpecsAgreeWithRedis(toRedis, geoCommands);
  });

  it('COMMAND GETKEYS finds the STORE and STOREDIST keys of GEORADIUS and GEORADIUSBYMEMBER as Redis does', async () => {
    const toCairn = await RespClient.connect(servers.cairn.port);
    const commands: Command[] = [
      ['GEORADIUS', 'src', 1, 2, 3, 'km'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'STORE', 'd'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'store', 'd', 'STOREDIST', 'e'],
      ['GEORADIUS', 'src', 1, 2, 3, 'km', 'STORE'], ['GEORADIUSBYMEMBER', 'src', 'm', 3, 'km', 'STOREDIST', 'd'], ['GEORADIUSBYMEMBER', 'src', 'm', 3, 'STORE', 'x', 'y'],
      ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', 1, 'km'], ['GEOADD', 'g', 1, 2, 'm'], ['GEORADIUS_RO', 'src', 1, 2, 3, 'km', 'STORE', 'd'],
      ['GEORADIUS', 'src', 1, 2, 3, 'km', 'store', 'd', 'store', 'e'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'STOREDIST', 'd', 'STOREDIST', 'e', 'STORE', 'f'],
      ['GEORADIUS', 'src', 1, 2, 3, 'STORE', 'd'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'COUNT', 'STORE'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'x', 'STORE', 'd'],
      ['GEORADIUSBYMEMBER', 'src', 'STORE', 3, 'km', 'STORE', 'd'], ['GEORADIUSBYMEMBER', 'src', 'm', 'STORE', 'd', 'x'], ['GEORADIUS', 'src', 1, 2, 3, 'km', 'STOREDIST'],
    ];
    for (const command of commands) {
      expect(plain(await toCairn.call('COMMAND', 'GETKEYS', ...command)), command.join(' ')).toEqual(plain(await toRedis.call('COMMAND', 'GETKEYS', ...command)));
    }
    toCairn.close();
  });
});
