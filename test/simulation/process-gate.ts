/**
 * A simulated process's ability to run: while it is stalled (a long GC pause, a blocked event
 * loop) nothing of it runs; timers that fire and answers that arrive wait, and run in order when
 * the stall ends. Its clock keeps running meanwhile.
 */
export class ProcessGate {
  private waiting: (() => void)[] | null = null;

  /** True while stalled. */
  get stalled(): boolean {
    return this.waiting !== null;
  }

  /** Run `work` now, or when the stall ends. */
  run(work: () => void): void {
    if (this.waiting !== null) this.waiting.push(work);
    else work();
  }

  /** Stall now; `schedule` arranges for the returned resume function to be called when the stall ends. */
  stall(schedule: (resume: () => void) => void): void {
    if (this.waiting !== null) return;
    this.waiting = [];
    schedule(() => {
      const work = this.waiting ?? [];
      this.waiting = null;
      for (const run of work) run();
    });
  }
}
