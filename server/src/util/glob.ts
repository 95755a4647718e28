/**
 * Redis's glob matching (stringmatchlen): `*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes, with Redis's
 * quirks (an unterminated class ends at the pattern's end, a trailing backslash is literal, bytes
 * compare as signed chars in ranges, an escaped character in a class ignores nocase, the empty
 * string matches only the empty pattern). The pattern is compiled to tokens once and matched
 * with the two-pointer method, so a pattern of many stars cannot take exponential time.
 */

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; code: number }
  | { kind: 'class'; negate: boolean; escaped: number[]; singles: number[]; ranges: [number, number][] };

export class GlobPattern {
  private readonly tokens: Token[];
  /**
   * True for `*` alone (and `**`...): every non-empty text matches, nothing to test. (Redis's
   * KEYS and SCAN treat exactly `*` as no pattern at all, so there it matches the empty key too.)
   */
  readonly matchesAll: boolean;

  constructor(
    pattern: string,
    private readonly nocase = false,
  ) {
    this.tokens = compile(pattern, nocase);
    this.matchesAll = this.tokens.length > 0 && this.tokens.every((token) => token.kind === 'star');
  }

  test(text: string): boolean {
    if (text.length === 0) return this.tokens.length === 0; // stringmatchlen never enters its loop
    if (this.matchesAll) return true;
    const tokens = this.tokens;
    let t = 0;
    let s = 0;
    let starToken = -1;
    let starText = 0;
    while (s < text.length) {
      const token = tokens[t];
      if (token !== undefined && token.kind === 'star') {
        starToken = t++;
        starText = s;
        continue;
      }
      if (token !== undefined && this.matchOne(token, text.charCodeAt(s))) {
        t++;
        s++;
        continue;
      }
      if (starToken === -1) return false;
      t = starToken + 1;
      s = ++starText;
    }
    while (t < tokens.length && (tokens[t] as Token).kind === 'star') t++;
    return t === tokens.length;
  }

  private matchOne(token: Token, code: number): boolean {
    switch (token.kind) {
      case 'any':
        return true;
      case 'char':
        return this.nocase ? lower(code) === token.code : code === token.code;
      case 'class': {
        const c = this.nocase ? lower(code) : code;
        let match = token.escaped.includes(code) || token.singles.includes(c);
        if (!match) {
          const charCode = signed(c);
          for (const [start, end] of token.ranges) {
            if (charCode >= start && charCode <= end) {
              match = true;
              break;
            }
          }
        }
        return token.negate ? !match : match;
      }
      case 'star':
        return false;
    }
  }
}

export function globMatch(pattern: string, text: string, nocase = false): boolean {
  return new GlobPattern(pattern, nocase).test(text);
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function compile(pattern: string, nocase: boolean): Token[] {
  const tokens: Token[] = [];
  const length = pattern.length;
  let index = 0;
  while (index < length) {
    const char = pattern[index] as string;
    if (char === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
      index++;
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
      index++;
    } else if (char === '[') {
      index++;
      const negate = pattern[index] === '^';
      if (negate) index++;
      const escaped: number[] = [];
      const singles: number[] = [];
      const ranges: [number, number][] = [];
      while (index < length) {
        const current = pattern[index] as string;
        if (current === '\\' && index + 1 < length) {
          index++;
          escaped.push(pattern.charCodeAt(index));
        } else if (current === ']') {
          break;
        } else if (index + 2 < length && pattern[index + 1] === '-') {
          // Redis orders the ends first, then lowercases them (so [Z-a] with nocase is empty).
          let start = signed(pattern.charCodeAt(index));
          let end = signed(pattern.charCodeAt(index + 2));
          if (start > end) [start, end] = [end, start];
          ranges.push([fold(start, nocase), fold(end, nocase)]);
          index += 2;
        } else {
          singles.push(fold(pattern.charCodeAt(index), nocase));
        }
        index++;
      }
      index++; // past ']' (or past the end for an unterminated class)
      tokens.push({ kind: 'class', negate, escaped, singles, ranges });
    } else if (char === '\\' && index + 1 < length) {
      tokens.push({ kind: 'char', code: fold(pattern.charCodeAt(index + 1), nocase) });
      index += 2;
    } else {
      tokens.push({ kind: 'char', code: fold(pattern.charCodeAt(index), nocase) });
      index++;
    }
  }
  return tokens;
}

function fold(code: number, nocase: boolean): number {
  return nocase ? lower(code) : code;
}

/** A byte as a signed C char. */
function signed(code: number): number {
  return code >= 128 ? code - 256 : code;
}
