/**
 * Background work on a timer (Redis's serverCron): active expiry in bounded slices, closing idle
 * clients. It lives at the edge: it reads the clock and schedules; the keyspace stays pure.
 */
import type { Effect } from '../keyspace/effect.js';
import type { ServerState } from './server-state.js';

/** Keys removed per slice of the active expiry cycle before the clock is checked again. */
const EXPIRE_SLICE_KEYS = 200;
/** Share of each tick the active expiry cycle may use before it yields to clients (Redis: 25%). */
const EXPIRE_TIME_SHARE = 0.25;

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
  }

  /**
   * Remove due keys, earliest first, for at most a share of the tick; if keys are still due,
   * continue on the next turn of the event loop so clients are served in between.
   */
  expireCycle(): void {
    const server = this.server;
    if (server.keyspace.expiryMode !== 'primary') return;
    const budgetMicros = (1_000_000 / this.server.settings.integer('hz')) * EXPIRE_TIME_SHARE;
    const started = server.clock.monotonicMicros();
    let pending = false;
    for (const database of server.keyspace.databases) {
      const effects: Effect[] = [];
      server.keyspace.now = server.nowMs();
      server.collectEffects(effects, () => {
        while (database.expireDue(EXPIRE_SLICE_KEYS) === EXPIRE_SLICE_KEYS) {
          if (server.clock.monotonicMicros() - started > budgetMicros) break;
        }
      });
      server.commitEffects(effects);
      if (database.hasDueExpiry()) pending = true;
    }
    if (pending && this.continuation === null && this.timer !== null) {
      this.continuation = setImmediate(() => {
        this.continuation = null;
        this.expireCycle();
      });
    }
  }

  private closeIdleClients(): void {
    const timeoutSeconds = this.server.settings.integer('timeout');
    if (timeoutSeconds === 0) return;
    const now = this.server.nowMs();
    for (const client of this.server.clients.values()) {
      if (client.subscriptionCount > 0 || client.monitor || client.applier) continue;
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
