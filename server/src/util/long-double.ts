/**
 * C `long double` as Redis uses it for INCRBYFLOAT on x86-64: the x87 80-bit extended format
 * (64-bit significand with an explicit integer bit, exponents down to 2^-16382, subnormals down
 * to 2^-16445), emulated exactly with BigInt. Parsing follows Redis's `string2ld` over glibc
 * `strtold`, addition is IEEE round-to-nearest-even, and formatting is Redis's `ld2string` in
 * human mode (`%.17Lf`, then trailing zeros and a trailing dot removed, "-0" printed as "0").
 */

/** A finite value is ±significand × 2^exponent; infinities and NaN are kept apart. */
export type LongDouble =
  | { readonly kind: 'finite'; readonly negative: boolean; readonly significand: bigint; readonly exponent: number }
  | { readonly kind: 'infinity'; readonly negative: boolean }
  | { readonly kind: 'nan' };

/** Bits in the significand of the x87 extended format. */
const SIGNIFICAND_BITS = 64;
const SIGNIFICAND_LIMIT = 1n << 64n;
const SIGNIFICAND_TOP = 1n << 63n;
/** Exponent of the lowest significand bit of the smallest subnormal (2^-16445). */
const LOWEST_BIT_EXPONENT_MIN = -16445;
/** Exponent of the lowest significand bit of the largest finite value ((2^64 - 1) × 2^16320). */
const LOWEST_BIT_EXPONENT_MAX = 16320;
/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses texts of this length or longer. */
const TEXT_LENGTH_LIMIT = 5 * 1024;
/** Decimal exponents are clamped here while read: far beyond any finite or non-zero result. */
const DECIMAL_EXPONENT_CLAMP = 1_000_000_000;
/** A non-zero decimal at or above 10^this always overflows (the largest value is about 1.19e4932). */
const DECIMAL_OVERFLOW_DIGITS = 4933;
/** A non-zero decimal below 10^-this always rounds to zero (half the smallest subnormal is about 1.8e-4951). */
const DECIMAL_UNDERFLOW_DIGITS = 4951;
/** Fraction digits of `%.17Lf`. */
const FRACTION_DIGITS = 17;
const FRACTION_SCALE = 10n ** 17n;

const NAN: LongDouble = { kind: 'nan' };

/** The value zero (positive). */
export const LONG_DOUBLE_ZERO: LongDouble = zero(false);

/** True for values that are neither infinite nor NaN. */
export function isFiniteLongDouble(value: LongDouble): boolean {
  return value.kind === 'finite';
}

/**
 * Redis `string2ld`: the whole text must be one `strtold` number (decimal, hexadecimal with an
 * optional binary exponent, or inf/infinity), with no leading space, shorter than 5120 bytes,
 * not NaN, and neither overflowing to infinity nor a non-zero number underflowing to zero.
 * Returns null when Redis would answer "value is not a valid float".
 */
export function parseLongDouble(text: string): LongDouble | null {
  const length = text.length;
  if (length === 0 || length >= TEXT_LENGTH_LIMIT) return null;
  const sign = text.charCodeAt(0);
  const negative = sign === 45; /* - */
  const start = negative || sign === 43 /* + */ ? 1 : 0;
  if (isInfinityWord(text, start)) return { kind: 'infinity', negative };
  if (text.charCodeAt(start) === 48 && (text.charCodeAt(start + 1) | 0x20) === 120 /* x */) {
    return parseHexadecimal(text, start + 2, negative);
  }
  return parseDecimal(text, start, negative);
}

/** IEEE addition in round-to-nearest-even: exact sum, rounded once. */
export function addLongDouble(left: LongDouble, right: LongDouble): LongDouble {
  if (left.kind === 'nan' || right.kind === 'nan') return NAN;
  if (left.kind === 'infinity') return right.kind === 'infinity' && right.negative !== left.negative ? NAN : left;
  if (right.kind === 'infinity') return right;
  const exponent = Math.min(left.exponent, right.exponent);
  const sum = signedScaled(left, exponent) + signedScaled(right, exponent);
  if (sum === 0n) return zero(left.negative && right.negative);
  return sum < 0n ? round(true, -sum, 1n, exponent) : round(false, sum, 1n, exponent);
}

/**
 * Redis `ld2string(..., LD_STR_HUMAN)` for a finite value: `%.17Lf` (the exact binary value
 * rounded to 17 fraction digits, ties to even as glibc), trailing zeros and dot removed, and a
 * negative zero printed as "0".
 */
export function formatLongDouble(value: LongDouble): string {
  if (value.kind !== 'finite') throw new Error('assertion: only finite long doubles are formatted');
  const digits = value.exponent >= 0 ? (value.significand << BigInt(value.exponent)).toString() : fixedFraction(value);
  return value.negative && digits !== '0' ? `-${digits}` : digits;
}

function zero(negative: boolean): LongDouble {
  return { kind: 'finite', negative, significand: 0n, exponent: 0 };
}

function signedScaled(value: { negative: boolean; significand: bigint; exponent: number }, exponent: number): bigint {
  const scaled = value.significand << BigInt(value.exponent - exponent);
  return value.negative ? -scaled : scaled;
}

/** The digits of a value with a negative exponent, rounded to 17 fraction digits, zeros stripped. */
function fixedFraction(value: { significand: bigint; exponent: number }): string {
  const shift = BigInt(-value.exponent);
  const scaled = value.significand * FRACTION_SCALE;
  let rounded = scaled >> shift;
  const remainder = scaled - (rounded << shift);
  const half = 1n << (shift - 1n);
  if (remainder > half || (remainder === half && (rounded & 1n) === 1n)) rounded++;
  const integerPart = (rounded / FRACTION_SCALE).toString();
  const fraction = rounded % FRACTION_SCALE;
  if (fraction === 0n) return integerPart;
  const fractionText = fraction.toString().padStart(FRACTION_DIGITS, '0');
  let end = fractionText.length;
  while (fractionText.charCodeAt(end - 1) === 48) end--;
  return `${integerPart}.${fractionText.slice(0, end)}`;
}

/**
 * Round ±(numerator / denominator) × 2^binaryExponent (numerator > 0) to the nearest extended
 * value, ties to even, with subnormals, underflow to zero and overflow to infinity.
 */
function round(negative: boolean, numerator: bigint, denominator: bigint, binaryExponent: number): LongDouble {
  const bits = bitLength(numerator) - bitLength(denominator);
  // The value lies in [2^(bits + binaryExponent - 1), 2^(bits + binaryExponent + 1)).
  if (bits + binaryExponent - 1 >= LOWEST_BIT_EXPONENT_MAX + SIGNIFICAND_BITS) return { kind: 'infinity', negative };
  if (bits + binaryExponent + 1 <= LOWEST_BIT_EXPONENT_MIN - 1) return zero(negative);
  let shift = SIGNIFICAND_BITS - bits;
  if (quotient(numerator, denominator, shift) >= SIGNIFICAND_LIMIT) shift--;
  let lowestBitExponent = binaryExponent - shift;
  if (lowestBitExponent < LOWEST_BIT_EXPONENT_MIN) {
    shift -= LOWEST_BIT_EXPONENT_MIN - lowestBitExponent;
    lowestBitExponent = LOWEST_BIT_EXPONENT_MIN;
  }
  const scaledNumerator = shift >= 0 ? numerator << BigInt(shift) : numerator;
  const scaledDenominator = shift >= 0 ? denominator : denominator << BigInt(-shift);
  let significand = scaledNumerator / scaledDenominator;
  const twiceRemainder = (scaledNumerator - significand * scaledDenominator) << 1n;
  if (twiceRemainder > scaledDenominator || (twiceRemainder === scaledDenominator && (significand & 1n) === 1n)) {
    significand++;
  }
  if (significand === SIGNIFICAND_LIMIT) {
    significand = SIGNIFICAND_TOP;
    lowestBitExponent++;
  }
  if (lowestBitExponent > LOWEST_BIT_EXPONENT_MAX) return { kind: 'infinity', negative };
  if (significand === 0n) return zero(negative);
  return { kind: 'finite', negative, significand, exponent: lowestBitExponent };
}

function quotient(numerator: bigint, denominator: bigint, shift: number): bigint {
  return shift >= 0 ? (numerator << BigInt(shift)) / denominator : numerator / (denominator << BigInt(-shift));
}

function bitLength(value: bigint): number {
  const hex = value.toString(16);
  return hex.length * 4 - (Math.clz32(parseInt(hex.charAt(0), 16)) - 28);
}

/** "inf" or "infinity", any case, ending the text. */
function isInfinityWord(text: string, start: number): boolean {
  const rest = text.length - start;
  if (rest !== 3 && rest !== 8) return false;
  return text.slice(start).toLowerCase() === (rest === 3 ? 'inf' : 'infinity');
}

/** The result of a finite, correctly rounded parse: null when it overflowed or a non-zero value underflowed. */
function finiteOrNull(value: LongDouble, nonZeroInput: boolean): LongDouble | null {
  if (value.kind !== 'finite') return null;
  if (nonZeroInput && value.significand === 0n) return null;
  return value;
}

function isDecimalDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function hexDigitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Digits, an optional '.' and more digits: the span positions and where the mantissa ends. */
interface Mantissa {
  readonly digits: string;
  readonly fractionDigits: number;
  readonly end: number;
}

function scanMantissa(text: string, start: number, isDigit: (code: number) => boolean): Mantissa | null {
  let index = start;
  while (index < text.length && isDigit(text.charCodeAt(index))) index++;
  const integerEnd = index;
  let fractionStart = index;
  if (text.charCodeAt(index) === 46 /* . */) {
    index++;
    fractionStart = index;
    while (index < text.length && isDigit(text.charCodeAt(index))) index++;
  }
  const digits = text.slice(start, integerEnd) + text.slice(fractionStart, index);
  if (digits.length === 0) return null;
  return { digits, fractionDigits: index - fractionStart, end: index };
}

/**
 * An optional exponent (`e`/`p` marker, sign, digits) at `start`, clamped; it must end the text.
 * Returns null when anything other than a complete exponent follows the mantissa.
 */
function scanExponent(text: string, start: number, marker: number): number | null {
  if (start === text.length) return 0;
  if ((text.charCodeAt(start) | 0x20) !== marker) return null;
  let index = start + 1;
  const sign = text.charCodeAt(index);
  if (sign === 43 || sign === 45) index++;
  if (index === text.length) return null;
  let exponent = 0;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!isDecimalDigit(code)) return null;
    exponent = Math.min(exponent * 10 + (code - 48), DECIMAL_EXPONENT_CLAMP);
  }
  return sign === 45 ? -exponent : exponent;
}

function parseDecimal(text: string, start: number, negative: boolean): LongDouble | null {
  const mantissa = scanMantissa(text, start, isDecimalDigit);
  if (mantissa === null) return null;
  const exponent = scanExponent(text, mantissa.end, 101 /* e */);
  if (exponent === null) return null;
  const digits = BigInt(mantissa.digits);
  if (digits === 0n) return zero(negative);
  const decimalExponent = exponent - mantissa.fractionDigits;
  const magnitude = digits.toString().length + decimalExponent;
  if (magnitude > DECIMAL_OVERFLOW_DIGITS || magnitude <= -DECIMAL_UNDERFLOW_DIGITS) return null;
  const value =
    decimalExponent >= 0
      ? round(negative, digits * 10n ** BigInt(decimalExponent), 1n, 0)
      : round(negative, digits, 10n ** BigInt(-decimalExponent), 0);
  return finiteOrNull(value, true);
}

/** `0x` already consumed: hex digits with an optional '.', then an optional `p` binary exponent. */
function parseHexadecimal(text: string, start: number, negative: boolean): LongDouble | null {
  const mantissa = scanMantissa(text, start, (code) => hexDigitValue(code) >= 0);
  if (mantissa === null) return null;
  const exponent = scanExponent(text, mantissa.end, 112 /* p */);
  if (exponent === null) return null;
  const digits = BigInt(`0x${mantissa.digits}`);
  if (digits === 0n) return zero(negative);
  return finiteOrNull(round(negative, digits, 1n, exponent - 4 * mantissa.fractionDigits), true);
}
