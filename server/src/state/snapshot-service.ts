/** What SAVE, BGSAVE, LASTSAVE and INFO persistence ask of a durable node about snapshots. */

/** A verified snapshot as the log's registry records it. */
export interface SnapshotSummary {
  /** The id of the last log record its state includes. */
  readonly logIndex: number;
  /** Unix ms. */
  readonly createdMs: number;
  readonly sizeBytes: number;
  readonly keyCount: number;
}

export interface SnapshotService {
  /** Ask the snapshotter for a snapshot and resolve when one that answers the request is recorded. */
  request(): Promise<SnapshotSummary>;
  /** The newest recorded snapshot as last read from the log (null: none, or not read yet). */
  latest(): SnapshotSummary | null;
  /** Records the log accepted after the newest snapshot, as last read (0 when unknown). */
  recordsSince(): number;
}
