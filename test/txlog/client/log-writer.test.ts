import { afterEach, describe, expect, it } from 'vitest';
import { type AppendOutcome, LogWriter, type LogRecord, TxlogClient, TxlogError } from '../../../txlog/src/client/index.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { FakeCluster } from './fake-txlog.js';
import { ManualScheduler } from './manual-scheduler.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(nodes = 3, options: ConstructorParameters<typeof TxlogClient>[1] = {}): Promise<{ cluster: FakeCluster; client: TxlogClient }> {
  const cluster = await FakeCluster.start(nodes);
  cleanups.push(() => cluster.close());
  const client = new TxlogClient(cluster.addresses(), { backoffMinMs: 1, backoffMaxMs: 20, ...options });
  cleanups.push(() => client.close());
  return { cluster, client };
}

function data(text: string): LogRecord {
  return { kind: 'data', payload: Buffer.from(text) };
}

/** The log's records as text, in id order. */
function logTexts(cluster: FakeCluster): string[] {
  return cluster.log.records.map((record) => record.payload.toString());
}

describe('log writer: group commit and order', () => {
  it('many appends made together go out as one request and get consecutive ids in call order', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, index) => writer.append([data(`a${index}`)])));
    expect(outcomes).toEqual(Array.from({ length: 100 }, (_, index) => ({ kind: 'committed', firstId: index + 1, lastId: index + 1 })));
    expect(cluster.appendsReceived()).toBe(1);
    expect(logTexts(cluster)).toEqual(Array.from({ length: 100 }, (_, index) => `a${index}`));
  });

  it('appends made while a request is in flight are batched into the next request', async () => {
    const { cluster, client } = await setUp();
    cluster.appendAction = () => 'hold';
    const writer = LogWriter.start(client, { afterId: 0, inflightRequestsMax: 1 });
    const first = writer.append([data('first')]);
    await cluster.waitFor(() => cluster.heldCount() === 1, 'the first request');
    const later = Array.from({ length: 50 }, (_, index) => writer.append([data(`later${index}`), data(`later${index}b`)]));
    cluster.appendAction = () => 'answer';
    cluster.releaseHeld();
    expect(await first).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    const outcomes = await Promise.all(later);
    expect(outcomes.at(-1)).toEqual({ kind: 'committed', firstId: 100, lastId: 101 });
    expect(cluster.appendsReceived()).toBe(2);
    const second = cluster.nodes[0]?.appends[1];
    expect(second?.records).toHaveLength(100);
    expect(second?.expectedPrevId).toBe(1n);
  });

  it('pipelines: several requests in flight, each expecting the last id of the one before, bounded by inflightRequestsMax', async () => {
    const { cluster, client } = await setUp();
    cluster.appendAction = () => 'hold';
    const writer = LogWriter.start(client, { afterId: 0, inflightRequestsMax: 3 });
    const outcomes: Array<Promise<AppendOutcome>> = [];
    for (let index = 0; index < 3; index++) {
      outcomes.push(writer.append([data(`p${index}`), data(`p${index}b`)]));
      await cluster.waitFor(() => cluster.heldCount() === index + 1, `request ${index + 1} in flight`);
    }
    outcomes.push(writer.append([data('queued')]));
    const leader = cluster.nodes[0];
    expect(leader?.appends.map((request) => [request.requestSeq, request.expectedPrevId])).toEqual([
      [1n, 0n],
      [2n, 2n],
      [3n, 4n],
    ]);
    cluster.appendAction = () => 'answer';
    cluster.releaseHeld();
    expect(await Promise.all(outcomes)).toEqual([
      { kind: 'committed', firstId: 1, lastId: 2 },
      { kind: 'committed', firstId: 3, lastId: 4 },
      { kind: 'committed', firstId: 5, lastId: 6 },
      { kind: 'committed', firstId: 7, lastId: 7 },
    ]);
    expect(leader?.appends.at(-1)?.expectedPrevId).toBe(6n);
    expect(writer.lastCommittedId).toBe(7);
  });
});

describe('log writer: retries', () => {
  it('retries after a lost answer with the same client id and sequence, and the log applies each request once', async () => {
    const { cluster, client } = await setUp();
    const dropped = new Set<bigint>();
    cluster.appendAction = (_node, request) => {
      if (dropped.has(request.requestSeq)) return 'answer';
      dropped.add(request.requestSeq);
      return 'dropAfterApply';
    };
    const writer = LogWriter.start(client, { afterId: 0, clientId: 42n });
    for (let index = 0; index < 5; index++) {
      expect(await writer.append([data(`r${index}`)])).toEqual({ kind: 'committed', firstId: index + 1, lastId: index + 1 });
    }
    expect(cluster.log.decisions).toBe(5);
    expect(cluster.appendsReceived()).toBe(10);
    expect(logTexts(cluster)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(cluster.nodes[0]?.appends.every((request) => request.clientId === 42n)).toBe(true);
  });

  it('a request lost on its way is sent again, and a later one that reached the log first (not_yet) is resent after it', async () => {
    const { cluster, client } = await setUp();
    cluster.appendAction = () => 'hold';
    const writer = LogWriter.start(client, { afterId: 0 });
    const one = writer.append([data('one')]);
    await cluster.waitFor(() => cluster.heldCount() === 1, 'request 1 held');
    const two = writer.append([data('two')]);
    await cluster.waitFor(() => cluster.heldCount() === 2, 'request 2 held');
    const [first, second] = cluster.takeHeld();
    cluster.appendAction = () => 'answer';
    second?.answer(); // not_yet: request 1 has not been applied
    first?.drop(); // request 1 never reached the log
    expect(await one).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    expect(await two).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(logTexts(cluster)).toEqual(['one', 'two']);
    expect(cluster.nodes[0]?.appends.map((request) => request.requestSeq)).toEqual([1n, 2n, 1n, 2n]);
    expect(cluster.log.decisions).toBe(2);
  });

  it('a retry answered as stale (a later request was applied) is settled by that later request', async () => {
    const { cluster, client } = await setUp();
    cluster.appendAction = () => 'hold';
    const writer = LogWriter.start(client, { afterId: 0 });
    const one = writer.append([data('one')]);
    await cluster.waitFor(() => cluster.heldCount() === 1, 'request 1 held');
    const two = writer.append([data('two')]);
    await cluster.waitFor(() => cluster.heldCount() === 2, 'request 2 held');
    const [first, second] = cluster.takeHeld();
    first?.apply();
    second?.apply();
    cluster.appendAction = () => 'answer';
    first?.drop(); // request 1's answer is lost; its retry finds request 2 applied
    await cluster.waitFor(() => cluster.appendsReceived() === 3, 'the retry of request 1');
    second?.answer();
    expect(await one).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    expect(await two).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(cluster.log.decisions).toBe(2);
  });
});

describe('log writer: fencing and unknown outcomes', () => {
  it('a writer fenced by someone else’s append is rejected, and stays rejected without sending', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    expect(await writer.append([data('mine')])).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    cluster.log.appendForeign(2);
    expect(await writer.append([data('late')])).toEqual({ kind: 'rejected', lastAcceptedId: 3 });
    const sent = cluster.appendsReceived();
    expect(await writer.append([data('later')])).toEqual({ kind: 'rejected', lastAcceptedId: 3 });
    expect(writer.ended).toEqual({ kind: 'rejected', lastAcceptedId: 3 });
    expect(cluster.appendsReceived()).toBe(sent);
    expect(logTexts(cluster)).toEqual(['mine', 'foreign-2', 'foreign-3']);
  });

  it('pipelined requests behind a fenced one are all rejected', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(1);
    cluster.appendAction = () => 'hold';
    const writer = LogWriter.start(client, { afterId: 0, inflightRequestsMax: 4 });
    const outcomes: Array<Promise<AppendOutcome>> = [];
    for (let index = 0; index < 3; index++) {
      outcomes.push(writer.append([data(`p${index}`)]));
      await cluster.waitFor(() => cluster.heldCount() === index + 1, `request ${index + 1} in flight`);
    }
    cluster.appendAction = () => 'answer';
    cluster.releaseHeld();
    expect(await Promise.all(outcomes)).toEqual([
      { kind: 'rejected', lastAcceptedId: 1 },
      { kind: 'rejected', lastAcceptedId: 1 },
      { kind: 'rejected', lastAcceptedId: 1 },
    ]);
    expect(logTexts(cluster)).toEqual(['foreign-1']);
  });

  it('no answer before the deadline is unknown, and every later append is unknown without sending', async () => {
    const { cluster, client } = await setUp(3, { attemptTimeoutMs: 50 });
    cluster.appendAction = () => 'hang';
    const writer = LogWriter.start(client, { afterId: 0, appendTimeoutMs: 300 });
    const outcome = await writer.append([data('lost')]);
    expect(outcome).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/no answer before the deadline/) });
    const sent = cluster.appendsReceived();
    expect(sent).toBeGreaterThan(1);
    expect((await writer.append([data('after')])).kind).toBe('unknown');
    expect(cluster.appendsReceived()).toBe(sent);
  });

  it('the deadline runs on the injected clock: a minute without an answer is unknown, however little real time passed', async () => {
    const scheduler = new ManualScheduler();
    // One node: each round has one timer pending at a time (the attempt's, then the backoff's).
    const { cluster, client } = await setUp(1, { scheduler, attemptTimeoutMs: 1_000 });
    cluster.appendAction = () => 'hang';
    const writer = LogWriter.start(client, { afterId: 0, appendTimeoutMs: 60_000 });
    let outcome: AppendOutcome | undefined;
    const settled = writer.append([data('lost')]).then((value) => {
      outcome = value;
    });
    // Each round: the attempt reaches the leader (a real event), its timeout fires, then the backoff.
    let attempts = 0;
    while (outcome === undefined) {
      if (attempts > 200) throw new Error('the append was not settled after 200 attempts');
      const sent = attempts + 1;
      await Promise.race([cluster.waitFor(() => cluster.appendsReceived() >= sent, `attempt ${sent}`), settled]);
      if (outcome !== undefined) break;
      attempts = sent;
      scheduler.fireNext();
      await Promise.race([scheduler.whenTimerPending(), settled]);
      if (outcome === undefined) scheduler.fireNext();
    }
    expect(outcome).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/no answer before the deadline/) });
    expect(scheduler.now()).toBeGreaterThanOrEqual(60_000);
    expect(attempts).toBeGreaterThanOrEqual(55);
    expect(cluster.appendsReceived()).toBe(attempts);
  });

  it('closing the client makes appends in flight unknown, and later appends fail', async () => {
    const { cluster, client } = await setUp();
    cluster.appendAction = () => 'hang';
    const writer = LogWriter.start(client, { afterId: 0 });
    const pending = writer.append([data('pending')]);
    await cluster.waitFor(() => cluster.appendsReceived() === 1, 'the request');
    client.close();
    expect(await pending).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/closed/) });
    await expect(writer.append([data('after')])).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('log writer: leaders', () => {
  it('keeps order and applies every request once while the leader changes during a stream of appends', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0, inflightRequestsMax: 4 });
    const outcomes: Array<Promise<AppendOutcome>> = [];
    for (let round = 0; round < 20; round++) {
      if (round === 7) cluster.leader = 1;
      if (round === 12) cluster.hints = false;
      if (round === 13) cluster.leader = 2;
      for (let index = 0; index < 5; index++) outcomes.push(writer.append([data(`${round}.${index}`)]));
      await outcomes.at(-1);
    }
    const settled = await Promise.all(outcomes);
    expect(settled).toEqual(Array.from({ length: 100 }, (_, index) => ({ kind: 'committed', firstId: index + 1, lastId: index + 1 })));
    expect(logTexts(cluster)).toEqual(Array.from({ length: 20 }, (_, round) => Array.from({ length: 5 }, (_, index) => `${round}.${index}`)).flat());
    expect(cluster.nodes.map((node) => node.appends.length > 0)).toEqual([true, true, true]);
  });

  it('moves to the new leader when the old one stops', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    expect(await writer.append([data('before')])).toMatchObject({ kind: 'committed' });
    await cluster.stopNode(0);
    cluster.leader = 2;
    expect(await writer.append([data('after')])).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(client.leaderAddress).toBe(cluster.nodes[2]?.address);
  });
});

describe('log writer: limits', () => {
  it('refuses empty appends, unknown kinds and oversized records with clear errors, sending nothing', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    await expect(writer.append([])).rejects.toThrow(/at least one record/);
    await expect(writer.append([{ kind: 'bogus' as 'data', payload: Buffer.from('x') }])).rejects.toThrow(/no valid kind/);
    const tooBig = Buffer.allocUnsafe(txlogLimits.recordBytesMax + 1);
    await expect(writer.append([data('ok'), { kind: 'data', payload: tooBig }])).rejects.toMatchObject({
      code: 'limit',
      message: `record 1 is ${txlogLimits.recordBytesMax + 1} bytes, more than the limit of ${txlogLimits.recordBytesMax}`,
    });
    const half = Buffer.allocUnsafe(Math.floor(txlogLimits.batchBytesMax / 2) + 1);
    await expect(writer.append([{ kind: 'data', payload: half }, { kind: 'data', payload: half }])).rejects.toThrow(/more than the limit of .* per request/);
    const many = Array.from({ length: txlogLimits.batchRecordsMax + 1 }, () => data(''));
    await expect(writer.append(many)).rejects.toThrow(`an append of ${txlogLimits.batchRecordsMax + 1} records is more than the limit of ${txlogLimits.batchRecordsMax}`);
    expect(cluster.appendsReceived()).toBe(0);
    expect(writer.ended).toBeUndefined();
    expect(await writer.append([data('fine')])).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
  });

  it('splits queued appends into requests within the batch record limit', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    const big = Array.from({ length: txlogLimits.batchRecordsMax - 1 }, () => data(''));
    const outcomes = await Promise.all([writer.append(big), writer.append([data('a'), data('b')])]);
    expect(outcomes).toEqual([
      { kind: 'committed', firstId: 1, lastId: txlogLimits.batchRecordsMax - 1 },
      { kind: 'committed', firstId: txlogLimits.batchRecordsMax, lastId: txlogLimits.batchRecordsMax + 1 },
    ]);
    // Two requests (the small one may overtake the big one and be resent after a not_yet).
    const sizes = new Map(cluster.nodes[0]?.appends.map((request) => [request.requestSeq, request.records.length]));
    expect([...sizes.entries()].sort()).toEqual([
      [1n, txlogLimits.batchRecordsMax - 1],
      [2n, 2],
    ]);
  });

  it('checks its options and gives each writer its own random client id', async () => {
    const { client } = await setUp();
    expect(() => LogWriter.start(client, { afterId: -1 })).toThrow(TxlogError);
    expect(() => LogWriter.start(client, { afterId: 0, clientId: 0n })).toThrow(/non-zero uint64/);
    expect(() => LogWriter.start(client, { afterId: 0, inflightRequestsMax: txlogLimits.clientInflightAppendsMax + 1 })).toThrow(/inflightRequestsMax/);
    const ids = new Set(Array.from({ length: 8 }, () => LogWriter.start(client, { afterId: 0 }).clientId));
    expect(ids.size).toBe(8);
    expect([...ids].every((id) => id > 0n && id < 1n << 64n)).toBe(true);
  });
});
