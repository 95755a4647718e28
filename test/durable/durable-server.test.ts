/**
 * Durable servers on a real log cluster, in one process (log nodes on SQLite in a temp dir, the
 * servers on loopback ports): writes are acknowledged only after the log commits them, replicas
 * serve what the log committed, a reply that depends on an uncommitted change waits while others
 * do not, a replica takes over when the primary goes away, and a restart finds every write.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TxlogClient } from '../../txlog/src/client/index.js';
import { decodeEffects } from '../../server/src/durable/effects-record.js';
import { DurableFixture, LEASE_MS, role, until } from './fixture.js';

const fixture = new DurableFixture();
afterEach(() => fixture.cleanup());
const logCluster = () => fixture.logCluster();
const tempDir = () => fixture.tempDir();
const client = (running: Parameters<DurableFixture['client']>[0]) => fixture.client(running);
const server = (cluster: Parameters<DurableFixture['server']>[0], dir: string, leaseMs = LEASE_MS) => fixture.server(cluster, dir, { leaseMs });

/** A log cluster, a primary (first) and a caught-up replica (second), in their own directories under dir. */
async function primaryAndReplica() {
  const cluster = await logCluster();
  const dir = tempDir();
  const first = await server(cluster, path.join(dir, 'a'));
  await until(() => role(first) === 'primary', 'a primary');
  const second = await server(cluster, path.join(dir, 'b'));
  await until(() => role(second) === 'replica', 'a caught-up replica');
  return { cluster, dir, first, second };
}

describe('durable servers on the log', () => {
  it('one claims the primary lease; writes commit there and replicas serve them; replicas refuse writes', async () => {
    const { first, second } = await primaryAndReplica();
    const primary = client(first);
    const replica = client(second);
    expect(await primary.set('greeting', 'hello')).toBe('OK');
    expect(await primary.incrby('counter', 5)).toBe(5);
    await until(async () => (await replica.get('counter')) === '5', 'the replica to apply the writes');
    expect(await replica.get('greeting')).toBe('hello');
    await expect(replica.set('x', '1')).rejects.toThrow("READONLY You can't write against a read only replica.");
    // The replica's link may or may not be listed yet (replication-commands.test.ts covers it).
    expect(((await primary.call('ROLE')) as unknown[]).slice(0, 2)).toEqual(['master', first.node.view().appliedId]);
    const replicaRole = (await replica.call('ROLE')) as unknown[];
    expect(replicaRole.slice(0, 4)).toEqual(['slave', '127.0.0.1', first.server.port, 'connected']);
    expect(await replica.info('replication')).toContain(`master_port:${first.server.port}`);
  });

  it('logs the writes read in one event-loop turn as one record, in order; WAIT and the replica see them', async () => {
    const { cluster, first, second } = await primaryAndReplica();
    const primary = client(first);
    // One pipeline is one socket write, so the server reads all of it in one turn.
    const pipeline = primary.pipeline();
    for (let index = 0; index < 20; index++) pipeline.set(`turn:${index}`, String(index));
    pipeline.incr('turn:counter');
    const replies = await pipeline.exec();
    expect(replies).toEqual([...Array.from({ length: 20 }, () => [null, 'OK']), [null, 1]]);
    expect(await primary.call('WAIT', '1', '5000')).toBe(1);
    expect(await client(second).get('turn:19')).toBe('19');
    const log = new TxlogClient([...cluster.addresses.values()]);
    try {
      const lastId = first.node.view().appliedId;
      let found: (readonly string[])[] | null = null;
      for await (const record of log.tail(1)) {
        if (record.kind === 'data') {
          const argvs = decodeEffects(record.payload).map((effect) => effect.argv);
          if (argvs.some((argv) => argv[1] === 'turn:0')) found = argvs;
        }
        if (record.id >= lastId) break;
      }
      const expected = [...Array.from({ length: 20 }, (_, index) => ['SET', `turn:${index}`, String(index)]), ['INCR', 'turn:counter']];
      expect(found?.map(([name, ...rest]) => [name?.toUpperCase(), ...rest])).toEqual(expected);
    } finally {
      log.close();
    }
  });

  it('refuses a write too large for one log record before running it, and keeps serving', async () => {
    const cluster = await logCluster();
    const first = await server(cluster, path.join(tempDir(), 'a'));
    await until(() => role(first) === 'primary', 'a primary');
    const primary = client(first);
    const limit = 64 * 1024 * 1024;
    const refusal = `ERR the write is larger than the transaction log's record limit of ${limit} bytes`;
    await expect(primary.set('big', Buffer.alloc(limit))).rejects.toThrow(refusal);
    const half = Buffer.alloc(limit / 2);
    const transaction = primary.multi().set('a', half).set('b', half);
    await expect(transaction.exec()).rejects.toThrow(`EXECABORT Transaction discarded because of: the write is larger than the transaction log's record limit of ${limit} bytes`);
    expect(await primary.exists('big', 'a', 'b')).toBe(0);
    expect(await primary.set('small', 'ok')).toBe('OK');
    expect(role(first)).toBe('primary');
  });

  it('serves a client blocked in BLPOP on the primary from a push, logs the pop, and the replica ends up with the same list', async () => {
    const { first, second } = await primaryAndReplica();
    const waiter = client(first);
    const pusher = client(first);
    const replica = client(second);
    const popped = waiter.blpop('queue', 0);
    await until(async () => (await pusher.info('clients')).includes('blocked_clients:1'), 'the BLPOP to block');
    expect(await pusher.rpush('queue', 'a', 'b')).toBe(2);
    expect(await popped).toEqual(['queue', 'a']);
    expect(await pusher.lrange('queue', 0, -1)).toEqual(['b']);
    await until(async () => (await replica.llen('queue')) === 1, 'the replica to apply the push and the pop');
    expect(await replica.lrange('queue', 0, -1)).toEqual(['b']);
  });

  it('holds a reply (and the MONITOR line) until its write commits; a read of that key waits, a read of a clean key does not', async () => {
    const cluster = await logCluster();
    // A lease long enough to outlast the log's outage: the primary keeps serving reads meanwhile.
    const first = await server(cluster, tempDir(), 3_000);
    await until(() => role(first) === 'primary', 'a primary');
    const writer = client(first);
    const reader = client(first);
    const other = client(first);
    const monitor = await client(first).monitor();
    const monitored: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => monitored.push(args.join(' ')));
    expect(await writer.set('clean', 'c')).toBe('OK');
    await until(() => monitored.includes('set clean c'), 'the MONITOR line of a committed write');
    // Without a majority the log commits nothing.
    const leader = await cluster.leader();
    const followers = cluster.voters.filter((id) => id !== leader);
    await Promise.all(followers.map((id) => cluster.node(id).stop()));
    const settled: string[] = [];
    const write = writer.set('dirty', 'd').then((reply) => settled.push(`write ${reply}`));
    const dirtyRead = reader.get('dirty').then((reply) => settled.push(`read dirty ${reply}`));
    // Replies leave each connection in order, so the clean read goes on a third connection.
    expect(await other.get('clean')).toBe('c');
    await until(() => monitored.includes('get clean'), 'the MONITOR line of the clean read');
    expect(settled).toEqual([]);
    // Nobody sees the uncommitted write, not even a monitor.
    expect(monitored.filter((line) => line.includes('dirty'))).toEqual([]);
    for (const id of followers) await cluster.restart(id);
    await Promise.all([write, dirtyRead]);
    expect(settled).toEqual(['write OK', 'read dirty d']);
    await until(() => monitored.includes('set dirty d'), 'the MONITOR line once the write committed');
  });

  it('a replica takes over within a few leases when the primary goes away, with every acknowledged write', async () => {
    const { first, second } = await primaryAndReplica();
    const primary = client(first);
    const acknowledged: string[] = [];
    for (let index = 0; index < 50; index++) {
      await primary.set(`key:${index}`, String(index));
      acknowledged.push(`key:${index}`);
    }
    const stoppedAt = Date.now();
    await first.close();
    await until(() => role(second) === 'primary', 'the replica to become primary');
    const failoverMs = Date.now() - stoppedAt;
    expect(failoverMs).toBeLessThan(LEASE_MS * 5);
    const promoted = client(second);
    expect(await promoted.mget(...acknowledged)).toEqual(acknowledged.map((_, index) => String(index)));
    expect(await promoted.set('after', 'failover')).toBe('OK');
  });

  it('after every server and log node stops, a restart finds every acknowledged write', async () => {
    const cluster = await logCluster();
    const dir = tempDir();
    const first = await server(cluster, path.join(dir, 'a'));
    await until(() => role(first) === 'primary', 'a primary');
    const primary = client(first);
    for (let index = 0; index < 30; index++) await primary.incr('count');
    await primary.set('ttl', 'v', 'PX', 600_000);
    await first.close();
    for (const id of cluster.voters) await cluster.node(id).stop();
    for (const id of cluster.voters) await cluster.restart(id);
    const again = await server(cluster, path.join(dir, 'a'));
    await until(() => role(again) === 'primary', 'a primary after the restart');
    const redis = client(again);
    expect(await redis.get('count')).toBe('30');
    expect(await redis.get('ttl')).toBe('v');
    expect(await redis.pttl('ttl')).toBeGreaterThan(500_000);
  });
});
