/**
 * Calls waiting for their proposal to apply (Append and Trim), keyed by the Raft index the
 * leader gave the proposal. When the entry at that index applies, the call gets the state
 * machine's outcome if the entry is the one proposed (same term); otherwise the proposal was
 * lost in a change of leader and the call is told so (the client retries; a retried Append is
 * answered from dedup memory). Bounded per client and in total.
 */
import type { ApplyOutcome } from '../statemachine/outcome.js';

/** The outcome of the proposed entry, or null when the proposal was lost (answer NotLeader: retry). */
export type ProposalAnswer = (outcome: ApplyOutcome | null) => void;

interface Waiter {
  readonly term: number;
  /** The Append's client_id; null for calls that are not counted per client (Trim). */
  readonly clientId: bigint | null;
  readonly answer: ProposalAnswer;
}

/** Which bound a new call would break. */
export type WaiterRefusal = 'client' | 'total';

/**
 * The waiting calls of one node. A call first reserves its place (when it arrives, so the
 * bounds hold while proposals queue for the driver's next turn), then either waits at the index
 * its proposal got or gives the place back.
 */
export class ProposalWaiters {
  private readonly byIndex = new Map<number, Waiter>();
  /** Reserved places and waiters per client. */
  private readonly perClient = new Map<bigint, number>();
  /** Reserved places and waiters, all clients together. */
  private total = 0;

  constructor(
    private readonly perClientMax: number,
    private readonly totalMax: number,
  ) {}

  /** Calls holding a place (reserved or waiting). */
  get size(): number {
    return this.total;
  }

  /** Take a place for one more call of `clientId` (null: not counted per client), or say which bound it would break. */
  reserve(clientId: bigint | null): WaiterRefusal | null {
    const ofClient = clientId === null ? 0 : (this.perClient.get(clientId) ?? 0);
    if (ofClient >= this.perClientMax) return 'client';
    if (this.total >= this.totalMax) return 'total';
    this.total++;
    if (clientId !== null) this.perClient.set(clientId, ofClient + 1);
    return null;
  }

  /** Give back a reserved place (the proposal was refused). */
  release(clientId: bigint | null): void {
    if (this.total <= this.byIndex.size) throw new Error('assertion: release without a reservation');
    this.total--;
    if (clientId === null) return;
    const count = (this.perClient.get(clientId) ?? 0) - 1;
    if (count < 0) throw new Error(`assertion: client ${clientId} released more places than it reserved`);
    if (count === 0) this.perClient.delete(clientId);
    else this.perClient.set(clientId, count);
  }

  /** Turn a reservation into a wait for the entry proposed at (index, term). */
  add(index: number, term: number, clientId: bigint | null, answer: ProposalAnswer): void {
    if (this.byIndex.has(index)) throw new Error(`assertion: two proposals wait at index ${index}`);
    if (this.total <= this.byIndex.size) throw new Error('assertion: a waiter without a reservation');
    this.byIndex.set(index, { term, clientId, answer });
  }

  /** The entry at (index, term) applied with `outcome`. */
  applied(index: number, term: number, outcome: ApplyOutcome): void {
    const waiter = this.take(index);
    if (waiter !== undefined) waiter.answer(waiter.term === term ? outcome : null);
  }

  /** Answer every waiting call as lost (this node stopped leading, or is stopping). */
  loseAll(): void {
    for (const index of [...this.byIndex.keys()]) this.take(index)?.answer(null);
  }

  private take(index: number): Waiter | undefined {
    const waiter = this.byIndex.get(index);
    if (waiter === undefined) return undefined;
    this.byIndex.delete(index);
    this.release(waiter.clientId);
    return waiter;
  }
}
