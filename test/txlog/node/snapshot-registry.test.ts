/**
 * The snapshot registry on three log nodes in one process over loopback gRPC: RecordSnapshot and
 * RequestSnapshot through the leader (NotLeader with the leader's address on a follower), the
 * registry in every node's Status, never a fence for a writer, and the registry kept through a
 * leader change, a restart of every node, and a Raft snapshot installed by a lagging follower.
 */
import { status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendResponse, RecordSnapshotResponse, RequestSnapshotResponse, SnapshotInfo } from '../../../proto/gen/txlog.js';
import type { NodeId } from '../../../txlog/src/core/types.js';
import { MemoryLogStore } from '../../../txlog/src/storage/memory-log-store.js';
import { snapshotInfo } from '../statemachine/registry-commands.js';
import { Cluster, data, until } from './cluster.js';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

async function started(...args: Parameters<typeof Cluster.start>): Promise<Cluster> {
  cluster = await Cluster.start(...args);
  return cluster;
}

function recordSnapshot(of: Cluster, id: NodeId, info: SnapshotInfo): Promise<RecordSnapshotResponse> {
  return new Promise((resolve, reject) => of.client(id).recordSnapshot(info, (error, response) => (error === null ? resolve(response) : reject(error))));
}

function requestSnapshot(of: Cluster, id: NodeId): Promise<RequestSnapshotResponse> {
  return new Promise((resolve, reject) => of.client(id).requestSnapshot({}, (error, response) => (error === null ? resolve(response) : reject(error))));
}

function committed(response: AppendResponse): { firstId: bigint; lastId: bigint } {
  if (response.result?.$case !== 'committed') throw new Error(`expected committed, got ${response.result?.$case}`);
  return response.result.value;
}

function followers(of: Cluster, leader: NodeId): NodeId[] {
  return of.voters.filter((id) => id !== leader);
}

/** Record ids of the registry each node in `ids` applied, once they all hold `expected`. */
async function registriesReach(of: Cluster, ids: readonly NodeId[], expected: readonly number[]): Promise<void> {
  const recordIds = (id: NodeId) => of.node(id).stateMachine.snapshots.map((snapshot) => snapshot.recordId);
  await Promise.all(ids.map((id) => until([of.node(id)], () => recordIds(id).join() === expected.join(), `node ${id} applies the registry [${expected.join()}]`)));
}

const ACCEPTED: RecordSnapshotResponse = { accepted: true, reason: '', notLeader: undefined };

describe('snapshot registry on a log cluster (in process)', () => {
  it('RequestSnapshot on the leader counts requests; every node’s Status shows the highest', async () => {
    const three = await started(3);
    const leader = await three.leader();
    expect(await requestSnapshot(three, leader)).toEqual({ requestSeq: 1n, notLeader: undefined });
    expect(await requestSnapshot(three, leader)).toEqual({ requestSeq: 2n, notLeader: undefined });
    for (const id of three.voters) {
      await until([three.node(id)], () => three.node(id).stateMachine.snapshotRequestSeq === 2, `node ${id} applies the requests`);
      expect((await three.status(id)).snapshotRequestSeq).toBe(2n);
    }
  });

  it('RecordSnapshot on the leader records it; every node’s Status shows the registry newest first, the latest two', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b', 'c') }));
    const request = await requestSnapshot(three, leader);
    for (const recordId of [1, 2, 3]) {
      expect(await recordSnapshot(three, leader, snapshotInfo(recordId, { answersRequestSeq: request.requestSeq }))).toEqual(ACCEPTED);
    }
    await registriesReach(three, three.voters, [3, 2]);
    for (const id of three.voters) {
      const status = await three.status(id);
      expect(status.snapshots).toEqual([snapshotInfo(3, { answersRequestSeq: 1n }), snapshotInfo(2, { answersRequestSeq: 1n })]);
      expect(status.snapshotRequestSeq).toBe(1n);
    }
  });

  it('refuses a snapshot beyond the chain or not above the latest with the reason, and accepts a retry of the latest', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') }));
    expect(await recordSnapshot(three, leader, snapshotInfo(3))).toEqual({ accepted: false, reason: 'record_id 3 is beyond the last accepted record id 2', notLeader: undefined });
    expect(await recordSnapshot(three, leader, snapshotInfo(2))).toEqual(ACCEPTED);
    expect(await recordSnapshot(three, leader, snapshotInfo(2))).toEqual(ACCEPTED);
    expect(await recordSnapshot(three, leader, snapshotInfo(1))).toEqual({ accepted: false, reason: 'record_id 1 is not above the latest recorded snapshot\'s (2)', notLeader: undefined });
    expect((await three.status(leader)).snapshots.map((snapshot) => snapshot.recordId)).toEqual([2n]);
  });

  it('refuses a malformed snapshot with INVALID_ARGUMENT before proposing it', async () => {
    const three = await started(3);
    const leader = await three.leader();
    await requestSnapshot(three, leader);
    const store = three.stores.get(leader) as MemoryLogStore;
    const lastIndex = store.lastIndex();
    const error = (await recordSnapshot(three, leader, snapshotInfo(1, { location: '' })).catch((failure: ServiceError) => failure)) as ServiceError;
    expect(error.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(error.details).toBe('the snapshot\'s location is empty');
    expect(store.lastIndex()).toBe(lastIndex);
  });

  it('followers answer RecordSnapshot and RequestSnapshot with NotLeader naming the leader and its client address', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const notLeader = { leaderId: leader, leaderAddress: three.addresses.get(leader) };
    for (const follower of followers(three, leader)) {
      expect(await recordSnapshot(three, follower, snapshotInfo(1))).toEqual({ accepted: false, reason: '', notLeader });
      expect(await requestSnapshot(three, follower)).toEqual({ requestSeq: 0n, notLeader });
    }
    expect((await three.status(leader)).snapshotRequestSeq).toBe(0n);
  });

  it('registry commands between a writer’s pipelined appends fence nothing and take no record ids', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const first = three.append(leader, { clientId: 9n, requestSeq: 1n, expectedPrevId: 0n, records: data('one') });
    const request = requestSnapshot(three, leader);
    const second = three.append(leader, { clientId: 9n, requestSeq: 2n, expectedPrevId: 1n, records: data('two') });
    expect(committed(await first)).toEqual({ firstId: 1n, lastId: 1n });
    expect((await request).requestSeq).toBe(1n);
    expect(committed(await second)).toEqual({ firstId: 2n, lastId: 2n });
    expect(await recordSnapshot(three, leader, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    expect(committed(await three.append(leader, { clientId: 9n, requestSeq: 3n, expectedPrevId: 2n, records: data('three') }))).toEqual({ firstId: 3n, lastId: 3n });
    const records = await three.tail(leader, 1n, 3);
    expect(records.map((record) => [record.id, record.payload.toString()])).toEqual([
      [1n, 'one'],
      [2n, 'two'],
      [3n, 'three'],
    ]);
  });

  it('the registry survives a leader change, and the new leader records on top of it', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') }));
    await requestSnapshot(three, leader);
    expect(await recordSnapshot(three, leader, snapshotInfo(1, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    await registriesReach(three, three.voters, [1]);
    await three.node(leader).stop();
    const rest = followers(three, leader);
    const next = await three.leader(rest);
    const status = await three.status(next);
    expect(status.snapshots).toEqual([snapshotInfo(1, { answersRequestSeq: 1n })]);
    expect(status.snapshotRequestSeq).toBe(1n);
    expect(await recordSnapshot(three, next, snapshotInfo(1, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    expect(await recordSnapshot(three, next, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    await registriesReach(three, rest, [2, 1]);
  });

  it('every node restarted on SQLite keeps the registry, from its compacted snapshot and the entries after it', async () => {
    const three = await started(3, 'sqlite');
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') }));
    await requestSnapshot(three, leader);
    expect(await recordSnapshot(three, leader, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    committed(await three.append(leader, { clientId: 1n, requestSeq: 2n, expectedPrevId: 2n, records: data('c') }));
    // The trim compacts the registry's entries into the store's snapshot; the next ones stay entries.
    await three.trim(leader, 3n);
    await requestSnapshot(three, leader);
    expect(await recordSnapshot(three, leader, snapshotInfo(3, { answersRequestSeq: 2n }))).toEqual(ACCEPTED);
    committed(await three.append(leader, { clientId: 1n, requestSeq: 3n, expectedPrevId: 3n, records: data('d') }));
    await registriesReach(three, three.voters, [3, 2]);
    expect(three.stores.get(leader)?.snapshot().meta.index).toBeGreaterThan(0);
    await Promise.all(three.voters.map((id) => three.node(id).stop()));
    for (const id of three.voters) await three.restart(id);
    await registriesReach(three, three.voters, [3, 2]);
    const next = await three.leader();
    const status = await three.status(next);
    expect(status.snapshots).toEqual([snapshotInfo(3, { answersRequestSeq: 2n }), snapshotInfo(2, { answersRequestSeq: 1n })]);
    expect(status.snapshotRequestSeq).toBe(2n);
  });

  it('a follower that needs compacted entries installs the leader’s Raft snapshot and gets the registry with it', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const lagging = followers(three, leader)[0] as NodeId;
    await three.node(lagging).stop();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') }));
    await requestSnapshot(three, leader);
    expect(await recordSnapshot(three, leader, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual(ACCEPTED);
    committed(await three.append(leader, { clientId: 1n, requestSeq: 2n, expectedPrevId: 2n, records: data('c') }));
    await three.trim(leader, 3n);
    const leaderStore = three.stores.get(leader) as MemoryLogStore;
    expect(leaderStore.firstIndex()).toBeGreaterThan(3);
    const restarted = await three.restart(lagging, MemoryLogStore.create(three.voters));
    await until([restarted], () => restarted.stateMachine.lastAcceptedId === 3, 'the lagging node catches up');
    // It caught up through a snapshot (the entries it needed are gone from the leader's log).
    expect(three.stores.get(lagging)?.snapshot().meta.index).toBeGreaterThan(0);
    expect(restarted.stateMachine.snapshots).toEqual(three.node(leader).stateMachine.snapshots);
    expect(restarted.stateMachine.snapshotRequestSeq).toBe(1);
    expect((await three.status(lagging)).snapshots).toEqual([snapshotInfo(2, { answersRequestSeq: 1n })]);
  });
});
