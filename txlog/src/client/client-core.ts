/**
 * What the log client's parts share: the node pool, the leader tracker, the settings, and the
 * loop that runs a call against the leader until it gets an answer or its deadline passes
 * (finding the leader, following NotLeader hints, backing off between retries).
 */
import { status } from '@grpc/grpc-js';
import { Backoff } from './backoff.js';
import { LeaderTracker } from './leader-tracker.js';
import { NodePool } from './node-pool.js';
import { type ClientSettings, resolveClientSettings, type TxlogClientOptions } from './settings.js';

/** What one attempt against the leader came to. */
export type LeaderAttempt<T> =
  /** An answer to hand back. */
  | { readonly kind: 'done'; readonly value: T }
  /** No usable answer (transport failure, timeout, a retryable status): forget the leader, back off, retry. */
  | { readonly kind: 'failed'; readonly reason: string }
  /** The node is not the leader; `hint` is the leader's address, '' when it knows none. */
  | { readonly kind: 'notLeader'; readonly hint: string };

/** The answer, or why there is none (the deadline passed, the caller stopped, the client closed). */
export type LeaderCallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Hint hops followed one after the other without backing off (a leader change moves one hop). */
const HINT_HOPS_WITHOUT_BACKOFF = 2;

/** gRPC statuses after which retrying the same call cannot help. */
const FINAL_CODES: ReadonlySet<status> = new Set([
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.PERMISSION_DENIED,
  status.OUT_OF_RANGE,
  status.UNIMPLEMENTED,
  status.DATA_LOSS,
  status.UNAUTHENTICATED,
]);

/** True when a call that failed with `code` may succeed if tried again (on the same or another node). */
export function isRetryable(code: status): boolean {
  return !FINAL_CODES.has(code);
}

export class ClientCore {
  readonly settings: ClientSettings;
  readonly pool: NodePool;
  readonly leaders: LeaderTracker;
  /** Wake-ups of sleeping retry loops, called at close so nothing waits for a timer. */
  private readonly sleepers = new Set<() => void>();

  constructor(addresses: readonly string[], options: TxlogClientOptions) {
    this.settings = resolveClientSettings(options);
    this.pool = new NodePool(addresses);
    this.leaders = new LeaderTracker(this.pool, this.settings);
  }

  /** True once the client was closed. */
  get closed(): boolean {
    return this.pool.closed;
  }

  /** The clock reading `timeoutMs` from now. */
  deadlineIn(timeoutMs: number): number {
    return this.settings.scheduler.now() + timeoutMs;
  }

  /** Waits `ms` (cut short when the client closes). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let cancel: () => void = () => undefined;
      const wake = (): void => {
        this.sleepers.delete(wake);
        cancel();
        resolve();
      };
      this.sleepers.add(wake);
      cancel = this.settings.scheduler.setTimer(wake, ms);
    });
  }

  /** A backoff with the client's bounds. */
  backoff(): Backoff {
    return new Backoff(this.settings.backoffMinMs, this.settings.backoffMaxMs, this.settings.random);
  }

  /**
   * Runs `attempt` against the leader until it is done, `deadline` passes, `stopped()` turns true
   * or the client closes. Each attempt gets at most attemptTimeoutMs and never outlives the deadline.
   */
  async callLeader<T>(
    deadline: number,
    attempt: (address: string, timeoutMs: number) => Promise<LeaderAttempt<T>>,
    stopped: () => boolean = () => false,
  ): Promise<LeaderCallResult<T>> {
    const { scheduler, attemptTimeoutMs } = this.settings;
    const backoff = this.backoff();
    let lastProblem = 'no node answered';
    let hops = 0;
    for (;;) {
      if (this.closed) return { ok: false, reason: 'the log client was closed' };
      if (stopped()) return { ok: false, reason: 'stopped' };
      const remaining = deadline - scheduler.now();
      if (remaining <= 0) return { ok: false, reason: `no answer before the deadline (last problem: ${lastProblem})` };
      const address = await this.leaders.find(deadline);
      if (this.closed || stopped()) continue;
      if (address === undefined) {
        lastProblem = 'no node is or knows the leader';
        await this.sleep(Math.min(backoff.next(), Math.max(0, deadline - scheduler.now())));
        continue;
      }
      const result = await attempt(address, Math.max(1, Math.min(attemptTimeoutMs, deadline - scheduler.now())));
      switch (result.kind) {
        case 'done':
          return { ok: true, value: result.value };
        case 'failed':
          lastProblem = `${address}: ${result.reason}`;
          this.leaders.failed(address);
          hops = 0;
          break;
        case 'notLeader':
          lastProblem = `${address} is not the leader`;
          if (this.leaders.notLeader(address, result.hint) && hops < HINT_HOPS_WITHOUT_BACKOFF) {
            hops++;
            continue;
          }
          hops = 0;
          break;
      }
      await this.sleep(Math.min(backoff.next(), Math.max(0, deadline - scheduler.now())));
    }
  }

  /** Cancels every call in progress, wakes every retry loop (they then give up) and closes the connections. */
  close(): void {
    this.pool.close();
    for (const wake of [...this.sleepers]) wake();
  }
}
