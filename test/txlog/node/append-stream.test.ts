/**
 * AppendStream on real log nodes: each request gets one answer naming it, decided as a unary
 * Append would be (committed, rejected, not leader, or the unary call's failure as `failed`), and
 * the call ends with OK once the client half-closed it and everything was answered.
 */
import { type ClientDuplexStream, type ServiceError, status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendRequest, AppendResponse } from '../../../proto/gen/txlog.js';
import { Cluster, data } from './cluster.js';

const WAIT_MS = 10_000;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(): Promise<Cluster> {
  const cluster = await Cluster.start(3);
  cleanups.push(() => cluster.stop());
  return cluster;
}

function request(seq: number, expectedPrevId: number, ...payloads: string[]): AppendRequest {
  return { clientId: 42n, requestSeq: BigInt(seq), expectedPrevId: BigInt(expectedPrevId), records: data(...payloads) };
}

/** Writes `requests` on one stream, half-closes it, and collects every answer and how the call ended. */
function exchange(cluster: Cluster, node: number, requests: readonly AppendRequest[]): Promise<{ answers: AppendResponse[]; ended: 'ok' | ServiceError }> {
  return new Promise((resolve, reject) => {
    const stream: ClientDuplexStream<AppendRequest, AppendResponse> = cluster.client(node).appendStream();
    const answers: AppendResponse[] = [];
    const timer = setTimeout(() => {
      stream.cancel();
      reject(new Error(`${answers.length} of ${requests.length} answers within ${WAIT_MS} ms`));
    }, WAIT_MS);
    stream.on('data', (answer: AppendResponse) => answers.push(answer));
    stream.on('error', (error: ServiceError) => {
      clearTimeout(timer);
      resolve({ answers, ended: error });
    });
    stream.on('end', () => {
      clearTimeout(timer);
      resolve({ answers, ended: 'ok' });
    });
    for (const each of requests) stream.write(each);
    stream.end();
  });
}

function bySeq(answers: readonly AppendResponse[]): Map<bigint, AppendResponse['result']> {
  return new Map(answers.map((answer) => [answer.requestSeq, answer.result]));
}

describe('AppendStream', () => {
  it('answers pipelined requests once each, named by request_seq, as unary Append would decide them', async () => {
    const cluster = await started();
    const leader = await cluster.leader();
    const requests = [request(1, 0, 'a'), request(2, 1, 'b', 'c'), request(3, 3, 'd'), request(3, 3, 'd')];
    const { answers, ended } = await exchange(cluster, leader, requests);
    expect(ended).toBe('ok');
    expect(answers).toHaveLength(4);
    expect(answers.every((answer) => answer.clientId === 42n)).toBe(true);
    const results = bySeq(answers);
    expect(results.get(1n)).toEqual({ $case: 'committed', value: { firstId: 1n, lastId: 1n } });
    expect(results.get(2n)).toEqual({ $case: 'committed', value: { firstId: 2n, lastId: 3n } });
    // The retry of request 3 on the same stream is answered from memory with the same ids.
    expect(answers.filter((answer) => answer.requestSeq === 3n).map((answer) => answer.result)).toEqual([
      { $case: 'committed', value: { firstId: 4n, lastId: 4n } },
      { $case: 'committed', value: { firstId: 4n, lastId: 4n } },
    ]);
    const unary = await cluster.append(leader, request(4, 1, 'late'));
    expect(unary.result).toEqual({ $case: 'rejected', value: { lastAcceptedId: 4n, notYet: false } });
  });

  it('answers what a unary Append fails with as `failed` with the same code, and goes on with the next request', async () => {
    const cluster = await started();
    const leader = await cluster.leader();
    const requests = [request(0, 0, 'seq zero'), request(1, 0, 'x'.repeat(cluster.limits.recordBytesMax + 1)), request(1, 0, 'fine')];
    const { answers, ended } = await exchange(cluster, leader, requests);
    expect(ended).toBe('ok');
    expect(answers).toHaveLength(3);
    const [invalid, tooLarge, fine] = answers.slice().sort((a, b) => (a.result?.$case === 'committed' ? 1 : 0) - (b.result?.$case === 'committed' ? 1 : 0));
    const failures = [invalid, tooLarge].map((answer) => (answer?.result?.$case === 'failed' ? answer.result.value.code : -1)).sort();
    expect(failures).toEqual([status.INVALID_ARGUMENT, status.RESOURCE_EXHAUSTED].sort());
    expect(fine?.result).toEqual({ $case: 'committed', value: { firstId: 1n, lastId: 1n } });
  });

  it('a follower answers each request NotLeader with the leader’s client address', async () => {
    const cluster = await started();
    const leader = await cluster.leader();
    const follower = cluster.voters.find((id) => id !== leader) as number;
    const { answers, ended } = await exchange(cluster, follower, [request(1, 0, 'a'), request(2, 1, 'b')]);
    expect(ended).toBe('ok');
    expect(answers.map((answer) => answer.result)).toEqual([
      { $case: 'notLeader', value: { leaderId: leader, leaderAddress: cluster.addresses.get(leader) } },
      { $case: 'notLeader', value: { leaderId: leader, leaderAddress: cluster.addresses.get(leader) } },
    ]);
  });

  it('a stream the client never half-closes ends UNAVAILABLE-or-CANCELLED when the node stops, not with an answer made up', async () => {
    const cluster = await started();
    const leader = await cluster.leader();
    const stream = cluster.client(leader).appendStream();
    const closed = new Promise<number>((resolve) => {
      stream.on('error', (error: ServiceError) => resolve(error.code));
      stream.on('end', () => resolve(status.OK));
    });
    const first = new Promise<AppendResponse>((resolve) => stream.once('data', resolve));
    stream.write(request(1, 0, 'a'));
    expect((await first).result?.$case).toBe('committed');
    await cluster.node(leader).stop();
    expect([status.UNAVAILABLE, status.CANCELLED]).toContain(await closed);
  });
});
