/**
 * A store that failed once refuses everything afterwards: after a failed write or fsync nobody
 * knows what reached the disk, so the node must stop rather than carry on (fsyncgate). A closed
 * store refuses everything too.
 */

/** What every call to a failed store throws or rejects with; `cause` is the first failure. */
export class LogStoreFailedError extends Error {
  override readonly name = 'LogStoreFailedError';
}

/** Remembers a store's first failure (and whether it was closed) and turns every later call away. */
export class StoreGuard {
  private failure: LogStoreFailedError | null = null;
  private closedFlag = false;

  constructor(
    /** Names the store in messages (its file, or "memory"). */
    private readonly storeName: string,
  ) {}

  /** True once a failure was recorded. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** True once the store was closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Record `cause` (the first one is kept) and return the error to reject the failed call with. */
  trip(operation: string, cause: unknown): LogStoreFailedError {
    if (cause instanceof LogStoreFailedError) return cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new LogStoreFailedError(`${operation} failed on ${this.storeName}: ${reason}; the store refuses every later call`, { cause });
    this.failure ??= error;
    return error;
  }

  /** Mark the store closed: later calls are refused. */
  close(): void {
    this.closedFlag = true;
  }

  /** Throw if the store failed or was closed. */
  check(operation: string): void {
    if (this.failure !== null) throw new LogStoreFailedError(`${operation} refused: ${this.failure.message}`, { cause: this.failure });
    if (this.closedFlag) throw new Error(`${operation} refused: the log store on ${this.storeName} is closed`);
  }

  /** Run `work` (a write) unless the store failed or was closed; a throw fails the store and rejects. */
  write(operation: string, work: () => void): Promise<void> {
    try {
      this.check(operation);
    } catch (error) {
      return Promise.reject(error);
    }
    try {
      work();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.trip(operation, error));
    }
  }
}
