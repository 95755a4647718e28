/**
 * Instantaneous rates for INFO (instantaneous_ops_per_sec, _input_kbps, _output_kbps), as Redis
 * computes them: a counter is sampled about every 100 ms and the rate is the mean of the last
 * 16 per-second readings.
 */

/** Readings averaged (Redis STATS_METRIC_SAMPLES). */
const SAMPLES = 16;
/** Time between readings (Redis samples in serverCron every 100 ms). */
export const SAMPLE_INTERVAL_MS = 100;

export class InstantaneousRate {
  private readonly perSecond = new Array<number>(SAMPLES).fill(0);
  private index = 0;
  private lastTimeMs = -1;
  private lastCount = 0;

  /** Take a reading of the counter at `nowMs`. */
  sample(nowMs: number, count: number): void {
    if (this.lastTimeMs >= 0) {
      const elapsed = nowMs - this.lastTimeMs;
      this.perSecond[this.index] = elapsed > 0 ? Math.floor(((count - this.lastCount) * 1000) / elapsed) : 0;
      this.index = (this.index + 1) % SAMPLES;
    }
    this.lastTimeMs = nowMs;
    this.lastCount = count;
  }

  /** True when a reading is due at `nowMs`. */
  due(nowMs: number): boolean {
    return this.lastTimeMs < 0 || nowMs - this.lastTimeMs >= SAMPLE_INTERVAL_MS;
  }

  /** The mean of the recent readings, per second. */
  get rate(): number {
    let sum = 0;
    for (const value of this.perSecond) sum += value;
    return sum / SAMPLES;
  }
}
