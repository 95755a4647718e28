/**
 * Per-key hazard tracking on the primary (pure: no clock, no I/O). Every unit of effects handed
 * to the log gets the next sequence number; the log commits them in that order. A key changed by
 * a unit that is not committed yet is dirty until it is: a command that reads it must hold its
 * reply until that commit, while commands on clean keys answer at once. A unit without keys
 * (FLUSHALL, SWAPDB...) makes the whole keyspace dirty until it commits.
 */

/** A key in one database, as the hazard map names it. */
function slot(db: number, key: string): string {
  return `${db}\u0000${key}`;
}

export class HazardTracker {
  /** The sequence number of the last unit handed to the log (0: none yet). */
  private last = 0;
  /** The last sequence number the log committed. */
  private committed = 0;
  /** The latest uncommitted unit that changed each dirty key. */
  private readonly dirty = new Map<string, number>();
  /** Keys to clean when each unit commits. */
  private readonly keysOf = new Map<number, string[]>();
  /** The latest uncommitted unit without keys: everything waits for it. */
  private barrier = 0;

  /** The last sequence number handed out. */
  get lastSeq(): number {
    return this.last;
  }

  /** The last sequence number committed. */
  get committedSeq(): number {
    return this.committed;
  }

  /** Units handed to the log and not committed yet. */
  get uncommitted(): number {
    return this.last - this.committed;
  }

  /** Records a unit that changed `keys` ([db, key] pairs; null: keys unknown, the whole keyspace); returns its sequence number. */
  add(keys: readonly (readonly [number, string])[] | null): number {
    const seq = ++this.last;
    if (keys === null) {
      this.barrier = seq;
      return seq;
    }
    const slots = keys.map(([db, key]) => slot(db, key));
    for (const name of slots) this.dirty.set(name, seq);
    this.keysOf.set(seq, slots);
    return seq;
  }

  /** The log committed every unit up to `seq` (in order). */
  commit(seq: number): void {
    if (seq <= this.committed) return;
    if (seq > this.last) throw new Error(`assertion: commit of unit ${seq} beyond the last handed out (${this.last})`);
    for (let unit = this.committed + 1; unit <= seq; unit++) {
      for (const name of this.keysOf.get(unit) ?? []) if (this.dirty.get(name) === unit) this.dirty.delete(name);
      this.keysOf.delete(unit);
    }
    this.committed = seq;
  }

  /**
   * The unit a reply must wait for before it reads `keys` ([db, key] pairs; null: it reads the
   * whole keyspace), or 0 when it may answer at once.
   */
  waitFor(keys: readonly (readonly [number, string])[] | null): number {
    if (keys === null) return this.last > this.committed ? this.last : 0;
    let wait = this.barrier > this.committed ? this.barrier : 0;
    for (const [db, key] of keys) {
      const seq = this.dirty.get(slot(db, key));
      if (seq !== undefined && seq > wait) wait = seq;
    }
    return wait;
  }

  /** Forget everything (the node stops being primary). */
  reset(): void {
    this.last = 0;
    this.committed = 0;
    this.barrier = 0;
    this.dirty.clear();
    this.keysOf.clear();
  }
}
