/**
 * Timeouts of blocking commands, parsed as Redis 7.0's getTimeoutFromObjectOrReply: seconds as
 * a float (BLPOP, BZPOPMIN...) or milliseconds as an integer (XREAD BLOCK). The result is a
 * relative timeout in ms for CommandContext.block, 0 meaning forever.
 */
import { errors } from '../resp/errors.js';
import type { ErrorReply } from '../resp/reply.js';
import { parseLongDouble } from '../util/long-double.js';
import { parseInt64 } from '../util/number.js';

/** C's (long long) of a double on x86-64: out of range and NaN give LLONG_MIN. */
const INT64_LIMIT = 2 ** 63;

/** A timeout in seconds (fractions allowed, read as a long double as Redis does): whole ms, truncated, or the error. */
export function parseTimeoutSeconds(text: string): number | ErrorReply {
  const parsed = parseLongDouble(text);
  if (parsed === null) return errors.timeoutNotFloat;
  if (parsed.kind !== 'finite') return errors.timeoutNegative;
  // Precision beyond a double does not matter once truncated to ms; magnitudes beyond one become ±Infinity (out of range).
  const seconds = (parsed.negative ? -1 : 1) * Number(parsed.significand) * 2 ** parsed.exponent;
  const ms = seconds * 1000;
  // An out-of-range conversion gives LLONG_MIN in Redis, hence "negative" for inf and 1e300.
  if (!(ms > -INT64_LIMIT && ms < INT64_LIMIT)) return errors.timeoutNegative;
  const truncated = Math.trunc(ms) + 0; // + 0 turns -0 into 0
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
