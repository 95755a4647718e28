/**
 * The SQLite log store a node runs: the same file, checks and checksums as SqliteLogStore, but
 * every commit (and its fsync) happens in a worker thread, so the event loop keeps serving the
 * network while the disk works. The main thread checks each write, computes its checksums,
 * applies it to the in-memory log (which answers the core's reads) and posts it; `persist`
 * resolves when the worker has committed it. Writes are committed in the order they were made.
 *
 * Opening reads and verifies the file on the calling thread (once, at start), then hands the file
 * to the worker.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { txlogLimits } from '../core/limits.js';
import type { Snapshot } from '../core/types.js';
import { GuardedLogReader } from './guarded-log-reader.js';
import { InMemoryLog } from './in-memory-log.js';
import type { LogStore, PersistUnit } from './log-store.js';
import type { SqliteLogStoreOptions, WriteOperation } from './sqlite-log-store.js';
import { openLogFile } from './sqlite-log-file.js';
import { CONNECTION_PRAGMAS } from './sqlite-schema.js';
import { type PostedValue, type PostedWrite, SQLITE_WORKER_SOURCE, type SqliteWorkerData } from './sqlite-worker-source.js';
import { PREPARED_STATEMENTS_MAX, type SqlValue, type WriteBatch, compactWrite, persistWrite } from './sqlite-writes.js';
import { StaleRows } from './stale-rows.js';
import { StoreGuard } from './store-guard.js';

type WorkerReply = { type: 'opened' } | { type: 'openFailed'; message: string } | { type: 'written'; id: number; error: string | null };

interface PendingWrite {
  readonly operation: WriteOperation;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * `batch` as posted to the worker: every byte value copied into one new buffer (transferred, not
 * cloned: one copy of each value, never the whole buffer it happens to be a view of) and replaced
 * by its place there, which the worker turns back into a view.
 */
function packed(batch: WriteBatch): { writes: PostedWrite[]; arena: ArrayBuffer } {
  let total = 0;
  for (const write of batch) for (const row of write.rows) for (const value of row) if (value instanceof Uint8Array) total += value.length;
  const arena = new Uint8Array(total);
  let used = 0;
  const place = (value: SqlValue): PostedValue => {
    if (!(value instanceof Uint8Array)) return value;
    arena.set(value, used);
    used += value.length;
    return { start: used - value.length, end: used };
  };
  return { writes: batch.map((write) => ({ sql: write.sql, rows: write.rows.map((row) => row.map(place)) })), arena: arena.buffer };
}

/** Resolves when the worker has opened the file; rejects with the reason when it could not. */
function workerOpened(worker: Worker, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error: Error | null): void => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error === null) resolve();
      else reject(error);
    };
    const onMessage = (reply: WorkerReply): void => {
      if (reply.type === 'opened') settle(null);
      else if (reply.type === 'openFailed') settle(new Error(`${file}: the storage worker could not open it: ${reply.message}`));
    };
    const onError = (error: Error): void => settle(error);
    const onExit = (code: number): void => settle(new Error(`${file}: the storage worker exited with code ${code} while opening it`));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

export class WorkerSqliteLogStore extends GuardedLogReader implements LogStore {
  readonly blocksThread = false;
  private readonly stale = new StaleRows();
  private nextWriteId = 1;
  private readonly pending = new Map<number, PendingWrite>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    log: InMemoryLog,
    /** The database file. */
    readonly file: string,
    private readonly beforeCommit: (operation: WriteOperation) => void,
  ) {
    super(log, new StoreGuard(file));
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        this.failAll(this.guard.closed ? new Error('the store was closed before the write was confirmed') : new Error(`the storage worker exited with code ${code}`));
        resolve();
      });
    });
  }

  /** Open (creating if needed) the log in `dir`. Rejects with CorruptLogError when the node must not start on it. */
  static async open(dir: string, options: SqliteLogStoreOptions): Promise<WorkerSqliteLogStore> {
    const recovered = openLogFile(dir, options);
    recovered.db.close();
    const workerData: SqliteWorkerData = {
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: recovered.file,
      lockWaitMs: txlogLimits.storeLockWaitMs,
      preparedStatementsMax: PREPARED_STATEMENTS_MAX,
      pragmas: CONNECTION_PRAGMAS,
    };
    const worker = new Worker(SQLITE_WORKER_SOURCE, { eval: true, workerData });
    try {
      await workerOpened(worker, recovered.file);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    const log = new InMemoryLog(recovered.image, recovered.identity.voters);
    const store = new WorkerSqliteLogStore(worker, log, recovered.file, options.beforeCommit ?? (() => {}));
    if (recovered.staleRows !== null) store.stale.foundAtOpen(recovered.staleRows.from, recovered.staleRows.through);
    return store;
  }

  persist(unit: PersistUnit): Promise<void> {
    return this.submit('persist', () => {
      this.log.checkPersist(unit);
      const batch = persistWrite(unit, this.stale);
      this.log.applyPersist(unit);
      return batch;
    });
  }

  compact(snapshot: Snapshot): Promise<void> {
    return this.submit('compact', () => {
      this.log.checkCompact(snapshot);
      const batch = compactWrite(snapshot, this.log, this.stale);
      this.log.applyCompact(snapshot);
      return batch;
    });
  }

  /** Stop the worker after the writes already made; resolves when it has closed the file. */
  close(): Promise<void> {
    if (!this.guard.closed) {
      this.guard.close();
      this.worker.postMessage({ type: 'close' });
    }
    return this.exited;
  }

  /** Check and prepare a write on this thread, then have the worker commit it. */
  private submit(operation: WriteOperation, prepare: () => WriteBatch): Promise<void> {
    let prepared: WriteBatch;
    try {
      this.guard.check(operation);
      prepared = prepare();
    } catch (error) {
      return Promise.reject(this.guard.failed || this.guard.closed ? error : this.guard.trip(operation, error));
    }
    let fail: string | null = null;
    try {
      this.beforeCommit(operation);
    } catch (error) {
      fail = error instanceof Error ? error.message : String(error);
    }
    const id = this.nextWriteId++;
    const { writes, arena } = packed(prepared);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { operation, resolve, reject });
      this.worker.postMessage({ type: 'write', id, writes, arena, fail }, [arena]);
    });
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type !== 'written') return;
    const write = this.pending.get(reply.id);
    if (write === undefined) throw new Error(`assertion: the storage worker confirmed write ${reply.id}, which is not pending`);
    this.pending.delete(reply.id);
    if (reply.error === null) write.resolve();
    else write.reject(this.guard.trip(write.operation, new Error(reply.error)));
  }

  /** The worker failed or went away: every pending write fails, and so does the store. */
  private failAll(cause: Error): void {
    for (const write of this.pending.values()) write.reject(this.guard.trip(write.operation, cause));
    this.pending.clear();
    if (!this.guard.closed) this.guard.trip('the storage worker', cause);
  }
}
