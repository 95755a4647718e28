/**
 * The errors the log client throws, in one catalogue. Appends do not throw for what the log
 * decides: they report an AppendOutcome (see log-writer.ts); these are for everything else.
 */

/** What went wrong, for callers that branch on it. */
export type TxlogErrorCode =
  /** The request breaks a limit of txlogLimits (or is malformed); nothing was sent. */
  | 'limit'
  /** The records asked for were trimmed from the log (they are below its first retained id). */
  | 'trimmed'
  /** No node, or no leader, answered before the deadline. */
  | 'unavailable'
  /** A node refused the request with a gRPC status that retrying will not change. */
  | 'refused'
  /** A node answered something that breaks the protocol (ids out of order, unknown kinds, numbers beyond 2^53). */
  | 'protocol'
  /** The client was closed. */
  | 'closed'
  /** A setting or address given to the client is out of range or malformed. */
  | 'config';

/** An error of the log client, with a code to branch on and a message for people. */
export class TxlogError extends Error {
  override readonly name = 'TxlogError';

  constructor(
    readonly code: TxlogErrorCode,
    message: string,
  ) {
    super(message);
  }
}
