/**
 * Durable SET latency and throughput of cairn (three `cairn txlog` nodes, a primary and a
 * replica, all processes on loopback) side by side, in one run, with:
 *   - Redis 7 with appendonly yes, appendfsync always (one node);
 *   - a Redis primary and two replicas, all appendfsync always, each SET followed by WAIT 2 0
 *     (the SET and the WAIT are sent together; the operation ends with the WAIT's reply).
 * And GET latency and throughput on cairn's replica against Redis without persistence.
 * Not a test: it reports. Needs redis-server (apt-get install -y redis-server).
 *
 *   npm run build && npx tsx bench/durable-set-vs-redis.mts [--rounds 3] [--seconds 5] [--warmup-seconds 5] [--value-bytes 100] [--clients 1,50]
 *
 * Each client is one connection sending one operation at a time; latency is per operation.
 * The SET measurements run in rounds, each measuring the three systems one after the other, so
 * that the machine's slow and fast spells (it is shared and noisy) fall on all of them; the
 * ratios are given per round and as the median over the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timedLoad } from './support/closed-loop.js';
import { Processes, startCairnPair } from './support/cairn-processes.js';
import { Connection, command } from './support/resp-connection.js';
import { APPEND_FSYNC_ALWAYS, startRedis, startWaitSetup } from './support/redis-servers.js';
import { type RoundResult, WARMUP_INDEX_OFFSET, ratioLine, sideBySideOptions, writeResults } from './support/side-by-side.js';

const OPTIONS = sideBySideOptions();
const { rounds: ROUNDS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, valueBytes: VALUE_BYTES, clients: CLIENTS } = OPTIONS;

const processes = new Processes();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-durable-'));

/** A SET measurement's round is 1..ROUNDS; the GETs are measured once, in round 0. */
interface Result extends RoundResult {
  readonly operation: string;
}

/** `clients` connections to `port`, each sending `request(i)` (expecting `replies` replies): WARMUP_SECONDS unrecorded, then SECONDS recorded. */
async function measure(round: number, system: string, operation: string, port: number, clients: number, replies: number, request: (client: number, index: number) => Buffer): Promise<Result> {
  const figures = await timedLoad(`${system} ${operation}`, { port, clients, replies, request, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, warmupIndexOffset: WARMUP_INDEX_OFFSET });
  return { round, system, operation, ...figures };
}

async function main(): Promise<void> {
  const value = 'x'.repeat(VALUE_BYTES);
  const set = (prefix: string) => (client: number, index: number) => command('SET', `${prefix}:${client}:${index}`, value);
  const results: Result[] = [];

  const cairn = await startCairnPair(processes, scratch);
  const fsyncAlways = await startRedis(processes, scratch, 'redis-aof', APPEND_FSYNC_ALWAYS);
  const waitPrimary = (await startWaitSetup(processes, scratch)).primary;
  const plain = await startRedis(processes, scratch, 'redis-plain', ['--appendonly', 'no']);

  for (let round = 1; round <= ROUNDS; round++) {
    for (const clients of CLIENTS) {
      // Keys differ per round, so that every round's SETs create keys.
      results.push(await measure(round, 'cairn', 'SET', cairn.primary, clients, 1, set(`c${round}`)));
      results.push(await measure(round, 'redis appendfsync always', 'SET', fsyncAlways, clients, 1, set(`a${round}`)));
      results.push(await measure(round, 'redis + 2 replicas, WAIT 2 0', 'SET+WAIT', waitPrimary, clients, 2, (client, index) => Buffer.concat([set(`w${round}`)(client, index), command('WAIT', '2', '0')])));
    }
  }
  // Reads: keys written above by one client exist on both.
  const keysToRead = 1000;
  const setup = await Connection.open(plain);
  for (let index = 0; index < keysToRead; index++) await setup.send(command('SET', `c1:0:${index}`, value), 1);
  setup.close();
  for (const clients of CLIENTS) {
    results.push(await measure(0, 'cairn replica', 'GET', cairn.replica, clients, 1, (_client, index) => command('GET', `c1:0:${index % keysToRead}`)));
    results.push(await measure(0, 'redis no persistence', 'GET', plain, clients, 1, (_client, index) => command('GET', `c1:0:${index % keysToRead}`)));
  }

  process.stdout.write(`\n${VALUE_BYTES} B values, ${SECONDS} s per run, loopback, ${os.cpus().length} cores\n`);
  process.stdout.write(`${'round'.padEnd(5)} ${'system'.padEnd(30)} ${'op'.padEnd(9)} ${'clients'.padStart(7)} ${'ops/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`);
  for (const result of results) {
    process.stdout.write(
      `${(result.round === 0 ? '-' : String(result.round)).padEnd(5)} ${result.system.padEnd(30)} ${result.operation.padEnd(9)} ${String(result.clients).padStart(7)} ${result.perSecond.toFixed(0).padStart(9)} ${result.p50Ms.toFixed(3).padStart(8)} ${result.p99Ms.toFixed(3).padStart(8)}\n`,
    );
  }
  for (const clients of CLIENTS) process.stdout.write(ratioLine(results, 'cairn SET against the WAIT setup', 'cairn', 'redis + 2 replicas, WAIT 2 0', clients));
  process.stdout.write(`raw figures: ${writeResults('durable-set-vs-redis', OPTIONS, results)}\n`);
}

try {
  await main();
} finally {
  await processes.stopAll();
  rmSync(scratch, { recursive: true, force: true });
}
