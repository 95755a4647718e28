/**
 * Where a node starts (server/src/durable/snapshot-start.ts): the newest loadable snapshot the
 * log records, a corrupt one skipped for the previous one, a seed only while the log is whole,
 * and a refusal when the state cannot be rebuilt.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeStatus, SnapshotView } from '../../txlog/src/client/index.js';
import { loadStartingSnapshot } from '../../server/src/durable/snapshot-start.js';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { silentLogger } from '../../server/src/log.js';
import { writeSnapshot } from '../../server/src/snapshot/snapshot-writer.js';
import { snapshotFileName } from '../../server/src/snapshot/snapshotter.js';
import { Executor } from '../support/executor.js';
import { temporaryDirectory } from '../snapshot/snapshot-support.js';

const removals: (() => void)[] = [];
afterEach(() => {
  for (const remove of removals.splice(0)) remove();
});

function directory(): string {
  const made = temporaryDirectory();
  removals.push(made.remove);
  return made.path;
}

/** A snapshot at `logIndex` of a keyspace holding `keys` strings; returns its registry entry. */
async function snapshotOf(dir: string, logIndex: number, keys: number): Promise<SnapshotView> {
  const server = new Executor();
  for (let index = 0; index < keys; index++) server.run('SET', `key:${index}`, `value:${index}`);
  const file = path.join(dir, snapshotFileName(logIndex));
  const written = await writeSnapshot(file, server.state.keyspace, { logIndex, lastAcceptedId: logIndex, leaseEpoch: 1, createdAtMs: 1_700_000_000_000 + logIndex });
  return { recordId: logIndex, location: file, sizeBytes: written.bytes, keyCount: written.keyCount, digest: written.digest, createdMs: 0, answersRequestSeq: 0 };
}

function status(snapshots: SnapshotView[], firstRetainedId: number): NodeStatus {
  return {
    nodeId: 1,
    role: 'leader',
    term: 1,
    commitIndex: 0,
    lastIndex: 0,
    appliedIndex: 0,
    leaderId: 1,
    leaderAddress: '',
    peers: [],
    lease: null,
    lastAcceptedId: 1000,
    firstRetainedId,
    snapshots,
    snapshotRequestSeq: 0,
  };
}

function corrupt(file: string): void {
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
}

const keyspace = () => new Keyspace({ databases: 16, expiryMode: 'replica', random: Math.random });

describe('the snapshot a node starts from', () => {
  it('is the newest one the log records, then the log after it', async () => {
    const dir = directory();
    const older = await snapshotOf(dir, 100, 5);
    const newer = await snapshotOf(dir, 200, 7);
    const loaded = keyspace();
    const start = await loadStartingSnapshot(loaded, status([newer, older], 101), null, 0, silentLogger());
    expect(start).toEqual({ appliedId: 200, leaseEpoch: 1, file: newer.location });
    expect(loaded.size).toBe(7);
  });

  it('skips a corrupt newest snapshot (never half-loaded) for the previous one and its longer tail', async () => {
    const dir = directory();
    const older = await snapshotOf(dir, 100, 5);
    const newer = await snapshotOf(dir, 200, 7);
    corrupt(newer.location);
    const loaded = keyspace();
    const start = await loadStartingSnapshot(loaded, status([newer, older], 101), null, 0, silentLogger());
    expect(start.appliedId).toBe(100);
    expect(loaded.size).toBe(5);
  });

  it('refuses to start when nothing loads and the log was trimmed', async () => {
    const dir = directory();
    const only = await snapshotOf(dir, 100, 5);
    corrupt(only.location);
    await expect(loadStartingSnapshot(keyspace(), status([only], 101), null, 0, silentLogger())).rejects.toThrow('the log holds records from id 101 only and no snapshot can be loaded');
  });

  it('uses a seed (log index 0) from its snapshot directory only while the log holds every record', async () => {
    const dir = directory();
    await snapshotOf(dir, 0, 3);
    const whole = keyspace();
    expect((await loadStartingSnapshot(whole, status([], 1), dir, 0, silentLogger())).appliedId).toBe(0);
    expect(whole.size).toBe(3);
    const trimmed = keyspace();
    await expect(loadStartingSnapshot(trimmed, status([], 50), dir, 0, silentLogger())).rejects.toThrow('no snapshot can be loaded');
  });

  it('refuses to start without a seed that cannot be loaded: its data is in no log record', async () => {
    const dir = directory();
    const seed = await snapshotOf(dir, 0, 3);
    corrupt(seed.location);
    await expect(loadStartingSnapshot(keyspace(), status([], 1), dir, 0, silentLogger())).rejects.toThrow('cannot be loaded and the log does not hold its data');
  });

  it('replays the whole log when there is no snapshot and nothing was trimmed', async () => {
    const loaded = keyspace();
    expect(await loadStartingSnapshot(loaded, status([], 1), directory(), 0, silentLogger())).toEqual({ appliedId: 0, leaseEpoch: 0, file: null });
    expect(loaded.size).toBe(0);
  });
});
