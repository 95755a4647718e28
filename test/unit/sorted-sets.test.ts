import { describe, expect, it } from 'vitest';
import { BLOCKED } from '../../server/src/commands/context.js';
import { SortedSetValue } from '../../server/src/keyspace/zset.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, type Reply, Status } from '../../server/src/resp/reply.js';
import { formatDouble } from '../../server/src/util/number.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notFloat = new ErrorReply('ERR value is not a valid float');
const notPositive = new ErrorReply('ERR value is out of range, must be positive');
const rangeNotFloat = new ErrorReply('ERR min or max is not a float');
const lexRangeInvalid = new ErrorReply('ERR min or max not valid string range item');
const limits = { entriesMax: 128, valueBytesMax: 64 };

/** A score as a reply. */
function d(value: number): DoubleReply {
  return new DoubleReply(value);
}

function encoding(server: Executor | EffectsPair, key: string): Reply {
  return server.run('OBJECT', 'ENCODING', key);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair | Executor, mark = 0): string[][] {
  const all = pair instanceof EffectsPair ? pair.allEffects() : pair.effects.flat();
  return all.slice(mark).map((effect) => [...effect.argv]);
}

/** ZADD arguments for members m1..mN with scores 1..N. */
function pairs(count: number, prefix = 'm'): string[] {
  return Array.from({ length: count }, (_, index) => [String(index + 1), `${prefix}${index + 1}`]).flat();
}

/** A server whose default client speaks RESP3. */
function resp3Server(): Executor {
  const server = new Executor();
  server.client.protocol = 3;
  return server;
}

describe('ZADD and ZINCRBY', () => {
  it('ZADD counts new members, updates scores, and ZSCORE answers doubles', () => {
    const server = new Executor();
    expect(server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'a')).toBe(2);
    expect(server.run('ZSCORE', 'z', 'a')).toEqual(d(3));
    expect(server.run('ZADD', 'z', '1.5', 'b', 4, 'c')).toBe(1);
    expect(server.run('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['b', d(1.5), 'a', d(3), 'c', d(4)]);
    expect(server.run('TYPE', 'z')).toEqual(new Status('zset'));
    expect(server.run('ZCARD', 'z')).toBe(3);
  });

  it('members are binary strings ordered by bytes when scores tie', () => {
    const server = new Executor();
    const binary = '\x00\xff\r\n';
    server.run('ZADD', 'z', 0, 'b', 0, '\xff', 0, binary, 0, '', 0, 'B', 0, 'ba');
    expect(server.run('ZRANGE', 'z', 0, -1)).toEqual(['', binary, 'B', 'b', 'ba', '\xff']);
    expect(server.run('ZSCORE', 'z', binary)).toEqual(d(0));
    expect(server.run('ZSCORE', 'z', '\x00')).toBeNull();
  });

  it('CH counts updated members too; an unchanged score is no update', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b');
    expect(server.run('ZADD', 'z', 'CH', 1, 'a', 5, 'b', 6, 'c')).toBe(2);
    expect(server.run('ZADD', 'z', 'ch', 1, 'a')).toBe(0);
  });

  it('NX only adds, XX only updates, GT and LT only move scores their way and still add new members', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 5, 'a');
    expect(server.run('ZADD', 'z', 'NX', 1, 'a', 1, 'b')).toBe(1);
    expect(server.run('ZSCORE', 'z', 'a')).toEqual(d(5));
    expect(server.run('ZADD', 'z', 'XX', 'CH', 2, 'a', 2, 'c')).toBe(1);
    expect(server.run('ZSCORE', 'z', 'c')).toBeNull();
    expect(server.run('ZADD', 'z', 'GT', 'CH', 1, 'a', 9, 'b', 7, 'd')).toBe(2);
    expect(server.run('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['a', d(2), 'd', d(7), 'b', d(9)]);
    expect(server.run('ZADD', 'z', 'LT', 'CH', 3, 'a', 1, 'b')).toBe(1);
    expect(server.run('ZADD', 'z', 'XX', 'GT', 'CH', 8, 'd', 100, 'e')).toBe(1);
    expect(server.run('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['b', d(1), 'a', d(2), 'd', d(8)]);
  });

  it('INCR returns the new score, or null when an option kept it from being applied', () => {
    const server = new Executor();
    expect(server.run('ZADD', 'z', 'INCR', '1.5', 'a')).toEqual(d(1.5));
    expect(server.run('ZADD', 'z', 'INCR', '-0.5', 'a')).toEqual(d(1));
    expect(server.run('ZADD', 'z', 'NX', 'INCR', 1, 'a')).toBeNull();
    expect(server.run('ZADD', 'z', 'GT', 'INCR', -1, 'a')).toBeNull();
    expect(server.run('ZADD', 'z', 'LT', 'INCR', -1, 'a')).toEqual(d(0));
    expect(server.run('ZADD', 'z', 'INCR', 0, 'a')).toEqual(d(0));
    expect(server.run('ZADD', 'missing', 'XX', 'INCR', 1, 'a')).toBeNull();
    expect(server.run('ZADD', 'missing', 'XX', 1, 'a')).toBe(0);
    expect(server.run('EXISTS', 'missing')).toBe(0);
    expect(server.run('ZINCRBY', 'z', 5, 'b')).toEqual(d(5));
    expect(server.run('ZINCRBY', 'z', '0.1', 'b')).toEqual(d(5.1));
  });

  it('option conflicts, odd arguments and bad scores are refused before anything changes', () => {
    const server = new Executor();
    server.run('SET', 'str', 'v');
    expect(server.run('ZADD', 'z', 'NX', 'XX', 1, 'a')).toEqual(new ErrorReply('ERR XX and NX options at the same time are not compatible'));
    const gtLtNx = new ErrorReply('ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(server.run('ZADD', 'z', 'NX', 'GT', 1, 'a')).toEqual(gtLtNx);
    expect(server.run('ZADD', 'z', 'LT', 'NX', 1, 'a')).toEqual(gtLtNx);
    expect(server.run('ZADD', 'z', 'GT', 'LT', 1, 'a')).toEqual(gtLtNx);
    expect(server.run('ZADD', 'z', 'INCR', 1, 'a', 2, 'b')).toEqual(new ErrorReply('ERR INCR option supports a single increment-element pair'));
    expect(server.run('ZADD', 'z', 1, 'a', 2)).toEqual(syntaxError);
    expect(server.run('ZADD', 'z', 'NX', 'XX', 1)).toEqual(syntaxError);
    for (const bad of ['abc', 'nan', '1e400', '', ' 1', '1 ', '0x']) expect(server.run('ZADD', 'z', 1, 'a', bad, 'b'), bad).toEqual(notFloat);
    expect(server.run('ZADD', 'str', 'abc', 'a')).toEqual(notFloat);
    expect(server.run('ZADD', 'str', 1, 'a')).toEqual(wrongType);
    expect(server.run('EXISTS', 'z')).toBe(0);
    expect(server.run('ZADD', 'z', 'inf', 'a', '-inf', 'b', '+inf', 'c', '1e-320', 'e', '0x10', 'f')).toBe(5);
    expect(server.run('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['b', d(-Infinity), 'e', d(1e-320), 'f', d(16), 'a', d(Infinity), 'c', d(Infinity)]);
  });

  it('an increment giving NaN is an error and changes nothing', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 'inf', 'a');
    const nan = new ErrorReply('ERR resulting score is not a number (NaN)');
    expect(server.run('ZADD', 'z', 'INCR', '-inf', 'a')).toEqual(nan);
    expect(server.run('ZINCRBY', 'z', '-inf', 'a')).toEqual(nan);
    expect(server.run('ZSCORE', 'z', 'a')).toEqual(d(Infinity));
    expect(server.effects.flat()).toHaveLength(1);
  });

  it('ZINCRBY reads options where its increment is, as Redis does', () => {
    const server = new Executor();
    expect(server.run('ZINCRBY', 'z', 'nx', 'a')).toEqual(syntaxError);
    expect(server.run('ZINCRBY', 'z', 'abc', 'a')).toEqual(notFloat);
  });
});

describe('sorted set encodings', () => {
  it('a set is a listpack up to zset-max-listpack-entries members, then a skiplist for good', () => {
    const server = new Executor();
    server.run('ZADD', 'z', ...pairs(128));
    expect(encoding(server, 'z')).toBe('listpack');
    server.run('ZADD', 'z', 1, 'm1');
    expect(encoding(server, 'z')).toBe('listpack');
    server.run('ZADD', 'z', 129, 'm129');
    expect(encoding(server, 'z')).toBe('skiplist');
    server.run('ZREMRANGEBYRANK', 'z', 0, -3);
    expect(server.run('ZCARD', 'z')).toBe(2);
    expect(encoding(server, 'z')).toBe('skiplist');
  });

  it('one ZADD of many pairs repeating one member stays a listpack (Redis 7.0 has no size hint)', () => {
    const server = new Executor();
    const repeated = Array.from({ length: 200 }, () => ['1', 'same']).flat();
    expect(server.run('ZADD', 'z', ...repeated)).toBe(1);
    expect(encoding(server, 'z')).toBe('listpack');
  });

  it('a member longer than zset-max-listpack-value makes a skiplist, also as the first member', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-value': 4 } });
    server.run('ZADD', 'a', 1, 'abcd');
    expect(encoding(server, 'a')).toBe('listpack');
    server.run('ZADD', 'a', 1, 'abcde');
    expect(encoding(server, 'a')).toBe('skiplist');
    server.run('ZADD', 'b', 1, 'abcde');
    expect(encoding(server, 'b')).toBe('skiplist');
  });

  it('with zset-max-listpack-entries 0 every set is a skiplist', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-entries': 0 } });
    server.run('ZADD', 'z', 1, 'a');
    expect(encoding(server, 'z')).toBe('skiplist');
  });

  it('a listpack keeps scores as text, which turns -0 into 0; a skiplist keeps -0', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-entries': 2 } });
    expect(server.run('ZINCRBY', 'z', '-0', 'a')).toEqual(d(-0));
    expect(formatDouble((server.run('ZSCORE', 'z', 'a') as DoubleReply).value)).toBe('0');
    server.run('ZADD', 'z', 1, 'b', 2, 'c');
    expect(encoding(server, 'z')).toBe('skiplist');
    server.run('ZADD', 'z', '-0', 'd');
    expect(formatDouble((server.run('ZSCORE', 'z', 'd') as DoubleReply).value)).toBe('-0');
  });

  it('results of STORE commands take the encoding their size and members call for', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-entries': 4 } });
    server.run('ZADD', 'big', ...pairs(6));
    expect(encoding(server, 'big')).toBe('skiplist');
    expect(server.run('ZRANGESTORE', 'small', 'big', 0, 2)).toBe(3);
    expect(encoding(server, 'small')).toBe('listpack');
    expect(server.run('ZUNIONSTORE', 'all', 1, 'big')).toBe(6);
    expect(encoding(server, 'all')).toBe('skiplist');
    expect(server.run('ZINTERSTORE', 'some', 2, 'big', 'small')).toBe(3);
    expect(encoding(server, 'some')).toBe('listpack');
  });

  it('COPY keeps the encoding and the contents; RENAME and MOVE carry the value', () => {
    const server = new Executor({ settings: { 'zset-max-listpack-entries': 2 } });
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    server.run('ZADD', 'small', 1, 'a');
    expect(server.run('COPY', 'z', 'copy')).toBe(1);
    expect(server.run('COPY', 'small', 'small-copy')).toBe(1);
    expect(encoding(server, 'copy')).toBe('skiplist');
    expect(encoding(server, 'small-copy')).toBe('listpack');
    server.run('ZADD', 'copy', 9, 'a');
    expect(server.run('ZSCORE', 'z', 'a')).toEqual(d(1));
    expect(server.run('RENAME', 'copy', 'renamed')).toEqual(new Status('OK'));
    expect(server.run('ZRANGE', 'renamed', 0, -1)).toEqual(['b', 'c', 'a']);
    expect(server.run('MOVE', 'renamed', 1)).toBe(1);
    server.run('SELECT', 1);
    expect(server.run('ZCARD', 'renamed')).toBe(3);
  });

  it('MEMORY USAGE of a listpack is exact; of a skiplist it is positive and grows with the set', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(server.run('MEMORY', 'USAGE', 'z')).toBe(80);
    server.run('ZADD', 'z', '0.1', 'd');
    expect(server.run('MEMORY', 'USAGE', 'z')).toBe(96);
    server.run('ZADD', 'big', ...pairs(200));
    const before = server.run('MEMORY', 'USAGE', 'big') as number;
    server.run('ZADD', 'big', ...pairs(400, 'n'));
    const after = server.run('MEMORY', 'USAGE', 'big') as number;
    expect(before).toBeGreaterThan(200 * 40);
    expect(after).toBeGreaterThan(before);
  });
});

describe('ZREM and the reads', () => {
  it('ZREM counts removed members and deletes the key once empty', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b');
    expect(server.run('ZREM', 'z', 'a', 'x', 'a')).toBe(1);
    expect(server.run('ZREM', 'z', 'b')).toBe(1);
    expect(server.run('EXISTS', 'z')).toBe(0);
    expect(server.run('ZREM', 'z', 'b')).toBe(0);
  });

  it('reads of a missing key answer as for an empty set; of another type WRONGTYPE', () => {
    const server = new Executor();
    server.run('SET', 'str', 'v');
    expect(server.run('ZCARD', 'missing')).toBe(0);
    expect(server.run('ZSCORE', 'missing', 'a')).toBeNull();
    expect(server.run('ZMSCORE', 'missing', 'a', 'b')).toEqual([null, null]);
    expect(server.run('ZRANK', 'missing', 'a')).toBeNull();
    expect(server.run('ZRANGE', 'missing', 0, -1)).toEqual([]);
    for (const command of [['ZCARD'], ['ZSCORE', 'a'], ['ZMSCORE', 'a'], ['ZRANK', 'a'], ['ZREM', 'a'], ['ZRANGE', 0, 1], ['ZCOUNT', 0, 1]]) {
      const [name, ...rest] = command;
      expect(server.run(name as string, 'str', ...rest), String(name)).toEqual(wrongType);
    }
  });

  it('ZMSCORE answers a score or null per member', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', '2.5', 'b');
    expect(server.run('ZMSCORE', 'z', 'b', 'x', 'a')).toEqual([d(2.5), null, d(1)]);
  });

  it('ZRANK and ZREVRANK count from either end, with WITHSCORE as Redis 7.2 has it', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(server.run('ZRANK', 'z', 'a')).toBe(0);
    expect(server.run('ZREVRANK', 'z', 'a')).toBe(2);
    expect(server.run('ZRANK', 'z', 'x')).toBeNull();
    expect(server.run('ZRANK', 'z', 'b', 'WITHSCORE')).toEqual([1, d(2)]);
    expect(server.run('ZREVRANK', 'z', 'c', 'withscore')).toEqual([0, d(3)]);
    expect(server.run('ZRANK', 'z', 'x', 'WITHSCORE')).toBe(NULL_ARRAY);
    expect(server.run('ZRANK', 'missing', 'x', 'WITHSCORE')).toBe(NULL_ARRAY);
    expect(server.run('ZRANK', 'z', 'a', 'WITHSCORES')).toEqual(syntaxError);
    expect(server.run('ZRANK', 'z', 'a', 'WITHSCORE', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'zrank' command"));
    expect(server.run('ZREVRANK', 'z')).toEqual(new ErrorReply("ERR wrong number of arguments for 'zrevrank' command"));
  });

  it('ZCOUNT reads bounds as strtod does: ( for exclusive, spaces before, empty is 0, inf', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 0, 'zero', 1, 'a', 2, 'b', 3, 'c', 'inf', 'top');
    expect(server.run('ZCOUNT', 'z', 1, 3)).toBe(3);
    expect(server.run('ZCOUNT', 'z', '(1', '(3')).toBe(1);
    expect(server.run('ZCOUNT', 'z', '-inf', '+inf')).toBe(5);
    expect(server.run('ZCOUNT', 'z', '(-inf', '(inf')).toBe(4);
    expect(server.run('ZCOUNT', 'z', '', '')).toBe(1);
    expect(server.run('ZCOUNT', 'z', '(', 1)).toBe(1);
    expect(server.run('ZCOUNT', 'z', ' 1', '1e400')).toBe(4);
    expect(server.run('ZCOUNT', 'z', 3, 1)).toBe(0);
    expect(server.run('ZCOUNT', 'z', '(2', 2)).toBe(0);
    for (const [min, max] of [['abc', 1], [1, '1 '], ['(nan', 1], [1, 'nan'], ['[1', 2], ['  ', 1]]) {
      expect(server.run('ZCOUNT', 'z', min as string, max as string), `${min} ${max}`).toEqual(rangeNotFloat);
    }
    expect(server.run('ZCOUNT', 'missing', 'abc', 1)).toEqual(rangeNotFloat);
  });

  it('ZLEXCOUNT counts members between - + ( and [ bounds', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    expect(server.run('ZLEXCOUNT', 'z', '-', '+')).toBe(4);
    expect(server.run('ZLEXCOUNT', 'z', '[b', '(d')).toBe(2);
    expect(server.run('ZLEXCOUNT', 'z', '(a', '[c')).toBe(2);
    expect(server.run('ZLEXCOUNT', 'z', '+', '-')).toBe(0);
    expect(server.run('ZLEXCOUNT', 'z', '[', '[b')).toBe(2);
    for (const [min, max] of [['a', '+'], ['-', 'b'], ['', '+'], ['+x', '+'], ['-', '-x']]) {
      expect(server.run('ZLEXCOUNT', 'z', min as string, max as string), `${min} ${max}`).toEqual(lexRangeInvalid);
    }
  });
});

describe('ZRANGE and its older forms', () => {
  const setup = () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    server.run('ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e');
    return server;
  };

  it('by rank: negative indexes count from the end, out of range ends are clamped', () => {
    const server = setup();
    expect(server.run('ZRANGE', 'z', 1, 2)).toEqual(['b', 'c']);
    expect(server.run('ZRANGE', 'z', -2, -1)).toEqual(['d', 'e']);
    expect(server.run('ZRANGE', 'z', -100, 100)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.run('ZRANGE', 'z', 3, 1)).toEqual([]);
    expect(server.run('ZRANGE', 'z', 5, 10)).toEqual([]);
    expect(server.run('ZRANGE', 'z', 0, 1, 'REV')).toEqual(['e', 'd']);
    expect(server.run('ZREVRANGE', 'z', 0, 1, 'WITHSCORES')).toEqual(['e', d(5), 'd', d(4)]);
    expect(server.run('ZRANGE', 'z', 'a', 1)).toEqual(notInteger);
  });

  it('WITHSCORES gives [member, score] pairs in RESP3', () => {
    const server = resp3Server();
    server.run('ZADD', 'z', 1, 'a', 2, 'b');
    expect(server.run('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual([['a', d(1)], ['b', d(2)]]);
    expect(server.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES')).toEqual([['a', d(1)], ['b', d(2)]]);
  });

  it('BYSCORE with LIMIT skips and takes; a negative count takes all, a negative offset nothing', () => {
    const server = setup();
    expect(server.run('ZRANGE', 'z', '(1', 4, 'BYSCORE')).toEqual(['b', 'c', 'd']);
    expect(server.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2)).toEqual(['b', 'c']);
    expect(server.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 3, -1)).toEqual(['d', 'e']);
    expect(server.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', -1, 5)).toEqual([]);
    expect(server.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 0)).toEqual([]);
    expect(server.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 5, 1)).toEqual([]);
    expect(server.run('ZRANGE', 'z', 4, 2, 'BYSCORE', 'REV', 'LIMIT', 1, 5, 'WITHSCORES')).toEqual(['c', d(3), 'b', d(2)]);
    expect(server.run('ZREVRANGEBYSCORE', 'z', '+inf', '(3')).toEqual(['e', 'd']);
    expect(server.run('ZRANGEBYSCORE', 'z', 2, 4, 'WITHSCORES', 'LIMIT', 0, 1)).toEqual(['b', d(2)]);
  });

  it('BYLEX takes member bounds; REV takes them max first', () => {
    const server = setup();
    expect(server.run('ZRANGE', 'lex', '[b', '(d', 'BYLEX')).toEqual(['b', 'c']);
    expect(server.run('ZRANGE', 'lex', '+', '(c', 'BYLEX', 'REV')).toEqual(['e', 'd']);
    expect(server.run('ZRANGE', 'lex', '-', '+', 'BYLEX', 'LIMIT', 1, 2)).toEqual(['b', 'c']);
    expect(server.run('ZRANGEBYLEX', 'lex', '(a', '[c')).toEqual(['b', 'c']);
    expect(server.run('ZREVRANGEBYLEX', 'lex', '[c', '-', 'LIMIT', 0, 2)).toEqual(['c', 'b']);
    expect(server.run('ZRANGEBYLEX', 'lex', 'a', '+')).toEqual(lexRangeInvalid);
  });

  it('conflicting or misplaced options are errors, checked before the key', () => {
    const server = setup();
    expect(server.run('ZRANGE', 'z', 0, -1, 'LIMIT', 0, 1)).toEqual(
      new ErrorReply('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'),
    );
    expect(server.run('ZRANGE', 'z', 0, -1, 'LIMIT', 0, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.run('ZRANGE', 'lex', '-', '+', 'BYLEX', 'WITHSCORES')).toEqual(
      new ErrorReply('ERR syntax error, WITHSCORES not supported in combination with BYLEX'),
    );
    expect(server.run('ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES')).toEqual(new ErrorReply('ERR syntax error, WITHSCORES not supported in combination with BYLEX'));
    for (const options of [['BYSCORE', 'BYLEX'], ['REV', 'REV'], ['LIMIT', 0], ['FOO']]) {
      expect(server.run('ZRANGE', 'z', 0, -1, ...options), options.join(' ')).toEqual(syntaxError);
    }
    expect(server.run('ZREVRANGE', 'z', 0, -1, 'REV')).toEqual(syntaxError);
    expect(server.run('ZRANGEBYSCORE', 'z', 0, 1, 'BYSCORE')).toEqual(syntaxError);
    expect(server.run('ZRANGE', 'z', 0, 1, 'BYSCORE', 'LIMIT', 'x', 1)).toEqual(notInteger);
    expect(server.run('ZRANGE', 'missing', 'x', 1, 'BYSCORE')).toEqual(rangeNotFloat);
    expect(server.run('ZRANGE', 'missing', 'x', 1)).toEqual(notInteger);
  });

  it('ZRANGESTORE stores the range (scores included), replaces any type, and deletes the destination for an empty range', () => {
    const server = setup();
    server.run('SET', 'dest', 'v');
    expect(server.run('ZRANGESTORE', 'dest', 'z', 3, 4, 'BYSCORE')).toBe(2);
    expect(server.run('ZRANGE', 'dest', 0, -1, 'WITHSCORES')).toEqual(['c', d(3), 'd', d(4)]);
    expect(server.run('ZRANGESTORE', 'dest', 'z', 0, 1, 'REV')).toBe(2);
    expect(server.run('ZRANGE', 'dest', 0, -1)).toEqual(['d', 'e']);
    expect(server.run('ZRANGESTORE', 'dest', 'lex', '[c', '+', 'BYLEX', 'LIMIT', 0, 1)).toBe(1);
    expect(server.run('ZRANGE', 'dest', 0, -1)).toEqual(['c']);
    expect(server.run('ZRANGESTORE', 'dest', 'z', 10, 20)).toBe(0);
    expect(server.run('EXISTS', 'dest')).toBe(0);
    expect(server.run('ZRANGESTORE', 'dest', 'missing', 0, -1)).toBe(0);
    expect(server.run('ZRANGESTORE', 'dest', 'z', 0, -1, 'WITHSCORES')).toEqual(syntaxError);
    server.run('SET', 'str', 'v');
    expect(server.run('ZRANGESTORE', 'dest', 'str', 0, -1)).toEqual(wrongType);
  });

  it('ranges of a big set agree with a sorted model, both ways', () => {
    const server = new Executor();
    const random = seededRandom(7);
    const model = new Map<string, number>();
    for (let batch = 0; batch < 20; batch++) {
      const args: string[] = [];
      for (let index = 0; index < 200; index++) {
        const member = `m${Math.floor(random() * 3000)}`;
        const score = Math.floor(random() * 500) / 4;
        args.push(String(score), member);
        model.set(member, score);
      }
      server.run('ZADD', 'big', ...args);
    }
    const sorted = [...model].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([member]) => member);
    expect(server.run('ZCARD', 'big')).toBe(sorted.length);
    expect(server.run('ZRANGE', 'big', 0, -1)).toEqual(sorted);
    expect(server.run('ZRANGE', 'big', 1000, 1100)).toEqual(sorted.slice(1000, 1101));
    expect(server.run('ZREVRANGE', 'big', 5, 9)).toEqual(sorted.slice().reverse().slice(5, 10));
    const inRange = [...model].filter(([, score]) => score > 20 && score <= 60);
    expect(server.run('ZCOUNT', 'big', '(20', 60)).toBe(inRange.length);
    expect(server.run('ZRANGEBYSCORE', 'big', '(20', 60, 'LIMIT', 10, 5)).toEqual(sorted.filter((member) => inRange.some(([m]) => m === member)).slice(10, 15));
    for (let probe = 0; probe < 50; probe++) {
      const rank = Math.floor(random() * sorted.length);
      expect(server.run('ZRANK', 'big', sorted[rank] as string)).toBe(rank);
    }
  });
});

describe('ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX', () => {
  it('remove what the range selects, count it, and delete an emptied key', () => {
    const server = new Executor();
    server.run('ZADD', 'z', ...pairs(10));
    expect(server.run('ZREMRANGEBYRANK', 'z', 0, 1)).toBe(2);
    expect(server.run('ZREMRANGEBYRANK', 'z', -2, -1)).toBe(2);
    expect(server.run('ZREMRANGEBYSCORE', 'z', '(3', 5)).toBe(2);
    expect(server.run('ZRANGE', 'z', 0, -1)).toEqual(['m3', 'm6', 'm7', 'm8']);
    expect(server.run('ZREMRANGEBYSCORE', 'z', 10, 1)).toBe(0);
    expect(server.run('ZREMRANGEBYRANK', 'z', 0, -1)).toBe(4);
    expect(server.run('EXISTS', 'z')).toBe(0);
    server.run('ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c');
    expect(server.run('ZREMRANGEBYLEX', 'lex', '(a', '+')).toBe(2);
    expect(server.run('ZRANGE', 'lex', 0, -1)).toEqual(['a']);
    expect(server.run('ZREMRANGEBYLEX', 'lex', 'a', '+')).toEqual(lexRangeInvalid);
    expect(server.run('ZREMRANGEBYSCORE', 'lex', 'x', 1)).toEqual(rangeNotFloat);
    expect(server.run('ZREMRANGEBYRANK', 'lex', 'x', 1)).toEqual(notInteger);
    expect(server.run('ZREMRANGEBYRANK', 'missing', 0, 1)).toBe(0);
  });

  it('removing most of a big set keeps order, ranks and scores right', () => {
    const server = new Executor();
    server.run('ZADD', 'z', ...pairs(5000));
    expect(server.run('ZREMRANGEBYRANK', 'z', 100, 4899)).toBe(4800);
    expect(server.run('ZCARD', 'z')).toBe(200);
    expect(server.run('ZRANGE', 'z', 98, 101)).toEqual(['m99', 'm100', 'm4901', 'm4902']);
    expect(server.run('ZRANK', 'z', 'm4950')).toBe(149);
    expect(server.run('ZSCORE', 'z', 'm4950')).toEqual(d(4950));
    expect(server.run('ZSCORE', 'z', 'm2000')).toBeNull();
    expect(server.run('ZADD', 'z', 2000, 'm2000')).toBe(1);
    expect(server.run('ZRANK', 'z', 'm2000')).toBe(100);
  });
});

describe('ZPOPMIN, ZPOPMAX, ZMPOP', () => {
  it('pop the lowest or highest members with their scores, and delete the emptied key', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(server.run('ZPOPMIN', 'z')).toEqual(['a', d(1)]);
    expect(server.run('ZPOPMAX', 'z', 5)).toEqual(['c', d(3), 'b', d(2)]);
    expect(server.run('EXISTS', 'z')).toBe(0);
    expect(server.run('ZPOPMIN', 'z')).toEqual([]);
    expect(server.run('ZPOPMIN', 'z', 2)).toEqual([]);
  });

  it('a count gives pairs in RESP3, no count a flat pair', () => {
    const server = resp3Server();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(server.run('ZPOPMIN', 'z')).toEqual(['a', d(1)]);
    expect(server.run('ZPOPMIN', 'z', 1)).toEqual([['b', d(2)]]);
    expect(server.run('ZMPOP', 1, 'z', 'MAX')).toEqual(['z', [['c', d(3)]]]);
  });

  it('count 0 answers an empty array after the type check; bad counts and extra arguments are errors', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a');
    server.run('SET', 'str', 'v');
    expect(server.run('ZPOPMIN', 'z', 0)).toEqual([]);
    expect(server.run('ZPOPMIN', 'str', 0)).toEqual(wrongType);
    expect(server.run('ZPOPMIN', 'str', 'x')).toEqual(notPositive);
    expect(server.run('ZPOPMAX', 'z', -1)).toEqual(notPositive);
    expect(server.run('ZPOPMIN', 'z', 1, 2)).toEqual(syntaxError);
    expect(server.run('ZCARD', 'z')).toBe(1);
  });

  it('ZMPOP pops from the first key holding a set, with its name; null array when none does', () => {
    const server = new Executor();
    server.run('ZADD', 'b', 1, 'x', 2, 'y', 3, 'z');
    expect(server.run('ZMPOP', 2, 'a', 'b', 'MIN')).toEqual(['b', [['x', d(1)]]]);
    expect(server.run('ZMPOP', 2, 'a', 'b', 'max', 'COUNT', 10)).toEqual(['b', [['z', d(3)], ['y', d(2)]]]);
    expect(server.run('ZMPOP', 2, 'a', 'b', 'MIN')).toBe(NULL_ARRAY);
    server.run('SET', 'str', 'v');
    expect(server.run('ZMPOP', 2, 'a', 'str', 'MIN')).toEqual(wrongType);
  });

  it('ZMPOP argument errors', () => {
    const server = new Executor();
    const numkeys = new ErrorReply('ERR numkeys should be greater than 0');
    const count = new ErrorReply('ERR count should be greater than 0');
    expect(server.run('ZMPOP', 0, 'a', 'MIN')).toEqual(numkeys);
    expect(server.run('ZMPOP', 'x', 'a', 'MIN')).toEqual(numkeys);
    expect(server.run('ZMPOP', 2, 'a', 'MIN')).toEqual(syntaxError);
    expect(server.run('ZMPOP', 1, 'a', 'UP')).toEqual(syntaxError);
    expect(server.run('ZMPOP', 1, 'a', 'MIN', 'COUNT', 0)).toEqual(count);
    expect(server.run('ZMPOP', 1, 'a', 'MIN', 'COUNT', 'x')).toEqual(count);
    expect(server.run('ZMPOP', 1, 'a', 'MIN', 'COUNT', 1, 'COUNT', 1)).toEqual(syntaxError);
    expect(server.run('ZMPOP', 1, 'a', 'MIN', 'COUNT')).toEqual(syntaxError);
    expect(server.run('ZMPOP', '99999999999999999999', 'a', 'MIN')).toEqual(numkeys);
  });
});

describe('BZPOPMIN, BZPOPMAX, BZMPOP', () => {
  const setup = () => {
    const server = new Executor();
    return { server, first: server.newClient(), second: server.newClient() };
  };

  it('pop at once from the first non-empty key, logged as the plain pop', () => {
    const { server } = setup();
    server.run('ZADD', 'b', 1, 'x', 2, 'y');
    expect(server.run('BZPOPMIN', 'a', 'b', 0)).toEqual(['b', 'x', d(1)]);
    expect(server.run('BZPOPMAX', 'a', 'b', 0)).toEqual(['b', 'y', d(2)]);
    expect(effectsSince(server).slice(1)).toEqual([['ZPOPMIN', 'b'], ['ZPOPMAX', 'b']]);
  });

  it('a blocked client is served by a ZADD, and the pop is logged as ZPOPMIN key', () => {
    const { server, first } = setup();
    expect(server.runAs(first, 'BZPOPMIN', 'k', 0)).toBe(BLOCKED);
    expect(server.takeServed(first)).toEqual([]);
    server.run('ZADD', 'k', 2, 'b', 1, 'a');
    expect(server.takeServed(first)).toEqual([['k', 'a', d(1)]]);
    expect(server.run('ZRANGE', 'k', 0, -1)).toEqual(['b']);
    expect(effectsSince(server)).toEqual([['ZADD', 'k', '2', 'b', '1', 'a'], ['ZPOPMIN', 'k']]);
  });

  it('clients blocked on one key are served first blocked, first served', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BZPOPMAX', 'k', 0);
    server.runAs(second, 'BZPOPMAX', 'k', 0);
    server.run('ZADD', 'k', 1, 'a', 2, 'b', 3, 'c');
    expect(server.takeServed(first)).toEqual([['k', 'c', d(3)]]);
    expect(server.takeServed(second)).toEqual([['k', 'b', d(2)]]);
    expect(server.run('ZRANGE', 'k', 0, -1)).toEqual(['a']);
  });

  it('BZMPOP served later pops up to its count, logged as ZMPOP of the number it popped', () => {
    const { server, first } = setup();
    expect(server.runAs(first, 'BZMPOP', 0, 2, 'a', 'b', 'MIN', 'COUNT', 5)).toBe(BLOCKED);
    server.run('ZADD', 'b', 1, 'x', 2, 'y');
    expect(server.takeServed(first)).toEqual([['b', [['x', d(1)], ['y', d(2)]]]]);
    expect(effectsSince(server).at(-1)).toEqual(['ZMPOP', '1', 'b', 'MIN', 'COUNT', '2']);
    server.run('ZADD', 'a', 1, 'x', 2, 'y');
    expect(server.run('BZMPOP', 0, 1, 'a', 'MAX')).toEqual(['a', [['y', d(2)]]]);
    expect(effectsSince(server).at(-1)).toEqual(['ZMPOP', '1', 'a', 'MAX', 'COUNT', '1']);
  });

  it('a client blocked on several keys is served from the key that became ready', () => {
    const { server, first } = setup();
    server.runAs(first, 'BZPOPMIN', 'a', 'b', 0);
    server.run('MULTI');
    server.run('ZADD', 'b', 1, 'x');
    server.run('ZADD', 'a', 1, 'y');
    server.run('EXEC');
    expect(server.takeServed(first)).toEqual([['b', 'x', d(1)]]);
    expect(server.run('ZCARD', 'a')).toBe(1);
  });

  it('the timeout ends the wait with the null array; inside MULTI the answer is at once', () => {
    const { server, first } = setup();
    expect(server.runAs(first, 'BZPOPMIN', 'k', '0.5')).toBe(BLOCKED);
    server.clock.advanceMs(499);
    expect(server.expireBlocked()).toBe(0);
    server.clock.advanceMs(1);
    expect(server.expireBlocked()).toBe(1);
    expect(server.takeServed(first)).toEqual([NULL_ARRAY]);
    server.run('MULTI');
    server.run('BZPOPMIN', 'k', 0);
    server.run('BZMPOP', 0, 1, 'k', 'MIN');
    expect(server.run('EXEC')).toEqual([NULL_ARRAY, NULL_ARRAY]);
  });

  it('CLIENT UNBLOCK ends the wait as a timeout or with the UNBLOCKED error', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BZPOPMIN', 'k', 0);
    server.runAs(second, 'BZMPOP', 0, 1, 'k', 'MAX');
    expect(server.run('CLIENT', 'UNBLOCK', first.id)).toBe(1);
    expect(server.run('CLIENT', 'UNBLOCK', second.id, 'ERROR')).toBe(1);
    expect(server.takeServed(first)).toEqual([NULL_ARRAY]);
    expect(server.takeServed(second)).toEqual([new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
  });

  it('the timeout is parsed before the keys; a key of another type is WRONGTYPE at first, passed over by a retry', () => {
    const { server, first } = setup();
    server.run('SET', 'str', 'v');
    expect(server.run('BZPOPMIN', 'str', 'x')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
    expect(server.run('BZPOPMAX', 'str', -1)).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(server.run('BZPOPMIN', 'str', 0)).toEqual(wrongType);
    expect(server.run('BZMPOP', 'x', 1, 'str', 'MIN')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
    expect(server.run('BZMPOP', 0, 0, 'str', 'MIN')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    server.runAs(first, 'BZPOPMIN', 'k', 0);
    server.run('SET', 'k', 'v');
    expect(server.takeServed(first)).toEqual([]);
    server.run('DEL', 'k');
    server.run('ZADD', 'k', 1, 'a');
    expect(server.takeServed(first)).toEqual([['k', 'a', d(1)]]);
  });
});

describe('ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD', () => {
  const setup = () => {
    const server = new Executor();
    server.run('ZADD', 'a', 1, 'x', 2, 'y', 3, 'z');
    server.run('ZADD', 'b', 10, 'y', 20, 'z', 30, 'w');
    server.run('SADD', 's', 'x', 'w', 'v');
    return server;
  };

  it('ZUNION sums weighted scores by default; MIN and MAX aggregate', () => {
    const server = setup();
    expect(server.run('ZUNION', 2, 'a', 'b', 'WITHSCORES')).toEqual(['x', d(1), 'y', d(12), 'z', d(23), 'w', d(30)]);
    expect(server.run('ZUNION', 2, 'a', 'b', 'WEIGHTS', 2, '0.5', 'AGGREGATE', 'MAX', 'WITHSCORES')).toEqual([
      'x', d(2), 'y', d(5), 'z', d(10), 'w', d(15),
    ]);
    expect(server.run('ZUNION', 2, 'a', 'b', 'AGGREGATE', 'min')).toEqual(['x', 'y', 'z', 'w']);
  });

  it('plain sets count as scores of 1', () => {
    const server = setup();
    expect(server.run('ZUNION', 2, 'a', 's', 'WITHSCORES')).toEqual(['v', d(1), 'w', d(1), 'x', d(2), 'y', d(2), 'z', d(3)]);
    expect(server.run('ZINTER', 2, 's', 'b', 'WITHSCORES')).toEqual(['w', d(31)]);
    expect(server.run('ZDIFF', 2, 's', 'a', 'WITHSCORES')).toEqual(['v', d(1), 'w', d(1)]);
  });

  it('inf plus -inf sums to 0, and 0 times inf weighs 0', () => {
    const server = new Executor();
    server.run('ZADD', 'p', 'inf', 'm');
    server.run('ZADD', 'n', '-inf', 'm');
    expect(server.run('ZUNION', 2, 'p', 'n', 'WITHSCORES')).toEqual(['m', d(0)]);
    expect(server.run('ZINTER', 2, 'p', 'n', 'WITHSCORES')).toEqual(['m', d(0)]);
    expect(server.run('ZUNION', 1, 'p', 'WEIGHTS', 0, 'WITHSCORES')).toEqual(['m', d(0)]);
    expect(server.run('ZINTER', 2, 'p', 'p', 'WEIGHTS', 1, 0, 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual(['m', d(Infinity)]);
  });

  it('ZINTER keeps members of every input; ZDIFF those of the first in no other', () => {
    const server = setup();
    expect(server.run('ZINTER', 2, 'a', 'b', 'WITHSCORES')).toEqual(['y', d(12), 'z', d(23)]);
    expect(server.run('ZINTER', 3, 'a', 'b', 'missing')).toEqual([]);
    expect(server.run('ZDIFF', 2, 'a', 'b')).toEqual(['x']);
    expect(server.run('ZDIFF', 2, 'a', 'a')).toEqual([]);
    expect(server.run('ZDIFF', 1, 'missing')).toEqual([]);
  });

  it('STORE forms store the result, or delete the destination when it is empty', () => {
    const server = setup();
    expect(server.run('ZUNIONSTORE', 'd', 2, 'a', 'b')).toBe(4);
    expect(server.run('ZRANGE', 'd', 0, -1, 'WITHSCORES')).toEqual(['x', d(1), 'y', d(12), 'z', d(23), 'w', d(30)]);
    expect(server.run('ZINTERSTORE', 'd', 2, 'a', 'b', 'WEIGHTS', 1, 0)).toBe(2);
    expect(server.run('ZRANGE', 'd', 0, -1, 'WITHSCORES')).toEqual(['y', d(2), 'z', d(3)]);
    expect(server.run('ZDIFFSTORE', 'd', 2, 'a', 'a')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
    expect(server.run('ZINTERSTORE', 'a', 2, 'a', 'b')).toBe(2);
    expect(server.run('ZRANGE', 'a', 0, -1)).toEqual(['y', 'z']);
  });

  it('ZINTERCARD counts the intersection, stopping at LIMIT', () => {
    const server = setup();
    expect(server.run('ZINTERCARD', 2, 'a', 'b')).toBe(2);
    expect(server.run('ZINTERCARD', 2, 'a', 'b', 'LIMIT', 1)).toBe(1);
    expect(server.run('ZINTERCARD', 2, 'a', 'b', 'LIMIT', 0)).toBe(2);
    expect(server.run('ZINTERCARD', 1, 'missing')).toBe(0);
    expect(server.run('ZINTERCARD', 2, 'a', 'b', 'LIMIT', -1)).toEqual(new ErrorReply("ERR LIMIT can't be negative"));
    expect(server.run('ZINTERCARD', 2, 'a', 'b', 'LIMIT', 'x')).toEqual(new ErrorReply("ERR LIMIT can't be negative"));
    expect(server.run('ZINTERCARD', 1, 'a', 'WITHSCORES')).toEqual(syntaxError);
  });

  it('argument errors, and WRONGTYPE before option errors', () => {
    const server = setup();
    server.run('SET', 'str', 'v');
    expect(server.run('ZUNION', 0, 'a')).toEqual(new ErrorReply("ERR at least 1 input key is needed for 'zunion' command"));
    expect(server.run('ZINTERSTORE', 'd', -1, 'a')).toEqual(new ErrorReply("ERR at least 1 input key is needed for 'zinterstore' command"));
    expect(server.run('ZINTERCARD', 0, 'a')).toEqual(new ErrorReply("ERR at least 1 input key is needed for 'zintercard' command"));
    expect(server.run('ZUNION', 'x', 'a')).toEqual(notInteger);
    expect(server.run('ZUNION', 3, 'a', 'b')).toEqual(syntaxError);
    expect(server.run('ZUNION', 2, 'a', 'b', 'WEIGHTS', 1)).toEqual(syntaxError);
    expect(server.run('ZUNION', 1, 'a', 'WEIGHTS', 'x')).toEqual(new ErrorReply('ERR weight value is not a float'));
    expect(server.run('ZUNION', 1, 'a', 'AGGREGATE', 'avg')).toEqual(syntaxError);
    expect(server.run('ZUNIONSTORE', 'd', 1, 'a', 'WITHSCORES')).toEqual(syntaxError);
    expect(server.run('ZDIFF', 1, 'a', 'WEIGHTS', 1)).toEqual(syntaxError);
    expect(server.run('ZDIFFSTORE', 'd', 1, 'a', 'AGGREGATE', 'SUM')).toEqual(syntaxError);
    expect(server.run('ZUNION', 2, 'a', 'str', 'WEIGHTS', 'x')).toEqual(wrongType);
  });

  it('numkeys forms report their keys (COMMAND GETKEYS)', () => {
    const server = setup();
    expect(server.run('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', 2, 'a', 'b', 'WEIGHTS', 1, 2)).toEqual(['d', 'a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'ZINTER', 2, 'a', 'b')).toEqual(['a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'BZMPOP', 0, 2, 'a', 'b', 'MIN')).toEqual(['a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'BZPOPMIN', 'a', 'b', 0)).toEqual(['a', 'b']);
  });
});

describe('ZRANDMEMBER', () => {
  const setup = () => {
    const server = new Executor({ seed: 3 });
    server.run('ZADD', 'z', ...pairs(10));
    return server;
  };

  it('without count answers one member, or null for a missing key', () => {
    const server = setup();
    const member = server.run('ZRANDMEMBER', 'z') as string;
    expect(server.run('ZSCORE', 'z', member)).not.toBeNull();
    expect(server.run('ZRANDMEMBER', 'missing')).toBeNull();
  });

  it('a positive count picks distinct members; a count covering the set gives it all, highest first', () => {
    const server = setup();
    for (const count of [1, 3, 4, 9]) {
      const members = server.run('ZRANDMEMBER', 'z', count) as string[];
      expect(members).toHaveLength(count);
      expect(new Set(members).size).toBe(count);
    }
    const all = pairs(10).filter((_, index) => index % 2 === 1);
    expect(server.run('ZRANDMEMBER', 'z', 10)).toEqual(all.slice().reverse());
    expect(server.run('ZRANDMEMBER', 'z', 0)).toEqual([]);
  });

  it('a negative count may repeat members; WITHSCORES gives each score (pairs in RESP3)', () => {
    const server = setup();
    const picks = server.run('ZRANDMEMBER', 'z', -30, 'WITHSCORES') as Reply[];
    expect(picks).toHaveLength(60);
    for (let index = 0; index < 60; index += 2) expect(server.run('ZSCORE', 'z', picks[index] as string)).toEqual(picks[index + 1]);
    expect(new Set(picks.filter((_, index) => index % 2 === 0)).size).toBeLessThan(30);
    server.client.protocol = 3;
    const paired = server.run('ZRANDMEMBER', 'z', 2, 'WITHSCORES') as Reply[][];
    expect(paired).toHaveLength(2);
    expect(paired[0]?.[1]).toBeInstanceOf(DoubleReply);
  });

  it('argument errors, and nothing is logged', () => {
    const server = setup();
    const mark = server.effects.length;
    expect(server.run('ZRANDMEMBER', 'z', 'x')).toEqual(notInteger);
    expect(server.run('ZRANDMEMBER', 'missing', 'x')).toEqual(notInteger);
    expect(server.run('ZRANDMEMBER', 'z', 1, 'foo')).toEqual(syntaxError);
    expect(server.run('ZRANDMEMBER', 'z', '-9223372036854775808')).toEqual(
      new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(server.run('ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES')).toEqual(new ErrorReply('ERR value is out of range'));
    expect(server.run('ZRANDMEMBER', 'z', -5_000_000)).toEqual(new ErrorReply('ERR count is too large: cairn returns at most 4194304 random members per call'));
    server.run('ZRANDMEMBER', 'z', -3);
    expect(server.effects.length).toBe(mark);
  });
});

describe('ZSCAN', () => {
  it('a listpack set comes whole with cursor 0, scores as the listpack holds them', () => {
    const server = new Executor();
    server.run('ZADD', 'z', '1e17', 'big', '0.1', 'tenth', '-0', 'zero', '4611686018427387904', 'top', '5e18', 'over');
    expect(server.run('ZSCAN', 'z', 123)).toEqual([
      '0',
      ['zero', '0', 'tenth', '0.10000000000000001', 'big', '100000000000000000', 'top', '4611686018427387904', 'over', '5e+18'],
    ]);
    expect(server.run('ZSCAN', 'z', 0, 'MATCH', 't*')).toEqual(['0', ['tenth', '0.10000000000000001', 'top', '4611686018427387904']]);
  });

  it('a skiplist set is walked with cursors; scores are %.17g', () => {
    const server = new Executor();
    server.run('ZADD', 'z', ...pairs(300));
    server.run('ZADD', 'z', '1e17', 'm1');
    const seen = new Map<string, string>();
    let cursor = '0';
    for (let calls = 0; calls < 100; calls++) {
      const [next, found] = server.run('ZSCAN', 'z', cursor, 'COUNT', 25) as [string, string[]];
      expect(found.length).toBeLessThanOrEqual(50);
      for (let index = 0; index < found.length; index += 2) seen.set(found[index] as string, found[index + 1] as string);
      cursor = next;
      if (cursor === '0') break;
    }
    expect(cursor).toBe('0');
    expect(seen.size).toBe(300);
    expect(seen.get('m1')).toBe('1e+17');
    expect(seen.get('m300')).toBe('300');
  });

  it('members present for the whole scan are returned even when others are removed on the way', () => {
    const server = new Executor();
    server.run('ZADD', 'z', ...pairs(400));
    const seen = new Set<string>();
    let cursor = '0';
    for (let calls = 0; calls < 1000; calls++) {
      const [next, found] = server.run('ZSCAN', 'z', cursor) as [string, string[]];
      for (let index = 0; index < found.length; index += 2) seen.add(found[index] as string);
      server.run('ZREM', 'z', `m${2 * calls + 1}`);
      cursor = next;
      if (cursor === '0') break;
    }
    for (let member = 2; member <= 400; member += 2) expect(seen.has(`m${member}`), `m${member}`).toBe(true);
  });

  it('errors: cursor first, then the key, then the options', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a');
    server.run('SET', 'str', 'v');
    expect(server.run('ZSCAN', 'z', 'x')).toEqual(new ErrorReply('ERR invalid cursor'));
    expect(server.run('ZSCAN', 'missing', 0, 'COUNT', 0)).toEqual(['0', []]);
    expect(server.run('ZSCAN', 'str', 0)).toEqual(wrongType);
    expect(server.run('ZSCAN', 'z', 0, 'COUNT', 0)).toEqual(syntaxError);
    expect(server.run('ZSCAN', 'z', 0, 'COUNT', 'x')).toEqual(notInteger);
    expect(server.run('ZSCAN', 'z', 0, 'TYPE', 'zset')).toEqual(syntaxError);
    expect(server.run('ZSCAN', 'z', 0, 'MATCH')).toEqual(syntaxError);
  });
});

describe('sorted set effects', () => {
  it('a replica applying the effects of every write holds the same sets, encodings included', () => {
    const pair = new EffectsPair({ seed: 5 });
    pair.run('ZADD', 'z', ...pairs(140));
    pair.run('ZADD', 'z', 'INCR', '0.1', 'm1');
    pair.run('ZINCRBY', 'z', '-2.5', 'm2');
    pair.run('ZADD', 'z', 'GT', 'CH', 1, 'm3', 500, 'm4');
    pair.run('ZREM', 'z', 'm5', 'm6');
    pair.run('ZREMRANGEBYSCORE', 'z', 100, 110);
    pair.run('ZREMRANGEBYRANK', 'z', 0, 3);
    pair.run('ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c');
    pair.run('ZREMRANGEBYLEX', 'lex', '[b', '+');
    pair.run('ZPOPMIN', 'z', 2);
    pair.run('ZPOPMAX', 'z');
    pair.run('ZMPOP', 2, 'none', 'z', 'MAX', 'COUNT', 3);
    pair.run('BZPOPMIN', 'z', 0);
    pair.run('BZMPOP', 0, 1, 'z', 'MIN', 'COUNT', 2);
    pair.run('ZRANGESTORE', 'r', 'z', 0, 9);
    pair.run('ZUNIONSTORE', 'u', 2, 'z', 'lex', 'WEIGHTS', '0.3', 7);
    pair.run('ZINTERSTORE', 'i', 2, 'z', 'r', 'AGGREGATE', 'MAX');
    pair.run('ZDIFFSTORE', 'df', 2, 'z', 'r');
    pair.run('ZRANGESTORE', 'df', 'z', 1000, 2000);
    expectReplicaInSync(pair);
    expect(pair.dumps().primary['0']?.['z']?.value).toMatchObject({ encoding: 'skiplist' });
  });

  it('pops from blocking commands are logged as plain pops; other writes log their argv', () => {
    const pair = new EffectsPair();
    pair.run('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    const mark = pair.allEffects().length;
    pair.run('BZPOPMAX', 'none', 'z', 5);
    pair.run('BZMPOP', 1, 1, 'z', 'MIN', 'COUNT', 9);
    pair.run('ZINCRBY', 'w', '0.1', 'x');
    expect(effectsSince(pair, mark)).toEqual([
      ['ZPOPMAX', 'z'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '2'],
      ['ZINCRBY', 'w', '0.1', 'x'],
    ]);
    expectReplicaInSync(pair);
  });

  it('writes that change nothing log nothing, and reads never do', () => {
    const pair = new EffectsPair();
    pair.run('ZADD', 'z', 1, 'a');
    const mark = pair.allEffects().length;
    pair.run('ZADD', 'z', 1, 'a');
    pair.run('ZADD', 'z', 'NX', 5, 'a');
    pair.run('ZADD', 'z', 'XX', 5, 'b');
    pair.run('ZADD', 'z', 'GT', 0, 'a');
    pair.run('ZADD', 'z', 'INCR', 0, 'a');
    pair.run('ZREM', 'z', 'x');
    pair.run('ZREMRANGEBYSCORE', 'z', 5, 6);
    pair.run('ZPOPMIN', 'missing');
    pair.run('ZMPOP', 1, 'missing', 'MIN');
    pair.run('ZRANGESTORE', 'd', 'missing', 0, -1);
    pair.run('ZUNIONSTORE', 'd', 1, 'missing');
    pair.run('ZRANDMEMBER', 'z', -5);
    pair.run('ZRANGE', 'z', 0, -1);
    pair.run('ZSCAN', 'z', 0);
    expect(effectsSince(pair, mark)).toEqual([]);
  });
});

describe('SortedSetValue, the API geo commands build on', () => {
  it('set, score, rank, ranges by score and by rank, and removal agree with a model over many changes', () => {
    const random = seededRandom(11);
    const value = new SortedSetValue(1);
    const model = new Map<string, number>();
    for (let step = 0; step < 20_000; step++) {
      const member = `m${Math.floor(random() * 4000)}`;
      if (random() < 0.7) {
        const score = Math.floor(random() * 2 ** 52);
        const outcome = value.set(member, score, limits);
        expect(outcome).toBe(!model.has(member) ? 'added' : model.get(member) === score ? 'unchanged' : 'updated');
        model.set(member, score);
      } else {
        expect(value.remove(member)).toBe(model.delete(member));
      }
    }
    const sorted = [...model].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
    expect(value.size).toBe(sorted.length);
    expect(value.encoding()).toBe('skiplist');
    const visited: [string, number][] = [];
    value.forEach((member, score) => visited.push([member, score]));
    expect(visited).toEqual(sorted);
    for (let probe = 0; probe < 200; probe++) {
      const rank = Math.floor(random() * sorted.length);
      const [member, score] = sorted[rank] as [string, number];
      expect(value.rank(member)).toBe(rank);
      expect(value.score(member)).toBe(score);
      const min = Math.floor(random() * 2 ** 52);
      const max = min + Math.floor(random() * 2 ** 49);
      const ranks = value.scoreRanks({ min, minExclusive: false, max, maxExclusive: true });
      const expected = sorted.filter(([, s]) => s >= min && s < max);
      expect(ranks.stop - ranks.start).toBe(expected.length);
      const inRange: [string, number][] = [];
      value.forEachInRanks(ranks.start, ranks.stop, false, (m, s) => inRange.push([m, s]));
      expect(inRange).toEqual(expected);
    }
    const reversed: string[] = [];
    value.forEachInRanks(10, 20, true, (member) => reversed.push(member));
    expect(reversed).toEqual(sorted.slice(10, 20).map(([member]) => member).reverse());
  });

  it('fromSorted builds the encoding Redis would reach, and removeRanks reports what it removed', () => {
    const members = Array.from({ length: 1000 }, (_, index) => `m${String(index).padStart(4, '0')}`);
    const scores = members.map(() => 1);
    const big = SortedSetValue.fromSorted(1, members.slice(), scores.slice(), limits);
    expect(big.encoding()).toBe('skiplist');
    expect(big.rank('m0500')).toBe(500);
    const small = SortedSetValue.fromSorted(1, members.slice(0, 3), scores.slice(0, 3), limits);
    expect(small.encoding()).toBe('listpack');
    const removed: string[] = [];
    expect(big.removeRanks(0, 998, false, (member) => removed.push(member))).toBe(998);
    expect(removed).toHaveLength(998);
    expect(big.size).toBe(2);
    expect(big.rank('m0999')).toBe(1);
    expect(big.score('m0001')).toBeUndefined();
    expect(big.clone().canonical()).toEqual(big.canonical());
  });
});
