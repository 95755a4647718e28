import { describe, expect, it } from 'vitest';
import { GlobPattern, globMatch } from '../../server/src/util/glob.js';

/** [pattern, text, matches] under Redis 7.0 stringmatchlen (nocase = 0). */
const CASES: [string, string, boolean][] = [
  ['', '', true],
  ['', 'a', false],
  ['*', 'anything', true],
  ['*', '', false],
  ['**', '', false],
  ['a*', 'a', true],
  ['a**', 'a', true],
  ['*a', 'a', true],
  ['*a', 'ba', true],
  ['*a', 'ab', false],
  ['h?llo', 'hello', true],
  ['h?llo', 'hllo', false],
  ['?', '', false],
  ['h*llo', 'heeeello', true],
  ['h*llo*', 'hello world', true],
  ['*l*o*', 'hello', true],
  ['h[ae]llo', 'hallo', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[a-b]llo', 'hcllo', false],
  ['h[b-a]llo', 'hallo', true],
  ['[a-]', ']', true],
  ['[a-]', 'a', true],
  ['[a-]', '-', false],
  ['[]', ']', false],
  ['[]]', ']', false],
  ['[\\]]', ']', true],
  ['[', 'x', false],
  ['[^', 'x', true],
  ['[abc', 'c', true],
  ['x[abc', 'xb', true],
  ['[a\\', '\\', true],
  ['\\*', '*', true],
  ['\\*', 'x', false],
  ['\\', '\\', true],
  ['a\\', 'a\\', true],
  ['\\?', '?', true],
  ['\\?', 'a', false],
  ['[\\-]', '-', true],
  ['*\\*', 'abc*', true],
  // bytes compare as signed chars in ranges: [a-\xff] is [-1, 97], which holds \xff and '0' but not \x80 (-128) or 'b'
  ['[a-\xff]', '\xff', true],
  ['[a-\xff]', '0', true],
  ['[a-\xff]', '\x80', false],
  ['[a-\xff]', 'b', false],
  ['[\x80-\xff]', '\x90', true],
  ['[\x80-\xff]', 'a', false],
  ['\xe9*', '\xe9t\xe9', true],
  ['a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*!', 'a'.repeat(5000), false],
];

describe('glob matching (Redis stringmatchlen)', () => {
  for (const [pattern, text, expected] of CASES) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text.slice(0, 20))}`, () => {
      expect(new GlobPattern(pattern).test(text)).toBe(expected);
      expect(globMatch(pattern, text)).toBe(expected);
    });
  }

  it('a pattern of many stars against a long text takes linear time', () => {
    const pattern = `${'*a'.repeat(200)}*b`;
    const text = 'a'.repeat(100_000);
    const started = performance.now();
    expect(new GlobPattern(pattern).test(text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('matchesAll is set for stars only, and still refuses the empty text as Redis does', () => {
    expect(new GlobPattern('*').matchesAll).toBe(true);
    expect(new GlobPattern('***').matchesAll).toBe(true);
    expect(new GlobPattern('*a').matchesAll).toBe(false);
    expect(new GlobPattern('').matchesAll).toBe(false);
    expect(new GlobPattern('*').test('')).toBe(false);
  });
});

describe('glob matching without case (nocase = 1)', () => {
  const cases: [string, string, boolean][] = [
    ['HELLO', 'hello', true],
    ['h*O', 'HellO', true],
    ['[A-C]', 'b', true],
    ['[a-c]', 'B', true],
    ['[ABC]', 'b', true],
    ['\\A', 'a', true],
    // an escaped character inside a class compares exactly, even without case
    ['[\\A]', 'a', false],
    ['[\\A]', 'A', true],
    // range ends are ordered first, then lowercased: [Z-a] and [a-Z] become z..a, which holds nothing
    ['[Z-a]', 'z', false],
    ['[Z-a]', '_', false],
    ['[a-Z]', '_', false],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)} without case`, () => {
      expect(globMatch(pattern, text, true)).toBe(expected);
    });
  }

  it('with case, the same class is case-sensitive', () => {
    expect(globMatch('[A-C]', 'b')).toBe(false);
    expect(globMatch('[Z-a]', '_')).toBe(true);
    expect(globMatch('[a-Z]', '_')).toBe(true);
  });
});
