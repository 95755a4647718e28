/**
 * Time for the log client: a monotonic clock, timers and a deferred call. The system's by
 * default; a test passes its own where the timing itself is under test.
 */
import { performance } from 'node:perf_hooks';

/** The clock and timers the client uses. */
export interface Scheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `callback` after `delayMs`; the returned function cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
  /** Calls `callback` once the current I/O callbacks have run (what a group commit waits for). */
  defer(callback: () => void): void;
}

/** Node's clock and timers. */
export const systemScheduler: Scheduler = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
  defer: (callback) => {
    setImmediate(callback);
  },
};
