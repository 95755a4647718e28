/**
 * Snapshots on a durable cluster (three log nodes on SQLite, servers and a snapshotter in this
 * process): SAVE, BGSAVE, LASTSAVE and INFO persistence; trimming below the previous snapshot; a
 * server started after trimming recovers every acknowledged write from snapshot + tail; a node
 * that lags past a trim rebuilds from the latest snapshot.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TxlogClient } from '../../txlog/src/client/index.js';
import { buildCommandTable } from '../../server/src/commands/index.js';
import { Dispatcher } from '../../server/src/commands/dispatch.js';
import { Settings } from '../../server/src/config/settings.js';
import { DurableNode } from '../../server/src/durable/durable-node.js';
import { silentLogger } from '../../server/src/log.js';
import { systemClock } from '../../server/src/state/clock.js';
import { ServerState } from '../../server/src/state/server-state.js';
import { startSnapshotterNode, type SnapshotterNode } from '../../server/src/snapshot/snapshotter-node.js';
import { verifySnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import type { Cluster } from '../txlog/node/cluster.js';
import { DurableFixture, role, until } from './fixture.js';

const fixture = new DurableFixture();
afterEach(() => fixture.cleanup());

/** Keys written per batch in these tests. */
const BATCH_KEYS = 200;

function snapshotter(cluster: Cluster, dir: string, everyRecords = 1_000_000): SnapshotterNode {
  const running = startSnapshotterNode({
    log: [...cluster.addresses.values()],
    dir,
    everyRecords,
    everyBytes: 1024 ** 4,
    databases: 16,
    checkEveryMs: 20,
    logger: silentLogger(),
  });
  fixture.cleanups.push(() => running.stop());
  return running;
}

function infoField(info: string, name: string): number {
  const match = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  if (match === null) throw new Error(`INFO has no ${name}`);
  return Number(match[1]);
}

/** A node that follows the log and never claims the lease (no snapshotter on it). */
function follower(cluster: Cluster): { node: DurableNode; state: ServerState } {
  const state = new ServerState({ settings: new Settings({}), clock: systemClock, random: Math.random, role: 'replica' });
  const node = new DurableNode(state, new Dispatcher(state, buildCommandTable()), { log: [...cluster.addresses.values()], leaseMs: 600, logger: silentLogger(), claimsLease: false });
  state.commitGate = node.gate;
  node.start('follower');
  fixture.cleanups.push(() => node.stop());
  return { node, state };
}

async function logStatus(cluster: Cluster) {
  const client = new TxlogClient([...cluster.addresses.values()]);
  try {
    return await client.status();
  } finally {
    client.close();
  }
}

describe('snapshots on a durable cluster', () => {
  it('SAVE returns once a verified snapshot holding the write is recorded; LASTSAVE and INFO persistence report it', async () => {
    const cluster = await fixture.logCluster();
    const primary = await fixture.server(cluster, fixture.tempDir());
    await until(() => role(primary) === 'primary', 'a primary');
    const dir = fixture.tempDir();
    snapshotter(cluster, dir);
    const redis = fixture.client(primary);
    for (let index = 0; index < BATCH_KEYS; index++) await redis.set(`key:${index}`, `value:${index}`);
    const before = Math.floor(Date.now() / 1000);
    expect(await redis.call('SAVE')).toBe('OK');
    const status = await logStatus(cluster);
    const latest = status.snapshots[0];
    expect(latest?.keyCount).toBe(BATCH_KEYS);
    expect(path.dirname(latest?.location ?? '')).toBe(dir);
    const verified = await verifySnapshot(latest?.location ?? '');
    expect(verified.digest).toBe(latest?.digest);
    expect(verified.header.createdAtMs).toBe(latest?.createdMs);
    expect(Number(await redis.call('LASTSAVE'))).toBeGreaterThanOrEqual(before);
    await until(async () => infoField(await redis.info('persistence'), 'snapshot_log_index') === latest?.recordId, 'INFO to show the snapshot');
    const info = await redis.info('persistence');
    expect(infoField(info, 'snapshot_keys')).toBe(BATCH_KEYS);
    expect(infoField(info, 'snapshot_bytes')).toBe(latest?.sizeBytes);
    expect(infoField(info, 'rdb_last_save_time')).toBe(Math.floor((latest?.createdMs ?? 0) / 1000));
  });

  it('BGSAVE answers at once and a snapshot follows; SAVE inside MULTI is refused', async () => {
    const cluster = await fixture.logCluster();
    const primary = await fixture.server(cluster, fixture.tempDir());
    await until(() => role(primary) === 'primary', 'a primary');
    snapshotter(cluster, fixture.tempDir());
    const redis = fixture.client(primary);
    await redis.set('a', '1');
    expect(await redis.call('BGSAVE')).toBe('Background saving started');
    await until(async () => (await logStatus(cluster)).snapshots.length === 1, 'the snapshot BGSAVE asked for');
    await expect(redis.call('BGSAVE', 'NOW')).rejects.toThrow('ERR syntax error');
    await expect(redis.multi().call('SAVE').exec()).rejects.toThrow('EXECABORT');
    const reasons = await redis.multi().call('SAVE').exec().catch((error: { previousErrors?: Error[] }) => error.previousErrors?.map((cause) => cause.message));
    expect(reasons).toEqual(['ERR Command not allowed inside a transaction']);
  });

  it('trims the log below the previous snapshot; a server started afterwards recovers every acknowledged write', async () => {
    const cluster = await fixture.logCluster();
    const first = await fixture.server(cluster, fixture.tempDir());
    await until(() => role(first) === 'primary', 'a primary');
    const dir = fixture.tempDir();
    snapshotter(cluster, dir);
    const redis = fixture.client(first);
    for (const batch of ['a', 'b', 'c']) {
      for (let index = 0; index < BATCH_KEYS; index++) await redis.set(`${batch}:${index}`, `${batch}${index}`);
      await redis.rpush('list', batch);
      if (batch !== 'c') expect(await redis.call('SAVE')).toBe('OK');
    }
    expect(await redis.call('SAVE')).toBe('OK');
    const status = await logStatus(cluster);
    const [newest, previous] = status.snapshots;
    expect(previous).toBeDefined();
    expect(status.firstRetainedId).toBe((previous?.recordId ?? 0) + 1);
    // The first snapshot's file is gone: only the two newest are kept.
    expect(existsSync(status.snapshots[1]?.location ?? '')).toBe(true);
    expect(newest?.keyCount).toBe(3 * BATCH_KEYS + 1);

    // Writes after the last snapshot are in the log's tail only.
    await redis.set('after', 'snapshot');
    await first.close();
    const second = await fixture.server(cluster, fixture.tempDir());
    await until(() => role(second) === 'primary', 'the second server to take over');
    const reader = fixture.client(second);
    expect(await reader.dbsize()).toBe(3 * BATCH_KEYS + 2);
    expect(await reader.get('a:0')).toBe('a0');
    expect(await reader.get(`c:${BATCH_KEYS - 1}`)).toBe(`c${BATCH_KEYS - 1}`);
    expect(await reader.lrange('list', 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await reader.get('after')).toBe('snapshot');
  });

  it('a node whose next records were trimmed while it lagged rebuilds from the latest snapshot and catches up', async () => {
    const cluster = await fixture.logCluster();
    const primary = await fixture.server(cluster, fixture.tempDir());
    await until(() => role(primary) === 'primary', 'a primary');
    snapshotter(cluster, fixture.tempDir());
    const lagging = follower(cluster);
    await until(() => lagging.node.following, 'the lagging node to follow the log');
    const resume = lagging.node.pauseApplying();
    const redis = fixture.client(primary);
    const value = 'v'.repeat(2000);
    // Far more than a Tail stream buffers, then two snapshots: the log is trimmed past the lagging node.
    for (const batch of ['a', 'b']) {
      for (let index = 0; index < 1000; index++) await redis.set(`${batch}:${index}`, value);
      expect(await redis.call('SAVE')).toBe('OK');
    }
    const status = await logStatus(cluster);
    expect(status.firstRetainedId).toBeGreaterThan(lagging.node.appliedRecordId + 1);
    resume();
    await until(() => lagging.node.following && lagging.state.keyspace.size === 2000, 'the lagging node to rebuild and catch up');
    expect(lagging.state.keyspace.db(0).size).toBe(2000);
    const outcome = await Promise.race([lagging.node.ended, Promise.resolve('running')]);
    expect(outcome).toBe('running');
  });
});
