import { describe, expect, it } from 'vitest';
import { formatDouble, isCanonicalInt64, parseDouble, parseInt64, parseSafeInteger } from '../../server/src/util/number.js';
import { seededRandom } from '../support/executor.js';

describe('parseInt64 (Redis string2ll)', () => {
  const valid: [string, bigint][] = [
    ['0', 0n],
    ['1', 1n],
    ['-1', -1n],
    ['99', 99n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ];
  for (const [text, value] of valid) {
    it(`${JSON.stringify(text)} is ${value}`, () => expect(parseInt64(text)).toBe(value));
  }
  const invalid = ['', '-', '+1', ' 1', '1 ', '01', '-0', '00', '1.0', '1e3', '0x10', '9223372036854775808', '-9223372036854775809', '99999999999999999999', '１'];
  for (const text of invalid) {
    it(`${JSON.stringify(text)} is not an integer`, () => expect(parseInt64(text)).toBeNull());
  }

  it('isCanonicalInt64 agrees with parseInt64', () => {
    expect(isCanonicalInt64('123')).toBe(true);
    expect(isCanonicalInt64('0123')).toBe(false);
    expect(isCanonicalInt64('-0')).toBe(false);
  });
});

describe('parseSafeInteger', () => {
  it('parses what string2ll parses inside the safe integer range', () => {
    expect(parseSafeInteger('0')).toBe(0);
    expect(parseSafeInteger('-42')).toBe(-42);
    expect(parseSafeInteger('123456789012345')).toBe(123456789012345);
    expect(parseSafeInteger('9007199254740991')).toBe(9007199254740991);
    expect(parseSafeInteger('-9007199254740991')).toBe(-9007199254740991);
  });

  it('refuses what string2ll refuses, and integers beyond 2^53', () => {
    for (const text of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.5', 'abc', '9007199254740992', '-9007199254740992', '9223372036854775807']) {
      expect(parseSafeInteger(text), text).toBeNull();
    }
  });

  it('agrees with parseInt64 on random digit strings', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 5000; round++) {
      let text = random() < 0.3 ? '-' : '';
      const length = Math.floor(random() * 20);
      for (let index = 0; index < length; index++) text += '0123456789x'[Math.floor(random() * 11)];
      const big = parseInt64(text);
      const expected = big !== null && big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : null;
      expect(parseSafeInteger(text), text).toBe(expected);
    }
  });
});

describe('parseDouble (Redis string2d over strtod)', () => {
  const valid: [string, number][] = [
    ['0', 0],
    ['-0', -0],
    ['1', 1],
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['+2', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-.5e+3', -500],
    ['inf', Infinity],
    ['+inf', Infinity],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['-INFINITY', -Infinity],
    ['0x10', 16],
    ['0x1p3', 8],
    ['0X1.8P1', 3],
    ['-0x.8', -0.5],
    ['0x1p-1074', 5e-324],
    ['1e-310', 1e-310],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    [`1.${'0'.repeat(6000)}`, 1],
  ];
  for (const [text, value] of valid) {
    it(`${JSON.stringify(text.slice(0, 30))} is ${value}`, () => expect(parseDouble(text)).toBe(value));
  }
  const invalid = [
    '', ' 1', '\t1', '1 ', '1x', 'abc', '.', '-', 'e5', '1e', '1e+', 'nan', '-nan', 'NaN', 'inf ', 'infin', '0x', '0x.', '0xg', '0x1p',
    '1e309', '-1e309', '1e-400', '0x1p99999', '0x1p-99999', '0x1p-1080', '1_000', '1,5',
  ];
  for (const text of invalid) {
    it(`${JSON.stringify(text)} is not a valid float`, () => expect(parseDouble(text)).toBeNull());
  }

  it('a long hex mantissa rounds once to the nearest double', () => {
    expect(parseDouble('0x1.00000000000008p0')).toBe(1); // exactly half an ulp: ties to even
    expect(parseDouble('0x1.000000000000080000001p0')).toBe(1 + 2 ** -52); // just above half: up
    expect(parseDouble(`0x${'f'.repeat(300)}p-1200`)).toBe(2 ** 0); // 2^1200 - tiny, times 2^-1200
  });
});

describe('formatDouble (%.17g as Redis 7.0 replies)', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-1, '-1'],
    [1.5, '1.5'],
    [0.1, '0.10000000000000001'],
    [1 / 3, '0.33333333333333331'],
    [100, '100'],
    [3.0e16, '30000000000000000'],
    [1e17, '1e+17'],
    [123456789012345680, '1.2345678901234568e+17'],
    [0.0001, '0.0001'],
    [0.00001, '1.0000000000000001e-05'],
    [1.5e-7, '1.4999999999999999e-07'],
    [1e100, '1e+100'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [Number.NaN, 'nan'],
    // exact ties at the 18th significant digit round to even, as glibc does (V8 would round up)
    [1.00000762939453125, '1.0000076293945312'],
    [0.0149707794189453125, '0.014970779418945312'],
    [934177585553717.625, '934177585553717.62'],
    [-17867657.0556640625, '-17867657.055664062'],
    [0.00000917911529541015625, '9.1791152954101562e-06'],
    [-5144610196.33203125, '-5144610196.3320312'],
    [-0.000692844390869140625, '-0.00069284439086914062'],
    [-673051930449.078125, '-673051930449.07812'],
  ];
  for (const [value, text] of cases) {
    it(`${value} prints as ${text}`, () => expect(formatDouble(value)).toBe(text));
  }

  it('17 significant digits read back to the same double', () => {
    const random = seededRandom(11);
    const view = new DataView(new ArrayBuffer(8));
    for (let round = 0; round < 20_000; round++) {
      view.setUint32(0, Math.floor(random() * 2 ** 32));
      view.setUint32(4, Math.floor(random() * 2 ** 32));
      const value = view.getFloat64(0);
      if (!Number.isFinite(value)) continue;
      expect(parseDouble(formatDouble(value)), String(value)).toBe(value);
    }
  });
});
