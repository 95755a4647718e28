/** Items that event handlers deliver, and a promise for when enough of them have arrived. */
export class Collector<T> {
  readonly items: T[] = [];
  private waiter: { count: number; resolve: () => void } | null = null;

  /** Add one item (pass as an event handler: `on('message', collector.push)`). */
  readonly push = (item: T): void => {
    this.items.push(item);
    if (this.waiter !== null && this.items.length >= this.waiter.count) {
      this.waiter.resolve();
      this.waiter = null;
    }
  };

  /** Resolves with the items once `count` have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 10_000): Promise<T[]> {
    if (this.items.length >= count) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`got ${this.items.length} of ${count}`));
      }, timeoutMs);
      this.waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.items);
        },
      };
    });
  }
}
