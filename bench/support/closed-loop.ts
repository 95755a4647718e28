/** Closed-loop load for benchmarks: each connection sends one request, waits for its replies, sends the next. */
import { Connection } from './resp-connection.js';

/** Requests per connection at most, whatever the stop condition (a bound on every loop). */
export const REQUESTS_PER_CONNECTION_MAX = 10_000_000;

/** How one closed loop runs. */
export interface ClosedLoop {
  readonly connections: readonly Connection[];
  /** Replies each request expects. */
  readonly replies: number;
  /** The request connection `client` sends as its `index`th. */
  readonly request: (client: number, index: number) => Buffer;
  /** Asked before each request: true ends the connection's loop. */
  readonly done: () => boolean;
  /** Each request's send time (performance.now(), ms) and latency (ms). */
  readonly record: (sentAtMs: number, latencyMs: number) => void;
}

/** Runs every connection's loop until done(); throws the first error reply once all loops ended. */
export async function runClosedLoop(loop: ClosedLoop): Promise<void> {
  let failure: string | null = null;
  await Promise.all(
    loop.connections.map(async (connection, client) => {
      for (let index = 0; index < REQUESTS_PER_CONNECTION_MAX && !loop.done(); index++) {
        const sent = performance.now();
        const error = await connection.send(loop.request(client, index), loop.replies);
        loop.record(sent, performance.now() - sent);
        if (error !== null) failure ??= error;
      }
    }),
  );
  if (failure !== null) throw new Error(failure);
}

/** Latency figures of a set of requests, in ms. */
export interface LatencySummary {
  readonly operations: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/** The summary of `latencies` (sorted in place). */
export function summarise(latencies: number[]): LatencySummary {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { operations: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: latencies[latencies.length - 1] ?? 0 };
}

/** The median of `values` (the mean of the two middle ones of an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** What a timed load on one port gave. */
export interface LoadFigures {
  readonly clients: number;
  readonly operations: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** How a timed load runs. */
export interface TimedLoad {
  /** 127.0.0.1:port takes the load. */
  readonly port: number;
  /** Connections, each sending one request at a time. */
  readonly clients: number;
  /** Replies each request expects. */
  readonly replies: number;
  readonly request: (client: number, index: number) => Buffer;
  /** Recorded for this long. */
  readonly seconds: number;
  /** First, this long of the same load unrecorded (JIT warm-up, connection set-up), with its indexes offset by warmupIndexOffset. */
  readonly warmupSeconds: number;
  readonly warmupIndexOffset: number;
}

/** Runs the warm-up, then the recorded load; throws the first error reply, prefixed with `name`. */
export async function timedLoad(name: string, load: TimedLoad): Promise<LoadFigures> {
  const { warmupSeconds, warmupIndexOffset, request } = load;
  if (warmupSeconds > 0) await loadFor(name, { ...load, seconds: warmupSeconds, request: (client, index) => request(client, warmupIndexOffset + index) });
  return loadFor(name, load);
}

async function loadFor(name: string, load: TimedLoad): Promise<LoadFigures> {
  const connections = await Promise.all(Array.from({ length: load.clients }, () => Connection.open(load.port)));
  const latencies: number[] = [];
  const started = performance.now();
  const stopAt = started + load.seconds * 1000;
  try {
    await runClosedLoop({ connections, replies: load.replies, request: load.request, done: () => performance.now() >= stopAt, record: (_sentAt, latency) => latencies.push(latency) });
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const connection of connections) connection.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const { operations, p50Ms, p99Ms } = summarise(latencies);
  return { clients: load.clients, operations, perSecond: operations / seconds, p50Ms, p99Ms };
}
