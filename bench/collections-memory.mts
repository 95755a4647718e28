/**
 * Memory per element of each collection type, cairn (--ephemeral) against a real Redis 7 without
 * persistence, in one run. For each type it loads 1,000,000 small elements, in two layouts:
 * `small` (10,000 keys of 100 elements: Redis's compact encodings) and `large` (one key holding
 * all of them: hashtable, skiplist, quicklist, stream), and reports the growth of INFO memory's
 * used_memory per element (after MEMORY PURGE, which on cairn runs a full garbage collection; the
 * cairn server is started with --expose-gc for that) and MEMORY USAGE of one key.
 * Not a test: it reports. Needs redis-server (apt-get install -y redis-server) and a build.
 *
 *   npm run build && npx tsx bench/collections-memory.mts [--elements 1000000] [--types list,hash,set,intset,zset,stream] [--layouts small,large]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './support/cairn-processes.js';
import { option } from './support/argv-option.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ELEMENTS = Number(option('elements', '1000000'));
const TYPES = option('types', 'list,hash,set,intset,zset,stream').split(',');
const LAYOUTS = option('layouts', 'small,large').split(',');
/** Elements per key in the small layout (within every compact-encoding limit of Redis 7.0's defaults). */
const SMALL_KEY_ELEMENTS = 100;
/** Elements per command while loading. */
const ELEMENTS_PER_COMMAND = 100;
/** Commands written before waiting for their replies. */
const PIPELINE_COMMANDS = 200;
const READY_TIMEOUT_MS = 30_000;

const children: ChildProcess[] = [];

function start(command: string, args: string[], readyLine: RegExp): Promise<void> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command}: not ready:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyLine.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

function encode(argv: readonly string[]): string {
  return `*${argv.length}\r\n${argv.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** A RESP connection that sends batches of commands and collects their replies as raw lines (enough for integers, bulk strings and errors). */
class Connection {
  private buffer = '';
  private waiting: { count: number; replies: string[]; resolve: (replies: string[]) => void } | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(commands: readonly (readonly string[])[]): Promise<string[]> {
    return new Promise((resolve) => {
      this.waiting = { count: commands.length, replies: [], resolve };
      this.socket.write(commands.map(encode).join(''));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private drain(): void {
    for (let parsed = 0; this.waiting !== null && parsed < 1_000_000; parsed++) {
      const line = this.buffer.indexOf('\r\n');
      if (line === -1) return;
      let end = line + 2;
      let value = this.buffer.slice(1, line);
      if (this.buffer[0] === '$') {
        const length = Number(value);
        if (length >= 0) {
          if (this.buffer.length < end + length + 2) return;
          value = this.buffer.slice(end, end + length);
          end += length + 2;
        }
      }
      if (this.buffer[0] === '-') throw new Error(`error reply: ${value}`);
      this.buffer = this.buffer.slice(end);
      this.waiting.replies.push(value);
      if (this.waiting.replies.length === this.waiting.count) {
        const { resolve, replies } = this.waiting;
        this.waiting = null;
        resolve(replies);
      }
    }
  }
}

/** The commands that add elements `from`..`from+count-1` to `key`. */
function addCommands(type: string, key: string, from: number, count: number): string[][] {
  const argv: string[] = [];
  switch (type) {
    case 'list':
      argv.push('RPUSH', key);
      for (let index = from; index < from + count; index++) argv.push(`m:${index}`);
      return [argv];
    case 'hash':
      argv.push('HSET', key);
      for (let index = from; index < from + count; index++) argv.push(`f:${index}`, `v:${index}`);
      return [argv];
    case 'set':
      argv.push('SADD', key);
      for (let index = from; index < from + count; index++) argv.push(`m:${index}`);
      return [argv];
    case 'intset':
      argv.push('SADD', key);
      for (let index = from; index < from + count; index++) argv.push(String(index));
      return [argv];
    case 'zset':
      argv.push('ZADD', key);
      for (let index = from; index < from + count; index++) argv.push(String(index), `m:${index}`);
      return [argv];
    case 'stream': {
      const commands: string[][] = [];
      for (let index = from; index < from + count; index++) commands.push(['XADD', key, `${index + 1}-0`, 'f', `v:${index}`]);
      return commands;
    }
    default:
      throw new Error(`unknown type ${type}`);
  }
}

async function usedMemory(connection: Connection): Promise<number> {
  await connection.send([['MEMORY', 'PURGE']]);
  const [info] = await connection.send([['INFO', 'memory']]);
  const match = /used_memory:(\d+)/.exec(info ?? '');
  if (match === null) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

interface Measurement {
  readonly system: string;
  readonly type: string;
  readonly layout: string;
  readonly elements: number;
  readonly bytesPerElement: number;
  readonly memoryUsageOfOneKey: number;
  readonly encoding: string;
}

async function measure(system: string, port: number, type: string, layout: string): Promise<Measurement> {
  const connection = await Connection.open(port);
  try {
    await connection.send([['FLUSHALL']]);
    const before = await usedMemory(connection);
    const perKey = layout === 'small' ? SMALL_KEY_ELEMENTS : ELEMENTS;
    let batch: string[][] = [];
    for (let from = 0; from < ELEMENTS; from += ELEMENTS_PER_COMMAND) {
      const key = `${type}:${Math.floor(from / perKey)}`;
      batch.push(...addCommands(type, key, from, Math.min(ELEMENTS_PER_COMMAND, ELEMENTS - from)));
      if (batch.length >= PIPELINE_COMMANDS) {
        await connection.send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await connection.send(batch);
    const after = await usedMemory(connection);
    const [usage, encoding] = await connection.send([
      ['MEMORY', 'USAGE', `${type}:0`, 'SAMPLES', '0'],
      ['OBJECT', 'ENCODING', `${type}:0`],
    ]);
    await connection.send([['FLUSHALL']]);
    return { system, type, layout, elements: ELEMENTS, bytesPerElement: (after - before) / ELEMENTS, memoryUsageOfOneKey: Number(usage), encoding: encoding ?? '' };
  } finally {
    connection.close();
  }
}

async function main(): Promise<void> {
  const redisPort = await freePort();
  const cairnPort = await freePort();
  await start('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/);
  await start(process.execPath, ['--expose-gc', 'bin/cairn.js', 'server', '--ephemeral', '--port', String(cairnPort)], /listening/);
  const results: Measurement[] = [];
  for (const type of TYPES) {
    for (const layout of LAYOUTS) {
      for (const [system, port] of [['redis', redisPort], ['cairn', cairnPort]] as const) {
        const result = await measure(system, port, type, layout);
        results.push(result);
        process.stdout.write(
          `${type.padEnd(7)} ${layout.padEnd(6)} ${system.padEnd(6)} ${result.bytesPerElement.toFixed(1).padStart(7)} B/element  ` +
            `MEMORY USAGE of one key ${String(result.memoryUsageOfOneKey).padStart(10)}  (${result.encoding})\n`,
        );
      }
      const [redis, cairn] = results.slice(-2) as [Measurement, Measurement];
      process.stdout.write(`${type.padEnd(7)} ${layout.padEnd(6)} cairn/redis ${(cairn.bytesPerElement / redis.bytesPerElement).toFixed(2)}x\n`);
    }
  }
  const directory = path.join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${new Date().toISOString().slice(0, 10)}-collections-memory.json`);
  writeFileSync(file, `${JSON.stringify({ command: process.argv.slice(1).join(' '), elements: ELEMENTS, results }, null, 2)}\n`);
  process.stdout.write(`results: ${path.relative(ROOT, file)}\n`);
}

try {
  await main();
} finally {
  for (const child of children) child.kill();
}
