/**
 * The log as held in memory: snapshot, hard state and the entries after the snapshot. Every store
 * keeps one to answer the core's reads (LogReader) without touching the disk, and applies each
 * write to it. It checks every write before it is made (contiguous indexes, terms that never go
 * down, one vote per term, commit only forward and never past the last entry): a write that breaks
 * one of these is a bug in the caller, and writing it would corrupt the log.
 */
import { type Entry, type HardState, type NodeId, type Snapshot, EntryType, NO_NODE, entryBytes } from '../core/types.js';
import type { PersistUnit } from './log-store.js';

/** What an in-memory log starts from (a store's recovered state). */
export interface LogImage {
  readonly snapshot: Snapshot;
  readonly hardState: HardState;
  /** Consecutive entries starting at snapshot.meta.index + 1. */
  readonly entries: readonly Entry[];
}

/** An assertion failed: a bug in the caller (messages are built only then, so checks stay cheap). */
function fail(message: string): never {
  throw new Error(`assertion: ${message}`);
}

function isIndex(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Entry types a store accepts. */
const ENTRY_TYPES: ReadonlySet<number> = new Set(Object.values(EntryType));

export class InMemoryLog {
  private snapshotHeld: Snapshot;
  private hardStateHeld: HardState;
  /** entriesHeld[k].index === snapshotHeld.meta.index + 1 + k. */
  private entriesHeld: Entry[];

  constructor(
    image: LogImage,
    /** Voters recorded at the store's creation. */
    readonly voters: readonly NodeId[],
  ) {
    this.snapshotHeld = image.snapshot;
    this.hardStateHeld = image.hardState;
    this.entriesHeld = [...image.entries];
    image.entries.forEach((entry, position) => {
      if (entry.index !== image.snapshot.meta.index + 1 + position) fail(`entry ${entry.index} is not contiguous with the snapshot at ${image.snapshot.meta.index}`);
    });
    const { commit } = image.hardState;
    if (commit < image.snapshot.meta.index || commit > this.lastIndex()) fail(`commit ${commit} is outside [snapshot ${image.snapshot.meta.index}, last ${this.lastIndex()}]`);
  }

  /** Hard state and voters as last written. */
  initialState(): { hardState: HardState; voters: readonly NodeId[] } {
    return { hardState: this.hardStateHeld, voters: this.voters };
  }

  /** The hard state as last written. */
  hardState(): HardState {
    return this.hardStateHeld;
  }

  /** Index of the first entry held (snapshot index + 1). */
  firstIndex(): number {
    return this.snapshotHeld.meta.index + 1;
  }

  /** Index of the last entry held (the snapshot index when none is held). */
  lastIndex(): number {
    return this.snapshotHeld.meta.index + this.entriesHeld.length;
  }

  /** Term at `index` for firstIndex-1 <= index <= lastIndex, else undefined. */
  term(index: number): number | undefined {
    if (index === this.snapshotHeld.meta.index) return this.snapshotHeld.meta.term;
    return this.entriesHeld[index - this.firstIndex()]?.term;
  }

  /** Entries [low, high), at most `bytesMax` bytes (entryBytes) but always at least one when low < high. */
  entries(low: number, high: number, bytesMax: number): Entry[] {
    if (low < this.firstIndex() || low > high || high > this.lastIndex() + 1) fail(`entries [${low}, ${high}) outside the log [${this.firstIndex()}, ${this.lastIndex() + 1})`);
    const result: Entry[] = [];
    let bytes = 0;
    for (let index = low; index < high; index++) {
      const entry = this.entriesHeld[index - this.firstIndex()] as Entry;
      bytes += entryBytes(entry);
      if (result.length > 0 && bytes > bytesMax) break;
      result.push(entry);
    }
    return result;
  }

  /** The latest snapshot. */
  snapshot(): Snapshot {
    return this.snapshotHeld;
  }

  /** A copy that shares the (immutable) entries but none of the state. */
  copy(): InMemoryLog {
    return new InMemoryLog({ snapshot: this.snapshotHeld, hardState: this.hardStateHeld, entries: this.entriesHeld }, this.voters);
  }

  /** Throws an assertion error if `unit` cannot be applied to this log as it is now. */
  checkPersist(unit: PersistUnit): void {
    let snapshotIndex = this.snapshotHeld.meta.index;
    let lastIndex = this.lastIndex();
    if (unit.snapshot !== null) {
      const { index, term } = unit.snapshot.meta;
      if (!isIndex(index) || !isIndex(term)) fail(`snapshot index ${index} or term ${term} is not a non-negative integer`);
      if (index <= snapshotIndex) fail(`snapshot at ${index} is not newer than the held snapshot at ${snapshotIndex}`);
      snapshotIndex = index;
      lastIndex = index;
    }
    const first = unit.entries[0];
    if (first !== undefined) {
      if (!isIndex(first.index) || first.index <= snapshotIndex || first.index > lastIndex + 1) fail(`entry ${first.index} does not follow the log (snapshot ${snapshotIndex}, last ${lastIndex})`);
      if (unit.snapshot === null && first.index <= this.hardStateHeld.commit) fail(`entry ${first.index} would overwrite the committed prefix (commit ${this.hardStateHeld.commit})`);
      let previousIndex = first.index - 1;
      let previousTerm = unit.snapshot !== null ? unit.snapshot.meta.term : (this.term(previousIndex) as number);
      for (const entry of unit.entries) {
        if (entry.index !== previousIndex + 1) fail(`entry ${entry.index} does not follow entry ${previousIndex}`);
        if (!isIndex(entry.term) || entry.term < previousTerm) fail(`entry ${entry.index} has term ${entry.term}, below the term ${previousTerm} of entry ${previousIndex}`);
        if (!ENTRY_TYPES.has(entry.type)) fail(`entry ${entry.index} has unknown type ${entry.type}`);
        previousIndex = entry.index;
        previousTerm = entry.term;
      }
      lastIndex = previousIndex;
    }
    if (unit.hardState !== null) this.checkHardState(unit.hardState, lastIndex);
    const commit = (unit.hardState ?? this.hardStateHeld).commit;
    if (commit < snapshotIndex) fail(`commit ${commit} is below the snapshot at ${snapshotIndex} (a unit installing a snapshot carries a hard state committing it)`);
  }

  private checkHardState(next: HardState, lastIndex: number): void {
    const current = this.hardStateHeld;
    if (!isIndex(next.term) || !isIndex(next.vote) || !isIndex(next.commit)) fail(`hard state ${JSON.stringify(next)} has a field that is not a non-negative integer`);
    if (next.term < current.term) fail(`hard state term ${next.term} is below the persisted term ${current.term}`);
    if (next.term === current.term && current.vote !== NO_NODE && next.vote !== current.vote) fail(`vote changed from ${current.vote} to ${next.vote} within term ${next.term}`);
    if (next.commit < current.commit) fail(`commit ${next.commit} is below the persisted commit ${current.commit}`);
    if (next.commit > lastIndex) fail(`commit ${next.commit} is beyond the last index ${lastIndex}`);
  }

  /** Apply a unit that checkPersist accepted: install the snapshot (dropping every entry), append the entries (dropping any suffix they overwrite), set the hard state. */
  applyPersist(unit: PersistUnit): void {
    this.checkPersist(unit);
    if (unit.snapshot !== null) {
      this.snapshotHeld = unit.snapshot;
      this.entriesHeld = [];
    }
    const first = unit.entries[0];
    if (first !== undefined) {
      this.entriesHeld.length = first.index - this.firstIndex();
      for (const entry of unit.entries) this.entriesHeld.push(entry);
    }
    if (unit.hardState !== null) this.hardStateHeld = unit.hardState;
  }

  /** Throws an assertion error if the log cannot be compacted to `snapshot` now. */
  checkCompact(snapshot: Snapshot): void {
    const { index, term } = snapshot.meta;
    if (index <= this.snapshotHeld.meta.index) fail(`compaction to ${index} is not above the held snapshot at ${this.snapshotHeld.meta.index}`);
    if (index > this.hardStateHeld.commit) fail(`compaction to ${index} is beyond the persisted commit ${this.hardStateHeld.commit}`);
    if (this.term(index) !== term) fail(`compaction snapshot at ${index} has term ${term} but the entry there has term ${this.term(index)}`);
  }

  /** Replace the snapshot and drop the entries at and below its index. */
  applyCompact(snapshot: Snapshot): void {
    this.checkCompact(snapshot);
    this.entriesHeld = this.entriesHeld.slice(snapshot.meta.index - this.snapshotHeld.meta.index);
    this.snapshotHeld = snapshot;
  }
}
