/**
 * A min-heap of (expiry time, key) used by the active expiry cycle to find due keys in order.
 * Invalidation is lazy: a popped pair counts only if the database still has that exact expiry for
 * that key, and the heap is rebuilt when stale pairs outnumber live ones.
 */
export class ExpiryQueue {
  private times: number[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(at: number, key: string): void {
    this.times.push(at);
    this.keys.push(key);
    this.up(this.times.length - 1);
  }

  /** Earliest time in the queue, or Infinity when empty. */
  peekTime(): number {
    return this.times.length === 0 ? Infinity : (this.times[0] as number);
  }

  /** Remove and return the earliest pair; the queue must not be empty. */
  pop(): { at: number; key: string } {
    const at = this.times[0] as number;
    const key = this.keys[0] as string;
    const lastTime = this.times.pop() as number;
    const lastKey = this.keys.pop() as string;
    if (this.times.length > 0) {
      this.times[0] = lastTime;
      this.keys[0] = lastKey;
      this.down(0);
    }
    return { at, key };
  }

  /** Replace the contents with exactly these pairs (compaction). */
  rebuild(pairs: Iterable<[string, number]>): void {
    this.times = [];
    this.keys = [];
    for (const [key, at] of pairs) {
      this.times.push(at);
      this.keys.push(key);
    }
    for (let index = (this.times.length >> 1) - 1; index >= 0; index--) this.down(index);
  }

  clear(): void {
    this.times = [];
    this.keys = [];
  }

  private up(index: number): void {
    const times = this.times;
    const keys = this.keys;
    const time = times[index] as number;
    const key = keys[index] as string;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= time) break;
      times[index] = parentTime;
      keys[index] = keys[parent] as string;
      index = parent;
    }
    times[index] = time;
    keys[index] = key;
  }

  private down(index: number): void {
    const times = this.times;
    const keys = this.keys;
    const length = times.length;
    const time = times[index] as number;
    const key = keys[index] as string;
    while (true) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (times[right] as number) < (times[left] as number) ? right : left;
      const childTime = times[child] as number;
      if (childTime >= time) break;
      times[index] = childTime;
      keys[index] = keys[child] as string;
      index = child;
    }
    times[index] = time;
    keys[index] = key;
  }
}
