/**
 * A store's writes as data: the statements and rows of one transaction, with every row's
 * checksum computed here, before the write. The main-thread store runs a batch with runBatch; the
 * worker-thread store posts it to its worker, which runs it the same way.
 */
import type Database from 'better-sqlite3';
import type { Snapshot } from '../core/types.js';
import type { PersistUnit } from './log-store.js';
import { entryChecksum, hardStateChecksum, snapshotChecksum } from './record-checksums.js';
import { SQL } from './sqlite-schema.js';

/** A value bound to a statement parameter. */
export type SqlValue = number | string | Uint8Array;

/** One statement run once per row. */
export interface SqlWrite {
  readonly sql: string;
  readonly rows: readonly (readonly SqlValue[])[];
}

/** The statements of one transaction, in order. */
export type WriteBatch = readonly SqlWrite[];

function snapshotRow(snapshot: Snapshot): SqlValue[] {
  const { index, term, voters } = snapshot.meta;
  return [index, term, JSON.stringify(voters), snapshot.data, snapshotChecksum(snapshot)];
}

/** The transaction that persists `unit`: snapshot (dropping every entry), then the entries (dropping the suffix they overwrite), then the hard state. */
export function persistBatch(unit: PersistUnit): WriteBatch {
  const batch: SqlWrite[] = [];
  if (unit.snapshot !== null) {
    batch.push({ sql: SQL.upsertSnapshot, rows: [snapshotRow(unit.snapshot)] });
    batch.push({ sql: SQL.deleteEntriesFrom, rows: [[0]] });
  }
  const first = unit.entries[0];
  if (first !== undefined) {
    batch.push({ sql: SQL.deleteEntriesFrom, rows: [[first.index]] });
    batch.push({ sql: SQL.insertEntry, rows: unit.entries.map((entry) => [entry.index, entry.term, entry.type, entry.data, entryChecksum(entry)]) });
  }
  if (unit.hardState !== null) {
    const { term, vote, commit } = unit.hardState;
    batch.push({ sql: SQL.upsertHardState, rows: [[term, vote, commit, hardStateChecksum(unit.hardState)]] });
  }
  return batch;
}

/** The transaction that compacts the log to `snapshot`: store it, drop the entries at and below its index. */
export function compactBatch(snapshot: Snapshot): WriteBatch {
  return [
    { sql: SQL.upsertSnapshot, rows: [snapshotRow(snapshot)] },
    { sql: SQL.deleteEntriesThrough, rows: [[snapshot.meta.index]] },
  ];
}

/** Run `batch` as one transaction (committed, so fsynced under synchronous=FULL, or rolled back as a whole). */
export function runBatch(db: Database.Database, batch: WriteBatch, beforeCommit: () => void = () => {}): void {
  db.transaction(() => {
    for (const write of batch) {
      const statement = db.prepare(write.sql);
      for (const row of write.rows) statement.run(...row);
    }
    beforeCommit();
  })();
}
