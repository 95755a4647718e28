/**
 * Reply values. Handlers return these; the writer encodes them for RESP2 or RESP3.
 *
 * The common shapes are plain JS values so the hot path allocates nothing extra:
 *   string / Uint8Array  -> bulk string (a string is binary: one char per byte, latin1)
 *   number (integer)     -> integer
 *   bigint               -> integer beyond 2^53 (INCR on int64 values)
 *   null                 -> null bulk (RESP2 `$-1`, RESP3 `_`)
 *   Reply[]              -> array
 * Everything else is a small class instance.
 */
export type Bulk = string | Uint8Array;

export class Status {
  constructor(readonly text: string) {}
}

/** An error reply. `text` starts with its code, e.g. `ERR syntax error`, `WRONGTYPE ...`. */
export class ErrorReply {
  constructor(readonly text: string) {}
  get code(): string {
    const space = this.text.indexOf(' ');
    return space === -1 ? this.text : this.text.slice(0, space);
  }
}

/**
 * A floating point reply: RESP3 `,`, RESP2 a bulk string. Formatted as Redis 7.0's %.17g unless
 * `text` gives the digits (geo coordinates use Redis's long double `%.17Lf` form).
 */
export class DoubleReply {
  constructor(
    readonly value: number,
    readonly text?: string,
  ) {}
}

/** A map: RESP3 `%`, RESP2 a flat array. `entries` is flat: key, value, key, value... */
export class MapReply {
  constructor(readonly entries: Reply[]) {}
}

/** A set: RESP3 `~`, RESP2 an array. */
export class SetReply {
  constructor(readonly items: Reply[]) {}
}

/** An out-of-band message (pub/sub): RESP3 `>`, RESP2 an array. */
export class PushReply {
  constructor(readonly items: Reply[]) {}
}

/** A verbatim string: RESP3 `=` with a 3-letter format, RESP2 a bulk string. */
export class VerbatimReply {
  constructor(
    readonly format: 'txt' | 'mkd',
    readonly text: string,
  ) {}
}

/** A boolean: RESP3 `#`, RESP2 the integer 1 or 0. */
export class BoolReply {
  constructor(readonly value: boolean) {}
}

/** The null array: RESP2 `*-1`, RESP3 `_` (EXEC after a failed WATCH, BLPOP timeout). */
export class NullArray {
  private constructor() {}
  static readonly instance = new NullArray();
}

/** No reply at all (CLIENT REPLY OFF/SKIP acknowledge nothing). */
export class NoReply {
  private constructor() {}
  static readonly instance = new NoReply();
}

/**
 * Several replies written back to back, not as one array: SUBSCRIBE a b answers one confirmation
 * per channel. (Inside EXEC this gives the same surprising framing as Redis.)
 */
export class ReplySequence {
  constructor(readonly replies: Reply[]) {}
}

export type Reply =
  | ReplySequence
  | NoReply
  | null
  | number
  | bigint
  | Bulk
  | Reply[]
  | Status
  | ErrorReply
  | DoubleReply
  | MapReply
  | SetReply
  | PushReply
  | VerbatimReply
  | BoolReply
  | NullArray;

export const OK = new Status('OK');
export const QUEUED = new Status('QUEUED');
export const PONG = new Status('PONG');
export const NULL_ARRAY = NullArray.instance;
export const NO_REPLY = NoReply.instance;
