/**
 * Lists on the in-memory executor: the value class against a plain array model, quicklist node
 * layouts and MEMORY USAGE, every command with its options and errors, effects (a replica fed
 * with the primary's effects stays equal, and rewritten effects have their exact form), and the
 * blocking commands on the blocking framework (fairness, wake-ups after EXEC, timeouts on the
 * manual clock, CLIENT UNBLOCK).
 */
import { describe, expect, it } from 'vitest';
import { BLOCKED } from '../../server/src/commands/context.js';
import { ListValue } from '../../server/src/keyspace/list.js';
import { listpackEntryBytes } from '../../server/src/keyspace/listpack-size.js';
import type { Client } from '../../server/src/net/client.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply, type VerbatimReply } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const syntaxError = new ErrorReply('ERR syntax error');
const notInteger = new ErrorReply('ERR value is not an integer or out of range');
const notPositive = new ErrorReply('ERR value is out of range, must be positive');

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair, mark: number): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** The list value stored at `key` of database 0. */
function listAt(server: Executor, key: string): ListValue {
  const entry = server.state.keyspace.db(0).peek(key);
  if (entry?.type !== 'list') throw new Error(`${key} holds no list`);
  return entry.value;
}

/** A random element: small integers, short and long strings, binary bytes. */
function randomElement(random: () => number): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return String(Math.floor(random() * 70_000) - 35_000);
    case 1:
      return 'x'.repeat(Math.floor(random() * 200));
    case 2:
      return 'pivot';
    case 3:
      return '\x00\xff\r\n'.repeat(Math.floor(random() * 5));
    case 4:
      return 'z'.repeat(Math.floor(random() * 20_000));
    default:
      return 'ab';
  }
}

describe('ListValue', () => {
  it('keeps its elements in order through random pushes, pops, sets, inserts, removals and trims', () => {
    for (const fill of [-2, -1, -5, 1, 3, 128]) {
      const random = seededRandom(1000 + fill);
      const list = new ListValue(fill);
      const model: string[] = [];
      for (let step = 0; step < 3000; step++) {
        const value = randomElement(random);
        const index = Math.floor(random() * (model.length + 1));
        switch (Math.floor(random() * 9)) {
          case 0:
            list.pushHead(value);
            model.unshift(value);
            break;
          case 1:
            list.pushTail(value);
            model.push(value);
            break;
          case 2:
            if (model.length > 0) expect(list.popHead()).toBe(model.shift());
            break;
          case 3:
            if (model.length > 0) expect(list.popTail()).toBe(model.pop());
            break;
          case 4:
            expect(list.set(index, value)).toBe(index < model.length);
            if (index < model.length) model[index] = value;
            break;
          case 5: {
            const after = random() < 0.5;
            const found = model.indexOf('pivot');
            expect(list.insert('pivot', value, after)).toBe(found !== -1);
            if (found !== -1) model.splice(after ? found + 1 : found, 0, value);
            break;
          }
          case 6: {
            const limit = Math.floor(random() * 3);
            const fromTail = random() < 0.5;
            const matches = model.flatMap((element, at) => (element === 'ab' ? [at] : []));
            const chosen = limit === 0 ? matches : fromTail ? matches.slice(-limit) : matches.slice(0, limit);
            expect(list.removeEqual('ab', limit, fromTail)).toBe(chosen.length);
            for (const at of [...chosen].reverse()) model.splice(at, 1);
            break;
          }
          case 7: {
            const count = Math.min(model.length, Math.floor(random() * 4));
            if (random() < 0.5) {
              list.removeHead(count);
              model.splice(0, count);
            } else {
              list.removeTail(count);
              model.splice(model.length - count, count);
            }
            break;
          }
          default:
            expect(list.at(index - model.length)).toBe(model.at(index - model.length) ?? null);
        }
        expect(list.size).toBe(model.length);
        if (step % 100 === 0) expect(list.values()).toEqual(model);
      }
      expect(list.values()).toEqual(model);
      expect(list.clone().values()).toEqual(model);
    }
  });

  it('finds positions from either end with skips, limits and a scan bound', () => {
    const list = ListValue.of(['a', 'b', 'a', 'c', 'a', 'b', 'a']);
    expect(list.positions('a', 0, 0, 0, false)).toEqual([0, 2, 4, 6]);
    expect(list.positions('a', 1, 2, 0, false)).toEqual([2, 4]);
    expect(list.positions('a', 0, 0, 0, true)).toEqual([6, 4, 2, 0]);
    expect(list.positions('a', 0, 0, 3, false)).toEqual([0, 2]);
    expect(list.positions('b', 0, 0, 2, true)).toEqual([5]);
    expect(list.positions('z', 0, 0, 0, false)).toEqual([]);
  });

  it('round-trips binary elements of every length class, including multi-byte entry lengths', () => {
    const values = ['', '\x00', '\xff'.repeat(127), 'a'.repeat(128), '\x80'.repeat(16_383), 'b'.repeat(16_384), 'c'.repeat(2_097_152)];
    const list = new ListValue();
    for (const value of values) list.pushTail(value);
    for (const value of [...values].reverse()) list.pushHead(value);
    expect(list.values()).toEqual([...values, ...values]);
    expect(list.popTail()).toBe(values.at(-1));
    expect(list.popHead()).toBe(values[0]);
    expect(list.set(3, 'short')).toBe(true);
    expect(list.at(3)).toBe('short');
    expect(list.set(3, 'd'.repeat(20_000))).toBe(true);
    expect(list.at(3)).toBe('d'.repeat(20_000));
  });

  it("sizes entries as Redis's listpack encodes them", () => {
    expect(listpackEntryBytes('0')).toBe(2);
    expect(listpackEntryBytes('127')).toBe(2);
    expect(listpackEntryBytes('128')).toBe(3);
    expect(listpackEntryBytes('-4096')).toBe(3);
    expect(listpackEntryBytes('4096')).toBe(4);
    expect(listpackEntryBytes('-32768')).toBe(4);
    expect(listpackEntryBytes('32768')).toBe(5);
    expect(listpackEntryBytes('8388608')).toBe(6);
    expect(listpackEntryBytes('2147483647')).toBe(6);
    expect(listpackEntryBytes('2147483648')).toBe(10);
    expect(listpackEntryBytes('9223372036854775807')).toBe(10);
    expect(listpackEntryBytes('9223372036854775808')).toBe(21);
    expect(listpackEntryBytes('01')).toBe(4);
    expect(listpackEntryBytes('-0')).toBe(4);
    expect(listpackEntryBytes('x'.repeat(63))).toBe(65);
    expect(listpackEntryBytes('x'.repeat(64))).toBe(67);
    expect(listpackEntryBytes('x'.repeat(125))).toBe(128);
    expect(listpackEntryBytes('x'.repeat(4096))).toBe(4101 + 2);
  });

  it('fills nodes as quicklist does: up to 8 KB by default, by count for a positive fill', () => {
    const bySize = new ListValue(-2);
    for (let count = 0; count < 1636; count++) bySize.pushTail('xxx');
    expect(bySize.nodeSizes()).toEqual([1635, 1]);
    const byCount = new ListValue(3);
    for (let count = 0; count < 7; count++) byCount.pushHead('a');
    expect(byCount.nodeSizes()).toEqual([1, 3, 3]);
    const big = new ListValue(3);
    big.pushTail('a');
    big.pushTail('y'.repeat(9000));
    expect(big.nodeSizes()).toEqual([1, 1]);
  });

  it('splits a full node around an insertion point and merges small neighbours, as _quicklistInsert does', () => {
    const list = ListValue.of(['a', 'b', 'c', 'd', 'e', 'f'], 3);
    expect(list.nodeSizes()).toEqual([3, 3]);
    expect(list.insert('b', 'X', true)).toBe(true);
    expect(list.values()).toEqual(['a', 'b', 'X', 'c', 'd', 'e', 'f']);
    expect(list.nodeSizes()).toEqual([2, 2, 3]);
    expect(list.insert('a', 'Y', false)).toBe(true);
    expect(list.nodeSizes()).toEqual([3, 2, 3]);
    expect(list.insert('c', 'Z', true)).toBe(true);
    expect(list.nodeSizes()).toEqual([3, 3, 3]);
  });

  it('estimates memory as objectComputeSize: sampled node sizes times the node count', () => {
    const one = ListValue.of(['a']);
    expect(one.memoryBytes(5)).toBe(16 + 40 + 40 + 16);
    const two = new ListValue(-2);
    for (let count = 0; count < 1636; count++) two.pushTail('xxx');
    expect(two.memoryBytes(0)).toBe(16 + 40 + 40 + 8192 + 40 + 16);
    expect(two.memoryBytes(1)).toBe(16 + 40 + 2 * (40 + 8192));
    expect(two.encoding()).toBe('quicklist');
  });
});

describe('pushes', () => {
  it('LPUSH prepends each element in turn and RPUSH appends, replying the new length', () => {
    const server = new Executor();
    expect(server.run('LPUSH', 'l', 'a', 'b', 'c')).toBe(3);
    expect(server.run('RPUSH', 'l', 'x', 'y')).toBe(5);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['c', 'b', 'a', 'x', 'y']);
    expect(server.run('TYPE', 'l')).toEqual(expect.objectContaining({ text: 'list' }));
    expect(server.run('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
  });

  it('LPUSHX and RPUSHX push only onto an existing list and never create a key', () => {
    const pair = new EffectsPair();
    expect(pair.run('LPUSHX', 'l', 'a')).toBe(0);
    expect(pair.run('RPUSHX', 'l', 'a', 'b')).toBe(0);
    expect(pair.run('EXISTS', 'l')).toBe(0);
    expect(pair.allEffects()).toEqual([]);
    pair.run('RPUSH', 'l', 'm');
    expect(pair.run('LPUSHX', 'l', 'a', 'b')).toBe(3);
    expect(pair.run('RPUSHX', 'l', 'z')).toBe(4);
    expect(pair.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'a', 'm', 'z']);
    expectReplicaInSync(pair);
  });

  it('pushes against a key holding another type are WRONGTYPE and change nothing', () => {
    const server = new Executor();
    server.run('SET', 's', 'v');
    for (const command of ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']) expect(server.run(command, 's', 'a')).toEqual(wrongType);
    expect(server.run('GET', 's')).toBe('v');
  });

  it('a push tells WATCH: EXEC after a push to a watched list fails', () => {
    const server = new Executor();
    const other = server.newClient();
    server.run('RPUSH', 'l', 'a');
    server.run('WATCH', 'l');
    server.runAs(other, 'RPUSH', 'l', 'b');
    server.run('MULTI');
    server.run('LLEN', 'l');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });
});

describe('LPOP and RPOP', () => {
  it('pop one element as a bulk, and delete the list when it is empty', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b');
    expect(server.run('LPOP', 'l')).toBe('a');
    expect(server.run('RPOP', 'l')).toBe('b');
    expect(server.run('EXISTS', 'l')).toBe(0);
    expect(server.run('LPOP', 'l')).toBeNull();
    expect(server.run('RPOP', 'l')).toBeNull();
  });

  it('with a count pop up to that many as an array, RPOP from the tail backwards', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(server.run('LPOP', 'l', 2)).toEqual(['a', 'b']);
    expect(server.run('RPOP', 'l', 2)).toEqual(['e', 'd']);
    expect(server.run('RPOP', 'l', 10)).toEqual(['c']);
    expect(server.run('EXISTS', 'l')).toBe(0);
  });

  it('count 0 answers an empty array on a list and the null array on a missing key', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a');
    expect(server.run('LPOP', 'l', 0)).toEqual([]);
    expect(server.run('LLEN', 'l')).toBe(1);
    expect(server.run('LPOP', 'missing', 0)).toBe(NULL_ARRAY);
    expect(server.run('RPOP', 'missing', 3)).toBe(NULL_ARRAY);
  });

  it('a negative or non-integer count is an error even on a missing key, and a third argument is an arity error', () => {
    const server = new Executor();
    expect(server.run('LPOP', 'missing', -1)).toEqual(notPositive);
    expect(server.run('RPOP', 'missing', 'abc')).toEqual(notPositive);
    expect(server.run('LPOP', 'l', 1, 2)).toEqual(new ErrorReply("ERR wrong number of arguments for 'lpop' command"));
    expect(server.run('RPOP', 'l', 1, 2)).toEqual(new ErrorReply("ERR wrong number of arguments for 'rpop' command"));
  });

  it('pops against another type are WRONGTYPE', () => {
    const server = new Executor();
    server.run('SET', 's', 'v');
    expect(server.run('LPOP', 's')).toEqual(wrongType);
    expect(server.run('RPOP', 's', 2)).toEqual(wrongType);
  });
});

describe('reads', () => {
  it('LLEN counts elements and answers 0 for a missing key', () => {
    const server = new Executor();
    expect(server.run('LLEN', 'l')).toBe(0);
    server.run('RPUSH', 'l', 'a', 'b');
    expect(server.run('LLEN', 'l')).toBe(2);
    server.run('SET', 's', 'v');
    expect(server.run('LLEN', 's')).toEqual(wrongType);
  });

  it('LRANGE clamps its range as Redis does', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(server.run('LRANGE', 'l', 1, 2)).toEqual(['b', 'c']);
    expect(server.run('LRANGE', 'l', -3, -2)).toEqual(['b', 'c']);
    expect(server.run('LRANGE', 'l', -100, 100)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.run('LRANGE', 'l', 3, 1)).toEqual([]);
    expect(server.run('LRANGE', 'l', 4, 10)).toEqual([]);
    expect(server.run('LRANGE', 'l', '-9223372036854775808', '9223372036854775807')).toEqual(['a', 'b', 'c', 'd']);
    expect(server.run('LRANGE', 'missing', 0, -1)).toEqual([]);
  });

  it('LRANGE parses its indexes before looking at the key', () => {
    const server = new Executor();
    server.run('SET', 's', 'v');
    expect(server.run('LRANGE', 'missing', 'x', 1)).toEqual(notInteger);
    expect(server.run('LRANGE', 's', 0, 'y')).toEqual(notInteger);
    expect(server.run('LRANGE', 's', 0, 1)).toEqual(wrongType);
  });

  it('LINDEX reads by index from either end and looks at the key before parsing the index', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(server.run('LINDEX', 'l', 0)).toBe('a');
    expect(server.run('LINDEX', 'l', -1)).toBe('c');
    expect(server.run('LINDEX', 'l', 3)).toBeNull();
    expect(server.run('LINDEX', 'l', -4)).toBeNull();
    expect(server.run('LINDEX', 'l', 'x')).toEqual(notInteger);
    expect(server.run('LINDEX', 'missing', 'x')).toBeNull();
    server.run('SET', 's', 'v');
    expect(server.run('LINDEX', 's', 'x')).toEqual(wrongType);
  });

  it('LINDEX and LRANGE walk a list of many nodes from the nearer end', () => {
    const server = new Executor({ settings: { 'list-max-listpack-size': 4 } });
    const elements = Array.from({ length: 1000 }, (_, index) => `e${index}`);
    server.run('RPUSH', 'l', ...elements);
    expect(listAt(server, 'l').nodeSizes().length).toBe(250);
    for (const index of [0, 3, 4, 499, 500, 501, 996, 999]) {
      expect(server.run('LINDEX', 'l', index)).toBe(elements[index]);
      expect(server.run('LINDEX', 'l', index - 1000)).toBe(elements[index]);
    }
    expect(server.run('LRANGE', 'l', 498, 505)).toEqual(elements.slice(498, 506));
  });
});

describe('LPOS', () => {
  const setup = () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
    return server;
  };

  it('finds the first match, the RANK-th, from the tail with a negative rank', () => {
    const server = setup();
    expect(server.run('LPOS', 'l', 'a')).toBe(0);
    expect(server.run('LPOS', 'l', 'a', 'RANK', 2)).toBe(3);
    expect(server.run('LPOS', 'l', 'a', 'RANK', -1)).toBe(6);
    expect(server.run('LPOS', 'l', 'a', 'RANK', -3)).toBe(0);
    expect(server.run('LPOS', 'l', 'a', 'RANK', 4)).toBeNull();
    expect(server.run('LPOS', 'l', 'z')).toBeNull();
  });

  it('COUNT returns an array of matches, 0 meaning all; MAXLEN bounds the elements compared', () => {
    const server = setup();
    expect(server.run('LPOS', 'l', 'a', 'COUNT', 2)).toEqual([0, 3]);
    expect(server.run('LPOS', 'l', 'a', 'COUNT', 0)).toEqual([0, 3, 6]);
    expect(server.run('LPOS', 'l', 'a', 'RANK', -1, 'COUNT', 0)).toEqual([6, 3, 0]);
    expect(server.run('LPOS', 'l', 'a', 'RANK', 2, 'COUNT', 2, 'MAXLEN', 5)).toEqual([3]);
    expect(server.run('LPOS', 'l', 'a', 'MAXLEN', 2, 'COUNT', 0)).toEqual([0]);
    expect(server.run('LPOS', 'l', 'z', 'COUNT', 1)).toEqual([]);
    expect(server.run('LPOS', 'missing', 'a', 'COUNT', 1)).toEqual([]);
    expect(server.run('LPOS', 'missing', 'a')).toBeNull();
  });

  it('RANK LLONG_MIN behaves as Redis 7.0 does: first match from the tail, COUNT never stops it', () => {
    const server = setup();
    expect(server.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(6);
    expect(server.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', 1)).toEqual([6, 3, 0]);
    expect(server.run('LPOS', 'l', 'a', 'RANK', '9223372036854775807')).toBeNull();
  });

  it('has the error texts of Redis, checked before the key', () => {
    const server = new Executor();
    server.run('SET', 's', 'v');
    expect(server.run('LPOS', 's', 'a', 'RANK', 0)).toEqual(
      new ErrorReply("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
    );
    expect(server.run('LPOS', 's', 'a', 'RANK', 'x')).toEqual(notInteger);
    expect(server.run('LPOS', 's', 'a', 'COUNT', -1)).toEqual(new ErrorReply("ERR COUNT can't be negative"));
    expect(server.run('LPOS', 's', 'a', 'COUNT', 'x')).toEqual(new ErrorReply("ERR COUNT can't be negative"));
    expect(server.run('LPOS', 's', 'a', 'MAXLEN', -1)).toEqual(new ErrorReply("ERR MAXLEN can't be negative"));
    expect(server.run('LPOS', 's', 'a', 'MAXLEN', 'x')).toEqual(new ErrorReply("ERR MAXLEN can't be negative"));
    expect(server.run('LPOS', 's', 'a', 'COUNT')).toEqual(syntaxError);
    expect(server.run('LPOS', 's', 'a', 'FOO', 1)).toEqual(syntaxError);
    expect(server.run('LPOS', 's', 'a')).toEqual(wrongType);
  });
});

describe('LSET, LINSERT, LREM, LTRIM', () => {
  it('LSET replaces by index and has Redis errors for a missing key, a bad index and a range miss', () => {
    const server = new Executor();
    expect(server.run('LSET', 'missing', 0, 'x')).toEqual(new ErrorReply('ERR no such key'));
    expect(server.run('LSET', 'missing', 'bad', 'x')).toEqual(new ErrorReply('ERR no such key'));
    server.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(server.run('LSET', 'l', 1, 'B')).toBe(OK);
    expect(server.run('LSET', 'l', -1, 'C')).toBe(OK);
    expect(server.run('LSET', 'l', 3, 'x')).toEqual(new ErrorReply('ERR index out of range'));
    expect(server.run('LSET', 'l', 'x', 'x')).toEqual(notInteger);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['a', 'B', 'C']);
    server.run('SET', 's', 'v');
    expect(server.run('LSET', 's', 'bad', 'x')).toEqual(wrongType);
  });

  it('LINSERT puts an element before or after the first pivot and answers -1 or 0 when it cannot', () => {
    const server = new Executor();
    expect(server.run('LINSERT', 'l', 'BEFORE', 'a', 'x')).toBe(0);
    expect(server.run('EXISTS', 'l')).toBe(0);
    server.run('RPUSH', 'l', 'a', 'b', 'a');
    expect(server.run('LINSERT', 'l', 'before', 'a', 'x')).toBe(4);
    expect(server.run('LINSERT', 'l', 'AFTER', 'a', 'y')).toBe(5);
    expect(server.run('LINSERT', 'l', 'AFTER', 'zz', 'y')).toBe(-1);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['x', 'a', 'y', 'b', 'a']);
    expect(server.run('LINSERT', 'l', 'middle', 'a', 'y')).toEqual(syntaxError);
    server.run('SET', 's', 'v');
    expect(server.run('LINSERT', 's', 'middle', 'a', 'y')).toEqual(syntaxError);
    expect(server.run('LINSERT', 's', 'before', 'a', 'y')).toEqual(wrongType);
  });

  it('LREM removes from the head, from the tail, or all, and deletes an emptied list', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(server.run('LREM', 'l', 1, 'a')).toBe(1);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'a', 'c', 'a']);
    expect(server.run('LREM', 'l', -1, 'a')).toBe(1);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'a', 'c']);
    expect(server.run('LREM', 'l', 0, 'z')).toBe(0);
    expect(server.run('LREM', 'l', '-9223372036854775808', 'a')).toBe(1);
    expect(server.run('LREM', 'l', 0, 'b')).toBe(1);
    expect(server.run('LREM', 'l', 0, 'c')).toBe(1);
    expect(server.run('EXISTS', 'l')).toBe(0);
    expect(server.run('LREM', 'missing', 'x', 'a')).toEqual(notInteger);
    expect(server.run('LREM', 'missing', 1, 'a')).toBe(0);
  });

  it('LTRIM keeps a range, empties the list for an empty range, and is OK for a missing key', () => {
    const server = new Executor();
    expect(server.run('LTRIM', 'missing', 0, 1)).toBe(OK);
    server.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(server.run('LTRIM', 'l', 1, -2)).toBe(OK);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'c', 'd']);
    expect(server.run('LTRIM', 'l', -100, 100)).toBe(OK);
    expect(server.run('LLEN', 'l')).toBe(3);
    expect(server.run('LTRIM', 'l', 2, 1)).toBe(OK);
    expect(server.run('EXISTS', 'l')).toBe(0);
    expect(server.run('LTRIM', 'l', 'x', 1)).toEqual(notInteger);
  });

  it('LTRIM that removes nothing still tells WATCH, as Redis signals the key', () => {
    const server = new Executor();
    const other = server.newClient();
    server.run('RPUSH', 'l', 'a', 'b');
    server.run('WATCH', 'l');
    server.runAs(other, 'LTRIM', 'l', 0, -1);
    server.run('MULTI');
    server.run('LLEN', 'l');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });
});

describe('LMOVE, RPOPLPUSH and LMPOP', () => {
  it('LMOVE moves between any ends, creating the destination', () => {
    const server = new Executor();
    server.run('RPUSH', 'src', 'a', 'b', 'c');
    expect(server.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('a');
    expect(server.run('LMOVE', 'src', 'dst', 'right', 'left')).toBe('c');
    expect(server.run('LRANGE', 'dst', 0, -1)).toEqual(['c', 'a']);
    expect(server.run('LMOVE', 'src', 'dst', 'LEFT', 'LEFT')).toBe('b');
    expect(server.run('EXISTS', 'src')).toBe(0);
    expect(server.run('LMOVE', 'src', 'dst', 'LEFT', 'LEFT')).toBeNull();
  });

  it('LMOVE on one key rotates it, even with a single element', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(server.run('LMOVE', 'l', 'l', 'LEFT', 'RIGHT')).toBe('a');
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['b', 'c', 'a']);
    server.run('RPUSH', 'one', 'x');
    expect(server.run('RPOPLPUSH', 'one', 'one')).toBe('x');
    expect(server.run('LRANGE', 'one', 0, -1)).toEqual(['x']);
  });

  it('LMOVE checks its ends first, then the source, then the destination type', () => {
    const server = new Executor();
    server.run('SET', 's', 'v');
    server.run('RPUSH', 'l', 'a');
    expect(server.run('LMOVE', 's', 'l', 'UP', 'LEFT')).toEqual(syntaxError);
    expect(server.run('LMOVE', 's', 'l', 'LEFT', 'DOWN')).toEqual(syntaxError);
    expect(server.run('LMOVE', 's', 'l', 'LEFT', 'LEFT')).toEqual(wrongType);
    expect(server.run('LMOVE', 'missing', 's', 'LEFT', 'LEFT')).toBeNull();
    expect(server.run('LMOVE', 'l', 's', 'LEFT', 'LEFT')).toEqual(wrongType);
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['a']);
  });

  it('RPOPLPUSH moves the tail of the source to the head of the destination', () => {
    const server = new Executor();
    server.run('RPUSH', 'src', 'a', 'b');
    server.run('RPUSH', 'dst', 'z');
    expect(server.run('RPOPLPUSH', 'src', 'dst')).toBe('b');
    expect(server.run('LRANGE', 'dst', 0, -1)).toEqual(['b', 'z']);
  });

  it('LMPOP pops from the first non-empty list, up to COUNT elements', () => {
    const server = new Executor();
    server.run('RPUSH', 'b', '1', '2', '3');
    expect(server.run('LMPOP', 2, 'a', 'b', 'LEFT')).toEqual(['b', ['1']]);
    expect(server.run('LMPOP', 2, 'a', 'b', 'RIGHT', 'COUNT', 5)).toEqual(['b', ['3', '2']]);
    expect(server.run('EXISTS', 'b')).toBe(0);
    expect(server.run('LMPOP', 2, 'a', 'b', 'LEFT')).toBe(NULL_ARRAY);
  });

  it('LMPOP has the error texts of Redis', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a');
    expect(server.run('LMPOP', 0, 'l', 'LEFT')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    expect(server.run('LMPOP', 'x', 'l', 'LEFT')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    expect(server.run('LMPOP', 2, 'l', 'LEFT')).toEqual(syntaxError);
    expect(server.run('LMPOP', '9223372036854775807', 'l', 'LEFT')).toEqual(syntaxError);
    expect(server.run('LMPOP', 1, 'l', 'UP')).toEqual(syntaxError);
    expect(server.run('LMPOP', 1, 'l', 'LEFT', 'COUNT', 0)).toEqual(new ErrorReply('ERR count should be greater than 0'));
    expect(server.run('LMPOP', 1, 'l', 'LEFT', 'COUNT', 'x')).toEqual(new ErrorReply('ERR count should be greater than 0'));
    expect(server.run('LMPOP', 1, 'l', 'LEFT', 'COUNT', 1, 'COUNT', 1)).toEqual(syntaxError);
    expect(server.run('LMPOP', 1, 'l', 'LEFT', 'COUNT')).toEqual(syntaxError);
    server.run('SET', 's', 'v');
    expect(server.run('LMPOP', 2, 's', 'l', 'LEFT')).toEqual(wrongType);
    expect(server.run('LMPOP', 2, 'l', 's', 'LEFT')).toEqual(['l', ['a']]);
  });

  it('LMPOP and BLMPOP report their keys to COMMAND GETKEYS', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'GETKEYS', 'LMPOP', 2, 'a', 'b', 'LEFT')).toEqual(['a', 'b']);
    expect(server.run('COMMAND', 'GETKEYS', 'BLMPOP', 0, 1, 'a', 'LEFT')).toEqual(['a']);
  });
});

describe('effects', () => {
  it('a replica applying the effects of every list write stays equal to the primary', () => {
    const pair = new EffectsPair();
    const commands: (string | number)[][] = [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'a'],
      ['LPUSH', 'l', 'z'],
      ['LPUSHX', 'l', 'y'],
      ['RPUSHX', 'l', 'x'],
      ['LSET', 'l', 2, 'B'],
      ['LINSERT', 'l', 'AFTER', 'a', 'n'],
      ['LREM', 'l', -1, 'a'],
      ['LTRIM', 'l', 1, -2],
      ['LPOP', 'l'],
      ['RPOP', 'l', 2],
      ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'l', 'm'],
      ['LMPOP', 2, 'none', 'l', 'RIGHT', 'COUNT', 2],
      ['BLPOP', 'none', 'm', 0],
      ['BRPOP', 'm', 0],
      ['RPUSH', 'q', '1', '2', '3', '4'],
      ['BLMOVE', 'q', 'm', 'LEFT', 'LEFT', 0],
      ['BRPOPLPUSH', 'q', 'm', 0],
      ['BLMPOP', 0, 1, 'q', 'LEFT', 'COUNT', 9],
    ];
    for (const command of commands) {
      const reply = pair.run(...command);
      expect(reply, command.join(' ')).not.toBeInstanceOf(ErrorReply);
      expectReplicaInSync(pair);
    }
  });

  it('LMPOP logs the pop it amounted to, with the count actually popped', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'a', 'b', 'c');
    const mark = pair.allEffects().length;
    pair.run('LMPOP', 2, 'missing', 'l', 'LEFT', 'COUNT', 10);
    expect(effectsSince(pair, mark)).toEqual([['LPOP', 'l', '3']]);
    pair.run('RPUSH', 'l', 'a', 'b');
    const second = pair.allEffects().length;
    pair.run('LMPOP', 1, 'l', 'RIGHT');
    expect(effectsSince(pair, second)).toEqual([['RPOP', 'l', '1']]);
    expectReplicaInSync(pair);
  });

  it('blocking commands that pop at once log the plain command', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f');
    const mark = pair.allEffects().length;
    pair.run('BLPOP', 'missing', 'l', 0);
    pair.run('BRPOP', 'l', 1.5);
    pair.run('BLMOVE', 'l', 'm', 'left', 'Right', 0);
    pair.run('BRPOPLPUSH', 'l', 'm', 0);
    pair.run('BLMPOP', 0, 1, 'l', 'RIGHT', 'COUNT', 10);
    expect(effectsSince(pair, mark)).toEqual([
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['LMOVE', 'l', 'm', 'left', 'Right'],
      ['RPOPLPUSH', 'l', 'm'],
      ['RPOP', 'l', '2'],
    ]);
    expectReplicaInSync(pair);
  });

  it('deterministic writes log their own argv', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'a', 'b', 'c');
    pair.run('LREM', 'l', 1, 'b');
    pair.run('LMOVE', 'l', 'l', 'LEFT', 'RIGHT');
    pair.run('RPOPLPUSH', 'l', 'k');
    expect(effectsSince(pair, 0)).toEqual([
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['LREM', 'l', '1', 'b'],
      ['LMOVE', 'l', 'l', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'l', 'k'],
    ]);
  });

  it('writes that change nothing record nothing', () => {
    const pair = new EffectsPair();
    pair.run('RPUSH', 'l', 'a', 'b');
    pair.run('SET', 's', 'v');
    const mark = pair.allEffects().length;
    const noChange: (string | number)[][] = [
      ['LPUSHX', 'missing', 'a'],
      ['LREM', 'l', 0, 'zz'],
      ['LREM', 'missing', 0, 'a'],
      ['LTRIM', 'l', 0, -1],
      ['LTRIM', 'missing', 0, 1],
      ['LINSERT', 'l', 'BEFORE', 'zz', 'x'],
      ['LINSERT', 'missing', 'BEFORE', 'a', 'x'],
      ['LPOP', 'l', 0],
      ['LPOP', 'missing'],
      ['LMOVE', 'missing', 'l', 'LEFT', 'LEFT'],
      ['LMOVE', 'l', 's', 'LEFT', 'LEFT'],
      ['LMPOP', 1, 'missing', 'LEFT'],
      ['LSET', 'l', 5, 'x'],
      ['BLPOP', 'missing', 'l', 'x'],
      ['RPUSH', 's', 'a'],
    ];
    for (const command of noChange) pair.run(...command);
    expect(effectsSince(pair, mark)).toEqual([]);
  });
});

describe('MEMORY USAGE and generic key commands', () => {
  it('MEMORY USAGE of a one-element list is what Redis 7.0 reports', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a');
    expect(server.run('MEMORY', 'USAGE', 'l')).toBe(144);
    server.run('RPUSH', 'l', 'b', 'c');
    expect(server.run('MEMORY', 'USAGE', 'l')).toBe(144);
  });

  it('COPY gives an independent list and RENAME moves it', () => {
    const server = new Executor();
    server.run('RPUSH', 'l', 'a', 'b');
    expect(server.run('COPY', 'l', 'c')).toBe(1);
    server.run('RPUSH', 'c', 'z');
    expect(server.run('LRANGE', 'l', 0, -1)).toEqual(['a', 'b']);
    expect(server.run('LRANGE', 'c', 0, -1)).toEqual(['a', 'b', 'z']);
    expect(server.run('RENAME', 'c', 'r')).toBe(OK);
    expect(server.run('LRANGE', 'r', 0, -1)).toEqual(['a', 'b', 'z']);
  });

  it('a list keeps the node size it was created with when list-max-listpack-size changes', () => {
    const server = new Executor({ settings: { 'list-max-listpack-size': 2 } });
    server.run('RPUSH', 'l', 'a', 'b', 'c');
    server.run('CONFIG', 'SET', 'list-max-listpack-size', '-2');
    server.run('RPUSH', 'l', 'd', 'e');
    server.run('RPUSH', 'm', 'a', 'b', 'c', 'd', 'e');
    expect(listAt(server, 'l').nodeSizes()).toEqual([2, 2, 1]);
    expect(listAt(server, 'm').nodeSizes()).toEqual([5]);
  });
});

describe('blocking commands', () => {
  /** An executor with two extra clients. */
  const setup = () => {
    const server = new Executor();
    return { server, first: server.newClient(), second: server.newClient() };
  };

  it('BLPOP pops at once when a key has elements, checking keys in order', () => {
    const { server } = setup();
    server.run('RPUSH', 'b', 'x');
    server.run('RPUSH', 'c', 'y');
    expect(server.run('BLPOP', 'a', 'b', 'c', 0)).toEqual(['b', 'x']);
    expect(server.run('BRPOP', 'a', 'b', 'c', 0)).toEqual(['c', 'y']);
  });

  it('a client blocks, and a push serves it the element with its key', () => {
    const { server, first } = setup();
    expect(server.runAs(first, 'BLPOP', 'k', 0)).toBe(BLOCKED);
    expect(server.state.blocking.isBlocked(first)).toBe(true);
    expect(server.takeServed(first)).toEqual([]);
    expect(server.run('RPUSH', 'k', 'v')).toBe(1);
    expect(server.takeServed(first)).toEqual([['k', 'v']]);
    expect(server.state.blocking.isBlocked(first)).toBe(false);
    expect(server.run('EXISTS', 'k')).toBe(0);
  });

  it('clients blocked on one key are served first blocked, first served', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BRPOP', 'k', 0);
    server.runAs(second, 'BRPOP', 'k', 0);
    server.run('RPUSH', 'k', 'one');
    expect(server.takeServed(first)).toEqual([['k', 'one']]);
    expect(server.takeServed(second)).toEqual([]);
    server.run('RPUSH', 'k', 'two');
    expect(server.takeServed(second)).toEqual([['k', 'two']]);
  });

  it('a push of several elements serves several blocked clients in order', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BLPOP', 'k', 0);
    server.runAs(second, 'BLPOP', 'k', 0);
    expect(server.run('LPUSH', 'k', 'a', 'b', 'c')).toBe(3);
    expect(server.takeServed(first)).toEqual([['k', 'c']]);
    expect(server.takeServed(second)).toEqual([['k', 'b']]);
    expect(server.run('LRANGE', 'k', 0, -1)).toEqual(['a']);
  });

  it('a client blocked on several keys is served from the first key pushed, even inside one EXEC', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLPOP', 'a', 'b', 0);
    server.run('MULTI');
    server.run('RPUSH', 'b', 'x');
    server.run('RPUSH', 'a', 'y');
    expect(server.takeServed(first)).toEqual([]);
    expect(server.run('EXEC')).toEqual([1, 1]);
    expect(server.takeServed(first)).toEqual([['b', 'x']]);
    expect(server.run('LRANGE', 'a', 0, -1)).toEqual(['y']);
  });

  it('a push inside MULTI serves the data as of the end of the transaction', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLPOP', 'k', 0);
    server.run('MULTI');
    server.run('RPUSH', 'k', 'a', 'b');
    server.run('LPOP', 'k');
    server.run('RPUSH', 'k', 'c');
    server.run('EXEC');
    expect(server.takeServed(first)).toEqual([['k', 'b']]);
    expect(server.run('LRANGE', 'k', 0, -1)).toEqual(['c']);
  });

  it('a push emptied again inside the same EXEC leaves the client blocked', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLPOP', 'k', 0);
    server.run('MULTI');
    server.run('RPUSH', 'k', 'a');
    server.run('DEL', 'k');
    server.run('EXEC');
    expect(server.takeServed(first)).toEqual([]);
    expect(server.state.blocking.isBlocked(first)).toBe(true);
  });

  it('a blocking command inside MULTI answers at once as a timeout', () => {
    const { server } = setup();
    server.run('MULTI');
    server.run('BLPOP', 'k', 0);
    server.run('BRPOP', 'k', 0);
    server.run('BLMPOP', 0, 1, 'k', 'LEFT');
    server.run('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0);
    server.run('BRPOPLPUSH', 'k', 'd', 0);
    expect(server.run('EXEC')).toEqual([NULL_ARRAY, NULL_ARRAY, NULL_ARRAY, null, null]);
  });

  it('a fractional timeout ends the wait with the null array at its deadline', () => {
    const { server, first } = setup();
    expect(server.runAs(first, 'BLPOP', 'k', '0.25')).toBe(BLOCKED);
    server.clock.advanceMs(249);
    expect(server.expireBlocked()).toBe(0);
    server.clock.advanceMs(1);
    expect(server.expireBlocked()).toBe(1);
    expect(server.takeServed(first)).toEqual([NULL_ARRAY]);
    server.run('RPUSH', 'k', 'v');
    expect(server.run('LLEN', 'k')).toBe(1);
  });

  it('timeouts are parsed before the keys are looked at, with Redis error texts', () => {
    const { server } = setup();
    server.run('SET', 's', 'v');
    expect(server.run('BLPOP', 's', 'x')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
    expect(server.run('BRPOP', 's', -1)).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(server.run('BRPOPLPUSH', 's', 'd', 'x')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
    expect(server.run('BLPOP', 's', 0)).toEqual(wrongType);
    expect(server.run('BLMOVE', 's', 'd', 'UP', 'LEFT', 'x')).toEqual(syntaxError);
    expect(server.run('BLMPOP', 'x', 0, 's', 'LEFT')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    expect(server.run('BLMPOP', 'x', 1, 's', 'LEFT')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
  });

  it('a blocked client stays blocked when its key gets another type, and is served once it holds a list again', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLPOP', 'k', 0);
    server.run('SET', 'k', 'v');
    expect(server.takeServed(first)).toEqual([]);
    expect(server.state.blocking.isBlocked(first)).toBe(true);
    server.run('DEL', 'k');
    server.run('RPUSH', 'k', 'x');
    expect(server.takeServed(first)).toEqual([['k', 'x']]);
  });

  it('BLMOVE pushes to its destination and wakes a client blocked there', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BLPOP', 'dst', 0);
    server.runAs(second, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
    server.run('RPUSH', 'src', 'x');
    expect(server.takeServed(second)).toEqual(['x']);
    expect(server.takeServed(first)).toEqual([['dst', 'x']]);
    expect(server.run('EXISTS', 'src', 'dst')).toBe(0);
  });

  it('a served BLMOVE whose destination holds another type gets WRONGTYPE and pops nothing', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
    server.run('SET', 'dst', 'v');
    server.run('RPUSH', 'src', 'x');
    expect(server.takeServed(first)).toEqual([wrongType]);
    expect(server.run('LRANGE', 'src', 0, -1)).toEqual(['x']);
  });

  it('BLMPOP blocks on all its keys and serves up to COUNT elements', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLMPOP', 0, 2, 'a', 'b', 'RIGHT', 'COUNT', 2);
    server.run('RPUSH', 'b', '1', '2', '3');
    expect(server.takeServed(first)).toEqual([['b', ['3', '2']]]);
  });

  it('served blocking pops log the plain pops and the replica stays equal', () => {
    const pair = new EffectsPair();
    const primary = pair.primary;
    const clients = [primary.newClient(), primary.newClient(), primary.newClient(), primary.newClient()];
    primary.runAs(clients[0] as Client, 'BLPOP', 'a', 0);
    primary.runAs(clients[1] as Client, 'BLMOVE', 'a', 'b', 'RIGHT', 'LEFT', 0);
    primary.runAs(clients[2] as Client, 'BRPOPLPUSH', 'a', 'c', 0);
    primary.runAs(clients[3] as Client, 'BLMPOP', 0, 1, 'a', 'RIGHT', 'COUNT', 5);
    const mark = pair.allEffects().length;
    pair.run('RPUSH', 'a', '1', '2', '3', '4', '5', '6');
    expect(effectsSince(pair, mark)).toEqual([
      ['RPUSH', 'a', '1', '2', '3', '4', '5', '6'],
      ['LPOP', 'a'],
      ['LMOVE', 'a', 'b', 'RIGHT', 'LEFT'],
      ['RPOPLPUSH', 'a', 'c'],
      ['RPOP', 'a', '3'],
    ]);
    expect(clients.map((client) => primary.takeServed(client))).toEqual([[['a', '1']], ['6'], ['5'], [['a', ['4', '3', '2']]]]);
    expectReplicaInSync(pair);
  });

  it('CLIENT UNBLOCK ends a wait as a timeout or with an error, and answers 0 for a client that is not blocked', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BLPOP', 'k', 0);
    server.runAs(second, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0);
    expect(server.run('CLIENT', 'UNBLOCK', first.id)).toBe(1);
    expect(server.run('CLIENT', 'UNBLOCK', second.id, 'ERROR')).toBe(1);
    expect(server.run('CLIENT', 'UNBLOCK', first.id)).toBe(0);
    expect(server.takeServed(first)).toEqual([NULL_ARRAY]);
    expect(server.takeServed(second)).toEqual([new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
    expect(server.state.blocking.size).toBe(0);
  });

  it('a retry that still finds nothing keeps its place and its first deadline', () => {
    const { server, first, second } = setup();
    server.runAs(first, 'BLPOP', 'k', 1);
    server.runAs(second, 'BLPOP', 'k', 0);
    server.clock.advanceMs(600);
    server.run('MULTI');
    server.run('RPUSH', 'k', 'x');
    server.run('DEL', 'k');
    server.run('EXEC');
    server.clock.advanceMs(400);
    expect(server.expireBlocked()).toBe(1);
    expect(server.takeServed(first)).toEqual([NULL_ARRAY]);
    server.run('RPUSH', 'k', 'y');
    expect(server.takeServed(second)).toEqual([['k', 'y']]);
  });

  it('blocked clients show in INFO clients', () => {
    const { server, first } = setup();
    server.runAs(first, 'BLPOP', 'k', 'k2', 5);
    const info = (server.run('INFO', 'clients') as VerbatimReply).text;
    expect(info).toContain('blocked_clients:1');
    expect(info).toContain('clients_in_timeout_table:1');
  });
});

describe('served replies keep their types', () => {
  it('the served reply of BLMPOP is a key and an array of elements', () => {
    const server = new Executor();
    const client = server.newClient();
    server.runAs(client, 'BLMPOP', 0, 1, 'k', 'LEFT');
    server.run('RPUSH', 'k', 'v');
    const [reply] = server.takeServed(client) as Reply[][];
    expect(reply).toEqual(['k', ['v']]);
  });
});
