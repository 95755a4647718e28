/** A scheduler for tests whose clock moves only when the test fires the next timer. */
import type { Scheduler } from '../../../txlog/src/client/scheduler.js';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class ManualScheduler implements Scheduler {
  private time = 0;
  private timers: Timer[] = [];
  private waiters: Array<() => void> = [];

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delayMs: number): () => void {
    const timer: Timer = { at: this.time + delayMs, callback, cancelled: false };
    this.timers.push(timer);
    for (const wake of this.waiters.splice(0)) wake();
    return () => {
      timer.cancelled = true;
    };
  }

  defer(callback: () => void): void {
    setImmediate(callback);
  }

  /** Resolves once a timer is pending. */
  whenTimerPending(): Promise<void> {
    if (this.pending().length > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Moves the clock to the earliest pending timer and fires it. */
  fireNext(): void {
    const [next] = this.pending().sort((a, b) => a.at - b.at);
    if (next === undefined) throw new Error('no timer is pending');
    this.time = Math.max(this.time, next.at);
    next.cancelled = true;
    next.callback();
  }

  private pending(): Timer[] {
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    return [...this.timers];
  }
}
