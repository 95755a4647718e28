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
  if (text.length === 0) return null;
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

/** A hex float as strtod reads it, rounded once to the nearest double; null on overflow or underflow to zero. */
function parseHexFloat(match: RegExpExecArray): number | null {
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  let mantissa = BigInt(`0x${whole}${fraction}`);
  if (mantissa === 0n) return sign === '-' ? -0 : 0;
  let power = Number(exponentText) - 4 * fraction.length;
  // Keep 64 bits and a sticky bit: Number() then rounds to 53 bits exactly once.
  const excess = mantissa.toString(2).length - 64;
  if (excess > 0) {
    const sticky = (mantissa & ((1n << BigInt(excess)) - 1n)) === 0n ? 0n : 1n;
    mantissa = (mantissa >> BigInt(excess)) | sticky;
    power += excess;
  }
  if (power > 1100 || power < -1200) return null; // beyond any double (mantissa has 1 to 64 bits)
  let value = Number(mantissa);
  if (power < -1000) {
    value *= 2 ** -1000; // exact: the value stays a normal double
    power += 1000;
  }
  value *= 2 ** power;
  if (!Number.isFinite(value) || value === 0) return null;
  return sign === '-' ? -value : value;
}

/**
 * C's `%.17g`, which Redis 7.0 uses for doubles in replies (ZSCORE, GEODIST, RESP3 doubles):
 * 17 significant digits rounded half to even on the exact binary value (as glibc does),
 * trailing zeros removed, exponent form when exp < -4 or exp >= 17.
 */
export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Number.isNaN(value)) return 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = significantDigits(Math.abs(value));
  if (exponent < -4 || exponent >= 17) {
    const mantissa = stripZeros(`${digits[0]}.${digits.slice(1)}`);
    const magnitude = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude < 10 ? '0' : ''}${magnitude}`;
  }
  if (exponent < 0) return `${sign}${stripZeros(`0.${'0'.repeat(-exponent - 1)}${digits}`)}`;
  return `${sign}${stripZeros(`${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`)}`;
}

/**
 * The 17 significant digits of a positive finite double and its decimal exponent. V8 rounds
 * exact ties away from zero where glibc rounds them to even, so a value whose digits beyond
 * the 17th look like a tie is rounded from its exact decimal expansion instead.
 */
function significantDigits(value: number): { digits: string; exponent: number } {
  const wide = value.toExponential(30);
  const beyond = wide.slice(18, wide.indexOf('e')); // significant digits 18..31
  if (!/^(50*|49*)$/.test(beyond)) {
    const text = value.toExponential(16);
    const e = text.indexOf('e');
    return { digits: text[0] + text.slice(2, e), exponent: Number(text.slice(e + 1)) };
  }
  return roundHalfEven(exactDecimal(value), 17);
}

/** The exact decimal expansion of a positive finite double: all its digits and the exponent of the first. */
function exactDecimal(value: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  const power = (biased === 0 ? 1 : biased) - 1075; // value = mantissa * 2^power
  if (power >= 0) {
    const digits = (mantissa << BigInt(power)).toString();
    return { digits, exponent: digits.length - 1 };
  }
  const digits = (mantissa * 5n ** BigInt(-power)).toString(); // value = digits * 10^power
  return { digits, exponent: digits.length - 1 + power };
}

/** Round a digit string to `count` significant digits, ties to even. */
function roundHalfEven(exact: { digits: string; exponent: number }, count: number): { digits: string; exponent: number } {
  const head = exact.digits.slice(0, count).padEnd(count, '0');
  const rest = exact.digits.slice(count);
  const first = rest.charCodeAt(0) - 48;
  const tie = first === 5 && /^50*$/.test(rest);
  const up = first > 5 || (first === 5 && !tie) || (tie && (head.charCodeAt(count - 1) - 48) % 2 === 1);
  if (!up) return { digits: head, exponent: exact.exponent };
  const rounded = (BigInt(head) + 1n).toString();
  if (rounded.length > count) return { digits: rounded.slice(0, count), exponent: exact.exponent + 1 };
  return { digits: rounded, exponent: exact.exponent };
}

function stripZeros(text: string): string {
  if (text.indexOf('.') === -1) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}
