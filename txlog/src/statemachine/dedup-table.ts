/**
 * The state machine's memory of each session's latest requests, for answering retries and for
 * ordering a session's requests. A session keeps the results of its last `resultsPerSessionMax`
 * requests (a client never has more in flight, so any retry it can still be waiting on is
 * answered from memory). Bounded twice: at most `sessionsMax` sessions and `resultsMax` results
 * together; beyond either, the least recently updated session (by raft index, so the same on
 * every node) is forgotten whole.
 */
import type { AppendResult } from './outcome.js';

/** A remembered decision: committed, or a rejection that fenced the session. */
export type RememberedResult = Extract<AppendResult, { kind: 'committed' }> | (Extract<AppendResult, { kind: 'rejected' }> & { readonly notYet: false });

/** What is remembered of one session. */
export interface SessionMemory {
  /** The last request_seq applied (and remembered). */
  readonly requestSeq: bigint;
  /** Results of requests requestSeq - results.length + 1 .. requestSeq, oldest first (at least one). */
  readonly results: readonly RememberedResult[];
  /** Raft index of the entry that last updated this memory. */
  readonly index: number;
}

/** The remembered result of request `requestSeq` of `memory`'s session; undefined when it is newer than the last or older than the oldest remembered. */
export function rememberedResult(memory: SessionMemory, requestSeq: bigint): RememberedResult | undefined {
  const back = memory.requestSeq - requestSeq;
  if (back < 0n || back >= BigInt(memory.results.length)) return undefined;
  return memory.results[memory.results.length - 1 - Number(back)];
}

/** How many results the table may hold. */
export interface DedupCapacity {
  readonly sessionsMax: number;
  readonly resultsPerSessionMax: number;
  readonly resultsMax: number;
}

interface Session {
  requestSeq: bigint;
  results: RememberedResult[];
  index: number;
}

/** Each session's latest requests, bounded, least recently updated session forgotten first. */
export class DedupTable {
  /** Insertion order is update order: the first key is the least recently updated session. */
  private readonly sessions = new Map<bigint, Session>();
  /** Raft index of the latest update (updates come in index order). */
  private latestIndex = 0;
  private results = 0;

  constructor(private readonly capacity: DedupCapacity) {
    for (const [name, value] of Object.entries(capacity)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new Error(`assertion: dedup ${name} ${value} must be a positive integer`);
    }
    if (capacity.resultsMax < capacity.resultsPerSessionMax) {
      throw new Error(`assertion: dedup resultsMax ${capacity.resultsMax} holds less than one session's ${capacity.resultsPerSessionMax} results`);
    }
  }

  /** Sessions remembered. */
  get size(): number {
    return this.sessions.size;
  }

  /** Results remembered, all sessions together. */
  get resultCount(): number {
    return this.results;
  }

  get(clientId: bigint): SessionMemory | undefined {
    return this.sessions.get(clientId);
  }

  /**
   * Records the result of the session's next request (request_seq one more than its last; any
   * request_seq for a session not remembered), applied at raft index `index`.
   */
  remember(clientId: bigint, requestSeq: bigint, result: RememberedResult, index: number): void {
    this.advanceIndex(index);
    const session = this.sessions.get(clientId);
    if (session === undefined) {
      this.insert(clientId, { requestSeq, results: [result], index });
      return;
    }
    if (requestSeq !== session.requestSeq + 1n) throw new Error(`assertion: session ${clientId} remembers request ${requestSeq} after ${session.requestSeq}`);
    this.sessions.delete(clientId);
    session.requestSeq = requestSeq;
    session.index = index;
    session.results.push(result);
    this.results++;
    if (session.results.length > this.capacity.resultsPerSessionMax) {
      session.results.shift();
      this.results--;
    }
    this.sessions.set(clientId, session);
    this.evict();
  }

  /** Puts back a session as a snapshot kept it (sessions come least recently updated first). */
  restore(clientId: bigint, memory: SessionMemory): void {
    if (this.sessions.has(clientId)) throw new Error(`assertion: session ${clientId} restored twice`);
    if (memory.results.length < 1 || memory.results.length > this.capacity.resultsPerSessionMax) {
      throw new Error(`assertion: session ${clientId} restored with ${memory.results.length} results`);
    }
    this.advanceIndex(memory.index);
    this.insert(clientId, { requestSeq: memory.requestSeq, results: [...memory.results], index: memory.index });
  }

  /** Every session, least recently updated first (the order snapshots keep). */
  entries(): IterableIterator<[bigint, SessionMemory]> {
    return this.sessions.entries();
  }

  private advanceIndex(index: number): void {
    if (index <= this.latestIndex) throw new Error(`assertion: dedup update at index ${index} after ${this.latestIndex}`);
    this.latestIndex = index;
  }

  private insert(clientId: bigint, session: Session): void {
    this.sessions.set(clientId, session);
    this.results += session.results.length;
    this.evict();
  }

  /** Forgets least recently updated sessions until both bounds hold (never the one just updated: it fits alone). */
  private evict(): void {
    while (this.sessions.size > this.capacity.sessionsMax || this.results > this.capacity.resultsMax) {
      const oldest = this.sessions.entries().next();
      if (oldest.done === true) throw new Error('assertion: an over-full dedup table has a first session');
      this.sessions.delete(oldest.value[0]);
      this.results -= oldest.value[1].results.length;
    }
  }
}
