/**
 * What applying a committed entry produced: the node answers the waiting client from it
 * (append, snapshotRecord, snapshotRequest), compacts its Raft log after it (trim), or ignores it
 * (noop, invalid).
 */
import type { RecordSnapshotResult } from './snapshot-registry.js';

/** Why an append was rejected. */
export type RejectReason =
  /** The id of the last accepted record is not expected_prev_id. */
  | 'chain'
  /** An earlier request of this session (client_id) has not been applied yet (request_seq is not the next one). */
  | 'sequenceGap'
  /** The session's previous request was rejected: a fenced session stays fenced (start a new client_id). */
  | 'fencedSession';

/** Why an append's outcome can no longer be told. */
export type StaleReason =
  /** request_seq is older than the last clientInflightAppendsMax requests its session remembers, and the chain has not moved past its expected_prev_id. */
  | 'forgotten'
  /** Not remembered, and the records after expected_prev_id were trimmed, so its batch cannot be looked up. */
  | 'trimmed';

/** The decision on one append request. */
export type AppendResult =
  /** Accepted: the records have ids firstId..lastId. */
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  /** Not accepted. notYet: retry later (not remembered); otherwise the writer is fenced (remembered). */
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number; readonly notYet: boolean; readonly reason: RejectReason }
  /**
   * Whether the request was applied cannot be told any more (nothing changed): it is not among
   * the requests its session remembers, and the chain cannot place it. The records may or may not
   * be in the log.
   */
  | { readonly kind: 'stale'; readonly reason: StaleReason; readonly message: string }
  /** The request breaks a limit or carries a malformed record (same answer on every node). */
  | { readonly kind: 'invalid'; readonly message: string };

/** The outcome of applying one entry at raft index `index`. */
export type ApplyOutcome =
  /** A leader's empty entry, or a membership entry (the core's business). */
  | { readonly kind: 'noop'; readonly index: number }
  /** The entry's data is not a LogCommand; nothing changed. */
  | { readonly kind: 'invalid'; readonly index: number; readonly message: string }
  /** duplicate: the same (clientId, requestSeq) was applied before and `result` is the remembered answer. */
  | {
      readonly kind: 'append';
      readonly index: number;
      readonly clientId: bigint;
      readonly requestSeq: bigint;
      readonly result: AppendResult;
      readonly duplicate: boolean;
    }
  /** Records below firstRetainedId are gone; the Raft log may be compacted below compactBelowIndex. */
  | { readonly kind: 'trim'; readonly index: number; readonly firstRetainedId: number; readonly compactBelowIndex: number }
  /** A RecordSnapshot command, decided by the snapshot registry. */
  | { readonly kind: 'snapshotRecord'; readonly index: number; readonly result: RecordSnapshotResult }
  /** A RequestSnapshot command: the registry's request counter is now requestSeq. */
  | { readonly kind: 'snapshotRequest'; readonly index: number; readonly requestSeq: number };
