/**
 * Sorted sets side by side with Redis 7: every command with its options, error texts and order
 * of checks, score parsing (strtod range bounds, string2d scores) and formatting (%.17g, inf,
 * -0 in each encoding), RESP2 and RESP3 reply shapes, encodings and their conversions, the
 * blocking pops where they answer without blocking (immediate pops, short timeouts, inside
 * MULTI), ranges over a big set (the tree against Redis's skiplist), MEMORY USAGE of listpack
 * sets (modelled exactly), the generic key commands on sorted sets, and the command specs
 * against COMMAND INFO/DOCS. ZRANK/ZREVRANK WITHSCORE is Redis 7.2's: only the 7.0 forms are
 * compared here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedSetCommands } from '../../server/src/commands/sorted-sets.js';
import { seededRandom } from '../support/executor.js';
import { expectSpecsAgreeWithRedis } from '../support/command-specs.js';
import { plain, RespClient, type RespValue } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { type Command, describeSideBySide, useBothServers } from '../support/side-by-side.js';

/** ZADD arguments for members m1..mN with scores 1..N. */
function pairs(count: number, prefix = 'm'): string[] {
  return Array.from({ length: count }, (_, index) => [String(index + 1), `${prefix}${index + 1}`]).flat();
}

/** ZSCAN's [cursor, [member, score...]] with the pairs sorted by member (a skiplist's order is its hash order). */
function sortScan(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v?.length !== 2) return value;
  const list = value.v[1] as RespValue;
  if (list.t !== 'array' || list.v === null) return value;
  const items = list.v;
  const pairsFound: RespValue[][] = [];
  for (let index = 0; index + 1 < items.length; index += 2) pairsFound.push([items[index] as RespValue, items[index + 1] as RespValue]);
  pairsFound.sort(([a], [b]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { t: 'array', v: [value.v[0] as RespValue, { t: 'array', v: pairsFound.flat() }] };
}

/** Scores of every shape: integers, fractions, exponents, hex, infinities, signed zero, denormals, invalid texts. */
const SCORES = [
  '0', '-0', '1', '-1', '0.1', '0.5', '1.5', '3.0000000000000004', '1e17', '1e16', '123456789012345678', '4611686018427387904',
  '4611686018427387905', '9007199254740993', '-4.7e18', '1e300', '1e-320', '2.2250738585072014e-308', '0x10', '0x1p-3', 'inf', '-inf',
  '+inf', 'Infinity', '-INF', '1e400', 'nan', 'abc', '', ' 1', '1 ', '.5', '5.', '+5', '1e', '0x',
];

/** A seeded run of writes on one key, each followed by MEMORY USAGE, while the set stays a listpack. */
function memoryRun(seed: number, steps: number): Command[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const member = () => pick([String(Math.floor(random() * 70_000) - 35_000), 'x'.repeat(Math.floor(random() * 65)), `m${Math.floor(random() * 30)}`, '', '-0', '01']);
  const score = () => pick([String(Math.floor(random() * 100_000)), String(random() * 1000), String(-Math.floor(random() * 2 ** 40)), '1e20', '-0', 'inf', '0.1']);
  const commands: Command[] = [];
  for (let step = 0; step < steps; step++) {
    const command = pick<() => Command>([
      () => ['ZADD', 'z', score(), member(), score(), member()],
      () => ['ZADD', 'z', 'XX', score(), member()],
      () => ['ZINCRBY', 'z', score(), member()],
      () => ['ZREM', 'z', member(), member()],
      () => ['ZPOPMIN', 'z'],
    ])();
    commands.push(command, ['OBJECT', 'ENCODING', 'z'], ['MEMORY', 'USAGE', 'z']);
  }
  commands.push(['ZRANGE', 'z', 0, -1, 'WITHSCORES'], ['ZSCAN', 'z', 0]);
  return commands;
}

/** Random ranges over a big set: rank, score and lex forms with LIMIT and REV, and ranks of members. */
function bigSetRanges(seed: number, queries: number): Command[] {
  const random = seededRandom(seed);
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const commands: Command[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const args: (string | number)[] = [];
    for (let index = 0; index < 300; index++) args.push(integer(0, 400) / 4, `m${integer(0, 3000)}`);
    commands.push(['ZADD', 'big', ...args]);
  }
  for (let batch = 0; batch < 5; batch++) {
    commands.push(['ZADD', 'lex', ...Array.from({ length: 200 }, () => ['0', `w${integer(0, 5000)}`]).flat()]);
  }
  commands.push(['ZCARD', 'big'], ['OBJECT', 'ENCODING', 'big']);
  for (let query = 0; query < queries; query++) {
    const low = integer(-10, 100);
    const high = low + integer(-5, 30);
    const limit = random() < 0.5 ? ['LIMIT', integer(-1, 20), integer(-1, 30)] : [];
    switch (integer(0, 8)) {
      case 0:
        commands.push(['ZRANGE', 'big', integer(-2500, 2500), integer(-2500, 2500), ...(random() < 0.5 ? ['REV'] : []), 'WITHSCORES']);
        break;
      case 1:
        commands.push(['ZRANGEBYSCORE', 'big', `(${low}`, high, 'WITHSCORES', ...limit]);
        break;
      case 2:
        commands.push(['ZREVRANGEBYSCORE', 'big', high, low, ...limit]);
        break;
      case 3:
        commands.push(['ZCOUNT', 'big', low, `(${high}`]);
        break;
      case 4:
        commands.push([random() < 0.5 ? 'ZRANK' : 'ZREVRANK', 'big', `m${integer(0, 3000)}`]);
        break;
      case 5:
        commands.push(['ZRANGEBYLEX', 'lex', `[w${integer(0, 5000)}`, `(w${integer(0, 9999)}`, ...limit]);
        break;
      case 6:
        commands.push(['ZLEXCOUNT', 'lex', `(w${integer(0, 5000)}`, '+']);
        break;
      case 7:
        commands.push(['ZREMRANGEBYSCORE', 'big', low, low + integer(0, 2)], ['ZCARD', 'big']);
        break;
      default:
        commands.push(['ZADD', 'big', integer(0, 400) / 4, `m${integer(0, 3000)}`], ['ZREMRANGEBYRANK', 'big', integer(0, 1000), integer(0, 1000)]);
    }
  }
  commands.push(['ZRANGE', 'big', 0, -1, 'WITHSCORES'], ['ZRANGE', 'lex', 0, -1]);
  return commands;
}

describeSideBySide('sorted sets', [
  {
    name: 'ZADD with NX, XX, GT, LT, CH and INCR, and every option conflict',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'a'], ['ZADD', 'z', 'CH', 1, 'a', 5, 'b', 6, 'c'], ['ZADD', 'z', 'NX', 0, 'a', 0, 'd'],
      ['ZADD', 'z', 'XX', 'CH', 9, 'a', 9, 'e'], ['ZADD', 'z', 'GT', 'CH', 1, 'a', 10, 'b', 7, 'f'], ['ZADD', 'z', 'LT', 'CH', 100, 'a', 2, 'b'],
      ['ZADD', 'z', 'XX', 'GT', 'CH', 50, 'c', 1, 'g'], ['ZRANGE', 'z', 0, -1, 'WITHSCORES'],
      ['ZADD', 'z', 'INCR', 2, 'a'], ['ZADD', 'z', 'NX', 'INCR', 2, 'a'], ['ZADD', 'z', 'XX', 'INCR', 2, 'new'], ['ZADD', 'z', 'GT', 'INCR', -1, 'a'],
      ['ZADD', 'z', 'LT', 'INCR', -1, 'a'], ['ZADD', 'z', 'incr', 'ch', 0, 'a'], ['ZADD', 'missing', 'XX', 1, 'a'], ['ZADD', 'missing', 'XX', 'INCR', 1, 'a'],
      ['EXISTS', 'missing'], ['ZADD', 'z', 'NX', 'XX', 1, 'a'], ['ZADD', 'z', 'NX', 'GT', 1, 'a'], ['ZADD', 'z', 'LT', 'NX', 1, 'a'],
      ['ZADD', 'z', 'GT', 'LT', 1, 'a'], ['ZADD', 'z', 'INCR', 1, 'a', 2, 'b'], ['ZADD', 'z', 1, 'a', 2], ['ZADD', 'z', 'NX', 'XX', 1],
      ['ZADD', 'z', 'INCR', 'NX', 'XX', 1, 'a', 2, 'b'], ['ZADD', 'z', 'NX', 'XX', 'abc', 'a'], ['ZADD', 'z', 'INCR', 1, 'a', 2], ['ZADD', 'z', 1],
      ['ZADD', 'z', 'NX'], ['SET', 'str', 'v'], ['ZADD', 'str', 1, 'a'], ['ZADD', 'str', 'abc', 'a'], ['ZADD', 'str', 'XX', 1, 'a'],
    ],
  },
  {
    name: 'scores: parsing as string2d and formatting as %.17g, in RESP2',
    commands: [...SCORES.map((score, index): Command => ['ZADD', 'z', score, `s${index}`]), ['ZRANGE', 'z', 0, -1, 'WITHSCORES'], ['ZSCAN', 'z', 0], ['MEMORY', 'USAGE', 'z']],
  },
  {
    name: 'scores over RESP3 doubles, and the same scores in a skiplist',
    resp3: true,
    commands: [
      ...SCORES.map((score, index): Command => ['ZADD', 'z', score, `s${index}`]), ['ZRANGE', 'z', 0, -1, 'WITHSCORES'],
      ...SCORES.map((score, index): Command => ['ZADD', 'big', score, `s${index}`]), ['ZADD', 'big', ...pairs(130)], ['OBJECT', 'ENCODING', 'big'],
      ['ZRANGE', 'big', 0, 40, 'WITHSCORES'], ['ZSCORE', 'big', 's1'], ['ZSCORE', 'z', 's1'], ['ZADD', 'big', '-0', 'negzero'], ['ZSCORE', 'big', 'negzero'],
      ['ZMSCORE', 'big', 'negzero', 's4', 'nothing'],
    ],
  },
  {
    name: 'ZINCRBY, NaN results and increments that look like options',
    commands: [
      ['ZINCRBY', 'z', 5, 'a'], ['ZINCRBY', 'z', '0.1', 'a'], ['ZINCRBY', 'z', '-0.1', 'a'], ['ZINCRBY', 'z', 'inf', 'b'], ['ZINCRBY', 'z', '-inf', 'b'],
      ['ZADD', 'z', 'INCR', '-inf', 'b'], ['ZSCORE', 'z', 'b'], ['ZINCRBY', 'z', 'nx', 'a'], ['ZINCRBY', 'z', 'abc', 'a'], ['ZINCRBY', 'z', 'nan', 'a'],
      ['ZINCRBY', 'z', '-0', 'c'], ['ZSCORE', 'z', 'c'], ['SET', 'str', 'v'], ['ZINCRBY', 'str', 1, 'a'], ['ZINCRBY', 'z', 1],
    ],
  },
  {
    name: 'ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK on present, missing and wrong-type keys',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c'], ['ZCARD', 'z'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'z', 'x'], ['ZMSCORE', 'z', 'c', 'x', 'a'],
      ['ZRANK', 'z', 'a'], ['ZRANK', 'z', 'c'], ['ZREVRANK', 'z', 'a'], ['ZRANK', 'z', 'x'], ['ZREM', 'z', 'a', 'x', 'a'], ['ZREM', 'z', 'b', 'c'],
      ['EXISTS', 'z'], ['ZREM', 'z', 'a'], ['ZCARD', 'z'], ['ZSCORE', 'z', 'a'], ['ZMSCORE', 'z', 'a', 'b'], ['ZRANK', 'z', 'a'], ['SET', 'str', 'v'],
      ['ZCARD', 'str'], ['ZSCORE', 'str', 'a'], ['ZMSCORE', 'str', 'a'], ['ZRANK', 'str', 'a'], ['ZREVRANK', 'str', 'a'], ['ZREM', 'str', 'a'],
      ['ZMSCORE', 'z'], ['ZREM', 'z'], ['ZRANK', 'z'],
    ],
  },
  {
    name: 'ZCOUNT and ZLEXCOUNT bounds: exclusive, infinite, strtod quirks, invalid',
    commands: [
      ['ZADD', 'z', 0, 'zero', 1, 'a', 2, 'b', 3, 'c', 'inf', 'top', '-inf', 'bottom'], ['ZCOUNT', 'z', 1, 3], ['ZCOUNT', 'z', '(1', '(3'],
      ['ZCOUNT', 'z', '-inf', '+inf'], ['ZCOUNT', 'z', '(-inf', '(inf'], ['ZCOUNT', 'z', '', ''], ['ZCOUNT', 'z', '(', 1], ['ZCOUNT', 'z', ' 1', '1e400'],
      ['ZCOUNT', 'z', '\t2', '+3'], ['ZCOUNT', 'z', 3, 1], ['ZCOUNT', 'z', '(2', 2], ['ZCOUNT', 'z', '0x1', '0x2'], ['ZCOUNT', 'z', '-1e400', 0],
      ['ZCOUNT', 'z', '1e-400', 1], ['ZCOUNT', 'z', 'abc', 1], ['ZCOUNT', 'z', 1, '1 '], ['ZCOUNT', 'z', '(nan', 1], ['ZCOUNT', 'z', 1, 'nan'],
      ['ZCOUNT', 'z', '[1', 2], ['ZCOUNT', 'z', '  ', 1], ['ZCOUNT', 'missing', 'abc', 1], ['ZCOUNT', 'missing', 0, 1],
      ['ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, ''], ['ZLEXCOUNT', 'lex', '-', '+'], ['ZLEXCOUNT', 'lex', '[b', '(d'],
      ['ZLEXCOUNT', 'lex', '(a', '[c'], ['ZLEXCOUNT', 'lex', '+', '-'], ['ZLEXCOUNT', 'lex', '[', '[b'], ['ZLEXCOUNT', 'lex', '(', '+'],
      ['ZLEXCOUNT', 'lex', 'a', '+'], ['ZLEXCOUNT', 'lex', '-', 'b'], ['ZLEXCOUNT', 'lex', '', '+'], ['ZLEXCOUNT', 'lex', '+x', '+'],
      ['ZLEXCOUNT', 'lex', '-', '-x'], ['ZLEXCOUNT', 'missing', 'x', '+'], ['ZLEXCOUNT', 'missing', '-', '+'], ['SET', 'str', 'v'],
      ['ZCOUNT', 'str', 0, 1], ['ZLEXCOUNT', 'str', '-', '+'], ['ZCOUNT', 'str', 'x', 1],
    ],
  },
  {
    name: 'ZRANGE by rank, score and member, with REV, LIMIT and WITHSCORES, and the older forms',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e'], ['ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e'],
      ['ZRANGE', 'z', 1, 2], ['ZRANGE', 'z', -2, -1], ['ZRANGE', 'z', -100, 100], ['ZRANGE', 'z', 3, 1], ['ZRANGE', 'z', 5, 10], ['ZRANGE', 'z', 0, 1, 'REV'],
      ['ZRANGE', 'z', '-9223372036854775808', '9223372036854775807'], ['ZREVRANGE', 'z', 0, 1, 'WITHSCORES'], ['ZREVRANGE', 'z', -1, -1],
      ['ZRANGE', 'z', '(1', 4, 'BYSCORE'], ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2], ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 3, -1],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', -1, 5], ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 0],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 5, 1], ['ZRANGE', 'z', 4, 2, 'BYSCORE', 'REV', 'LIMIT', 1, 5, 'WITHSCORES'],
      ['ZRANGE', 'z', 2, 4, 'REV', 'BYSCORE'], ['ZREVRANGEBYSCORE', 'z', '+inf', '(3'], ['ZRANGEBYSCORE', 'z', 2, 4, 'WITHSCORES', 'LIMIT', 0, 1],
      ['ZRANGEBYSCORE', 'z', 2, 4, 'LIMIT', 0, 1, 'LIMIT', 1, 1], ['ZREVRANGEBYSCORE', 'z', 4, 2, 'WITHSCORES'],
      ['ZRANGE', 'lex', '[b', '(d', 'BYLEX'], ['ZRANGE', 'lex', '+', '(c', 'BYLEX', 'REV'], ['ZRANGE', 'lex', '-', '+', 'BYLEX', 'LIMIT', 1, 2],
      ['ZRANGEBYLEX', 'lex', '(a', '[c'], ['ZREVRANGEBYLEX', 'lex', '[c', '-', 'LIMIT', 0, 2], ['ZRANGEBYLEX', 'lex', '-', '+', 'LIMIT', 2, -1],
      ['ZRANGE', 'z', 0, -1, 'LIMIT', 0, 1], ['ZRANGE', 'z', 0, -1, 'LIMIT', 0, -1], ['ZRANGE', 'lex', '-', '+', 'BYLEX', 'WITHSCORES'],
      ['ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES'], ['ZRANGE', 'z', 0, -1, 'BYSCORE', 'BYLEX'], ['ZRANGE', 'z', 0, -1, 'REV', 'REV'],
      ['ZRANGE', 'z', 0, -1, 'LIMIT', 0], ['ZRANGE', 'z', 0, -1, 'FOO'], ['ZRANGE', 'z', 0, -1, 'withscores', 'WITHSCORES'],
      ['ZREVRANGE', 'z', 0, -1, 'REV'], ['ZREVRANGE', 'z', 0, -1, 'BYSCORE'], ['ZREVRANGE', 'z', 0, -1, 'LIMIT', 0, 1], ['ZRANGEBYSCORE', 'z', 0, 1, 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', 0, 1, 'REV'], ['ZRANGE', 'z', 0, 1, 'BYSCORE', 'LIMIT', 'x', 1], ['ZRANGE', 'z', 'a', 1], ['ZRANGE', 'missing', 'x', 1, 'BYSCORE'],
      ['ZRANGE', 'missing', 'x', 1], ['ZRANGE', 'missing', 0, -1], ['ZRANGEBYLEX', 'lex', 'a', '+'], ['SET', 'str', 'v'], ['ZRANGE', 'str', 0, 1],
      ['ZRANGE', 'str', 'a', 1], ['ZRANGEBYSCORE', 'str', 0, 1], ['ZRANGE', 'z', 0],
    ],
  },
  {
    name: 'ZRANGE replies in RESP3: pairs with double scores',
    resp3: true,
    commands: [
      ['ZADD', 'z', 1, 'a', '2.5', 'b', 'inf', 'c'], ['ZRANGE', 'z', 0, -1, 'WITHSCORES'], ['ZRANGE', 'z', 0, -1], ['ZREVRANGE', 'z', 0, 0, 'WITHSCORES'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', 1, 1], ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES'],
      ['ZRANGE', 'missing', 0, -1, 'WITHSCORES'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'z', 'x'], ['ZMSCORE', 'z', 'a', 'x'], ['ZRANK', 'z', 'b'],
      ['ZRANK', 'z', 'x'], ['ZINCRBY', 'z', 1, 'a'], ['ZADD', 'z', 'INCR', '0.5', 'a'], ['ZADD', 'z', 'NX', 'INCR', 1, 'a'], ['ZCARD', 'z'],
    ],
  },
  {
    name: 'ZRANGESTORE: stores ranges of every kind, replaces other types, deletes on an empty result',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e'], ['ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c'], ['SET', 'dest', 'v'],
      ['ZRANGESTORE', 'dest', 'z', 3, 4, 'BYSCORE'], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'], ['ZRANGESTORE', 'dest', 'z', 0, 1, 'REV'],
      ['ZRANGE', 'dest', 0, -1], ['ZRANGESTORE', 'dest', 'z', '+inf', '(2', 'BYSCORE', 'REV', 'LIMIT', 1, 2], ['ZRANGE', 'dest', 0, -1, 'WITHSCORES'],
      ['ZRANGESTORE', 'dest', 'lex', '[b', '+', 'BYLEX', 'LIMIT', 0, 1], ['ZRANGE', 'dest', 0, -1], ['OBJECT', 'ENCODING', 'dest'],
      ['ZRANGESTORE', 'dest', 'z', 10, 20], ['EXISTS', 'dest'], ['ZRANGESTORE', 'dest', 'missing', 0, -1], ['ZRANGESTORE', 'dest', 'z', 0, -1, 'WITHSCORES'],
      ['SET', 'str', 'v'], ['ZRANGESTORE', 'dest', 'str', 0, -1], ['ZRANGESTORE', 'dest', 'z', 'x', -1], ['ZRANGESTORE', 'z', 'z', 1, 2],
      ['ZRANGE', 'z', 0, -1], ['ZRANGESTORE', 'dest', 'z'],
    ],
  },
  {
    name: 'ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX',
    commands: [
      ['ZADD', 'z', ...pairs(10)], ['ZREMRANGEBYRANK', 'z', 0, 1], ['ZREMRANGEBYRANK', 'z', -2, -1], ['ZREMRANGEBYSCORE', 'z', '(3', 5],
      ['ZRANGE', 'z', 0, -1], ['ZREMRANGEBYSCORE', 'z', 10, 1], ['ZREMRANGEBYRANK', 'z', 5, 1], ['ZREMRANGEBYRANK', 'z', 0, -1], ['EXISTS', 'z'],
      ['ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c'], ['ZREMRANGEBYLEX', 'lex', '(a', '+'], ['ZRANGE', 'lex', 0, -1], ['ZREMRANGEBYLEX', 'lex', 'a', '+'],
      ['ZREMRANGEBYSCORE', 'lex', 'x', 1], ['ZREMRANGEBYRANK', 'lex', 'x', 1], ['ZREMRANGEBYRANK', 'missing', 0, 1], ['ZREMRANGEBYLEX', 'missing', 'x', '+'],
      ['SET', 'str', 'v'], ['ZREMRANGEBYSCORE', 'str', 0, 1], ['ZREMRANGEBYRANK', 'str', 'x', 1],
    ],
  },
  {
    name: 'ZPOPMIN, ZPOPMAX and ZMPOP in RESP2, with their errors',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', 2], ['ZPOPMIN', 'z', 0], ['ZPOPMIN', 'z', 5], ['EXISTS', 'z'],
      ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', 2], ['SET', 'str', 'v'], ['ZPOPMIN', 'str', 0], ['ZPOPMIN', 'str', 'x'], ['ZPOPMAX', 'z', -1],
      ['ZPOPMIN', 'z', 1, 2], ['ZADD', 'b', 1, 'x', 2, 'y', 3, 'z'], ['ZMPOP', 2, 'a', 'b', 'MIN'], ['ZMPOP', 2, 'a', 'b', 'max', 'COUNT', 10],
      ['ZMPOP', 2, 'a', 'b', 'MIN'], ['ZMPOP', 2, 'a', 'str', 'MIN'], ['ZMPOP', 0, 'a', 'MIN'], ['ZMPOP', 'x', 'a', 'MIN'], ['ZMPOP', 2, 'a', 'MIN'],
      ['ZMPOP', 1, 'a', 'UP'], ['ZMPOP', 1, 'a', 'MIN', 'COUNT', 0], ['ZMPOP', 1, 'a', 'MIN', 'COUNT', 'x'], ['ZMPOP', 1, 'a', 'MIN', 'COUNT', 1, 'COUNT', 1],
      ['ZMPOP', 1, 'a', 'MIN', 'COUNT'], ['ZMPOP', 1, 'a', 'MIN', 'FOO'], ['ZMPOP', 1, 'a'], ['ZMPOP', '99999999999999999999', 'a', 'MIN'],
    ],
  },
  {
    name: 'pops in RESP3: a count gives pairs, no count a flat pair, ZMPOP and blocking pops their key',
    resp3: true,
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e', 6, 'f', 7, 'g', 8, 'h', 9, 'i'], ['ZPOPMIN', 'z'], ['ZPOPMIN', 'z', 1], ['ZPOPMAX', 'z', 2], ['ZPOPMAX', 'missing'],
      ['ZPOPMAX', 'missing', 3], ['ZMPOP', 1, 'z', 'MIN'], ['ZMPOP', 1, 'missing', 'MIN'], ['BZPOPMIN', 'z', 0], ['BZMPOP', 0, 1, 'z', 'MAX', 'COUNT', 3],
      ['BZPOPMAX', 'z', '0.01'], ['BZMPOP', '0.01', 1, 'z', 'MIN'],
    ],
  },
  {
    name: 'BZPOPMIN, BZPOPMAX and BZMPOP: immediate pops, short timeouts, inside MULTI, and their errors',
    commands: [
      ['ZADD', 'b', 1, 'x', 2, 'y', 3, 'z'], ['BZPOPMIN', 'a', 'b', 0], ['BZPOPMAX', 'a', 'b', '0'], ['BZMPOP', 0, 2, 'a', 'b', 'MIN', 'COUNT', 5],
      ['EXISTS', 'b'], ['BZPOPMIN', 'a', '0.01'], ['BZMPOP', '0.01', 1, 'a', 'MAX'], ['MULTI'], ['BZPOPMIN', 'a', 0], ['BZMPOP', 0, 1, 'a', 'MIN'],
      ['EXEC'], ['SET', 'str', 'v'], ['BZPOPMIN', 'str', 'x'], ['BZPOPMAX', 'str', -1], ['BZPOPMIN', 'str', 0], ['BZPOPMIN', 'a', 'str', 0],
      ['BZMPOP', 'x', 1, 'str', 'MIN'], ['BZMPOP', 0, 0, 'str', 'MIN'], ['BZMPOP', -1, 1, 'a', 'MIN'], ['BZMPOP', 0, 1, 'str', 'MIN'],
      ['BZMPOP', 0, 1, 'a', 'MIN', 'COUNT', 0], ['BZPOPMIN', 'a', 'inf'], ['BZPOPMIN', 'a', '1e300'], ['BZPOPMIN', 'a'], ['BZMPOP', 0, 1, 'a'],
      ['ZADD', 'c', 1, 'q'], ['BZPOPMIN', 'c', 'str', 0],
    ],
  },
  {
    name: 'ZUNION, ZINTER, ZDIFF with WEIGHTS, AGGREGATE and WITHSCORES, sets counting as scores of 1',
    commands: [
      ['ZADD', 'a', 1, 'x', 2, 'y', 3, 'z'], ['ZADD', 'b', 10, 'y', 20, 'z', 30, 'w'], ['SADD', 's', 'x', 'w', 'v'], ['SADD', 'ints', 1, 2, 3],
      ['ZUNION', 2, 'a', 'b', 'WITHSCORES'], ['ZUNION', 2, 'a', 'b', 'WEIGHTS', 2, '0.5', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZUNION', 2, 'a', 'b', 'AGGREGATE', 'min', 'WITHSCORES'], ['ZUNION', 2, 'a', 's', 'WITHSCORES'], ['ZINTER', 2, 's', 'b', 'WITHSCORES'],
      ['ZDIFF', 2, 's', 'a', 'WITHSCORES'], ['ZINTER', 2, 'a', 'b', 'WITHSCORES'], ['ZINTER', 3, 'a', 'b', 'missing'], ['ZDIFF', 2, 'a', 'b'],
      ['ZDIFF', 2, 'a', 'a'], ['ZDIFF', 1, 'missing'], ['ZUNION', 3, 'ints', 'a', 'missing', 'WITHSCORES'], ['ZINTER', 2, 'a', 'a', 'WITHSCORES'],
      ['ZINTER', 2, 'a', 'a', 'WEIGHTS', 1, -1, 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZUNION', 1, 'a', 'WEIGHTS', 'inf', 'WITHSCORES'],
      ['ZADD', 'p', 'inf', 'm', 1, 'n'], ['ZADD', 'n', '-inf', 'm', '-inf', 'n'], ['ZUNION', 2, 'p', 'n', 'WITHSCORES'], ['ZINTER', 2, 'p', 'n', 'WITHSCORES'],
      ['ZUNION', 1, 'p', 'WEIGHTS', 0, 'WITHSCORES'], ['ZINTER', 2, 'p', 'p', 'WEIGHTS', 1, 0, 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZINTER', 2, 'p', 'p', 'WEIGHTS', 1, 0, 'AGGREGATE', 'MAX', 'WITHSCORES'], ['ZINTER', 2, 'p', 'p', 'WEIGHTS', 1, 0, 'WITHSCORES'],
      ['ZUNION', 2, 'p', 'n', 'AGGREGATE', 'MAX', 'WITHSCORES'],
    ],
  },
  {
    name: 'set operations in RESP3, and their STORE forms with encodings',
    resp3: true,
    commands: [
      ['ZADD', 'a', 1, 'x', 2, 'y', 3, 'z'], ['ZADD', 'b', 10, 'y', 20, 'z', 30, 'w'], ['ZUNION', 2, 'a', 'b', 'WITHSCORES'], ['ZINTER', 2, 'a', 'b'],
      ['ZDIFF', 1, 'a', 'WITHSCORES'], ['ZUNIONSTORE', 'd', 2, 'a', 'b'], ['ZRANGE', 'd', 0, -1, 'WITHSCORES'], ['OBJECT', 'ENCODING', 'd'],
      ['ZINTERSTORE', 'd', 2, 'a', 'b', 'WEIGHTS', 1, 0], ['ZRANGE', 'd', 0, -1, 'WITHSCORES'], ['ZDIFFSTORE', 'd', 2, 'a', 'a'], ['EXISTS', 'd'],
      ['ZINTERSTORE', 'a', 2, 'a', 'b'], ['ZRANGE', 'a', 0, -1], ['ZADD', 'big', ...pairs(200)], ['ZUNIONSTORE', 'u', 1, 'big'], ['OBJECT', 'ENCODING', 'u'],
      ['ZDIFFSTORE', 'u', 2, 'big', 'a'], ['ZCARD', 'u'], ['ZINTERSTORE', 'i', 2, 'big', 'b'], ['OBJECT', 'ENCODING', 'i'], ['ZADD', 'long', 1, 'x'.repeat(70)],
      ['ZUNIONSTORE', 'l', 1, 'long'], ['OBJECT', 'ENCODING', 'l'], ['SET', 'str', 'v'], ['ZUNIONSTORE', 'str', 1, 'a'], ['TYPE', 'str'],
    ],
  },
  {
    name: 'ZINTERCARD and the argument errors of the set operations',
    commands: [
      ['ZADD', 'a', 1, 'x', 2, 'y', 3, 'z'], ['ZADD', 'b', 10, 'y', 20, 'z', 30, 'w'], ['SADD', 's', 'y'], ['SET', 'str', 'v'], ['ZINTERCARD', 2, 'a', 'b'],
      ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 1], ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 0], ['ZINTERCARD', 3, 'a', 'b', 's'], ['ZINTERCARD', 1, 'missing'],
      ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', -1], ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 'x'], ['ZINTERCARD', 1, 'a', 'WITHSCORES'], ['ZINTERCARD', 1, 'a', 'LIMIT'],
      ['ZINTERCARD', 0, 'a'], ['ZINTERCARD', 'x', 'a'], ['ZINTERCARD', 3, 'a'], ['ZINTERCARD', 1, 'a', 'WEIGHTS', 1], ['ZINTERCARD', 2, 'a', 'str'],
      ['ZUNION', 0, 'a'], ['ZINTERSTORE', 'd', -1, 'a'], ['ZUNION', 'x', 'a'], ['ZUNION', 3, 'a', 'b'], ['ZUNION', 2, 'a', 'b', 'WEIGHTS', 1],
      ['ZUNION', 1, 'a', 'WEIGHTS', 'x'], ['ZUNION', 1, 'a', 'AGGREGATE', 'avg'], ['ZUNION', 1, 'a', 'AGGREGATE'], ['ZUNIONSTORE', 'd', 1, 'a', 'WITHSCORES'],
      ['ZDIFF', 1, 'a', 'WEIGHTS', 1], ['ZDIFFSTORE', 'd', 1, 'a', 'AGGREGATE', 'SUM'], ['ZUNION', 2, 'a', 'str', 'WEIGHTS', 'x'], ['ZUNION', 1, 'a', 'WITHSCORES', 'FOO'],
      ['ZINTER', 1, 'a', 'WEIGHTS', 1, 'WEIGHTS', 2, 'WITHSCORES'], ['ZUNION', 1, 'a', 'WEIGHTS', '1e400'], ['ZUNIONSTORE', 'd', 'x', 'a'],
    ],
  },
  {
    name: 'ZRANDMEMBER: deterministic forms and errors',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 0, 'd'], ['ZRANDMEMBER', 'z', 10, 'WITHSCORES'], ['ZRANDMEMBER', 'z', 4], ['ZRANDMEMBER', 'z', 0],
      ['ZRANDMEMBER', 'z', 0, 'WITHSCORES'], ['ZRANDMEMBER', 'missing'], ['ZRANDMEMBER', 'missing', 3], ['ZRANDMEMBER', 'missing', -3, 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', 'x'], ['ZRANDMEMBER', 'missing', 'x'], ['ZRANDMEMBER', 'z', 1, 'foo'], ['ZRANDMEMBER', 'z', 1, 'withscores', 'foo'],
      ['ZRANDMEMBER', 'missing', 1, 'foo'], ['ZRANDMEMBER', 'z', '-9223372036854775808'], ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '4611686018427387903', 'WITHSCORES'], ['SET', 'str', 'v'], ['ZRANDMEMBER', 'str'], ['ZRANDMEMBER', 'str', 1],
      ['ZADD', 'big', ...pairs(200)], ['ZRANDMEMBER', 'big', 200], ['ZRANDMEMBER', 'one', 1], ['ZADD', 'one', 5, 'only'], ['ZRANDMEMBER', 'one', -3, 'WITHSCORES'],
      ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', 1, 'WITHSCORES'],
    ],
  },
  {
    name: 'ZRANDMEMBER in RESP3: pairs with doubles',
    resp3: true,
    commands: [['ZADD', 'z', 1, 'a', '2.5', 'b'], ['ZRANDMEMBER', 'z', 5, 'WITHSCORES'], ['ZADD', 'one', 5, 'only'], ['ZRANDMEMBER', 'one', -2, 'WITHSCORES'], ['ZRANDMEMBER', 'missing', 2]],
  },
  {
    name: 'ZSCAN of a listpack: the whole set, scores as the listpack holds them, MATCH, COUNT and errors',
    commands: [
      ['ZADD', 'z', '1e17', 'big', '0.1', 'tenth', '-0', 'zero', '4611686018427387904', 'top', '5e18', 'over', '-inf', 'low', 10, 'ten'],
      ['ZSCAN', 'z', 0], ['ZSCAN', 'z', 123, 'COUNT', 1], ['ZSCAN', 'z', 0, 'MATCH', 't*'], ['ZSCAN', 'z', 0, 'MATCH', '*'], ['ZSCAN', 'z', 'x'],
      ['ZSCAN', 'z', '-1'], ['ZSCAN', 'z', '18446744073709551616'], ['ZSCAN', 'missing', 0, 'COUNT', 0], ['ZSCAN', 'z', 0, 'COUNT', 0],
      ['ZSCAN', 'z', 0, 'COUNT', 'x'], ['ZSCAN', 'z', 0, 'TYPE', 'zset'], ['ZSCAN', 'z', 0, 'MATCH'], ['SET', 'str', 'v'], ['ZSCAN', 'str', 0],
      ['ZSCAN', 'str', 'x'],
    ],
  },
  {
    name: 'ZSCAN of a skiplist with a COUNT above its size: every member once (compared sorted)',
    commands: [['ZADD', 'z', ...pairs(200)], ['ZADD', 'z', '-0', 'negzero', '0.1', 'm7'], ['ZSCAN', 'z', 0, 'COUNT', 1000], ['ZSCAN', 'z', 0, 'COUNT', 1000, 'MATCH', 'm1*']],
    normalize: sortScan,
  },
  {
    name: 'encodings: listpack up to the limits, skiplist after, one-way; CONFIG SET limits',
    commands: [
      ['ZADD', 'z', ...pairs(128)], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'z', 129, 'm129'], ['OBJECT', 'ENCODING', 'z'], ['ZREMRANGEBYRANK', 'z', 0, -3],
      ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'r', ...Array.from({ length: 200 }, () => ['1', 'same']).flat()], ['OBJECT', 'ENCODING', 'r'],
      ['ZADD', 'v', 1, 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'v', 1, 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'w', 1, 'y'.repeat(65)],
      ['OBJECT', 'ENCODING', 'w'], ['CONFIG', 'SET', 'zset-max-listpack-entries', 2], ['ZADD', 'c', 1, 'a', 2, 'b'], ['OBJECT', 'ENCODING', 'c'],
      ['ZINCRBY', 'c', 1, 'a'], ['OBJECT', 'ENCODING', 'c'], ['ZADD', 'c', 3, 'c'], ['OBJECT', 'ENCODING', 'c'], ['ZRANGESTORE', 'd', 'c', 0, 1],
      ['OBJECT', 'ENCODING', 'd'], ['CONFIG', 'SET', 'zset-max-listpack-entries', 0], ['ZADD', 'e', 1, 'a'], ['OBJECT', 'ENCODING', 'e'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', 128], ['CONFIG', 'SET', 'zset-max-listpack-value', 2], ['ZADD', 'f', 1, 'ab'], ['OBJECT', 'ENCODING', 'f'],
      ['ZADD', 'f', 1, 'abc'], ['OBJECT', 'ENCODING', 'f'], ['CONFIG', 'SET', 'zset-max-listpack-value', 64],
    ],
  },
  {
    name: 'TYPE, OBJECT ENCODING, SCAN TYPE, RENAME, COPY, MOVE, DEL, EXPIRE and MEMORY USAGE on sorted sets',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b'], ['SET', 's', 'v'], ['TYPE', 'z'], ['OBJECT', 'ENCODING', 'z'], ['SCAN', 0, 'TYPE', 'zset'], ['SCAN', 0, 'TYPE', 'string'],
      ['RENAME', 'z', 'r'], ['ZRANGE', 'r', 0, -1], ['COPY', 'r', 'c'], ['ZADD', 'c', 9, 'a'], ['ZRANGE', 'r', 0, -1, 'WITHSCORES'],
      ['ZRANGE', 'c', 0, -1, 'WITHSCORES'], ['OBJECT', 'ENCODING', 'c'], ['MEMORY', 'USAGE', 'c'], ['MOVE', 'c', 1], ['EXISTS', 'c'], ['SELECT', 1],
      ['ZRANGE', 'c', 0, -1], ['FLUSHDB'], ['SELECT', 0], ['EXPIRE', 'r', 100], ['TTL', 'r'], ['ZADD', 'r', 3, 'x'], ['TTL', 'r'], ['ZPOPMIN', 'r', 3],
      ['EXISTS', 'r'], ['TTL', 'r'], ['ZADD', 'd', 1, 'a'], ['DEL', 'd'], ['ZCARD', 'd'], ['ZADD', 'e', 1, 'a'], ['PEXPIREAT', 'e', 1], ['ZCARD', 'e'],
      ['TYPE', 'e'], ['ZADD', 'big', ...pairs(200)], ['COPY', 'big', 'big2'], ['OBJECT', 'ENCODING', 'big2'], ['ZRANGE', 'big2', 0, 3, 'WITHSCORES'],
      ['ZADD', 'dest', 1, 'x'], ['ZUNIONSTORE', 'dest', 1, 'big'], ['ZCARD', 'dest'], ['EXPIRE', 'dest', 100], ['ZUNIONSTORE', 'dest', 1, 'big'], ['TTL', 'dest'],
    ],
  },
  {
    name: 'MEMORY USAGE of listpack sets: integers and strings of each encoding width, long scores',
    commands: [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c'], ['MEMORY', 'USAGE', 'z'], ['ZADD', 'z', '0.1', 'd'], ['MEMORY', 'USAGE', 'z'],
      ['ZADD', 'i', 0, '0', 127, '127', 128, '128', -4096, '-4096', 4096, '4096', 32768, '32768', 8388608, '8388608', 2147483648, '2147483648'],
      ['MEMORY', 'USAGE', 'i'], ['ZADD', 'i', '9223372036854775807', '9223372036854775807', '1e19', '01', '-0', '-0', '+1', '+1'], ['MEMORY', 'USAGE', 'i'],
      ['ZADD', 's', 1, 'x'.repeat(63), 2, 'x'.repeat(64), '1.5e300', 'y'], ['MEMORY', 'USAGE', 's'], ['MEMORY', 'USAGE', 's', 'SAMPLES', 0],
      ['ZADD', 'big', ...pairs(127)], ['MEMORY', 'USAGE', 'big'], ['ZADD', 'big', '0.333', 'm1'], ['MEMORY', 'USAGE', 'big'],
    ],
  },
  {
    name: 'a listpack of long members (length prefixes and back lengths of every size) with zset-max-listpack-value raised',
    commands: [
      ['CONFIG', 'SET', 'zset-max-listpack-value', 20_000], ['ZADD', 'z', 2, 'a'.repeat(300), 1, 'b'.repeat(4095), 3, 'c'.repeat(4096), 0, 'd'.repeat(17_000)],
      ['OBJECT', 'ENCODING', 'z'], ['MEMORY', 'USAGE', 'z'], ['ZRANGE', 'z', 0, -1, 'WITHSCORES'], ['ZREVRANGE', 'z', 0, -1], ['ZRANK', 'z', 'c'.repeat(4096)],
      ['ZSCORE', 'z', 'b'.repeat(4095)], ['ZREM', 'z', 'b'.repeat(4095)], ['ZRANGE', 'z', 0, -1], ['MEMORY', 'USAGE', 'z'], ['ZADD', 'z', 1, 'e'.repeat(254), 1, 'f'.repeat(255)],
      ['ZRANGE', 'z', 0, -1, 'REV'], ['ZREMRANGEBYRANK', 'z', 1, 2], ['ZRANGE', 'z', 0, -1], ['MEMORY', 'USAGE', 'z'], ['ZSCAN', 'z', 0],
      ['CONFIG', 'SET', 'zset-max-listpack-value', 64],
    ],
  },
  ...[1, 2, 3].map((seed) => ({ name: `MEMORY USAGE after every write of a seeded run on a listpack set (seed ${seed})`, commands: memoryRun(seed, 120) })),
  ...[1, 2].map((seed) => ({ name: `ranges, ranks and removals over a big set agree with Redis's skiplist (seed ${seed})`, commands: bigSetRanges(seed, 250) })),
]);

describe.skipIf(!redisServerAvailable())('sorted set command specs (side by side with Redis 7)', () => {
  const servers = useBothServers();
  let toRedis: RespClient;
  beforeAll(async () => {
    toRedis = await RespClient.connect(servers.redis.port);
  });
  afterAll(() => toRedis?.close());

  it('command specs agree with COMMAND INFO and COMMAND DOCS (ZRANK and ZREVRANK take 7.2 arity -3)', async () => {
    await expectSpecsAgreeWithRedis(toRedis, sortedSetCommands, (spec, arity) => (spec.name === 'zrank' || spec.name === 'zrevrank' ? -3 : arity));
  });

  it('COMMAND GETKEYS finds the keys of the numkeys forms as Redis does', async () => {
    const toCairn = await RespClient.connect(servers.cairn.port);
    const commands: Command[] = [
      ['ZUNIONSTORE', 'd', 2, 'a', 'b', 'WEIGHTS', 1, 2], ['ZINTER', 2, 'a', 'b'], ['ZDIFF', 1, 'a'], ['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 1],
      ['ZMPOP', 2, 'a', 'b', 'MIN'], ['BZMPOP', 0, 3, 'a', 'b', 'c', 'MAX', 'COUNT', 2], ['BZPOPMIN', 'a', 'b', 0], ['ZRANGESTORE', 'd', 's', 0, 1],
      ['ZDIFFSTORE', 'd', 3, 'a', 'b', 'c'],
    ];
    for (const command of commands) {
      expect(plain(await toCairn.call('COMMAND', 'GETKEYS', ...command)), command.join(' ')).toEqual(plain(await toRedis.call('COMMAND', 'GETKEYS', ...command)));
    }
    toCairn.close();
  });
});

/** Polls of CLIENT LIST before a wait for a blocked client gives up. */
const POLLS_MAX = 2000;

/** Wait until CLIENT LIST shows the client `id` blocked (flag b). */
async function waitUntilBlocked(admin: RespClient, id: number): Promise<void> {
  for (let poll = 0; poll < POLLS_MAX; poll++) {
    if (/ flags=\S*b/.test(String(plain(await admin.call('CLIENT', 'LIST', 'ID', id))))) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`client ${id} never blocked`);
}

/** A blocking scenario: what its clients observed, to compare between the two servers. */
type Scenario = (connect: () => Promise<RespClient>) => Promise<unknown[]>;

/** Block `client` with `command` and wait until the server shows it blocked; returns the pending reply (wrapped: an async function would wait for it). */
async function blockWith(admin: RespClient, client: RespClient, command: Command): Promise<{ reply: Promise<RespValue> }> {
  const id = plain(await client.call('CLIENT', 'ID')) as number;
  const reply = client.call(...command);
  await waitUntilBlocked(admin, id);
  return { reply };
}

const blockingScenarios: Record<string, Scenario> = {
  'a ZADD from another client serves a blocked BZPOPMIN': async (connect) => {
    const [admin, waiter] = [await connect(), await connect()];
    const { reply } = await blockWith(admin, waiter, ['BZPOPMIN', 'k', 0]);
    await admin.call('ZADD', 'k', 2, 'b', 1, 'a');
    return [plain(await reply), plain(await admin.call('ZRANGE', 'k', 0, -1))];
  },
  'one ZADD of three members serves two blocked clients, first blocked first served': async (connect) => {
    const [admin, first, second] = [await connect(), await connect(), await connect()];
    const { reply: firstReply } = await blockWith(admin, first, ['BZPOPMAX', 'k', 0]);
    const { reply: secondReply } = await blockWith(admin, second, ['BZMPOP', 0, 1, 'k', 'MAX', 'COUNT', 5]);
    await admin.call('ZADD', 'k', 1, 'a', 2, 'b', 3, 'c');
    return [plain(await firstReply), plain(await secondReply), plain(await admin.call('EXISTS', 'k'))];
  },
  'a client blocked on two keys is served after EXEC from the key that became ready first': async (connect) => {
    const [admin, waiter] = [await connect(), await connect()];
    const { reply } = await blockWith(admin, waiter, ['BZPOPMIN', 'a', 'b', 0]);
    await admin.call('MULTI');
    await admin.call('ZADD', 'b', 1, 'x');
    await admin.call('ZADD', 'a', 1, 'y');
    const exec = plain(await admin.call('EXEC'));
    return [exec, plain(await reply), plain(await admin.call('ZCARD', 'a'))];
  },
  'a fractional timeout ends the wait with a null array; RESP3 BZMPOP gets pairs when served': async (connect) => {
    const [admin, waiter] = [await connect(), await connect()];
    const timedOut = plain(await waiter.call('BZPOPMIN', 'k', '0.05'));
    await waiter.call('HELLO', 3);
    const { reply } = await blockWith(admin, waiter, ['BZMPOP', 0, 1, 'k', 'MIN', 'COUNT', 2]);
    await admin.call('ZADD', 'k', '1.5', 'a', 2, 'b', 3, 'c');
    return [timedOut, await reply];
  },
};

describe.skipIf(!redisServerAvailable())('blocking sorted set pops over real sockets (side by side with Redis 7)', () => {
  const servers = useBothServers();
  for (const [name, scenario] of Object.entries(blockingScenarios)) {
    it(name, async () => {
      const observed = async (port: number) => {
        const open: RespClient[] = [];
        const connect = async () => {
          const client = await RespClient.connect(port);
          open.push(client);
          return client;
        };
        await (await connect()).call('FLUSHALL');
        try {
          return await scenario(connect);
        } finally {
          for (const client of open) client.close();
        }
      };
      const fromRedis = await observed(servers.redis.port);
      const fromCairn = await observed(servers.cairn.port);
      expect(fromCairn).toEqual(fromRedis);
    });
  }
});
