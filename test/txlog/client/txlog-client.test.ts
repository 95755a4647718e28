import { afterEach, describe, expect, it } from 'vitest';
import { LogWriter, TxlogClient, TxlogError } from '../../../txlog/src/client/index.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { FakeCluster } from './fake-txlog.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: ConstructorParameters<typeof TxlogClient>[1] = {}): Promise<{ cluster: FakeCluster; client: TxlogClient }> {
  const cluster = await FakeCluster.start(3);
  cleanups.push(() => cluster.close());
  const client = new TxlogClient(cluster.addresses(), { backoffMinMs: 1, backoffMaxMs: 20, ...options });
  cleanups.push(() => client.close());
  return { cluster, client };
}

function data(text: string): { kind: 'data'; payload: Buffer } {
  return { kind: 'data', payload: Buffer.from(text) };
}

describe('txlog client: leader discovery', () => {
  it('finds the leader by asking every node its Status, and sends appends only to it', async () => {
    const { cluster, client } = await setUp();
    cluster.leader = 2;
    expect(client.leaderAddress).toBeUndefined();
    const writer = LogWriter.start(client, { afterId: 0 });
    expect(await writer.append([data('x')])).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    expect(client.leaderAddress).toBe(cluster.nodes[2]?.address);
    expect(cluster.nodes.map((node) => node.appends.length)).toEqual([0, 0, 1]);
  });

  it('follows a NotLeader hint after a leader change', async () => {
    const { cluster, client } = await setUp();
    const writer = LogWriter.start(client, { afterId: 0 });
    await writer.append([data('a')]);
    cluster.leader = 1;
    expect(await writer.append([data('b')])).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(cluster.nodes.map((node) => node.appends.length)).toEqual([2, 1, 0]);
    expect(client.leaderAddress).toBe(cluster.nodes[1]?.address);
  });

  it('without hints, falls back to asking every node its Status', async () => {
    const { cluster, client } = await setUp();
    cluster.hints = false;
    const writer = LogWriter.start(client, { afterId: 0 });
    await writer.append([data('a')]);
    cluster.leader = 2;
    expect(await writer.append([data('b')])).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(cluster.nodes.map((node) => node.appends.length)).toEqual([2, 0, 1]);
  });

  it('skips nodes that are down or stopped', async () => {
    const { cluster, client } = await setUp();
    cluster.nodes[0]!.down = true;
    await cluster.stopNode(1);
    cluster.leader = 2;
    expect(await client.status()).toMatchObject({ nodeId: 3, role: 'leader' });
  });

  it('with no leader anywhere, gives up at the operation deadline with an unavailable error', async () => {
    const { cluster, client } = await setUp({ operationTimeoutMs: 200, attemptTimeoutMs: 50 });
    cluster.leader = undefined;
    await expect(client.status()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/no node is or knows the leader/) });
    const writer = LogWriter.start(client, { afterId: 0 });
    expect(await writer.append([data('a')])).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/no node is or knows the leader/) });
  });
});

describe('txlog client: status and trim', () => {
  it('status() is the leader’s, status(address) the given node’s, statusOfAll every node’s with errors for nodes down', async () => {
    const { cluster, client } = await setUp();
    cluster.leader = 1;
    cluster.log.appendForeign(4);
    const leader = await client.status();
    expect(leader).toMatchObject({ nodeId: 2, role: 'leader', term: 3, lastAcceptedId: 4, firstRetainedId: 1, lease: null, peers: [] });
    const follower = await client.status(cluster.nodes[0]!.address);
    expect(follower).toMatchObject({ nodeId: 1, role: 'follower', leaderId: 2, leaderAddress: cluster.nodes[1]!.address });
    cluster.nodes[2]!.down = true;
    const all = await client.statusOfAll();
    expect(all.map((answer) => (answer.ok ? answer.status.role : answer.error))).toEqual(['follower', 'leader', expect.stringMatching(/^UNAVAILABLE: node down/)]);
    await expect(client.status(cluster.nodes[2]!.address)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('trim goes to the leader (finding the new one when the old one refuses) and answers the first retained id', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(10);
    await client.status();
    expect(client.leaderAddress).toBe(cluster.nodes[0]?.address);
    cluster.leader = 2;
    expect(await client.trim(6)).toBe(6);
    expect(client.leaderAddress).toBe(cluster.nodes[2]?.address);
    expect(cluster.log.firstRetainedId).toBe(6);
    expect((await client.status()).firstRetainedId).toBe(6);
  });

  it('trim that the log refuses fails with the node’s message; a bad id fails before sending', async () => {
    const { cluster, client } = await setUp();
    cluster.log.appendForeign(2);
    await expect(client.trim(10)).rejects.toMatchObject({ code: 'refused', message: expect.stringMatching(/cannot trim beyond the last accepted id 2/) });
    await expect(client.trim(0)).rejects.toMatchObject({ code: 'limit' });
    await expect(client.trim(2 ** 53)).rejects.toMatchObject({ code: 'limit' });
  });
});

describe('txlog client: configuration', () => {
  it('refuses malformed addresses, too many of them and out-of-range settings', () => {
    expect(() => new TxlogClient([])).toThrow(/at least one node address/);
    expect(() => new TxlogClient(['localhost'])).toThrow(/'localhost' is not a host:port address/);
    expect(() => new TxlogClient(['127.0.0.1:70000'])).toThrow(TxlogError);
    const many = Array.from({ length: txlogLimits.clientAddressesMax + 1 }, (_, index) => `127.0.0.1:${1000 + index}`);
    expect(() => new TxlogClient(many)).toThrow(/more than the limit/);
    expect(() => new TxlogClient(['127.0.0.1:1'], { attemptTimeoutMs: 0 })).toThrow(/attemptTimeoutMs must be an integer in 1\.\./);
    expect(() => new TxlogClient(['127.0.0.1:1'], { backoffMinMs: 50, backoffMaxMs: 10 })).toThrow(/backoffMaxMs/);
    const client = new TxlogClient(['[::1]:7001', 'log-1.internal:7001', '127.0.0.1:7001']);
    client.close();
  });

  it('closing the client fails operations in progress and later ones with a closed error', async () => {
    const { cluster, client } = await setUp();
    cluster.leader = undefined;
    const pending = client.status();
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
    await expect(client.trim(1)).rejects.toMatchObject({ code: 'closed' });
  });
});
