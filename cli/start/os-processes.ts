/**
 * What `cairn start` asks the operating system about processes that are not its children (those
 * an earlier run left) and about ports: is a pid alive, what is its command line, is a port free.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { ProcessProbe } from './cluster-file.js';
import { startLimits } from './limits.js';

const POLL_MS = 50;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's arguments from /proc (Linux), or null when they cannot be read. */
export function commandLineOf(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`);
    return raw.subarray(0, startLimits.commandLineBytesMax).toString('utf8').split('\0').filter((arg) => arg.length > 0);
  } catch {
    return null;
  }
}

function runsCairn(args: readonly string[]): boolean {
  return args.some((arg) => /(^|\/)cairn(\.js)?$/.test(arg));
}

/**
 * The probe of the running system. Where command lines cannot be read (no /proc), a live pid
 * counts as a running `cairn start` (refusing is the safe side) and never as a child to stop.
 */
export const systemProbe: ProcessProbe = {
  isStart(pid) {
    if (!isAlive(pid)) return false;
    const args = commandLineOf(pid);
    return args === null || (runsCairn(args) && args.includes('start'));
  },
  isChild(pid, dir) {
    if (!isAlive(pid)) return false;
    const args = commandLineOf(pid);
    return args !== null && runsCairn(args) && args.includes(dir) && (args.includes('txlog') || args.includes('server') || args.includes('snapshotter'));
  },
};

/** SIGTERM the pids, SIGKILL those still alive after the stop timeout; resolves with the pids still alive after that (normally none). */
export async function stopProcesses(pids: readonly number[]): Promise<number[]> {
  const signal = (name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  if (await allGone(pids, startLimits.stopTimeoutMs)) return [];
  signal('SIGKILL');
  await allGone(pids, startLimits.killTimeoutMs);
  return pids.filter(isAlive);
}

/** Poll until none of the pids is alive (they are not our children: there is no exit event), bounded. */
async function allGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt <= Math.ceil(timeoutMs / POLL_MS); attempt++) {
    if (!pids.some(isAlive)) return true;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return !pids.some(isAlive);
}

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The ports of the list that something already listens on. */
export async function portsInUse(host: string, ports: readonly number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => portIsFree(host, port)));
  return ports.filter((_, index) => !free[index]);
}
