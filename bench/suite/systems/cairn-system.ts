/**
 * cairn as `cairn start` lays it out, from this checkout's build, on loopback: three `cairn txlog`
 * nodes, a primary and a replica (`cairn server --log ... --snapshots D --lease-ms L`) and a
 * snapshotter with its default thresholds. Failover: kill -9 of the primary, then a SET to the
 * replica every 5 ms until one is acknowledged; the killed server is started again (a replica now)
 * and the next trial waits until it has caught up.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Processes, freePort, serverArgs, startTxlogCluster, waitForRole } from '../../support/cairn-processes.js';
import { LAST_KEY, loadKeys } from '../../support/key-loader.js';
import { pollUntil } from '../../support/recovery-cluster.js';
import type { Cleanup } from '../cleanup.js';
import { catchUpWaitMs, failoverWaitMs, valueBytes } from '../limits.js';
import type { LoadClient } from '../load-loop.js';
import { type ClientRequest, type RunningSystem, benchValue, respClients } from './running-system.js';

/** The key each failover trial's acknowledged write sets. */
const failoverKey = 'bench:failover';

interface Server {
  readonly port: number;
  readonly dir: string;
  child: ChildProcess | null;
  /** Why it ended without being killed here, or null. */
  exited: string | null;
}

export class CairnSystem implements RunningSystem {
  readonly id = 'cairn';
  readonly description: string;
  private primary = 0;
  private readonly value = benchValue(valueBytes);

  private constructor(
    private readonly processes: Processes,
    private readonly log: readonly string[],
    private readonly snapshotDir: string,
    private readonly servers: readonly [Server, Server],
    private readonly leaseMs: number,
    readonly stop: () => Promise<void>,
  ) {
    this.description = `cairn: 3 txlog nodes (Raft over gRPC, SQLite WAL synchronous=FULL), a primary and a replica (lease ${leaseMs} ms), a snapshotter (default thresholds); a write is acknowledged once a majority of log nodes has it on disk`;
  }

  static async start(cleanup: Cleanup, leaseMs: number): Promise<CairnSystem> {
    const scratch = cleanup.scratch('cairn');
    const processes = new Processes();
    const stopProcesses = cleanup.add(() => processes.stopAll());
    const stop = async () => {
      await stopProcesses();
      await scratch.remove();
    };
    try {
      const log = await startTxlogCluster(processes, scratch.dir);
      const snapshotDir = path.join(scratch.dir, 'snapshots');
      await processes.start(process.execPath, ['bin/cairn.js', 'snapshotter', '--log', log.join(','), '--dir', snapshotDir, '--log-level', 'warn'], { ready: /cairn snapshotter writing to/ });
      const servers: [Server, Server] = [
        { port: await freePort(), dir: path.join(scratch.dir, 'server-a'), child: null, exited: null },
        { port: await freePort(), dir: path.join(scratch.dir, 'server-b'), child: null, exited: null },
      ];
      const system = new CairnSystem(processes, log, snapshotDir, servers, leaseMs, stop);
      await system.startServer(servers[0], true);
      await waitForRole(servers[0].port, 'master');
      await system.startServer(servers[1], true);
      await waitForRole(servers[1].port, 'slave');
      return system;
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
    await loadKeys(this.primaryServer().port, keys, valueBytes, token);
    const replica = this.replicaServer();
    await pollUntil(replica.port, ['GET', LAST_KEY], (reply) => reply === token, () => replica.exited, catchUpWaitMs);
    return (performance.now() - started) / 1000;
  }

  openClients(request: ClientRequest): Promise<LoadClient[]> {
    const server = request.target === 'primary' ? this.primaryServer() : this.replicaServer();
    return respClients(server.port, request, this.value, false);
  }

  /** One failover trial: ms from kill -9 of the primary to the replica's first acknowledged write. */
  async failover(trial: number): Promise<number> {
    const killed = this.primaryServer();
    const replica = this.replicaServer();
    if (killed.child === null) throw new Error('assertion: the primary is not running');
    const token = `failover-${trial}-${Date.now()}`;
    const killedAt = performance.now();
    await this.processes.kill(killed.child);
    killed.child = null;
    const acknowledgedAt = await pollUntil(replica.port, ['SET', failoverKey, token], (reply) => reply === 'OK', () => replica.exited, failoverWaitMs);
    this.primary = 1 - this.primary;
    await this.startServer(killed, false);
    await pollUntil(killed.port, ['GET', failoverKey], (reply) => reply === token, () => killed.exited, catchUpWaitMs);
    return acknowledgedAt - killedAt;
  }

  private primaryServer(): Server {
    return this.servers[this.primary] as Server;
  }

  private replicaServer(): Server {
    return this.servers[1 - this.primary] as Server;
  }

  private async startServer(server: Server, ready: boolean): Promise<void> {
    const args = serverArgs(server.port, this.log, server.dir, ['--snapshots', this.snapshotDir, '--lease-ms', String(this.leaseMs), '--loglevel', 'warning']);
    server.exited = null;
    const child = await this.processes.start(process.execPath, args, { ready: ready ? /listening on/ : null });
    child.once('exit', (code, signal) => {
      if (server.child === child) server.exited = `the server on port ${server.port} exited (${code ?? signal})`;
    });
    server.child = child;
  }
}
