import { describe, expect, it } from 'vitest';
import { SetValue } from '../../server/src/keyspace/set.js';
import { ErrorReply, type Reply, SetReply, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notPositive = new ErrorReply('ERR value is out of range, must be positive');
const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** The items of a set reply (RESP3 `~`), failing when the reply is something else. */
function items(reply: Reply): Reply[] {
  expect(reply).toBeInstanceOf(SetReply);
  return (reply as SetReply).items;
}

function sorted(values: Reply): string[] {
  const list = values instanceof SetReply ? values.items : (values as Reply[]);
  return (list as string[]).slice().sort();
}

function encoding(server: Executor, key: string): Reply {
  return server.run('OBJECT', 'ENCODING', key);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

function effects(pair: EffectsPair): string[][] {
  return pair.allEffects().map((effect) => [...effect.argv]);
}

/** 1..count as strings. */
function range(count: number, prefix = ''): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);
}

describe('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER', () => {
  it('SADD counts new members only and SCARD counts the set', () => {
    const server = new Executor();
    expect(server.run('SADD', 's', 'a', 'b', 'a')).toBe(2);
    expect(server.run('SADD', 's', 'b', 'c')).toBe(1);
    expect(server.run('SCARD', 's')).toBe(3);
    expect(server.run('SCARD', 'missing')).toBe(0);
    expect(server.run('TYPE', 's')).toEqual(new Status('set'));
  });

  it('members are binary strings compared byte by byte', () => {
    const server = new Executor();
    const binary = '\x00\xff\r\n\x80';
    expect(server.run('SADD', 's', binary, '', 'A', 'a')).toBe(4);
    expect(server.run('SISMEMBER', 's', binary)).toBe(1);
    expect(server.run('SISMEMBER', 's', '')).toBe(1);
    expect(server.run('SISMEMBER', 's', '\x00\xff')).toBe(0);
    expect(sorted(server.run('SMEMBERS', 's'))).toEqual(['', 'A', 'a', binary].sort());
  });

  it('SREM removes what is there, deletes the emptied key and stops there', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', 'b', 'c');
    expect(server.run('SREM', 's', 'a', 'x', 'a')).toBe(1);
    expect(server.run('SREM', 'missing', 'a')).toBe(0);
    expect(server.run('SREM', 's', 'b', 'c', 'b')).toBe(2);
    expect(server.run('EXISTS', 's')).toBe(0);
  });

  it('SISMEMBER and SMISMEMBER answer 0 for a missing key; SMISMEMBER keeps argument order', () => {
    const server = new Executor();
    server.run('SADD', 's', '1', 'x');
    expect(server.run('SISMEMBER', 's', 'x')).toBe(1);
    expect(server.run('SISMEMBER', 'missing', 'x')).toBe(0);
    expect(server.run('SMISMEMBER', 's', 'x', 'y', '1', '01')).toEqual([1, 0, 1, 0]);
    expect(server.run('SMISMEMBER', 'missing', 'x', 'y')).toEqual([0, 0]);
  });

  it('every set command against another type is WRONGTYPE', () => {
    const server = new Executor();
    server.run('SET', 'str', 'v');
    server.run('SADD', 's', 'a');
    const commands: (string | number)[][] = [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
      ['SCARD', 'str'], ['SPOP', 'str'], ['SPOP', 'str', 2], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', 2],
      ['SMOVE', 'str', 's', 'a'], ['SMOVE', 's', 'str', 'a'], ['SINTER', 's', 'str'], ['SINTERCARD', 2, 's', 'str'],
      ['SINTERSTORE', 'd', 's', 'str'], ['SUNION', 'str', 's'], ['SUNIONSTORE', 'd', 's', 'str'], ['SDIFF', 's', 'str'],
      ['SDIFFSTORE', 'd', 'str'], ['SSCAN', 'str', 0],
    ];
    for (const command of commands) expect(server.run(...command), command.join(' ')).toEqual(wrongType);
    expect(server.run('GET', 'str')).toBe('v');
    expect(server.run('SMEMBERS', 's')).toEqual(new SetReply(['a']));
    expect(server.run('EXISTS', 'd')).toBe(0);
  });

  it('arity is checked as Redis does', () => {
    const server = new Executor();
    for (const command of [['SADD', 's'], ['SREM', 's'], ['SMEMBERS'], ['SISMEMBER', 's'], ['SMISMEMBER', 's'], ['SPOP'], ['SMOVE', 'a', 'b'], ['SINTERCARD', 1], ['SSCAN', 's']]) {
      const name = (command[0] as string).toLowerCase();
      expect(server.run(...command), command.join(' ')).toEqual(new ErrorReply(`ERR wrong number of arguments for '${name}' command`));
    }
  });
});

describe('set encodings', () => {
  it('a set of canonical int64 members is an intset, iterated in ascending order', () => {
    const server = new Executor();
    server.run('SADD', 's', '3', '-1', I64_MAX, '0', I64_MIN, '9007199254740993', '-9007199254740993', '100000');
    expect(encoding(server, 's')).toBe('intset');
    expect(items(server.run('SMEMBERS', 's'))).toEqual([I64_MIN, '-9007199254740993', '-1', '0', '3', '100000', '9007199254740993', I64_MAX]);
    expect(server.run('SISMEMBER', 's', '9007199254740993')).toBe(1);
    expect(server.run('SISMEMBER', 's', '9007199254740992')).toBe(0);
  });

  it('integers that are not canonical make a hashtable, whose members keep their spelling', () => {
    for (const member of ['01', '-0', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', '0x1', '']) {
      const server = new Executor();
      server.run('SADD', 's', '1', member);
      expect(encoding(server, 's'), member).toBe('hashtable');
      expect(server.run('SISMEMBER', 's', member)).toBe(1);
      expect(sorted(server.run('SMEMBERS', 's'))).toEqual(['1', member].sort());
    }
  });

  it('a first member that is not an integer creates a hashtable; removing it does not convert back', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', '1', '2');
    expect(encoding(server, 's')).toBe('hashtable');
    server.run('SREM', 's', 'a');
    expect(encoding(server, 's')).toBe('hashtable');
    expect(sorted(server.run('SMEMBERS', 's'))).toEqual(['1', '2']);
  });

  it('an intset with more members than set-max-intset-entries becomes a hashtable for good', () => {
    const server = new Executor({ settings: { 'set-max-intset-entries': 4 } });
    server.run('SADD', 's', 1, 2, 3, 4);
    expect(encoding(server, 's')).toBe('intset');
    server.run('SADD', 's', 5);
    expect(encoding(server, 's')).toBe('hashtable');
    server.run('SREM', 's', 5, 4);
    expect(encoding(server, 's')).toBe('hashtable');
    expect(server.run('CONFIG', 'SET', 'set-max-intset-entries', '0')).toEqual(new Status('OK'));
    server.run('SADD', 'one', 7);
    expect(encoding(server, 'one')).toBe('hashtable');
  });

  it('the default set-max-intset-entries is 512', () => {
    const server = new Executor();
    server.run('SADD', 's', ...range(512));
    expect(encoding(server, 's')).toBe('intset');
    server.run('SADD', 's', 513);
    expect(encoding(server, 's')).toBe('hashtable');
  });

  it('MEMORY USAGE of an intset is exact: 16-bit, 32-bit and 64-bit elements, never narrowed', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2, 3);
    expect(server.run('MEMORY', 'USAGE', 'a')).toBe(64);
    server.run('SADD', 'a', 70000);
    expect(server.run('MEMORY', 'USAGE', 'a')).toBe(80);
    server.run('SREM', 'a', 70000);
    expect(server.run('MEMORY', 'USAGE', 'a')).toBe(80);
    server.run('SADD', 'a', I64_MAX);
    expect(server.run('MEMORY', 'USAGE', 'a')).toBe(16 + 48 + 8 + 24);
  });

  it('MEMORY USAGE of a hashtable follows the dict table size and the members', () => {
    const server = new Executor();
    server.run('SADD', 'b', 'x');
    expect(server.run('MEMORY', 'USAGE', 'b')).toBe(168);
    server.run('SADD', 'b', 'y', 'z', 'w');
    expect(server.run('MEMORY', 'USAGE', 'b')).toBe(264);
    server.run('SADD', 'b', 'v');
    expect(server.run('MEMORY', 'USAGE', 'b')).toBe(328);
    server.run('SADD', 'h', 'a', 1, 2);
    server.run('SREM', 'h', 'a');
    expect(server.run('MEMORY', 'USAGE', 'h')).toBe(200);
  });

  it('a hashtable that loses most of its members shrinks its modelled table', () => {
    const server = new Executor();
    server.run('SADD', 'b', ...range(100, 'm'));
    const large = server.run('MEMORY', 'USAGE', 'b', 'SAMPLES', 0) as number;
    server.run('SREM', 'b', ...range(95, 'm'));
    const small = server.run('MEMORY', 'USAGE', 'b', 'SAMPLES', 0) as number;
    // The 128-slot table shrinks to 16 slots when 12 members are left (below 10% fill); Redis 7.0 reports 392 too.
    expect(small).toBe(8 + 16 + 56 + 8 * 16 + 5 * (24 + 8) + 24);
    expect(large).toBeGreaterThan(small);
  });

  it('COPY gives an independent set with the same encoding and RENAME moves it', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2);
    server.run('SADD', 'h', 'x');
    expect(server.run('COPY', 'a', 'b')).toBe(1);
    expect(server.run('COPY', 'h', 'g')).toBe(1);
    server.run('SADD', 'b', 3);
    server.run('SADD', 'g', 'y');
    expect(items(server.run('SMEMBERS', 'a'))).toEqual(['1', '2']);
    expect(items(server.run('SMEMBERS', 'b'))).toEqual(['1', '2', '3']);
    expect(items(server.run('SMEMBERS', 'h'))).toEqual(['x']);
    expect(encoding(server, 'b')).toBe('intset');
    expect(server.run('RENAME', 'g', 'r')).toEqual(new Status('OK'));
    expect(sorted(server.run('SMEMBERS', 'r'))).toEqual(['x', 'y']);
    expect(encoding(server, 'r')).toBe('hashtable');
  });

  it('the canonical form ignores encoding and order', () => {
    const intset = SetValue.forMember('1');
    const table = SetValue.forMember('x');
    for (const member of ['3', '1', '2']) intset.add(member, 512);
    for (const member of ['x', '2', '3', '1']) table.add(member, 512);
    table.remove('x');
    expect(table.encoding()).toBe('hashtable');
    expect(table.canonical()).toEqual(intset.canonical());
  });

  it('an intset agrees with a sorted model through every width, beyond 2^53, growth and shrinking', () => {
    const random = seededRandom(17);
    // Values around each width boundary (16, 32 bits, 2^53, 64 bits), so every storage form is met.
    const pools = [
      [-32768n, 32767n],
      [-2147483648n, 2147483647n],
      [-9007199254740991n, 9007199254740991n],
      [-9223372036854775808n, 9223372036854775807n],
    ];
    const ROUNDS = 40;
    const OPERATIONS = 300;
    for (let round = 0; round < ROUNDS; round++) {
      const set = SetValue.emptyIntset();
      const model = new Set<bigint>();
      for (let operation = 0; operation < OPERATIONS; operation++) {
        // The pool widens with the operation count, as a real intset's width only grows.
        const pool = Math.min(pools.length - 1, Math.floor((random() * (operation + 1) * pools.length) / OPERATIONS));
        const [low, high] = pools[pool] as [bigint, bigint];
        const edge = random() < 0.3;
        const value = edge ? (random() < 0.5 ? low + BigInt(Math.floor(random() * 3)) : high - BigInt(Math.floor(random() * 3))) : BigInt(Math.floor(random() * 64) - 32);
        const member = String(value);
        if (random() < 0.65) {
          expect(set.add(member, 10_000), `add ${member}`).toBe(!model.has(value));
          model.add(value);
        } else {
          expect(set.remove(member), `remove ${member}`).toBe(model.delete(value));
        }
        expect(set.has(member)).toBe(model.has(value));
      }
      const expected = [...model].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0)).map(String);
      expect(set.encoding()).toBe('intset');
      expect(set.size).toBe(expected.length);
      expect(set.members()).toEqual(expected);
      expect(expected.map((_, position) => set.memberAt(position))).toEqual(expected);
      const copy = set.clone() as SetValue;
      copy.add('12345', 10_000);
      copy.remove(expected[0] ?? '0');
      expect(set.members()).toEqual(expected);
    }
  });

  it('an intset emptied down to a few members keeps them in order and still grows', () => {
    const set = SetValue.emptyIntset();
    for (let value = 0; value < 300; value++) set.add(String(value * 1000), 512);
    for (let value = 3; value < 300; value++) set.remove(String(value * 1000));
    expect(set.members()).toEqual(['0', '1000', '2000']);
    expect(set.memoryBytes(0)).toBe(16 + 32);
    for (let value = 0; value < 5; value++) set.add(String(-value - 1), 512);
    expect(set.members()).toEqual(['-5', '-4', '-3', '-2', '-1', '0', '1000', '2000']);
  });
});

describe('SMOVE', () => {
  it('moves a member, creating the destination and deleting the emptied source', () => {
    const server = new Executor();
    server.run('SADD', 'src', 'a', 'b');
    expect(server.run('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(server.run('SMOVE', 'src', 'dst', 'a')).toBe(0);
    expect(server.run('SMOVE', 'src', 'dst', 'b')).toBe(1);
    expect(server.run('EXISTS', 'src')).toBe(0);
    expect(sorted(server.run('SMEMBERS', 'dst'))).toEqual(['a', 'b']);
  });

  it('a missing source answers 0 even when the destination has another type', () => {
    const server = new Executor();
    server.run('SET', 'str', 'v');
    expect(server.run('SMOVE', 'missing', 'str', 'a')).toBe(0);
  });

  it('moving within one key only tells whether the member is there', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a');
    expect(server.run('SMOVE', 's', 's', 'a')).toBe(1);
    expect(server.run('SMOVE', 's', 's', 'b')).toBe(0);
    expect(items(server.run('SMEMBERS', 's'))).toEqual(['a']);
  });

  it('the destination gets the encoding its first member calls for and converts on a non-integer', () => {
    const server = new Executor();
    server.run('SADD', 'src', 'x', '5');
    server.run('SMOVE', 'src', 'ints', '5');
    expect(encoding(server, 'ints')).toBe('intset');
    server.run('SMOVE', 'src', 'ints', 'x');
    expect(encoding(server, 'ints')).toBe('hashtable');
  });

  it('a member already in the destination is still removed from the source', () => {
    const server = new Executor();
    server.run('SADD', 'src', 'a', 'b');
    server.run('SADD', 'dst', 'a');
    expect(server.run('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(items(server.run('SMEMBERS', 'src'))).toEqual(['b']);
    expect(items(server.run('SMEMBERS', 'dst'))).toEqual(['a']);
  });
});

describe('SPOP', () => {
  it('without count pops one member, or answers null for a missing key', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', 'b', 'c');
    const popped = server.run('SPOP', 's') as string;
    expect(['a', 'b', 'c']).toContain(popped);
    expect(server.run('SISMEMBER', 's', popped)).toBe(0);
    expect(server.run('SCARD', 's')).toBe(2);
    expect(server.run('SPOP', 'missing')).toBeNull();
  });

  it('with count pops distinct members; count 0 and a missing key give an empty set', () => {
    const server = new Executor({ seed: 7 });
    server.run('SADD', 's', ...range(20, 'm'));
    const popped = items(server.run('SPOP', 's', 3)) as string[];
    expect(new Set(popped).size).toBe(3);
    for (const member of popped) expect(server.run('SISMEMBER', 's', member)).toBe(0);
    expect(server.run('SCARD', 's')).toBe(17);
    expect(server.run('SPOP', 's', 0)).toEqual(new SetReply([]));
    expect(server.run('SPOP', 'missing', 5)).toEqual(new SetReply([]));
  });

  it('popping at least the whole set returns it (intset ascending) and deletes the key', () => {
    const server = new Executor();
    server.run('SADD', 's', 5, 3, 9);
    expect(server.run('SPOP', 's', 10)).toEqual(new SetReply(['3', '5', '9']));
    expect(server.run('EXISTS', 's')).toBe(0);
  });

  it('a hashtable of integers popped whole comes back ascending, as SUNION of it would', () => {
    const server = new Executor();
    server.run('SADD', 's', 'x', 9, 1, 5);
    server.run('SREM', 's', 'x');
    expect(server.run('SPOP', 's', 3)).toEqual(new SetReply(['1', '5', '9']));
  });

  it('popping most of a hashtable of integers leaves an intset, as Redis rebuilds the set', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', ...range(10));
    server.run('SREM', 's', 'a');
    const popped = items(server.run('SPOP', 's', 9)) as string[];
    expect(popped).toHaveLength(9);
    expect(encoding(server, 's')).toBe('intset');
    const left = items(server.run('SMEMBERS', 's')) as string[];
    expect([...popped, ...left].sort()).toEqual(range(10).sort());
  });

  it('count errors: negative, not an integer, or an extra argument', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a');
    expect(server.run('SPOP', 's', -1)).toEqual(notPositive);
    expect(server.run('SPOP', 's', 'abc')).toEqual(notPositive);
    expect(server.run('SPOP', 'missing', 'abc')).toEqual(notPositive);
    expect(server.run('SPOP', 's', 1, 2)).toEqual(syntaxError);
    expect(server.run('SCARD', 's')).toBe(1);
  });

  it('keeps the TTL when members remain, including when the set is rebuilt', () => {
    const server = new Executor();
    server.run('SADD', 's', ...range(10));
    server.run('EXPIRE', 's', 100);
    server.run('SPOP', 's');
    server.run('SPOP', 's', 8);
    expect(server.run('SCARD', 's')).toBe(1);
    expect(server.run('TTL', 's')).toBe(100);
  });
});

describe('SRANDMEMBER', () => {
  it('without count returns a member or null, and changes nothing', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', 'b');
    expect(['a', 'b']).toContain(server.run('SRANDMEMBER', 's'));
    expect(server.run('SRANDMEMBER', 'missing')).toBeNull();
    expect(server.run('SCARD', 's')).toBe(2);
  });

  it('a positive count gives distinct members; at least the size gives the whole set in order', () => {
    const server = new Executor({ seed: 3 });
    server.run('SADD', 'big', ...range(50, 'm'));
    for (const count of [1, 2, 10, 20, 49]) {
      const reply = server.run('SRANDMEMBER', 'big', count) as string[];
      expect(Array.isArray(reply)).toBe(true);
      expect(reply).toHaveLength(count);
      expect(new Set(reply).size).toBe(count);
      for (const member of reply) expect(member).toMatch(/^m\d+$/);
    }
    server.run('SADD', 'ints', 3, 1, 2);
    expect(server.run('SRANDMEMBER', 'ints', 3)).toEqual(['1', '2', '3']);
    expect(server.run('SRANDMEMBER', 'ints', 100)).toEqual(['1', '2', '3']);
    expect(server.run('SCARD', 'big')).toBe(50);
  });

  it('a negative count gives that many members, repeats allowed', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a', 'b');
    const reply = server.run('SRANDMEMBER', 's', -20) as string[];
    expect(reply).toHaveLength(20);
    for (const member of reply) expect(['a', 'b']).toContain(member);
    expect(new Set(reply).size).toBe(2);
  });

  it('count 0 or a missing key give an empty array', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a');
    expect(server.run('SRANDMEMBER', 's', 0)).toEqual([]);
    expect(server.run('SRANDMEMBER', 'missing', 5)).toEqual([]);
    expect(server.run('SRANDMEMBER', 'missing', -5)).toEqual([]);
  });

  it('count errors and the bound on a negative count', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a');
    expect(server.run('SRANDMEMBER', 's', 'abc')).toEqual(notInteger);
    expect(server.run('SRANDMEMBER', 's', '9223372036854775808')).toEqual(notInteger);
    expect(server.run('SRANDMEMBER', 's', I64_MIN)).toEqual(
      new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(server.run('SRANDMEMBER', 's', 1, 2)).toEqual(syntaxError);
    expect(server.run('SRANDMEMBER', 's', '-9223372036854775807')).toEqual(
      new ErrorReply('ERR count is too large: a reply of more than 10000000 members is refused'),
    );
    expect(server.run('SRANDMEMBER', 's', I64_MAX)).toEqual(['a']);
  });

  it('positive counts pick every member about equally often', () => {
    const server = new Executor({ seed: 11 });
    server.run('SADD', 's', ...range(10, 'm'));
    const seen = new Map<string, number>();
    for (let round = 0; round < 2000; round++) {
      for (const member of server.run('SRANDMEMBER', 's', 3) as string[]) seen.set(member, (seen.get(member) ?? 0) + 1);
    }
    expect(seen.size).toBe(10);
    for (const count of seen.values()) expect(count).toBeGreaterThan(450); // 600 expected each
  });
});

describe('SINTER, SINTERCARD, SINTERSTORE', () => {
  it('SINTER walks the smallest set: an intset gives ascending order', () => {
    const server = new Executor();
    server.run('SADD', 'a', 5, 4, 3, 2, 1);
    server.run('SADD', 'b', 'x', 4, 2, 3);
    expect(server.run('SINTER', 'b', 'a')).toEqual(new SetReply(['4', '2', '3']));
    server.run('SADD', 'c', 3, 4);
    expect(server.run('SINTER', 'b', 'a', 'c')).toEqual(new SetReply(['3', '4']));
    expect(server.run('SINTER', 'a')).toEqual(new SetReply(['1', '2', '3', '4', '5']));
  });

  it('a missing key makes the intersection empty, but a later key of another type is still WRONGTYPE', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1);
    server.run('SET', 'str', 'v');
    expect(server.run('SINTER', 'a', 'missing')).toEqual(new SetReply([]));
    expect(server.run('SINTER', 'missing', 'str')).toEqual(wrongType);
    expect(server.run('SINTERCARD', 2, 'missing', 'a')).toBe(0);
  });

  it('SINTERCARD counts, stopping at LIMIT (0 is no limit)', () => {
    const server = new Executor();
    server.run('SADD', 'a', ...range(10));
    server.run('SADD', 'b', ...range(6), 'x');
    expect(server.run('SINTERCARD', 2, 'a', 'b')).toBe(6);
    expect(server.run('SINTERCARD', 2, 'a', 'b', 'LIMIT', 4)).toBe(4);
    expect(server.run('SINTERCARD', 2, 'a', 'b', 'limit', 0)).toBe(6);
    expect(server.run('SINTERCARD', 1, 'a', 'LIMIT', 3, 'LIMIT', 100)).toBe(10);
    expect(server.run('SINTERCARD', 1, 'b')).toBe(7);
  });

  it('SINTERCARD argument errors come before the keys are looked at', () => {
    const server = new Executor();
    server.run('SET', 'str', 'v');
    const numkeys = new ErrorReply('ERR numkeys should be greater than 0');
    expect(server.run('SINTERCARD', 0, 'str')).toEqual(numkeys);
    expect(server.run('SINTERCARD', -1, 'str')).toEqual(numkeys);
    expect(server.run('SINTERCARD', 'abc', 'str')).toEqual(numkeys);
    expect(server.run('SINTERCARD', 3, 'str', 'x')).toEqual(new ErrorReply("ERR Number of keys can't be greater than number of args"));
    expect(server.run('SINTERCARD', 1, 'str', 'LIMIT', -1)).toEqual(new ErrorReply("ERR LIMIT can't be negative"));
    expect(server.run('SINTERCARD', 1, 'str', 'LIMIT', 'abc')).toEqual(new ErrorReply("ERR LIMIT can't be negative"));
    expect(server.run('SINTERCARD', 1, 'str', 'LIMIT')).toEqual(syntaxError);
    expect(server.run('SINTERCARD', 1, 'str', 'FOO', 1)).toEqual(syntaxError);
    expect(server.run('SINTERCARD', 1, 'str')).toEqual(wrongType);
  });

  it('SINTERCARD declares its keys through numkeys', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'GETKEYS', 'SINTERCARD', 2, 'a', 'b', 'LIMIT', 1)).toEqual(['a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'SINTERCARD', 3, 'a')).toEqual(new ErrorReply('ERR Invalid arguments specified for command'));
  });

  it('SINTERSTORE stores the result as a new set, replacing any type and dropping the TTL', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2, 3, 'x');
    server.run('SADD', 'b', 2, 3, 'x', 'y');
    server.run('SET', 'd', 'old', 'EX', 100);
    expect(server.run('SINTERSTORE', 'd', 'a', 'b')).toBe(3);
    expect(sorted(server.run('SMEMBERS', 'd'))).toEqual(['2', '3', 'x']);
    expect(server.run('TTL', 'd')).toBe(-1);
    expect(encoding(server, 'd')).toBe('hashtable');
    server.run('SREM', 'b', 'x');
    expect(server.run('SINTERSTORE', 'd', 'a', 'b')).toBe(2);
    expect(encoding(server, 'd')).toBe('intset');
  });

  it('SINTERSTORE with an empty result deletes the destination', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1);
    server.run('SADD', 'b', 2);
    server.run('SADD', 'd', 9);
    expect(server.run('SINTERSTORE', 'd', 'a', 'b')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
    server.run('SADD', 'd', 9);
    expect(server.run('SINTERSTORE', 'd', 'a', 'missing')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
  });

  it('a key can be both a source and the destination', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2, 3);
    server.run('SADD', 'b', 2, 3, 4);
    expect(server.run('SINTERSTORE', 'a', 'a', 'b')).toBe(2);
    expect(items(server.run('SMEMBERS', 'a'))).toEqual(['2', '3']);
  });
});

describe('SUNION, SDIFF and their STORE forms', () => {
  it('SUNION of intsets is an ascending intset; a non-integer makes it a hashtable', () => {
    const server = new Executor();
    server.run('SADD', 'a', 5, 1);
    server.run('SADD', 'b', 3, 1);
    expect(server.run('SUNION', 'a', 'missing', 'b')).toEqual(new SetReply(['1', '3', '5']));
    server.run('SADD', 'c', 'x');
    expect(sorted(server.run('SUNION', 'a', 'b', 'c'))).toEqual(['1', '3', '5', 'x']);
    expect(server.run('SUNION', 'missing')).toEqual(new SetReply([]));
    expect(server.run('SUNIONSTORE', 'd', 'a', 'b', 'c')).toBe(4);
    expect(encoding(server, 'd')).toBe('hashtable');
    expect(server.run('SUNIONSTORE', 'd', 'a', 'b')).toBe(3);
    expect(encoding(server, 'd')).toBe('intset');
  });

  it('SDIFF keeps the first set members found in no other set', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2, 3, 4, 'x');
    server.run('SADD', 'b', 2, 'x');
    server.run('SADD', 'c', 4);
    expect(server.run('SDIFF', 'a', 'b', 'missing', 'c')).toEqual(new SetReply(['1', '3']));
    expect(server.run('SDIFF', 'missing', 'a')).toEqual(new SetReply([]));
    expect(server.run('SDIFF', 'a', 'b', 'a')).toEqual(new SetReply([]));
    expect(server.run('SDIFFSTORE', 'd', 'a', 'b', 'c')).toBe(2);
    expect(encoding(server, 'd')).toBe('intset');
  });

  it('SDIFFSTORE by removal (first set much larger) leaves a hashtable, as Redis 7.0 does', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1, 2, 'x');
    for (const key of ['b1', 'b2', 'b3', 'b4', 'b5']) server.run('SADD', key, 'x');
    // Checking each member would cost 3 x 6 / 2 = 9 against 3 + 5 = 8 for removal: Redis removes.
    expect(server.run('SDIFFSTORE', 'd', 'a', 'b1', 'b2', 'b3', 'b4', 'b5')).toBe(2);
    expect(encoding(server, 'd')).toBe('hashtable');
    expect(server.run('SDIFFSTORE', 'd', 'a', 'b1', 'b2', 'b3', 'b4')).toBe(2);
    expect(encoding(server, 'd')).toBe('intset');
  });

  it('an empty result deletes the destination; a same-key difference is empty', () => {
    const server = new Executor();
    server.run('SADD', 'a', 1);
    server.run('SADD', 'd', 1);
    expect(server.run('SDIFFSTORE', 'd', 'a', 'a')).toBe(0);
    expect(server.run('EXISTS', 'd')).toBe(0);
    expect(server.run('SUNIONSTORE', 'd', 'missing')).toBe(0);
    expect(server.run('SADD', 'a', 2)).toBe(1);
    expect(server.run('SUNIONSTORE', 'a', 'a', 'missing')).toBe(2);
  });
});

describe('SSCAN', () => {
  it('an intset is returned whole with cursor 0, whatever the cursor and COUNT, filtered by MATCH', () => {
    const server = new Executor();
    server.run('SADD', 's', ...range(30));
    expect(server.run('SSCAN', 's', 0, 'COUNT', 2)).toEqual(['0', range(30).sort((a, b) => Number(a) - Number(b))]);
    expect(server.run('SSCAN', 's', 17, 'MATCH', '1*')).toEqual(['0', ['1', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19']]);
  });

  it('a missing key is an empty scan, whatever the options; a bad cursor is an error first', () => {
    const server = new Executor();
    expect(server.run('SSCAN', 'missing', 0, 'FOO')).toEqual(['0', []]);
    expect(server.run('SSCAN', 'missing', 'abc')).toEqual(new ErrorReply('ERR invalid cursor'));
    server.run('SET', 'str', 'v');
    expect(server.run('SSCAN', 'str', 'abc')).toEqual(new ErrorReply('ERR invalid cursor'));
  });

  it('option errors: COUNT below 1, non-integer COUNT, TYPE, a dangling option', () => {
    const server = new Executor();
    server.run('SADD', 's', 'a');
    expect(server.run('SSCAN', 's', 0, 'COUNT', 0)).toEqual(syntaxError);
    expect(server.run('SSCAN', 's', 0, 'COUNT', 'x')).toEqual(notInteger);
    expect(server.run('SSCAN', 's', 0, 'TYPE', 'string')).toEqual(syntaxError);
    expect(server.run('SSCAN', 's', 0, 'MATCH')).toEqual(syntaxError);
    expect(server.run('SSCAN', 's', '-1')).toEqual(['0', ['a']]);
  });

  it('a full scan of a hashtable returns every member once when nothing changes', () => {
    const server = new Executor();
    const members = range(100, 'm');
    server.run('SADD', 's', ...members);
    const seen: string[] = [];
    let cursor = '0';
    for (let call = 0; call < 100; call++) {
      const [next, found] = server.run('SSCAN', 's', cursor, 'COUNT', 7) as [string, string[]];
      seen.push(...found);
      cursor = next;
      if (cursor === '0') break;
    }
    expect(cursor).toBe('0');
    expect(seen.sort()).toEqual(members.sort());
  });

  it('a hashtable scan returns every member present throughout, despite adds and removes between calls', () => {
    const random = seededRandom(5);
    const server = new Executor();
    const stable = range(200, 's');
    const churn = range(200, 'c');
    server.run('SADD', 'set', ...stable, ...churn);
    const seen = new Set<string>();
    let cursor = '0';
    for (let call = 0; call < 1000; call++) {
      const [next, found] = server.run('SSCAN', 'set', cursor, 'COUNT', 5) as [string, string[]];
      for (const member of found) seen.add(member);
      cursor = next;
      if (cursor === '0') break;
      const victim = churn[Math.floor(random() * churn.length)] as string;
      server.run('SREM', 'set', victim);
      server.run('SADD', 'set', `new${call}`, victim === 'c1' ? 'c2' : 'c1');
    }
    expect(cursor).toBe('0');
    for (const member of stable) expect(seen.has(member), member).toBe(true);
  });

  it('MATCH filters hashtable members', () => {
    const server = new Executor();
    server.run('SADD', 's', 'apple', 'avocado', 'banana');
    const [cursor, found] = server.run('SSCAN', 's', 0, 'MATCH', 'a*', 'COUNT', 100) as [string, string[]];
    expect(cursor).toBe('0');
    expect(found.sort()).toEqual(['apple', 'avocado']);
  });
});

describe('set effects', () => {
  it('SADD, SREM and SMOVE log their own argv, only when they changed something', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 's', 'a', 'b');
    pair.run('SADD', 's', 'a');
    pair.run('SREM', 's', 'zz');
    pair.run('SREM', 's', 'a');
    pair.run('SMOVE', 's', 'd', 'b');
    pair.run('SMOVE', 's', 'd', 'b');
    expect(effects(pair)).toEqual([
      ['SADD', 's', 'a', 'b'],
      ['SREM', 's', 'a'],
      ['SMOVE', 's', 'd', 'b'],
    ]);
    expectReplicaInSync(pair);
  });

  it('SPOP is logged as SREM of the members it chose', () => {
    const pair = new EffectsPair({ seed: 42 });
    pair.run('SADD', 's', ...range(20, 'm'));
    const one = pair.run('SPOP', 's') as string;
    const some = items(pair.run('SPOP', 's', 3)) as string[];
    const most = items(pair.run('SPOP', 's', 14)) as string[];
    expect(effects(pair).slice(1)).toEqual([
      ['SREM', 's', one],
      ['SREM', 's', ...some],
      ['SREM', 's', ...most],
    ]);
    expect(pair.replica.run('SCARD', 's')).toBe(2);
    expectReplicaInSync(pair);
  });

  it('SPOP of the whole set is logged as DEL; SPOP that pops nothing logs nothing', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 's', 1, 2);
    pair.run('SPOP', 's', 0);
    pair.run('SPOP', 'missing');
    pair.run('SPOP', 'missing', 3);
    pair.run('SPOP', 's', 2);
    pair.run('SADD', 't', 'only');
    pair.run('SPOP', 't');
    expect(effects(pair)).toEqual([
      ['SADD', 's', '1', '2'],
      ['DEL', 's'],
      ['SADD', 't', 'only'],
      ['SREM', 't', 'only'],
    ]);
    expectReplicaInSync(pair);
  });

  it('SRANDMEMBER and the read commands log nothing', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 's', 1, 2, 3);
    pair.run('SADD', 't', 2);
    for (const command of [['SRANDMEMBER', 's'], ['SRANDMEMBER', 's', -5], ['SMEMBERS', 's'], ['SINTER', 's', 't'], ['SUNION', 's', 't'], ['SDIFF', 's', 't'], ['SINTERCARD', 2, 's', 't'], ['SSCAN', 's', 0], ['SCARD', 's'], ['SISMEMBER', 's', 1], ['SMISMEMBER', 's', 1]]) {
      pair.run(...command);
    }
    expect(effects(pair)).toHaveLength(2);
  });

  it('STORE commands log their argv when they stored or deleted, and nothing otherwise', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 'a', 1, 2, 'x');
    pair.run('SADD', 'b', 2, 'x', 'y');
    pair.run('SINTERSTORE', 'i', 'a', 'b');
    pair.run('SUNIONSTORE', 'u', 'a', 'b');
    pair.run('SDIFFSTORE', 'd', 'a', 'b');
    pair.run('SDIFFSTORE', 'd', 'a', 'a');
    pair.run('SDIFFSTORE', 'none', 'a', 'a');
    expect(effects(pair).slice(2)).toEqual([
      ['SINTERSTORE', 'i', 'a', 'b'],
      ['SUNIONSTORE', 'u', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'b'],
      ['SDIFFSTORE', 'd', 'a', 'a'],
    ]);
    expectReplicaInSync(pair);
  });

  it('SPOP inside MULTI is logged as SREM within the transaction', () => {
    const pair = new EffectsPair();
    pair.run('SADD', 's', 'a', 'b', 'c');
    pair.run('MULTI');
    pair.run('SPOP', 's');
    pair.run('SADD', 's', 'd');
    const replies = pair.run('EXEC') as Reply[];
    const popped = replies[0] as string;
    expect(pair.primary.effects.at(-1)?.map((effect) => [...effect.argv])).toEqual([
      ['SREM', 's', popped],
      ['SADD', 's', 'd'],
    ]);
    expectReplicaInSync(pair);
  });

  it('a seeded mix of set writes leaves the replica equal to the primary', () => {
    const random = seededRandom(99);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const keys = ['a', 'b', 'c'];
    const members = ['1', '2', '3', '10', '-4', 'x', 'y', 'zz'];
    const pair = new EffectsPair({ seed: 5 });
    for (let step = 0; step < 400; step++) {
      const key = pick(keys);
      switch (Math.floor(random() * 8)) {
        case 0:
          pair.run('SADD', key, pick(members), pick(members));
          break;
        case 1:
          pair.run('SREM', key, pick(members));
          break;
        case 2:
          pair.run('SPOP', key);
          break;
        case 3:
          pair.run('SPOP', key, Math.floor(random() * 6));
          break;
        case 4:
          pair.run('SMOVE', key, pick(keys), pick(members));
          break;
        case 5:
          pair.run(pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), key, pick(keys), pick(keys));
          break;
        case 6:
          pair.run('SADD', key, ...range(5 + Math.floor(random() * 10)));
          break;
        default:
          pair.run('SRANDMEMBER', key, -3);
      }
    }
    expectReplicaInSync(pair);
    expect(pair.allEffects().some((effect) => effect.argv[0] === 'SREM')).toBe(true);
  });
});
