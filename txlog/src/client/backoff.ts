/** Exponential backoff with jitter between retries, bounded above. */

export class Backoff {
  private attempts = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    /** Uniform in [0, 1). */
    private readonly random: () => number,
  ) {
    if (!(minMs > 0 && maxMs >= minMs)) throw new Error(`assertion: backoff bounds ${minMs}..${maxMs} ms are not 0 < min <= max`);
  }

  /** The next wait: minMs doubled per attempt up to maxMs, then a random point in its upper half. */
  next(): number {
    const base = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempts, 30));
    this.attempts++;
    return base / 2 + (this.random() * base) / 2;
  }

  /** Start again from minMs (after a success). */
  reset(): void {
    this.attempts = 0;
  }
}
