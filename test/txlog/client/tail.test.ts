import { afterEach, describe, expect, it } from 'vitest';
import { type TailedRecord, TxlogClient } from '../../../txlog/src/client/index.js';
import { FakeCluster } from './fake-txlog.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ cluster: FakeCluster; client: TxlogClient }> {
  const cluster = await FakeCluster.start(3);
  cleanups.push(() => cluster.close());
  const client = new TxlogClient(cluster.addresses(), { backoffMinMs: 1, backoffMaxMs: 20 });
  cleanups.push(() => client.close());
  return { cluster, client };
}

/** The first `count` records of `tail` (then stops iterating, which cancels the stream). */
async function take(tail: AsyncIterable<TailedRecord>, count: number): Promise<TailedRecord[]> {
  const taken: TailedRecord[] = [];
  if (count === 0) return taken;
  for await (const record of tail) {
    taken.push(record);
    if (taken.length === count) break;
  }
  return taken;
}

/** The next `count` records of a tail that goes on afterwards. */
async function nextOf(tail: AsyncGenerator<TailedRecord>, count: number): Promise<TailedRecord[]> {
  const taken: TailedRecord[] = [];
  for (let index = 0; index < count; index++) {
    const next = await tail.next();
    if (next.done === true) throw new Error('the tail ended');
    taken.push(next.value);
  }
  return taken;
}

function ids(records: readonly TailedRecord[]): number[] {
  return records.map((record) => record.id);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe('tail', () => {
  it('yields committed records in id order from the id asked, then new ones as they commit', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(5);
    const tail = client.tail(3);
    const first = await nextOf(tail, 3);
    expect(ids(first)).toEqual([3, 4, 5]);
    expect(first[0]).toMatchObject({ kind: 'data', payload: Buffer.from('foreign-3') });
    const next = tail.next();
    cluster.log.appendForeign(1);
    expect((await next).value).toMatchObject({ id: 6, payload: Buffer.from('foreign-6') });
    await tail.return();
  });

  it('resumes after dropped streams from the next id, without gaps or repeats', async () => {
    const { cluster, client } = await setUp();
    cluster.tailBreakAfter = 3;
    cluster.tailRewind = 2; // each new stream starts two ids early: repeats the client must skip
    cluster.log.appendForeign(20);
    const records = await take(client.tail(1), 20);
    expect(ids(records)).toEqual(range(1, 20));
    const opened = cluster.nodes.flatMap((node) => node.tails);
    expect(opened.length).toBeGreaterThan(5);
    expect(new Set(opened)).toContain(4);
    // Streams went round the nodes.
    expect(cluster.nodes.every((node) => node.tails.length > 0)).toBe(true);
  });

  it('moves to another node when the one it tails from stops', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(2);
    const tail = client.tail(1);
    expect(ids(await nextOf(tail, 2))).toEqual([1, 2]);
    const serving = cluster.nodes.findIndex((node) => node.tails.length > 0);
    await cluster.stopNode(serving);
    const next = tail.next();
    cluster.log.appendForeign(1);
    expect((await next).value).toMatchObject({ id: 3 });
    await tail.return();
  });

  it('stopping the iteration cancels the stream', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(3);
    expect(ids(await take(client.tail(1), 2))).toEqual([1, 2]);
    await cluster.waitFor(() => cluster.nodes.some((node) => node.tailsCancelled === 1), 'the stream cancelled');
  });

  it('a trimmed range fails with a trimmed error', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(10);
    cluster.log.trim(5);
    await expect(take(client.tail(2), 1)).rejects.toMatchObject({ code: 'trimmed', message: expect.stringMatching(/records from id 2 were trimmed.*below 5/) });
    expect(ids(await take(client.tail(5), 2))).toEqual([5, 6]);
  });

  it('a node that skips ids fails the tail with a protocol error', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(5);
    cluster.tailRewind = -1;
    await expect(take(client.tail(2), 1)).rejects.toMatchObject({ code: 'protocol', message: expect.stringMatching(/sent record 3 when 2 was next/) });
  });

  it('closing the client ends a waiting tail with a closed error; a bad from id fails at once', async () => {
    const { cluster, client } = await setUp();
    const tail = client.tail(1);
    const next = tail.next();
    await cluster.waitFor(() => cluster.nodes.some((node) => node.tails.length === 1), 'the stream');
    client.close();
    await expect(next).rejects.toMatchObject({ code: 'closed' });
    await expect(client.tail(0).next()).rejects.toMatchObject({ code: 'limit' });
  });
});
