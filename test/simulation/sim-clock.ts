/**
 * A participant's own clock: it runs at a fixed rate relative to global time from an offset, so
 * `local = offset + rate * global`, read in whole milliseconds (monotonic, as the lease keeper
 * assumes). Global instants of local readings can be computed back for invariant checks.
 */
export class SimClock {
  constructor(
    private readonly global: () => number,
    /** Local ms per global ms. */
    readonly rate: number,
    /** Local reading at global time 0. */
    readonly offset: number,
  ) {
    if (!(rate > 0)) throw new Error(`assertion: clock rate ${rate} must be positive`);
  }

  /** The local time now, in whole ms. */
  now(): number {
    return Math.floor(this.offset + this.rate * this.global());
  }

  /** The earliest global time at which now() reads at least `local`. */
  globalAt(local: number): number {
    return (local - this.offset) / this.rate;
  }
}
