/**
 * The Raft log as the core sees it (etcd's raftLog): the stable part in storage, an unstable tail
 * (entries and possibly a snapshot not yet persisted), and the commit and apply positions.
 *
 *   snapshot.index <= applied <= committed <= lastIndex
 */
import { type Entry, entryBytes, type LogReader, type Snapshot } from './types.js';

export class RaftLog {
  /** Entries not yet persisted, starting at `unstableOffset`. */
  private unstableEntries: Entry[] = [];
  private unstableOffset: number;
  /** A snapshot received and not yet persisted. */
  private unstableSnapshot: Snapshot | null = null;
  committed: number;
  applied: number;

  constructor(
    private readonly storage: LogReader,
    committed: number,
    applied: number,
  ) {
    this.unstableOffset = storage.lastIndex() + 1;
    this.committed = committed;
    this.applied = applied;
    const first = storage.firstIndex();
    if (applied < first - 1) this.applied = first - 1; // everything up to the snapshot is applied by definition
    this.assertPositions();
  }

  firstIndex(): number {
    if (this.unstableSnapshot !== null) return this.unstableSnapshot.meta.index + 1;
    return this.storage.firstIndex();
  }

  lastIndex(): number {
    if (this.unstableEntries.length > 0) return this.unstableOffset + this.unstableEntries.length - 1;
    if (this.unstableSnapshot !== null) return this.unstableSnapshot.meta.index;
    return this.storage.lastIndex();
  }

  /** The last index whose entry is durable and still part of this log (the leader counts itself up to here). */
  lastStableIndex(): number {
    if (this.unstableSnapshot !== null) return this.unstableSnapshot.meta.index - 1;
    return Math.min(this.unstableOffset - 1, this.storage.lastIndex());
  }

  lastTerm(): number {
    const term = this.term(this.lastIndex());
    if (term === undefined) throw new Error('assertion: the last entry has no term');
    return term;
  }

  /** Term of the entry at `index`, undefined if compacted away or beyond the end. */
  term(index: number): number | undefined {
    if (index === 0) return 0;
    if (index >= this.unstableOffset && index < this.unstableOffset + this.unstableEntries.length) {
      return (this.unstableEntries[index - this.unstableOffset] as Entry).term;
    }
    if (this.unstableSnapshot !== null) {
      if (index === this.unstableSnapshot.meta.index) return this.unstableSnapshot.meta.term;
      if (index < this.unstableSnapshot.meta.index) return undefined;
      if (index >= this.unstableOffset) return undefined;
    }
    if (index > this.lastIndex()) return undefined;
    return this.storage.term(index);
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Raft's "at least as up to date" rule for votes. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  /**
   * Entries [low, lastIndex], at most `bytesMax` (always at least one), or undefined when `low`
   * was compacted away (the follower needs a snapshot).
   */
  entriesFrom(low: number, bytesMax: number): Entry[] | undefined {
    const last = this.lastIndex();
    if (low > last) return [];
    return this.slice(low, last + 1, bytesMax);
  }

  /** Entries [low, high) bounded by bytes (at least one), or undefined if compacted. */
  slice(low: number, high: number, bytesMax: number): Entry[] | undefined {
    if (low >= high) return [];
    if (low < this.firstIndex()) return undefined;
    if (high > this.lastIndex() + 1) throw new Error(`assertion: slice [${low}, ${high}) beyond the last index ${this.lastIndex()}`);
    const out: Entry[] = [];
    let bytes = 0;
    if (low < this.unstableOffset) {
      const stableHigh = Math.min(high, this.unstableOffset);
      const stable = this.storage.entries(low, stableHigh, bytesMax);
      for (const entry of stable) {
        out.push(entry);
        bytes += entryBytes(entry);
      }
      if (out.length < stableHigh - low) return out; // the byte limit cut it short
    }
    const from = Math.max(low, this.unstableOffset);
    for (let index = from; index < high; index++) {
      const entry = this.unstableEntries[index - this.unstableOffset] as Entry;
      const size = entryBytes(entry);
      if (out.length > 0 && bytes + size > bytesMax) break;
      out.push(entry);
      bytes += size;
    }
    return out;
  }

  /**
   * A follower's append (etcd maybeAppend): if the entry at `index` has `logTerm`, take the new
   * entries (dropping any conflicting suffix), advance commit to min(commit, last new index) and
   * return the last new index; otherwise undefined.
   */
  maybeAppend(index: number, logTerm: number, commit: number, entries: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + entries.length;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      if (conflict <= this.committed) throw new Error(`assertion: entry ${conflict} conflicts with the committed prefix (${this.committed})`);
      this.append(entries.slice(conflict - (index + 1)));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** Append entries to the unstable tail, truncating whatever they overwrite. Returns the last index. */
  append(entries: readonly Entry[]): number {
    if (entries.length === 0) return this.lastIndex();
    const first = (entries[0] as Entry).index;
    if (first - 1 < this.committed) throw new Error(`assertion: appending at ${first} would overwrite committed entries (${this.committed})`);
    this.truncateAndAppend(entries);
    return this.lastIndex();
  }

  /** The index of the first entry of `entries` that conflicts with (or extends) the log; 0 if none. */
  private findConflict(entries: readonly Entry[]): number {
    for (const entry of entries) {
      if (!this.matchTerm(entry.index, entry.term)) return entry.index;
    }
    return 0;
  }

  /**
   * For a rejected append: the largest index <= `index` whose term is <= `term` (etcd
   * findConflictByTerm), so the leader can skip a whole term of mismatching entries.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let probe = Math.min(index, this.lastIndex());
    for (; probe > 0; probe--) {
      const current = this.term(probe);
      if (current === undefined) return { index: probe, term: 0 };
      if (current <= term) return { index: probe, term: current };
    }
    return { index: 0, term: 0 };
  }

  private truncateAndAppend(entries: readonly Entry[]): void {
    const first = (entries[0] as Entry).index;
    const tail = this.unstableOffset + this.unstableEntries.length;
    if (first === tail) {
      this.unstableEntries.push(...entries);
    } else if (first <= this.unstableOffset) {
      // Replaces the whole unstable tail (and, on persist, stable entries from `first` on).
      this.unstableOffset = first;
      this.unstableEntries = [...entries];
    } else {
      if (first > tail) throw new Error(`assertion: gap in the log: appending ${first} after ${tail - 1}`);
      this.unstableEntries = [...this.unstableEntries.slice(0, first - this.unstableOffset), ...entries];
    }
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    if (index > this.lastIndex()) throw new Error(`assertion: commit ${index} beyond the last index ${this.lastIndex()}`);
    this.committed = index;
  }

  /** Entries committed and not yet handed out to apply, at most `countMax`. */
  nextCommitted(countMax: number): Entry[] {
    if (this.unstableSnapshot !== null) return []; // the snapshot is installed first
    const low = this.applied + 1;
    const high = Math.min(this.committed + 1, low + countMax);
    if (low >= high) return [];
    const entries = this.slice(low, high, Number.MAX_SAFE_INTEGER);
    if (entries === undefined) throw new Error(`assertion: committed entries from ${low} are not available`);
    return entries;
  }

  hasNextCommitted(): boolean {
    return this.unstableSnapshot === null && this.committed > this.applied;
  }

  appliedTo(index: number): void {
    if (index < this.applied || index > this.committed) {
      throw new Error(`assertion: applied ${index} outside [${this.applied}, ${this.committed}]`);
    }
    this.applied = index;
  }

  unstable(): readonly Entry[] {
    return this.unstableEntries;
  }

  pendingSnapshot(): Snapshot | null {
    return this.unstableSnapshot;
  }

  /** The driver persisted the unstable entries up to (index, term): they are stable now. */
  stableTo(index: number, term: number): void {
    const position = index - this.unstableOffset;
    if (position < 0 || position >= this.unstableEntries.length) return;
    if ((this.unstableEntries[position] as Entry).term !== term) return; // overwritten meanwhile
    this.unstableEntries = this.unstableEntries.slice(position + 1);
    this.unstableOffset = index + 1;
  }

  stableSnapshotTo(index: number): void {
    if (this.unstableSnapshot !== null && this.unstableSnapshot.meta.index === index) this.unstableSnapshot = null;
  }

  /** Replace the whole log by a snapshot (a follower far behind). */
  restore(snapshot: Snapshot): void {
    this.committed = snapshot.meta.index;
    this.applied = Math.min(this.applied, snapshot.meta.index);
    this.unstableOffset = snapshot.meta.index + 1;
    this.unstableEntries = [];
    this.unstableSnapshot = snapshot;
  }

  /** A snapshot handed to the driver was installed in the state machine. */
  snapshotApplied(index: number): void {
    if (index > this.applied) this.applied = index;
  }

  assertPositions(): void {
    if (!(this.applied <= this.committed && this.committed <= this.lastIndex())) {
      throw new Error(`assertion: applied ${this.applied} <= committed ${this.committed} <= last ${this.lastIndex()} does not hold`);
    }
  }
}
