/**
 * Limits of the server package, in one place. Each is named with its unit last and says why.
 * Settings users may change (CONFIG SET) live in settings.ts; these are the fixed bounds.
 */
import { constants as bufferConstants } from 'node:buffer';

export const limits = {
  /** Redis's PROTO_INLINE_MAX_SIZE: an inline command or a `*N`/`$N` header line longer than this is a protocol error. */
  inlineBytesMax: 64 * 1024,
  /** Redis rejects multibulk counts above INT_MAX. */
  multibulkCountMax: 2147483647,
  /** The longest string V8 can hold; bulk strings above it cannot become one value. */
  stringBytesMax: bufferConstants.MAX_STRING_LENGTH,
  /** Per-argument memory accounted against the query buffer limit, beyond the argument's bytes. */
  argumentOverheadBytes: 16,
  /** Stop reading from a client while this many reply bytes wait for its socket (backpressure). */
  socketBacklogBytesMax: 4 * 1024 * 1024,
  /** Commands run for one connection before yielding to other connections. */
  commandsPerTurnMax: 1024,
  /** Replies one connection may have waiting for the log to commit; beyond it the session stops reading until commits catch up. */
  heldRepliesPerClientMax: 16_384,
  /** Keys examined by one SCAN step when COUNT is larger (bounds the time of one call). */
  scanStepKeysMax: 1_000_000,
  /** Database count accepted by the `databases` setting. */
  databasesMax: 1024,
} as const;
