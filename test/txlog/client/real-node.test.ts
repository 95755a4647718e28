/**
 * The client library against real log nodes (in this process, memory stores): leader discovery,
 * group commit, tail, trim, and a leader stopped in the middle of a stream of appends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AppendOutcome, LogWriter, type TailedRecord, TxlogClient } from '../../../txlog/src/client/index.js';
import { Cluster, until } from '../node/cluster.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ cluster: Cluster; client: TxlogClient }> {
  const cluster = await Cluster.start(3);
  cleanups.push(() => cluster.stop());
  await cluster.leader();
  const client = new TxlogClient([...cluster.addresses.values()]);
  cleanups.push(() => client.close());
  return { cluster, client };
}

function data(text: string): { kind: 'data'; payload: Buffer } {
  return { kind: 'data', payload: Buffer.from(text) };
}

/** The first `count` records of a tail from `fromId`. */
async function tailed(client: TxlogClient, fromId: number, count: number): Promise<TailedRecord[]> {
  const records: TailedRecord[] = [];
  for await (const record of client.tail(fromId)) {
    records.push(record);
    if (records.length === count) break;
  }
  return records;
}

describe('client library against real log nodes', () => {
  it('finds the leader, commits concurrent appends in order, and tails them back', async () => {
    const { cluster, client } = await setUp();
    const leader = await cluster.leader();
    expect((await client.status()).nodeId).toBe(leader);
    const writer = LogWriter.start(client, { afterId: 0 });
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, index) => writer.append([data(`r${index}`)])));
    expect(outcomes).toEqual(Array.from({ length: 200 }, (_, index) => ({ kind: 'committed', firstId: index + 1, lastId: index + 1 })));
    const records = await tailed(client, 1, 200);
    expect(records.map((record) => record.payload.toString())).toEqual(Array.from({ length: 200 }, (_, index) => `r${index}`));
    const all = await client.statusOfAll();
    expect(all.every((answer) => answer.ok)).toBe(true);
  });

  it('a second writer after the first is fenced, and trim makes old ids a trimmed error', async () => {
    const { cluster, client } = await setUp();
    const first = LogWriter.start(client, { afterId: 0 });
    expect(await first.append([data('a')])).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    const second = LogWriter.start(client, { afterId: 1 });
    expect(await second.append([data('b')])).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(await first.append([data('c')])).toEqual({ kind: 'rejected', lastAcceptedId: 2 });
    expect(await client.trim(2)).toBe(2);
    // The trim answered once the leader applied it; a tail may go to a follower, which learns the commit a little later.
    const nodes = [...cluster.nodes.values()];
    await until(nodes, () => nodes.every((node) => node.stateMachine.firstRetainedId === 2), 'every node applies the trim');
    await expect(tailed(client, 1, 1)).rejects.toMatchObject({ code: 'trimmed' });
    expect((await tailed(client, 2, 1))[0]?.payload.toString()).toBe('b');
  });

  it('appends go on after the leader stops, and every acknowledged one is in the log, in order', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0, inflightRequestsMax: 4 });
    const outcomes: Array<Promise<AppendOutcome>> = [];
    for (let round = 0; round < 40; round++) {
      if (round === 15) await cluster.node(await cluster.leader()).stop();
      for (let index = 0; index < 5; index++) outcomes.push(writer.append([data(`${round}.${index}`)]));
      await outcomes.at(-1);
    }
    const settled = await Promise.all(outcomes);
    expect(settled.every((outcome) => outcome.kind === 'committed')).toBe(true);
    const records = await tailed(client, 1, 200);
    expect(records.map((record) => record.payload.toString())).toEqual(Array.from({ length: 40 }, (_, round) => Array.from({ length: 5 }, (_, index) => `${round}.${index}`)).flat());
  });
});
