import { describe, expect, it } from 'vitest';
import { sortScore } from '../../server/src/commands/sort.js';
import type { ListValue } from '../../server/src/keyspace/list.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notDouble = new ErrorReply("ERR One or more scores can't be converted into double");

function listAt(server: Executor, key: string): ListValue {
  const entry = server.state.keyspace.db(0).peek(key);
  if (entry?.type !== 'list') throw new Error(`${key} holds no list`);
  return entry.value;
}

function effects(pair: EffectsPair): string[][] {
  return pair.allEffects().map((effect) => [...effect.argv]);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** A server holding list `l` of `elements`. */
function withList(elements: readonly string[]): Executor {
  const server = new Executor();
  server.run('RPUSH', 'l', ...elements);
  return server;
}

describe('numeric sorting', () => {
  it('SORT orders numbers by value, ASC by default, DESC reversed', () => {
    const server = withList(['3', '1', '2', '10', '-1.5', '1e2']);
    expect(server.run('SORT', 'l')).toEqual(['-1.5', '1', '2', '3', '10', '1e2']);
    expect(server.run('SORT', 'l', 'ASC')).toEqual(['-1.5', '1', '2', '3', '10', '1e2']);
    expect(server.run('SORT', 'l', 'DESC')).toEqual(['1e2', '10', '3', '2', '1', '-1.5']);
    expect(server.run('SORT', 'l', 'desc', 'asc')).toEqual(['-1.5', '1', '2', '3', '10', '1e2']);
  });

  it('equal scores are ordered by the elements bytes, so the order is total', () => {
    const server = withList(['1.0', '1', '-0', '0', '01', '0x1']);
    expect(server.run('SORT', 'l')).toEqual(['-0', '0', '01', '0x1', '1', '1.0']);
    expect(server.run('SORT', 'l', 'DESC')).toEqual(['1.0', '1', '0x1', '01', '0', '-0']);
  });

  it('an element that is not a number is an error', () => {
    const server = withList(['1', 'x', '2']);
    expect(server.run('SORT', 'l')).toEqual(notDouble);
    expect(server.run('SORT', 'l', 'STORE', 'd')).toEqual(notDouble);
    expect(server.run('EXISTS', 'd')).toBe(0);
  });

  it('scores are read as strtod reads them', () => {
    expect(sortScore('')).toBe(0);
    expect(sortScore(' \t\n\v\f\r7')).toBe(7);
    expect(sortScore('   ')).toBeNull();
    expect(sortScore('5 ')).toBeNull();
    expect(sortScore('5\0trailing')).toBe(5);
    expect(sortScore('0x10')).toBe(16);
    expect(sortScore('-0x1P3')).toBe(-8);
    expect(sortScore('inf')).toBe(Infinity);
    expect(sortScore('-Infinity')).toBe(-Infinity);
    expect(sortScore('nan')).toBeNull();
    expect(sortScore('1e400')).toBeNull();
    expect(sortScore('1e-400')).toBeNull();
    expect(sortScore('4e-320')).toBeNull(); // a rounded subnormal: ERANGE
    expect(sortScore('0x1p-1070')).toBe(2 ** -1070); // an exact subnormal: no ERANGE
    expect(sortScore('0x1.0000000000001p-1070')).toBeNull();
    expect(sortScore('0e-999')).toBe(0);
    expect(sortScore('2.2250738585072014e-308')).toBe(2.2250738585072014e-308);
    expect(sortScore('0x')).toBeNull();
    expect(sortScore('\xa09')).toBeNull();
    expect(sortScore('.5')).toBe(0.5);
    expect(sortScore('5.')).toBe(5);
  });
});

describe('ALPHA', () => {
  it('compares bytes (the C locale), uppercase before lowercase', () => {
    const server = withList(['b', 'B', 'a', 'A', '_', '1', '\xe9', 'e']);
    expect(server.run('SORT', 'l', 'ALPHA')).toEqual(['1', 'A', 'B', '_', 'a', 'b', 'e', '\xe9']);
    expect(server.run('SORT', 'l', 'ALPHA', 'DESC')).toEqual(['\xe9', 'e', 'b', 'a', '_', 'B', 'A', '1']);
  });

  it('without STORE compares up to the first NUL byte (strcoll), keeping equal elements in list order', () => {
    const server = withList(['a\0b', 'a', 'a\0c', '3', '5\0x']);
    expect(server.run('SORT', 'l', 'ALPHA')).toEqual(['3', '5\0x', 'a\0b', 'a', 'a\0c']);
    expect(server.run('SORT', 'l', 'ALPHA', 'DESC')).toEqual(['a\0b', 'a', 'a\0c', '5\0x', '3']);
  });

  it('with STORE compares whole byte strings', () => {
    const server = withList(['a\0b', 'a', 'a\0c']);
    expect(server.run('SORT', 'l', 'ALPHA', 'STORE', 'd')).toBe(3);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['a', 'a\0b', 'a\0c']);
  });
});

describe('LIMIT', () => {
  const server = withList(['5', '1', '4', '2', '3', '0']);

  it('takes count elements from offset', () => {
    expect(server.run('SORT', 'l', 'LIMIT', 1, 2)).toEqual(['1', '2']);
    expect(server.run('SORT', 'l', 'DESC', 'LIMIT', 1, 2)).toEqual(['4', '3']);
    expect(server.run('SORT', 'l', 'LIMIT', 0, 0)).toEqual([]);
  });

  it('clamps a negative offset to 0 and a negative count to everything', () => {
    expect(server.run('SORT', 'l', 'LIMIT', -5, -7)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(server.run('SORT', 'l', 'LIMIT', 4, -1)).toEqual(['4', '5']);
  });

  it('clamps oversized values without overflow', () => {
    expect(server.run('SORT', 'l', 'LIMIT', 2, '9223372036854775807')).toEqual(['2', '3', '4', '5']);
    expect(server.run('SORT', 'l', 'LIMIT', '9223372036854775807', 1)).toEqual([]);
    expect(server.run('SORT', 'l', 'LIMIT', 6, 1)).toEqual([]);
    expect(server.run('SORT', 'l', 'LIMIT', '-9223372036854775808', '-9223372036854775808')).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('needs two integers', () => {
    expect(server.run('SORT', 'l', 'LIMIT', 1)).toEqual(syntaxError);
    expect(server.run('SORT', 'l', 'LIMIT', 'a', 1)).toEqual(notInteger);
    expect(server.run('SORT', 'l', 'LIMIT', 1, '1.5')).toEqual(notInteger);
    expect(server.run('SORT', 'l', 'LIMIT', 0, '9223372036854775808')).toEqual(notInteger);
  });
});

describe('BY', () => {
  it('sorts by the string keys the pattern names, missing weights counting as 0', () => {
    const server = withList(['a', 'b', 'c', 'd']);
    server.run('MSET', 'w_a', '3', 'w_b', '-1', 'w_d', '2');
    expect(server.run('SORT', 'l', 'BY', 'w_*')).toEqual(['b', 'c', 'd', 'a']);
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'DESC')).toEqual(['a', 'd', 'c', 'b']);
    server.run('SET', 'w_c', 'x');
    expect(server.run('SORT', 'l', 'BY', 'w_*')).toEqual(notDouble);
  });

  it('reads a hash field with ->, and only from a hash', () => {
    const server = withList(['a', 'b', 'c']);
    server.run('HSET', 'h_a', 'f', '2', 'g', 'z');
    server.run('HSET', 'h_b', 'f', '1');
    server.run('SET', 'h_c', '0');
    expect(server.run('SORT', 'l', 'BY', 'h_*->f')).toEqual(['c', 'b', 'a']);
    expect(server.run('SORT', 'l', 'BY', 'h_*->g', 'ALPHA')).toEqual(['b', 'c', 'a']);
    expect(server.run('SORT', 'l', 'BY', 'h_*')).toEqual(['a', 'b', 'c']); // a hash is no string weight: all weigh 0
  });

  it('puts the text after * and before -> around the element, and a pattern ending in -> names a key', () => {
    const server = withList(['a', 'b']);
    server.run('HSET', 'x:a:y', 'f', '5');
    server.run('HSET', 'x:b:y', 'f', '4');
    expect(server.run('SORT', 'l', 'BY', 'x:*:y->f')).toEqual(['b', 'a']);
    server.run('SET', 'a->', '9');
    expect(server.run('SORT', 'l', 'BY', '*->')).toEqual(['b', 'a']);
  });

  it('ALPHA BY puts missing weights first and keeps ties in list order', () => {
    const server = withList(['a', 'b', 'c', 'd', 'e']);
    server.run('MSET', 'w_a', 'y', 'w_c', 'x', 'w_d', 'y');
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'ALPHA')).toEqual(['b', 'e', 'c', 'a', 'd']);
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC')).toEqual(['a', 'd', 'c', 'b', 'e']);
  });

  it('with a partial LIMIT, equal weights land where Redis pqsort puts them', () => {
    const server = withList(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(server.run('SORT', 'l', 'BY', 'none_*', 'ALPHA', 'LIMIT', 1, 8)).toEqual(['b', 'c', 'd', 'e', 'f', 'g', 'a']);
    expect(server.run('SORT', 'l', 'BY', 'none_*', 'ALPHA', 'LIMIT', 0, 7)).toEqual(['h', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(server.run('SORT', 'l', 'BY', 'none_*', 'ALPHA', 'LIMIT', 0, 8)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    server.run('MSET', 'w_a', '1', 'w_b', '', 'w_c', '1', 'w_d', '1', 'w_e', '2', 'w_f', 'a', 'w_g', 'a', 'w_h', 'a');
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'ALPHA', 'LIMIT', 1, 8)).toEqual(['a', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('pqsort of a long list with many equal weights gives Redis 7.0s order', () => {
    const elements = Array.from({ length: 50 }, (_, index) => `e${index}`);
    const server = withList(elements);
    for (let index = 0; index < 50; index++) if (index % 3 !== 0) server.run('SET', `w_e${index}`, String(index % 4));
    // Replies of Redis 7.0.15 for the same data.
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'ALPHA', 'LIMIT', 5, 10)).toEqual(
      ['e18', 'e39', 'e21', 'e0', 'e36', 'e48', 'e6', 'e30', 'e45', 'e9'],
    );
    expect(server.run('SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC', 'LIMIT', 20, 6)).toEqual(['e17', 'e25', 'e29', 'e37', 'e41', 'e4']);
  });

  it('a pattern without * (before any NUL byte) turns sorting off, for good', () => {
    const server = withList(['c', 'a', 'b', 'd']);
    expect(server.run('SORT', 'l', 'BY', 'nosort')).toEqual(['c', 'a', 'b', 'd']);
    expect(server.run('SORT', 'l', 'BY', 'x\0*')).toEqual(['c', 'a', 'b', 'd']);
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'BY', 'w_*', 'ALPHA')).toEqual(['c', 'a', 'b', 'd']);
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'DESC')).toEqual(['d', 'b', 'a', 'c']);
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'LIMIT', 1, 2)).toEqual(['a', 'b']);
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', 1, 2)).toEqual(['b', 'a']);
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'LIMIT', 4, 2)).toEqual([]);
  });
});

describe('GET', () => {
  it('returns the values the patterns name for each element, null where missing', () => {
    const server = withList(['2', '1']);
    server.run('MSET', 'name_1', 'one', 'name_2', 'two');
    server.run('HSET', 'h_1', 'f', 'uno');
    expect(server.run('SORT', 'l', 'GET', 'name_*')).toEqual(['one', 'two']);
    expect(server.run('SORT', 'l', 'GET', '#', 'GET', 'name_*', 'GET', 'h_*->f', 'GET', 'nostar')).toEqual(
      ['1', 'one', 'uno', null, '2', 'two', null, null],
    );
    expect(server.run('SORT', 'l', 'GET', '#\0ignored', 'GET', '##')).toEqual(['1', null, '2', null]);
  });

  it('reads strings only without ->, hashes only with it', () => {
    const server = withList(['a']);
    server.run('HSET', 'h_a', 'f', 'v');
    server.run('SET', 's_a', 'v');
    expect(server.run('SORT', 'l', 'BY', 'nosort', 'GET', 'h_*', 'GET', 's_*->f', 'GET', 'h_*->missing')).toEqual([null, null, null]);
  });

  it('without an argument is a syntax error', () => {
    const server = withList(['a']);
    expect(server.run('SORT', 'l', 'GET')).toEqual(syntaxError);
    expect(server.run('SORT', 'l', 'BY')).toEqual(syntaxError);
    expect(server.run('SORT', 'l', 'STORE')).toEqual(syntaxError);
  });
});

describe('sets and sorted sets', () => {
  it('sorts a set, and with nosort returns its iteration order (ascending for an intset, DESC ignored)', () => {
    const server = new Executor();
    server.run('SADD', 's', '5', '3', '10', '1');
    expect(server.run('SORT', 's')).toEqual(['1', '3', '5', '10']);
    expect(server.run('SORT', 's', 'ALPHA')).toEqual(['1', '10', '3', '5']);
    expect(server.run('SORT', 's', 'BY', 'nosort', 'DESC')).toEqual(['1', '3', '5', '10']);
    expect(server.run('SORT', 's', 'BY', 'nosort', 'LIMIT', 1, 2)).toEqual(['3', '5']);
  });

  it('a set sorted with nosort and STORE is sorted ALPHA, so what is stored is deterministic', () => {
    const server = new Executor();
    server.run('SADD', 's', 'c', 'a', 'b', '10', '9');
    expect(server.run('SORT', 's', 'BY', 'nosort', 'STORE', 'd')).toBe(5);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['10', '9', 'a', 'b', 'c']);
    expect(server.run('SORT', 's', 'BY', 'nosort', 'DESC', 'LIMIT', 1, 2, 'STORE', 'd')).toBe(2);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['b', 'a']);
  });

  it('a sorted set with nosort comes in score order, DESC reversed, LIMIT as a rank range', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b', 0, 'c', 3, 'd');
    expect(server.run('SORT', 'z', 'BY', 'nosort')).toEqual(['c', 'a', 'b', 'd']);
    expect(server.run('SORT', 'z', 'BY', 'nosort', 'DESC')).toEqual(['d', 'b', 'a', 'c']);
    expect(server.run('SORT', 'z', 'BY', 'nosort', 'LIMIT', 1, 2)).toEqual(['a', 'b']);
    expect(server.run('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', 1, 5)).toEqual(['b', 'a', 'c']);
    expect(server.run('SORT', 'z', 'ALPHA', 'DESC')).toEqual(['d', 'c', 'b', 'a']);
  });

  it('SORT turns a listpack sorted set into a skiplist, as Redis does, without touching WATCH', () => {
    const server = new Executor();
    server.run('ZADD', 'z', 1, 'a', 2, 'b');
    expect(server.run('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    server.run('WATCH', 'z');
    expect(server.run('SORT_RO', 'z', 'BY', 'nosort')).toEqual(['a', 'b']);
    expect(server.run('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    expect(server.run('ZRANGE', 'z', 0, -1)).toEqual(['a', 'b']);
    expect(server.run('ZSCORE', 'z', 'b')).toEqual(new DoubleReply(2));
    expect(server.run('ZRANK', 'z', 'b')).toBe(1);
    server.run('MULTI');
    server.run('ZCARD', 'z');
    expect(server.run('EXEC')).toEqual([2]);
    server.run('ZADD', 'y', 1, 'x');
    expect(server.run('SORT', 'y', 'LIMIT', 0, 'x')).toEqual(notInteger); // errors in the options come first
    expect(server.run('OBJECT', 'ENCODING', 'y')).toBe('listpack');
    expect(server.run('SORT', 'y')).toEqual(notDouble);
    expect(server.run('OBJECT', 'ENCODING', 'y')).toBe('skiplist');
  });

  it('ALPHA BY over a hashtable set loads members in byte order, so ties do not depend on the set layout', () => {
    const one = new Executor();
    const other = new Executor();
    one.run('SADD', 's', 'c', 'a', 'd', 'b');
    other.run('SADD', 's', 'x', 'b', 'd', 'a', 'c');
    other.run('SREM', 's', 'x');
    for (const server of [one, other]) {
      server.run('SET', 'w_c', '1');
      expect(server.run('SORT', 's', 'BY', 'w_*', 'ALPHA')).toEqual(['a', 'b', 'd', 'c']);
      expect(server.run('SORT', 's', 'BY', 'w_*', 'ALPHA', 'LIMIT', 1, 2)).toEqual(['b', 'd']);
    }
  });
});

describe('errors and missing keys', () => {
  it('other types are WRONGTYPE, after the options are checked', () => {
    const server = new Executor();
    server.run('SET', 's', 'x');
    server.run('HSET', 'h', 'f', 'v');
    expect(server.run('SORT', 's')).toEqual(wrongType);
    expect(server.run('SORT_RO', 'h')).toEqual(wrongType);
    expect(server.run('SORT', 's', 'foo')).toEqual(syntaxError);
    expect(server.run('SORT', 's', 'LIMIT', 'x', 1)).toEqual(notInteger);
  });

  it('a missing key sorts as an empty list', () => {
    const server = new Executor();
    expect(server.run('SORT', 'missing')).toEqual([]);
    expect(server.run('SORT_RO', 'missing', 'BY', 'nosort', 'GET', '#')).toEqual([]);
    expect(server.run('SORT', 'missing', 'LIMIT', 0, 1)).toEqual([]);
  });

  it('SORT_RO refuses STORE with a syntax error', () => {
    const server = withList(['1']);
    expect(server.run('SORT_RO', 'l', 'STORE', 'd')).toEqual(syntaxError);
    expect(server.run('EXISTS', 'd')).toBe(0);
  });

  it('options are case-insensitive', () => {
    const server = withList(['b', 'a']);
    expect(server.run('sort', 'l', 'alpha', 'Desc', 'limit', 0, 1, 'get', '#', 'store', 'd')).toBe(1);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['b']);
  });
});

describe('STORE', () => {
  it('stores the result as a list, replacing any value and its TTL, and replies with the count', () => {
    const server = withList(['3', '1', '2']);
    server.run('SET', 'd', 'old', 'EX', 100);
    expect(server.run('SORT', 'l', 'STORE', 'd')).toBe(3);
    expect(server.run('TYPE', 'd')).toEqual(new Status('list'));
    expect(server.run('TTL', 'd')).toBe(-1);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['1', '2', '3']);
    expect(server.run('OBJECT', 'ENCODING', 'd')).toBe('quicklist');
  });

  it('stores missing GET values as empty strings and counts every value', () => {
    const server = withList(['b', 'a']);
    server.run('SET', 'v_a', 'A');
    expect(server.run('SORT', 'l', 'ALPHA', 'GET', '#', 'GET', 'v_*', 'STORE', 'd')).toBe(4);
    expect(server.run('LRANGE', 'd', 0, -1)).toEqual(['a', 'A', 'b', '']);
  });

  it('an empty result deletes the destination', () => {
    const server = withList(['1']);
    server.run('SET', 'd', 'x');
    expect(server.run('SORT', 'missing', 'STORE', 'd')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
    expect(server.run('SORT', 'l', 'LIMIT', 5, 1, 'STORE', 'd')).toBe(0);
  });

  it('the last STORE wins and the sorted key may be the destination', () => {
    const server = withList(['2', '1']);
    expect(server.run('SORT', 'l', 'STORE', 'a', 'STORE', 'b')).toBe(2);
    expect(server.run('EXISTS', 'a')).toBe(0);
    expect(server.run('SORT', 'l', 'STORE', 'l')).toBe(2);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['1', '2']);
  });

  it('creates the list with quicklist default nodes whatever list-max-listpack-size says, as Redis 7.0 does', () => {
    const server = new Executor({ settings: { 'list-max-listpack-size': 2 } });
    server.run('RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7');
    expect(listAt(server, 'l').nodeSizes()).toEqual([2, 2, 2, 1]);
    server.run('SORT', 'l', 'STORE', 'd');
    expect(listAt(server, 'd').nodeSizes()).toEqual([7]);
  });

  it('tells WATCH that the destination changed', () => {
    const server = withList(['1']);
    const other = server.newClient();
    server.run('WATCH', 'd');
    server.runAs(other, 'SORT', 'l', 'STORE', 'd');
    server.run('MULTI');
    server.run('GET', 'x');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });
});

describe('effects', () => {
  it('SORT ... STORE logs its argv and the replica stores the same list', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'c', 'a', 'b');
    pair.run('MSET', 'w_a', '2', 'w_b', '1');
    pair.run('HSET', 'h_a', 'f', 'A');
    expect(pair.run('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->f', 'STORE', 'd')).toBe(6);
    expect(effects(pair).at(-1)).toEqual(['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->f', 'STORE', 'd']);
    expectReplicaInSync(pair);
    expect(pair.replica.run('LRANGE', 'd', 0, -1)).toEqual(['c', '', 'b', '', 'a', 'A']);
  });

  it('a set sorted with nosort or ALPHA BY stores the same list on the replica', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 's', 'x', 'q', 'b', 'z', 'a', 'c');
    pair.run('SREM', 's', 'q');
    pair.run('SET', 'w_c', '1');
    pair.run('SORT', 's', 'BY', 'nosort', 'STORE', 'd1');
    pair.run('SORT', 's', 'BY', 'w_*', 'ALPHA', 'LIMIT', 1, 3, 'STORE', 'd2');
    pair.run('SORT', 's', 'BY', 'w_*', 'ALPHA', 'DESC', 'STORE', 'd3');
    expectReplicaInSync(pair);
    expect(pair.replica.run('LRANGE', 'd1', 0, -1)).toEqual(['a', 'b', 'c', 'x', 'z']);
  });

  it('SORT ... STORE of a sorted set converts it on the replica too', () => {
    const pair = new EffectsPair();
    pair.run('ZADD', 'z', 2, 'a', 1, 'b');
    pair.run('SORT', 'z', 'BY', 'nosort', 'STORE', 'd');
    expectReplicaInSync(pair);
    expect(pair.replica.run('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
  });

  it('an empty result logs the argv only when it deleted the destination', () => {
    const pair = new EffectsPair();
    pair.run('SORT', 'missing', 'STORE', 'd');
    expect(effects(pair)).toEqual([]);
    pair.run('SET', 'd', 'x');
    pair.run('SORT', 'missing', 'STORE', 'd');
    expect(effects(pair)).toEqual([['SET', 'd', 'x'], ['SORT', 'missing', 'STORE', 'd']]);
    expectReplicaInSync(pair);
  });

  it('SORT without STORE, SORT_RO and failed sorts record nothing', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'b', 'a');
    const before = effects(pair).length;
    pair.run('SORT', 'l', 'ALPHA');
    pair.run('SORT_RO', 'l', 'ALPHA', 'GET', '#');
    pair.run('SORT', 'l', 'STORE', 'd');
    expect(effects(pair)).toHaveLength(before);
    expectReplicaInSync(pair);
  });

  it('a weight key that expired is deleted first, so the replica sorts the same data', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'a', 'b');
    pair.run('SET', 'w_a', '5', 'PX', 10);
    pair.run('SET', 'w_b', '1');
    pair.clock.advanceMs(20);
    pair.run('SORT', 'l', 'BY', 'w_*', 'STORE', 'd');
    expect(effects(pair).slice(-2)).toEqual([['DEL', 'w_a'], ['SORT', 'l', 'BY', 'w_*', 'STORE', 'd']]);
    expectReplicaInSync(pair);
    expect(pair.replica.run('LRANGE', 'd', 0, -1)).toEqual(['a', 'b']);
  });
});

describe('command table', () => {
  it('COMMAND GETKEYS names the sorted key and the last STORE destination, as Redis sortGetKeys', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'GETKEYS', 'SORT', 'a', 'STORE', 'b')).toEqual(['a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'SORT', 'a', 'BY', 'x', 'GET', 'y', 'STORE', 'b', 'STORE', 'c')).toEqual(['a', 'c']);
    expect(server.run('COMMAND', 'GETKEYS', 'SORT', 'a', 'LIMIT', 0, 1, 'STORE')).toEqual(['a']);
    expect(server.run('COMMAND', 'GETKEYS', 'SORT', 'a', 'GET', 'store', 'b')).toEqual(['a']);
    expect(server.run('COMMAND', 'GETKEYS', 'SORT', 'a', 'store', 'get', 'store', 'b')).toEqual(['a', 'get']);
    expect(server.run('COMMAND', 'GETKEYS', 'SORT_RO', 'a', 'STORE', 'b')).toEqual(['a']);
  });

  it('COMMAND INFO shows movablekeys and the ACL categories of Redis 7.0', () => {
    const server = new Executor();
    const [sort, sortRo] = server.run('COMMAND', 'INFO', 'sort', 'sort_ro') as unknown[][];
    expect(sort?.slice(0, 6)).toEqual(['sort', -2, expect.anything(), 1, 1, 1]);
    expect(JSON.stringify(sort?.[2])).toContain('movablekeys');
    expect(JSON.stringify(sortRo?.[2])).toContain('readonly');
    expect(JSON.stringify(sort?.[6])).toBe(JSON.stringify(sortRo?.[6]).replace('@read', '@write'));
  });
});
