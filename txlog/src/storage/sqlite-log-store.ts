/**
 * The SQLite log store running on the calling thread: every persist and compact is one
 * transaction committed (and fsynced, synchronous=FULL) before the call returns. Each commit
 * blocks the event loop for the length of an fsync, as Redis's appendfsync always does; a node
 * runs it by default, since handing each commit to a worker thread (WorkerSqliteLogStore) costs
 * two thread switches that, on a machine of few cores, take longer than they save.
 */
import type Database from 'better-sqlite3';
import type { Snapshot } from '../core/types.js';
import { GuardedLogReader } from './guarded-log-reader.js';
import { InMemoryLog } from './in-memory-log.js';
import type { LogStore, PersistUnit } from './log-store.js';
import { type SqliteLogOptions, openLogFile } from './sqlite-log-file.js';
import { compactWrite, PreparedStatements, persistWrite, runBatch } from './sqlite-writes.js';
import { StaleRows } from './stale-rows.js';
import { StoreGuard } from './store-guard.js';

/** A kind of write, as test hooks see it. */
export type WriteOperation = 'persist' | 'compact';

/** Opening options of the SQLite stores. */
export interface SqliteLogStoreOptions extends SqliteLogOptions {
  /**
   * Test hook, called in each write transaction just before it commits: throwing fails that write
   * as a disk error would (rolled back, the store failed), without touching the disk.
   */
  readonly beforeCommit?: (operation: WriteOperation) => void;
}

export class SqliteLogStore extends GuardedLogReader implements LogStore {
  readonly blocksThread = true;
  private readonly stale = new StaleRows();
  private readonly statements: PreparedStatements;

  private constructor(
    private readonly db: Database.Database,
    log: InMemoryLog,
    /** The database file. */
    readonly file: string,
    private readonly beforeCommit: (operation: WriteOperation) => void,
  ) {
    super(log, new StoreGuard(file));
    this.statements = new PreparedStatements(db);
  }

  /** Open (creating if needed) the log in `dir`. Throws CorruptLogError when the node must not start on it. */
  static open(dir: string, options: SqliteLogStoreOptions): SqliteLogStore {
    const opened = openLogFile(dir, options);
    const log = new InMemoryLog(opened.image, opened.identity.voters);
    const store = new SqliteLogStore(opened.db, log, opened.file, options.beforeCommit ?? (() => {}));
    if (opened.staleRows !== null) store.stale.foundAtOpen(opened.staleRows.from, opened.staleRows.through);
    return store;
  }

  persist(unit: PersistUnit): Promise<void> {
    return this.guard.write('persist', () => {
      this.log.checkPersist(unit);
      runBatch(this.db, this.statements, persistWrite(unit, this.stale), () => this.beforeCommit('persist'));
      this.log.applyPersist(unit);
    });
  }

  compact(snapshot: Snapshot): Promise<void> {
    return this.guard.write('compact', () => {
      this.log.checkCompact(snapshot);
      runBatch(this.db, this.statements, compactWrite(snapshot, this.log, this.stale), () => this.beforeCommit('compact'));
      this.log.applyCompact(snapshot);
    });
  }

  close(): void {
    if (this.guard.closed) return;
    this.guard.close();
    this.db.close();
  }
}
