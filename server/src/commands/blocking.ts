/**
 * Timeouts of blocking commands, parsed as Redis 7.0's getTimeoutFromObjectOrReply: seconds as
 * a float (BLPOP, BZPOPMIN...) or milliseconds as an integer (XREAD BLOCK). The result is a
 * relative timeout in ms for CommandContext.block, 0 meaning forever.
 */
import { errors } from '../resp/errors.js';
import type { ErrorReply } from '../resp/reply.js';
import { parseDouble, parseInt64 } from '../util/number.js';

/** C's (long long) of a double on x86-64: out of range and NaN give LLONG_MIN. */
const INT64_LIMIT = 2 ** 63;

/** A timeout in seconds (fractions allowed): whole ms, truncated as Redis does, or the error. */
export function parseTimeoutSeconds(text: string): number | ErrorReply {
  const seconds = parseDouble(text);
  if (seconds === null) return errors.timeoutNotFloat;
  const ms = seconds * 1000;
  // An out-of-range conversion gives LLONG_MIN in Redis, hence "negative" for inf and 1e300.
  if (!(ms > -INT64_LIMIT && ms < INT64_LIMIT)) return errors.timeoutNegative;
  const truncated = Math.trunc(ms);
  if (truncated < 0) return errors.timeoutNegative;
  return truncated;
}

/** A timeout in milliseconds (an integer), or the error. */
export function parseTimeoutMilliseconds(text: string): number | ErrorReply {
  const ms = parseInt64(text);
  if (ms === null) return errors.timeoutNotInteger;
  if (ms < 0n) return errors.timeoutNegative;
  return Number(ms);
}
