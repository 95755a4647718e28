/**
 * Redis 7 (Debian's redis-server) on loopback, no RDB saves, in three set-ups:
 *   redis       one node, appendonly no;
 *   redis-aof   one node, appendonly yes, appendfsync always (an fsync before each reply);
 *   redis-wait  a primary and two replicas, all appendfsync always, every write followed by
 *               WAIT 2 0 sent with it; reads on the replica go to the first replica.
 */
import { spawnSync } from 'node:child_process';
import { Processes } from '../../support/cairn-processes.js';
import { LAST_KEY, loadKeys } from '../../support/key-loader.js';
import { pollUntil } from '../../support/recovery-cluster.js';
import { APPEND_FSYNC_ALWAYS, startRedis, startWaitSetup } from '../../support/redis-servers.js';
import type { Cleanup } from '../cleanup.js';
import { catchUpWaitMs, valueBytes } from '../limits.js';
import type { LoadClient } from '../load-loop.js';
import { type ClientRequest, type RunningSystem, benchValue, respClients } from './running-system.js';

export type RedisSetup = 'redis' | 'redis-aof' | 'redis-wait';

/** `redis-server --version`, or null when it is not installed. */
export function redisVersion(): string | null {
  const answer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return answer.status === 0 ? answer.stdout.trim() : null;
}

export class RedisSystem implements RunningSystem {
  readonly description: string;
  private readonly value = benchValue(valueBytes);

  private constructor(
    readonly id: RedisSetup,
    private readonly processes: Processes,
    private readonly primaryPort: number,
    private readonly replicaPort: number | null,
    readonly stop: () => Promise<void>,
  ) {
    this.description = {
      redis: 'Redis 7, one node, no persistence (appendonly no, no RDB saves)',
      'redis-aof': 'Redis 7, one node, appendonly yes with appendfsync always (fsync before each reply)',
      'redis-wait': 'Redis 7, a primary and two replicas, all appendfsync always; each write is followed by WAIT 2 0 sent with it (one WAIT per pipelined batch)',
    }[id];
  }

  static async start(cleanup: Cleanup, setup: RedisSetup): Promise<RedisSystem> {
    const scratch = cleanup.scratch(setup);
    const processes = new Processes();
    const stopProcesses = cleanup.add(() => processes.stopAll());
    const stop = async () => {
      await stopProcesses();
      await scratch.remove();
    };
    try {
      if (setup !== 'redis-wait') {
        const port = await startRedis(processes, scratch.dir, setup, setup === 'redis' ? ['--appendonly', 'no'] : APPEND_FSYNC_ALWAYS);
        return new RedisSystem(setup, processes, port, null, stop);
      }
      const { primary, replicas } = await startWaitSetup(processes, scratch.dir);
      return new RedisSystem(setup, processes, primary, replicas[0] ?? null, stop);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  pids(): number[] {
    return this.processes.pids();
  }

  async preload(keys: number): Promise<number> {
    const started = performance.now();
    const token = `preload-${Date.now()}`;
    await loadKeys(this.primaryPort, keys, valueBytes, token, this.replicaPort === null ? null : ['WAIT', '2', '0']);
    if (this.replicaPort !== null) await pollUntil(this.replicaPort, ['GET', LAST_KEY], (reply) => reply === token, () => null, catchUpWaitMs);
    return (performance.now() - started) / 1000;
  }

  openClients(request: ClientRequest): Promise<LoadClient[]> {
    const port = request.target === 'primary' ? this.primaryPort : this.replicaPort;
    if (port === null) throw new Error(`assertion: ${this.id} has no replica to read from`);
    return respClients(port, request, this.value, this.id === 'redis-wait');
  }
}
