/**
 * Seeded differential test of the sorted set commands against Redis 7: a random stream of
 * sorted set commands over a few keys (with zset-max-listpack-entries lowered to 12 and
 * zset-max-listpack-value to 8, so conversions to skiplist happen often) goes to cairn and to
 * Redis, and replies must be equal, with these documented exceptions:
 *
 * - Lex ranges are only meaningful when all scores are equal (Redis leaves them unspecified
 *   otherwise), so the BYLEX commands go to keys whose members all have score 0.
 * - ZSCAN of a skiplist set comes in hash order on Redis: it is asked with a COUNT above any
 *   set's size (one call returns all) and compared as sorted pairs; a listpack's is exact.
 * - ZRANDMEMBER picks differ: the test checks the count, distinctness for positive counts, the
 *   whole set in order when the count covers it (deterministic on both), and that every member
 *   cairn picked has the score cairn gave it (a follow-up ZMSCORE on cairn).
 * - BZPOPMIN / BZPOPMAX / BZMPOP run inside MULTI (where they never block), as three steps.
 *
 * At the end every key's ZRANGE WITHSCORES, ZCARD and OBJECT ENCODING are compared.
 */
import { expect } from 'vitest';
import type { RespValue } from '../support/resp-client.js';
import { type CheckResult, describeDifferential } from '../support/differential.js';
import type { Command } from '../support/side-by-side.js';

const SCORE_KEYS = ['z1', 'z2', 'z3'];
/** Keys whose members all score 0: the lex commands' keys. */
const LEX_KEYS = ['l1', 'l2'];
const KEYS = [...SCORE_KEYS, ...LEX_KEYS];
/** A plain set (an input of ZUNION and kin), a string (WRONGTYPE) and a key nothing creates. */
const OTHER_KEYS = ['s', 'str', 'missing'];
const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ab', 'ba', '', '\x00x', '\xff', '10', '-3', 'longer-member', 'another-long-one'];
const SCORES = ['0', '1', '2', '3', '-1', '-2.5', '1.5', '0.1', '7', '10', '100', '-0', 'inf', '-inf', '+inf', '1e300', '3.0000000000000004', '1e-320', '0x10'];
const BAD_SCORES = ['abc', 'nan', '1e400', '', ' 1'];
/** Range bounds: mostly a low one for min and a high one for max, sometimes anything (empty, reversed, invalid ranges). */
const LOW_SCORE_BOUNDS = ['-inf', '0', '1', '(1', '-1', '(-1', '(-inf', '-2.5', '', '-1e400'];
const HIGH_SCORE_BOUNDS = ['+inf', 'inf', '2', '(2.5', '10', '(10', '(inf', '1e400', '100'];
const BAD_SCORE_BOUNDS = ['abc', '(nan', 'nan', ' 1', '1 ', '(', '[1'];
const LOW_LEX_BOUNDS = ['-', '[a', '(a', '[b', '[', '(', '[\x00'];
const HIGH_LEX_BOUNDS = ['+', '[g', '(h', '[d', '(ab', '[\xff'];
const BAD_LEX_BOUNDS = ['x', '+x', '-a', ''];
const PATTERNS = ['*', 'a*', '?', '[a-c]*', '*long*'];
/** Above any set's size here: ZSCAN returns everything in one call, ZRANDMEMBER the whole set. */
const WHOLE_SET_COUNT = 1000;

/** A command to send next with its own check, queued by the check of an earlier command. */
interface FollowUp {
  command: Command;
  verify: (fromCairn: RespValue, fromRedis: RespValue) => void;
}

/** Bulk strings of an array reply (null for other replies). */
function bulkItems(value: RespValue): string[] | null {
  if (value.t !== 'array' || value.v === null) return null;
  return value.v.map((item) => (item.t === 'bulk' ? (item.v ?? '<null>') : item.t === 'double' ? item.v : `<${item.t}>`));
}

/** ZSCAN's [cursor, pairs] with the pairs sorted by member. */
function sortedScan(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null || value.v.length !== 2) return value;
  const items = bulkItems(value.v[1] as RespValue) ?? [];
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < items.length; index += 2) pairs.push([items[index] as string, items[index + 1] as string]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { t: 'array', v: [value.v[0] as RespValue, { t: 'array', v: pairs.flat().map((item) => ({ t: 'bulk', v: item })) }] };
}

function sortedSetsDifferential(title: string, seeds: readonly number[], resp3: boolean): void {
  let followUps: FollowUp[] = [];
  const queued = new WeakMap<Command, FollowUp>();
  /** OBJECT ENCODING of each key as Redis last answered it. */
  const encodings = new Map<string, string>();
  const then = (followUp: FollowUp) => followUps.push(followUp);

  const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const integer = (random: () => number, low: number, high: number) => String(low + Math.floor(random() * (high - low + 1)));
  const score = (random: () => number) => (random() < 0.03 ? pick(random, BAD_SCORES) : pick(random, SCORES));
  const anyKey = (random: () => number) => (random() < 0.08 ? pick(random, OTHER_KEYS) : pick(random, KEYS));
  const someMembers = (random: () => number, max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(random, MEMBERS));
  const someKeys = (random: () => number, max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => anyKey(random));
  /** A min and a max bound: ordered most of the time, otherwise any two, one time in twenty an invalid one. */
  const bounds = (random: () => number, low: readonly string[], high: readonly string[], bad: readonly string[]): [string, string] => {
    const roll = random();
    if (roll < 0.05) return [pick(random, [...low, ...bad]), pick(random, [...high, ...bad])];
    if (roll < 0.2) return [pick(random, [...low, ...high]), pick(random, [...low, ...high])];
    return [pick(random, low), pick(random, high)];
  };
  const scoreBounds = (random: () => number) => bounds(random, LOW_SCORE_BOUNDS, HIGH_SCORE_BOUNDS, BAD_SCORE_BOUNDS);
  const lexBounds = (random: () => number) => bounds(random, LOW_LEX_BOUNDS, HIGH_LEX_BOUNDS, BAD_LEX_BOUNDS);
  /** The bounds as a REV command takes them (max first). */
  const reversed = ([min, max]: [string, string]): [string, string] => [max, min];

  function zaddCommand(random: () => number, key: string): Command {
    const lex = LEX_KEYS.includes(key);
    const options =
      random() < 0.04
        ? pick(random, [['NX', 'XX'], ['GT', 'LT'], ['NX', 'GT'], ['LT', 'NX', 'CH']])
        : pick(random, [[], [], [], [], ['NX'], ['XX'], ['GT'], ['LT'], ['CH'], ['XX', 'CH'], ['GT', 'CH'], ['INCR'], ['NX', 'INCR'], ['LT', 'INCR'], ['XX', 'GT', 'CH']]);
    const pairs = options.includes('INCR') && random() < 0.9 ? 1 : 1 + Math.floor(random() * 4);
    const command: Command = ['ZADD', key, ...options];
    for (let pair = 0; pair < pairs; pair++) command.push(lex ? '0' : score(random), pick(random, MEMBERS));
    return command;
  }

  function rangeCommand(random: () => number, key: string): Command {
    const withScores = random() < 0.5 ? ['WITHSCORES'] : [];
    const limit = random() < 0.4 ? ['LIMIT', integer(random, -1, 4), integer(random, -1, 5)] : [];
    const rev = random() < 0.4;
    const lex = LEX_KEYS.includes(key);
    const range = lex ? lexBounds(random) : scoreBounds(random);
    const ordered = rev ? reversed(range) : range;
    switch (Math.floor(random() * 7)) {
      case 0:
        return ['ZRANGE', key, integer(random, -8, 8), integer(random, -8, 8), ...(rev ? ['REV'] : []), ...withScores];
      case 1:
        return ['ZREVRANGE', key, integer(random, -8, 8), integer(random, -8, 8), ...withScores];
      case 2:
        return ['ZRANGE', key, ...ordered, lex ? 'BYLEX' : 'BYSCORE', ...(rev ? ['REV'] : []), ...limit, ...(lex ? [] : withScores)];
      case 3:
        if (lex) return [rev ? 'ZREVRANGEBYLEX' : 'ZRANGEBYLEX', key, ...ordered, ...limit];
        return [rev ? 'ZREVRANGEBYSCORE' : 'ZRANGEBYSCORE', key, ...ordered, ...withScores, ...limit];
      case 4:
        return [lex ? 'ZLEXCOUNT' : 'ZCOUNT', key, ...range];
      case 5: {
        const destination = pick(random, KEYS.filter((other) => LEX_KEYS.includes(other) === lex));
        const form = lex ? [...ordered, 'BYLEX', ...limit] : random() < 0.5 ? [integer(random, -6, 6), integer(random, -6, 6)] : [...ordered, 'BYSCORE', ...limit];
        return ['ZRANGESTORE', destination, key, ...form, ...(rev ? ['REV'] : [])];
      }
      default:
        if (lex) return ['ZREMRANGEBYLEX', key, ...range];
        return random() < 0.5 ? ['ZREMRANGEBYRANK', key, integer(random, -5, 5), integer(random, -5, 5)] : ['ZREMRANGEBYSCORE', key, ...range];
    }
  }

  function setOperationCommand(random: () => number): Command {
    const keys = someKeys(random, 3);
    const options: string[] = [];
    const name = pick(random, ['ZUNION', 'ZINTER', 'ZDIFF', 'ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE', 'ZINTERCARD']);
    const scoring = name !== 'ZDIFF' && name !== 'ZDIFFSTORE' && name !== 'ZINTERCARD';
    if (scoring && random() < 0.4) options.push('WEIGHTS', ...keys.map(() => pick(random, ['1', '2', '-1', '0', '0.5', 'inf'])));
    if (scoring && random() < 0.4) options.push('AGGREGATE', pick(random, ['SUM', 'MIN', 'MAX']));
    if (name === 'ZINTERCARD' && random() < 0.5) options.push('LIMIT', integer(random, 0, 3));
    if (!name.endsWith('STORE') && name !== 'ZINTERCARD' && random() < 0.5) options.push('WITHSCORES');
    const store = name.endsWith('STORE') ? [pick(random, SCORE_KEYS)] : [];
    return [name, ...store, String(keys.length), ...keys, ...options];
  }

  /** MULTI, a blocking pop, EXEC: the pop answers at once inside a transaction. */
  function blockingPopInMulti(random: () => number): Command {
    const keys = someKeys(random, 2);
    const pop: Command =
      random() < 0.5
        ? [pick(random, ['BZPOPMIN', 'BZPOPMAX']), ...keys, '0']
        : ['BZMPOP', '0', String(keys.length), ...keys, pick(random, ['MIN', 'MAX']), ...(random() < 0.5 ? ['COUNT', integer(random, 1, 3)] : [])];
    then({ command: pop, verify: (fromCairn, fromRedis) => expect(fromCairn).toEqual(fromRedis) });
    then({ command: ['EXEC'], verify: (fromCairn, fromRedis) => expect(fromCairn).toEqual(fromRedis) });
    return ['MULTI'];
  }

  function generate(random: () => number, step: number): Command {
    if (step === 0) followUps = [];
    if (step === 0) return ['CONFIG', 'SET', 'zset-max-listpack-entries', '12'];
    if (step === 1) return ['CONFIG', 'SET', 'zset-max-listpack-value', '8'];
    if (step === 2) return ['SET', 'str', 'v'];
    if (step === 3) return ['SADD', 's', 'a', 'b', 'x', '10'];
    const followUp = followUps.shift();
    if (followUp !== undefined) {
      queued.set(followUp.command, followUp);
      return followUp.command;
    }
    const key = random() < 0.05 ? pick(random, OTHER_KEYS) : pick(random, KEYS);
    const roll = Math.floor(random() * 100);
    if (roll < 24) return zaddCommand(random, key);
    if (roll < 27) return ['ZINCRBY', key, LEX_KEYS.includes(key) ? '0' : score(random), pick(random, MEMBERS)];
    if (roll < 32) return ['ZREM', key, ...someMembers(random, 3)];
    if (roll < 35) return [pick(random, ['ZCARD', 'TYPE', 'EXISTS']), key];
    if (roll < 38) return ['ZSCORE', key, pick(random, MEMBERS)];
    if (roll < 40) return ['ZMSCORE', key, ...someMembers(random, 4)];
    if (roll < 44) return [pick(random, ['ZRANK', 'ZREVRANK']), key, pick(random, MEMBERS)];
    if (roll < 62) return rangeCommand(random, key);
    if (roll < 66) return [pick(random, ['ZPOPMIN', 'ZPOPMAX']), key, ...(random() < 0.5 ? [integer(random, 0, 3)] : [])];
    if (roll < 69) {
      const keys = someKeys(random, 3);
      return ['ZMPOP', String(keys.length), ...keys, pick(random, ['MIN', 'MAX']), ...(random() < 0.5 ? ['COUNT', integer(random, 1, 4)] : [])];
    }
    if (roll < 72) return blockingPopInMulti(random);
    if (roll < 82) return setOperationCommand(random);
    if (roll < 86) return ['ZRANDMEMBER', key, ...(random() < 0.8 ? [integer(random, -5, 6), ...(random() < 0.5 ? ['WITHSCORES'] : [])] : [])];
    if (roll < 88) return ['ZRANDMEMBER', key, String(WHOLE_SET_COUNT), ...(random() < 0.5 ? ['WITHSCORES'] : [])];
    if (roll < 94) {
      const match = random() < 0.5 ? [] : ['MATCH', pick(random, PATTERNS)];
      then({
        command: ['ZSCAN', key, '0', 'COUNT', String(WHOLE_SET_COUNT), ...match],
        verify: (fromCairn, fromRedis) => {
          if (encodings.get(key) === 'skiplist') expect(sortedScan(fromCairn)).toEqual(sortedScan(fromRedis));
          else expect(fromCairn).toEqual(fromRedis);
        },
      });
      return ['OBJECT', 'ENCODING', key];
    }
    return ['OBJECT', 'ENCODING', key];
  }

  function check(command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
    const followUp = queued.get(command);
    if (followUp !== undefined) {
      followUp.verify(fromCairn, fromRedis);
      return 'checked';
    }
    const name = String(command[0]);
    if (name === 'OBJECT' && fromRedis.t === 'bulk' && fromRedis.v !== null) encodings.set(String(command[2]), fromRedis.v);
    if (name === 'ZRANDMEMBER') return checkRandomMembers(command, fromCairn, fromRedis);
    return 'compare';
  }

  function checkRandomMembers(command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
    if (fromRedis.t !== 'array' || fromRedis.v === null) {
      if (fromRedis.t === 'bulk' && fromRedis.v !== null) {
        expect(fromCairn.t).toBe('bulk');
        return 'checked';
      }
      return 'compare';
    }
    const count = Number(command[2]);
    const withScores = command.length === 4;
    if (count >= WHOLE_SET_COUNT) return 'compare';
    expect(fromCairn.t).toBe('array');
    const cairnItems = (fromCairn as { v: RespValue[] }).v;
    expect(cairnItems).toHaveLength(fromRedis.v.length);
    const members: string[] = [];
    const scores: string[] = [];
    const flat = cairnItems.flatMap((item) => (item.t === 'array' ? (item.v ?? []) : [item]));
    for (let index = 0; index < flat.length; index += withScores ? 2 : 1) {
      members.push(bulkItems({ t: 'array', v: [flat[index] as RespValue] })?.[0] as string);
      if (withScores) scores.push(bulkItems({ t: 'array', v: [flat[index + 1] as RespValue] })?.[0] as string);
    }
    if (count > 0) expect(new Set(members).size).toBe(members.length);
    if (members.length > 0) {
      then({
        command: ['ZMSCORE', String(command[1]), ...members],
        verify: (fromCairnScores) => {
          const found = bulkItems(fromCairnScores) ?? [];
          expect(found.every((item) => item !== '<null>')).toBe(true);
          if (withScores) expect(found).toEqual(scores);
        },
      });
    }
    return 'checked';
  }

  describeDifferential({
    title,
    seeds,
    steps: 700,
    resp3,
    generate,
    check,
    finalCommands: () => [
      ...followUps.map((followUp) => followUp.command).filter((command) => command[0] === 'EXEC'),
      ...[...KEYS, 's'].flatMap((key): Command[] => [['ZRANGE', key, '0', '-1', 'WITHSCORES'], ['ZCARD', key], ['OBJECT', 'ENCODING', key]]),
    ],
  });
}

sortedSetsDifferential('sorted sets', [1, 2, 3, 4], false);
sortedSetsDifferential('sorted sets over RESP3', [5, 6], true);
