/**
 * The crash-recovery campaign: writers issue unique SETs, INCRs, RPUSHes, XADDs, HSETs, SADDs
 * and ZADDs through ioredis while a nemesis kill -9s and restarts random processes (log leader,
 * log follower, primary, replica, snapshotter) and SIGSTOPs the primary for longer than its
 * lease; the snapshotter takes snapshots and trims the log throughout, so restarted servers
 * recover from a snapshot plus the log after it. Then
 * everything is healed and the checker verifies every acknowledged write is there and nothing
 * else is (history.ts), all log nodes hold the same committed records, and the replica holds
 * what the primary holds at the same log index. `npm run test:crash -- --minutes 30` runs a long campaign
 * (CAIRN_CRASH_SECONDS sets the nemesis phase; the default suite runs a short one).
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TxlogClient } from '../../txlog/src/client/index.js';
import { seededRandom } from '../support/executor.js';
import { CrashCluster, LOG_IDS, SERVER_IDS } from './crash-cluster.js';
import { checkHistory, type Operation } from './history.js';
import { Writer } from './workload.js';

const NEMESIS_SECONDS = Number(process.env.CAIRN_CRASH_SECONDS ?? '45');
const SEED = Number(process.env.CAIRN_CRASH_SEED ?? String(Date.now() % 1_000_000));
const LEASE_MS = 1000;
const WRITERS = 4;
/** Bounds of every loop. */
const OPERATIONS_PER_WRITER_MAX = 1_000_000;
const NEMESIS_STEPS_MAX = 100_000;
const HEAL_MS = 60_000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = HEAL_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline && attempt < timeoutMs / POLL_MS + 10; attempt++) {
    const value = await probe();
    if (value !== null) return value;
    await sleep(POLL_MS);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** One fault, then the repair that follows it. */
async function nemesisStep(cluster: CrashCluster, random: () => number, log: string[]): Promise<void> {
  const pick = random();
  const downtime = 300 + Math.floor(random() * 1200);
  if (pick < 0.2) {
    const leader = await cluster.logLeader();
    if (leader === null) return;
    log.push(`kill -9 log leader ${leader}`);
    cluster.killLog(leader);
    await sleep(downtime);
    await cluster.startLog(leader);
  } else if (pick < 0.4) {
    const leader = await cluster.logLeader();
    const follower = LOG_IDS.find((id) => id !== leader && cluster.logRunning(id));
    if (follower === undefined) return;
    log.push(`kill -9 log follower ${follower}`);
    cluster.killLog(follower);
    await sleep(downtime);
    await cluster.startLog(follower);
  } else if (pick < 0.55) {
    const primary = await cluster.primary();
    if (primary === null) return;
    log.push(`kill -9 primary server ${primary}`);
    cluster.killServer(primary);
    await sleep(downtime);
    await cluster.startServer(primary);
  } else if (pick < 0.7) {
    log.push('kill -9 snapshotter');
    cluster.killSnapshotter();
    await sleep(downtime);
    await cluster.startSnapshotter();
  } else if (pick < 0.8) {
    const primary = await cluster.primary();
    const replica = SERVER_IDS.find((id) => id !== primary);
    if (replica === undefined) return;
    log.push(`kill -9 replica server ${replica}`);
    cluster.killServer(replica);
    await sleep(downtime);
    await cluster.startServer(replica);
  } else {
    const primary = await cluster.primary();
    if (primary === null) return;
    const pausedMs = Math.floor(LEASE_MS * (2 + random()));
    log.push(`SIGSTOP primary server ${primary} for ${pausedMs} ms`);
    cluster.pauseServer(primary);
    await sleep(pausedMs);
    cluster.resumeServer(primary);
  }
  await sleep(200 + Math.floor(random() * 800));
}

function connect(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 10_000 });
  redis.on('error', () => undefined);
  return redis;
}

/** The replication offset (applied log id) a server reports. */
async function appliedId(redis: Redis): Promise<number> {
  const info = await redis.info('replication');
  const match = /cairn_applied_id:(\d+)/.exec(info);
  return match === null ? -1 : Number(match[1]);
}

/** What the history's keys hold on a server: strings, lists and streams in order, and collection elements. */
async function readState(redis: Redis, history: readonly Operation[]) {
  const keys = [...new Set(history.map((operation) => operation.key))].sort();
  const strings = new Map<string, string | null>();
  const lists = new Map<string, string[]>();
  const elements = new Map<string, Map<string, string>>();
  for (const key of keys) {
    const prefix = key.slice(0, key.indexOf(':'));
    if (prefix === 'list') lists.set(key, await redis.lrange(key, 0, -1));
    else if (prefix === 'stream') lists.set(key, (await redis.xrange(key, '-', '+')).map(([, fields]) => fields[1] as string));
    else if (prefix === 'hash') elements.set(key, new Map(Object.entries(await redis.hgetall(key))));
    else if (prefix === 'sset') elements.set(key, new Map((await redis.smembers(key)).map((member) => [member, '1'])));
    else if (prefix === 'zset') elements.set(key, pairs(await redis.zrange(key, 0, -1, 'WITHSCORES')));
    else strings.set(key, await redis.get(key));
  }
  return { strings, lists, elements };
}

/** [member, score, member, score...] as a map. */
function pairs(flat: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < flat.length; index += 2) map.set(flat[index] as string, flat[index + 1] as string);
  return map;
}

/** A hash of every record each log node serves from `firstId` up to `lastId`. */
async function logDigests(cluster: CrashCluster, firstId: number, lastId: number): Promise<string[]> {
  const digests: string[] = [];
  for (const address of cluster.logAddresses) {
    const client = new TxlogClient([address]);
    const hash = createHash('sha256');
    try {
      for await (const record of client.tail(firstId)) {
        hash.update(`${record.id}:${record.kind}:`).update(record.payload);
        if (record.id >= lastId) break;
      }
    } finally {
      client.close();
    }
    digests.push(hash.digest('hex'));
  }
  return digests;
}

/** The highest first retained id among the log nodes (each trims when it applies the Trim). */
async function firstRetainedEverywhere(cluster: CrashCluster): Promise<number> {
  const client = new TxlogClient(cluster.logAddresses);
  try {
    const answers = await client.statusOfAll();
    return Math.max(...answers.map((answer) => (answer.ok ? answer.status.firstRetainedId : 1)));
  } finally {
    client.close();
  }
}

let cluster: CrashCluster | null = null;
afterAll(async () => {
  await cluster?.stop();
});

describe('crash-recovery campaign', () => {
  it(`keeps every acknowledged write through kill -9 and SIGSTOP of any process (seed ${SEED}, ${NEMESIS_SECONDS} s of faults)`, async () => {
    const random = seededRandom(SEED);
    cluster = await CrashCluster.start(LEASE_MS);
    const running = cluster;
    await until(() => running.primary(), 'a first primary');
    const stopAt = Date.now() + NEMESIS_SECONDS * 1000;
    const writers = Array.from({ length: WRITERS }, (_, id) => new Writer(id, running, seededRandom(SEED + id + 1)));
    const writing = Promise.all(writers.map((writer) => writer.run(stopAt, OPERATIONS_PER_WRITER_MAX)));
    const faults: string[] = [];
    for (let step = 0; step < NEMESIS_STEPS_MAX && Date.now() < stopAt; step++) await nemesisStep(running, random, faults);
    await writing;

    await running.heal();
    const primaryId = await until(() => running.primary(), 'a primary after healing');
    const history = writers.flatMap((writer) => writer.history);
    const acknowledged = history.filter((operation) => operation.outcome === 'acknowledged').length;
    const indeterminate = history.filter((operation) => operation.outcome === 'indeterminate').length;
    const context = `seed ${SEED}; faults: ${faults.join(', ')}; ${history.length} operations, ${acknowledged} acknowledged, ${indeterminate} indeterminate`;
    process.stdout.write(`crash campaign: ${context}\n`);
    expect(writers.flatMap((writer) => writer.unexpected), context).toEqual([]);
    expect(acknowledged, context).toBeGreaterThan(50);
    expect(faults.length, context).toBeGreaterThan(2);

    const primary = connect(running.serverPorts.get(primaryId) as number);
    const replicaId = SERVER_IDS.find((id) => id !== primaryId) as number;
    const replica = connect(running.serverPorts.get(replicaId) as number);
    try {
      const final = await readState(primary, history);
      expect(checkHistory(history, final), context).toEqual([]);
      // The replica, once at the primary's log index (nothing writes now), holds the same data.
      const target = await appliedId(primary);
      await until(async () => ((await appliedId(replica)) >= target ? true : null), `the replica to apply up to ${target}`);
      expect(await readState(replica, history), context).toEqual(final);
      expect(await replica.dbsize(), context).toBe(await primary.dbsize());
      // Every log node holds the same committed records.
      // Below the first record every node still holds, the log was trimmed (snapshots hold it).
      const firstRetained = await firstRetainedEverywhere(running);
      expect(firstRetained, `${context}; the log was trimmed`).toBeGreaterThan(1);
      const digests = await logDigests(running, firstRetained, target);
      expect(new Set(digests).size, `${context}; log digests ${digests.join(' ')}`).toBe(1);
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
  }, (NEMESIS_SECONDS + 150) * 1000);
});
