/**
 * Test helper: log nodes in this process on 127.0.0.1:0 (memory or SQLite stores), gRPC clients
 * for them, and waits on the nodes' events (each with a time limit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import {
  RecordKind,
  TxLogClient,
  type AppendRequest,
  type AppendResponse,
  type StatusResponse,
  type TailRecord,
  type TrimResponse,
} from '../../../proto/gen/txlog.js';
import { txlogLimits, type TxlogLimits } from '../../../txlog/src/core/limits.js';
import type { NodeId } from '../../../txlog/src/core/types.js';
import type { LogStore } from '../../../txlog/src/storage/log-store.js';
import { MemoryLogStore } from '../../../txlog/src/storage/memory-log-store.js';
import { SqliteLogStore } from '../../../txlog/src/storage/sqlite-log-store.js';
import { TxlogNode } from '../../../txlog/src/node/txlog-node.js';
import { channelOptions } from '../../../txlog/src/transport/grpc-options.js';

export const CLUSTER = 'test-cluster';
export const quiet = pino({ level: process.env.TXLOG_TEST_LOG ?? 'silent' });
const WAIT_MS = 10_000;

/** Resolve when `condition` holds, checked now and on each of the nodes' events; reject after `timeoutMs`. */
export function until(nodes: readonly TxlogNode[], condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${what}: not within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      for (const node of nodes) node.events.off('role', check).off('applied', check);
    };
    for (const node of nodes) node.events.on('role', check).on('applied', check);
    check();
  });
}

/** A cluster of log nodes in this process. */
export class Cluster {
  readonly nodes = new Map<NodeId, TxlogNode>();
  readonly stores = new Map<NodeId, LogStore>();
  readonly addresses = new Map<NodeId, string>();
  private readonly clients = new Map<NodeId, TxLogClient>();
  private readonly directory: string | null;

  private constructor(
    readonly voters: readonly NodeId[],
    readonly storage: 'memory' | 'sqlite',
    readonly limits: TxlogLimits,
  ) {
    this.directory = storage === 'sqlite' ? mkdtempSync(path.join(os.tmpdir(), 'cairn-txlog-')) : null;
  }

  /** Open every node (each binds a free port), then start them all with the addresses known. */
  static async start(size = 3, storage: 'memory' | 'sqlite' = 'memory', limits: Partial<TxlogLimits> = {}): Promise<Cluster> {
    const voters = Array.from({ length: size }, (_, i) => i + 1);
    const cluster = new Cluster(voters, storage, { ...txlogLimits, ...limits });
    for (const id of voters) await cluster.open(id, cluster.newStore(id), '127.0.0.1:0');
    for (const node of cluster.nodes.values()) node.start(cluster.addresses);
    return cluster;
  }

  /** A fresh (or, for SQLite, reopened) store of node `id`. */
  newStore(id: NodeId): LogStore {
    if (this.directory === null) return MemoryLogStore.create(this.voters);
    return SqliteLogStore.open(path.join(this.directory, `node-${id}`), { voters: this.voters, clusterId: CLUSTER });
  }

  /** Open node `id` on `listen` with `store` (not started). */
  async open(id: NodeId, store: LogStore, listen: string): Promise<TxlogNode> {
    const node = await TxlogNode.open({ id, cluster: CLUSTER, listen, store, logger: quiet.child({ node: id }), limits: this.limits });
    this.nodes.set(id, node);
    this.stores.set(id, store);
    this.addresses.set(id, `127.0.0.1:${node.port}`);
    return node;
  }

  /** Restart node `id` on its old port with `store` (by default: what its store kept). */
  async restart(id: NodeId, store: LogStore = this.newStore(id)): Promise<TxlogNode> {
    const node = await this.open(id, store, this.addresses.get(id) as string);
    node.start(this.addresses);
    return node;
  }

  node(id: NodeId): TxlogNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Wait until every node in `among` knows the same leader (one of them); returns its id. */
  async leader(among: readonly NodeId[] = this.voters): Promise<NodeId> {
    const nodes = among.map((id) => this.node(id));
    let leader = 0;
    await until(
      nodes,
      () => {
        const leaders = new Set(nodes.map((node) => node.leader));
        const [only] = leaders;
        leader = only ?? 0;
        return leaders.size === 1 && leader !== 0 && among.includes(leader) && this.node(leader).role === 'leader';
      },
      'a leader known to every node',
    );
    return leader;
  }

  /** A gRPC client of node `id`'s client API. */
  client(id: NodeId): TxLogClient {
    let client = this.clients.get(id);
    if (client === undefined) {
      client = new TxLogClient(this.addresses.get(id) as string, credentials.createInsecure(), channelOptions());
      this.clients.set(id, client);
    }
    return client;
  }

  append(id: NodeId, request: Partial<AppendRequest>): Promise<AppendResponse> {
    const full: AppendRequest = { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: [], ...request };
    return new Promise((resolve, reject) => this.client(id).append(full, (error, response) => (error === null ? resolve(response) : reject(error))));
  }

  status(id: NodeId): Promise<StatusResponse> {
    return new Promise((resolve, reject) => this.client(id).status({}, (error, response) => (error === null ? resolve(response) : reject(error))));
  }

  trim(id: NodeId, beforeId: bigint): Promise<TrimResponse> {
    return new Promise((resolve, reject) => this.client(id).trim({ beforeId }, (error, response) => (error === null ? resolve(response) : reject(error))));
  }

  /** Tail node `id` from `fromId` until `count` records arrived; the stream is then cancelled. */
  tail(id: NodeId, fromId: bigint, count: number, timeoutMs = WAIT_MS): Promise<TailRecord[]> {
    return new Promise((resolve, reject) => {
      const records: TailRecord[] = [];
      const stream = this.client(id).tail({ fromId });
      const timer = setTimeout(() => {
        stream.cancel();
        reject(new Error(`tail of node ${id} from ${fromId}: ${records.length} of ${count} records within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('data', (response: { records: TailRecord[] }) => {
        records.push(...response.records);
        if (records.length < count) return;
        clearTimeout(timer);
        stream.cancel();
        resolve(records);
      });
      stream.on('error', (error: ServiceError) => {
        clearTimeout(timer);
        if (records.length < count) reject(error);
      });
    });
  }

  /** Stop every node and client, and remove the SQLite files. */
  async stop(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    await Promise.all([...this.nodes.values()].map((node) => node.stop()));
    if (this.directory !== null) rmSync(this.directory, { recursive: true, force: true });
  }
}

/** Data records with the given payloads. */
export function data(...payloads: string[]): AppendRequest['records'] {
  return payloads.map((payload) => ({ kind: RecordKind.RECORD_KIND_DATA, payload: Buffer.from(payload) }));
}
