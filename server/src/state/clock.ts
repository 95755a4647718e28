/** Time, injected: the real clock at the edge, a fake one in tests and the simulator. */
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Wall-clock time in microseconds since the epoch (TIME, expiry, LASTSAVE). */
  nowMicros(): number;
  /** Monotonic microseconds, for durations (command stats, SLOWLOG, timeouts). */
  monotonicMicros(): number;
}

const timeOrigin = performance.timeOrigin;

export const systemClock: Clock = {
  nowMicros: () => Math.floor((timeOrigin + performance.now()) * 1000),
  monotonicMicros: () => Math.floor(performance.now() * 1000),
};

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  constructor(private micros = 1_700_000_000_000_000) {}
  nowMicros(): number {
    return this.micros;
  }
  monotonicMicros(): number {
    return this.micros;
  }
  advanceMs(ms: number): void {
    this.micros += Math.round(ms * 1000);
  }
}
