/**
 * Replication commands on durable servers over a real log cluster, in one process (loopback):
 * replicas link to the primary and acknowledge what they applied (REPLCONF), so the primary lists
 * them in ROLE and INFO replication and WAIT counts them; WAITAOF answers what the log
 * guarantees; every node answers SENTINEL, and ioredis pointed at the nodes as its sentinels
 * finds the primary and follows a failover.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningDurableServer } from '../../server/src/durable/durable-server.js';
import { RespClient, plain } from '../support/resp-client.js';
import type { Cluster } from '../txlog/node/cluster.js';
import { DurableFixture, role, until } from './fixture.js';

const fixture = new DurableFixture();
const cleanups = fixture.cleanups;
afterEach(() => fixture.cleanup());
const logCluster = () => fixture.logCluster();
const tempDir = () => fixture.tempDir('cairn-replication-');
const client = (running: RunningDurableServer) => fixture.client(running);
const server = (cluster: Cluster, dir: string, settings: Record<string, string | number> = {}) => fixture.server(cluster, dir, { settings });

async function raw(running: RunningDurableServer): Promise<RespClient> {
  const connection = await RespClient.connect(running.server.port);
  cleanups.push(() => connection.close());
  return connection;
}


/** A primary and `replicas` caught-up replicas, each replica linked (listed by the primary's ROLE). */
async function group(replicas: number, settings: Record<string, string | number> = {}): Promise<RunningDurableServer[]> {
  const cluster = await logCluster();
  const dir = tempDir();
  const primary = await server(cluster, path.join(dir, 'primary'), settings);
  await until(() => role(primary) === 'primary', 'a primary');
  const nodes = [primary];
  for (let index = 0; index < replicas; index++) {
    const replica = await server(cluster, path.join(dir, `replica-${index}`), settings);
    await until(() => role(replica) === 'replica', 'a caught-up replica');
    nodes.push(replica);
  }
  const redis = client(primary);
  await until(async () => ((await redis.call('ROLE')) as unknown[][])[2]?.length === replicas, `${replicas} linked replicas`);
  await redis.quit();
  return nodes;
}

/** A connection that plays a replica by hand: it announces a port and acknowledges the offsets a test gives. */
async function handReplica(primary: RunningDurableServer, port: number): Promise<{ ack: (offset: number) => void }> {
  const connection = await raw(primary);
  expect(plain(await connection.call('REPLCONF', 'listening-port', String(port)))).toBe('OK');
  return { ack: (offset) => connection.writeRaw(`*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$${String(offset).length}\r\n${offset}\r\n`) };
}

/** A SENTINEL reply of field/value pairs as an object. */
function fields(flat: unknown): Record<string, string> {
  const list = flat as string[];
  const out: Record<string, string> = {};
  for (let index = 0; index + 1 < list.length; index += 2) out[list[index] as string] = list[index + 1] as string;
  return out;
}

describe('replicas acknowledge to the primary', () => {
  it('a replica appears in ROLE and INFO replication on the primary, at the offset it applied', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    expect(await redis.set('k', 'v')).toBe('OK');
    const offset = primary.node.view().appliedId;
    await until(async () => {
      const [, , replicas] = (await redis.call('ROLE')) as [string, number, string[][]];
      return Number(replicas[0]?.[2]) >= offset;
    }, 'the acknowledgement of the write');
    const [name, primaryOffset, replicas] = (await redis.call('ROLE')) as [string, number, string[][]];
    expect(name).toBe('master');
    expect(primaryOffset).toBeGreaterThanOrEqual(offset);
    expect(replicas).toHaveLength(1);
    const [host, port, acknowledged] = replicas[0] as string[];
    expect([host, port]).toEqual(['127.0.0.1', String(replica.server.port)]);
    expect(Number(acknowledged)).toBeGreaterThanOrEqual(offset);
    expect(Number(acknowledged)).toBeLessThanOrEqual(primary.node.view().appliedId);
    const info = await redis.info('replication');
    expect(info).toContain('connected_slaves:1\r\n');
    expect(info).toMatch(new RegExp(`\\r\\nslave0:ip=127\\.0\\.0\\.1,port=${replica.server.port},state=online,offset=\\d+,lag=[01]\\r\\n`));
  });

  it('the primary forgets a replica whose server stops', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    await replica.close();
    await until(async () => ((await redis.call('ROLE')) as unknown[][])[2]?.length === 0, 'the replica to be forgotten');
    expect(await redis.info('replication')).toContain('connected_slaves:0\r\n');
  });

  it('a replica links to the new primary after a failover', async () => {
    const [first, second, third] = (await group(2)) as [RunningDurableServer, RunningDurableServer, RunningDurableServer];
    await first.close();
    await until(() => role(second) === 'primary' || role(third) === 'primary', 'a new primary');
    const [primary, replica] = role(second) === 'primary' ? [second, third] : [third, second];
    const redis = client(primary);
    await until(async () => ((await redis.call('ROLE')) as string[][][])[2]?.[0]?.[1] === String(replica.server.port), 'the replica to link to the new primary');
  });

  it('REPLCONF ACK from a connection that announced no port is ignored, without a reply', async () => {
    const [primary] = (await group(0)) as [RunningDurableServer];
    const connection = await raw(primary);
    connection.writeRaw('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$3\r\n100\r\n');
    expect(plain(await connection.call('ROLE'))).toEqual(['master', primary.node.view().appliedId, []]);
    expect(plain(await connection.call('REPLCONF', 'listening-port', '7777'))).toBe('OK');
    expect(plain(await connection.call('ROLE'))).toEqual(['master', primary.node.view().appliedId, []]);
    connection.writeRaw('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$1\r\n5\r\n');
    expect(plain(await connection.call('ROLE'))).toEqual(['master', primary.node.view().appliedId, [['127.0.0.1', '7777', '5']]]);
    connection.close();
    const redis = client(primary);
    await until(async () => ((await redis.call('ROLE')) as unknown[][])[2]?.length === 0, 'the closed connection to be forgotten');
  });
});

describe('WAIT and WAITAOF', () => {
  it('WAIT 1 returns 1 after a write once the replica applied it: the replica then serves it', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    const replicaClient = client(replica);
    for (let index = 0; index < 20; index++) {
      expect(await redis.set('counter', String(index))).toBe('OK');
      expect(await redis.call('WAIT', '1', '5000')).toBe(1);
      expect(await replicaClient.get('counter')).toBe(String(index));
    }
  });

  it('WAIT counts only replicas that acknowledged the record of the connection\'s last write', async () => {
    const [primary] = (await group(0)) as [RunningDurableServer];
    const replica = await handReplica(primary, 7001);
    const redis = client(primary);
    const before = primary.node.view().appliedId;
    replica.ack(before);
    expect(await redis.set('k', 'v')).toBe('OK');
    const after = primary.node.view().appliedId; // the write's record is in (before, after]
    expect(await redis.call('WAIT', '1', '200')).toBe(0);
    const waiting = redis.call('WAIT', '1', '0');
    replica.ack(after);
    expect(await waiting).toBe(1);
    expect(await redis.call('WAIT', '1', '0')).toBe(1);
  });

  it('WAIT waits for the commit of a write pipelined just before it, then for its acknowledgement', async () => {
    const [primary] = (await group(0)) as [RunningDurableServer];
    const replica = await handReplica(primary, 7002);
    replica.ack(primary.node.view().appliedId);
    const connection = await raw(primary);
    const first = await connection.pipeline([['SET', 'pipelined', '1'], ['WAIT', '1', '200']]);
    expect(first.map(plain)).toEqual(['OK', 0]);
    const written = connection.pipeline([['SET', 'pipelined', '2'], ['WAIT', '1', '0']]);
    const reader = client(primary);
    // A read of a key with an uncommitted change waits for its commit: '2' means the write committed.
    await until(async () => (await reader.get('pipelined')) === '2', 'the write to commit');
    replica.ack(primary.node.view().appliedId);
    expect((await written).map(plain)).toEqual(['OK', 1]);
  });

  it('WAIT counts the write pipelined just before it, before that write has committed', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const connection = await raw(primary);
    const replies = await connection.pipeline([['SET', 'pipelined', 'yes'], ['WAIT', '1', '5000'], ['GET', 'pipelined']]);
    expect(replies.map(plain)).toEqual(['OK', 1, 'yes']);
    expect(await client(replica).get('pipelined')).toBe('yes');
  });

  it('WAIT 2 with one replica returns 1 after about its timeout', async () => {
    const [primary] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    await redis.set('k', 'v');
    const startedAt = Date.now();
    expect(await redis.call('WAIT', '2', '300')).toBe(1);
    const elapsed = Date.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('WAIT answers at once when enough replicas have the write, and inside MULTI', async () => {
    const [primary] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    expect(await redis.call('WAIT', '0', '0')).toBe(1); // no write on this connection: every replica has it
    expect(await redis.call('WAIT', '-1', '0')).toBe(1);
    await redis.set('k', 'v');
    const startedAt = Date.now();
    expect(await redis.multi().call('WAIT', '5', '0').exec()).toEqual([[null, expect.any(Number)]]);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('WAIT on a replica and bad arguments answer with Redis errors', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    await expect(client(replica).call('WAIT', '1', '0')).rejects.toThrow(/^ERR WAIT cannot be used with replica instances\. Please also note/);
    const redis = client(primary);
    await expect(redis.call('WAIT', 'x', '0')).rejects.toThrow('ERR value is not an integer or out of range');
    await expect(redis.call('WAIT', '1', 'x')).rejects.toThrow('ERR timeout is not an integer or out of range');
    await expect(redis.call('WAIT', '1', '-1')).rejects.toThrow('ERR timeout is negative');
  });

  it('WAITAOF answers at once with [1, replicas connected] on the primary, and refuses on a replica', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = client(primary);
    await redis.set('k', 'v');
    expect(await redis.call('WAITAOF', '1', '1', '0')).toEqual([1, 1]);
    expect(await redis.call('WAITAOF', '0', '5', '100')).toEqual([1, 1]);
    await expect(redis.call('WAITAOF', '2', '0', '0')).rejects.toThrow('ERR value is out of range, value must between 0 and 1');
    await expect(redis.call('WAITAOF', '0', '-1', '0')).rejects.toThrow('ERR value is out of range, must be positive');
    await expect(redis.call('WAITAOF', '0', '0', '-1')).rejects.toThrow('ERR timeout is negative');
    await expect(client(replica).call('WAITAOF', '0', '0', '0')).rejects.toThrow(
      'ERR WAITAOF cannot be used with replica instances. Please also note that writes to replicas are just local and are not propagated.',
    );
  });
});

describe('SENTINEL on durable nodes', () => {
  it('the primary and a replica both name the primary; the primary lists its replica, the replica itself', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const primaryAddress = ['127.0.0.1', String(primary.server.port)];
    const replicaAddress = ['127.0.0.1', String(replica.server.port)];
    for (const node of [primary, replica]) {
      const redis = client(node);
      expect(await redis.call('SENTINEL', 'get-master-addr-by-name', 'cairn')).toEqual(primaryAddress);
      const master = fields(await redis.call('SENTINEL', 'master', 'cairn'));
      expect([master.name, master.ip, master.port, master.flags, master['num-slaves']]).toEqual(['cairn', ...primaryAddress, 'master', '1']);
      expect(((await redis.call('SENTINEL', 'masters')) as unknown[]).map((entry) => fields(entry).port)).toEqual([primaryAddress[1]]);
      const replicas = ((await redis.call('SENTINEL', 'replicas', 'cairn')) as unknown[]).map(fields);
      expect(replicas.map((entry) => [entry.ip, entry.port, entry.flags, entry['master-port']])).toEqual([[...replicaAddress, 'slave', primaryAddress[1]]]);
      const slaves = ((await redis.call('SENTINEL', 'slaves', 'cairn')) as unknown[]).map(fields);
      expect(slaves.map((entry) => [entry.ip, entry.port, entry.flags])).toEqual([[...replicaAddress, 'slave']]);
      const other = node === primary ? replicaAddress : primaryAddress;
      const sentinels = ((await redis.call('SENTINEL', 'sentinels', 'cairn')) as unknown[]).map(fields);
      expect(sentinels.map((entry) => [entry.ip, entry.port, entry.flags])).toEqual([[...other, 'sentinel']]);
      expect(await redis.call('SENTINEL', 'get-master-addr-by-name', 'other')).toBeNull();
      await expect(redis.call('SENTINEL', 'master', 'other')).rejects.toThrow('ERR No such master with that name');
    }
  });

  it('the group name is the setting cairn-group-name', async () => {
    const [primary] = (await group(0, { 'cairn-group-name': 'orders' })) as [RunningDurableServer];
    const redis = client(primary);
    expect(await redis.call('SENTINEL', 'get-master-addr-by-name', 'orders')).toEqual(['127.0.0.1', String(primary.server.port)]);
    expect(await redis.call('SENTINEL', 'get-master-addr-by-name', 'cairn')).toBeNull();
  });

  it('ioredis with the nodes as its sentinels finds the primary, and after the primary stops writes to the new one', async () => {
    const [primary, replica] = (await group(1)) as [RunningDurableServer, RunningDurableServer];
    const redis = new Redis({
      sentinels: [primary, replica].map((node) => ({ host: '127.0.0.1', port: node.server.port })),
      name: 'cairn',
      sentinelRetryStrategy: () => 50,
      retryStrategy: () => 50,
    });
    redis.on('error', () => undefined);
    cleanups.push(() => void redis.disconnect());
    expect(await redis.set('before', '1')).toBe('OK');
    expect(await redis.call('ROLE')).toEqual(['master', expect.any(Number), expect.any(Array)]);
    await primary.close();
    await until(() => role(replica) === 'primary', 'the replica to take over');
    let reply: unknown = null;
    await until(async () => {
      reply = await redis.set('after', '2').catch(() => null);
      return reply === 'OK';
    }, 'a write through ioredis on the new primary');
    expect(await redis.mget('before', 'after')).toEqual(['1', '2']);
    expect(await redis.info('server')).toContain(`tcp_port:${replica.server.port}\r\n`);
  });
});
