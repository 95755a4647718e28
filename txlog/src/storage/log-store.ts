/**
 * Stable storage of one log node: the Raft log, the hard state (term, vote, commit) and the latest
 * snapshot. Reads (LogReader) are synchronous and served from memory; writes are durable when
 * `persist` resolves. Implementations: SqliteLogStore (better-sqlite3, WAL, synchronous=FULL, on
 * the calling thread), WorkerSqliteLogStore (the same file, committed in a worker thread) and
 * MemoryLogStore (tests and the simulator, with a crash model).
 */
import type { Entry, HardState, LogReader, NodeId, Snapshot } from '../core/types.js';

/** One driver turn's worth of state to make durable, written as one unit (group commit). */
export interface PersistUnit {
  /**
   * Install before anything else: replaces the whole log (every entry is dropped, as etcd's
   * ApplySnapshot); entries in the same unit start at snapshot.meta.index + 1.
   */
  readonly snapshot: Snapshot | null;
  /** Appended in order; an entry whose index is already held replaces it and drops everything after it. */
  readonly entries: readonly Entry[];
  readonly hardState: HardState | null;
}

export interface LogStore extends LogReader {
  /**
   * Whether persist holds the calling thread until the fsync is done (SqliteLogStore): the driver
   * then lets gRPC write the appends it sent before persisting to the sockets first.
   */
  readonly blocksThread: boolean;
  /**
   * Make `unit` durable (fsynced) before resolving. Rejects when the disk fails; the node must
   * then stop: it never carries on after a failed write or fsync.
   */
  persist(unit: PersistUnit): Promise<void>;
  /**
   * Take a snapshot at `snapshot.meta.index` (already applied) and drop the entries at and below
   * it. Durable when it resolves.
   */
  compact(snapshot: Snapshot): Promise<void>;
  /** Voters recorded at creation (static membership). */
  readonly voters: readonly NodeId[];
  /** Release the files (the worker store resolves once its thread let go of them). */
  close(): void | Promise<void>;
}

/** Thrown when what was read back fails its checksum inside the committed prefix: the node must stop. */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
}
