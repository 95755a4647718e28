/**
 * Where the retained records live: for each accepted batch, the raft index of the entry that
 * holds it and the id of its first record (a batch's count is the next batch's first id minus
 * its own). Two parallel arrays with a moving head, so trimming from the front is cheap.
 */

/** One accepted batch: the entry at `raftIndex` holds records firstId..firstId+count-1. */
export interface TailBatch {
  readonly raftIndex: number;
  readonly firstId: number;
  readonly count: number;
}

/** Dropped head slots are reclaimed once there are this many of them and they are half the arrays. */
const RECLAIM_SLOTS_MIN = 1024;

/** The retained batches in id order (see the file comment). */
export class BatchIndex {
  private readonly raftIndexes: number[] = [];
  private readonly firstIds: number[] = [];
  /** Slots before `head` are trimmed. */
  private head = 0;

  /** `nextId`: the id the next accepted record gets (last accepted id + 1). */
  constructor(private nextId: number) {
    if (!Number.isSafeInteger(nextId) || nextId < 1) throw new Error(`assertion: next id ${nextId} must be a positive integer`);
  }

  /** Batches held. */
  get length(): number {
    return this.firstIds.length - this.head;
  }

  /** Records the batch the entry at `raftIndex` was given: ids firstId..firstId+count-1. */
  add(raftIndex: number, firstId: number, count: number): void {
    if (firstId !== this.nextId) throw new Error(`assertion: batch starts at id ${firstId}, expected ${this.nextId}`);
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`assertion: batch of ${count} records`);
    const lastRaftIndex = this.raftIndexes[this.raftIndexes.length - 1];
    if (lastRaftIndex !== undefined && raftIndex <= lastRaftIndex) {
      throw new Error(`assertion: batch at raft index ${raftIndex} after ${lastRaftIndex}`);
    }
    const nextId = firstId + count;
    if (!Number.isSafeInteger(nextId)) throw new Error('assertion: record ids stay below 2^53');
    this.raftIndexes.push(raftIndex);
    this.firstIds.push(firstId);
    this.nextId = nextId;
  }

  /** Drops the batches whose records are all below `id`. */
  trimBelow(id: number): void {
    while (this.head < this.firstIds.length && this.endOf(this.head) <= id) this.head++;
    if (this.head >= RECLAIM_SLOTS_MIN && this.head * 2 >= this.firstIds.length) {
      this.raftIndexes.splice(0, this.head);
      this.firstIds.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Up to `batchesMax` batches in id order, from the one holding `fromId` (or the first one, if fromId is below it). */
  from(fromId: number, batchesMax: number): TailBatch[] {
    const batches: TailBatch[] = [];
    for (let slot = this.slotOfId(fromId); slot < this.firstIds.length && batches.length < batchesMax; slot++) {
      batches.push(this.batchAt(slot));
    }
    return batches;
  }

  /** The batch held by the entry at `raftIndex`, if that entry holds a retained batch. */
  atRaftIndex(raftIndex: number): TailBatch | undefined {
    let low = this.head;
    let high = this.raftIndexes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.raftIndexes[middle] as number) < raftIndex) low = middle + 1;
      else high = middle;
    }
    return this.raftIndexes[low] === raftIndex ? this.batchAt(low) : undefined;
  }

  /** Raft index of the entry holding the first retained batch. */
  firstRaftIndex(): number | undefined {
    return this.raftIndexes[this.head];
  }

  /** Every batch as (raftIndex, firstId), in order (what snapshots keep). */
  *pairs(): IterableIterator<readonly [number, number]> {
    for (let slot = this.head; slot < this.firstIds.length; slot++) yield [this.raftIndexes[slot] as number, this.firstIds[slot] as number];
  }

  /** The first slot whose batch ends after `id` (the one holding it, when held). */
  private slotOfId(id: number): number {
    let low = this.head;
    let high = this.firstIds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.endOf(middle) <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private batchAt(slot: number): TailBatch {
    const firstId = this.firstIds[slot] as number;
    return { raftIndex: this.raftIndexes[slot] as number, firstId, count: this.endOf(slot) - firstId };
  }

  /** One past the last id of the batch in `slot`. */
  private endOf(slot: number): number {
    return this.firstIds[slot + 1] ?? this.nextId;
  }
}
