/**
 * Three log nodes in one process over loopback gRPC: election, conditional and idempotent
 * Append through the leader, NotLeader answers with the leader's address, Tail from any node
 * (history, then live), Status, Trim with compaction, limits with clear errors, and restarts.
 */
import { status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseClaim, RecordKind, type AppendResponse } from '../../../proto/gen/txlog.js';
import type { NodeId } from '../../../txlog/src/core/types.js';
import { MemoryLogStore } from '../../../txlog/src/storage/memory-log-store.js';
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

function committed(response: AppendResponse): { firstId: bigint; lastId: bigint } {
  if (response.result?.$case !== 'committed') throw new Error(`expected committed, got ${JSON.stringify(response.result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return response.result.value;
}

function followers(of: Cluster, leader: NodeId): NodeId[] {
  return of.voters.filter((id) => id !== leader);
}

async function grpcError(work: Promise<unknown>): Promise<ServiceError> {
  try {
    await work;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected a gRPC error');
}

describe('txlog node cluster (in process)', () => {
  it('elects one leader that every node knows, and Status on each node says so', async () => {
    const three = await started(3);
    const leader = await three.leader();
    for (const id of three.voters) {
      const status = await three.status(id);
      expect(status.nodeId).toBe(id);
      expect(status.leaderId).toBe(leader);
      expect(status.leaderAddress).toBe(three.addresses.get(leader));
      expect(status.role).toBe(id === leader ? 'leader' : 'follower');
      expect(status.term).toBeGreaterThanOrEqual(1n);
    }
  });

  it('commits an Append on the leader with consecutive ids, and answers a retry of it from memory', async () => {
    const three = await started(3);
    const leader = await three.leader();
    expect(committed(await three.append(leader, { clientId: 7n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') }))).toEqual({ firstId: 1n, lastId: 2n });
    // Pipelining: the next request names the last id the previous one got.
    expect(committed(await three.append(leader, { clientId: 7n, requestSeq: 2n, expectedPrevId: 2n, records: data('c') }))).toEqual({ firstId: 3n, lastId: 3n });
    // The retry of request 2 gets the same answer, and nothing is appended twice.
    expect(committed(await three.append(leader, { clientId: 7n, requestSeq: 2n, expectedPrevId: 2n, records: data('c') }))).toEqual({ firstId: 3n, lastId: 3n });
    const status = await three.status(leader);
    expect(status.lastAcceptedId).toBe(3n);
    expect(status.commitIndex).toBe(status.appliedIndex);
  });

  it('rejects an Append whose expected_prev_id is behind the chain (fenced) and one ahead of it (not yet)', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('first') }));
    const fenced = await three.append(leader, { clientId: 2n, requestSeq: 1n, expectedPrevId: 0n, records: data('stale writer') });
    expect(fenced.result).toEqual({ $case: 'rejected', value: { lastAcceptedId: 1n, notYet: false } });
    const ahead = await three.append(leader, { clientId: 3n, requestSeq: 1n, expectedPrevId: 5n, records: data('too early') });
    expect(ahead.result).toEqual({ $case: 'rejected', value: { lastAcceptedId: 1n, notYet: true } });
  });

  it('followers answer Append with NotLeader naming the leader and its client address', async () => {
    const three = await started(3);
    const leader = await three.leader();
    for (const follower of followers(three, leader)) {
      const response = await three.append(follower, { records: data('x') });
      expect(response.result).toEqual({ $case: 'notLeader', value: { leaderId: leader, leaderAddress: three.addresses.get(leader) } });
    }
    expect((await three.status(leader)).lastAcceptedId).toBe(0n);
  });

  it('Tail from any node streams the committed records in id order, then new ones as they commit', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('r1', 'r2', 'r3') }));
    const live = three.voters.map((id) => three.tail(id, 2n, 4));
    committed(await three.append(leader, { clientId: 1n, requestSeq: 2n, expectedPrevId: 3n, records: data('r4', 'r5') }));
    for (const records of await Promise.all(live)) {
      expect(records.map((record) => [record.id, record.kind, record.payload.toString()])).toEqual([
        [2n, RecordKind.RECORD_KIND_DATA, 'r2'],
        [3n, RecordKind.RECORD_KIND_DATA, 'r3'],
        [4n, RecordKind.RECORD_KIND_DATA, 'r4'],
        [5n, RecordKind.RECORD_KIND_DATA, 'r5'],
      ]);
    }
  });

  it('Tail splits a large batch into responses of at most tailBatchEntriesMax records, without gaps or repeats', async () => {
    const three = await started(3, 'memory', { tailBatchEntriesMax: 7 });
    const leader = await three.leader();
    const payloads = Array.from({ length: 50 }, (_, i) => `p${i + 1}`);
    committed(await three.append(leader, { records: data(...payloads) }));
    const sizes: number[] = [];
    const records = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      const stream = three.client(leader).tail({ fromId: 1n });
      stream.on('data', (response: { records: { payload: Buffer }[] }) => {
        sizes.push(response.records.length);
        seen.push(...response.records.map((record) => record.payload.toString()));
        if (seen.length >= 50) {
          stream.cancel();
          resolve(seen);
        }
      });
      stream.on('error', (error: ServiceError) => {
        if (seen.length < 50) reject(error);
      });
    });
    expect(records).toEqual(payloads);
    expect(Math.max(...sizes)).toBe(7);
  });

  it('reports the lease of an applied claim in Status', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const claim = LeaseClaim.encode({ holder: 'server-a', durationMs: 5000n, address: '127.0.0.1:6379' }).finish();
    committed(await three.append(leader, { records: [{ kind: RecordKind.RECORD_KIND_LEASE_CLAIM, payload: Buffer.from(claim) }] }));
    const status = await three.status(leader);
    expect(status.lease).toMatchObject({ holder: 'server-a', address: '127.0.0.1:6379', epoch: 1n, durationMs: 5000n, lastRenewalId: 1n });
    expect(status.lease?.expiresAtMs).toBeGreaterThan(BigInt(Date.now()));
  });

  it('refuses Appends that break a limit or are malformed, with the reason, before proposing them', async () => {
    const three = await started(3, 'memory', { recordBytesMax: 10, batchRecordsMax: 3 });
    const leader = await three.leader();
    const tooBig = await grpcError(three.append(leader, { records: data('this payload is too long') }));
    expect(tooBig.code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
    expect(tooBig.details).toBe('record 0 is 24 bytes; the limit is 10 bytes per record');
    const tooMany = await grpcError(three.append(leader, { records: data('a', 'b', 'c', 'd') }));
    expect(tooMany.code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
    expect(tooMany.details).toContain('4 records in one append; the limit is 3');
    const badKind = await grpcError(three.append(leader, { records: [{ kind: 9 as RecordKind, payload: Buffer.from('x') }] }));
    expect(badKind.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(badKind.details).toContain('unknown kind 9');
    const empty = await grpcError(three.append(leader, { records: [] }));
    expect(empty.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect((await three.status(leader)).lastIndex).toBe((await three.status(leader)).commitIndex);
    expect((await three.status(leader)).lastAcceptedId).toBe(0n);
  });

  it('bounds the Appends one client has waiting: beyond the limit it gets RESOURCE_EXHAUSTED', async () => {
    const three = await started(3, 'memory', { clientInflightAppendsMax: 1 });
    const leader = await three.leader();
    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => three.append(leader, { clientId: 9n, requestSeq: BigInt(i + 1), expectedPrevId: BigInt(i), records: data(`r${i}`) })),
    );
    const refused = answers.filter((answer) => answer.status === 'rejected').map((answer) => (answer as PromiseRejectedResult).reason as ServiceError);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error.code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
      expect(error.details).toContain('client 9 already has 1 appends waiting');
    }
    expect(answers.some((answer) => answer.status === 'fulfilled')).toBe(true);
  });

  it('Trim on the leader drops records below the id on every node and compacts the leader’s log; Tail below it is OUT_OF_RANGE', async () => {
    const three = await started(3);
    const leader = await three.leader();
    for (let seq = 1n; seq <= 5n; seq++) {
      committed(await three.append(leader, { clientId: 1n, requestSeq: seq, expectedPrevId: (seq - 1n) * 2n, records: data(`a${seq}`, `b${seq}`) }));
    }
    expect(await three.trim(leader, 7n)).toEqual({ firstRetainedId: 7n });
    const store = three.stores.get(leader) as MemoryLogStore;
    // Entries holding records 1..6 are gone; the one holding 7 and 8 stays.
    expect(store.firstIndex()).toBeGreaterThan(3);
    for (const id of three.voters) {
      await until([three.node(id)], () => three.node(id).stateMachine.firstRetainedId === 7, `node ${id} applies the trim`);
      const error = await grpcError(three.tail(id, 3n, 1));
      expect(error.code).toBe(grpcStatus.OUT_OF_RANGE);
      expect(error.details).toContain('records below id 7 were trimmed');
      const records = await three.tail(id, 7n, 4);
      expect(records.map((record) => record.payload.toString())).toEqual(['a4', 'b4', 'a5', 'b5']);
    }
    expect((await three.status(leader)).firstRetainedId).toBe(7n);
  });

  it('Trim on a follower is refused with the leader’s address', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const follower = followers(three, leader)[0] as NodeId;
    const error = await grpcError(three.trim(follower, 1n));
    expect(error.code).toBe(grpcStatus.FAILED_PRECONDITION);
    expect(error.details).toBe(`node ${follower} is not the leader; the leader is node ${leader} at ${three.addresses.get(leader)}`);
  });

  it('a follower that missed a trim catches up from the leader’s snapshot and serves Tail from the retained records', async () => {
    const three = await started(3);
    const leader = await three.leader();
    const lagging = followers(three, leader)[0] as NodeId;
    await three.node(lagging).stop();
    for (let seq = 1n; seq <= 4n; seq++) {
      committed(await three.append(leader, { clientId: 1n, requestSeq: seq, expectedPrevId: seq - 1n, records: data(`r${seq}`) }));
    }
    await three.trim(leader, 4n);
    const restarted = await three.restart(lagging, MemoryLogStore.create(three.voters));
    await until([restarted], () => restarted.stateMachine.lastAcceptedId === 4 && restarted.stateMachine.firstRetainedId === 4, 'the lagging node catches up');
    expect(three.stores.get(lagging)?.snapshot().meta.index).toBeGreaterThan(0);
    const records = await three.tail(lagging, 4n, 1);
    expect(records.map((record) => [record.id, record.payload.toString()])).toEqual([[4n, 'r4']]);
  });

  it('a node restarted on SQLite re-applies its committed entries and keeps answering retries from memory', async () => {
    const three = await started(3, 'sqlite');
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 5n, requestSeq: 1n, expectedPrevId: 0n, records: data('one', 'two') }));
    await Promise.all(three.voters.map((id) => until([three.node(id)], () => three.node(id).stateMachine.lastAcceptedId === 2, `node ${id} applies`)));
    await Promise.all(three.voters.map((id) => three.node(id).stop()));
    for (const id of three.voters) await three.restart(id);
    // The commit index on disk may lag (it is synced with the next entries): the nodes re-apply
    // what they persisted, and the rest once the new leader commits again.
    await Promise.all(three.voters.map((id) => until([three.node(id)], () => three.node(id).stateMachine.lastAcceptedId === 2, `node ${id} re-applies`)));
    const newLeader = await three.leader();
    expect(committed(await three.append(newLeader, { clientId: 5n, requestSeq: 1n, expectedPrevId: 0n, records: data('one', 'two') }))).toEqual({ firstId: 1n, lastId: 2n });
    expect(committed(await three.append(newLeader, { clientId: 5n, requestSeq: 2n, expectedPrevId: 2n, records: data('three') }))).toEqual({ firstId: 3n, lastId: 3n });
  });

  it('a new leader is elected after the leader stops, and Appends go on there', async () => {
    const three = await started(3);
    const leader = await three.leader();
    committed(await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('before') }));
    await three.node(leader).stop();
    const rest = followers(three, leader);
    const next = await three.leader(rest);
    expect(next).not.toBe(leader);
    expect(committed(await three.append(next, { clientId: 1n, requestSeq: 2n, expectedPrevId: 1n, records: data('after') }))).toEqual({ firstId: 2n, lastId: 2n });
  });

  it('a store write failure stops the node with the error instead of carrying on', async () => {
    const three = await started(3);
    const leader = await three.leader();
    (three.stores.get(leader) as MemoryLogStore).failNextWrite(new Error('disk on fire'));
    const answer = three.append(leader, { records: data('doomed') }).catch((error: ServiceError) => error);
    const failure = await three.node(leader).stopped;
    expect(failure?.message).toContain('disk on fire');
    const settled = await answer;
    expect('code' in settled ? settled.code : settled.result?.$case).toBeDefined();
  });
});
