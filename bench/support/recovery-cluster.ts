/**
 * A cairn cluster for recovery benchmarks, all on loopback: three `cairn txlog` nodes, the
 * snapshotter (thresholds so high that it writes snapshots only on request) and one server that
 * becomes primary. kill -9 of the server and a restart on the same port and directory, timed from
 * the kill until it serves a read of the last key written and until a write succeeds; SAVE with
 * what the snapshotter logged about it. Used by bench/snapshot-recovery.mts and the suite.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { type Processes, freePort, serverArgs, startTxlogCluster, waitForRole } from './cairn-processes.js';
import { LAST_KEY, describeReply } from './key-loader.js';
import { Connection, RespError, type RespValue } from './resp-connection.js';

/** The key a restarted server's first write sets. */
const PROBE_KEY = 'bench:probe';
/** The snapshotter's thresholds: never reached, so it snapshots only on request (its maximum). */
const SNAPSHOT_NEVER = String(2 ** 40);
/** How often a restarting server is asked whether it serves, in ms. */
export const RECOVERY_POLL_MS = 5;
/** How often INFO persistence is read while a snapshot is awaited, in ms. */
export const INFO_POLL_MS = 50;
/** Longest wait for a restarted server to serve, or for a snapshot, in ms. */
export const WAIT_MAX_MS = 10 * 60_000;
/** Longest wait for the snapshotter's log line about a snapshot the registry already records, in ms. */
export const SNAPSHOT_LINE_WAIT_MS = 5000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the snapshotter logged about one snapshot it wrote, verified and recorded. */
export interface SnapshotLine {
  readonly logIndex: number;
  readonly keys: number;
  readonly bytes: number;
  readonly writeMs: number;
  readonly totalMs: number;
  /** When the snapshotter logged it (performance.now()'s scale). */
  readonly loggedAtMs: number;
}

/** The server's log lines a restart is timed by, keyed by a short name (the first of each, when it was logged). */
const SERVER_EVENTS: Readonly<Record<string, string>> = {
  listening: 'ready to accept connections',
  snapshotLoaded: 'loaded a snapshot',
  caughtUp: 'caught up with the log',
  primary: 'holding the primary lease',
};

/**
 * When a process logged `entry` on performance.now()'s scale: pino's `time` (Unix ms, taken when
 * the line was written), not when the line reached this process through its pipe.
 */
function loggedAt(entry: Record<string, unknown>): number {
  return typeof entry.time === 'number' ? entry.time - performance.timeOrigin : performance.now();
}

/** A pino JSON line's fields, or null for any other line. */
function jsonLine(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A fresh cluster: three log nodes, the snapshotter, one server (the primary once it claimed the lease). */
export class RecoveryCluster {
  readonly snapshotLines: SnapshotLine[] = [];
  readonly snapshotterWarnings: string[] = [];
  /** When the snapshotter logged each trim of the log (performance.now()'s scale). */
  readonly trimmedAtMs: number[] = [];
  private server: ChildProcess | null = null;
  /** The current server process's SERVER_EVENTS, by name. */
  serverEvents = new Map<string, number>();
  /** Set when the server process ended without being killed here. */
  serverExit: string | null = null;

  private constructor(
    private readonly processes: Processes,
    readonly port: number,
    private readonly log: string[],
    private readonly serverDir: string,
    private readonly snapshotDir: string,
    private readonly leaseMs: number,
  ) {}

  /** Starts the cluster's processes through `processes` with their data under `dir`. */
  static async start(processes: Processes, dir: string, leaseMs: number): Promise<RecoveryCluster> {
    const log = await startTxlogCluster(processes, dir);
    const cluster = new RecoveryCluster(processes, await freePort(), log, path.join(dir, 'server'), path.join(dir, 'snapshots'), leaseMs);
    await processes.start(
      process.execPath,
      ['bin/cairn.js', 'snapshotter', '--log', log.join(','), '--dir', cluster.snapshotDir, '--every-records', SNAPSHOT_NEVER, '--every-bytes', SNAPSHOT_NEVER, '--log-level', 'info'],
      { ready: /cairn snapshotter writing to/, onLine: (line) => cluster.noteSnapshotterLine(line) },
    );
    await cluster.startServer(true);
    await waitForRole(cluster.port, 'master');
    return cluster;
  }

  /** Starts the server process (waiting for its listening line when `ready`); its events are timed from now on. */
  async startServer(ready: boolean): Promise<void> {
    this.serverEvents = new Map();
    const events = this.serverEvents;
    const onLine = (line: string) => {
      const entry = jsonLine(line);
      const message = entry?.msg;
      if (entry === null || typeof message !== 'string') return;
      for (const [name, prefix] of Object.entries(SERVER_EVENTS)) if (message.startsWith(prefix) && !events.has(name)) events.set(name, loggedAt(entry));
    };
    const args = serverArgs(this.port, this.log, this.serverDir, ['--snapshots', this.snapshotDir, '--lease-ms', String(this.leaseMs), '--loglevel', 'notice']);
    this.serverExit = null;
    const server = await this.processes.start(process.execPath, args, { ready: ready ? /listening on/ : null, onLine });
    server.once('exit', (code, signal) => {
      if (this.server === server) this.serverExit = `the server exited (${code ?? signal})`;
    });
    this.server = server;
  }

  /** kill -9 of the server. */
  async killServer(): Promise<void> {
    if (this.server === null) throw new Error('assertion: no server to kill');
    await this.processes.kill(this.server);
    this.server = null;
  }

  private noteSnapshotterLine(line: string): void {
    const entry = jsonLine(line);
    if (entry === null) return;
    if (entry.msg === 'snapshot written, verified and recorded') {
      const count = (name: string) => Number(entry[name] ?? Number.NaN);
      this.snapshotLines.push({ logIndex: count('logIndex'), keys: count('keys'), bytes: count('bytes'), writeMs: count('writeMs'), totalMs: count('totalMs'), loggedAtMs: loggedAt(entry) });
    } else if (entry.msg === 'trimmed the log below the previous snapshot') {
      this.trimmedAtMs.push(loggedAt(entry));
    } else if (typeof entry.msg === 'string' && Number(entry.level) >= 40) {
      this.snapshotterWarnings.push(`${entry.msg}${typeof entry.err === 'string' ? `: ${entry.err}` : ''}`);
    }
  }
}

/** Fields of INFO persistence by name. */
export async function infoPersistence(connection: Connection): Promise<Map<string, string>> {
  const reply = await connection.call('INFO', 'persistence');
  if (typeof reply !== 'string') throw new Error(`INFO persistence answered ${describeReply(reply)}`);
  const fields = new Map<string, string>();
  for (const line of reply.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A reply that shows the server serves wrong data (not a reason to keep polling). */
export class WrongReply extends Error {}

/**
 * Sends `argv` to `port` every RECOVERY_POLL_MS (reconnecting as needed) until accept(reply);
 * resolves with when (performance.now()). Fails as soon as failed() says why, and after waitMaxMs.
 */
export async function pollUntil(port: number, argv: string[], accept: (reply: RespValue) => boolean, failed: () => string | null, waitMaxMs = WAIT_MAX_MS): Promise<number> {
  const deadline = performance.now() + waitMaxMs;
  let connection: Connection | null = null;
  let last = 'no connection';
  try {
    for (let attempt = 0; attempt <= waitMaxMs / RECOVERY_POLL_MS && performance.now() < deadline; attempt++) {
      try {
        connection ??= await Connection.open(port);
        const reply = await connection.call(...argv);
        if (accept(reply)) return performance.now();
        last = describeReply(reply);
      } catch (error) {
        if (error instanceof WrongReply) throw error;
        last = error instanceof Error ? error.message : String(error);
        connection?.close();
        connection = null;
      }
      const failure = failed();
      if (failure !== null) throw new Error(`${argv.join(' ')} on port ${port}: ${failure} (last reply: ${last})`);
      await sleep(RECOVERY_POLL_MS);
    }
  } finally {
    connection?.close();
  }
  throw new Error(`${argv.join(' ')} on port ${port}: not accepted within ${waitMaxMs} ms (last: ${last})`);
}

/** Times from the kill, in ms (null: the event did not happen, e.g. no snapshot was loaded). */
export interface Recovery {
  readonly listeningMs: number | null;
  readonly snapshotLoadedMs: number | null;
  readonly caughtUpMs: number | null;
  /** Until GET of the last key written returned its value. */
  readonly readMs: number;
  readonly primaryMs: number | null;
  /** Until a SET succeeded. */
  readonly writeMs: number;
}

/** kill -9 of the server, start it again, time until it serves the last key written (LAST_KEY = token) and until a write succeeds. */
export async function killAndRecover(cluster: RecoveryCluster, token: string): Promise<Recovery> {
  const killedAt = performance.now();
  await cluster.killServer();
  await cluster.startServer(false);
  const failed = () => cluster.serverExit;
  const readAt = await pollUntil(
    cluster.port,
    ['GET', LAST_KEY],
    (reply) => {
      if (reply instanceof RespError) return false; // LOADING until it has caught up
      if (reply === token) return true;
      throw new WrongReply(`after a restart, GET ${LAST_KEY} answered ${describeReply(reply)}, not ${token}: an acknowledged write is missing`);
    },
    failed,
  );
  const writeAt = await pollUntil(cluster.port, ['SET', PROBE_KEY, token], (reply) => reply === 'OK', failed);
  const since = (name: string) => {
    const at = cluster.serverEvents.get(name);
    return at === undefined ? null : at - killedAt;
  };
  return { listeningMs: since('listening'), snapshotLoadedMs: since('snapshotLoaded'), caughtUpMs: since('caughtUp'), readMs: readAt - killedAt, primaryMs: since('primary'), writeMs: writeAt - killedAt };
}

/** The snapshotter's line that `accept` picks, once it arrived (null after waitMs). */
export async function snapshotLine(cluster: RecoveryCluster, accept: (line: SnapshotLine) => boolean, waitMs: number): Promise<SnapshotLine | null> {
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; attempt <= waitMs / INFO_POLL_MS; attempt++) {
    const line = cluster.snapshotLines.find(accept);
    if (line !== undefined || performance.now() >= deadline) return line ?? null;
    await sleep(INFO_POLL_MS);
  }
  return null;
}

/** A SAVE and what the snapshotter and INFO say about the snapshot it waited for. */
export interface Save {
  readonly saveMs: number;
  readonly logIndex: number;
  readonly fileBytes: number;
  readonly keys: number;
  /** The snapshotter's own figures (null if its line was not seen). */
  readonly snapshotterWriteMs: number | null;
  readonly snapshotterTotalMs: number | null;
}

/** SAVE on the cluster's server: resolves once the snapshot is written, verified and recorded. */
export async function save(cluster: RecoveryCluster): Promise<Save> {
  const connection = await Connection.open(cluster.port);
  try {
    const started = performance.now();
    const reply = await connection.call('SAVE');
    const saveMs = performance.now() - started;
    if (reply !== 'OK') throw new Error(`SAVE answered ${describeReply(reply)}${cluster.snapshotterWarnings.length > 0 ? ` (snapshotter: ${cluster.snapshotterWarnings.join('; ')})` : ''}`);
    const info = await infoPersistence(connection);
    const logIndex = Number(info.get('snapshot_log_index'));
    const line = await snapshotLine(cluster, (candidate) => candidate.logIndex === logIndex, SNAPSHOT_LINE_WAIT_MS);
    return {
      saveMs,
      logIndex,
      fileBytes: Number(info.get('snapshot_bytes')),
      keys: Number(info.get('snapshot_keys')),
      snapshotterWriteMs: line?.writeMs ?? null,
      snapshotterTotalMs: line?.totalMs ?? null,
    };
  } finally {
    connection.close();
  }
}
