import { describe, expect, it } from 'vitest';
import { HashValue } from '../../server/src/keyspace/hash.js';
import { ErrorReply, MapReply, OK, type Reply } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notFloat = new ErrorReply('ERR value is not a valid float');
const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const hashNotInteger = new ErrorReply('ERR hash value is not an integer');
const hashNotFloat = new ErrorReply('ERR hash value is not a float');
const overflow = new ErrorReply('ERR increment or decrement would overflow');
const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

function encoding(server: Executor, key: string): Reply {
  return server.run('OBJECT', 'ENCODING', key);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair, mark: number): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

/** A server whose hashes turn into hashtables past `entries` fields or `value` bytes. */
function smallHashServer(entries: number, value = 64): Executor {
  return new Executor({ settings: { 'hash-max-listpack-entries': entries, 'hash-max-listpack-value': value } });
}

/** Every field and value of a full HSCAN iteration (bounded), as a Map. */
function scanAll(server: Executor, key: string, count: number): Map<string, string> {
  const seen = new Map<string, string>();
  let cursor = '0';
  for (let calls = 0; calls < 100_000; calls++) {
    const [next, items] = server.run('HSCAN', key, cursor, 'COUNT', count) as [string, string[]];
    for (let index = 0; index < items.length; index += 2) seen.set(items[index] as string, items[index + 1] as string);
    cursor = next;
    if (cursor === '0') return seen;
  }
  throw new Error('HSCAN did not finish');
}

describe('HSET, HGET and HMSET', () => {
  it('HSET adds fields and replies how many were new; HGET reads them, binary bytes intact', () => {
    const server = new Executor();
    const binary = '\x00\xff\r\n\x80';
    expect(server.run('HSET', 'h', 'a', '1', binary, binary)).toBe(2);
    expect(server.run('HSET', 'h', 'a', '2', 'c', '3')).toBe(1);
    expect(server.run('HGET', 'h', 'a')).toBe('2');
    expect(server.run('HGET', 'h', binary)).toBe(binary);
    expect(server.run('HGET', 'h', 'missing')).toBeNull();
    expect(server.run('HGET', 'nokey', 'a')).toBeNull();
    expect(server.run('TYPE', 'h')).toEqual(expect.objectContaining({ text: 'hash' }));
  });

  it('HSET repeating a field in one call counts it once and keeps the last value', () => {
    const server = new Executor();
    expect(server.run('HSET', 'h', 'a', '1', 'a', '2', 'a', '3')).toBe(1);
    expect(server.run('HGET', 'h', 'a')).toBe('3');
  });

  it('HSET and HMSET with a field and no value are arity errors naming the command', () => {
    const server = new Executor();
    expect(server.run('HSET', 'h', 'a', '1', 'b')).toEqual(new ErrorReply("ERR wrong number of arguments for 'hset' command"));
    expect(server.run('HMSET', 'h', 'a', '1', 'b')).toEqual(new ErrorReply("ERR wrong number of arguments for 'hmset' command"));
    expect(server.run('EXISTS', 'h')).toBe(0);
  });

  it('HMSET replies OK', () => {
    const server = new Executor();
    expect(server.run('HMSET', 'h', 'a', '1', 'b', '2')).toBe(OK);
    expect(server.run('HMGET', 'h', 'b', 'x', 'a')).toEqual(['2', null, '1']);
  });

  it('HSETNX sets only a missing field', () => {
    const server = new Executor();
    expect(server.run('HSETNX', 'h', 'a', '1')).toBe(1);
    expect(server.run('HSETNX', 'h', 'a', '2')).toBe(0);
    expect(server.run('HGET', 'h', 'a')).toBe('1');
  });

  it('every hash command against another type is WRONGTYPE and changes nothing', () => {
    const server = new Executor();
    server.run('SET', 's', 'x');
    const commands: (string | number)[][] = [
      ['HSET', 's', 'a', '1'], ['HMSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'],
      ['HGETALL', 's'], ['HDEL', 's', 'a'], ['HEXISTS', 's', 'a'], ['HLEN', 's'], ['HKEYS', 's'], ['HVALS', 's'],
      ['HINCRBY', 's', 'a', 1], ['HINCRBYFLOAT', 's', 'a', 1], ['HSTRLEN', 's', 'a'], ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', 2], ['HSCAN', 's', 0],
    ];
    for (const command of commands) expect(server.run(...command), command.join(' ')).toEqual(wrongType);
    expect(server.run('GET', 's')).toBe('x');
  });
});

describe('hash reads', () => {
  it('HGETALL, HKEYS and HVALS follow insertion order while listpack; an update keeps its place', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'b', '1', 'a', '2', 'c', '3');
    server.run('HSET', 'h', 'b', '9');
    expect(server.run('HGETALL', 'h')).toEqual(new MapReply(['b', '9', 'a', '2', 'c', '3']));
    expect(server.run('HKEYS', 'h')).toEqual(['b', 'a', 'c']);
    expect(server.run('HVALS', 'h')).toEqual(['9', '2', '3']);
  });

  it('HGETALL of a missing key is an empty map; HKEYS and HVALS an empty array', () => {
    const server = new Executor();
    expect(server.run('HGETALL', 'nokey')).toEqual(new MapReply([]));
    expect(server.run('HKEYS', 'nokey')).toEqual([]);
    expect(server.run('HVALS', 'nokey')).toEqual([]);
  });

  it('HGETALL replies a copy: a later write does not change a reply already built', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', '1');
    const reply = server.run('HGETALL', 'h') as MapReply;
    server.run('HSET', 'h', 'b', '2');
    expect(reply.entries).toEqual(['a', '1']);
  });

  it('HEXISTS, HLEN and HSTRLEN', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', 'hello', 'n', '-123', 'e', '');
    expect(server.run('HEXISTS', 'h', 'a')).toBe(1);
    expect(server.run('HEXISTS', 'h', 'z')).toBe(0);
    expect(server.run('HEXISTS', 'nokey', 'a')).toBe(0);
    expect(server.run('HLEN', 'h')).toBe(3);
    expect(server.run('HLEN', 'nokey')).toBe(0);
    expect(server.run('HSTRLEN', 'h', 'a')).toBe(5);
    expect(server.run('HSTRLEN', 'h', 'n')).toBe(4);
    expect(server.run('HSTRLEN', 'h', 'e')).toBe(0);
    expect(server.run('HSTRLEN', 'h', 'z')).toBe(0);
    expect(server.run('HSTRLEN', 'nokey', 'a')).toBe(0);
  });

  it('HMGET of a missing key is all nulls', () => {
    const server = new Executor();
    expect(server.run('HMGET', 'nokey', 'a', 'b')).toEqual([null, null]);
  });
});

describe('HDEL', () => {
  it('HDEL counts the fields removed and deletes the key when the hash empties', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(server.run('HDEL', 'h', 'a', 'x', 'a')).toBe(1);
    expect(server.run('HKEYS', 'h')).toEqual(['b', 'c']);
    expect(server.run('HDEL', 'h', 'b', 'c', 'd')).toBe(2);
    expect(server.run('EXISTS', 'h')).toBe(0);
    expect(server.run('HDEL', 'nokey', 'a')).toBe(0);
  });

  it('HDEL that removes nothing records no effect', () => {
    const pair = new EffectsPair();
    pair.run('HSET', 'h', 'a', '1');
    const mark = pair.allEffects().length;
    expect(pair.run('HDEL', 'h', 'zz')).toBe(0);
    expect(pair.run('HDEL', 'nokey', 'zz')).toBe(0);
    expect(effectsSince(pair, mark)).toEqual([]);
    expect(pair.run('HDEL', 'h', 'a', 'b')).toBe(1);
    expect(effectsSince(pair, mark)).toEqual([['HDEL', 'h', 'a', 'b']]);
    expectReplicaInSync(pair);
  });
});

describe('HINCRBY', () => {
  it('HINCRBY creates the key and field at 0 and adds', () => {
    const server = new Executor();
    expect(server.run('HINCRBY', 'h', 'n', 5)).toBe(5);
    expect(server.run('HINCRBY', 'h', 'n', -7)).toBe(-2);
    expect(server.run('HGET', 'h', 'n')).toBe('-2');
  });

  it('HINCRBY works over the whole int64 range and refuses overflow both ways', () => {
    const server = new Executor();
    expect(server.run('HINCRBY', 'h', 'n', I64_MAX)).toBe(BigInt(I64_MAX));
    expect(server.run('HINCRBY', 'h', 'n', 1)).toEqual(overflow);
    expect(server.run('HINCRBY', 'h', 'n', I64_MIN)).toBe(-1);
    expect(server.run('HINCRBY', 'h', 'm', I64_MIN)).toBe(BigInt(I64_MIN));
    expect(server.run('HINCRBY', 'h', 'm', -1)).toEqual(overflow);
    expect(server.run('HGET', 'h', 'm')).toBe(I64_MIN);
  });

  it('HINCRBY on a value that is no int64 is "hash value is not an integer"', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'f', '1.5', 'p', '+1', 's', ' 1', 'big', '9223372036854775808');
    for (const field of ['f', 'p', 's', 'big']) expect(server.run('HINCRBY', 'h', field, 1)).toEqual(hashNotInteger);
  });

  it('HINCRBY with an increment that is no int64 fails before the key is looked up', () => {
    const server = new Executor();
    server.run('SET', 's', 'x');
    expect(server.run('HINCRBY', 's', 'f', 'abc')).toEqual(notInteger);
    expect(server.run('HINCRBY', 'nokey', 'f', '9223372036854775808')).toEqual(notInteger);
    expect(server.run('EXISTS', 'nokey')).toBe(0);
  });
});

describe('HINCRBYFLOAT', () => {
  it('HINCRBYFLOAT adds in long double and formats as Redis (results checked with redis-server)', () => {
    const server = new Executor();
    expect(server.run('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe('10.5');
    expect(server.run('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('10.6');
    expect(server.run('HINCRBYFLOAT', 'h', 'f', '-5.0e3')).toBe('-4989.39999999999999991');
    expect(server.run('HINCRBYFLOAT', 'h', 'g', '1e70')).toBe('10000000000000000000222479489586148259025995410601157579323600873193472');
    server.run('HSET', 'h', 'i', '3');
    expect(server.run('HINCRBYFLOAT', 'h', 'i', '0x10')).toBe('19');
  });

  it('HINCRBYFLOAT errors: bad increment, NaN or infinite increment, bad value, infinite result', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'word', 'abc', 'big', '1e4932');
    expect(server.run('HINCRBYFLOAT', 'h', 'x', 'abc')).toEqual(notFloat);
    expect(server.run('HINCRBYFLOAT', 'h', 'x', 'nan')).toEqual(notFloat);
    expect(server.run('HINCRBYFLOAT', 'h', 'x', 'inf')).toEqual(new ErrorReply('ERR value is NaN or Infinity'));
    expect(server.run('HINCRBYFLOAT', 'h', 'x', '-infinity')).toEqual(new ErrorReply('ERR value is NaN or Infinity'));
    expect(server.run('HINCRBYFLOAT', 'h', 'word', '1')).toEqual(hashNotFloat);
    expect(server.run('HINCRBYFLOAT', 'h', 'big', '1e4932')).toEqual(new ErrorReply('ERR increment would produce NaN or Infinity'));
    expect(server.run('HGET', 'h', 'big')).toBe('1e4932');
    expect(server.run('HEXISTS', 'h', 'x')).toBe(0);
    expect(server.run('HINCRBYFLOAT', 'nokey', 'x', 'inf')).toEqual(new ErrorReply('ERR value is NaN or Infinity'));
    expect(server.run('EXISTS', 'nokey')).toBe(0);
  });

  it('HINCRBYFLOAT is logged as HSET of the exact result', () => {
    const pair = new EffectsPair();
    const mark = pair.allEffects().length;
    expect(pair.run('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('0.1');
    expect(pair.run('HINCRBYFLOAT', 'h', 'f', '0.2')).toBe('0.3');
    expect(pair.run('HINCRBYFLOAT', 'h', 'f', 'abc')).toEqual(notFloat);
    expect(effectsSince(pair, mark)).toEqual([
      ['HSET', 'h', 'f', '0.1'],
      ['HSET', 'h', 'f', '0.3'],
    ]);
    expectReplicaInSync(pair);
  });
});

describe('hash encodings', () => {
  it('a hash is a listpack until it holds more than hash-max-listpack-entries fields, then a hashtable for good', () => {
    const server = smallHashServer(3);
    server.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(encoding(server, 'h')).toBe('listpack');
    server.run('HSET', 'h', 'd', '4');
    expect(encoding(server, 'h')).toBe('hashtable');
    server.run('HDEL', 'h', 'a', 'b', 'c');
    expect(encoding(server, 'h')).toBe('hashtable');
    expect(server.run('HGETALL', 'h')).toEqual(new MapReply(['d', '4']));
  });

  it('repeating one field past the entry limit in one HSET keeps a listpack (Redis 7.0 counts fields held)', () => {
    const server = smallHashServer(2);
    server.run('HSET', 'h', 'a', '1', 'a', '2', 'a', '3', 'a', '4');
    expect(encoding(server, 'h')).toBe('listpack');
  });

  it('a field or value longer than hash-max-listpack-value makes a hashtable, even when later overwritten in the same call', () => {
    const server = smallHashServer(128, 8);
    server.run('HSET', 'h1', 'a', '12345678');
    expect(encoding(server, 'h1')).toBe('listpack');
    server.run('HSET', 'h2', 'a', '123456789');
    expect(encoding(server, 'h2')).toBe('hashtable');
    server.run('HSET', 'h3', 'field-long', '1');
    expect(encoding(server, 'h3')).toBe('hashtable');
    server.run('HSET', 'h4', 'b', 'longer-than-8', 'b', '1');
    expect(encoding(server, 'h4')).toBe('hashtable');
    expect(server.run('HGET', 'h4', 'b')).toBe('1');
  });

  it('HSETNX of an existing field with a long value does not convert; of a new one it does', () => {
    const server = smallHashServer(128, 8);
    server.run('HSET', 'h', 'a', '1');
    expect(server.run('HSETNX', 'h', 'a', 'longer-than-8')).toBe(0);
    expect(encoding(server, 'h')).toBe('listpack');
    expect(server.run('HSETNX', 'h', 'b', 'longer-than-8')).toBe(1);
    expect(encoding(server, 'h')).toBe('hashtable');
  });

  it('HINCRBY with a long field and HINCRBYFLOAT with a long result convert to a hashtable', () => {
    const server = smallHashServer(128, 8);
    server.run('HSET', 'h1', 'a', '1');
    server.run('HINCRBY', 'h1', 'long-field-name', 1);
    expect(encoding(server, 'h1')).toBe('hashtable');
    server.run('HSET', 'h2', 'a', '1');
    server.run('HINCRBYFLOAT', 'h2', 'a', '0.125');
    expect(encoding(server, 'h2')).toBe('listpack');
    server.run('HINCRBYFLOAT', 'h2', 'a', '1e10');
    expect(encoding(server, 'h2')).toBe('hashtable');
  });

  it('hash-max-listpack-entries 0 makes every hash a hashtable', () => {
    const server = smallHashServer(0);
    server.run('HSET', 'h', 'a', '1');
    expect(encoding(server, 'h')).toBe('hashtable');
  });

  it('a hashtable keeps every field through many random inserts, updates and deletes', () => {
    const server = smallHashServer(4);
    const random = seededRandom(7);
    const model = new Map<string, string>();
    for (let step = 0; step < 5000; step++) {
      const field = `f${Math.floor(random() * 300)}`;
      if (random() < 0.4) {
        expect(server.run('HDEL', 'h', field)).toBe(model.delete(field) ? 1 : 0);
      } else {
        const value = `v${step}`;
        expect(server.run('HSET', 'h', field, value)).toBe(model.has(field) ? 0 : 1);
        model.set(field, value);
      }
      if (step % 250 === 0) expect(server.run('HLEN', 'h')).toBe(model.size);
    }
    for (const [field, value] of model) expect(server.run('HGET', 'h', field)).toBe(value);
    const all = server.run('HGETALL', 'h') as MapReply;
    expect(all.entries.length).toBe(2 * model.size);
    expect(scanAll(server, 'h', 7)).toEqual(model);
  });

  it('COPY of a hash is independent of the original', () => {
    const server = smallHashServer(2);
    server.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    server.run('COPY', 'h', 'g');
    server.run('HSET', 'g', 'd', '4');
    server.run('HDEL', 'h', 'a');
    expect(server.run('HLEN', 'h')).toBe(2);
    expect(server.run('HLEN', 'g')).toBe(4);
    expect(encoding(server, 'g')).toBe('hashtable');
  });
});

describe('MEMORY USAGE of hashes (Redis 7.0 allocations, checked against redis-server)', () => {
  it('a listpack hash counts its listpack bytes as Redis lays them out', () => {
    const server = new Executor();
    server.run('HSET', 'm', 'a', '1');
    expect(server.run('MEMORY', 'USAGE', 'm')).toBe(64);
    server.run('HSET', 'm2', 'a', '1', 'b', 'y'.repeat(63), 'c', 'z'.repeat(64));
    expect(server.run('MEMORY', 'USAGE', 'm2')).toBe(208);
    server.run('HSET', 'm3', 'a', '');
    expect(server.run('MEMORY', 'USAGE', 'm3')).toBe(64);
  });

  it('a hashtable counts the dict, its buckets and every entry with its two strings', () => {
    const server = smallHashServer(2);
    server.run('HSET', 't2', 'a', '1', 'b', '2', 'c', '3');
    expect(server.run('MEMORY', 'USAGE', 't2', 'SAMPLES', '0')).toBe(256);
    server.run('HSET', 't', 'a'.repeat(30), '1', 'b', '2', 'c', '3');
    expect(server.run('MEMORY', 'USAGE', 't', 'SAMPLES', '0')).toBe(280);
  });

  it('a listpack hash grows with its contents', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', '1');
    const small = server.run('MEMORY', 'USAGE', 'h') as number;
    for (let index = 0; index < 50; index++) server.run('HSET', 'h', `field${index}`, `value${index}`);
    expect(server.run('MEMORY', 'USAGE', 'h') as number).toBeGreaterThan(small + 50 * 10);
  });
});

describe('HRANDFIELD', () => {
  it('HRANDFIELD without a count is one field, null for a missing key', () => {
    const server = new Executor();
    expect(server.run('HRANDFIELD', 'nokey')).toBeNull();
    server.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    for (let index = 0; index < 20; index++) expect(['a', 'b', 'c']).toContain(server.run('HRANDFIELD', 'h'));
  });

  it('HRANDFIELD with a count of 0 or on a missing key is an empty array', () => {
    const server = new Executor();
    expect(server.run('HRANDFIELD', 'nokey', 5)).toEqual([]);
    expect(server.run('HRANDFIELD', 'nokey', -5, 'WITHVALUES')).toEqual([]);
    server.run('HSET', 'h', 'a', '1');
    expect(server.run('HRANDFIELD', 'h', 0)).toEqual([]);
  });

  it('a count at least the size returns the whole hash in its order', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'c', '3', 'a', '1', 'b', '2');
    expect(server.run('HRANDFIELD', 'h', 3)).toEqual(['c', 'a', 'b']);
    expect(server.run('HRANDFIELD', 'h', I64_MAX)).toEqual(['c', 'a', 'b']);
    expect(server.run('HRANDFIELD', 'h', 10, 'WITHVALUES')).toEqual(['c', '3', 'a', '1', 'b', '2']);
  });

  it('a smaller positive count returns distinct fields (in order for a listpack), for both encodings', () => {
    for (const entries of [128, 4]) {
      const server = smallHashServer(entries);
      const fields = Array.from({ length: 40 }, (_, index) => `f${String(index).padStart(2, '0')}`);
      server.run('HSET', 'h', ...fields.flatMap((field) => [field, `v${field}`]));
      for (const count of [2, 10, 30, 39]) {
        const picked = server.run('HRANDFIELD', 'h', count) as string[];
        expect(new Set(picked).size).toBe(count);
        for (const field of picked) expect(fields).toContain(field);
        if (entries === 128) expect([...picked].sort()).toEqual(picked);
      }
      const withValues = server.run('HRANDFIELD', 'h', 5, 'WITHVALUES') as string[];
      for (let index = 0; index < withValues.length; index += 2) expect(withValues[index + 1]).toBe(`v${withValues[index]}`);
    }
  });

  it('a negative count returns that many fields, repetitions allowed', () => {
    const server = smallHashServer(2);
    server.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    const picked = server.run('HRANDFIELD', 'h', -50) as string[];
    expect(picked.length).toBe(50);
    expect(new Set(picked)).toEqual(new Set(['a', 'b', 'c']));
    const withValues = server.run('HRANDFIELD', 'h', -4, 'WITHVALUES') as string[];
    expect(withValues.length).toBe(8);
  });

  it('WITHVALUES in RESP3 is an array of [field, value] pairs', () => {
    const server = new Executor();
    server.run('HELLO', '3');
    server.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(server.run('HRANDFIELD', 'h', 5, 'WITHVALUES')).toEqual([['a', '1'], ['b', '2']]);
    const repeated = server.run('HRANDFIELD', 'h', -3, 'WITHVALUES') as string[][];
    expect(repeated.length).toBe(3);
    for (const [field, value] of repeated) expect(server.run('HGET', 'h', field as string)).toBe(value);
    expect(server.run('HRANDFIELD', 'h', 5)).toEqual(['a', 'b']);
  });

  it('HRANDFIELD argument errors come before the key is looked up', () => {
    const server = new Executor();
    server.run('SET', 's', 'x');
    expect(server.run('HRANDFIELD', 's', 'abc')).toEqual(notInteger);
    expect(server.run('HRANDFIELD', 's', I64_MIN)).toEqual(
      new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(server.run('HRANDFIELD', 's', 1, 'WITHVALUE')).toEqual(syntaxError);
    expect(server.run('HRANDFIELD', 's', 1, 'WITHVALUES', 'x')).toEqual(syntaxError);
    expect(server.run('HRANDFIELD', 's', '4611686018427387904', 'WITHVALUES')).toEqual(new ErrorReply('ERR value is out of range'));
    expect(server.run('HRANDFIELD', 's', '-4611686018427387904', 'withvalues')).toEqual(new ErrorReply('ERR value is out of range'));
    expect(server.run('HRANDFIELD', 's', '4611686018427387903', 'WITHVALUES')).toEqual(wrongType);
  });

  it('a negative count beyond the reply bound is refused instead of exhausting memory', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', '1');
    expect(server.run('HRANDFIELD', 'h', -10_000_001)).toEqual(new ErrorReply('ERR count is too large: a reply of more than 10000000 fields is refused'));
  });

  it('HRANDFIELD records no effect', () => {
    const pair = new EffectsPair();
    pair.run('HSET', 'h', 'a', '1', 'b', '2');
    const mark = pair.allEffects().length;
    pair.run('HRANDFIELD', 'h', -5, 'WITHVALUES');
    pair.run('HRANDFIELD', 'h');
    expect(effectsSince(pair, mark)).toEqual([]);
  });
});

describe('HSCAN', () => {
  it('a listpack hash is returned whole with cursor 0, whatever COUNT says; MATCH filters on fields', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a1', 'x', 'b1', 'a', 'a2', 'y');
    expect(server.run('HSCAN', 'h', 0, 'COUNT', 1)).toEqual(['0', ['a1', 'x', 'b1', 'a', 'a2', 'y']]);
    expect(server.run('HSCAN', 'h', 0, 'MATCH', 'a*')).toEqual(['0', ['a1', 'x', 'a2', 'y']]);
    expect(server.run('HSCAN', 'h', 123)).toEqual(['0', ['a1', 'x', 'b1', 'a', 'a2', 'y']]);
  });

  it('HSCAN of a missing key is cursor 0 and nothing, before options are parsed', () => {
    const server = new Executor();
    expect(server.run('HSCAN', 'nokey', 0)).toEqual(['0', []]);
    expect(server.run('HSCAN', 'nokey', 0, 'COUNT', 0)).toEqual(['0', []]);
  });

  it('HSCAN errors: invalid cursor first, then the key, then options', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'a', '1');
    server.run('SET', 's', 'x');
    expect(server.run('HSCAN', 's', 'abc')).toEqual(new ErrorReply('ERR invalid cursor'));
    expect(server.run('HSCAN', 'h', ' 1')).toEqual(new ErrorReply('ERR invalid cursor'));
    expect(server.run('HSCAN', 'h', '18446744073709551616')).toEqual(new ErrorReply('ERR invalid cursor'));
    expect(server.run('HSCAN', 's', 0, 'COUNT', 0)).toEqual(wrongType);
    expect(server.run('HSCAN', 'h', 0, 'COUNT', 0)).toEqual(syntaxError);
    expect(server.run('HSCAN', 'h', 0, 'COUNT', 'x')).toEqual(notInteger);
    expect(server.run('HSCAN', 'h', 0, 'TYPE', 'hash')).toEqual(syntaxError);
    expect(server.run('HSCAN', 'h', 0, 'MATCH')).toEqual(syntaxError);
    expect(server.run('HSCAN', 'h', '-1')).toEqual(['0', ['a', '1']]);
  });

  it('a hashtable is scanned in steps of COUNT fields until cursor 0, each field once when nothing changes', () => {
    const server = smallHashServer(8);
    const fields = Array.from({ length: 100 }, (_, index) => `field${index}`);
    server.run('HSET', 'h', ...fields.flatMap((field) => [field, field.toUpperCase()]));
    const [cursor, first] = server.run('HSCAN', 'h', 0, 'COUNT', 10) as [string, string[]];
    expect(cursor).not.toBe('0');
    expect(first.length).toBe(20);
    const seen: string[] = [];
    let next = '0';
    for (let calls = 0; calls < 100; calls++) {
      const [after, items] = server.run('HSCAN', 'h', next, 'COUNT', 10) as [string, string[]];
      for (let index = 0; index < items.length; index += 2) seen.push(items[index] as string);
      next = after;
      if (next === '0') break;
    }
    expect(next).toBe('0');
    expect(seen.sort()).toEqual([...fields].sort());
    const matched = scanAll(server, 'h', 1000);
    expect(matched.size).toBe(100);
    const [, onlyNines] = server.run('HSCAN', 'h', 0, 'MATCH', '*9', 'COUNT', 1000) as [string, string[]];
    expect(onlyNines.filter((_, index) => index % 2 === 0).sort()).toEqual(fields.filter((field) => field.endsWith('9')).sort());
  });

  it('a hashtable scan returns every field present for the whole scan despite inserts and deletes between calls', () => {
    const server = smallHashServer(4);
    const random = seededRandom(11);
    const stable = Array.from({ length: 200 }, (_, index) => `stable${index}`);
    // Interleaved, so deleting a churn field moves stable fields around.
    for (let index = 0; index < 200; index++) server.run('HSET', 'h', `churn${index}`, '1', `stable${index}`, '1');
    const seen = new Set<string>();
    let cursor = '0';
    for (let calls = 0; calls < 10_000; calls++) {
      const [next, items] = server.run('HSCAN', 'h', cursor, 'COUNT', 5) as [string, string[]];
      for (let index = 0; index < items.length; index += 2) seen.add(items[index] as string);
      for (let change = 0; change < 4; change++) {
        const churn = `churn${Math.floor(random() * 400)}`;
        if (random() < 0.5) server.run('HDEL', 'h', churn);
        else server.run('HSET', 'h', churn, '2');
      }
      cursor = next;
      if (cursor === '0') break;
    }
    expect(cursor).toBe('0');
    for (const field of stable) expect(seen.has(field), field).toBe(true);
  });
});

describe('hash effects', () => {
  it('a replica applying the effects of every hash write holds the same hashes', () => {
    const pair = new EffectsPair();
    pair.run('HSET', 'h', 'a', '1', 'b', '2');
    pair.run('HMSET', 'h', 'c', '3');
    pair.run('HSETNX', 'h', 'd', '4');
    pair.run('HSETNX', 'h', 'd', '5');
    pair.run('HINCRBY', 'h', 'a', 10);
    pair.run('HINCRBYFLOAT', 'h', 'b', '0.25');
    pair.run('HDEL', 'h', 'c');
    for (let index = 0; index < 600; index++) pair.run('HSET', 'big', `f${index}`, `v${index}`);
    for (let index = 0; index < 600; index += 3) pair.run('HDEL', 'big', `f${index}`);
    pair.run('HINCRBYFLOAT', 'big', 'f1', '1.5');
    expect(pair.primary.run('OBJECT', 'ENCODING', 'big')).toBe('hashtable');
    expect(pair.replica.run('OBJECT', 'ENCODING', 'big')).toBe('hashtable');
    expectReplicaInSync(pair);
  });

  it('writes log their own argv; HSETNX of an existing field and errors log nothing', () => {
    const pair = new EffectsPair();
    const mark = pair.allEffects().length;
    pair.run('HSET', 'h', 'a', '1');
    pair.run('HSETNX', 'h', 'a', '2');
    pair.run('HINCRBY', 'h', 'a', 2);
    pair.run('HINCRBY', 'h', 'a', 'x');
    pair.run('HSET', 'h', 'a');
    expect(effectsSince(pair, mark)).toEqual([
      ['HSET', 'h', 'a', '1'],
      ['HINCRBY', 'h', 'a', '2'],
    ]);
    expectReplicaInSync(pair);
  });

  it('conversions happen the same way on the replica', () => {
    const pair = new EffectsPair();
    for (const server of [pair.primary, pair.replica]) server.run('CONFIG', 'SET', 'hash-max-listpack-value', '4');
    pair.run('HSET', 'h', 'a', '1');
    pair.run('HINCRBYFLOAT', 'h', 'a', '0.125');
    expect(pair.replica.run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    expectReplicaInSync(pair);
  });
});

describe('HashValue', () => {
  it('canonical forms: a listpack keeps its order, a hashtable is sorted by field', () => {
    const limits = { entriesMax: 2, valueBytesMax: 64 };
    const hash = new HashValue(1);
    hash.set('b', '1', limits);
    hash.set('a', '2', limits);
    expect(hash.canonical()).toEqual({ encoding: 'listpack', entries: [['b', '1'], ['a', '2']] });
    hash.set('c', '3', limits);
    expect(hash.canonical()).toEqual({ encoding: 'hashtable', entries: [['a', '2'], ['b', '1'], ['c', '3']] });
  });

  it('two hashtables with the same fields compare equal whatever their seeds and histories', () => {
    const limits = { entriesMax: 1, valueBytesMax: 64 };
    const first = new HashValue(1);
    const second = new HashValue(2);
    for (let index = 0; index < 50; index++) first.set(`f${index}`, 'v', limits);
    for (let index = 49; index >= 0; index--) second.set(`f${index}`, 'v', limits);
    second.set('extra', 'v', limits);
    second.delete('extra');
    expect(second.canonical()).toEqual(first.canonical());
  });
  it('a packed listpack keeps binary, empty, long and prefix-sharing fields and values apart, in order', () => {
    const limits = { entriesMax: 512, valueBytesMax: 100_000 };
    const hash = new HashValue(1);
    const long = 'x'.repeat(300); // a length of two varint bytes
    const binary = '\x00\x80\xff\r\n';
    const pairs: [string, string][] = [
      ['', 'empty field'],
      ['a', ''],
      ['ab', long],
      ['abc', binary],
      [long, 'long field'],
      [binary, '\x7f'.repeat(128)],
      ['a'.repeat(13), 'thirteen chars'],
    ];
    for (const [field, value] of pairs) expect(hash.set(field, value, limits)).toBe(true);
    expect(hash.encoding()).toBe('listpack');
    expect(hash.size).toBe(pairs.length);
    for (const [field, value] of pairs) expect(hash.get(field)).toBe(value);
    expect(hash.get('abcd')).toBeUndefined();
    expect(hash.get(long + 'x')).toBeUndefined();
    expect(hash.flat()).toEqual(pairs.flat());
    expect(hash.fields()).toEqual(pairs.map(([field]) => field));
    expect(hash.values()).toEqual(pairs.map(([, value]) => value));
    for (let pair = pairs.length - 1; pair >= 0; pair--) {
      expect([hash.fieldAt(pair), hash.valueAt(pair)]).toEqual(pairs[pair]);
    }
  });

  it('a packed listpack updates a value in place and closes the gap of a deleted field, positions following', () => {
    const limits = { entriesMax: 512, valueBytesMax: 1000 };
    const hash = new HashValue(1);
    for (let index = 0; index < 5; index++) hash.set(`f${index}`, `v${index}`, limits);
    expect(hash.fieldAt(3)).toBe('f3');
    expect(hash.set('f1', 'a much longer value than before: '.repeat(5), limits)).toBe(false);
    expect(hash.valueAt(3)).toBe('v3');
    expect(hash.delete('f2')).toBe(true);
    expect(hash.delete('f2')).toBe(false);
    expect(hash.fieldAt(2)).toBe('f3');
    expect(hash.set('f1', '', limits)).toBe(false);
    expect(hash.flat()).toEqual(['f0', 'v0', 'f1', '', 'f3', 'v3', 'f4', 'v4']);
    const copy = hash.clone();
    hash.set('f0', 'changed', limits);
    expect(copy.get('f0')).toBe('v0');
    expect(copy.canonical()).toEqual({ encoding: 'listpack', entries: [['f0', 'v0'], ['f1', ''], ['f3', 'v3'], ['f4', 'v4']] });
  });

  it('a packed listpack tracks the listpack bytes of its entries through updates and deletions', () => {
    const server = new Executor();
    server.run('HSET', 'h', 'f', '1');
    const small = server.run('MEMORY', 'USAGE', 'h') as number;
    server.run('HSET', 'h', 'f', 'x'.repeat(60));
    expect(server.run('MEMORY', 'USAGE', 'h')).toBeGreaterThan(small + 50);
    server.run('HSET', 'h', 'f', '1');
    expect(server.run('MEMORY', 'USAGE', 'h')).toBe(small);
    server.run('HSET', 'h', 'g', '2');
    server.run('HDEL', 'h', 'g');
    expect(server.run('MEMORY', 'USAGE', 'h')).toBe(small);
  });

  it('a packed listpack converts to a hashtable with every pair intact', () => {
    const limits = { entriesMax: 3, valueBytesMax: 64 };
    const hash = new HashValue(7);
    const long = 'y'.repeat(40);
    hash.set('a', long, limits);
    hash.set(long, 'b', limits);
    hash.set('c', '\xff', limits);
    expect(hash.encoding()).toBe('listpack');
    hash.set('d', '4', limits);
    expect(hash.encoding()).toBe('hashtable');
    expect(hash.canonical()).toEqual({ encoding: 'hashtable', entries: [['a', long], ['c', '\xff'], ['d', '4'], [long, 'b']] });
    expect(hash.get(long)).toBe('b');
  });
});
