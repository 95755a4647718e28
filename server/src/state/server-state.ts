/**
 * Everything one server node holds besides its sockets: the keyspace, settings, clients,
 * subscriptions, WATCH registry, stats, SLOWLOG and client pause. Commands reach it through their
 * context. Clock and randomness are injected.
 */
import { randomBytes } from 'node:crypto';
import type { Execution } from '../commands/dispatch.js';
import type { CommandSpec } from '../commands/spec.js';
import type { Effect } from '../keyspace/effect.js';
import type { ErrorReply, Reply } from '../resp/reply.js';
import { Keyspace } from '../keyspace/keyspace.js';
import type { SnapshotService } from './snapshot-service.js';
import { BlockingRegistry } from './blocking.js';
import type { Client } from '../net/client.js';
import { PubSubHub } from '../pubsub/hub.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from './clock.js';
import type { ReplicationView } from './replication-view.js';
import { Slowlog } from './slowlog.js';
import { ServerStats } from './stats.js';
import { WatchRegistry } from './watches.js';

export type PauseMode = 'write' | 'all';

/** setTimeout fires at once for delays above 2^31-1 ms; longer waits are re-armed in steps. */
const TIMER_DELAY_MS_MAX = 2_147_483_647;

export interface ServerStateOptions {
  settings: Settings;
  clock: Clock;
  /** Uniform in [0, 1). */
  random: () => number;
  /** `primary` runs writes and expires keys; `replica` refuses client writes and never expires keys itself. */
  role?: 'primary' | 'replica';
  /** Receives each command's effects, in execution order (the durable path logs them). */
  effectSink?: (effects: readonly Effect[]) => void;
}

/** What the durable path asks of every command (server/src/durable); absent on an ephemeral server. */
export interface CommitGate {
  /** An error to answer instead of running `spec` (the node is loading or stepping down), or null. */
  refusal(spec: CommandSpec, argv: readonly string[], client: Client): ErrorReply | null;
  /**
   * After a command ran: hands its effects to the log and returns the unit its reply must wait
   * for (0: it may answer at once).
   */
  admit(execution: Execution, argv: readonly string[]): number;
  /** Resolves once unit `seq` is committed; rejects if it never will be acknowledged (the node stepped down). */
  whenCommitted(seq: number): Promise<void>;
  /** Hold the reply of the command being run until `until` settles (WAIT, SAVE): later replies queue behind it. */
  holdReply(reply: Reply, until: Promise<void>): void;
}

export class ServerState {
  readonly keyspace: Keyspace;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly random: () => number;
  readonly stats = new ServerStats();
  readonly slowlog = new Slowlog();
  readonly watches = new WatchRegistry();
  /** Clients blocked on keys (BLPOP, XREAD BLOCK...). */
  readonly blocking = new BlockingRegistry();
  readonly pubsub = new PubSubHub();
  readonly clients = new Map<number, Client>();
  readonly monitors = new Set<Client>();
  readonly startedAtMicros: number;
  readonly runId: string;
  role: 'primary' | 'replica';
  lastSaveSeconds: number;
  /** Told about exceptions thrown by handlers (bugs): the client gets an error, the node logs it. */
  onInternalError: ((error: unknown, argv: readonly string[]) => void) | null = null;
  /** The durable path's hold on replies; null on an ephemeral server. */
  commitGate: CommitGate | null = null;
  /** The durable node's place in replication (ROLE, INFO replication); null on an ephemeral server. */
  replicationView: (() => ReplicationView) | null = null;
  /** The durable node's snapshots (SAVE, BGSAVE, LASTSAVE, INFO persistence); null on an ephemeral server. */
  snapshots: SnapshotService | null = null;
  /** Where the server listens, once it does (INFO server, CLIENT LIST laddr). */
  tcpPort = 0;
  private nextClientId = 1;
  private pause: { mode: PauseMode; untilMs: number; timer: ReturnType<typeof setTimeout> | null } | null = null;
  private pauseWaiters: (() => void)[] = [];
  private effectTarget: Effect[] | null = null;
  private readonly effectSink: (effects: readonly Effect[]) => void;

  constructor(options: ServerStateOptions) {
    this.settings = options.settings;
    this.clock = options.clock;
    this.random = options.random;
    this.role = options.role ?? 'primary';
    this.effectSink = options.effectSink ?? (() => {});
    this.startedAtMicros = options.clock.nowMicros();
    this.lastSaveSeconds = Math.floor(this.startedAtMicros / 1_000_000);
    this.runId = randomBytes(20).toString('hex');
    this.keyspace = new Keyspace({
      databases: options.settings.integer('databases'),
      expiryMode: this.role === 'primary' ? 'primary' : 'replica',
      random: options.random,
      events: {
        keyModified: (db, key) => {
          this.watches.touch(this.keyspace.db(db), key);
          this.blocking.signal(db, key);
        },
        keyExpired: (db, key) => this.recordEffect({ db, argv: ['DEL', key] }),
      },
    });
  }

  nowMs(): number {
    return Math.floor(this.clock.nowMicros() / 1000);
  }

  allocateClientId(): number {
    return this.nextClientId++;
  }

  /**
   * Run `work` with its effects collected into `effects`; background work (active expiry) uses
   * this too, and its effects then go to the sink as one unit.
   */
  collectEffects<T>(effects: Effect[], work: () => T): T {
    const previous = this.effectTarget;
    this.effectTarget = effects;
    try {
      return work();
    } finally {
      this.effectTarget = previous;
    }
  }

  /** Make `effects` the list effects go to; returns the previous one (dispatch restores it). */
  swapEffectTarget(effects: Effect[] | null): Effect[] | null {
    const previous = this.effectTarget;
    this.effectTarget = effects;
    return previous;
  }

  recordEffect(effect: Effect): void {
    if (this.effectTarget === null) {
      this.effectSink([effect]);
    } else {
      this.effectTarget.push(effect);
    }
  }

  /** Hand a finished command's effects to the sink (the log, in the durable server). */
  commitEffects(effects: readonly Effect[]): void {
    if (effects.length > 0) this.effectSink(effects);
  }

  // ---- CLIENT PAUSE -------------------------------------------------------

  pauseClients(mode: PauseMode, untilMs: number): void {
    // A new pause never shortens an existing one, and WRITE never weakens ALL (Redis 7).
    if (this.pause !== null) {
      if (this.pause.mode === 'all') mode = 'all';
      untilMs = Math.max(untilMs, this.pause.untilMs);
      if (this.pause.timer !== null) clearTimeout(this.pause.timer);
    }
    this.pause = { mode, untilMs, timer: this.pauseTimer(untilMs) };
    this.keyspace.expiryMode = 'replica'; // Redis pauses expiry too: expired keys read as missing, none removed
  }

  /** A timer that ends the pause at `untilMs`, re-armed in steps for pauses beyond setTimeout's range. */
  private pauseTimer(untilMs: number): ReturnType<typeof setTimeout> {
    const delay = Math.min(TIMER_DELAY_MS_MAX, Math.max(0, untilMs - this.nowMs()));
    const timer = setTimeout(() => {
      if (this.pause === null) return;
      if (this.nowMs() >= untilMs) this.unpauseClients();
      else this.pause.timer = this.pauseTimer(untilMs);
    }, delay);
    timer.unref?.();
    return timer;
  }

  unpauseClients(): void {
    if (this.pause === null) return;
    if (this.pause.timer !== null) clearTimeout(this.pause.timer);
    this.pause = null;
    this.keyspace.expiryMode = this.role === 'primary' ? 'primary' : 'replica';
    const waiters = this.pauseWaiters;
    this.pauseWaiters = [];
    for (const wake of waiters) wake();
  }

  get pauseMode(): PauseMode | null {
    return this.pause?.mode ?? null;
  }

  /** Resolves when the current pause ends. */
  whenUnpaused(): Promise<void> {
    if (this.pause === null) return Promise.resolve();
    return new Promise((resolve) => this.pauseWaiters.push(resolve));
  }
}
