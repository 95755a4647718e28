/**
 * The floor of the durable write path's shape on this machine: the least a program can do and
 * still take every step a cairn write takes. A "primary" process reads SETs over RESP and, once
 * per event-loop turn, sends the turn's commands as one message to a "leader" process. The leader
 * sends it to two "follower" processes, then commits it to its own SQLite (WAL,
 * synchronous=FULL, on its own thread, as `cairn txlog` does); a follower commits it and answers;
 * once the leader and one follower have it on disk the leader answers and the primary replies +OK.
 * No keyspace, no Raft state, no checksums, no effects, no replica, no snapshotter.
 *
 * The floor runs over grpc-js bidirectional streams (what cairn's log uses between its nodes and
 * with the primary) and over raw TCP with length-prefixed frames. Each round measures cairn
 * (three log nodes, a primary, a replica), both floors and the Redis WAIT setup (a primary and
 * two replicas, all appendfsync always, each SET followed by WAIT 2 0), one after the other.
 * Not a test: it reports. Needs redis-server (apt-get install -y redis-server).
 *
 *   npm run build && npx tsx bench/write-path-floor.mts [--rounds 3] [--seconds 5] [--warmup-seconds 5] [--value-bytes 100] [--clients 1,50]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { option } from './support/argv-option.js';
import { Processes, startCairnPair } from './support/cairn-processes.js';
import { timedLoad } from './support/closed-loop.js';
import { type RoundResult, WARMUP_INDEX_OFFSET, ratioLine, sideBySideOptions, writeResults } from './support/side-by-side.js';
import { startWaitSetup } from './support/redis-servers.js';
import { command } from './support/resp-connection.js';

const TRANSPORTS = ['grpc', 'tcp'] as const;
type TransportName = (typeof TRANSPORTS)[number];

/** A frame's length prefix on TCP, and a sequence number's size at the start of each frame, in bytes. */
const U32_BYTES = 4;
/** A frame (TCP) or a socket's unparsed input (RESP) larger than this is refused, in bytes. */
const BUFFERED_BYTES_MAX = 16 * 1024 * 1024;
/** A RESP command with more arguments than this is refused. */
const COMMAND_ARGS_MAX = 1024;
const OK_REPLY = Buffer.from('+OK\r\n');

// ---- links: one bidirectional stream of frames ----------------------------------------------

interface Link {
  send(frame: Buffer): void;
  onFrame(handler: (frame: Buffer) => void): void;
}

interface Transport {
  /** Listens on 127.0.0.1, a free port; each incoming stream becomes a link. Resolves with the port. */
  listen(onLink: (link: Link) => void): Promise<number>;
  connect(port: number): Link;
}

const identity = (buffer: Buffer): Buffer => buffer;
const hopService: grpc.ServiceDefinition = {
  stream: { path: '/floor.Hop/Stream', requestStream: true, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
};

const grpcTransport: Transport = {
  listen(onLink) {
    const server = new grpc.Server();
    server.addService(hopService, {
      stream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => onLink({ send: (frame) => call.write(frame), onFrame: (handler) => call.on('data', handler) }),
    });
    return new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error === null ? resolve(port) : reject(error))));
  },
  connect(port) {
    const Client = grpc.makeGenericClientConstructor(hopService, 'Hop');
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (client as unknown as { stream(): grpc.ClientDuplexStream<Buffer, Buffer> }).stream();
    call.on('error', (error) => fail(`a gRPC stream failed: ${error.message}`));
    return { send: (frame) => call.write(frame), onFrame: (handler) => call.on('data', handler) };
  },
};

/** Frames on a TCP socket: a 4-byte big-endian length, then the frame. */
function tcpLink(socket: net.Socket): Link {
  socket.setNoDelay(true);
  socket.on('error', (error) => fail(`a TCP link failed: ${error.message}`));
  let buffered: Buffer = Buffer.alloc(0);
  return {
    send(frame) {
      const header = Buffer.allocUnsafe(U32_BYTES);
      header.writeUInt32BE(frame.length);
      socket.write(Buffer.concat([header, frame]));
    },
    onFrame(handler) {
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        let at = 0;
        while (buffered.length - at >= U32_BYTES) {
          const length = buffered.readUInt32BE(at);
          if (length > BUFFERED_BYTES_MAX) fail(`a TCP frame of ${length} bytes is more than ${BUFFERED_BYTES_MAX}`);
          if (buffered.length - at - U32_BYTES < length) break;
          handler(buffered.subarray(at + U32_BYTES, at + U32_BYTES + length));
          at += U32_BYTES + length;
        }
        buffered = buffered.subarray(at);
      });
    },
  };
}

const tcpTransport: Transport = {
  listen(onLink) {
    const server = net.createServer((socket) => onLink(tcpLink(socket)));
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  },
  connect: (port) => tcpLink(net.connect(port, '127.0.0.1')),
};

function fail(message: string): never {
  console.error(`write-path-floor: ${message}`);
  process.exit(1);
}

/** A frame: a sequence number, then the payload. */
function frameOf(seq: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(U32_BYTES + payload.length);
  frame.writeUInt32BE(seq);
  payload.copy(frame, U32_BYTES);
  return frame;
}

// ---- the floor's processes ------------------------------------------------------------------

/** Gathers what arrives during one event-loop turn and hands it to `onTurn` once the turn's I/O callbacks have run. */
function perTurn<T>(onTurn: (items: T[]) => void): (item: T) => void {
  let items: T[] = [];
  return (item) => {
    if (items.push(item) > 1) return;
    setImmediate(() => {
      const turn = items;
      items = [];
      onTurn(turn);
    });
  };
}

/** An SQLite log as `cairn txlog` keeps it (WAL, synchronous=FULL): persist() commits frames and fsyncs. */
function openLog(dir: string): (frames: readonly Buffer[]) => void {
  mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO log (payload) VALUES (?)');
  return db.transaction((frames: readonly Buffer[]) => {
    for (const frame of frames) insert.run(frame);
  });
}

/** A follower: commits the frames of each turn, then answers with the last one's sequence number. */
async function follower(transport: Transport, dir: string): Promise<number> {
  const persist = openLog(dir);
  return transport.listen((leader) =>
    leader.onFrame(
      perTurn((frames: Buffer[]) => {
        persist(frames);
        leader.send(frameOf((frames[frames.length - 1] as Buffer).readUInt32BE(0)));
      }),
    ),
  );
}

/**
 * The leader: each frame from the primary gets the next index and goes to both followers; the
 * frames of a turn are then committed together, from an immediate (so that the sends are written
 * first, as `cairn txlog` does). An index is committed once the leader and one follower have it;
 * the primary gets its sequence numbers back in order.
 */
async function leader(transport: Transport, dir: string, followerPorts: readonly number[]): Promise<number> {
  const persist = openLog(dir);
  const followers = followerPorts.map((port) => transport.connect(port));
  const acked = followers.map(() => 0);
  let durable = 0;
  let nextIndex = 1;
  const waiting: { readonly index: number; readonly seq: number; readonly primary: Link }[] = [];
  const answer = (): void => {
    const committed = Math.min(durable, Math.max(...acked));
    for (let next = waiting[0]; next !== undefined && next.index <= committed; next = waiting[0]) {
      waiting.shift();
      next.primary.send(frameOf(next.seq));
    }
  };
  followers.forEach((link, position) =>
    link.onFrame((frame) => {
      acked[position] = Math.max(acked[position] as number, frame.readUInt32BE(0));
      answer();
    }),
  );
  const commitTurn = perTurn((frames: Buffer[]) => {
    persist(frames);
    durable = (frames[frames.length - 1] as Buffer).readUInt32BE(0);
    answer();
  });
  return transport.listen((primary) =>
    primary.onFrame((frame) => {
      const index = nextIndex++;
      waiting.push({ index, seq: frame.readUInt32BE(0), primary });
      const indexed = frameOf(index, frame.subarray(U32_BYTES));
      for (const link of followers) link.send(indexed);
      commitTurn(indexed);
    }),
  );
}

/** The end of the RESP command (an array of bulk strings) at `start`, or -1 while it is incomplete. */
function commandEnd(buffer: Buffer, start: number): number {
  if (buffer[start] !== 0x2a) fail('the primary expects RESP arrays');
  let lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd === -1) return -1;
  const count = Number(buffer.toString('latin1', start + 1, lineEnd));
  if (!Number.isInteger(count) || count < 1 || count > COMMAND_ARGS_MAX) fail(`a command of ${count} arguments`);
  let at = lineEnd + 2;
  for (let argument = 0; argument < count; argument++) {
    lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return -1;
    at = lineEnd + 2 + Number(buffer.toString('latin1', at + 1, lineEnd)) + 2;
    if (at > buffer.length) return -1;
  }
  return at;
}

/** The primary: RESP in; each turn's commands to the leader as one frame; +OK to each once the leader answers. */
async function primary(transport: Transport, leaderPort: number): Promise<number> {
  const link = transport.connect(leaderPort);
  const inflight = new Map<number, net.Socket[]>();
  let seq = 0;
  link.onFrame((frame) => {
    const answered = frame.readUInt32BE(0);
    for (const client of inflight.get(answered) ?? fail(`the leader answered ${answered}, which is not in flight`)) client.write(OK_REPLY);
    inflight.delete(answered);
  });
  const sendTurn = perTurn((commands: { readonly bytes: Buffer; readonly client: net.Socket }[]) => {
    seq++;
    inflight.set(seq, commands.map((queued) => queued.client));
    link.send(frameOf(seq, Buffer.concat(commands.map((queued) => queued.bytes))));
  });
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    let buffered: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      if (buffered.length > BUFFERED_BYTES_MAX) fail(`a client sent more than ${BUFFERED_BYTES_MAX} bytes without ending a command`);
      let at = 0;
      for (let end = commandEnd(buffered, at); end !== -1; end = at < buffered.length ? commandEnd(buffered, at) : -1) {
        sendTurn({ bytes: buffered.subarray(at, end), client: socket });
        at = end;
      }
      buffered = buffered.subarray(at);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

/** In a child process: runs the role named on the command line and prints its port. */
async function serveRole(): Promise<void> {
  const transport = option('transport', '') === 'tcp' ? tcpTransport : grpcTransport;
  const role = option('role', '');
  const port =
    role === 'follower'
      ? await follower(transport, option('dir', ''))
      : role === 'leader'
        ? await leader(transport, option('dir', ''), option('followers', '').split(',').map(Number))
        : role === 'primary'
          ? await primary(transport, Number(option('leader', '')))
          : fail(`unknown role ${role}`);
  console.log(`floor ${role} listening on ${port}`);
}

// ---- measuring --------------------------------------------------------------------------------

const processes = new Processes();

/** Starts the floor's five processes over `transport`; resolves with the primary's port. */
async function startFloor(transport: TransportName, scratch: string): Promise<number> {
  const start = async (args: readonly string[]): Promise<number> => {
    let port = 0;
    await processes.start(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--transport', transport, ...args], {
      ready: /listening on \d+/,
      onLine: (line) => {
        const found = /listening on (\d+)/.exec(line);
        if (found !== null) port = Number(found[1]);
      },
    });
    // The line callback runs in the same output handler that resolves the start, before this resumes.
    if (port === 0) throw new Error(`the floor's ${args[1] ?? ''} printed no port`);
    return port;
  };
  const followers = [await start(['--role', 'follower', '--dir', path.join(scratch, `floor-${transport}-f1`)]), await start(['--role', 'follower', '--dir', path.join(scratch, `floor-${transport}-f2`)])];
  const leaderPort = await start(['--role', 'leader', '--dir', path.join(scratch, `floor-${transport}-leader`), '--followers', followers.join(',')]);
  return start(['--role', 'primary', '--leader', String(leaderPort)]);
}

async function main(): Promise<void> {
  const options = sideBySideOptions();
  const { rounds, seconds, warmupSeconds, valueBytes, clients: clientCounts } = options;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-floor-'));
  try {
    const systems: { readonly name: string; readonly port: number; readonly wait: boolean }[] = [
      { name: 'cairn', port: (await startCairnPair(processes, scratch)).primary, wait: false },
      ...(await Promise.all(TRANSPORTS.map(async (transport) => ({ name: `floor over ${transport}`, port: await startFloor(transport, scratch), wait: false })))),
      { name: 'redis + 2 replicas, WAIT 2 0', port: (await startWaitSetup(processes, scratch)).primary, wait: true },
    ];
    const value = 'x'.repeat(valueBytes);
    const results: RoundResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const clients of clientCounts) {
        for (const [position, system] of systems.entries()) {
          const set = (client: number, index: number) => command('SET', `r${round}:s${position}:${client}:${index}`, value);
          const request = system.wait ? (client: number, index: number) => Buffer.concat([set(client, index), command('WAIT', '2', '0')]) : set;
          const figures = await timedLoad(system.name, { port: system.port, clients, replies: system.wait ? 2 : 1, request, seconds, warmupSeconds, warmupIndexOffset: WARMUP_INDEX_OFFSET });
          results.push({ round, system: system.name, ...figures });
          process.stdout.write(`round ${round}  ${system.name.padEnd(30)} ${String(clients).padStart(3)} clients ${figures.perSecond.toFixed(0).padStart(7)} ops/s  p50 ${figures.p50Ms.toFixed(3)} ms  p99 ${figures.p99Ms.toFixed(3)} ms\n`);
        }
      }
    }
    const waitName = systems[systems.length - 1]?.name ?? '';
    for (const clients of clientCounts) {
      for (const system of systems.slice(0, -1)) process.stdout.write(ratioLine(results, `${system.name} against the WAIT setup`, system.name, waitName, clients));
    }
    process.stdout.write(`raw figures: ${writeResults('write-path-floor', options, results)}\n`);
  } finally {
    await processes.stopAll();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serveRole();
else await main();
