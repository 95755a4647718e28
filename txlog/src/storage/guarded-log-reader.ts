/**
 * The read side every store shares: the core's reads answered from the store's in-memory log,
 * refused once the store failed or was closed.
 */
import type { Entry, HardState, LogReader, NodeId, Snapshot } from '../core/types.js';
import type { InMemoryLog } from './in-memory-log.js';
import type { StoreGuard } from './store-guard.js';

/** LogReader over an in-memory log, behind a store's guard. */
export abstract class GuardedLogReader implements LogReader {
  constructor(
    protected readonly log: InMemoryLog,
    protected readonly guard: StoreGuard,
  ) {}

  /** Voters recorded at the store's creation (static membership). */
  get voters(): readonly NodeId[] {
    return this.log.voters;
  }

  initialState(): { hardState: HardState; voters: readonly NodeId[] } {
    this.guard.check('initialState');
    return this.log.initialState();
  }

  firstIndex(): number {
    this.guard.check('firstIndex');
    return this.log.firstIndex();
  }

  lastIndex(): number {
    this.guard.check('lastIndex');
    return this.log.lastIndex();
  }

  term(index: number): number | undefined {
    this.guard.check('term');
    return this.log.term(index);
  }

  entries(low: number, high: number, bytesMax: number): Entry[] {
    this.guard.check('entries');
    return this.log.entries(low, high, bytesMax);
  }

  snapshot(): Snapshot {
    this.guard.check('snapshot');
    return this.log.snapshot();
  }
}
