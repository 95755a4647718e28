/**
 * Number parsing and formatting with Redis's exact rules (string2ll, strtod, %.17g).
 * Pure functions: used by the RESP layer, the keyspace and the command handlers.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const SAFE_DIGITS_MAX = 15;

/**
 * Redis `string2ll`: an optional '-', then digits with no leading zero (except "0" itself),
 * no '+', no spaces, within int64. Returns null when the text is not such an integer.
 */
export function parseInt64(text: string): bigint | null {
  const length = text.length;
  if (length === 0 || length > 20) return null;
  if (length === 1 && text === '0') return 0n;
  let index = 0;
  if (text.charCodeAt(0) === 45 /* - */) {
    index = 1;
    if (length === 1) return null;
  }
  const first = text.charCodeAt(index);
  if (first < 49 || first > 57) return null;
  for (let i = index + 1; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) return null;
  return value;
}

/**
 * Like parseInt64 but returns a JS number, and null for anything outside the safe-integer range
 * (callers that must accept the whole int64 range use parseInt64).
 */
export function parseSafeInteger(text: string): number | null {
  const length = text.length;
  if (length === 0) return null;
  const negative = text.charCodeAt(0) === 45;
  const digits = negative ? length - 1 : length;
  if (digits > SAFE_DIGITS_MAX || digits === 0) {
    if (digits === 0) return null;
    const big = parseInt64(text);
    if (big === null || big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) return null;
    return Number(big);
  }
  let index = negative ? 1 : 0;
  const first = text.charCodeAt(index);
  if (first === 48) return digits === 1 && !negative ? 0 : null;
  let value = 0;
  for (; index < length; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return null;
    value = value * 10 + code;
  }
  return negative ? -value : value;
}

/** True when `text` is the canonical decimal form of an int64 (Redis stores such strings as "int"). */
export function isCanonicalInt64(text: string): boolean {
  return text.length <= 20 && parseInt64(text) !== null;
}

/** Clamp a bigint to a JS number for use as an index or count when it is known to be in range. */
export function int64ToNumber(value: bigint): number {
  return Number(value);
}

export { INT64_MAX, INT64_MIN };

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY_WORD = /^([+-]?)(?:inf|infinity)$/i;

/**
 * Redis `string2d` over strtod: no leading space, nothing after the number, no NaN,
 * overflow to ±inf and underflow to zero are errors. Accepts inf/infinity and hex floats as
 * strtod does. Returns null when invalid.
 */
export function parseDouble(text: string): number | null {
  if (text.length === 0 || text.length > 5000) return null;
  const first = text.charCodeAt(0);
  if (first === 32 || (first >= 9 && first <= 13)) return null;
  if (DECIMAL_FLOAT.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) return null;
    if (value === 0 && /[1-9]/.test(mantissaOf(text))) return null;
    return value;
  }
  const inf = INFINITY_WORD.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = HEX_FLOAT.exec(text);
  if (hex && (hex[2] !== '' || (hex[3] ?? '') !== '')) return parseHexFloat(hex);
  return null;
}

function mantissaOf(text: string): string {
  const e = text.search(/[eE]/);
  return e === -1 ? text : text.slice(0, e);
}

function parseHexFloat(match: RegExpExecArray): number | null {
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let value = 0;
  for (const digit of whole) value = value * 16 + parseInt(digit, 16);
  let scale = 1 / 16;
  for (const digit of fraction) {
    value += parseInt(digit, 16) * scale;
    scale /= 16;
  }
  value *= Math.pow(2, Number(exponent));
  if (!Number.isFinite(value)) return null;
  return sign === '-' ? -value : value;
}

/**
 * C's `%.17g`, which Redis 7.0 uses for doubles in replies (ZSCORE, GEODIST, RESP3 doubles):
 * 17 significant digits, trailing zeros removed, exponent form when exp < -4 or exp >= 17.
 */
export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isNaN(value)) return 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(16); // d.dddddddddddddddde±x: 17 significant digits
  const eIndex = exponential.indexOf('e');
  const exponent = Number(exponential.slice(eIndex + 1));
  if (exponent < -4 || exponent >= 17) {
    const mantissa = stripZeros(exponential.slice(0, eIndex));
    const sign = exponent < 0 ? '-' : '+';
    const magnitude = Math.abs(exponent);
    return `${mantissa}e${sign}${magnitude < 10 ? '0' : ''}${magnitude}`;
  }
  return stripZeros(value.toFixed(Math.max(0, 16 - exponent)));
}

function stripZeros(text: string): string {
  if (text.indexOf('.') === -1) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}
