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
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LatencySummary, runClosedLoop, summarise } from './support/closed-loop.js';
import { Processes, ROOT } from './support/cairn-processes.js';
import { LOAD_CONNECTIONS, MSET_KEYS, describeReply, loadKeys } from './support/key-loader.js';
import {
  INFO_POLL_MS,
  type Recovery,
  RecoveryCluster,
  SNAPSHOT_LINE_WAIT_MS,
  type Save,
  type SnapshotLine,
  WAIT_MAX_MS,
  infoPersistence,
  killAndRecover,
  save,
  sleep,
  snapshotLine,
} from './support/recovery-cluster.js';
import { Connection, RespError, command } from './support/resp-connection.js';
import { option } from './support/argv-option.js';

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

/** Longest wait for the snapshotter's line saying it trimmed the log behind a snapshot, in ms. */
const TRIM_WAIT_MS = 60_000;

const processes = new Processes();
const scratchDirs: string[] = [];

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
async function writeLatency(cluster: RecoveryCluster, keys: number): Promise<WriteLatency> {
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
      if (reply instanceof RespError) throw new Error(`BGSAVE answered ${describeReply(reply)}`);
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
async function snapshotRecorded(cluster: RecoveryCluster, control: Connection, previous: number): Promise<{ atMs: number; line: SnapshotLine | null }> {
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
async function trimAfter(cluster: RecoveryCluster, control: Connection, recordedAtMs: number): Promise<number | null> {
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
    const cluster = await RecoveryCluster.start(processes, newScratch(), LEASE_MS);
    const token = `${keys}-${Date.now()}`;
    const loadSeconds = await loadKeys(cluster.port, keys, VALUE_BYTES, token);
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
