/**
 * What one message costs on this machine: round trips of a small message over a grpc-js
 * bidirectional stream (as the log's Raft and append streams use) against a raw TCP socket
 * (TCP_NODELAY), each to an echo server in another process on loopback. Prints the round-trip
 * p50/p99 and the client's CPU time per round trip (one write and one read). Not a test: it reports.
 *
 *   npx tsx bench/grpc-vs-tcp-roundtrip.mts [--round-trips 5000] [--bytes 120]
 */
import { type ChildProcess, fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { option } from './support/argv-option.js';
import { summarise } from './support/closed-loop.js';

const ROUND_TRIPS = Number(option('round-trips', '5000'));
const BYTES = Number(option('bytes', '120'));
/** Round trips before measuring: connection set-up, JIT. */
const WARMUP_ROUND_TRIPS = 1000;

const identity = (buffer: Buffer): Buffer => buffer;
const echoService: grpc.ServiceDefinition = {
  echo: { path: '/bench.Echo/Echo', requestStream: true, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
};

/** The echo servers, in the child process: prints the two ports, then serves until killed. */
function serve(): void {
  // The measuring process gone (finished or crashed), the servers go too.
  process.on('disconnect', () => process.exit(0));
  const server = new grpc.Server();
  server.addService(echoService, { echo: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => call.on('data', (data: Buffer) => call.write(data)) });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, grpcPort) => {
    if (error !== null) throw error;
    const tcp = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('data', (data) => socket.write(data));
    });
    tcp.listen(0, '127.0.0.1', () => process.send?.({ grpcPort, tcpPort: (tcp.address() as net.AddressInfo).port }));
  });
}

interface Figures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerRoundTrip: number;
}

/** Sends a message, waits for its echo, ROUND_TRIPS times after the warm-up; `send` writes one message, `onEcho` registers the reader. */
function roundTrips(send: (payload: Buffer) => void, onEcho: (callback: () => void) => void): Promise<Figures> {
  return new Promise((resolve) => {
    const payload = Buffer.alloc(BYTES, 0x61);
    const latencies: number[] = [];
    let done = 0;
    let sentAt = 0n;
    let cpuBefore = process.cpuUsage();
    const next = (): void => {
      sentAt = process.hrtime.bigint();
      send(payload);
    };
    onEcho(() => {
      done++;
      if (done === WARMUP_ROUND_TRIPS) cpuBefore = process.cpuUsage();
      if (done > WARMUP_ROUND_TRIPS) latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      if (done < WARMUP_ROUND_TRIPS + ROUND_TRIPS) return next();
      const cpu = process.cpuUsage(cpuBefore);
      const { p50Ms, p99Ms } = summarise(latencies);
      resolve({ p50Ms, p99Ms, cpuUsPerRoundTrip: (cpu.user + cpu.system) / ROUND_TRIPS });
    });
    next();
  });
}

async function measureGrpc(port: number): Promise<Figures> {
  const Client = grpc.makeGenericClientConstructor(echoService, 'Echo');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (client as unknown as { echo(): grpc.ClientDuplexStream<Buffer, Buffer> }).echo();
  // The cancel at the end fails the call with CANCELLED: expected.
  call.on('error', () => undefined);
  try {
    return await roundTrips((payload) => call.write(payload), (callback) => call.on('data', callback));
  } finally {
    call.cancel();
    client.close();
  }
}

async function measureTcp(port: number): Promise<Figures> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  try {
    // Messages this small arrive whole: one 'data' event per echo.
    return await roundTrips((payload) => socket.write(payload), (callback) => socket.on('data', callback));
  } finally {
    socket.destroy();
  }
}

if (process.argv.includes('--serve')) {
  serve();
} else {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  try {
    const ports = await new Promise<{ grpcPort: number; tcpPort: number }>((resolve) => child.once('message', (message) => resolve(message as { grpcPort: number; tcpPort: number })));
    const grpcFigures = await measureGrpc(ports.grpcPort);
    const tcpFigures = await measureTcp(ports.tcpPort);
    console.log(`${ROUND_TRIPS} round trips of ${BYTES} B to an echo server in another process, loopback`);
    for (const [name, figures] of [['grpc-js stream', grpcFigures], ['raw TCP', tcpFigures]] as const) {
      console.log(`${name.padEnd(15)} p50 ${figures.p50Ms.toFixed(3)} ms  p99 ${figures.p99Ms.toFixed(3)} ms  client CPU ${figures.cpuUsPerRoundTrip.toFixed(1)} us per round trip`);
    }
    console.log(`grpc-js / TCP: client CPU per round trip ${(grpcFigures.cpuUsPerRoundTrip / tcpFigures.cpuUsPerRoundTrip).toFixed(2)}x, p50 ${(grpcFigures.p50Ms / tcpFigures.p50Ms).toFixed(2)}x`);
  } finally {
    child.kill('SIGKILL');
  }
}
