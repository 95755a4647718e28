/**
 * Durable SET latency and throughput of cairn (three `cairn txlog` nodes, a primary and a
 * replica, all processes on loopback) side by side, in one run, with:
 *   - Redis 7 with appendonly yes, appendfsync always (one node);
 *   - a Redis primary and two replicas, all appendfsync always, each SET followed by WAIT 2 0
 *     (the SET and the WAIT are sent together; the operation ends with the WAIT's reply).
 * And GET latency and throughput on cairn's replica against Redis without persistence.
 * Not a test: it reports. Needs redis-server (apt-get install -y redis-server).
 *
 *   npm run build && npx tsx bench/durable-set-vs-redis.mts [--seconds 5] [--warmup-seconds 5] [--value-bytes 100] [--clients 1,50]
 *
 * Each client is one connection sending one operation at a time; latency is per operation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const SECONDS = Number(option('seconds', '5'));
/** Each measurement is preceded by this long of the same load, not recorded (JIT warm-up, connection set-up). */
const WARMUP_SECONDS = Number(option('warmup-seconds', '5'));
const VALUE_BYTES = Number(option('value-bytes', '100'));
const CLIENTS = option('clients', '1,50').split(',').map(Number);
/** Operations per client at most, whatever the duration (a bound on every loop). */
const OPERATIONS_PER_CLIENT_MAX = 10_000_000;
const READY_TIMEOUT_MS = 30_000;

const children: ChildProcess[] = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-durable-'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
}

function start(command: string, args: string[], readyLine: RegExp | null): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  if (readyLine === null) return Promise.resolve(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')}: not ready:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyLine.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

/** One RESP connection sending pre-encoded requests and counting the replies each one expects. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { replies: number; resolve: (error: string | null) => void } | null = null;
  private error: string | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends `request` and resolves once `replies` replies arrived (with the first error reply, if any). */
  send(request: Buffer, replies: number): Promise<string | null> {
    return new Promise((resolve) => {
      this.waiting = { replies, resolve };
      this.error = null;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private drain(): void {
    for (;;) {
      const end = this.replyEnd();
      if (end === -1 || this.waiting === null) return;
      if (this.buffer[0] === 0x2d && this.error === null) this.error = this.buffer.toString('latin1', 1, this.buffer.indexOf('\r\n'));
      this.buffer = this.buffer.subarray(end);
      this.waiting.replies--;
      if (this.waiting.replies === 0) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(this.error);
      }
    }
  }

  /** Where the first complete reply ends (simple strings, errors, integers, bulk strings), or -1. */
  private replyEnd(): number {
    const line = this.buffer.indexOf('\r\n');
    if (line === -1) return -1;
    if (this.buffer[0] !== 0x24) return line + 2;
    const length = Number(this.buffer.toString('latin1', 1, line));
    if (length < 0) return line + 2;
    const end = line + 2 + length + 2;
    return this.buffer.length >= end ? end : -1;
  }
}

function command(...argv: string[]): Buffer {
  return Buffer.from(`*${argv.length}\r\n${argv.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
}

interface Result {
  readonly system: string;
  readonly operation: string;
  readonly clients: number;
  readonly operations: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `clients` connections to `port`, each sending `request(i)` (expecting `replies` replies) for WARMUP_SECONDS unrecorded, then SECONDS recorded. */
async function measure(system: string, operation: string, port: number, clients: number, replies: number, request: (client: number, index: number) => Buffer): Promise<Result> {
  if (WARMUP_SECONDS > 0) await load(port, clients, replies, (client, index) => request(client, OPERATIONS_PER_CLIENT_MAX + index), WARMUP_SECONDS);
  return load(port, clients, replies, request, SECONDS, system, operation);
}

async function load(
  port: number,
  clients: number,
  replies: number,
  request: (client: number, index: number) => Buffer,
  durationSeconds: number,
  system = 'warm-up',
  operation = '',
): Promise<Result> {
  const connections = await Promise.all(Array.from({ length: clients }, () => Connection.open(port)));
  const latencies: number[] = [];
  const started = performance.now();
  const stopAt = started + durationSeconds * 1000;
  let failure: string | null = null;
  await Promise.all(
    connections.map(async (connection, client) => {
      for (let index = 0; index < OPERATIONS_PER_CLIENT_MAX && performance.now() < stopAt; index++) {
        const sent = performance.now();
        const error = await connection.send(request(client, index), replies);
        if (error !== null) failure ??= error;
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const connection of connections) connection.close();
  if (failure !== null) throw new Error(`${system} ${operation}: ${failure}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { system, operation, clients, operations: latencies.length, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function startCairn(): Promise<{ primary: number; replica: number }> {
  const logPorts = [await freePort(), await freePort(), await freePort()];
  const peers = logPorts.map((port, index) => `${index + 1}=127.0.0.1:${port}`).join(',');
  await Promise.all(
    logPorts.map((_, index) => start(process.execPath, ['bin/cairn.js', 'txlog', '--id', String(index + 1), '--peers', peers, '--dir', path.join(scratch, `txlog-${index + 1}`), '--log-level', 'warn'], /listening on/)),
  );
  const log = logPorts.map((port) => `127.0.0.1:${port}`).join(',');
  const primary = await freePort();
  await start(process.execPath, ['bin/cairn.js', 'server', '--port', String(primary), '--log', log, '--dir', path.join(scratch, 'server-a'), '--loglevel', 'warning'], /listening on/);
  await waitForRole(primary, 'master');
  const replica = await freePort();
  await start(process.execPath, ['bin/cairn.js', 'server', '--port', String(replica), '--log', log, '--dir', path.join(scratch, 'server-b'), '--loglevel', 'warning'], /listening on/);
  await waitForRole(replica, 'slave');
  return { primary, replica };
}

async function waitForRole(port: number, role: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let attempt = 0; Date.now() < deadline && attempt < 1000; attempt++) {
    try {
      const connection = await Connection.open(port);
      const reply = await new Promise<string>((resolve) => {
        let text = '';
        const socket = (connection as unknown as { socket: net.Socket }).socket;
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          if (text.includes(role) || text.startsWith('-')) resolve(text);
        });
        socket.write(command('ROLE'));
        setTimeout(() => resolve(text), 500);
      });
      connection.close();
      if (reply.includes(`$${role.length}\r\n${role}`)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} did not become ${role}`);
}

async function startRedis(name: string, extra: string[]): Promise<number> {
  const port = await freePort();
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  await start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...extra], /Ready to accept connections/);
  return port;
}

async function main(): Promise<void> {
  const value = 'x'.repeat(VALUE_BYTES);
  const set = (prefix: string) => (client: number, index: number) => command('SET', `${prefix}:${client}:${index}`, value);
  const results: Result[] = [];

  const cairn = await startCairn();
  const fsyncAlways = await startRedis('redis-aof', ['--appendonly', 'yes', '--appendfsync', 'always']);
  const waitPrimary = await startRedis('redis-wait-primary', ['--appendonly', 'yes', '--appendfsync', 'always']);
  for (const name of ['redis-wait-replica-1', 'redis-wait-replica-2']) {
    await startRedis(name, ['--appendonly', 'yes', '--appendfsync', 'always', '--replicaof', '127.0.0.1', String(waitPrimary)]);
  }
  const plain = await startRedis('redis-plain', ['--appendonly', 'no']);
  // Let the replicas finish their initial sync before timing WAIT.
  const probe = await Connection.open(waitPrimary);
  for (let attempt = 0; attempt < 100; attempt++) {
    await probe.send(Buffer.concat([command('SET', 'warmup', '1'), command('WAIT', '2', '1000')]), 2);
    const replicas = await new Promise<string>((resolve) => {
      const socket = (probe as unknown as { socket: net.Socket }).socket;
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
      socket.write(command('WAIT', '2', '1000'));
    });
    if (replicas.startsWith(':2')) break;
  }
  probe.close();

  for (const clients of CLIENTS) {
    results.push(await measure('cairn', 'SET', cairn.primary, clients, 1, set('c')));
    results.push(await measure('redis appendfsync always', 'SET', fsyncAlways, clients, 1, set('a')));
    results.push(await measure('redis + 2 replicas, WAIT 2 0', 'SET+WAIT', waitPrimary, clients, 2, (client, index) => Buffer.concat([set('w')(client, index), command('WAIT', '2', '0')])));
  }
  // Reads: keys written above by one client exist on both.
  const keysToRead = 1000;
  const setup = await Connection.open(plain);
  for (let index = 0; index < keysToRead; index++) await setup.send(command('SET', `c:0:${index}`, value), 1);
  setup.close();
  for (const clients of CLIENTS) {
    results.push(await measure('cairn replica', 'GET', cairn.replica, clients, 1, (_client, index) => command('GET', `c:0:${index % keysToRead}`)));
    results.push(await measure('redis no persistence', 'GET', plain, clients, 1, (_client, index) => command('GET', `c:0:${index % keysToRead}`)));
  }

  process.stdout.write(`\n${VALUE_BYTES} B values, ${SECONDS} s per run, loopback, ${os.cpus().length} cores\n`);
  process.stdout.write(`${'system'.padEnd(30)} ${'op'.padEnd(9)} ${'clients'.padStart(7)} ${'ops/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`);
  for (const result of results) {
    process.stdout.write(
      `${result.system.padEnd(30)} ${result.operation.padEnd(9)} ${String(result.clients).padStart(7)} ${result.perSecond.toFixed(0).padStart(9)} ${result.p50Ms.toFixed(3).padStart(8)} ${result.p99Ms.toFixed(3).padStart(8)}\n`,
    );
  }
  const find = (system: string, clients: number) => results.find((result) => result.system === system && result.clients === clients);
  for (const clients of CLIENTS) {
    const ours = find('cairn', clients);
    const wait = find('redis + 2 replicas, WAIT 2 0', clients);
    if (ours !== undefined && wait !== undefined) {
      process.stdout.write(`${clients} client(s): cairn SET p50 ${ours.p50Ms.toFixed(3)} ms vs WAIT setup ${wait.p50Ms.toFixed(3)} ms (${(ours.p50Ms / wait.p50Ms).toFixed(2)}x); throughput ${(ours.perSecond / wait.perSecond).toFixed(2)}x\n`);
    }
  }
  const day = new Date().toISOString().slice(0, 10);
  const file = path.join(ROOT, 'bench', 'results', `${day}-durable-set-vs-redis.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ command: process.argv.slice(1).join(' '), valueBytes: VALUE_BYTES, seconds: SECONDS, cores: os.cpus().length, results }, null, 2)}\n`);
  process.stdout.write(`raw figures: ${path.relative(ROOT, file)}\n`);
}

try {
  await main();
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
