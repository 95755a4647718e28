/**
 * Background work on a timer (Redis's serverCron): active expiry in bounded slices, closing idle
 * clients. It lives at the edge: it reads the clock and schedules; the keyspace stays pure.
 */
import type { Database } from '../keyspace/database.js';
import type { Effect } from '../keyspace/effect.js';
import type { ServerState } from './server-state.js';

/** Expiry queue entries examined per slice of the active expiry cycle before the clock is checked again. */
const EXPIRE_SLICE_KEYS = 200;
/** Slices one cycle may run in one database, whatever the clock says (a clock that stands still in tests). */
const EXPIRE_SLICES_PER_CYCLE_MAX = 10_000;
/** Share of each tick the active expiry cycle may use before it yields to clients (Redis: 25%). */
const EXPIRE_TIME_SHARE = 0.25;
/** Time a continuation of the cycle (keys still due after a tick) may use per event-loop turn (Redis's fast cycle: 1 ms). */
const EXPIRE_CONTINUATION_MICROS = 1000;

export class Cron {
  private timer: ReturnType<typeof setInterval> | null = null;
  private continuation: ReturnType<typeof setImmediate> | null = null;
  private hz = 0;

  constructor(private readonly server: ServerState) {}

  start(): void {
    this.reschedule();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.continuation !== null) clearImmediate(this.continuation);
    this.timer = null;
    this.continuation = null;
  }

  /** One tick: the work of a serverCron call. Public for tests. */
  tick(): void {
    if (this.server.settings.integer('hz') !== this.hz) this.reschedule();
    this.expireCycle();
    this.closeIdleClients();
    this.server.stats.sampleRates(this.server.nowMs());
  }

  /**
   * Remove due keys, earliest first, in slices of EXPIRE_SLICE_KEYS queue entries (each slice's
   * DELs are one unit of effects) for at most `budgetMicros` (by default a share of the tick); if
   * keys are still due, continue in short turns of the event loop so clients are served in between.
   */
  expireCycle(budgetMicros = (1_000_000 / this.server.settings.integer('hz')) * EXPIRE_TIME_SHARE): void {
    const server = this.server;
    if (server.keyspace.expiryMode !== 'primary') return;
    const started = server.clock.monotonicMicros();
    let pending = false;
    for (const database of server.keyspace.databases) {
      server.keyspace.now = server.nowMs();
      for (let slices = 0; slices < EXPIRE_SLICES_PER_CYCLE_MAX && database.hasDueExpiry(); slices++) {
        this.expireSlice(database);
        if (server.clock.monotonicMicros() - started > budgetMicros) break;
      }
      if (database.hasDueExpiry()) pending = true;
    }
    if (pending && this.continuation === null && this.timer !== null) {
      this.continuation = setImmediate(() => {
        this.continuation = null;
        this.expireCycle(EXPIRE_CONTINUATION_MICROS);
      });
    }
  }

  /** One slice of active expiry in one database, committed as one unit of effects. */
  private expireSlice(database: Database): void {
    const effects: Effect[] = [];
    this.server.collectEffects(effects, () => database.expireDue(EXPIRE_SLICE_KEYS));
    this.server.commitEffects(effects);
  }

  private closeIdleClients(): void {
    const timeoutSeconds = this.server.settings.integer('timeout');
    if (timeoutSeconds === 0) return;
    const now = this.server.nowMs();
    for (const client of this.server.clients.values()) {
      if (client.subscriptionCount > 0 || client.monitor || client.applier || client.blocked) continue;
      if (now - client.lastInteractionAt > timeoutSeconds * 1000) client.transport.close();
    }
  }

  private reschedule(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.hz = this.server.settings.integer('hz');
    this.timer = setInterval(() => this.tick(), Math.max(1, Math.round(1000 / this.hz)));
    this.timer.unref?.();
  }
}
