/**
 * What applying a committed entry produced: the node answers the waiting client from it
 * (append), compacts its Raft log after it (trim), or ignores it (noop, invalid).
 */

/** Why an append was rejected. */
export type RejectReason =
  /** The id of the last accepted record is not expected_prev_id. */
  | 'chain'
  /** An earlier request of this session (client_id) has not been applied yet (request_seq is not the next one). */
  | 'sequenceGap'
  /** The session's previous request was rejected: a fenced session stays fenced (start a new client_id). */
  | 'fencedSession';

/** The decision on one append request. */
export type AppendResult =
  /** Accepted: the records have ids firstId..lastId. */
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  /** Not accepted. notYet: retry later (not remembered); otherwise the writer is fenced (remembered). */
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number; readonly notYet: boolean; readonly reason: RejectReason }
  /** request_seq is lower than the session's last applied one: an old retry, nothing changed. */
  | { readonly kind: 'stale'; readonly lastSeq: bigint; readonly message: string }
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
  | { readonly kind: 'trim'; readonly index: number; readonly firstRetainedId: number; readonly compactBelowIndex: number };
