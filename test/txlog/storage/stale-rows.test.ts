/** StaleRows: the chunks in which a compaction's dropped rows are deleted, bounded by rows and by bytes. */
import { describe, expect, it } from 'vitest';
import { type Entry, EntryType } from '../../../txlog/src/core/types.js';
import { STALE_BYTES_PER_WRITE, STALE_ROWS_PER_WRITE, StaleRows } from '../../../txlog/src/storage/stale-rows.js';

function rows(first: number, last: number, bytes: number): Entry[] {
  return Array.from({ length: last - first + 1 }, (_, offset) => ({ index: first + offset, term: 1, type: EntryType.Normal, data: new Uint8Array(bytes) }));
}

function drain(stale: StaleRows): number[] {
  const chunks: number[] = [];
  for (let step = 0; step < 10_000; step++) {
    const through = stale.nextThrough();
    if (through === null) break;
    chunks.push(through);
    stale.deleted();
  }
  return chunks;
}

describe('stale rows after a compaction', () => {
  it('go in chunks of at most STALE_ROWS_PER_WRITE small rows, the last ending at the snapshot', () => {
    const stale = new StaleRows();
    stale.compacted(rows(1, 2 * STALE_ROWS_PER_WRITE + 10, 10), 2 * STALE_ROWS_PER_WRITE + 10);
    expect(drain(stale)).toEqual([STALE_ROWS_PER_WRITE, 2 * STALE_ROWS_PER_WRITE, 2 * STALE_ROWS_PER_WRITE + 10]);
  });

  it('go in chunks of about STALE_BYTES_PER_WRITE when rows are large', () => {
    const stale = new StaleRows();
    const rowBytes = STALE_BYTES_PER_WRITE / 4;
    stale.compacted(rows(101, 110, rowBytes), 110);
    expect(drain(stale)).toEqual([104, 108, 110]);
  });

  it('found at open go in row-count chunks; a snapshot from the leader clears them', () => {
    const stale = new StaleRows();
    stale.foundAtOpen(7, 6 + STALE_ROWS_PER_WRITE + 1);
    expect(stale.nextThrough()).toBe(6 + STALE_ROWS_PER_WRITE);
    stale.clear();
    expect(stale.nextThrough()).toBeNull();
    expect(() => stale.deleted()).toThrow('assertion');
  });
});
