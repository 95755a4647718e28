/**
 * The leader's view of one follower (etcd's tracker.Progress): what it has (match), what to send
 * next, and how much is in flight. Flow control bounds unacknowledged messages and bytes.
 *
 *   probe:     we do not know where the follower's log ends; one append at a time (per heartbeat)
 *   replicate: steady state; appends are pipelined up to the in-flight bounds
 *   snapshot:  a snapshot is on its way; nothing else is sent until it is reported
 */
import type { NodeId, PeerProgress } from './types.js';

/** Unacknowledged appends to one follower: (last index, bytes) in send order. */
export class Inflights {
  private readonly indexes: number[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;

  constructor(
    private readonly messagesMax: number,
    private readonly bytesMax: number,
  ) {}

  get count(): number {
    return this.indexes.length;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  full(): boolean {
    return this.indexes.length >= this.messagesMax || this.bytes >= this.bytesMax;
  }

  add(lastIndex: number, bytes: number): void {
    const previous = this.indexes.at(-1);
    if (previous !== undefined && lastIndex < previous) throw new Error(`assertion: in-flight index ${lastIndex} after ${previous}`);
    this.indexes.push(lastIndex);
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** The follower acknowledged everything up to `index`. */
  freeTo(index: number): void {
    let drop = 0;
    while (drop < this.indexes.length && (this.indexes[drop] as number) <= index) {
      this.bytes -= this.sizes[drop] as number;
      drop++;
    }
    if (drop > 0) {
      this.indexes.splice(0, drop);
      this.sizes.splice(0, drop);
    }
  }

  /** Release the oldest slot (a heartbeat answered while the window was full: appends were lost). */
  freeFirstOne(): void {
    const first = this.indexes[0];
    if (first !== undefined) this.freeTo(first);
  }

  reset(): void {
    this.indexes.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }
}

export class Progress {
  match = 0;
  next: number;
  state: 'probe' | 'replicate' | 'snapshot' = 'probe';
  /** In probe state: an append was sent and no answer came yet (sending is paused). */
  probeSent = false;
  /** The snapshot index being sent, in snapshot state. */
  pendingSnapshot = 0;
  /** The highest commit index sent to this follower (with an append, or a heartbeat's capped one). */
  sentCommit = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = false;
  readonly inflights: Inflights;

  constructor(
    readonly id: NodeId,
    next: number,
    messagesMax: number,
    bytesMax: number,
  ) {
    this.next = next;
    this.inflights = new Inflights(messagesMax, bytesMax);
  }

  becomeProbe(): void {
    if (this.state === 'snapshot') {
      this.next = Math.max(this.match + 1, this.pendingSnapshot + 1);
    } else {
      this.next = this.match + 1;
    }
    this.state = 'probe';
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.next = this.match + 1;
    this.probeSent = false;
    this.inflights.reset();
  }

  becomeSnapshot(index: number): void {
    this.state = 'snapshot';
    this.pendingSnapshot = index;
    this.probeSent = false;
    this.inflights.reset();
  }

  /** An acknowledgement up to `index`; returns false if it was stale. */
  maybeUpdate(index: number): boolean {
    let updated = false;
    if (this.match < index) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /**
   * A rejection of the append after `rejected`; `hint` is where to probe next. Returns false when
   * the rejection is stale (it answers an older append than the current probe).
   */
  maybeDecreaseTo(rejected: number, hint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), 1);
    this.probeSent = false;
    return true;
  }

  /** Whether sending more appends must wait. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.full();
      case 'snapshot':
        return true;
    }
  }

  /** After sending an append whose last entry is `lastIndex` (of `bytes`). */
  sentEntries(lastIndex: number, bytes: number, entryCount: number): void {
    if (this.state === 'replicate') {
      if (entryCount > 0) {
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex, bytes);
      }
    } else if (this.state === 'probe') {
      this.probeSent = true;
    }
  }

  view(): PeerProgress {
    return {
      id: this.id,
      match: this.match,
      next: this.next,
      state: this.state,
      inflightBytes: this.inflights.totalBytes,
      recentActive: this.recentActive,
    };
  }
}
