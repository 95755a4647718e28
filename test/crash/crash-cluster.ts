/**
 * A whole cairn cluster as real processes on loopback for the crash campaign: three txlog nodes
 * (SQLite in a temp dir), two durable servers and a snapshotter (a snapshot every
 * SNAPSHOT_EVERY_RECORDS records, the log trimmed below the previous one), each of which can be
 * killed with -9 and restarted on the same port and directory; servers can also be paused with
 * SIGSTOP and resumed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { TxlogClient } from '../../txlog/src/client/index.js';
import { CairnProcess } from '../support/processes.js';
import { freePort } from '../support/servers.js';

export const LOG_IDS = [1, 2, 3] as const;
/** Servers are numbered 0 and 1. */
export const SERVER_IDS = [0, 1] as const;
/** Snapshots often enough that the campaign takes many, and trims the log as it goes. */
export const SNAPSHOT_EVERY_RECORDS = 400;

/** The reply of ROLE from a server, or null when it did not answer within `timeoutMs`. */
export async function roleOf(port: number, timeoutMs = 1000): Promise<string | null> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, commandTimeout: timeoutMs });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = (await redis.call('ROLE')) as unknown[];
    return typeof reply[0] === 'string' ? reply[0] : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

export class CrashCluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-crash-'));
  readonly logPorts = new Map<number, number>();
  readonly serverPorts = new Map<number, number>();
  readonly logs = new Map<number, CairnProcess>();
  readonly servers = new Map<number, CairnProcess>();
  readonly paused = new Set<number>();
  snapshotter: CairnProcess | null = null;

  private constructor(readonly leaseMs: number) {}

  static async start(leaseMs: number): Promise<CrashCluster> {
    const cluster = new CrashCluster(leaseMs);
    for (const id of LOG_IDS) cluster.logPorts.set(id, await freePort());
    for (const id of SERVER_IDS) cluster.serverPorts.set(id, await freePort());
    await Promise.all(LOG_IDS.map((id) => cluster.startLog(id)));
    for (const id of SERVER_IDS) await cluster.startServer(id);
    await cluster.startSnapshotter();
    return cluster;
  }

  get logAddresses(): string[] {
    return LOG_IDS.map((id) => `127.0.0.1:${this.logPorts.get(id)}`);
  }

  async startLog(id: number): Promise<void> {
    const peers = LOG_IDS.map((peer) => `${peer}=127.0.0.1:${this.logPorts.get(peer)}`).join(',');
    const child = CairnProcess.start('txlog', '--id', String(id), '--peers', peers, '--dir', path.join(this.dir, `txlog-${id}`), '--log-level', 'warn');
    this.logs.set(id, child);
    await child.waitFor(/listening on/);
  }

  async startServer(id: number): Promise<void> {
    const port = this.serverPorts.get(id) as number;
    const args = ['server', '--port', String(port), '--log', this.logAddresses.join(','), '--dir', path.join(this.dir, `server-${id}`), '--snapshots', this.snapshotDir, '--lease-ms', String(this.leaseMs), '--loglevel', 'warning'];
    const child = CairnProcess.start(...args);
    this.servers.set(id, child);
    await child.waitFor(/listening on/);
  }

  get snapshotDir(): string {
    return path.join(this.dir, 'snapshots');
  }

  async startSnapshotter(): Promise<void> {
    const args = ['snapshotter', '--log', this.logAddresses.join(','), '--dir', this.snapshotDir, '--every-records', String(SNAPSHOT_EVERY_RECORDS), '--log-level', 'warn'];
    this.snapshotter = CairnProcess.start(...args);
    await this.snapshotter.waitFor(/writing to/);
  }

  /** kill -9 of the snapshotter. */
  killSnapshotter(): void {
    this.snapshotter?.child.kill('SIGKILL');
  }

  snapshotterRunning(): boolean {
    return this.snapshotter?.running ?? false;
  }

  /** kill -9 of a log node. */
  killLog(id: number): void {
    this.logs.get(id)?.child.kill('SIGKILL');
  }

  /** kill -9 of a server (resumed first if paused, so the kill lands). */
  killServer(id: number): void {
    const child = this.servers.get(id);
    if (child === undefined) return;
    child.child.kill('SIGKILL');
    if (this.paused.delete(id)) child.child.kill('SIGCONT');
  }

  pauseServer(id: number): void {
    this.servers.get(id)?.child.kill('SIGSTOP');
    this.paused.add(id);
  }

  resumeServer(id: number): void {
    this.servers.get(id)?.child.kill('SIGCONT');
    this.paused.delete(id);
  }

  logRunning(id: number): boolean {
    return this.logs.get(id)?.running ?? false;
  }

  serverRunning(id: number): boolean {
    return this.servers.get(id)?.running ?? false;
  }

  /** Restarts every process that is not running and resumes every paused one. */
  async heal(): Promise<void> {
    for (const id of [...this.paused]) this.resumeServer(id);
    for (const id of LOG_IDS) if (!this.logRunning(id)) await this.startLog(id);
    for (const id of SERVER_IDS) if (!this.serverRunning(id)) await this.startServer(id);
    if (!this.snapshotterRunning()) await this.startSnapshotter();
  }

  /** The id of the server that says it is master, or null. */
  async primary(): Promise<number | null> {
    for (const id of SERVER_IDS) {
      if (!this.serverRunning(id) || this.paused.has(id)) continue;
      if ((await roleOf(this.serverPorts.get(id) as number)) === 'master') return id;
    }
    return null;
  }

  /** The log leader's node id as the running nodes report it, or null. */
  async logLeader(): Promise<number | null> {
    const client = new TxlogClient(this.logAddresses, { attemptTimeoutMs: 500, operationTimeoutMs: 1500 });
    try {
      const answers = await client.statusOfAll();
      for (const answer of answers) if (answer.ok && answer.status.role === 'leader') return answer.status.nodeId;
      return null;
    } finally {
      client.close();
    }
  }

  async stop(): Promise<void> {
    for (const id of [...this.paused]) this.resumeServer(id);
    const snapshotter = this.snapshotter === null ? [] : [this.snapshotter];
    await Promise.all([...this.servers.values(), ...this.logs.values(), ...snapshotter].map((child) => (child.running ? child.stop('SIGKILL') : Promise.resolve())));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
