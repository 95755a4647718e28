/**
 * The client library's snapshot registry calls against real log nodes (in this process, memory
 * stores): recordSnapshot and requestSnapshot find the leader, follow NotLeader hints and leader
 * changes, return refusals as values; status() shows the registry; bad arguments are 'limit'
 * errors before anything is sent; and the codec converts the registry both ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../proto/gen/txlog.js';
import { statusFromProto } from '../../../txlog/src/client/codec.js';
import { snapshotInfoOf } from '../../../txlog/src/statemachine/snapshot-registry.js';
import { type SnapshotView, TxlogClient } from '../../../txlog/src/client/index.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { NodeId } from '../../../txlog/src/core/types.js';
import { Cluster, data } from '../node/cluster.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ cluster: Cluster; client: TxlogClient; leader: NodeId }> {
  const cluster = await Cluster.start(3);
  cleanups.push(() => cluster.stop());
  const leader = await cluster.leader();
  const client = new TxlogClient([...cluster.addresses.values()]);
  cleanups.push(() => client.close());
  return { cluster, client, leader };
}

function snapshot(recordId: number, answersRequestSeq = 0): SnapshotView {
  return { recordId, location: `/snapshots/${recordId}.cairn`, sizeBytes: 4096, keyCount: 7, digest: `d${recordId}`, createdMs: 1_700_000_000_000, answersRequestSeq };
}

async function appendRecords(cluster: Cluster, leader: NodeId, count: number): Promise<void> {
  const response = await cluster.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data(...Array.from({ length: count }, (_, n) => `r${n}`)) });
  expect(response.result?.$case).toBe('committed');
}

describe('snapshot registry through the client library', () => {
  it('requests and records snapshots through the leader; status() shows the registry', async () => {
    const { cluster, client, leader } = await setUp();
    await appendRecords(cluster, leader, 3);
    expect(await client.requestSnapshot()).toBe(1);
    expect(await client.requestSnapshot()).toBe(2);
    expect(await client.recordSnapshot(snapshot(2, 2))).toEqual({ accepted: true });
    expect(await client.recordSnapshot(snapshot(2, 2))).toEqual({ accepted: true });
    expect(await client.recordSnapshot(snapshot(3, 1))).toEqual({
      accepted: false,
      reason: 'answers_request_seq 1 is below the latest recorded snapshot\'s (2), which a newer snapshot answers too',
    });
    expect(await client.recordSnapshot(snapshot(9, 2))).toEqual({ accepted: false, reason: 'record_id 9 is beyond the last accepted record id 3' });
    const status = await client.status();
    expect(status.nodeId).toBe(leader);
    expect(status.snapshots).toEqual([snapshot(2, 2)]);
    expect(status.snapshotRequestSeq).toBe(2);
  });

  it('follows the leader: a client that only knows a follower is sent on by its NotLeader hint', async () => {
    const { cluster, leader } = await setUp();
    await appendRecords(cluster, leader, 1);
    const follower = cluster.voters.find((id) => id !== leader) as NodeId;
    const client = new TxlogClient([cluster.addresses.get(follower) as string]);
    cleanups.push(() => client.close());
    expect(await client.requestSnapshot()).toBe(1);
    expect(await client.recordSnapshot(snapshot(1, 1))).toEqual({ accepted: true });
    expect(client.leaderAddress).toBe(cluster.addresses.get(leader));
  });

  it('goes on at the new leader after the leader stops, with the registry intact', async () => {
    const { cluster, client, leader } = await setUp();
    await appendRecords(cluster, leader, 2);
    expect(await client.recordSnapshot(snapshot(1))).toEqual({ accepted: true });
    await cluster.node(leader).stop();
    expect(await client.recordSnapshot(snapshot(2))).toEqual({ accepted: true });
    const status = await client.status();
    expect(status.nodeId).not.toBe(leader);
    expect(status.snapshots.map((view) => view.recordId)).toEqual([2, 1]);
  });

  it('refuses bad snapshots with a limit error before sending anything', async () => {
    const client = new TxlogClient(['127.0.0.1:1']);
    cleanups.push(() => client.close());
    await expect(client.recordSnapshot(snapshot(0))).rejects.toMatchObject({ code: 'limit', message: 'record_id 0: a snapshot includes at least record 1' });
    await expect(client.recordSnapshot({ ...snapshot(1), sizeBytes: -1 })).rejects.toMatchObject({ code: 'limit', message: expect.stringMatching(/sizeBytes -1 is not a non-negative safe integer/) });
    await expect(client.recordSnapshot({ ...snapshot(1), createdMs: 1.5 })).rejects.toMatchObject({ code: 'limit' });
    await expect(client.recordSnapshot({ ...snapshot(1), location: 'x'.repeat(txlogLimits.snapshotLocationBytesMax + 1) })).rejects.toMatchObject({
      code: 'limit',
      message: expect.stringMatching(/location is 4097 bytes/),
    });
  });
});

describe('client codec of the registry', () => {
  it('converts a snapshot to the protocol and back from a Status; numbers beyond 2^53 are protocol errors', () => {
    const info = snapshotInfoOf(snapshot(5, 3));
    expect(info).toEqual({ recordId: 5n, location: '/snapshots/5.cairn', sizeBytes: 4096n, keyCount: 7n, digest: 'd5', createdMs: 1_700_000_000_000n, answersRequestSeq: 3n });
    const response: StatusResponse = {
      nodeId: 1,
      role: 'leader',
      term: 1n,
      commitIndex: 1n,
      lastIndex: 1n,
      appliedIndex: 1n,
      leaderId: 1,
      leaderAddress: '',
      peers: [],
      lease: undefined,
      lastAcceptedId: 5n,
      firstRetainedId: 1n,
      snapshots: [info],
      snapshotRequestSeq: 3n,
    };
    expect(statusFromProto(response)).toMatchObject({ snapshots: [snapshot(5, 3)], snapshotRequestSeq: 3 });
    const beyond = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    expect(() => statusFromProto({ ...response, snapshots: [{ ...info, keyCount: beyond }] })).toThrow(expect.objectContaining({ code: 'protocol', message: expect.stringMatching(/snapshot key_count/) }));
    expect(() => statusFromProto({ ...response, snapshotRequestSeq: beyond })).toThrow(expect.objectContaining({ code: 'protocol' }));
  });
});
