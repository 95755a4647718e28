/**
 * The log store without a disk, for tests and the simulator, with a crash model. It keeps two
 * images of the log: what the process sees (every write, at once) and what is synced (what a
 * crash keeps). In 'immediate' mode every write is synced at once. In 'manual' mode a write stays
 * unsynced, its promise pending, until the simulator completes (or fails) its fsync; crash() then
 * keeps only what was synced, and optionally unsynced writes that reached the disk anyway, whole
 * or torn. Deterministic: no timers, clock or randomness inside; the caller drives everything.
 *
 * Entries and snapshots are kept by reference: callers must not mutate them after writing them.
 */
import { EMPTY_HARD_STATE, EMPTY_SNAPSHOT, type NodeId, type Snapshot } from '../core/types.js';
import { GuardedLogReader } from './guarded-log-reader.js';
import { InMemoryLog } from './in-memory-log.js';
import type { LogStore, PersistUnit } from './log-store.js';
import { StoreGuard } from './store-guard.js';

/** How writes become synced. */
export type SyncMode = 'immediate' | 'manual';

export interface MemoryLogStoreOptions {
  /** 'immediate' (the default): each write is synced at once; 'manual': each waits for completeSync() or failSync(). */
  readonly sync?: SyncMode;
  /** Called when a write is made in manual mode, so the simulator can schedule its fsync. */
  readonly onUnsyncedWrite?: (store: MemoryLogStore) => void;
}

/** What reached the disk at a crash besides the synced writes. */
export interface CrashOptions {
  /** Unsynced writes, oldest first, that reached the disk whole (the OS flushed them): default 0. */
  readonly unsyncedKept?: number;
  /**
   * Entries of the next unsynced write that reached the disk (a torn write): its first
   * `tornEntries` entries, replacing the suffix they overwrite, and nothing else of it (no hard
   * state; a snapshot install or compaction is never torn, it is kept whole or lost). Default 0.
   */
  readonly tornEntries?: number;
}

type Write = { readonly kind: 'persist'; readonly unit: PersistUnit } | { readonly kind: 'compact'; readonly snapshot: Snapshot };

interface UnsyncedWrite {
  readonly write: Write;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

function applyTo(log: InMemoryLog, write: Write): void {
  if (write.kind === 'persist') log.applyPersist(write.unit);
  else log.applyCompact(write.snapshot);
}

export class MemoryLogStore extends GuardedLogReader implements LogStore {
  readonly blocksThread = false;
  private readonly unsynced: UnsyncedWrite[] = [];
  private injectedFailure: Error | null = null;

  private constructor(
    log: InMemoryLog,
    /** What a crash keeps. */
    private readonly synced: InMemoryLog,
    private readonly options: MemoryLogStoreOptions,
  ) {
    super(log, new StoreGuard('memory'));
  }

  /** An empty store for a cluster of `voters`. */
  static create(voters: readonly NodeId[], options: MemoryLogStoreOptions = {}): MemoryLogStore {
    const synced = new InMemoryLog({ snapshot: EMPTY_SNAPSHOT, hardState: EMPTY_HARD_STATE, entries: [] }, [...voters]);
    return new MemoryLogStore(synced.copy(), synced, options);
  }

  /** Writes made and not yet synced (manual mode). */
  get unsyncedWrites(): number {
    return this.unsynced.length;
  }

  persist(unit: PersistUnit): Promise<void> {
    return this.write({ kind: 'persist', unit });
  }

  compact(snapshot: Snapshot): Promise<void> {
    return this.write({ kind: 'compact', snapshot });
  }

  /** The oldest unsynced write's fsync completes: it is synced and its promise resolves. */
  completeSync(): void {
    if (this.guard.closed) throw new Error('assertion: completeSync() on a closed or crashed store');
    const oldest = this.unsynced.shift();
    if (oldest === undefined) throw new Error('assertion: completeSync() with no unsynced write');
    applyTo(this.synced, oldest.write);
    oldest.resolve();
  }

  /** The oldest unsynced write's fsync fails: it and every later unsynced write reject, and the store fails. */
  failSync(error: Error = new Error('simulated fsync failure')): void {
    if (this.guard.closed) throw new Error('assertion: failSync() on a closed or crashed store');
    if (this.unsynced.length === 0) throw new Error('assertion: failSync() with no unsynced write');
    for (const pending of this.unsynced.splice(0)) pending.reject(this.guard.trip(pending.write.kind, error));
  }

  /** The next write fails at once (rejects, and the store fails), as a failed disk write does. */
  failNextWrite(error: Error = new Error('simulated write failure')): void {
    this.injectedFailure = error;
  }

  /**
   * The process dies: this store is closed (its unsynced writes are forgotten and never settle) and the returned
   * store is the one a restart opens, holding the synced writes and what `options` says also
   * reached the disk.
   */
  crash(options: CrashOptions = {}): MemoryLogStore {
    this.guard.close();
    const survivor = this.synced.copy();
    const kept = options.unsyncedKept ?? 0;
    for (const pending of this.unsynced.slice(0, kept)) applyTo(survivor, pending.write);
    const torn = this.unsynced[kept]?.write;
    const tornEntries = options.tornEntries ?? 0;
    if (torn?.kind === 'persist' && torn.unit.snapshot === null && tornEntries > 0) {
      survivor.applyPersist({ snapshot: null, entries: torn.unit.entries.slice(0, tornEntries), hardState: null });
    }
    this.unsynced.length = 0;
    return new MemoryLogStore(survivor.copy(), survivor, this.options);
  }

  close(): void {
    this.guard.close();
  }

  private write(write: Write): Promise<void> {
    const failure = this.injectedFailure;
    this.injectedFailure = null;
    let made = false;
    const refused = this.guard.write(write.kind, () => {
      if (failure !== null) throw failure;
      applyTo(this.log, write);
      made = true;
    });
    if (!made) return refused;
    if (this.options.sync !== 'manual') {
      applyTo(this.synced, write);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.unsynced.push({ write, resolve, reject });
      this.options.onUnsyncedWrite?.(this);
    });
  }
}
