/**
 * Processes for benchmarks, on loopback: a three-node transaction log (`cairn txlog`), cairn
 * servers and a snapshotter from this checkout's build (bin/cairn.js), and any other command.
 * Everything started here is tracked and stopped by pid (SIGKILL), never by name.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from './resp-connection.js';

/** The repository's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How long a process may take to print its ready line, in ms. */
const READY_TIMEOUT_MS = 30_000;
/** Output kept for an error message when a process fails to start, in characters. */
const OUTPUT_KEPT_CHARS = 16_384;
/** How long ROLE may take to answer, in ms. */
const ROLE_REPLY_TIMEOUT_MS = 2000;
/** How long a killed process may take to be reaped, in ms. */
const EXIT_TIMEOUT_MS = 10_000;

/** A free TCP port on 127.0.0.1 (free when asked; a benchmark binds it soon after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
}

/** How a process is started. */
export interface StartOptions {
  /** Resolve once stdout or stderr matches this (null: at once). */
  readonly ready: RegExp | null;
  /** Every line the process prints, on stdout or stderr, as it comes. */
  readonly onLine?: (line: string) => void;
}

/** The processes a benchmark started, stopped by pid. */
export class Processes {
  private readonly children = new Set<ChildProcess>();

  /** Starts `command args` in the repository's root and resolves when it printed its ready line. */
  start(command: string, args: readonly string[], options: StartOptions): Promise<ChildProcess> {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    let output = '';
    let ready = options.ready === null;
    const waiting = new Promise<ChildProcess>((resolve, reject) => {
      const timer = ready ? null : setTimeout(() => reject(new Error(`${command} ${args.join(' ')}: not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
      const lines = (stream: NodeJS.ReadableStream | null) => {
        let partial = '';
        stream?.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          if (!ready) {
            output = (output + text).slice(-OUTPUT_KEPT_CHARS);
            if (options.ready?.test(output)) {
              ready = true;
              if (timer !== null) clearTimeout(timer);
              resolve(child);
            }
          }
          if (options.onLine === undefined) return;
          const parts = (partial + text).split('\n');
          partial = parts.pop() ?? '';
          for (const line of parts) options.onLine(line);
        });
      };
      lines(child.stdout);
      lines(child.stderr);
      child.once('exit', (code, signal) => {
        if (timer !== null) clearTimeout(timer);
        if (!ready) reject(new Error(`${command} ${args.join(' ')} exited (${code ?? signal}):\n${output}`));
      });
      if (ready) resolve(child);
    });
    return waiting;
  }

  /** SIGKILL to `child`'s pid; resolves once it has exited. */
  async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    await exited;
  }

  /** The ids of the processes this object started that are still running. */
  pids(): number[] {
    return [...this.children].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Kills every process still running that this object started. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.kill(child)));
  }
}

/** Starts a three-node `cairn txlog` cluster with its data under `dir`; resolves with its client addresses. */
export async function startTxlogCluster(processes: Processes, dir: string, extraArgs: readonly string[] = []): Promise<string[]> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const peers = ports.map((port, index) => `${index + 1}=127.0.0.1:${port}`).join(',');
  await Promise.all(
    ports.map((_, index) =>
      processes.start(process.execPath, ['bin/cairn.js', 'txlog', '--id', String(index + 1), '--peers', peers, '--dir', path.join(dir, `txlog-${index + 1}`), '--log-level', 'warn', ...extraArgs], { ready: /listening on/ }),
    ),
  );
  return ports.map((port) => `127.0.0.1:${port}`);
}

/** A three-node log and two `cairn server` nodes on it under `dir`: resolves once one is primary and the other its replica. */
export async function startCairnPair(processes: Processes, dir: string): Promise<{ primary: number; replica: number }> {
  const log = await startTxlogCluster(processes, dir);
  const primary = await freePort();
  await processes.start(process.execPath, serverArgs(primary, log, path.join(dir, 'server-a'), ['--loglevel', 'warning']), { ready: /listening on/ });
  await waitForRole(primary, 'master');
  const replica = await freePort();
  await processes.start(process.execPath, serverArgs(replica, log, path.join(dir, 'server-b'), ['--loglevel', 'warning']), { ready: /listening on/ });
  await waitForRole(replica, 'slave');
  return { primary, replica };
}

/** The arguments of `cairn server` on `port` with the log at `log` and its directory `dir`, then `extra`. */
export function serverArgs(port: number, log: readonly string[], dir: string, extra: readonly string[] = []): string[] {
  return ['bin/cairn.js', 'server', '--port', String(port), '--log', log.join(','), '--dir', dir, ...extra];
}

/** Resolves once ROLE on `port` says `role` ('master' or 'slave'); throws after timeoutMs. */
export async function waitForRole(port: number, role: 'master' | 'slave', timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline && attempt < 10_000; attempt++) {
    try {
      const connection = await Connection.open(port);
      // A server that accepted but does not answer fails the call when its connection is closed.
      const timer = setTimeout(() => connection.close(), ROLE_REPLY_TIMEOUT_MS);
      try {
        const reply = await connection.call('ROLE');
        if (Array.isArray(reply) && reply[0] === role) return;
      } finally {
        clearTimeout(timer);
        connection.close();
      }
    } catch {
      // not listening yet, or closed while starting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} did not become ${role} within ${timeoutMs} ms`);
}
