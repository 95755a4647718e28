/**
 * Entry rows at or below the snapshot that are still in the file: what a compaction leaves to
 * delete. Deleting a long prefix in one transaction (a trim after a big snapshot: thousands of
 * rows, hundreds of MB) holds the writer, and every persist queued behind it, for up to a second;
 * so a compaction only records the snapshot, and the stale rows go a bounded chunk at a time, one
 * chunk with each later write. A crash in between leaves stale rows the next open skips (they are
 * below the snapshot, never read) and deletes the same way.
 */
import type { Entry } from '../core/types.js';

/** Rows one write deletes at most. */
export const STALE_ROWS_PER_WRITE = 512;
/** Entry bytes one write deletes at most (a chunk ends at the row that reaches it). */
export const STALE_BYTES_PER_WRITE = 1024 * 1024;

export class StaleRows {
  /** The `through` index of each chunk still to delete, increasing (a chunk deletes every row up to it). */
  private chunks: number[] = [];

  /**
   * A compaction drops `entries` (the rows from the file's first live row up to the snapshot, in
   * order) and makes every row up to `through` stale: queue them in chunks bounded by rows and bytes.
   */
  compacted(entries: readonly Entry[], through: number): void {
    let rows = 0;
    let bytes = 0;
    for (const entry of entries) {
      if (entry.index > through) throw new Error(`assertion: entry ${entry.index} above the snapshot at ${through}`);
      rows++;
      bytes += entry.data.length;
      if (rows >= STALE_ROWS_PER_WRITE || bytes >= STALE_BYTES_PER_WRITE) {
        this.push(entry.index);
        rows = 0;
        bytes = 0;
      }
    }
    this.push(through);
  }

  /** The `through` index the next write deletes up to, or null when nothing is stale. */
  nextThrough(): number | null {
    return this.chunks[0] ?? null;
  }

  /** The next chunk was deleted (its write committed, or was handed to the writer in order). */
  deleted(): void {
    if (this.chunks.shift() === undefined) throw new Error('assertion: no stale chunk to mark deleted');
  }

  /** Rows of unknown sizes from `from` up to `through` (found at open): chunks of STALE_ROWS_PER_WRITE indexes. */
  foundAtOpen(from: number, through: number): void {
    for (let end = from + STALE_ROWS_PER_WRITE - 1; end < through; end += STALE_ROWS_PER_WRITE) this.push(end);
    this.push(through);
  }

  /** Every row was deleted (a snapshot from the leader replaced the whole log). */
  clear(): void {
    this.chunks = [];
  }

  private push(through: number): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last === undefined || through > last) this.chunks.push(through);
  }
}
