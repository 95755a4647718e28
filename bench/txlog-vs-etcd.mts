/**
 * Append latency and throughput of cairn's transaction log (three `cairn txlog` processes on
 * loopback, SQLite WAL synchronous=FULL) side by side with a three-node etcd (Debian's
 * etcd-server) doing puts of the same size, in one run on this machine. Not a test: it reports.
 *
 *   npm run build && npx tsx bench/txlog-vs-etcd.mts [--seconds 10] [--value-bytes 100] [--appenders 1,50]
 *
 * One appender awaits each append before the next; with N appenders, N callers append
 * concurrently through one LogWriter (the way a cairn primary batches its clients' writes),
 * and against etcd N callers put concurrently over one gRPC connection.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogWriter, TxlogClient } from '../txlog/src/client/index.js';
import { Processes, ROOT, startTxlogCluster } from './support/cairn-processes.js';
import { EtcdPutClient, etcdAvailable, startEtcdCluster } from './support/etcd-cluster.js';
import { option } from './support/argv-option.js';

const SECONDS = Number(option('seconds', '10'));
const VALUE_BYTES = Number(option('value-bytes', '100'));
const APPENDERS = option('appenders', '1,50').split(',').map(Number);
/** Appends per appender at most, whatever the duration (a bound on every loop). */
const APPENDS_PER_APPENDER_MAX = 1_000_000;

interface Started {
  addresses: string[];
  stop(): Promise<void>;
}

async function startTxlog(): Promise<Started> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-txlog-'));
  const processes = new Processes();
  const addresses = await startTxlogCluster(processes, dir);
  return {
    addresses,
    stop: async () => {
      await processes.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Result {
  system: string;
  appenders: number;
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

/** Run `operation` from `appenders` concurrent callers for SECONDS; latency per call. */
async function measure(system: string, appenders: number, operation: (caller: number, sequence: number) => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: appenders }, async (_, caller) => {
      for (let sequence = 0; sequence < APPENDS_PER_APPENDER_MAX && performance.now() < deadline; sequence++) {
        const begin = performance.now();
        await operation(caller, sequence);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { system, appenders, operations: latencies.length, seconds, perSecond: latencies.length / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

async function benchTxlog(appenders: number): Promise<Result> {
  const cluster = await startTxlog();
  const client = new TxlogClient(cluster.addresses);
  try {
    const status = await client.status();
    const writer = LogWriter.start(client, { afterId: status.lastAcceptedId });
    const payload = new Uint8Array(VALUE_BYTES);
    // Warm up: connections, leader discovery, JIT.
    for (let index = 0; index < 200; index++) await writer.append([{ kind: 'data', payload }]);
    return await measure('cairn txlog', appenders, async () => {
      const outcome = await writer.append([{ kind: 'data', payload }]);
      if (outcome.kind !== 'committed') throw new Error(`append ${outcome.kind}`);
    });
  } finally {
    client.close();
    await cluster.stop();
  }
}

async function benchEtcd(appenders: number): Promise<Result> {
  const cluster = await startEtcdCluster(3);
  const client = new EtcdPutClient(cluster.clientAddresses[0] as string);
  try {
    const value = new Uint8Array(VALUE_BYTES);
    for (let index = 0; index < 200; index++) await client.put(new TextEncoder().encode(`warm${index}`), value);
    return await measure('etcd 3.4', appenders, (caller, sequence) => client.put(new TextEncoder().encode(`k${caller}-${sequence}`), value));
  } finally {
    client.close();
    await cluster.stop();
  }
}

const results: Result[] = [];
for (const appenders of APPENDERS) {
  results.push(await benchTxlog(appenders));
  if (etcdAvailable()) results.push(await benchEtcd(appenders));
  else process.stderr.write('etcd is not installed (apt-get install -y etcd-server etcd-client): skipped\n');
}

console.log(`append of ${VALUE_BYTES} B values, ${SECONDS} s per run, three nodes on loopback, ${os.cpus().length} cores`);
console.log(['system'.padEnd(14), 'appenders'.padStart(9), 'ops/s'.padStart(10), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8)].join(' '));
for (const result of results) {
  console.log([result.system.padEnd(14), String(result.appenders).padStart(9), result.perSecond.toFixed(0).padStart(10), result.p50Ms.toFixed(3).padStart(8), result.p99Ms.toFixed(3).padStart(8)].join(' '));
}
for (const appenders of APPENDERS) {
  const ours = results.find((result) => result.system === 'cairn txlog' && result.appenders === appenders);
  const theirs = results.find((result) => result.system === 'etcd 3.4' && result.appenders === appenders);
  if (ours && theirs) console.log(`${appenders} appender(s): throughput ${(ours.perSecond / theirs.perSecond).toFixed(2)}x etcd, p50 ${(ours.p50Ms / theirs.p50Ms).toFixed(2)}x etcd's`);
}
const out = path.join(ROOT, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, `${new Date().toISOString().slice(0, 10)}-txlog-vs-etcd.json`);
writeFileSync(file, JSON.stringify({ command: process.argv.slice(1).join(' '), valueBytes: VALUE_BYTES, seconds: SECONDS, cores: os.cpus().length, results }, null, 2));
console.log(`raw figures: ${path.relative(ROOT, file)}`);
