/**
 * Redis set-ups that benchmarks compare cairn with, started from redis-server on loopback
 * (apt-get install -y redis-server) and tracked by a Processes object (stopped by pid).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Processes, freePort } from './cairn-processes.js';
import { Connection } from './resp-connection.js';

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

/**
 * The WAIT setup: a Redis primary and two replicas, all appendonly with appendfsync always, the
 * replicas' first sync done. Resolves with the primary's port.
 */
export async function startWaitSetup(processes: Processes, scratch: string): Promise<number> {
  const fsyncAlways = ['--appendonly', 'yes', '--appendfsync', 'always'];
  const primary = await startRedis(processes, scratch, 'redis-wait-primary', fsyncAlways);
  for (const name of ['redis-wait-replica-1', 'redis-wait-replica-2']) {
    await startRedis(processes, scratch, name, [...fsyncAlways, '--replicaof', '127.0.0.1', String(primary)]);
  }
  const probe = await Connection.open(primary);
  try {
    for (let attempt = 0; attempt < INITIAL_SYNC_ATTEMPTS_MAX; attempt++) {
      await probe.call('SET', 'warmup', '1');
      if ((await probe.call('WAIT', '2', '1000')) === 2) return primary;
    }
  } finally {
    probe.close();
  }
  throw new Error(`the WAIT setup's replicas did not sync within ${INITIAL_SYNC_ATTEMPTS_MAX} rounds`);
}
