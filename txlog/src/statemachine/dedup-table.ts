/**
 * The state machine's memory of each session's last request, for answering retries and for
 * ordering a session's requests. At most `capacity` sessions; the least recently updated one (by
 * raft index, so the same on every node) is forgotten first.
 */
import type { AppendResult } from './outcome.js';

/** A remembered decision: committed, or a rejection that fenced the session. */
export type RememberedResult = Extract<AppendResult, { kind: 'committed' }> | (Extract<AppendResult, { kind: 'rejected' }> & { readonly notYet: false });

/** What is remembered of one session. */
export interface SessionMemory {
  readonly requestSeq: bigint;
  readonly result: RememberedResult;
  /** Raft index of the entry that last updated this memory. */
  readonly index: number;
}

/** Each session's last remembered request, bounded, least recently updated forgotten first. */
export class DedupTable {
  /** Insertion order is update order: the first key is the least recently updated session. */
  private readonly sessions = new Map<bigint, SessionMemory>();
  /** Raft index of the latest update (updates come in index order). */
  private latestIndex = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`assertion: dedup capacity ${capacity} must be a positive integer`);
  }

  get size(): number {
    return this.sessions.size;
  }

  get(clientId: bigint): SessionMemory | undefined {
    return this.sessions.get(clientId);
  }

  /** Records the session's latest request; forgets the least recently updated session beyond capacity. */
  remember(clientId: bigint, memory: SessionMemory): void {
    if (memory.index <= this.latestIndex) throw new Error(`assertion: dedup update at index ${memory.index} after ${this.latestIndex}`);
    this.latestIndex = memory.index;
    this.sessions.delete(clientId);
    this.sessions.set(clientId, memory);
    if (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next();
      if (oldest.done === true) throw new Error('assertion: a full dedup table has a first session');
      this.sessions.delete(oldest.value);
    }
  }

  /** Every session, least recently updated first (the order snapshots keep). */
  entries(): IterableIterator<[bigint, SessionMemory]> {
    return this.sessions.entries();
  }
}
