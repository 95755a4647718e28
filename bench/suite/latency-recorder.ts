/** Latencies of one run in an HdrHistogram (microseconds, 3 significant digits), reported in ms. */
import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencyPercentiles } from './results.js';

export class LatencyRecorder {
  private readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 3, useWebAssembly: false });

  /** Records `count` operations that each took `latencyMs`. */
  record(latencyMs: number, count: number): void {
    this.histogram.recordValueWithCount(Math.max(1, Math.round(latencyMs * 1000)), count);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentiles(): LatencyPercentiles {
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / 1000;
    return { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: this.histogram.maxValue / 1000 };
  }

  destroy(): void {
    this.histogram.destroy();
  }
}
