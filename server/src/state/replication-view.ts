/** What a durable node tells ROLE, INFO replication and SENTINEL about its place in replication. */

/** loading: replaying the log; replica: caught up, applying as records arrive; primary: holds the lease; steppingDown: between primary and loading. */
export type DurableRole = 'loading' | 'replica' | 'primary' | 'steppingDown';

export interface ReplicationView {
  readonly role: DurableRole;
  /** host:port of the primary as the last lease claim names it; null when none is known. */
  readonly primaryAddress: string | null;
  /** Id of the last record applied (replica) or committed (primary): the replication offset. */
  readonly appliedId: number;
  /** The chain's last id as last learnt from the log (at least appliedId). */
  readonly knownLastId: number;
  /** Monotonic ms when a record was last applied or committed (0: never). */
  readonly lastRecordAtMs: number;
  /** Monotonic ms now, on the same clock. */
  readonly nowMs: number;
}
