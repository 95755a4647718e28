/**
 * The log's two store threads side by side (`cairn txlog --store-thread main|worker`): three
 * local nodes, appends of one record from 1 and from 50 concurrent appenders (one LogWriter, so
 * concurrent appends are batched), alternating main and worker for several rounds. Per run:
 * appends per second, latency p50/p99, and CPU time per append of each node (user + system, from
 * /proc). Prints each run and the medians. Not a test: it reports.
 *
 *   npm run build && npx tsx bench/txlog-store-thread.mts [--rounds 3] [--seconds 4] [--value-bytes 100] [--appenders 1,50]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogWriter, TxlogClient } from '../txlog/src/client/index.js';
import { Processes, ROOT, startTxlogCluster } from './support/cairn-processes.js';
import { option } from './support/argv-option.js';
import { median, summarise } from './support/closed-loop.js';

const ROUNDS = Number(option('rounds', '3'));
const SECONDS = Number(option('seconds', '4'));
const VALUE_BYTES = Number(option('value-bytes', '100'));
const APPENDERS = option('appenders', '1,50').split(',').map(Number);
const THREADS = ['main', 'worker'] as const;
/** Appends per appender at most, whatever the duration (a bound on every loop). */
const APPENDS_PER_APPENDER_MAX = 1_000_000;
/** Unmeasured appends first: connections, leader discovery, JIT. */
const WARMUP_APPENDS = 500;
/** Linux clock ticks per second, the unit of /proc/PID/stat's utime and stime. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Run {
  readonly storeThread: string;
  readonly appenders: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU ms per append of each node, in node order. */
  readonly cpuMsPerAppend: number[];
}

/** User + system CPU time of `pid` so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function measure(storeThread: string, appenders: number): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-store-thread-'));
  const processes = new Processes();
  try {
    const addresses = await startTxlogCluster(processes, dir, ['--store-thread', storeThread]);
    const client = new TxlogClient(addresses);
    try {
      const writer = LogWriter.start(client, { afterId: (await client.status()).lastAcceptedId });
      const payload = new Uint8Array(VALUE_BYTES);
      const append = async (): Promise<void> => {
        const outcome = await writer.append([{ kind: 'data', payload }]);
        if (outcome.kind !== 'committed') throw new Error(`append ${outcome.kind}`);
      };
      for (let index = 0; index < WARMUP_APPENDS; index++) await append();
      const pids = processes.pids();
      const cpuBefore = pids.map(cpuMs);
      const latencies: number[] = [];
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: appenders }, async () => {
          for (let sequence = 0; sequence < APPENDS_PER_APPENDER_MAX && performance.now() < deadline; sequence++) {
            const begin = performance.now();
            await append();
            latencies.push(performance.now() - begin);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuMsPerAppend = pids.map((pid, index) => (cpuMs(pid) - (cpuBefore[index] as number)) / latencies.length);
      const { p50Ms, p99Ms } = summarise(latencies);
      return { storeThread, appenders, perSecond: latencies.length / seconds, p50Ms, p99Ms, cpuMsPerAppend };
    } finally {
      client.close();
    }
  } finally {
    await processes.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(run: Run): string {
  const cpu = run.cpuMsPerAppend.map((ms) => ms.toFixed(2)).join(' ');
  return `${run.storeThread.padEnd(7)} ${String(run.appenders).padStart(9)} ${run.perSecond.toFixed(0).padStart(8)} ${run.p50Ms.toFixed(3).padStart(8)} ${run.p99Ms.toFixed(3).padStart(8)}   ${cpu}`;
}

const runs: Run[] = [];
console.log(`appends of one ${VALUE_BYTES} B record, ${SECONDS} s per run, ${ROUNDS} rounds, three nodes on loopback, ${os.cpus().length} cores`);
console.log('thread  appenders  ops/s   p50 ms   p99 ms   CPU ms per append, each node');
for (let round = 0; round < ROUNDS; round++) {
  for (const appenders of APPENDERS) {
    for (const storeThread of THREADS) {
      const run = await measure(storeThread, appenders);
      runs.push(run);
      console.log(line(run));
    }
  }
}
console.log('medians:');
for (const appenders of APPENDERS) {
  const medians = THREADS.map((storeThread) => {
    const mine = runs.filter((run) => run.storeThread === storeThread && run.appenders === appenders);
    return { storeThread, perSecond: median(mine.map((run) => run.perSecond)), p50Ms: median(mine.map((run) => run.p50Ms)), cpuMs: median(mine.map((run) => run.cpuMsPerAppend.reduce((sum, ms) => sum + ms, 0))) };
  });
  for (const row of medians) console.log(`${row.storeThread.padEnd(7)} ${String(appenders).padStart(9)} ${row.perSecond.toFixed(0).padStart(8)} ${row.p50Ms.toFixed(3).padStart(8)}   CPU ms per append, three nodes together: ${row.cpuMs.toFixed(2)}`);
  const [main, worker] = medians;
  if (main && worker) console.log(`${appenders} appender(s): main/worker throughput ${(main.perSecond / worker.perSecond).toFixed(2)}x, p50 ${(main.p50Ms / worker.p50Ms).toFixed(2)}x, CPU per append ${(main.cpuMs / worker.cpuMs).toFixed(2)}x`);
}
const out = path.join(ROOT, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, `${new Date().toISOString().slice(0, 10)}-txlog-store-thread.json`);
writeFileSync(file, JSON.stringify({ command: process.argv.slice(1).join(' '), valueBytes: VALUE_BYTES, seconds: SECONDS, rounds: ROUNDS, cores: os.cpus().length, runs }, null, 2));
console.log(`raw figures: ${path.relative(ROOT, file)}`);
