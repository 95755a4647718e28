/**
 * What tests that run `cairn start` as a real process share: a free base port for its five
 * ports, the pids a cluster.json names, and the safety net that kills those still running in the
 * test's directory.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { ClusterFile } from '../../cli/start/cluster-file.js';

const PORT_ATTEMPTS_MAX = 50;

function portIsFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port: candidate, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A base port P with P, P+1 and P+10000..P+10002 free. */
export async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < PORT_ATTEMPTS_MAX; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = [candidate, candidate + 1, candidate + 10_000, candidate + 10_001, candidate + 10_002];
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return candidate;
  }
  throw new Error(`no free base port in ${PORT_ATTEMPTS_MAX} attempts`);
}

/** The pids of the children a cluster.json names (log nodes, servers, snapshotter) that have one. */
export function childPids(file: ClusterFile): number[] {
  return [...file.txlog, ...file.servers, ...(file.snapshotter === null ? [] : [file.snapshotter])].flatMap((entry) => (entry.pid === null ? [] : [entry.pid]));
}

/** SIGKILL (after SIGCONT, in case it was stopped) every pid of `pids` whose command line names `dir`. */
export function killLeftInDirectory(pids: Iterable<number>, dir: string): void {
  for (const pid of pids) {
    let commandLine = '';
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone already
    }
    if (!commandLine.includes(dir)) continue;
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGKILL');
  }
}
