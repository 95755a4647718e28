/**
 * A store's writes as data: the statements and rows of one transaction, with every row's
 * checksum computed here, before the write. The main-thread store runs a batch with runBatch; the
 * worker-thread store posts it to its worker, which runs it the same way.
 */
import type Database from 'better-sqlite3';
import type { Snapshot } from '../core/types.js';
import type { InMemoryLog } from './in-memory-log.js';
import type { PersistUnit } from './log-store.js';
import type { StaleRows } from './stale-rows.js';
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

/**
 * The transaction that persists `unit`: a chunk of stale rows (every row up to `staleThrough`,
 * when given: see stale-rows.ts), the snapshot (dropping every entry), then the entries (dropping
 * the suffix they overwrite), then the hard state.
 */
export function persistBatch(unit: PersistUnit, staleThrough: number | null = null): WriteBatch {
  const batch: SqlWrite[] = [];
  if (staleThrough !== null) batch.push({ sql: SQL.deleteEntriesThrough, rows: [[staleThrough]] });
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

/**
 * The transaction that compacts the log to `snapshot`: store it. The entries at and below its
 * index become stale rows, deleted a chunk at a time by later writes (stale-rows.ts); this one
 * deletes the first chunk (`staleThrough`), if any.
 */
export function compactBatch(snapshot: Snapshot, staleThrough: number | null): WriteBatch {
  const batch: SqlWrite[] = [{ sql: SQL.upsertSnapshot, rows: [snapshotRow(snapshot)] }];
  if (staleThrough !== null) batch.push({ sql: SQL.deleteEntriesThrough, rows: [[staleThrough]] });
  return batch;
}

/** The next stale chunk's `through` index, taken off `stale` (the write is handed over in order; a failed one fails the store). */
function takeStaleChunk(stale: StaleRows): number | null {
  const through = stale.nextThrough();
  if (through !== null) stale.deleted();
  return through;
}

/** The transaction for `unit` with the next chunk of stale rows (a snapshot from the leader deletes every row: none stay stale). */
export function persistWrite(unit: PersistUnit, stale: StaleRows): WriteBatch {
  if (unit.snapshot !== null) stale.clear();
  return persistBatch(unit, takeStaleChunk(stale));
}

/** The transaction for a compaction of `log` (not applied yet) to `snapshot`: the rows it drops become stale, deleted in chunks. */
export function compactWrite(snapshot: Snapshot, log: InMemoryLog, stale: StaleRows): WriteBatch {
  const first = log.firstIndex();
  const through = snapshot.meta.index;
  stale.compacted(first <= through ? log.entries(first, through + 1, Number.MAX_SAFE_INTEGER) : [], through);
  return compactBatch(snapshot, takeStaleChunk(stale));
}

/** Distinct statements a connection keeps prepared (both stores): they run only those of SQL, over and over. */
export const PREPARED_STATEMENTS_MAX = 32;

/** One connection's prepared statements, by SQL text (preparing costs more than running a small insert). */
export class PreparedStatements {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    const known = this.statements.get(sql);
    if (known !== undefined) return known;
    if (this.statements.size >= PREPARED_STATEMENTS_MAX) throw new Error(`assertion: more than ${PREPARED_STATEMENTS_MAX} distinct statements on one log connection`);
    const statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    return statement;
  }
}

/** Run `batch` as one transaction (committed, so fsynced under synchronous=FULL, or rolled back as a whole). */
export function runBatch(db: Database.Database, statements: PreparedStatements, batch: WriteBatch, beforeCommit: () => void = () => {}): void {
  db.transaction(() => {
    for (const write of batch) {
      const statement = statements.get(write.sql);
      for (const row of write.rows) statement.run(...row);
    }
    beforeCommit();
  })();
}
