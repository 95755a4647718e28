/**
 * A three-node etcd (Debian's etcd-server) on loopback: the replicated log alone, for SET-like
 * workloads only. Each client is its own gRPC channel to the leader; a batch of a pipeline of N is
 * N puts in flight at once.
 */
import { spawnSync } from 'node:child_process';
import { EtcdPutClient, type EtcdCluster, etcdAvailable, etcdLeaderAddress, startEtcdCluster } from '../../support/etcd-cluster.js';
import type { Cleanup } from '../cleanup.js';
import { valueBytes } from '../limits.js';
import type { LoadClient } from '../load-loop.js';
import { KeyPicker, EtcdLoadClient } from '../workloads.js';
import { type ClientRequest, type RunningSystem, benchValue } from './running-system.js';

/** `etcd --version`'s first line, or null when etcd or etcdctl is not installed. */
export function etcdVersion(): string | null {
  if (!etcdAvailable() || spawnSync('etcdctl', ['version'], { encoding: 'utf8' }).status !== 0) return null;
  const answer = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return answer.stdout.split('\n')[0]?.trim() ?? null;
}

export class EtcdSystem implements RunningSystem {
  readonly id = 'etcd';
  readonly description = 'etcd, three nodes: the replicated log alone (puts of the same value size, each acknowledged once a majority has it on disk); SET only';
  private readonly value = benchValue(valueBytes);

  private constructor(
    private readonly cluster: EtcdCluster,
    private readonly leader: string,
    readonly stop: () => Promise<void>,
  ) {}

  static async start(cleanup: Cleanup): Promise<EtcdSystem> {
    let stop: (() => Promise<void>) | null = null;
    const cluster = await startEtcdCluster(3, (stopCluster) => {
      stop = cleanup.add(stopCluster);
    });
    const registered: () => Promise<void> = stop ?? cleanup.add(() => cluster.stop());
    return new EtcdSystem(cluster, etcdLeaderAddress(cluster.clientAddresses), registered);
  }

  pids(): number[] {
    return this.cluster.pids;
  }

  /** etcd serves puts only here: there is nothing to read back, so nothing to preload. */
  async preload(): Promise<number> {
    return 0;
  }

  async openClients(request: ClientRequest): Promise<LoadClient[]> {
    if (request.workload !== 'set' || request.target !== 'primary') throw new Error(`assertion: etcd runs SET on the leader only, not ${request.workload} on the ${request.target}`);
    return Array.from({ length: request.clients }, (_, index) => new EtcdLoadClient(new EtcdPutClient(this.leader), request.pipeline, this.value, new KeyPicker(request.seed + index, request.keys)));
  }
}
