/**
 * The transaction log as three real processes on loopback, under faults:
 *   - kill -9 of the leader during a stream of appends: appends resume after the election and no
 *     acknowledged append is lost; the killed node, restarted, catches up;
 *   - a node cut off by fault-injecting TCP proxies cannot commit anything and rejoins cleanly.
 * Peer traffic goes through one proxy per direction (node i reaches node j through proxy i->j),
 * so a node can be cut off completely; clients talk to the nodes directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogWriter, TxlogClient } from '../../txlog/src/client/index.js';
import type { TailedRecord } from '../../txlog/src/client/index.js';
import { CairnProcess } from '../support/processes.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const NODES = [1, 2, 3] as const;
/** Bounds of every loop below. */
const APPENDS_MAX = 5000;
const PHASE_MS = 20_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

class LogCluster {
  readonly processes = new Map<number, CairnProcess>();
  readonly proxies = new Map<string, TcpProxy>();
  readonly ports = new Map<number, number>();
  readonly clients: TxlogClient[] = [];
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-txlog-faults-'));

  static async start(): Promise<LogCluster> {
    const cluster = new LogCluster();
    for (const id of NODES) cluster.ports.set(id, await freePort());
    for (const from of NODES) {
      for (const to of NODES) {
        if (from !== to) cluster.proxies.set(`${from}->${to}`, await TcpProxy.start(cluster.ports.get(to) as number));
      }
    }
    await Promise.all(NODES.map((id) => cluster.startNode(id)));
    return cluster;
  }

  address(id: number): string {
    return `127.0.0.1:${this.ports.get(id) as number}`;
  }

  /** Node `id` reaches its peers through its own proxies. */
  async startNode(id: number): Promise<void> {
    const peers = NODES.map((other) => `${other}=${other === id ? this.address(id) : (this.proxies.get(`${id}->${other}`) as TcpProxy).address}`).join(',');
    const node = CairnProcess.start('txlog', '--id', String(id), '--peers', peers, '--dir', path.join(this.dir, `node-${id}`), '--log-level', 'warn');
    this.processes.set(id, node);
    await node.waitFor(/listening on/);
  }

  client(ids: readonly number[] = NODES): TxlogClient {
    const client = new TxlogClient(ids.map((id) => this.address(id)), { operationTimeoutMs: 3000 });
    this.clients.push(client);
    return client;
  }

  /** Cut node `id` off from its peers, both ways. */
  isolate(id: number): void {
    for (const [pair, proxy] of this.proxies) if (pair.startsWith(`${id}->`) || pair.endsWith(`->${id}`)) proxy.partition();
  }

  heal(): void {
    for (const proxy of this.proxies.values()) proxy.heal();
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close();
    await Promise.all([...this.processes.values()].map((node) => node.stop('SIGKILL')));
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.close()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Poll the nodes' Status until `condition` holds (a bounded poll of server state: there is no event to await across processes). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = PHASE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

async function leaderOf(client: TxlogClient, ids: readonly number[], cluster: LogCluster): Promise<number> {
  return eventually('a leader', async () => {
    for (const id of ids) {
      const status = await client.status(cluster.address(id)).catch(() => null);
      if (status?.role === 'leader') return id;
    }
    return undefined;
  });
}

/** Every record from id 1 on one node (bounded by `count`). */
async function records(client: TxlogClient, count: number): Promise<TailedRecord[]> {
  const out: TailedRecord[] = [];
  if (count === 0) return out;
  for await (const record of client.tail(1)) {
    out.push(record);
    if (out.length >= count) break;
  }
  return out;
}

const text = (payload: Uint8Array) => Buffer.from(payload).toString();

let cluster: LogCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

describe('txlog processes under faults', () => {
  it('kill -9 of the leader during appends loses no acknowledged append; appends resume; the node catches up when restarted', async () => {
    cluster = await LogCluster.start();
    const client = cluster.client();
    const acknowledged = new Map<number, string>();
    let writer = LogWriter.start(client, { afterId: 0 });
    let killed: number | null = null;
    let ackedAfterKill = 0;
    const started = Date.now();
    for (let sequence = 0; sequence < APPENDS_MAX && Date.now() - started < 3 * PHASE_MS; sequence++) {
      const payload = `w-${sequence}`;
      const outcome = await writer.append([{ kind: 'data', payload: Buffer.from(payload) }]);
      if (outcome.kind === 'committed') {
        acknowledged.set(outcome.firstId, payload);
        if (killed !== null) ackedAfterKill++;
      } else {
        // The session ended (unknown or fenced): a new writer continues after the chain's end, as a
        // primary rebuilt from the log would.
        const status = await eventually('the leader\'s status', () => client.status());
        writer = LogWriter.start(client, { afterId: status.lastAcceptedId });
      }
      if (killed === null && acknowledged.size >= 200) {
        killed = await leaderOf(client, NODES, cluster);
        await (cluster.processes.get(killed) as CairnProcess).stop('SIGKILL');
      }
      if (ackedAfterKill >= 200) break;
    }
    expect(killed).not.toBeNull();
    expect(ackedAfterKill).toBeGreaterThanOrEqual(200);

    // The killed node comes back and catches up.
    await cluster.startNode(killed as number);
    const survivors = NODES.filter((id) => id !== killed);
    const leader = await leaderOf(client, survivors, cluster);
    const last = (await client.status(cluster.address(leader))).lastAcceptedId;
    await eventually('the restarted node catches up', async () => {
      const status = await client.status(cluster!.address(killed as number));
      return status.lastAcceptedId >= last ? status : undefined;
    });

    // Every node holds every acknowledged append at the id it was acknowledged with.
    for (const id of NODES) {
      const held = await records(cluster.client([id]), last);
      expect(held.map((record) => record.id)).toEqual(Array.from({ length: last }, (_, index) => index + 1));
      const byId = new Map(held.map((record) => [record.id, text(record.payload)]));
      for (const [ackedId, payload] of acknowledged) expect(byId.get(ackedId), `node ${id}, id ${ackedId}`).toBe(payload);
      expect(new Set(held.map((record) => text(record.payload))).size).toBe(held.length); // nothing twice
    }
  }, 120_000);

  it('a leader cut off by the proxies commits nothing, the others go on, and it rejoins cleanly', async () => {
    cluster = await LogCluster.start();
    const client = cluster.client();
    const first = LogWriter.start(client, { afterId: 0 });
    for (let index = 0; index < 20; index++) expect((await first.append([{ kind: 'data', payload: Buffer.from(`before-${index}`) }])).kind).toBe('committed');
    const isolated = await leaderOf(client, NODES, cluster);
    cluster.isolate(isolated);

    // Appends sent only to the isolated node never commit.
    const lonely = LogWriter.start(cluster.client([isolated]), { afterId: 20, appendTimeoutMs: 2000 });
    const lonelyOutcome = await lonely.append([{ kind: 'data', payload: Buffer.from('lonely') }]);
    expect(lonelyOutcome.kind).not.toBe('committed');

    // The other two elect a leader and commit.
    const others = NODES.filter((id) => id !== isolated);
    const majority = cluster.client(others);
    const newLeader = await leaderOf(majority, others, cluster);
    expect(newLeader).not.toBe(isolated);
    const status = await majority.status(cluster.address(newLeader));
    const second = LogWriter.start(majority, { afterId: status.lastAcceptedId });
    for (let index = 0; index < 20; index++) expect((await second.append([{ kind: 'data', payload: Buffer.from(`during-${index}`) }])).kind).toBe('committed');
    const isolatedStatus = await client.status(cluster.address(isolated));
    expect(isolatedStatus.role).not.toBe('leader'); // CheckQuorum made it step down
    expect(isolatedStatus.lastAcceptedId).toBe(20);

    // Healed, it follows and holds exactly what the majority committed.
    cluster.heal();
    const last = (await majority.status(cluster.address(newLeader))).lastAcceptedId;
    await eventually('the isolated node rejoins', async () => {
      const rejoined = await client.status(cluster!.address(isolated));
      return rejoined.lastAcceptedId >= last && rejoined.role === 'follower' ? rejoined : undefined;
    });
    const onIsolated = (await records(cluster.client([isolated]), last)).map((record) => text(record.payload));
    const onLeader = (await records(cluster.client([newLeader]), last)).map((record) => text(record.payload));
    expect(onIsolated).toEqual(onLeader);
    expect(onIsolated).not.toContain('lonely');
    expect(onIsolated.slice(-20)).toEqual(Array.from({ length: 20 }, (_, index) => `during-${index}`));
  }, 120_000);
});
