/**
 * Snapshots and recovery (issue 6), on one machine, all processes on loopback: a three-node
 * transaction log (`cairn txlog`), one `cairn server` and the snapshotter (`cairn snapshotter`,
 * thresholds so high that it writes snapshots only on request). Not a test: it reports.
 *
 *   npm run build && npx tsx bench/snapshot-recovery.mts [--keys 100000,1000000] [--value-bytes 100] [--writers 4] [--rounds 3] [--lease-ms 2000] [--quick]
 *
 * For each key count, on a fresh cluster: load the keys (MSETs of 1000 keys, several in flight),
 * then write one last key. (a) No snapshot: kill -9 the server, start it again on the same port
 * and directory, and time from the kill until it serves a read of the last key (it answers
 * LOADING before) and until a write succeeds (it claims the primary lease a full lease after it
 * caught up). (b) SAVE (its duration, and the snapshotter's own write and total times from its
 * log), then the same kill -9 and restart, now from the snapshot plus a short tail.
 * Then, with the biggest key count loaded: N closed-loop writers (SET of a random existing key)
 * and, per round, a window without a snapshot, a window from BGSAVE until the snapshot is
 * recorded (INFO persistence polled, and the snapshotter's log line watched), and a window while
 * the snapshotter trims the log behind it (until its "trimmed" line, plus a short settle);
 * p50/p99 of each, and the ratio of the p99s during / without (goal: at most 1.10).
 * Restart times come from the servers' own log lines (pino's time), reads and writes from polling.
 * --quick: 100,000 keys, one round, short windows (about a minute).
 * Prints a table and writes the raw figures to bench/results/<date>-snapshot-recovery.json
 * (<date>-snapshot-recovery-quick.json with --quick).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LatencySummary, runClosedLoop, summarise } from './support/closed-loop.js';
import { Processes, ROOT, freePort, serverArgs, startTxlogCluster, waitForRole } from './support/cairn-processes.js';
import { Connection, RespError, type RespValue, command } from './support/resp-connection.js';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const QUICK = process.argv.includes('--quick');
const KEY_COUNTS = option('keys', QUICK ? '100000' : '100000,1000000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const VALUE_BYTES = Number(option('value-bytes', '100'));
/** Closed-loop writer connections while the write latency is measured. */
const WRITERS = Number(option('writers', '4'));
/** Pairs of windows (without a snapshot, then during one) in the write latency part. */
const ROUNDS = Number(option('rounds', QUICK ? '1' : '3'));
/** The servers' primary lease, in ms (cairn server's default). */
const LEASE_MS = Number(option('lease-ms', '2000'));
/** Writes before the first window, not recorded (JIT warm-up, connection set-up), in seconds. */
const WARMUP_SECONDS = QUICK ? 2 : 5;
/** The window without a snapshot, in seconds. */
const BASELINE_SECONDS = QUICK ? 3 : 10;
/** After the snapshotter trimmed the log behind a snapshot, this much more is counted as the snapshot's aftermath, in seconds. */
const SETTLE_SECONDS = QUICK ? 1 : 2;

/** Keys per MSET while loading (one log record each). */
const MSET_KEYS = 1000;
/** MSETs in flight while loading (one per connection). */
const LOAD_CONNECTIONS = 4;
/** The key written after all the others: a restarted server serves once it reads it back. */
const LAST_KEY = 'bench:last';
/** The key a restarted server's first write sets. */
const PROBE_KEY = 'bench:probe';
/** The snapshotter's thresholds: never reached, so it snapshots only on request (its maximum). */
const SNAPSHOT_NEVER = String(2 ** 40);
/** How often a restarting server is asked whether it serves, in ms. */
const RECOVERY_POLL_MS = 5;
/** How often INFO persistence is read while a snapshot is awaited, in ms. */
const INFO_POLL_MS = 50;
/** Longest wait for a restarted server to serve, or for a snapshot, in ms. */
const WAIT_MAX_MS = 10 * 60_000;
/** Longest wait for the snapshotter's line saying it trimmed the log behind a snapshot, in ms. */
const TRIM_WAIT_MS = 60_000;
/** Longest wait for the snapshotter's log line about a snapshot the registry already records, in ms. */
const SNAPSHOT_LINE_WAIT_MS = 5000;

const processes = new Processes();
const scratchDirs: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the snapshotter logged about one snapshot it wrote, verified and recorded. */
interface SnapshotLine {
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
class Cluster {
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
    readonly port: number,
    private readonly log: string[],
    private readonly serverDir: string,
    private readonly snapshotDir: string,
  ) {}

  static async start(dir: string): Promise<Cluster> {
    const log = await startTxlogCluster(processes, dir);
    const cluster = new Cluster(await freePort(), log, path.join(dir, 'server'), path.join(dir, 'snapshots'));
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
    const args = serverArgs(this.port, this.log, this.serverDir, ['--snapshots', this.snapshotDir, '--lease-ms', String(LEASE_MS), '--loglevel', 'notice']);
    this.serverExit = null;
    const server = await processes.start(process.execPath, args, { ready: ready ? /listening on/ : null, onLine });
    server.once('exit', (code, signal) => {
      if (this.server === server) this.serverExit = `the server exited (${code ?? signal})`;
    });
    this.server = server;
  }

  /** kill -9 of the server. */
  async killServer(): Promise<void> {
    if (this.server === null) throw new Error('assertion: no server to kill');
    await processes.kill(this.server);
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
async function infoPersistence(connection: Connection): Promise<Map<string, string>> {
  const reply = await connection.call('INFO', 'persistence');
  if (typeof reply !== 'string') throw new Error(`INFO persistence answered ${describe(reply)}`);
  const fields = new Map<string, string>();
  for (const line of reply.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function describe(reply: RespValue): string {
  if (reply instanceof RespError) return `-${reply.message}`;
  const text = JSON.stringify(reply);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Writes keys 0..count-1 (`key:<i>`, random values of VALUE_BYTES) in MSETs, then LAST_KEY = token. */
async function loadKeys(port: number, count: number, token: string): Promise<number> {
  const started = performance.now();
  const connections = await Promise.all(Array.from({ length: LOAD_CONNECTIONS }, () => Connection.open(port)));
  const batches = Math.ceil(count / MSET_KEYS);
  let next = 0;
  try {
    await Promise.all(
      connections.map(async (connection) => {
        for (let batch = next++; batch < batches; batch = next++) {
          const first = batch * MSET_KEYS;
          const keys = Math.min(MSET_KEYS, count - first);
          const random = randomBytes(Math.ceil((keys * VALUE_BYTES * 3) / 4) + 3).toString('base64');
          const argv = ['MSET'];
          for (let index = 0; index < keys; index++) argv.push(`key:${first + index}`, random.slice(index * VALUE_BYTES, (index + 1) * VALUE_BYTES));
          const error = await connection.send(command(...argv), 1);
          if (error !== null) throw new Error(`MSET of keys ${first}..${first + keys - 1}: ${error}`);
        }
      }),
    );
    const reply = await connections[0]?.call('SET', LAST_KEY, token);
    if (reply !== 'OK') throw new Error(`SET ${LAST_KEY} answered ${describe(reply ?? null)}`);
  } finally {
    for (const connection of connections) connection.close();
  }
  return (performance.now() - started) / 1000;
}

/**
 * Sends `argv` to `port` every RECOVERY_POLL_MS (reconnecting as needed) until accept(reply);
 * resolves with when (performance.now()). Fails as soon as failed() says why.
 */
async function pollUntil(port: number, argv: string[], accept: (reply: RespValue) => boolean, failed: () => string | null): Promise<number> {
  const deadline = performance.now() + WAIT_MAX_MS;
  let connection: Connection | null = null;
  let last = 'no connection';
  try {
    for (let attempt = 0; attempt <= WAIT_MAX_MS / RECOVERY_POLL_MS && performance.now() < deadline; attempt++) {
      try {
        connection ??= await Connection.open(port);
        const reply = await connection.call(...argv);
        if (accept(reply)) return performance.now();
        last = describe(reply);
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
  throw new Error(`${argv.join(' ')} on port ${port}: not accepted within ${WAIT_MAX_MS} ms (last: ${last})`);
}

/** A reply that shows the server serves wrong data (not a reason to keep polling). */
class WrongReply extends Error {}

/** Times from the kill, in ms (null: the event did not happen, e.g. no snapshot was loaded). */
interface Recovery {
  readonly listeningMs: number | null;
  readonly snapshotLoadedMs: number | null;
  readonly caughtUpMs: number | null;
  /** Until GET of the last key written returned its value. */
  readonly readMs: number;
  readonly primaryMs: number | null;
  /** Until a SET succeeded. */
  readonly writeMs: number;
}

/** kill -9 of the server, start it again, time until it serves the last key written and until a write succeeds. */
async function killAndRecover(cluster: Cluster, token: string): Promise<Recovery> {
  const killedAt = performance.now();
  await cluster.killServer();
  await cluster.startServer(false);
  const failed = () => cluster.serverExit;
  const readAt = await pollUntil(cluster.port, ['GET', LAST_KEY], (reply) => {
    if (reply instanceof RespError) return false; // LOADING until it has caught up
    if (reply === token) return true;
    throw new WrongReply(`after a restart, GET ${LAST_KEY} answered ${describe(reply)}, not ${token}: an acknowledged write is missing`);
  }, failed);
  const writeAt = await pollUntil(cluster.port, ['SET', PROBE_KEY, token], (reply) => reply === 'OK', failed);
  const since = (name: string) => {
    const at = cluster.serverEvents.get(name);
    return at === undefined ? null : at - killedAt;
  };
  return { listeningMs: since('listening'), snapshotLoadedMs: since('snapshotLoaded'), caughtUpMs: since('caughtUp'), readMs: readAt - killedAt, primaryMs: since('primary'), writeMs: writeAt - killedAt };
}

/** The snapshotter's line about the snapshot at `logIndex`, once it arrived. */
async function snapshotLine(cluster: Cluster, accept: (line: SnapshotLine) => boolean, waitMs: number): Promise<SnapshotLine | null> {
  const deadline = performance.now() + waitMs;
  for (let attempt = 0; attempt <= waitMs / INFO_POLL_MS; attempt++) {
    const line = cluster.snapshotLines.find(accept);
    if (line !== undefined || performance.now() >= deadline) return line ?? null;
    await sleep(INFO_POLL_MS);
  }
  return null;
}

/** A SAVE and what the snapshotter and INFO say about the snapshot it waited for. */
interface Save {
  readonly saveMs: number;
  readonly logIndex: number;
  readonly fileBytes: number;
  readonly keys: number;
  /** The snapshotter's own figures (null if its line was not seen). */
  readonly snapshotterWriteMs: number | null;
  readonly snapshotterTotalMs: number | null;
}

async function save(cluster: Cluster): Promise<Save> {
  const connection = await Connection.open(cluster.port);
  try {
    const started = performance.now();
    const reply = await connection.call('SAVE');
    const saveMs = performance.now() - started;
    if (reply !== 'OK') throw new Error(`SAVE answered ${describe(reply)}${cluster.snapshotterWarnings.length > 0 ? ` (snapshotter: ${cluster.snapshotterWarnings.join('; ')})` : ''}`);
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

/** Everything measured for one key count. */
interface KeyCountResult {
  readonly keys: number;
  readonly loadSeconds: number;
  readonly noSnapshot: Recovery;
  readonly save: Save;
  readonly withSnapshot: Recovery;
}

/** One window of the write latency part. */
interface Window extends LatencySummary {
  readonly seconds: number;
  readonly perSecond: number;
}

interface Round {
  readonly without: Window;
  /** From BGSAVE until the snapshot is recorded (written and verified). */
  readonly during: Window;
  /** From then until the snapshotter trimmed the log below the previous snapshot, plus SETTLE_SECONDS. */
  readonly after: Window;
  /** The BGSAVE's snapshot, as the snapshotter logged it (null if its line was not seen). */
  readonly snapshot: SnapshotLine | null;
  /** From the snapshot's record to the end of the trim, in ms (null: no trim seen). */
  readonly trimMs: number | null;
}

interface WriteLatency {
  readonly keys: number;
  readonly writers: number;
  readonly rounds: Round[];
  /** All rounds' windows pooled. */
  readonly without: Window;
  readonly during: Window;
  readonly after: Window;
  /** p99 during / p99 without: the goal's figure. */
  readonly p99Ratio: number;
  /** p99 after (the trim) / p99 without. */
  readonly p99RatioAfter: number;
  readonly goalMet: boolean;
}

/** The goal: p99 during a snapshot at most this times p99 without. */
const P99_RATIO_GOAL = 1.1;

/** A span of time on performance.now()'s scale: [from, to). */
type Span = readonly [number, number];

/** Reads INFO persistence every INFO_POLL_MS for `ms` (so every window carries the same extra load as the one that awaits a snapshot). */
async function pollInfoFor(control: Connection, ms: number): Promise<void> {
  const started = performance.now();
  for (let poll = 0; poll < ms / INFO_POLL_MS && performance.now() - started < ms; poll++) {
    await infoPersistence(control);
    await sleep(INFO_POLL_MS);
  }
}

/**
 * Closed-loop SETs of random existing keys; per round a window without a snapshot, one from
 * BGSAVE until the snapshot is recorded, and one while the snapshotter trims the log after it.
 */
async function writeLatency(cluster: Cluster, keys: number): Promise<WriteLatency> {
  const value = randomBytes(VALUE_BYTES).toString('base64').slice(0, VALUE_BYTES);
  const connections = await Promise.all(Array.from({ length: WRITERS }, () => Connection.open(cluster.port)));
  const control = await Connection.open(cluster.port);
  const sentAts: number[] = [];
  const latencies: number[] = [];
  let stop = false;
  const running = runClosedLoop({
    connections,
    replies: 1,
    request: () => command('SET', `key:${Math.floor(Math.random() * keys)}`, value),
    done: () => stop,
    record: (sentAtMs, latencyMs) => {
      sentAts.push(sentAtMs);
      latencies.push(latencyMs);
    },
  }).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  let writerFailure: Error | null = null;
  const spans: { without: Span; during: Span; after: Span; snapshot: SnapshotLine | null; trimMs: number | null }[] = [];
  try {
    await sleep(WARMUP_SECONDS * 1000);
    for (let round = 0; round < ROUNDS; round++) {
      const withoutStart = performance.now();
      await pollInfoFor(control, BASELINE_SECONDS * 1000);
      const withoutEnd = performance.now();
      const previous = Number((await infoPersistence(control)).get('snapshot_log_index'));
      const reply = await control.call('BGSAVE');
      if (reply instanceof RespError) throw new Error(`BGSAVE answered ${describe(reply)}`);
      const recorded = await snapshotRecorded(cluster, control, previous);
      const trimmed = await trimAfter(cluster, control, recorded.atMs);
      await pollInfoFor(control, SETTLE_SECONDS * 1000);
      const trimMs = trimmed === null ? null : trimmed - recorded.atMs;
      spans.push({ without: [withoutStart, withoutEnd], during: [withoutEnd, recorded.atMs], after: [recorded.atMs, performance.now()], snapshot: recorded.line, trimMs });
    }
  } finally {
    stop = true;
    writerFailure = await running;
    for (const connection of [...connections, control]) connection.close();
  }
  if (writerFailure !== null) throw new Error(`a writer got an error reply: ${writerFailure.message}`);
  const window = (spansOf: Span[]): Window => {
    const picked: number[] = [];
    for (let index = 0; index < sentAts.length; index++) {
      const at = sentAts[index] as number;
      if (spansOf.some(([from, to]) => at >= from && at < to)) picked.push(latencies[index] as number);
    }
    const seconds = spansOf.reduce((sum, [from, to]) => sum + (to - from) / 1000, 0);
    return { ...summarise(picked), seconds, perSecond: picked.length / seconds };
  };
  const rounds = spans.map((span) => ({ without: window([span.without]), during: window([span.during]), after: window([span.after]), snapshot: span.snapshot, trimMs: span.trimMs }));
  const without = window(spans.map((span) => span.without));
  const during = window(spans.map((span) => span.during));
  const after = window(spans.map((span) => span.after));
  const p99Ratio = during.p99Ms / without.p99Ms;
  return { keys, writers: WRITERS, rounds, without, during, after, p99Ratio, p99RatioAfter: after.p99Ms / without.p99Ms, goalMet: p99Ratio <= P99_RATIO_GOAL };
}

/** Waits until a snapshot after log index `previous` is recorded: the snapshotter's log line or INFO persistence, whichever shows it first. */
async function snapshotRecorded(cluster: Cluster, control: Connection, previous: number): Promise<{ atMs: number; line: SnapshotLine | null }> {
  const deadline = performance.now() + WAIT_MAX_MS;
  const newer = (line: SnapshotLine) => line.logIndex > previous;
  for (let attempt = 0; attempt <= WAIT_MAX_MS / INFO_POLL_MS && performance.now() < deadline; attempt++) {
    const line = cluster.snapshotLines.find(newer);
    if (line !== undefined) return { atMs: line.loggedAtMs, line };
    const now = performance.now();
    if (Number((await infoPersistence(control)).get('snapshot_log_index')) > previous) {
      return { atMs: now, line: await snapshotLine(cluster, newer, SNAPSHOT_LINE_WAIT_MS) };
    }
    await sleep(INFO_POLL_MS);
  }
  throw new Error(`no snapshot after log index ${previous} was recorded within ${WAIT_MAX_MS} ms (snapshotter: ${cluster.snapshotterWarnings.join('; ') || 'no warnings'})`);
}

/** When the snapshotter logged that it trimmed the log after `recordedAtMs` (null: not within TRIM_WAIT_MS); INFO is polled meanwhile. */
async function trimAfter(cluster: Cluster, control: Connection, recordedAtMs: number): Promise<number | null> {
  const started = performance.now();
  for (let attempt = 0; attempt <= TRIM_WAIT_MS / INFO_POLL_MS && performance.now() - started < TRIM_WAIT_MS; attempt++) {
    const trimmed = cluster.trimmedAtMs.find((at) => at >= recordedAtMs);
    if (trimmed !== undefined) return trimmed;
    await infoPersistence(control);
    await sleep(INFO_POLL_MS);
  }
  return null;
}

function newScratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-snapshot-'));
  scratchDirs.push(dir);
  return dir;
}

async function cleanUp(): Promise<void> {
  await processes.stopAll();
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const ms = (value: number | null) => (value === null ? '-' : value.toFixed(0));

function printTables(results: KeyCountResult[], latency: WriteLatency | null): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`\nRecovery: kill -9 of the server to serving, ${VALUE_BYTES} B values, lease ${LEASE_MS} ms, ms from the kill`);
  out(`${'keys'.padStart(9)} ${'snapshot'.padEnd(9)} ${'listening'.padStart(9)} ${'snap loaded'.padStart(11)} ${'caught up'.padStart(9)} ${'reads'.padStart(8)} ${'primary'.padStart(8)} ${'writes'.padStart(8)}`);
  for (const result of results) {
    for (const [label, recovery] of [['none', result.noSnapshot], ['recent', result.withSnapshot]] as const) {
      out(
        `${String(result.keys).padStart(9)} ${label.padEnd(9)} ${ms(recovery.listeningMs).padStart(9)} ${ms(recovery.snapshotLoadedMs).padStart(11)} ${ms(recovery.caughtUpMs).padStart(9)} ${ms(recovery.readMs).padStart(8)} ${ms(recovery.primaryMs).padStart(8)} ${ms(recovery.writeMs).padStart(8)}`,
      );
    }
  }
  out(`\nSnapshots (SAVE, which replies once the snapshot is written, verified and recorded)`);
  out(`${'keys'.padStart(9)} ${'load s'.padStart(7)} ${'SAVE ms'.padStart(8)} ${'write ms'.padStart(9)} ${'total ms'.padStart(9)} ${'file MB'.padStart(8)} ${'B/key'.padStart(6)}`);
  for (const result of results) {
    const { save: s } = result;
    out(
      `${String(result.keys).padStart(9)} ${result.loadSeconds.toFixed(1).padStart(7)} ${ms(s.saveMs).padStart(8)} ${ms(s.snapshotterWriteMs).padStart(9)} ${ms(s.snapshotterTotalMs).padStart(9)} ${(s.fileBytes / 1e6).toFixed(1).padStart(8)} ${(s.fileBytes / Math.max(1, s.keys)).toFixed(0).padStart(6)}`,
    );
  }
  if (latency === null) return;
  out(`\nPrimary write latency, ${latency.writers} closed-loop writers, SET of random keys among ${latency.keys}, ms`);
  out(`${'window'.padEnd(24)} ${'seconds'.padStart(7)} ${'ops'.padStart(7)} ${'ops/s'.padStart(7)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'p99.9'.padStart(7)} ${'max'.padStart(7)}`);
  const row = (label: string, window: Window) =>
    out(
      `${label.padEnd(24)} ${window.seconds.toFixed(1).padStart(7)} ${String(window.operations).padStart(7)} ${window.perSecond.toFixed(0).padStart(7)} ${window.p50Ms.toFixed(2).padStart(7)} ${window.p99Ms.toFixed(2).padStart(7)} ${window.p999Ms.toFixed(2).padStart(7)} ${window.maxMs.toFixed(1).padStart(7)}`,
    );
  latency.rounds.forEach((round, index) => {
    row(`round ${index + 1} without`, round.without);
    row(`round ${index + 1} during snapshot`, round.during);
    row(`round ${index + 1} after (trim)`, round.after);
  });
  row('all without', latency.without);
  row('all during snapshot', latency.during);
  row('all after (trim)', latency.after);
  out(`"during snapshot": BGSAVE until the snapshot is recorded (written and verified); "after (trim)": until the log is trimmed behind it, plus ${SETTLE_SECONDS} s`);
  latency.rounds.forEach((round, index) => {
    const snapshot = round.snapshot;
    out(`round ${index + 1} snapshot: ${snapshot === null ? 'no log line seen' : `log index ${snapshot.logIndex}, write ${snapshot.writeMs} ms, total ${snapshot.totalMs} ms`}; trim ${ms(round.trimMs)} ms after it was recorded`);
  });
  out(`p99 during / p99 without: ${latency.p99Ratio.toFixed(2)} (goal <= ${P99_RATIO_GOAL.toFixed(2)}: ${latency.goalMet ? 'met' : 'NOT met'}); p99 after (trim) / p99 without: ${latency.p99RatioAfter.toFixed(2)}`);
}

async function main(): Promise<void> {
  const loadAverageStart = os.loadavg();
  const results: KeyCountResult[] = [];
  let latency: WriteLatency | null = null;
  for (const keys of KEY_COUNTS) {
    process.stdout.write(`${keys} keys: starting a cluster and loading...\n`);
    const cluster = await Cluster.start(newScratch());
    const token = `${keys}-${Date.now()}`;
    const loadSeconds = await loadKeys(cluster.port, keys, token);
    process.stdout.write(`${keys} keys: loaded in ${loadSeconds.toFixed(1)} s; kill -9 without a snapshot...\n`);
    const noSnapshot = await killAndRecover(cluster, token);
    process.stdout.write(`${keys} keys: SAVE...\n`);
    const saved = await save(cluster);
    process.stdout.write(`${keys} keys: kill -9 with a recent snapshot...\n`);
    const withSnapshot = await killAndRecover(cluster, token);
    if (withSnapshot.snapshotLoadedMs === null) throw new Error('the restarted server did not log that it loaded a snapshot');
    results.push({ keys, loadSeconds, noSnapshot, save: saved, withSnapshot });
    if (keys === KEY_COUNTS[KEY_COUNTS.length - 1]) {
      process.stdout.write(`${keys} keys: write latency without and during snapshots (${ROUNDS} round(s))...\n`);
      latency = await writeLatency(cluster, keys);
    }
    await cleanUp();
  }
  printTables(results, latency);
  const cpus = os.cpus();
  const date = new Date();
  const file = path.join(ROOT, 'bench', 'results', `${date.toISOString().slice(0, 10)}-snapshot-recovery${QUICK ? '-quick' : ''}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const machine = { cpus: cpus.length, cpuModel: cpus[0]?.model ?? '', memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageStart, loadAverageEnd: os.loadavg() };
  const settings = { quick: QUICK, valueBytes: VALUE_BYTES, leaseMs: LEASE_MS, writers: WRITERS, rounds: ROUNDS, warmupSeconds: WARMUP_SECONDS, baselineSeconds: BASELINE_SECONDS, settleSeconds: SETTLE_SECONDS, msetKeys: MSET_KEYS, loadConnections: LOAD_CONNECTIONS };
  writeFileSync(file, `${JSON.stringify({ command: process.argv.slice(1).join(' '), date: date.toISOString(), machine, settings, recovery: results, writeLatency: latency }, null, 2)}\n`);
  process.stdout.write(`raw figures: ${path.relative(ROOT, file)}\n`);
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(code));
  });
}

try {
  await main();
} finally {
  await cleanUp();
}
