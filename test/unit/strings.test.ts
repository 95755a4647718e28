import { describe, expect, it } from 'vitest';
import { ErrorReply, MapReply, OK } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor } from '../support/executor.js';

const NOW = 1_700_000_000_000;
const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notFloat = new ErrorReply('ERR value is not a valid float');
const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const tooLong = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
const MB = 1024 * 1024;

/** Only strings exist so far: make a key look like another type to reach the WRONGTYPE paths. */
function makeOtherType(server: Executor, key: string): void {
  server.run('SET', key, 'x');
  (server.state.keyspace.db(0).peek(key) as { type: string }).type = 'list';
}

function expireAt(server: Executor, key: string): number | undefined {
  return server.state.keyspace.db(0).expireAt(key);
}

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair, mark: number): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

describe('GET and SET', () => {
  it('SET then GET returns the value, binary bytes intact', () => {
    const server = new Executor();
    const binary = '\x00\xff\r\n\x80abc';
    expect(server.run('SET', 'k', binary)).toBe(OK);
    expect(server.run('GET', 'k')).toBe(binary);
    expect(server.run('GET', 'missing')).toBeNull();
  });

  it('GET against a key holding another type is WRONGTYPE', () => {
    const server = new Executor();
    makeOtherType(server, 'l');
    expect(server.run('GET', 'l')).toEqual(wrongType);
  });

  it('SET clears an existing TTL and KEEPTTL keeps it', () => {
    const server = new Executor();
    server.run('SET', 'k', 'v', 'EX', 100);
    expect(expireAt(server, 'k')).toBe(NOW + 100_000);
    server.run('SET', 'k', 'w', 'KEEPTTL');
    expect(expireAt(server, 'k')).toBe(NOW + 100_000);
    server.run('SET', 'k', 'x');
    expect(expireAt(server, 'k')).toBeUndefined();
  });

  it('SET NX and XX set only when the key is missing or present', () => {
    const server = new Executor();
    expect(server.run('SET', 'k', 'a', 'XX')).toBeNull();
    expect(server.run('GET', 'k')).toBeNull();
    expect(server.run('SET', 'k', 'a', 'NX')).toBe(OK);
    expect(server.run('SET', 'k', 'b', 'NX')).toBeNull();
    expect(server.run('SET', 'k', 'c', 'xx')).toBe(OK);
    expect(server.run('GET', 'k')).toBe('c');
  });

  it('SET GET returns the old value, also when NX refuses to set', () => {
    const server = new Executor();
    expect(server.run('SET', 'k', 'a', 'GET')).toBeNull();
    expect(server.run('SET', 'k', 'b', 'GET')).toBe('a');
    expect(server.run('SET', 'k', 'c', 'NX', 'GET')).toBe('b');
    expect(server.run('GET', 'k')).toBe('b');
    expect(server.run('SET', 'new', 'c', 'XX', 'GET')).toBeNull();
    expect(server.run('GET', 'new')).toBeNull();
  });

  it('SET GET against another type is WRONGTYPE and changes nothing', () => {
    const server = new Executor();
    makeOtherType(server, 'l');
    expect(server.run('SET', 'l', 'v', 'GET')).toEqual(wrongType);
    expect(server.run('SET', 'l', 'v', 'GET', 'EX', 0)).toEqual(new ErrorReply("ERR invalid expire time in 'set' command"));
    expect(server.state.keyspace.db(0).peek('l')?.type).toBe('list');
  });

  it('SET refuses conflicting options as a syntax error and accepts repeats', () => {
    const server = new Executor();
    for (const options of [['NX', 'XX'], ['XX', 'NX'], ['EX', 10, 'PX', 10], ['KEEPTTL', 'EX', 10], ['EX', 10, 'KEEPTTL'], ['EX'], ['PERSIST'], ['FOO'], ['PXAT', 1, 'EXAT', 1], ['constructor', 5]]) {
      expect(server.run('SET', 'k', 'v', ...options), options.join(' ')).toEqual(syntaxError);
    }
    expect(server.run('SET', 'k', 'v', 'NX', 'NX')).toBe(OK);
    expect(server.run('SET', 'k', 'v', 'EX', 10, 'EX', 20)).toBe(OK);
    expect(expireAt(server, 'k')).toBe(NOW + 20_000);
    expect(server.run('SET', 'k', 'v', 'get', 'GET')).toBe('v');
  });

  it('SET with a non-positive or overflowing expire time is refused', () => {
    const server = new Executor();
    const invalid = new ErrorReply("ERR invalid expire time in 'set' command");
    expect(server.run('SET', 'k', 'v', 'EX', 0)).toEqual(invalid);
    expect(server.run('SET', 'k', 'v', 'PX', -1)).toEqual(invalid);
    expect(server.run('SET', 'k', 'v', 'EX', '9223372036854776')).toEqual(invalid);
    expect(server.run('SET', 'k', 'v', 'EX', '9223372036854775')).toEqual(invalid);
    expect(server.run('SET', 'k', 'v', 'PX', '9223372036854775807')).toEqual(invalid);
    expect(server.run('SET', 'k', 'v', 'EX', '1.5')).toEqual(notInteger);
    expect(server.run('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe(OK);
    expect(server.run('SET', 'k', 'v', 'PXAT', '9223372036854775807')).toBe(OK);
    expect(server.run('EXISTS', 'k')).toBe(1);
  });

  it('SETNX answers 1 or 0; SETEX and PSETEX set a TTL and check it', () => {
    const server = new Executor();
    expect(server.run('SETNX', 'k', 'a')).toBe(1);
    expect(server.run('SETNX', 'k', 'b')).toBe(0);
    expect(server.run('SETEX', 'k', 10, 'c')).toBe(OK);
    expect(expireAt(server, 'k')).toBe(NOW + 10_000);
    expect(server.run('PSETEX', 'k', 1500, 'd')).toBe(OK);
    expect(expireAt(server, 'k')).toBe(NOW + 1500);
    expect(server.run('GET', 'k')).toBe('d');
    expect(server.run('SETEX', 'k', 0, 'e')).toEqual(new ErrorReply("ERR invalid expire time in 'setex' command"));
    expect(server.run('PSETEX', 'k', -3, 'e')).toEqual(new ErrorReply("ERR invalid expire time in 'psetex' command"));
    expect(server.run('SETEX', 'k', 'abc', 'e')).toEqual(notInteger);
  });

  it('a key past its expiry reads as missing and SET NX can then set it', () => {
    const server = new Executor();
    server.run('SET', 'k', 'v', 'PX', 100);
    server.clock.advanceMs(101);
    expect(server.run('GET', 'k')).toBeNull();
    server.run('SET', 'j', 'v', 'PX', 100);
    server.clock.advanceMs(101);
    expect(server.run('SET', 'j', 'w', 'NX')).toBe(OK);
    expect(server.run('GET', 'j')).toBe('w');
  });
});

describe('string effects', () => {
  it('SET with a relative or absolute expiry is logged as SET PXAT with the absolute time', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'a', 'v', 'EX', 10);
    pair.run('SET', 'b', 'v', 'PX', 250, 'NX');
    pair.run('SET', 'c', 'v', 'EXAT', 1_800_000_000, 'GET');
    pair.run('SETEX', 'd', 5, 'v');
    pair.run('PSETEX', 'e', 7, 'v');
    expect(effectsSince(pair, 0)).toEqual([
      ['SET', 'a', 'v', 'PXAT', String(NOW + 10_000)],
      ['SET', 'b', 'v', 'PXAT', String(NOW + 250)],
      ['SET', 'c', 'v', 'PXAT', '1800000000000'],
      ['SET', 'd', 'v', 'PXAT', String(NOW + 5000)],
      ['SET', 'e', 'v', 'PXAT', String(NOW + 7)],
    ]);
    expectReplicaInSync(pair);
  });

  it('SET GET is logged without GET; plain writes are logged verbatim; no-ops log nothing', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', 'a');
    pair.run('SET', 'k', 'b', 'get', 'KEEPTTL', 'GET');
    pair.run('SET', 'k', 'c', 'NX');
    pair.run('SET', 'missing', 'c', 'XX', 'GET');
    pair.run('SETNX', 'k', 'd');
    pair.run('MSETNX', 'k', '1', 'other', '2');
    pair.run('SET', 'k', 'v', 'EX', 0);
    expect(effectsSince(pair, 0)).toEqual([
      ['SET', 'k', 'a'],
      ['SET', 'k', 'b', 'KEEPTTL'],
    ]);
    expectReplicaInSync(pair);
  });

  it('SET with an expiry already past keeps the key as Redis 7.0 does, and the replica agrees', () => {
    const pair = new EffectsPair();
    expect(pair.run('SET', 'k', 'v', 'PXAT', 1000)).toBe(OK);
    expect(effectsSince(pair, 0)).toEqual([['SET', 'k', 'v', 'PXAT', '1000']]);
    expectReplicaInSync(pair);
    expect(pair.run('GET', 'k')).toBeNull();
    expect(effectsSince(pair, 1)).toEqual([['DEL', 'k']]);
    expectReplicaInSync(pair);
  });

  it('GETSET is logged as SET, GETDEL as DEL, and both clear or remove the TTL', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', 'a', 'EX', 100);
    expect(pair.run('GETSET', 'k', 'b')).toBe('a');
    expect(expireAt(pair.primary, 'k')).toBeUndefined();
    expect(pair.run('GETSET', 'new', 'x')).toBeNull();
    expect(pair.run('GETDEL', 'k')).toBe('b');
    expect(pair.run('GETDEL', 'k')).toBeNull();
    expect(effectsSince(pair, 1)).toEqual([
      ['SET', 'k', 'b'],
      ['SET', 'new', 'x'],
      ['DEL', 'k'],
    ]);
    expectReplicaInSync(pair);
  });

  it('GETEX sets expiries as PEXPIREAT, PERSIST only when there was a TTL, nothing without options', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', 'v');
    expect(pair.run('GETEX', 'k')).toBe('v');
    expect(pair.run('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(pair.run('GETEX', 'k', 'EX', 10)).toBe('v');
    expect(expireAt(pair.primary, 'k')).toBe(NOW + 10_000);
    expect(pair.run('GETEX', 'k', 'px', 20, 'PX', 30)).toBe('v');
    expect(pair.run('GETEX', 'k', 'EXAT', 1_800_000_000)).toBe('v');
    expect(pair.run('GETEX', 'k', 'PXAT', 1_800_000_000_123)).toBe('v');
    expect(pair.run('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(expireAt(pair.primary, 'k')).toBeUndefined();
    expect(effectsSince(pair, 1)).toEqual([
      ['PEXPIREAT', 'k', String(NOW + 10_000)],
      ['PEXPIREAT', 'k', String(NOW + 30)],
      ['PEXPIREAT', 'k', '1800000000000'],
      ['PEXPIREAT', 'k', '1800000000123'],
      ['PERSIST', 'k'],
    ]);
    expectReplicaInSync(pair);
  });

  it('GETEX with an EXAT or PXAT already past deletes the key on the primary and logs DEL', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', 'v');
    expect(pair.run('GETEX', 'k', 'PXAT', NOW)).toBe('v');
    expect(pair.run('EXISTS', 'k')).toBe(0);
    expect(effectsSince(pair, 1)).toEqual([['DEL', 'k']]);
    expectReplicaInSync(pair);
  });

  it('GETEX with a past time applied by the log on a replica only sets the TTL', () => {
    const replica = new Executor({ role: 'replica' });
    const applier = replica.newClient();
    applier.applier = true;
    replica.runAs(applier, 'SET', 'k', 'v');
    expect(replica.runAs(applier, 'GETEX', 'k', 'PXAT', 1000)).toBe('v');
    expect(replica.state.keyspace.db(0).expireAt('k')).toBe(1000);
    expect(replica.effects.at(-1)).toEqual([{ db: 0, argv: ['PEXPIREAT', 'k', '1000'] }]);
  });

  it('GETEX option errors: syntax before lookup, expire time after it', () => {
    const server = new Executor();
    server.run('SET', 'k', 'v');
    for (const options of [['EX', 10, 'PX', 10], ['PERSIST', 'EX', 10], ['EX', 10, 'PERSIST'], ['KEEPTTL'], ['NX'], ['GET'], ['EX']]) {
      expect(server.run('GETEX', 'k', ...options), options.join(' ')).toEqual(syntaxError);
    }
    expect(server.run('GETEX', 'missing', 'FOO')).toEqual(syntaxError);
    expect(server.run('GETEX', 'missing', 'EX', 0)).toBeNull();
    expect(server.run('GETEX', 'missing', 'EX', 'abc')).toBeNull();
    expect(server.run('GETEX', 'k', 'EX', 0)).toEqual(new ErrorReply("ERR invalid expire time in 'getex' command"));
    expect(server.run('GETEX', 'k', 'EX', 'abc')).toEqual(notInteger);
    expect(server.run('GETEX', 'k', 'PX', '9223372036854775807')).toEqual(new ErrorReply("ERR invalid expire time in 'getex' command"));
    makeOtherType(server, 'l');
    expect(server.run('GETEX', 'l', 'EX', 'abc')).toEqual(wrongType);
  });

  it('counters, appends and ranges are logged verbatim and INCRBYFLOAT as SET KEEPTTL', () => {
    const pair = new EffectsPair();
    pair.run('INCR', 'n');
    pair.run('INCRBY', 'n', 41);
    pair.run('DECR', 'n');
    pair.run('DECRBY', 'n', 2);
    pair.run('APPEND', 's', 'abc');
    pair.run('SETRANGE', 's', 5, 'xy');
    pair.run('MSET', 'a', '1', 'b', '2');
    pair.run('MSETNX', 'c', '3', 'd', '4');
    pair.run('SET', 'f', '10.5', 'EX', 100);
    pair.run('INCRBYFLOAT', 'f', '0.1');
    const mark = 9;
    expect(effectsSince(pair, 0).slice(0, 8)).toEqual([
      ['INCR', 'n'],
      ['INCRBY', 'n', '41'],
      ['DECR', 'n'],
      ['DECRBY', 'n', '2'],
      ['APPEND', 's', 'abc'],
      ['SETRANGE', 's', '5', 'xy'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'c', '3', 'd', '4'],
    ]);
    expect(effectsSince(pair, mark)).toEqual([['SET', 'f', '10.6', 'KEEPTTL']]);
    expect(expireAt(pair.replica, 'f')).toBe(NOW + 100_000);
    expectReplicaInSync(pair);
  });

  it('failed writes log nothing', () => {
    const pair = new EffectsPair();
    pair.run('SET', 's', 'abc');
    pair.run('INCR', 's');
    pair.run('INCRBYFLOAT', 's', 1);
    pair.run('SETRANGE', 's', -1, 'x');
    pair.run('SETRANGE', 's', 1, '');
    pair.run('SETRANGE', 'missing', 1, '');
    pair.run('MSET', 'a', '1', 'b');
    pair.run('GETDEL', 'missing');
    expect(effectsSince(pair, 1)).toEqual([]);
    expectReplicaInSync(pair);
  });

  it('writes to an expired key log the expiry DEL before the write, in one unit', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', '5', 'PX', 10);
    pair.clock.advanceMs(11);
    expect(pair.run('INCR', 'k')).toBe(1);
    expect(pair.primary.effects.at(-1)?.map((effect) => [...effect.argv])).toEqual([['DEL', 'k'], ['INCR', 'k']]);
    expectReplicaInSync(pair);
  });

  it('a MULTI block of string writes is one unit of effects', () => {
    const pair = new EffectsPair();
    pair.run('MULTI');
    pair.run('SET', 'k', 'v', 'EX', 5);
    pair.run('INCRBYFLOAT', 'f', '1.5');
    pair.run('EXEC');
    expect(pair.primary.effects.at(-1)?.map((effect) => [...effect.argv])).toEqual([
      ['SET', 'k', 'v', 'PXAT', String(NOW + 5000)],
      ['SET', 'f', '1.5', 'KEEPTTL'],
    ]);
    expectReplicaInSync(pair);
  });
});

describe('MGET, MSET, MSETNX', () => {
  it('MGET answers nil for missing keys and other types', () => {
    const server = new Executor();
    server.run('MSET', 'a', '1', 'b', '2');
    makeOtherType(server, 'l');
    expect(server.run('MGET', 'a', 'missing', 'l', 'b')).toEqual(['1', null, null, '2']);
  });

  it('MSET with an odd number of arguments is a wrong-arity error', () => {
    const server = new Executor();
    expect(server.run('MSET', 'a', '1', 'b')).toEqual(new ErrorReply("ERR wrong number of arguments for 'mset' command"));
    expect(server.run('MSETNX', 'a', '1', 'b')).toEqual(new ErrorReply("ERR wrong number of arguments for 'msetnx' command"));
  });

  it('MSET clears TTLs; MSETNX sets nothing when any key exists', () => {
    const server = new Executor();
    server.run('SET', 'a', 'old', 'EX', 100);
    server.run('MSET', 'a', '1', 'b', '2');
    expect(expireAt(server, 'a')).toBeUndefined();
    expect(server.run('MSETNX', 'c', '3', 'a', 'x')).toBe(0);
    expect(server.run('EXISTS', 'c')).toBe(0);
    expect(server.run('MSETNX', 'c', '3', 'd', '4', 'c', '5')).toBe(1);
    expect(server.run('MGET', 'c', 'd')).toEqual(['5', '4']);
  });
});

describe('APPEND, STRLEN, SETRANGE, GETRANGE', () => {
  it('APPEND creates the key (even with an empty value) and returns the new length', () => {
    const server = new Executor();
    expect(server.run('APPEND', 'e', '')).toBe(0);
    expect(server.run('EXISTS', 'e')).toBe(1);
    expect(server.run('APPEND', 'k', 'Hello')).toBe(5);
    expect(server.run('APPEND', 'k', ' World')).toBe(11);
    expect(server.run('GET', 'k')).toBe('Hello World');
    expect(server.run('STRLEN', 'k')).toBe(11);
    expect(server.run('STRLEN', 'missing')).toBe(0);
  });

  it('APPEND and SETRANGE keep the TTL', () => {
    const server = new Executor();
    server.run('SET', 'k', 'v', 'EX', 100);
    server.run('APPEND', 'k', 'w');
    server.run('SETRANGE', 'k', 0, 'x');
    server.run('INCRBYFLOAT', 'n', 1);
    expect(expireAt(server, 'k')).toBe(NOW + 100_000);
  });

  it('SETRANGE pads with zero bytes and leaves a missing key alone for an empty value', () => {
    const server = new Executor();
    expect(server.run('SETRANGE', 'k', 3, 'ab')).toBe(5);
    expect(server.run('GET', 'k')).toBe('\0\0\0ab');
    expect(server.run('SETRANGE', 'k', 1, 'XYZW')).toBe(5);
    expect(server.run('GET', 'k')).toBe('\0XYZW');
    expect(server.run('SETRANGE', 'k', 0, '')).toBe(5);
    expect(server.run('SETRANGE', 'missing', 10, '')).toBe(0);
    expect(server.run('EXISTS', 'missing')).toBe(0);
    expect(server.run('SETRANGE', 'k', -1, 'x')).toEqual(new ErrorReply('ERR offset is out of range'));
    expect(server.run('SETRANGE', 'k', 'abc', 'x')).toEqual(notInteger);
  });

  it('SETRANGE and APPEND refuse results beyond proto-max-bulk-len, except for the log applier', () => {
    const server = new Executor({ settings: { 'proto-max-bulk-len': MB } });
    expect(server.run('SETRANGE', 'k', MB - 1, 'x')).toBe(MB);
    expect(server.run('SETRANGE', 'k', MB, 'x')).toEqual(tooLong);
    expect(server.run('SETRANGE', 'k', '9223372036854775807', 'x')).toEqual(tooLong);
    expect(server.run('SETRANGE', 'k', MB, '')).toBe(MB);
    expect(server.run('APPEND', 'k', 'y')).toEqual(tooLong);
    const applier = server.newClient();
    applier.applier = true;
    expect(server.runAs(applier, 'APPEND', 'k', 'y')).toBe(MB + 1);
  });

  it('GETRANGE follows Redis 7.0 index rules', () => {
    const server = new Executor();
    server.run('SET', 's', 'Hello World');
    const cases: [string | number, string | number, string][] = [
      [0, 4, 'Hello'], [-3, -1, 'rld'], [-1, -3, ''], [5, 2, ''], [0, -100, 'H'], [-100, -100, 'H'], [-50, -100, ''],
      [100, 200, ''], [0, '9223372036854775807', 'Hello World'], ['-9223372036854775808', '9223372036854775807', 'Hello World'],
      ['9223372036854775807', '-9223372036854775808', ''], ['-9223372036854775807', '-9223372036854775808', ''], [1, 1, 'e'],
    ];
    for (const [start, end, expected] of cases) expect(server.run('GETRANGE', 's', start, end), `${start} ${end}`).toBe(expected);
    expect(server.run('SUBSTR', 's', 0, 2)).toBe('Hel');
    expect(server.run('GETRANGE', 'missing', 0, 1)).toBe('');
    expect(server.run('GETRANGE', 's', 'a', 1)).toEqual(notInteger);
    expect(server.run('GETRANGE', 'missing', 0, '9223372036854775808')).toEqual(notInteger);
    server.run('SET', 'empty', '');
    expect(server.run('GETRANGE', 'empty', 0, -1)).toBe('');
  });

  it('WRONGTYPE for APPEND, STRLEN, SETRANGE, GETRANGE, GETDEL, GETSET', () => {
    const server = new Executor();
    makeOtherType(server, 'l');
    expect(server.run('APPEND', 'l', 'x')).toEqual(wrongType);
    expect(server.run('STRLEN', 'l')).toEqual(wrongType);
    expect(server.run('SETRANGE', 'l', 0, 'x')).toEqual(wrongType);
    expect(server.run('SETRANGE', 'l', 0, '')).toEqual(wrongType);
    expect(server.run('GETRANGE', 'l', 0, 1)).toEqual(wrongType);
    expect(server.run('GETDEL', 'l')).toEqual(wrongType);
    expect(server.run('GETSET', 'l', 'x')).toEqual(wrongType);
    expect(server.run('INCR', 'l')).toEqual(wrongType);
    expect(server.run('INCRBYFLOAT', 'l', 'abc')).toEqual(wrongType);
    expect(server.run('INCRBY', 'l', 'abc')).toEqual(notInteger);
    expect(server.run('SETNX', 'l', 'x')).toBe(0);
  });
});

describe('INCR, DECR, INCRBY, DECRBY', () => {
  it('counts from zero and stores the decimal text', () => {
    const server = new Executor();
    expect(server.run('INCR', 'n')).toBe(1);
    expect(server.run('INCRBY', 'n', 9)).toBe(10);
    expect(server.run('DECR', 'n')).toBe(9);
    expect(server.run('DECRBY', 'n', 19)).toBe(-10);
    expect(server.run('GET', 'n')).toBe('-10');
  });

  it('covers the whole int64 range with exact big values', () => {
    const server = new Executor();
    server.run('SET', 'n', '9007199254740992');
    expect(server.run('INCR', 'n')).toBe(9007199254740993n);
    expect(server.run('INCRBY', 'n', 2)).toBe(9007199254740995n);
    expect(server.run('GET', 'n')).toBe('9007199254740995');
    server.run('SET', 'n', '9223372036854775806');
    expect(server.run('INCR', 'n')).toBe(9223372036854775807n);
    expect(server.run('DECRBY', 'n', '9223372036854775807')).toBe(0);
    expect(server.run('INCRBY', 'n', '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(server.run('INCRBY', 'n', '9223372036854775807')).toBe(-1);
    server.run('SET', 'n', '9007199254740991');
    expect(server.run('INCR', 'n')).toBe(9007199254740992n);
    expect(server.run('DECR', 'n')).toBe(9007199254740991);
  });

  it('refuses to overflow in either direction', () => {
    const server = new Executor();
    const overflow = new ErrorReply('ERR increment or decrement would overflow');
    server.run('SET', 'n', '9223372036854775807');
    expect(server.run('INCR', 'n')).toEqual(overflow);
    server.run('SET', 'n', '-9223372036854775808');
    expect(server.run('DECR', 'n')).toEqual(overflow);
    server.run('SET', 'n', '-2');
    expect(server.run('INCRBY', 'n', '-9223372036854775807')).toEqual(overflow);
    expect(server.run('DECRBY', 'n', '9223372036854775807')).toEqual(overflow);
    expect(server.run('GET', 'n')).toBe('-2');
  });

  it('DECRBY of the smallest int64 is refused before looking at the key', () => {
    const server = new Executor();
    makeOtherType(server, 'l');
    expect(server.run('DECRBY', 'l', '-9223372036854775808')).toEqual(new ErrorReply('ERR decrement would overflow'));
  });

  it('INCR against a key holding a non-integer or a non-canonical integer', () => {
    const server = new Executor();
    for (const value of ['abc', ' 1', '01', '+1', '-0', '1.0', '', '12345678901234567890']) {
      server.run('SET', 'n', value);
      expect(server.run('INCR', 'n'), JSON.stringify(value)).toEqual(notInteger);
    }
    for (const increment of ['abc', '1.5', '+5', ' 5', '00', '-0', '9223372036854775808']) {
      expect(server.run('INCRBY', 'm', increment), increment).toEqual(notInteger);
    }
  });

  it('INCR keeps the TTL', () => {
    const server = new Executor();
    server.run('SET', 'n', '1', 'EX', 100);
    server.run('INCR', 'n');
    expect(expireAt(server, 'n')).toBe(NOW + 100_000);
  });
});

describe('INCRBYFLOAT', () => {
  it('gives Redis long double results as text', () => {
    const server = new Executor();
    const cases: [string | null, string, string][] = [
      ['10.5', '0.1', '10.6'], ['0.1', '0.2', '0.3'], [null, '5.0e3', '5000'], ['1', '-1', '0'], [null, '-1e-20', '0'],
      [null, '0.000003814697265625', '0.00000381469726562'], [null, '0.000011444091796875', '0.00001144409179688'],
      [null, '0x1p3', '8'], ['5', '.5', '5.5'], [null, '+1.5', '1.5'], ['-0', '-0', '0'],
    ];
    for (const [start, increment, expected] of cases) {
      server.run('DEL', 'f');
      if (start !== null) server.run('SET', 'f', start);
      expect(server.run('INCRBYFLOAT', 'f', increment), `${start} + ${increment}`).toBe(expected);
      expect(server.run('GET', 'f')).toBe(expected);
    }
  });

  it('keeps values beyond the double range', () => {
    const server = new Executor();
    server.run('SET', 'f', '1e300');
    const result = server.run('INCRBYFLOAT', 'f', '1.1') as string;
    expect(result).toMatch(/^1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144$/);
    server.run('SET', 'g', '1e4000');
    expect((server.run('INCRBYFLOAT', 'g', '1e4000') as string).length).toBe(4001);
  });

  it('NaN or infinity results are refused and change nothing', () => {
    const server = new Executor();
    const nanOrInfinity = new ErrorReply('ERR increment would produce NaN or Infinity');
    expect(server.run('INCRBYFLOAT', 'f', 'inf')).toEqual(nanOrInfinity);
    expect(server.run('INCRBYFLOAT', 'f', '-Infinity')).toEqual(nanOrInfinity);
    server.run('SET', 'f', 'inf');
    expect(server.run('INCRBYFLOAT', 'f', '-inf')).toEqual(nanOrInfinity);
    server.run('SET', 'big', '1e4932');
    expect(server.run('INCRBYFLOAT', 'big', '1e4932')).toEqual(nanOrInfinity);
    expect(server.run('GET', 'big')).toBe('1e4932');
  });

  it('refuses texts string2ld refuses', () => {
    const server = new Executor();
    for (const increment of ['nan', 'abc', ' 1', '1 ', '', '.', '1e', '0x', 'infini', '1e5000', '1e-5000', '1\x00', '0'.repeat(5119) + '1']) {
      expect(server.run('INCRBYFLOAT', 'f', increment), JSON.stringify(increment.slice(0, 20))).toEqual(notFloat);
    }
    expect(server.run('INCRBYFLOAT', 'f', '0'.repeat(5118) + '1')).toBe('1');
    server.run('SET', 'f', 'abc');
    expect(server.run('INCRBYFLOAT', 'f', '1')).toEqual(notFloat);
  });
});

describe('LCS', () => {
  it('answers the string, its length, or the matched ranges', () => {
    const server = new Executor();
    server.run('MSET', 'key1', 'ohmytext', 'key2', 'mynewtext');
    expect(server.run('LCS', 'key1', 'key2')).toBe('mytext');
    expect(server.run('LCS', 'key1', 'key2', 'LEN')).toBe(6);
    expect(server.run('LCS', 'key1', 'key2', 'len', 'len')).toBe(6);
    expect(server.run('LCS', 'key1', 'key2', 'IDX')).toEqual(
      new MapReply(['matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6]),
    );
    expect(server.run('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', 4, 'WITHMATCHLEN')).toEqual(
      new MapReply(['matches', [[[4, 7], [5, 8], 4]], 'len', 6]),
    );
    expect(server.run('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', -5, 'WITHMATCHLEN')).toEqual(
      new MapReply(['matches', [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], 'len', 6]),
    );
    expect(server.run('LCS', 'missing', 'other', 'IDX')).toEqual(new MapReply(['matches', [], 'len', 0]));
    expect(server.run('LCS', 'key1', 'missing')).toBe('');
  });

  it('option errors and the wrong type error come in Redis order', () => {
    const server = new Executor();
    server.run('MSET', 'a', 'x', 'b', 'y');
    makeOtherType(server, 'l');
    expect(server.run('LCS', 'l', 'a', 'FOO')).toEqual(new ErrorReply('ERR The specified keys must contain string values'));
    expect(server.run('LCS', 'a', 'b', 'LEN', 'IDX')).toEqual(new ErrorReply('ERR If you want both the length and indexes, please just use IDX.'));
    expect(server.run('LCS', 'a', 'b', 'MINMATCHLEN')).toEqual(syntaxError);
    expect(server.run('LCS', 'a', 'b', 'MINMATCHLEN', 'x', 'LEN', 'IDX')).toEqual(notInteger);
    expect(server.run('LCS', 'a', 'b', 'FOO')).toEqual(syntaxError);
  });

  it('refuses when the table would exceed proto-max-bulk-len', () => {
    const server = new Executor({ settings: { 'proto-max-bulk-len': MB } });
    server.run('SET', 'a', 'a'.repeat(600));
    server.run('SET', 'b', 'b'.repeat(435));
    expect(server.run('LCS', 'a', 'b', 'LEN')).toBe(0);
    server.run('SET', 'b', 'b'.repeat(436));
    expect(server.run('LCS', 'a', 'b', 'LEN')).toEqual(
      new ErrorReply('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'),
    );
  });
});
