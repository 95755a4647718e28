/**
 * Where the retained records live, and who wrote them: for each accepted batch, the raft index of
 * the entry that holds it, the id of its first record (a batch's count is the next batch's first
 * id minus its own) and its writer (client_id, request_seq). Parallel arrays with a moving head,
 * so trimming from the front is cheap. Writers are kept as runs: consecutive batches of one
 * session with consecutive request_seqs (a pipelining writer's usual output) share one run.
 */

/** One accepted batch: the entry at `raftIndex` holds records firstId..firstId+count-1. */
export interface TailBatch {
  readonly raftIndex: number;
  readonly firstId: number;
  readonly count: number;
}

/** The request a batch came from. */
export interface BatchWriter {
  readonly clientId: bigint;
  readonly requestSeq: bigint;
}

/** A retained batch and its writer, as snapshots keep it. */
export type RetainedBatch = readonly [raftIndex: number, firstId: number, clientId: bigint, requestSeq: bigint];

/** Dropped head slots are reclaimed once there are this many of them and they are half the arrays. */
const RECLAIM_SLOTS_MIN = 1024;

/** The retained batches in id order (see the file comment). */
export class BatchIndex {
  private readonly raftIndexes: number[] = [];
  private readonly firstIds: number[] = [];
  /** Slots before `head` are trimmed. */
  private head = 0;
  /** Writer runs: the slot of a run's first batch, its session, and the request_seq of its first batch. */
  private readonly runStarts: number[] = [];
  private readonly runClients: bigint[] = [];
  private readonly runSeqs: bigint[] = [];
  /** Runs before `runHead` hold only trimmed slots. */
  private runHead = 0;

  /** `nextId`: the id the next accepted record gets (last accepted id + 1). */
  constructor(private nextId: number) {
    if (!Number.isSafeInteger(nextId) || nextId < 1) throw new Error(`assertion: next id ${nextId} must be a positive integer`);
  }

  /** Batches held. */
  get length(): number {
    return this.firstIds.length - this.head;
  }

  /** Records the batch the entry at `raftIndex` was given: ids firstId..firstId+count-1, written by `writer`. */
  add(raftIndex: number, firstId: number, count: number, writer: BatchWriter): void {
    if (firstId !== this.nextId) throw new Error(`assertion: batch starts at id ${firstId}, expected ${this.nextId}`);
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`assertion: batch of ${count} records`);
    if (writer.requestSeq < 1n) throw new Error(`assertion: a batch written by request_seq ${writer.requestSeq}`);
    const lastRaftIndex = this.raftIndexes[this.raftIndexes.length - 1];
    if (lastRaftIndex !== undefined && raftIndex <= lastRaftIndex) {
      throw new Error(`assertion: batch at raft index ${raftIndex} after ${lastRaftIndex}`);
    }
    const nextId = firstId + count;
    if (!Number.isSafeInteger(nextId)) throw new Error('assertion: record ids stay below 2^53');
    const slot = this.firstIds.length;
    this.raftIndexes.push(raftIndex);
    this.firstIds.push(firstId);
    this.nextId = nextId;
    const lastRun = this.runStarts.length - 1;
    const continuesRun =
      lastRun >= this.runHead &&
      this.runClients[lastRun] === writer.clientId &&
      (this.runSeqs[lastRun] as bigint) + BigInt(slot - (this.runStarts[lastRun] as number)) === writer.requestSeq;
    if (!continuesRun) {
      this.runStarts.push(slot);
      this.runClients.push(writer.clientId);
      this.runSeqs.push(writer.requestSeq);
    }
  }

  /** Drops the batches whose records are all below `id`. */
  trimBelow(id: number): void {
    while (this.head < this.firstIds.length && this.endOf(this.head) <= id) this.head++;
    while (this.runHead + 1 < this.runStarts.length && (this.runStarts[this.runHead + 1] as number) <= this.head) this.runHead++;
    if (this.head >= RECLAIM_SLOTS_MIN && this.head * 2 >= this.firstIds.length) this.reclaim();
  }

  /** Up to `batchesMax` batches in id order, from the one holding `fromId` (or the first one, if fromId is below it). */
  from(fromId: number, batchesMax: number): TailBatch[] {
    const batches: TailBatch[] = [];
    for (let slot = this.slotOfId(fromId); slot < this.firstIds.length && batches.length < batchesMax; slot++) {
      batches.push(this.batchAt(slot));
    }
    return batches;
  }

  /** The retained batch holding record `id`, with its writer; undefined when no retained batch holds it (trimmed, or beyond the chain). */
  holding(id: number): (TailBatch & BatchWriter) | undefined {
    const slot = this.slotOfId(id);
    if (slot >= this.firstIds.length || (this.firstIds[slot] as number) > id) return undefined;
    return { ...this.batchAt(slot), ...this.writerAt(slot) };
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

  /** Every retained batch with its writer, in order (what snapshots keep). */
  *retained(): IterableIterator<RetainedBatch> {
    let run = this.runHead;
    for (let slot = this.head; slot < this.firstIds.length; slot++) {
      while (run + 1 < this.runStarts.length && (this.runStarts[run + 1] as number) <= slot) run++;
      const seq = (this.runSeqs[run] as bigint) + BigInt(slot - (this.runStarts[run] as number));
      yield [this.raftIndexes[slot] as number, this.firstIds[slot] as number, this.runClients[run] as bigint, seq];
    }
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

  /** The writer of the batch in a retained `slot`: the last run starting at or before it. */
  private writerAt(slot: number): BatchWriter {
    let low = this.runHead;
    let high = this.runStarts.length;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if ((this.runStarts[middle] as number) <= slot) low = middle;
      else high = middle;
    }
    const start = this.runStarts[low];
    if (start === undefined || start > slot) throw new Error(`assertion: no writer run holds batch slot ${slot}`);
    return { clientId: this.runClients[low] as bigint, requestSeq: (this.runSeqs[low] as bigint) + BigInt(slot - start) };
  }

  /** Frees the trimmed slots and runs, renumbering the slots from 0. */
  private reclaim(): void {
    const shift = this.head;
    this.raftIndexes.splice(0, shift);
    this.firstIds.splice(0, shift);
    this.head = 0;
    this.runStarts.splice(0, this.runHead);
    this.runClients.splice(0, this.runHead);
    this.runSeqs.splice(0, this.runHead);
    this.runHead = 0;
    for (let run = 0; run < this.runStarts.length; run++) {
      const start = (this.runStarts[run] as number) - shift;
      // A run that began among the freed slots now begins at slot 0, with the request_seq of that batch.
      if (start < 0) this.runSeqs[run] = (this.runSeqs[run] as bigint) + BigInt(-start);
      this.runStarts[run] = Math.max(0, start);
    }
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
