/**
 * What the durable tests share: a log cluster of three nodes on SQLite in one process, durable
 * servers on loopback ports, ioredis clients, temp directories, and the cleanup of all of them
 * (call cleanup() in afterEach).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type RunningDurableServer, startDurableServer } from '../../server/src/durable/durable-server.js';
import { silentLogger } from '../../server/src/log.js';
import type { DurableRole } from '../../server/src/state/replication-view.js';
import { Cluster } from '../txlog/node/cluster.js';

/** The lease the tests' servers hold unless they say otherwise. */
export const LEASE_MS = 600;
const WAIT_MS = 15_000;
const POLL_MS = 10;

/** Polls `condition` until it holds, at most WAIT_MS (for states without an event to await). */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; Date.now() < deadline && attempt < WAIT_MS / POLL_MS + 10; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The node's role as it sees itself. */
export function role(running: RunningDurableServer): DurableRole {
  return running.node.view().role;
}

export class DurableFixture {
  /** Run in reverse order by cleanup(). */
  readonly cleanups: Array<() => Promise<void> | void> = [];

  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }

  /** Three log nodes on SQLite in a temp dir, with a leader elected. */
  async logCluster(): Promise<Cluster> {
    const cluster = await Cluster.start(3, 'sqlite');
    this.cleanups.push(() => cluster.stop());
    await cluster.leader();
    return cluster;
  }

  tempDir(prefix = 'cairn-durable-'): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /** A durable server on a free loopback port. */
  async server(cluster: Cluster, dir: string, options: { leaseMs?: number; settings?: Record<string, string | number> } = {}): Promise<RunningDurableServer> {
    const running = await startDurableServer({
      settings: { port: 0, bind: '127.0.0.1', ...(options.settings ?? {}) },
      log: [...cluster.addresses.values()],
      dir,
      leaseMs: options.leaseMs ?? LEASE_MS,
      logger: silentLogger(),
    });
    this.cleanups.push(() => running.close());
    return running;
  }

  /** An ioredis client that neither retries nor reconnects. */
  client(running: RunningDurableServer): Redis {
    const redis = new Redis({ port: running.server.port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    this.cleanups.push(() => void redis.disconnect());
    return redis;
  }
}
