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
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogWriter, TxlogClient } from '../txlog/src/client/index.js';
import { EtcdPutClient, etcdAvailable, startEtcdCluster } from './support/etcd-cluster.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const SECONDS = Number(option('seconds', '10'));
const VALUE_BYTES = Number(option('value-bytes', '100'));
const APPENDERS = option('appenders', '1,50').split(',').map(Number);
/** Appends per appender at most, whatever the duration (a bound on every loop). */
const APPENDS_PER_APPENDER_MAX = 1_000_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface Started {
  addresses: string[];
  stop(): Promise<void>;
}

async function startTxlog(): Promise<Started> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-txlog-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const peers = ports.map((port, index) => `${index + 1}=127.0.0.1:${port}`).join(',');
  const children: ChildProcess[] = [];
  await Promise.all(
    ports.map(
      (_, index) =>
        new Promise<void>((resolve, reject) => {
          mkdirSync(path.join(dir, `node-${index + 1}`));
          const child = spawn(process.execPath, [path.join(ROOT, 'bin/cairn.js'), 'txlog', '--id', String(index + 1), '--peers', peers, '--dir', path.join(dir, `node-${index + 1}`), '--log-level', 'warn'], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          children.push(child);
          let output = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('listening on')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`txlog node ${index + 1} exited with ${code}`)));
        }),
    ),
  );
  return {
    addresses: ports.map((port) => `127.0.0.1:${port}`),
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.removeAllListeners('exit');
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
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
