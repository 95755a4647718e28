/**
 * The crash campaign's writers: each sends one command at a time to whichever server says it is
 * master, and records every operation with its outcome. Unique SETs, INCRs of shared counters,
 * RPUSHes of unique tokens to a list of its own and XADDs to a stream of its own (ordered), and
 * writes of new elements to shared collections: HSET fields, SADD members, ZADD members.
 */
import { Redis } from 'ioredis';
import type { CrashCluster } from './crash-cluster.js';
import type { Operation, Outcome } from './history.js';

/** A command gets this long before its outcome is indeterminate. */
const COMMAND_TIMEOUT_MS = 3000;
/** Shared counters the writers increment. */
export const COUNTERS = 4;
/** Shared hashes, sets and sorted sets the writers add elements to. */
export const SHARED_COLLECTIONS = 2;
/** Error prefixes with which a server refuses a command before running it. */
const REFUSALS = ['READONLY', 'LOADING', 'TRYAGAIN'];

function connect(port: number): Redis {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** What a writer's command came to. */
function outcomeOf(error: unknown, unexpected: (message: string) => void): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  // ioredis reports server error replies as ReplyError.
  if (error instanceof Error && error.name === 'ReplyError') {
    if (REFUSALS.some((prefix) => message.startsWith(prefix))) return 'failed';
    unexpected(message);
    return 'indeterminate';
  }
  return 'indeterminate';
}

export class Writer {
  readonly history: Operation[] = [];
  readonly unexpected: string[] = [];
  private sequence = 0;
  private redis: Redis | null = null;
  private port = 0;

  constructor(
    readonly id: number,
    private readonly cluster: CrashCluster,
    private readonly random: () => number,
  ) {}

  /** Runs operations until `stopAt` (Date.now() ms) or `operationsMax`. */
  async run(stopAt: number, operationsMax: number): Promise<void> {
    for (let done = 0; done < operationsMax && Date.now() < stopAt; done++) {
      const redis = await this.primaryClient(stopAt);
      if (redis === null) continue;
      await this.step(redis);
    }
    this.redis?.disconnect();
  }

  private async step(redis: Redis): Promise<void> {
    const n = ++this.sequence;
    const choice = this.random();
    const shared = Math.floor(this.random() * SHARED_COLLECTIONS);
    const element = `e:${this.id}:${n}`;
    if (choice < 0.25) {
      const key = `set:${this.id}:${n}`;
      const value = `v:${this.id}:${n}`;
      const outcome = await this.attempt(() => redis.set(key, value));
      this.history.push({ kind: 'set', key, value, outcome });
    } else if (choice < 0.4) {
      const key = `counter:${Math.floor(this.random() * COUNTERS)}`;
      const outcome = await this.attempt(() => redis.incr(key));
      this.history.push({ kind: 'incr', key, outcome });
    } else if (choice < 0.6) {
      const key = `list:${this.id}`;
      const token = `t${n}`;
      const outcome = await this.attempt(() => redis.rpush(key, token));
      this.history.push({ kind: 'push', key, token, outcome });
    } else if (choice < 0.7) {
      const key = `stream:${this.id}`;
      const token = `t${n}`;
      const outcome = await this.attempt(() => redis.xadd(key, '*', 'token', token));
      this.history.push({ kind: 'push', key, token, outcome });
    } else if (choice < 0.8) {
      const key = `hash:${shared}`;
      const value = `v${n}`;
      const outcome = await this.attempt(() => redis.hset(key, element, value));
      this.history.push({ kind: 'element', key, element, value, outcome });
    } else if (choice < 0.9) {
      const key = `sset:${shared}`;
      const outcome = await this.attempt(() => redis.sadd(key, element));
      this.history.push({ kind: 'element', key, element, value: '1', outcome });
    } else {
      const key = `zset:${shared}`;
      const score = String(n * 10 + this.id);
      const outcome = await this.attempt(() => redis.zadd(key, score, element));
      this.history.push({ kind: 'element', key, element, value: score, outcome });
    }
  }

  private async attempt(command: () => Promise<unknown>): Promise<Outcome> {
    try {
      await command();
      return 'acknowledged';
    } catch (error) {
      const outcome = outcomeOf(error, (message) => this.unexpected.push(message));
      if (outcome === 'indeterminate' || outcome === 'failed') this.dropConnection();
      return outcome;
    }
  }

  private dropConnection(): void {
    this.redis?.disconnect();
    this.redis = null;
  }

  /** A connection to the server that says it is master (null after a short wait when none does). */
  private async primaryClient(stopAt: number): Promise<Redis | null> {
    if (this.redis !== null && this.redis.status === 'ready') return this.redis;
    this.dropConnection();
    const primary = await this.cluster.primary();
    if (primary === null) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(0, stopAt - Date.now()))));
      return null;
    }
    this.port = this.cluster.serverPorts.get(primary) as number;
    const redis = connect(this.port);
    try {
      await redis.connect();
    } catch {
      redis.disconnect();
      return null;
    }
    this.redis = redis;
    return redis;
  }
}
