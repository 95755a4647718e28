/**
 * An in-memory server without sockets, for unit tests of command families: run commands as a
 * client, see replies as values, collect every effect, and keep a replica that applies them.
 */
import { BLOCKED } from '../../server/src/commands/context.js';
import { Blocked, Dispatcher, type Execution, Suspend } from '../../server/src/commands/dispatch.js';
import { buildCommandTable } from '../../server/src/commands/index.js';
import { Settings } from '../../server/src/config/settings.js';
import type { Effect } from '../../server/src/keyspace/effect.js';
import type { Entry } from '../../server/src/keyspace/entry.js';
import { Client, type ClientTransport } from '../../server/src/net/client.js';
import type { Reply } from '../../server/src/resp/reply.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { ServerState } from '../../server/src/state/server-state.js';

/** A transport that records pushes instead of writing to a socket. */
export class RecordingTransport implements ClientTransport {
  readonly pushes: Reply[] = [];
  closed = false;
  push(reply: Reply): void {
    this.pushes.push(reply);
  }
  close(): void {
    this.closed = true;
  }
  kill(): void {
    this.closed = true;
  }
  get outputBytes(): number {
    return 0;
  }
  get inputBytes(): number {
    return 0;
  }
}

/** Deterministic randomness for tests (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ExecutorOptions {
  clock?: ManualClock;
  seed?: number;
  role?: 'primary' | 'replica';
  settings?: Record<string, string | number>;
}

export class Executor {
  readonly clock: ManualClock;
  readonly state: ServerState;
  readonly dispatcher: Dispatcher;
  /** Every effect unit the server produced, in order (commands and background expiry). */
  readonly effects: Effect[][] = [];
  readonly client: Client;

  constructor(options: ExecutorOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.state = new ServerState({
      settings: new Settings(options.settings ?? {}),
      clock: this.clock,
      random: seededRandom(options.seed ?? 1),
      role: options.role ?? 'primary',
      effectSink: (effects) => this.effects.push([...effects]),
    });
    this.dispatcher = new Dispatcher(this.state, buildCommandTable());
    this.client = this.newClient();
  }

  newClient(): Client {
    const client = new Client(this.state.allocateClientId(), new RecordingTransport(), '127.0.0.1:50000', '127.0.0.1:6379', this.state.nowMs());
    this.state.clients.set(client.id, client);
    return client;
  }

  /** Run one command as the default client; returns its reply. Effects go to `effects`. */
  run(...argv: (string | number)[]): Reply {
    return this.runAs(this.client, ...argv);
  }

  /**
   * Run one command as `client`. A command that blocks returns BLOCKED; its reply arrives later
   * in `takeServed(client)` (after a command that changes one of its keys, `expireBlocked`, or
   * CLIENT UNBLOCK).
   */
  runAs(client: Client, ...argv: (string | number)[]): Reply {
    const strings = argv.map(String);
    const result = this.dispatcher.execute(client, strings);
    if (result instanceof Suspend) throw new Error(`command ${strings[0]} was suspended`);
    if (result instanceof Blocked) {
      this.registerBlocked(client, result, strings);
      return BLOCKED;
    }
    this.state.commitEffects(result.effects);
    this.state.blocking.serveReady();
    return result.reply;
  }

  /** The replies blocked commands of `client` got since the last call, oldest first. */
  takeServed(client: Client = this.client): Reply[] {
    const replies = this.served.get(client.id) ?? [];
    this.served.delete(client.id);
    return replies;
  }

  /** End the waits whose deadline passed at the clock's current time (the session's timer does this on a server). */
  expireBlocked(): number {
    return this.state.blocking.expireDue(this.state.nowMs());
  }

  private readonly served = new Map<number, Reply[]>();

  private registerBlocked(client: Client, blocked: Blocked, argv: readonly string[]): void {
    const blocking = this.state.blocking;
    const deliver = (result: Execution) => {
      this.state.commitEffects(result.effects);
      const list = this.served.get(client.id) ?? [];
      list.push(result.reply);
      this.served.set(client.id, list);
    };
    const entry = {
      client,
      db: blocked.db,
      request: blocked.request,
      argv: blocked.request.retryArgv ?? argv,
      retry: () => {
        const result = this.dispatcher.retryBlocked(entry);
        if (result instanceof Suspend) throw new Error('a retried command was suspended');
        if (result instanceof Blocked) return;
        blocking.remove(client);
        deliver(result);
      },
      finish: (reply: Reply) => deliver({ reply, effects: [] }),
    };
    blocking.add(entry);
  }

  /** Run the cron's active expiry once at the current clock. */
  activeExpire(keysMax = 1_000_000): number {
    let removed = 0;
    const effects: Effect[] = [];
    this.state.keyspace.now = this.state.nowMs();
    this.state.collectEffects(effects, () => {
      for (const database of this.state.keyspace.databases) removed += database.expireDue(keysMax);
    });
    this.state.commitEffects(effects);
    return removed;
  }
}

export interface DumpedKey {
  type: string;
  value: unknown;
  expireAt: number | null;
}

/** Every key of every database, expired or not, in a canonical comparable form. */
export function dumpKeyspace(state: ServerState): Record<string, Record<string, DumpedKey>> {
  const out: Record<string, Record<string, DumpedKey>> = {};
  for (const database of state.keyspace.databases) {
    const keys: [string, Entry, number | undefined][] = [...database.allEntries()];
    if (keys.length === 0) continue;
    keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const dumped: Record<string, DumpedKey> = {};
    for (const [key, entry, expireAt] of keys) {
      dumped[key] = { type: entry.type, value: canonicalValue(entry), expireAt: expireAt ?? null };
    }
    out[String(database.id)] = dumped;
  }
  return out;
}

function canonicalValue(entry: Entry): unknown {
  return entry.type === 'string' ? entry.value : entry.value.canonical();
}

/**
 * A primary and a replica fed with the primary's effects: after every command the replica's
 * keyspace must equal the primary's. This is the effects check every family's tests use.
 */
export class EffectsPair {
  readonly primary: Executor;
  readonly replica: Executor;
  private applied = 0;
  private readonly applier: Client;

  constructor(options: { seed?: number } = {}) {
    const clock = new ManualClock();
    this.primary = new Executor({ clock, seed: options.seed ?? 1 });
    this.replica = new Executor({ clock, seed: 999, role: 'replica' });
    this.applier = this.replica.newClient();
    this.applier.applier = true;
  }

  get clock(): ManualClock {
    return this.primary.clock;
  }

  /** Run on the primary, apply the new effects to the replica, return the primary's reply. */
  run(...argv: (string | number)[]): Reply {
    const reply = this.primary.run(...argv);
    this.sync();
    return reply;
  }

  /** Apply effects the primary produced since the last sync (also background expiry). */
  sync(): void {
    while (this.applied < this.primary.effects.length) {
      const unit = this.primary.effects[this.applied++] as Effect[];
      this.replica.dispatcher.applyEffects(this.applier, unit);
    }
  }

  /** Both keyspaces, for `expect(a).toEqual(b)`. */
  dumps(): { primary: ReturnType<typeof dumpKeyspace>; replica: ReturnType<typeof dumpKeyspace> } {
    this.sync();
    return { primary: dumpKeyspace(this.primary.state), replica: dumpKeyspace(this.replica.state) };
  }

  /** All effects so far, flattened (to assert on their exact form). */
  allEffects(): Effect[] {
    return this.primary.effects.flat();
  }
}
