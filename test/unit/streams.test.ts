import { describe, expect, it } from 'vitest';
import { BLOCKED } from '../../server/src/commands/context.js';
import type { Effect } from '../../server/src/keyspace/effect.js';
import { SortedIdMap, StreamValue, formatStreamId, radixTreeNodes, streamId } from '../../server/src/keyspace/stream.js';
import type { Client } from '../../server/src/net/client.js';
import { ErrorReply, MapReply, NULL_ARRAY, OK, type Reply } from '../../server/src/resp/reply.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { EffectsPair, Executor, dumpKeyspace, seededRandom } from '../support/executor.js';

const NOW = 1_700_000_000_000;
const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const invalidId = new ErrorReply('ERR Invalid stream ID specified as stream command argument');

/** Effects after `mark` as argv lists. */
function effectsSince(pair: EffectsPair, mark = 0): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

/** A map reply's entries as an object (XINFO replies). */
function fields(reply: Reply): Record<string, Reply> {
  if (!(reply instanceof MapReply)) throw new Error(`not a map: ${String(reply)}`);
  const out: Record<string, Reply> = {};
  for (let index = 0; index < reply.entries.length; index += 2) out[reply.entries[index] as string] = reply.entries[index + 1] as Reply;
  return out;
}

/** `count` entries with ids `1-0`..`count-0` on `key`. */
function addEntries(server: Executor | EffectsPair, key: string, count: number, first = 1): void {
  for (let index = 0; index < count; index++) server.run('XADD', key, `${first + index}-0`, 'f', `v${first + index}`);
}

/**
 * A primary and a replica with clocks `skewMs` apart, the replica applying the primary's effects:
 * effects that used the replica's own clock would make the two differ.
 */
class SkewedPair {
  readonly primary: Executor;
  readonly replica: Executor;
  private readonly applier: Client;
  private applied = 0;

  constructor(skewMs: number) {
    this.primary = new Executor({ clock: new ManualClock() });
    this.replica = new Executor({ clock: new ManualClock(1_700_000_000_000_000 + skewMs * 1000), role: 'replica' });
    this.applier = this.replica.newClient();
    this.applier.applier = true;
  }

  run(...argv: (string | number)[]): Reply {
    const reply = this.primary.run(...argv);
    this.sync();
    return reply;
  }

  sync(): void {
    while (this.applied < this.primary.effects.length) {
      this.replica.dispatcher.applyEffects(this.applier, this.primary.effects[this.applied++] as Effect[]);
    }
  }

  expectInSync(): void {
    this.sync();
    expect(dumpKeyspace(this.replica.state)).toEqual(dumpKeyspace(this.primary.state));
  }
}

describe('stream value building blocks', () => {
  it('SortedIdMap keeps ids ordered through chunk splits, deletions and seeks', () => {
    const map = new SortedIdMap<number>();
    const reference = new Map<bigint, number>();
    const random = seededRandom(7);
    for (let step = 0; step < 5000; step++) {
      const id = BigInt(Math.floor(random() * 2000));
      if (random() < 0.6) {
        expect(map.set(id, step)).toBe(!reference.has(id));
        reference.set(id, step);
      } else {
        expect(map.delete(id)).toBe(reference.get(id));
        reference.delete(id);
      }
    }
    const sorted = [...reference.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(map.size).toBe(reference.size);
    expect(map.ids()).toEqual(sorted);
    expect(map.firstId()).toBe(sorted[0]);
    expect(map.lastId()).toBe(sorted[sorted.length - 1]);
    for (const probe of [0n, 500n, 1999n, 5000n]) expect(map.ceiling(probe)).toBe(sorted.find((id) => id >= probe));
    for (const id of sorted.slice(0, 50)) expect(map.get(id)).toBe(reference.get(id));
  });

  it('radix tree node counts match Redis rax for a few key sets', () => {
    expect(radixTreeNodes([])).toBe(1);
    expect(radixTreeNodes([streamId(1n, 1n)])).toBe(2);
    expect(radixTreeNodes([streamId(1n, 1n), streamId(1n, 2n)])).toBe(4);
    expect(radixTreeNodes([streamId(1n, 1n), streamId(1n, 2n), streamId(1n, 300n)])).toBe(7);
    expect(radixTreeNodes([streamId(1n, 1n), streamId(1n, 2n), streamId(1n, 300n), streamId(2n, 0n)])).toBe(11);
  });

  it('a node takes stream-node-max-entries entries, tombstones included, then a new node starts', () => {
    const stream = new StreamValue();
    const limits = { bytesMax: 0, entriesMax: 3 };
    for (let ms = 1n; ms <= 7n; ms++) stream.append(streamId(ms, 0n), ['f', 'v'], limits);
    expect(stream.nodeCount).toBe(3);
    expect(stream.delete(streamId(7n, 0n))).toBe(true);
    expect(stream.nodeCount).toBe(2);
    expect(stream.delete(streamId(5n, 0n))).toBe(true);
    stream.append(streamId(8n, 0n), ['f', 'v'], limits);
    expect(stream.nodeCount).toBe(3);
    expect(stream.range(0n, streamId(9n, 0n), false, 0).map((entry) => formatStreamId(entry.id))).toEqual(['1-0', '2-0', '3-0', '4-0', '6-0', '8-0']);
  });

  it('entries keep their fields, shared with the master entry or not, binary-safe', () => {
    const stream = new StreamValue();
    const limits = { bytesMax: 4096, entriesMax: 100 };
    stream.append(streamId(1n, 0n), ['a', '\x00\xff', 'b', ''], limits);
    stream.append(streamId(2n, 0n), ['a', 'x'.repeat(300), 'b', '12'], limits);
    stream.append(streamId(3n, 0n), ['c', '\r\n'], limits);
    expect(stream.fields(streamId(1n, 0n))).toEqual(['a', '\x00\xff', 'b', '']);
    expect(stream.fields(streamId(2n, 0n))).toEqual(['a', 'x'.repeat(300), 'b', '12']);
    expect(stream.fields(streamId(3n, 0n))).toEqual(['c', '\r\n']);
    expect(stream.fields(streamId(4n, 0n))).toBeNull();
  });

  it('clone shares nothing: groups, consumers and pending entries are copied', () => {
    const server = new Executor();
    addEntries(server, 's', 3);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    server.run('COPY', 's', 't');
    server.run('XACK', 's', 'g', '1-0');
    server.run('XADD', 's', '9-0', 'f', 'v');
    expect(server.run('XLEN', 't')).toBe(3);
    expect(server.run('XPENDING', 't', 'g')).toEqual([3, '1-0', '3-0', [['c', '3']]]);
    expect(server.run('XPENDING', 's', 'g')).toEqual([2, '2-0', '3-0', [['c', '2']]]);
  });
});

describe('XADD', () => {
  it('XADD * takes the clock time and a sequence within the same millisecond', () => {
    const server = new Executor();
    expect(server.run('XADD', 's', '*', 'f', 'v')).toBe(`${NOW}-0`);
    expect(server.run('XADD', 's', '*', 'f', 'v')).toBe(`${NOW}-1`);
    server.clock.advanceMs(5);
    expect(server.run('XADD', 's', '*', 'f', 'v')).toBe(`${NOW + 5}-0`);
    server.run('XADD', 's', `${NOW + 100}-7`, 'f', 'v');
    expect(server.run('XADD', 's', '*', 'f', 'v')).toBe(`${NOW + 100}-8`);
  });

  it('XADD with ms-* continues the sequence of the last id in that millisecond', () => {
    const server = new Executor();
    expect(server.run('XADD', 's', '5-*', 'f', 'v')).toBe('5-0');
    expect(server.run('XADD', 's', '5-*', 'f', 'v')).toBe('5-1');
    expect(server.run('XADD', 's', '6-*', 'f', 'v')).toBe('6-0');
    expect(server.run('XADD', 's', '5-*', 'f', 'v')).toEqual(new ErrorReply('ERR The ID specified in XADD is equal or smaller than the target stream top item'));
  });

  it('XADD refuses 0-0, smaller ids, and an exhausted stream', () => {
    const server = new Executor();
    expect(server.run('XADD', 's', '0-0', 'f', 'v')).toEqual(new ErrorReply('ERR The ID specified in XADD must be greater than 0-0'));
    expect(server.run('EXISTS', 's')).toBe(0);
    server.run('XADD', 's', '18446744073709551615-18446744073709551615', 'f', 'v');
    expect(server.run('XADD', 's', '*', 'f', 'v')).toEqual(new ErrorReply('ERR The stream has exhausted the last possible ID, unable to add more items'));
    expect(server.run('XADD', 's', '+', 'f', 'v')).toEqual(invalidId);
  });

  it('XADD NOMKSTREAM on a missing key replies null and creates nothing', () => {
    const server = new Executor();
    expect(server.run('XADD', 's', 'NOMKSTREAM', '*', 'f', 'v')).toBeNull();
    expect(server.run('EXISTS', 's')).toBe(0);
  });

  it('XADD against another type is WRONGTYPE', () => {
    const server = new Executor();
    server.run('SET', 'k', 'x');
    expect(server.run('XADD', 'k', '*', 'f', 'v')).toEqual(wrongType);
  });

  it('XADD * is logged with the id chosen, explicit ids verbatim', () => {
    const pair = new EffectsPair();
    pair.run('XADD', 's', '*', 'f', 'v');
    pair.run('XADD', 's', `${NOW}-*`, 'f', 'v');
    pair.run('XADD', 's', `${NOW + 1}-0`, 'f', 'v');
    expect(effectsSince(pair)).toEqual([
      ['XADD', 's', `${NOW}-0`, 'f', 'v'],
      ['XADD', 's', `${NOW}-1`, 'f', 'v'],
      ['XADD', 's', `${NOW + 1}-0`, 'f', 'v'],
    ]);
    expectReplicaInSync(pair);
  });

  it('XADD MAXLEN ~ removes whole nodes only and is logged as the exact trim that happened', () => {
    const pair = new EffectsPair();
    pair.primary.state.settings.set('stream-node-max-entries', '3');
    pair.replica.state.settings.set('stream-node-max-entries', '3');
    addEntries(pair, 's', 7);
    const mark = pair.allEffects().length;
    pair.run('XADD', 's', 'MAXLEN', '~', '3', '8-0', 'f', 'v');
    expect(pair.run('XLEN', 's')).toBe(5);
    pair.run('XADD', 's', 'MINID', '~', '7', 'LIMIT', '10', '9-0', 'f', 'v');
    expect(effectsSince(pair, mark)).toEqual([
      ['XADD', 's', 'MAXLEN', '=', '5', '8-0', 'f', 'v'],
      ['XADD', 's', 'MINID', '=', '7-0', 'LIMIT', '10', '9-0', 'f', 'v'],
    ]);
    expect(pair.run('XRANGE', 's', '-', '+')).toEqual([['7-0', ['f', 'v7']], ['8-0', ['f', 'v']], ['9-0', ['f', 'v']]]);
    expectReplicaInSync(pair);
  });

  it('XADD MAXLEN with an exact trim marks entries of the head node deleted', () => {
    const server = new Executor({ settings: { 'stream-node-max-entries': 4 } });
    addEntries(server, 's', 6);
    server.run('XADD', 's', 'MAXLEN', '5', '7-0', 'f', 'v');
    expect(server.run('XLEN', 's')).toBe(5);
    expect(fields(server.run('XINFO', 'STREAM', 's'))['radix-tree-keys']).toBe(2);
    expect(fields(server.run('XINFO', 'STREAM', 's'))['recorded-first-entry-id']).toBe('3-0');
  });
});

describe('XRANGE, XREVRANGE, XLEN, XDEL, XTRIM', () => {
  it('XRANGE honours exclusive bounds and COUNT; XREVRANGE walks backwards', () => {
    const server = new Executor();
    addEntries(server, 's', 5);
    expect(server.run('XRANGE', 's', '(2-0', '4')).toEqual([['3-0', ['f', 'v3']], ['4-0', ['f', 'v4']]]);
    expect(server.run('XREVRANGE', 's', '+', '-', 'COUNT', 2)).toEqual([['5-0', ['f', 'v5']], ['4-0', ['f', 'v4']]]);
    expect(server.run('XRANGE', 's', '-', '+', 'COUNT', 0)).toBe(NULL_ARRAY);
    expect(server.run('XRANGE', 'nokey', '-', '+')).toEqual([]);
    expect(server.run('XRANGE', 's', '(18446744073709551615-18446744073709551615', '+')).toEqual(new ErrorReply('ERR invalid start ID for the interval'));
    expect(server.run('XRANGE', 's', '-', '(0-0')).toEqual(new ErrorReply('ERR invalid end ID for the interval'));
  });

  it('XRANGE over many nodes finds the start node by binary search', () => {
    const server = new Executor({ settings: { 'stream-node-max-entries': 7 } });
    addEntries(server, 's', 500);
    expect(server.run('XRANGE', 's', '250', '252')).toEqual([['250-0', ['f', 'v250']], ['251-0', ['f', 'v251']], ['252-0', ['f', 'v252']]]);
    expect(server.run('XREVRANGE', 's', '100', '-', 'COUNT', 1)).toEqual([['100-0', ['f', 'v100']]]);
  });

  it('XDEL removes entries, keeps tombstones and records the max deleted id; a stream left empty stays', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    expect(pair.run('XDEL', 's', '1-0', '9-0', '1-0')).toBe(1);
    expect(pair.run('XDEL', 's', '2-0', 'bad')).toEqual(invalidId);
    expect(pair.run('XDEL', 's', '2-0', '3-0')).toBe(2);
    expect(pair.run('XLEN', 's')).toBe(0);
    expect(pair.run('EXISTS', 's')).toBe(1);
    const info = fields(pair.run('XINFO', 'STREAM', 's'));
    expect(info['max-deleted-entry-id']).toBe('3-0');
    expect(info['recorded-first-entry-id']).toBe('0-0');
    expect(effectsSince(pair).slice(3)).toEqual([['XDEL', 's', '1-0', '9-0', '1-0'], ['XDEL', 's', '2-0', '3-0']]);
    expectReplicaInSync(pair);
  });

  it('XTRIM that removes nothing logs nothing; MINID ~ is logged with the first id left', () => {
    const pair = new EffectsPair();
    pair.primary.state.settings.set('stream-node-max-entries', '2');
    addEntries(pair, 's', 5);
    const mark = pair.allEffects().length;
    expect(pair.run('XTRIM', 's', 'MAXLEN', 10)).toBe(0);
    expect(pair.run('XTRIM', 's', 'MINID', '~', '4')).toBe(2);
    expect(pair.run('XTRIM', 's', 'MAXLEN', '=', 1)).toBe(2);
    expect(effectsSince(pair, mark)).toEqual([
      ['XTRIM', 's', 'MINID', '=', '3-0'],
      ['XTRIM', 's', 'MAXLEN', '=', '1'],
    ]);
    expectReplicaInSync(pair);
  });

  it('XTRIM needs a strategy and refuses LIMIT without ~', () => {
    const server = new Executor();
    addEntries(server, 's', 2);
    expect(server.run('XTRIM', 's', 'LIMIT', 1, 'MAXLEN', 1)).toEqual(new ErrorReply('ERR syntax error, LIMIT cannot be used without the special ~ option'));
    expect(server.run('XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', 1)).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('XLEN', 'k')).toBe(0);
  });
});

describe('XREAD', () => {
  it('XREAD returns entries after the given ids, per stream, with COUNT', () => {
    const server = new Executor();
    addEntries(server, 'a', 3);
    addEntries(server, 'b', 1);
    expect(server.run('XREAD', 'COUNT', 2, 'STREAMS', 'a', 'b', 'nokey', '0', '1-0', '0')).toEqual([['a', [['1-0', ['f', 'v1']], ['2-0', ['f', 'v2']]]]]);
    expect(server.run('XREAD', 'STREAMS', 'a', '$')).toBe(NULL_ARRAY);
  });

  it('XREAD in RESP3 answers a map of streams', () => {
    const server = new Executor();
    addEntries(server, 'a', 1);
    server.run('HELLO', 3);
    expect(server.run('XREAD', 'STREAMS', 'a', '0')).toEqual(new MapReply(['a', [['1-0', ['f', 'v1']]]]));
  });

  it('XREAD BLOCK with $ waits for entries added after it blocked', () => {
    const server = new Executor();
    addEntries(server, 's', 2);
    const reader = server.newClient();
    expect(server.runAs(reader, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', '$')).toBe(BLOCKED);
    server.run('XDEL', 's', '1-0');
    expect(server.takeServed(reader)).toEqual([]);
    server.run('XADD', 's', '5-0', 'f', 'new');
    expect(server.takeServed(reader)).toEqual([[['s', [['5-0', ['f', 'new']]]]]]);
  });

  it('XREAD BLOCK on a missing key is served by the first XADD, and times out with a null array', () => {
    const server = new Executor();
    const first = server.newClient();
    const second = server.newClient();
    expect(server.runAs(first, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', '$')).toBe(BLOCKED);
    expect(server.runAs(second, 'XREAD', 'BLOCK', 100, 'STREAMS', 't', '$')).toBe(BLOCKED);
    server.run('XADD', 's', '1-0', 'f', 'v');
    expect(server.takeServed(first)).toEqual([[['s', [['1-0', ['f', 'v']]]]]]);
    server.clock.advanceMs(100);
    expect(server.expireBlocked()).toBe(1);
    expect(server.takeServed(second)).toEqual([NULL_ARRAY]);
  });

  it('XREAD BLOCK stays blocked when its key becomes another type, and is served once a stream is back', () => {
    const server = new Executor();
    const reader = server.newClient();
    expect(server.runAs(reader, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', 't', '$', '$')).toBe(BLOCKED);
    server.run('SET', 's', 'x');
    expect(server.takeServed(reader)).toEqual([]);
    server.run('XADD', 't', '1-0', 'f', 'v');
    expect(server.takeServed(reader)).toEqual([[['t', [['1-0', ['f', 'v']]]]]]);
  });

  it('XREAD BLOCK inside MULTI answers a null array at once', () => {
    const server = new Executor();
    server.run('MULTI');
    server.run('XREAD', 'BLOCK', 0, 'STREAMS', 's', '$');
    expect(server.run('EXEC')).toEqual([NULL_ARRAY]);
  });

  it('XREAD BLOCK is woken by an XADD inside MULTI once EXEC ends', () => {
    const server = new Executor();
    const reader = server.newClient();
    server.runAs(reader, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', '$');
    server.run('MULTI');
    server.run('XADD', 's', '1-0', 'f', 'v');
    server.run('XADD', 's', '2-0', 'f', 'w');
    expect(server.takeServed(reader)).toEqual([]);
    server.run('EXEC');
    expect(server.takeServed(reader)).toEqual([[['s', [['1-0', ['f', 'v']], ['2-0', ['f', 'w']]]]]]);
  });

  it('CLIENT UNBLOCK ends an XREAD BLOCK with a null array, or with the UNBLOCKED error', () => {
    const server = new Executor();
    const reader = server.newClient();
    server.runAs(reader, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', '$');
    expect(server.run('CLIENT', 'UNBLOCK', reader.id)).toBe(1);
    expect(server.takeServed(reader)).toEqual([NULL_ARRAY]);
    server.runAs(reader, 'XREAD', 'BLOCK', 0, 'STREAMS', 's', '$');
    server.run('CLIENT', 'UNBLOCK', reader.id, 'ERROR');
    expect(server.takeServed(reader)).toEqual([new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
  });
});

describe('consumer groups', () => {
  it('XREADGROUP > delivers new entries, makes them pending and is logged as claims and the group id', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    const mark = pair.allEffects().length;
    expect(pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 2, 'STREAMS', 's', '>')).toEqual([['s', [['1-0', ['f', 'v1']], ['2-0', ['f', 'v2']]]]]);
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', String(NOW), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-0'],
      ['XCLAIM', 's', 'g', 'alice', '0', '2-0', 'TIME', String(NOW), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '2-0'],
      ['XGROUP', 'SETID', 's', 'g', '2-0', 'ENTRIESREAD', '2'],
    ]);
    expect(pair.run('XPENDING', 's', 'g')).toEqual([2, '1-0', '2-0', [['alice', '2']]]);
    expectReplicaInSync(pair);
  });

  it('XREADGROUP NOACK moves the group id only; the consumer is logged with its seen-time', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 2);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    const mark = pair.allEffects().length;
    pair.run('XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'STREAMS', 's', '>');
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'bob', '0', '0-0', 'TIME', String(NOW), 'JUSTID'],
      ['XGROUP', 'SETID', 's', 'g', '2-0', 'ENTRIESREAD', '2'],
    ]);
    expect(pair.run('XPENDING', 's', 'g')).toEqual([0, null, null, NULL_ARRAY]);
    expectReplicaInSync(pair);
  });

  it('XREADGROUP with an id reads the consumer history again, a deleted entry as a null array', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    pair.run('XDEL', 's', '2-0');
    pair.clock.advanceMs(50);
    const mark = pair.allEffects().length;
    expect(pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0')).toEqual([
      ['s', [['1-0', ['f', 'v1']], ['2-0', NULL_ARRAY], ['3-0', ['f', 'v3']]]],
    ]);
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', String(NOW + 50), 'RETRYCOUNT', '2', 'FORCE', 'JUSTID', 'LASTID', '3-0'],
      ['XCLAIM', 's', 'g', 'alice', '0', '3-0', 'TIME', String(NOW + 50), 'RETRYCOUNT', '2', 'FORCE', 'JUSTID', 'LASTID', '3-0'],
    ]);
    expect(pair.run('XPENDING', 's', 'g', '-', '+', 10)).toEqual([['1-0', 'alice', 0, 2], ['2-0', 'alice', 50, 1], ['3-0', 'alice', 0, 2]]);
    expectReplicaInSync(pair);
  });

  it('XREADGROUP > with nothing new neither creates the consumer nor logs anything', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 1);
    pair.run('XGROUP', 'CREATE', 's', 'g', '$');
    const mark = pair.allEffects().length;
    expect(pair.run('XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '>')).toBe(NULL_ARRAY);
    expect(pair.run('XINFO', 'CONSUMERS', 's', 'g')).toEqual([]);
    expect(effectsSince(pair, mark)).toEqual([]);
  });

  it('XREADGROUP BLOCK is served by XADD, and the delivery is logged like a direct read', () => {
    const pair = new EffectsPair();
    pair.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const reader = pair.primary.newClient();
    expect(pair.primary.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', 0, 'STREAMS', 's', '>')).toBe(BLOCKED);
    const mark = pair.allEffects().length;
    pair.run('XADD', 's', '1-0', 'f', 'v');
    expect(pair.primary.takeServed(reader)).toEqual([[['s', [['1-0', ['f', 'v']]]]]]);
    expect(effectsSince(pair, mark)).toEqual([
      ['XADD', 's', '1-0', 'f', 'v'],
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', String(NOW), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-0'],
      ['XGROUP', 'SETID', 's', 'g', '1-0', 'ENTRIESREAD', '1'],
    ]);
    expectReplicaInSync(pair);
  });

  it('two readers blocked on a group are served first come first served, one entry each', () => {
    const server = new Executor();
    server.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const first = server.newClient();
    const second = server.newClient();
    server.runAs(first, 'XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', 1, 'BLOCK', 0, 'STREAMS', 's', '>');
    server.runAs(second, 'XREADGROUP', 'GROUP', 'g', 'b', 'COUNT', 1, 'BLOCK', 0, 'STREAMS', 's', '>');
    server.run('MULTI');
    server.run('XADD', 's', '1-0', 'f', 'one');
    server.run('XADD', 's', '2-0', 'f', 'two');
    server.run('EXEC');
    expect(server.takeServed(first)).toEqual([[['s', [['1-0', ['f', 'one']]]]]]);
    expect(server.takeServed(second)).toEqual([[['s', [['2-0', ['f', 'two']]]]]]);
  });

  it('a blocked XREADGROUP gets UNBLOCKED when its stream is deleted, replaced or swapped away, NOGROUP when its group is destroyed', () => {
    const server = new Executor();
    const reader = server.newClient();
    server.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    server.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>');
    server.run('DEL', 's');
    expect(server.takeServed(reader)).toEqual([new ErrorReply('UNBLOCKED the stream key no longer exists')]);
    server.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    server.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>');
    server.run('SET', 's', 'x');
    expect(server.takeServed(reader)).toEqual([new ErrorReply('UNBLOCKED the stream key no longer exists')]);
    server.run('DEL', 's');
    server.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    server.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>');
    server.run('XGROUP', 'DESTROY', 's', 'g');
    expect(server.takeServed(reader)).toEqual([new ErrorReply('NOGROUP the consumer group this client was blocked on no longer exists')]);
    server.run('XGROUP', 'CREATE', 's', 'g', '$');
    server.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>');
    server.run('SWAPDB', 0, 1);
    expect(server.takeServed(reader)).toEqual([new ErrorReply('UNBLOCKED the stream key no longer exists')]);
    for (const flush of [['FLUSHDB'], ['FLUSHALL']]) {
      server.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      server.runAs(reader, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>');
      server.run(...flush);
      expect(server.takeServed(reader)).toEqual([new ErrorReply('UNBLOCKED the stream key no longer exists')]);
    }
  });

  it('XREADGROUP on a missing group or key is NOGROUP; $ and > are refused where they mean nothing', () => {
    const server = new Executor();
    addEntries(server, 's', 1);
    expect(server.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toEqual(
      new ErrorReply("NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option"),
    );
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    expect(server.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$')).toBeInstanceOf(ErrorReply);
    expect(server.run('XREAD', 'STREAMS', 's', '>')).toEqual(
      new ErrorReply('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.'),
    );
  });

  it('XACK removes pending entries from the group and their consumer', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(pair.run('XACK', 's', 'g', '1-0', '1-0', '9-0')).toBe(1);
    expect(pair.run('XACK', 's', 'g', '2-0', 'bad')).toEqual(invalidId);
    expect(pair.run('XACK', 's', 'nogroup', '2-0')).toBe(0);
    expect(pair.run('XPENDING', 's', 'g', '-', '+', 10, 'alice')).toEqual([['2-0', 'alice', 0, 1], ['3-0', 'alice', 0, 1]]);
    expectReplicaInSync(pair);
  });

  it('XPENDING reports idle times from the clock and filters by IDLE', () => {
    const server = new Executor();
    addEntries(server, 's', 3);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 1, 'STREAMS', 's', '>');
    server.clock.advanceMs(300);
    server.run('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>');
    server.clock.advanceMs(100);
    expect(server.run('XPENDING', 's', 'g', 'IDLE', 200, '-', '+', 10)).toEqual([['1-0', 'alice', 400, 1]]);
    expect(server.run('XPENDING', 's', 'g', '(1-0', '+', 1)).toEqual([['2-0', 'bob', 100, 1]]);
    expect(server.run('XINFO', 'CONSUMERS', 's', 'g')).toEqual([
      new MapReply(['name', 'alice', 'pending', 1, 'idle', 400]),
      new MapReply(['name', 'bob', 'pending', 2, 'idle', 100]),
    ]);
  });

  it('XCLAIM takes entries idle long enough, creating the consumer on its first claim', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    pair.clock.advanceMs(1000);
    expect(pair.run('XCLAIM', 's', 'g', 'bob', 5000, '1-0')).toEqual([]);
    expect(pair.run('XINFO', 'CONSUMERS', 's', 'g')).toHaveLength(1);
    const mark = pair.allEffects().length;
    expect(pair.run('XCLAIM', 's', 'g', 'bob', 1000, '1-0', '2-0', 'JUSTID')).toEqual(['1-0', '2-0']);
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'bob', '0', '1-0', 'TIME', String(NOW + 1000), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '3-0'],
      ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'TIME', String(NOW + 1000), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '3-0'],
    ]);
    expect(pair.run('XPENDING', 's', 'g')).toEqual([3, '1-0', '3-0', [['alice', '1'], ['bob', '2']]]);
    expectReplicaInSync(pair);
  });

  it('XCLAIM with IDLE sets the delivery time in the past and logs the consumer seen now', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 1);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    const mark = pair.allEffects().length;
    expect(pair.run('XCLAIM', 's', 'g', 'bob', 0, '1-0', 'IDLE', 700, 'RETRYCOUNT', 5)).toEqual([['1-0', ['f', 'v1']]]);
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'bob', '0', '1-0', 'TIME', String(NOW - 700), 'RETRYCOUNT', '5', 'FORCE', 'JUSTID', 'LASTID', '1-0'],
      ['XCLAIM', 's', 'g', 'bob', '0', '0-0', 'TIME', String(NOW), 'JUSTID'],
    ]);
    expect(pair.run('XPENDING', 's', 'g', '-', '+', 10)).toEqual([['1-0', 'bob', 700, 5]]);
    expectReplicaInSync(pair);
  });

  it('XCLAIM FORCE creates a pending entry for an existing entry; a deleted entry leaves the PEL, logged as XACK', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 2);
    pair.run('XGROUP', 'CREATE', 's', 'g', '$');
    expect(pair.run('XCLAIM', 's', 'g', 'bob', 0, '1-0', '9-0', 'FORCE')).toEqual([['1-0', ['f', 'v1']]]);
    expect(pair.run('XPENDING', 's', 'g', '-', '+', 10)).toEqual([['1-0', 'bob', 0, 2]]);
    pair.run('XDEL', 's', '1-0');
    const mark = pair.allEffects().length;
    expect(pair.run('XCLAIM', 's', 'g', 'carol', 0, '1-0')).toEqual([]);
    expect(effectsSince(pair, mark)).toEqual([['XACK', 's', 'g', '1-0']]);
    expect(pair.run('XPENDING', 's', 'g')).toEqual([0, null, null, NULL_ARRAY]);
    expectReplicaInSync(pair);
  });

  it('XCLAIM LASTID moves the group id forward only; alone it is logged as XGROUP SETID', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 3);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    const mark = pair.allEffects().length;
    pair.run('XCLAIM', 's', 'g', 'bob', 0, '9-0', 'LASTID', '2-0');
    pair.run('XCLAIM', 's', 'g', 'bob', 0, '9-0', 'LASTID', '1-0');
    expect(effectsSince(pair, mark)).toEqual([['XGROUP', 'SETID', 's', 'g', '2-0', 'ENTRIESREAD', '-1']]);
    expect(fields((pair.run('XINFO', 'GROUPS', 's') as Reply[])[0] as Reply)['last-delivered-id']).toBe('2-0');
    expectReplicaInSync(pair);
  });

  it('XAUTOCLAIM scans from the cursor, claims idle entries, drops and reports deleted ones', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 5);
    pair.run('XGROUP', 'CREATE', 's', 'g', '0');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    pair.run('XDEL', 's', '2-0');
    pair.clock.advanceMs(10);
    const mark = pair.allEffects().length;
    expect(pair.run('XAUTOCLAIM', 's', 'g', 'bob', 10, '0', 'COUNT', 2)).toEqual(['3-0', [['1-0', ['f', 'v1']]], ['2-0']]);
    expect(pair.run('XAUTOCLAIM', 's', 'g', 'bob', 10, '3-0', 'COUNT', 10, 'JUSTID')).toEqual(['0-0', ['3-0', '4-0', '5-0'], []]);
    expect(effectsSince(pair, mark)).toEqual([
      ['XCLAIM', 's', 'g', 'bob', '0', '1-0', 'TIME', String(NOW + 10), 'RETRYCOUNT', '2', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
      ['XACK', 's', 'g', '2-0'],
      ['XCLAIM', 's', 'g', 'bob', '0', '3-0', 'TIME', String(NOW + 10), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
      ['XCLAIM', 's', 'g', 'bob', '0', '4-0', 'TIME', String(NOW + 10), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
      ['XCLAIM', 's', 'g', 'bob', '0', '5-0', 'TIME', String(NOW + 10), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '5-0'],
    ]);
    expect(pair.run('XPENDING', 's', 'g')).toEqual([4, '1-0', '5-0', [['bob', '4']]]);
    expectReplicaInSync(pair);
  });

  it('XAUTOCLAIM with nothing idle enough claims nothing and creates no consumer', () => {
    const server = new Executor();
    addEntries(server, 's', 2);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(server.run('XAUTOCLAIM', 's', 'g', 'bob', 60_000, '0')).toEqual(['0-0', [], []]);
    expect(server.run('XINFO', 'CONSUMERS', 's', 'g')).toHaveLength(1);
    expect(server.run('XAUTOCLAIM', 's', 'g', 'bob', 0, '0', 'COUNT', 0)).toEqual(new ErrorReply('ERR COUNT must be > 0'));
  });

  it('XGROUP subcommands create, move, destroy groups and add or remove consumers; CREATECONSUMER is logged with its time', () => {
    const pair = new EffectsPair();
    expect(pair.run('XGROUP', 'CREATE', 's', 'g', '$')).toEqual(
      new ErrorReply('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.'),
    );
    expect(pair.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')).toBe(OK);
    expect(pair.run('XGROUP', 'CREATE', 's', 'g', '$')).toEqual(new ErrorReply('BUSYGROUP Consumer Group name already exists'));
    expect(pair.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(1);
    expect(pair.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(0);
    expect(pair.run('XGROUP', 'SETID', 's', 'g', '5-5', 'ENTRIESREAD', 3)).toBe(OK);
    expect(pair.run('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(0);
    expect(pair.run('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(0);
    expect(pair.run('XGROUP', 'DESTROY', 's', 'g')).toBe(1);
    expect(pair.run('XGROUP', 'DESTROY', 's', 'g')).toBe(0);
    expect(effectsSince(pair)).toEqual([
      ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
      ['XCLAIM', 's', 'g', 'c', '0', '0-0', 'TIME', String(NOW), 'JUSTID'],
      ['XGROUP', 'SETID', 's', 'g', '5-5', 'ENTRIESREAD', '3'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'DESTROY', 's', 'g'],
    ]);
    expectReplicaInSync(pair);
  });

  it('XGROUP DELCONSUMER drops the consumer pending entries from the group', () => {
    const server = new Executor();
    addEntries(server, 's', 2);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    expect(server.run('XGROUP', 'DELCONSUMER', 's', 'g', 'alice')).toBe(2);
    expect(server.run('XPENDING', 's', 'g')).toEqual([0, null, null, NULL_ARRAY]);
  });

  it('seen-times and delivery times replay exactly on a replica whose clock differs', () => {
    const pair = new SkewedPair(-5000);
    pair.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    pair.run('XADD', 's', '*', 'f', 'v');
    pair.run('XADD', 's', '*', 'f', 'w');
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 1, 'STREAMS', 's', '>');
    pair.primary.clock.advanceMs(20);
    pair.run('XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'STREAMS', 's', '>');
    pair.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'carol');
    pair.primary.clock.advanceMs(20);
    pair.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
    pair.run('XCLAIM', 's', 'g', 'dave', 0, `${NOW}-0`, 'TIME', NOW + 1);
    pair.run('XREADGROUP', 'GROUP', 'g', 'erin', 'STREAMS', 's', '0');
    pair.primary.clock.advanceMs(20);
    pair.run('XAUTOCLAIM', 's', 'g', 'frank', 0, '0');
    pair.run('XADD', 's', 'MAXLEN', '~', 0, '*', 'f', 'x');
    pair.expectInSync();
  });
});

describe('XSETID and XINFO', () => {
  it('XSETID sets the last id, entries added and max deleted id, checking against the top entry', () => {
    const pair = new EffectsPair();
    addEntries(pair, 's', 2);
    expect(pair.run('XSETID', 's', '1-0')).toEqual(new ErrorReply('ERR The ID specified in XSETID is smaller than the target stream top item'));
    expect(pair.run('XSETID', 's', '10-0', 'ENTRIESADDED', 1)).toEqual(
      new ErrorReply('ERR The entries_added specified in XSETID is smaller than the target stream length'),
    );
    expect(pair.run('XSETID', 's', '10-0', 'ENTRIESADDED', 7, 'MAXDELETEDID', '4-0')).toBe(OK);
    expect(pair.run('XADD', 's', '10-0', 'f', 'v')).toBeInstanceOf(ErrorReply);
    const info = fields(pair.run('XINFO', 'STREAM', 's'));
    expect([info['last-generated-id'], info['entries-added'], info['max-deleted-entry-id']]).toEqual(['10-0', 7n, '4-0']);
    expect(pair.run('XSETID', 'nokey', '1-0')).toEqual(new ErrorReply('ERR no such key'));
    expectReplicaInSync(pair);
  });

  it('XINFO STREAM reports the node tree, ids, counters and first and last entries', () => {
    const server = new Executor({ settings: { 'stream-node-max-entries': 2 } });
    addEntries(server, 's', 5);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    expect(fields(server.run('XINFO', 'STREAM', 's'))).toEqual({
      length: 5,
      'radix-tree-keys': 3,
      'radix-tree-nodes': 8,
      'last-generated-id': '5-0',
      'max-deleted-entry-id': '0-0',
      'entries-added': 5n,
      'recorded-first-entry-id': '1-0',
      groups: 1,
      'first-entry': ['1-0', ['f', 'v1']],
      'last-entry': ['5-0', ['f', 'v5']],
    });
  });

  it('XINFO STREAM FULL lists entries, groups, PELs and consumers, COUNT bounding the lists', () => {
    const server = new Executor();
    addEntries(server, 's', 3);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    const full = fields(server.run('XINFO', 'STREAM', 's', 'FULL', 'COUNT', 1));
    expect(full.entries).toEqual([['1-0', ['f', 'v1']]]);
    const group = fields((full.groups as Reply[])[0] as Reply);
    expect(group).toMatchObject({ name: 'g', 'last-delivered-id': '3-0', 'entries-read': 3n, lag: 0n, 'pel-count': 3, pending: [['1-0', 'alice', NOW, 1]] });
    expect(fields((group.consumers as Reply[])[0] as Reply)).toEqual({ name: 'alice', 'seen-time': NOW, 'pel-count': 3, pending: [['1-0', NOW, 1]] });
  });

  it('XINFO GROUPS reports lag, null when tombstones make it unknown', () => {
    const server = new Executor();
    addEntries(server, 's', 4);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's', '>');
    server.run('XDEL', 's', '3-0');
    expect(fields((server.run('XINFO', 'GROUPS', 's') as Reply[])[0] as Reply)).toMatchObject({ 'entries-read': 1n, lag: null });
  });

  it('XINFO HELP and XGROUP HELP list their subcommands', () => {
    const server = new Executor();
    expect((server.run('XINFO', 'HELP') as Reply[]).length).toBe(9);
    expect((server.run('XGROUP', 'HELP') as Reply[]).length).toBe(17);
  });
});

describe('streams and the generic key commands', () => {
  it('TYPE is stream, OBJECT ENCODING is stream, DEL and RENAME work', () => {
    const server = new Executor();
    addEntries(server, 's', 2);
    expect(server.run('TYPE', 's')).toEqual({ text: 'stream' });
    expect(server.run('OBJECT', 'ENCODING', 's')).toBe('stream');
    expect(server.run('RENAME', 's', 't')).toBe(OK);
    expect(server.run('XLEN', 't')).toBe(2);
    expect(server.run('DEL', 't')).toBe(1);
  });

  it('MEMORY USAGE models Redis 7.0: a one-entry stream is 4728 bytes and grows with groups and PELs', () => {
    const server = new Executor();
    server.run('XADD', 's', '1-1', 'f', 'v');
    expect(server.run('MEMORY', 'USAGE', 's')).toBe(4728);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    const withGroup = server.run('MEMORY', 'USAGE', 's') as number;
    server.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    expect(withGroup).toBe(4728 + 284);
    expect(server.run('MEMORY', 'USAGE', 's') as number).toBeGreaterThan(withGroup);
  });

  it('a large stream stays compact: 20,000 small entries in under 20 bytes each', () => {
    const stream = new StreamValue();
    const limits = { bytesMax: 4096, entriesMax: 100 };
    for (let ms = 1; ms <= 20_000; ms++) stream.append(streamId(BigInt(ms), 0n), ['field', String(ms)], limits);
    expect(stream.nodeCount).toBe(200);
    const stored = (stream as unknown as { nodes: { storedBytes: number }[] }).nodes.reduce((sum, node) => sum + node.storedBytes, 0);
    expect(stored / 20_000).toBeLessThan(20);
  });
});
