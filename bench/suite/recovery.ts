/**
 * Recovery time against dataset size, cairn only, each point on a fresh cluster (three log nodes,
 * the snapshotter, one server; bench/support/recovery-cluster.ts, as bench/snapshot-recovery.mts):
 * load `keys` keys, kill -9 of the server and restart without a snapshot, then SAVE and the same
 * again from the snapshot plus a short tail. Times run from the kill until GET of the last key
 * written returns it (reads) and until a SET succeeds (writes: a full lease after it caught up).
 */
import { Processes } from '../support/cairn-processes.js';
import { loadKeys } from '../support/key-loader.js';
import { RecoveryCluster, killAndRecover, save } from '../support/recovery-cluster.js';
import type { Cleanup } from './cleanup.js';
import { valueBytes } from './limits.js';
import type { RecoveryResult } from './results.js';

export async function measureRecovery(cleanup: Cleanup, keys: number, leaseMs: number): Promise<RecoveryResult[]> {
  const scratch = cleanup.scratch('recovery');
  const processes = new Processes();
  const stopProcesses = cleanup.add(() => processes.stopAll());
  try {
    const cluster = await RecoveryCluster.start(processes, scratch.dir, leaseMs);
    const token = `recovery-${keys}-${Date.now()}`;
    await loadKeys(cluster.port, keys, valueBytes, token);
    const withoutSnapshot = await killAndRecover(cluster, token);
    await save(cluster);
    const withSnapshot = await killAndRecover(cluster, token);
    if (withSnapshot.snapshotLoadedMs === null) throw new Error('the restarted server did not log that it loaded a snapshot');
    return [
      { system: 'cairn', keys, snapshot: false, readsMs: withoutSnapshot.readMs, writesMs: withoutSnapshot.writeMs },
      { system: 'cairn', keys, snapshot: true, readsMs: withSnapshot.readMs, writesMs: withSnapshot.writeMs },
    ];
  } finally {
    await stopProcesses();
    await scratch.remove();
  }
}
