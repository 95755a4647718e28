/**
 * Redis set-ups that benchmarks compare cairn with, started from redis-server on loopback
 * (apt-get install -y redis-server) and tracked by a Processes object (stopped by pid).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Processes, freePort } from './cairn-processes.js';
import { Connection } from './resp-connection.js';

/** redis-server's options for an append-only file synced before each reply. */
export const APPEND_FSYNC_ALWAYS: readonly string[] = ['--appendonly', 'yes', '--appendfsync', 'always'];
/** How many SET + WAIT 2 1000 rounds the replicas of the WAIT setup may take to finish their first sync. */
const INITIAL_SYNC_ATTEMPTS_MAX = 100;

/** Starts redis-server with its data in `scratch/name` and no snapshots, then `extra`; resolves with its port. */
export async function startRedis(processes: Processes, scratch: string, name: string, extra: readonly string[]): Promise<number> {
  const port = await freePort();
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  await processes.start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...extra], { ready: /Ready to accept connections/ });
  return port;
}

/** The WAIT setup: a Redis primary and two replicas, all with APPEND_FSYNC_ALWAYS, the replicas' first sync done. */
export async function startWaitSetup(processes: Processes, scratch: string): Promise<{ readonly primary: number; readonly replicas: readonly number[] }> {
  const primary = await startRedis(processes, scratch, 'redis-wait-primary', APPEND_FSYNC_ALWAYS);
  const replicas: number[] = [];
  for (const name of ['redis-wait-replica-1', 'redis-wait-replica-2']) {
    replicas.push(await startRedis(processes, scratch, name, [...APPEND_FSYNC_ALWAYS, '--replicaof', '127.0.0.1', String(primary)]));
  }
  const probe = await Connection.open(primary);
  try {
    for (let attempt = 0; attempt < INITIAL_SYNC_ATTEMPTS_MAX; attempt++) {
      await probe.call('SET', 'bench:sync', String(attempt));
      if ((await probe.call('WAIT', '2', '1000')) === 2) return { primary, replicas };
    }
  } finally {
    probe.close();
  }
  throw new Error(`the WAIT setup's replicas did not acknowledge a write after ${INITIAL_SYNC_ATTEMPTS_MAX} attempts`);
}
