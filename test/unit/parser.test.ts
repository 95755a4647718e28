import { describe, expect, it } from 'vitest';
import { limits } from '../../server/src/config/limits.js';
import { type ParseResult, RequestParser, splitInlineArguments } from '../../server/src/resp/parser.js';
import { seededRandom } from '../support/executor.js';

const MB = 1024 * 1024;

function newParser(bulkBytesMax = 512 * MB, queryBytesMax = 1024 * MB): RequestParser {
  return new RequestParser({ bulkBytesMax, queryBytesMax });
}

/** Feed the chunks one after another and collect every result until the parser needs more. */
function parseChunks(chunks: readonly Buffer[], parser = newParser()): ParseResult[] {
  const results: ParseResult[] = [];
  for (const chunk of chunks) {
    parser.feed(chunk);
    for (let guard = 0; guard < 100_000; guard++) {
      const result = parser.next();
      if (result === null) break;
      results.push(result);
    }
  }
  return results;
}

function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function multibulk(...argv: string[]): string {
  return `*${argv.length}\r\n${argv.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`;
}

function commands(...argvs: string[][]): ParseResult[] {
  return argvs.map((argv) => ({ kind: 'command', argv }));
}

function protocolError(message: string): ParseResult {
  return { kind: 'error', message };
}

/** Several commands of every kind: multibulk with binary bulks (CR, LF, NUL, high bytes), inline with quotes. */
const STREAM = [
  multibulk('SET', 'key\r\nwith\r\nnewlines', '\r\n'),
  'PING\r\n',
  multibulk('ECHO', ''),
  'ECHO "quoted \\x41\\n" \'single \\\' quote\'\n',
  '*0\r\n',
  '\r\n',
  multibulk('ECHO', '\x00\x01\xff\xfe*3\r\n$1\r\n'),
  '*-1\r\n',
  '   \t  \r\n',
  multibulk('MSET', 'a', '1', 'b', '2'),
  'inline  several   words\r\n',
].join('');

const STREAM_COMMANDS = commands(
  ['SET', 'key\r\nwith\r\nnewlines', '\r\n'],
  ['PING'],
  ['ECHO', ''],
  ['ECHO', 'quoted A\n', "single ' quote"],
  ['ECHO', '\x00\x01\xff\xfe*3\r\n$1\r\n'],
  ['MSET', 'a', '1', 'b', '2'],
  ['inline', 'several', 'words'],
);

describe('RESP request parser: any split of the stream', () => {
  it('parses a stream of multibulk and inline commands in one piece', () => {
    expect(parseChunks([bytes(STREAM)])).toEqual(STREAM_COMMANDS);
  });

  it('every split point into two reads gives the same commands', () => {
    const data = bytes(STREAM);
    for (let split = 0; split <= data.length; split++) {
      expect(parseChunks([data.subarray(0, split), data.subarray(split)]), `split at ${split}`).toEqual(STREAM_COMMANDS);
    }
  });

  it('every pair of split points into three reads gives the same commands', () => {
    const data = bytes(STREAM);
    for (let first = 0; first <= data.length; first += 3) {
      for (let second = first; second <= data.length; second += 5) {
        const chunks = [data.subarray(0, first), data.subarray(first, second), data.subarray(second)];
        expect(parseChunks(chunks), `splits at ${first}, ${second}`).toEqual(STREAM_COMMANDS);
      }
    }
  });

  it('one byte at a time gives the same commands', () => {
    const data = bytes(STREAM);
    const chunks = Array.from({ length: data.length }, (_, index) => data.subarray(index, index + 1));
    expect(parseChunks(chunks)).toEqual(STREAM_COMMANDS);
  });

  it('random partitions of a long pipeline with large binary bulks give the same commands', () => {
    const random = seededRandom(7);
    const expected: string[][] = [];
    let text = '';
    for (let index = 0; index < 200; index++) {
      const size = Math.floor(random() * (random() < 0.1 ? 100_000 : 40));
      let value = '';
      for (let byte = 0; byte < size; byte++) value += String.fromCharCode(Math.floor(random() * 256));
      expected.push(['SET', `key:${index}`, value]);
      text += multibulk('SET', `key:${index}`, value);
    }
    const data = bytes(text);
    for (let round = 0; round < 5; round++) {
      const chunks: Buffer[] = [];
      let offset = 0;
      while (offset < data.length) {
        const size = 1 + Math.floor(random() * (random() < 0.5 ? 10 : 70_000));
        chunks.push(data.subarray(offset, offset + size));
        offset += size;
      }
      expect(parseChunks(chunks)).toEqual(commands(...expected));
    }
  });

  it('an inline line may end with LF alone, CRLF, or CR CR LF (a CR left in the line ends a word)', () => {
    expect(parseChunks([bytes('PING\nECHO a\r\nECHO b\r\r\n')])).toEqual(commands(['PING'], ['ECHO', 'a'], ['ECHO', 'b']));
  });

  it('a bulk is taken by its declared length: its trailing two bytes are skipped unchecked (as Redis)', () => {
    expect(parseChunks([bytes('*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n')])).toEqual(commands(['PING'], ['PING']));
    expect(parseChunks([bytes('*1\r\n$4\r\n\r\n\r\nPING\r\n')])).toEqual(commands(['\r\n\r\n'], ['NG']));
  });

  it('a header line needs one byte after its CR before it is parsed', () => {
    const parser = newParser();
    expect(parseChunks([bytes('*1\r')], parser)).toEqual([]);
    expect(parseChunks([bytes('\n$4\r\nPING\r\n')], parser)).toEqual(commands(['PING']));
  });

  it('counts received bytes not yet returned, including the parts of a split bulk', () => {
    const parser = newParser();
    parseChunks([bytes('*2\r\n$4\r\nECHO\r\n$10\r\n12345')], parser);
    expect(parser.bufferedBytes).toBe(5);
    parseChunks([bytes('678')], parser);
    expect(parser.bufferedBytes).toBe(8);
    expect(parseChunks([bytes('90\r\nPI')], parser)).toEqual(commands(['ECHO', '1234567890']));
    expect(parser.bufferedBytes).toBe(2);
  });

  it('a declared bulk length allocates nothing: only the bytes sent are held', () => {
    const parser = newParser();
    parseChunks([bytes('*1\r\n$524288000\r\nabc')], parser);
    expect(parser.bufferedBytes).toBe(3);
  });
});

describe('RESP request parser: protocol errors (Redis 7 wording)', () => {
  const cases: [string, string][] = [
    ['*x\r\n', 'invalid multibulk length'],
    ['*+1\r\n', 'invalid multibulk length'],
    ['*01\r\n', 'invalid multibulk length'],
    ['*-0\r\n', 'invalid multibulk length'],
    ['*1 \r\n', 'invalid multibulk length'],
    ['*\r\n', 'invalid multibulk length'],
    ['*3000000000\r\n', 'invalid multibulk length'],
    ['*2147483648\r\n', 'invalid multibulk length'],
    ['*99999999999999999999999\r\n', 'invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\n$-0\r\n', 'invalid bulk length'],
    ['*1\r\n$+4\r\nPING\r\n', 'invalid bulk length'],
    ['*1\r\n$00\r\n', 'invalid bulk length'],
    ['*1\r\n$\r\n', 'invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'invalid bulk length'],
    ['*1\r\n$9223372036854775807\r\n', 'invalid bulk length'],
    ['*1\r\nx4\r\n', "expected '$', got 'x'"],
    ['*2\r\n$4\r\nECHO\r\n:1\r\n', "expected '$', got ':'"],
    ['*1\r\n\r\n', "expected '$', got '\r'"],
    ['ECHO "abc\r\n', 'unbalanced quotes in request'],
    ["ECHO 'abc\r\n", 'unbalanced quotes in request'],
    ['ECHO "a"b\r\n', 'unbalanced quotes in request'],
    ["ECHO 'a'b\r\n", 'unbalanced quotes in request'],
    ['ECHO "a\\"\r\n', 'unbalanced quotes in request'],
  ];
  for (const [input, message] of cases) {
    it(`${JSON.stringify(input)} is "${message}"`, () => {
      expect(parseChunks([bytes(input)])).toEqual([protocolError(message)]);
    });
  }

  it('commands before a malformed frame are returned first, nothing after it', () => {
    expect(parseChunks([bytes('PING\r\n*1\r\n$4\r\nECHO\r\n*x\r\nPING\r\n')])).toEqual([
      ...commands(['PING'], ['ECHO']),
      protocolError('invalid multibulk length'),
    ]);
  });

  it('after an error the parser returns nothing more, whatever it is fed', () => {
    const parser = newParser();
    expect(parseChunks([bytes('*x\r\n')], parser)).toEqual([protocolError('invalid multibulk length')]);
    expect(parseChunks([bytes('PING\r\n'), bytes(multibulk('PING'))], parser)).toEqual([]);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('the error is found whatever the split of the malformed stream', () => {
    const data = bytes(`${multibulk('PING')}*2\r\n$4\r\nECHO\r\n?5\r\n`);
    for (let split = 0; split <= data.length; split++) {
      expect(parseChunks([data.subarray(0, split), data.subarray(split)])).toEqual([
        ...commands(['PING']),
        protocolError("expected '$', got '?'"),
      ]);
    }
  });
});

describe('RESP request parser: limits', () => {
  it('a bulk of exactly proto-max-bulk-len is accepted, one byte more is "invalid bulk length"', () => {
    const value = 'v'.repeat(MB);
    expect(parseChunks([bytes(multibulk('ECHO', value))], newParser(MB))).toEqual(commands(['ECHO', value]));
    expect(parseChunks([bytes(`*2\r\n$4\r\nECHO\r\n$${MB + 1}\r\n`)], newParser(MB))).toEqual([protocolError('invalid bulk length')]);
  });

  it('an inline request longer than 64 KB without a newline is "too big inline request"', () => {
    const parser = newParser();
    expect(parseChunks([bytes(`ECHO ${'a'.repeat(limits.inlineBytesMax - 5)}`)], parser)).toEqual([]);
    expect(parseChunks([bytes('aa')], parser)).toEqual([protocolError('too big inline request')]);
  });

  it('an inline line of 64 KB before its LF is accepted, a longer one is refused even with its LF', () => {
    const fits = `ECHO ${'a'.repeat(limits.inlineBytesMax - 6)}`; // with its CR: exactly 64 KB before the LF
    expect(parseChunks([bytes(`${fits}\r\n`)])).toEqual(commands(['ECHO', fits.slice(5)]));
    expect(parseChunks([bytes(`${fits}a\r\n`)])).toEqual([protocolError('too big inline request')]);
  });

  it('a multibulk count line longer than 64 KB without CR is "too big mbulk count string"', () => {
    expect(parseChunks([bytes(`*${'1'.repeat(limits.inlineBytesMax + 1)}`)])).toEqual([protocolError('too big mbulk count string')]);
  });

  it('a bulk length line longer than 64 KB without CR is "too big bulk count string"', () => {
    expect(parseChunks([bytes(`*1\r\n$${'1'.repeat(limits.inlineBytesMax + 1)}`)])).toEqual([protocolError('too big bulk count string')]);
  });

  it('a long count line with its CR is an invalid length, not a too big line', () => {
    expect(parseChunks([bytes(`*${'1'.repeat(limits.inlineBytesMax + 1)}\r\n`)])).toEqual([protocolError('invalid multibulk length')]);
  });

  it('a NUL before the line end hides it, as Redis strchr does: the line waits until it is too long', () => {
    const parser = newParser();
    expect(parseChunks([bytes('*1\x00\r\n$4\r\nPING\r\n')], parser)).toEqual([]);
    expect(parseChunks([bytes('x'.repeat(limits.inlineBytesMax))], parser)).toEqual([protocolError('too big mbulk count string')]);
    expect(parseChunks([bytes('PING\x00\r\n')])).toEqual([]);
    expect(parseChunks([bytes(`PING\x00\r\n${'x'.repeat(limits.inlineBytesMax)}`)])).toEqual([protocolError('too big inline request')]);
    expect(parseChunks([bytes(`*1\r\n$4\x00\r\n${'x'.repeat(limits.inlineBytesMax)}`)])).toEqual([protocolError('too big bulk count string')]);
  });

  it('a NUL inside a bulk is data', () => {
    expect(parseChunks([bytes(multibulk('ECHO', '\x00\r\n\x00'))])).toEqual(commands(['ECHO', '\x00\r\n\x00']));
  });

  it('a command holding more than the query buffer limit overflows while its bulk is still arriving', () => {
    const parser = newParser(512 * MB, MB);
    expect(parseChunks([bytes(`*2\r\n$3\r\nSET\r\n$${2 * MB}\r\n`), Buffer.alloc(MB / 2)], parser)).toEqual([]);
    expect(parseChunks([Buffer.alloc(MB / 2 + 10)], parser)).toEqual([{ kind: 'overflow' }]);
  });

  it('many arguments together above the query buffer limit overflow', () => {
    const argument = 'x'.repeat(100_000);
    const argv = Array.from({ length: 12 }, () => argument);
    expect(parseChunks([bytes(multibulk(...argv))], newParser(512 * MB, MB))).toEqual([{ kind: 'overflow' }]);
  });

  it('a command under the query buffer limit passes, and the limit is per command', () => {
    const argument = 'x'.repeat(100_000);
    const argv = ['MSET', ...Array.from({ length: 9 }, () => argument)];
    const stream = bytes(multibulk(...argv).repeat(3));
    expect(parseChunks([stream], newParser(512 * MB, MB))).toEqual(commands(argv, argv, argv));
  });
});

describe('inline arguments (sdssplitargs)', () => {
  const cases: [string, string[] | null][] = [
    ['', []],
    ['   \t ', []],
    ['PING', ['PING']],
    ['  SET  a   b  ', ['SET', 'a', 'b']],
    ['a\tb', ['a', 'b']],
    ['a\x0bb', ['a\x0bb']],
    ['a\x0cb', ['a\x0cb']],
    ['\x0ba \x0c', ['a']],
    ['"hello world"', ['hello world']],
    ['"a\\nb\\rc\\td\\be\\af"', ['a\nb\rc\td\be\x07f']],
    ['"\\x41\\x4a\\x4G\\xz"', ['AJx4Gxz']],
    ['"\\x00\\xff"', ['\x00\xff']],
    ['"\\"q\\"" "\\\\"', ['"q"', '\\']],
    ['"\\q"', ['q']],
    ["'single \\' quote'", ["single ' quote"]],
    ["'no \\n escapes \\x41'", ['no \\n escapes \\x41']],
    ['ab"cd ef"gh', null],
    ['ab"cd ef"', ['abcd ef']],
    ["ab'cd'", ['abcd']],
    ['""', ['']],
    ["''", ['']],
    ['"" \'\'', ['', '']],
    ['"a"\x0bb', ['a', 'b']],
    ['"unterminated', null],
    ["'unterminated", null],
    ['"ends with backslash\\', null],
    ['"a"b', null],
    ["'a'b", null],
    ['"a" b', ['a', 'b']],
    ['a\x00b c', ['a']],
    ['"a\x00b"', null],
  ];
  for (const [line, expected] of cases) {
    it(`${JSON.stringify(line)} splits as Redis does`, () => {
      expect(splitInlineArguments(line)).toEqual(expected);
    });
  }
});
