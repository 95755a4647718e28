/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN, read as Redis's scanGenericCommand reads them:
 * the cursor as strtoul does, then MATCH and COUNT (and TYPE for SCAN) in pairs.
 */
import { limits } from '../config/limits.js';
import { errors } from '../resp/errors.js';
import type { ErrorReply } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import { parseInt64 } from '../util/number.js';

/** COUNT when none is given. */
const SCAN_COUNT_DEFAULT = 10;
/** Cursors are unsigned 64-bit numbers. */
const CURSOR_MAX = 2n ** 64n - 1n;
/** Digits of the largest cursor: a longer text is out of range before it is read. */
const CURSOR_DIGITS_MAX = 20;

/**
 * A scan cursor as Redis's strtoul reads it: decimal digits with an optional sign (a negative
 * value wraps around), no leading space, the empty string as 0; null when invalid.
 */
export function parseCursor(text: string): number | null {
  if (text === '') return 0;
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (match === null) return null;
  const digits = (match[2] as string).replace(/^0+(?=\d)/, '');
  if (digits.length > CURSOR_DIGITS_MAX) return null;
  const magnitude = BigInt(digits);
  if (magnitude > CURSOR_MAX) return null;
  return Number(match[1] === '-' && magnitude !== 0n ? CURSOR_MAX + 1n - magnitude : magnitude);
}

export interface ScanOptions {
  /** Positions visited per call, capped at limits.scanStepKeysMax. */
  count: number;
  /** MATCH, null for none (exactly `*` is none, as in Redis). */
  pattern: GlobPattern | null;
  /** SCAN's TYPE, lower case; null for none. */
  typeName: string | null;
}

/**
 * The options from `argv[first]` on: pairs of MATCH, COUNT (at least 1) and, when `allowType`,
 * TYPE; anything else is a syntax error.
 */
export function parseScanOptions(argv: readonly string[], first: number, allowType: boolean): ScanOptions | ErrorReply {
  const options: ScanOptions = { count: SCAN_COUNT_DEFAULT, pattern: null, typeName: null };
  for (let index = first; index < argv.length; index += 2) {
    const option = (argv[index] as string).toLowerCase();
    const value = argv[index + 1];
    if (value === undefined) return errors.syntax;
    if (option === 'count') {
      const count = parseInt64(value);
      if (count === null) return errors.notInteger;
      if (count < 1n) return errors.syntax;
      options.count = count > BigInt(limits.scanStepKeysMax) ? limits.scanStepKeysMax : Number(count);
    } else if (option === 'match') {
      options.pattern = value === '*' ? null : new GlobPattern(value);
    } else if (option === 'type' && allowType) {
      options.typeName = value.toLowerCase();
    } else {
      return errors.syntax;
    }
  }
  return options;
}
