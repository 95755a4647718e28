import { describe, expect, it } from 'vitest';
import {
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  NO_REPLY,
  NULL_ARRAY,
  OK,
  PushReply,
  type Reply,
  ReplySequence,
  SetReply,
  Status,
  VerbatimReply,
} from '../../server/src/resp/reply.js';
import { encodeReply, OutputBuffer, type ProtocolVersion, writeReply } from '../../server/src/resp/writer.js';

function encode(reply: Reply, protocol: ProtocolVersion): string {
  return encodeReply(reply, protocol).toString('latin1');
}

/** [description, reply, RESP2 bytes, RESP3 bytes] */
const CASES: [string, Reply, string, string][] = [
  ['a bulk string', 'hello', '$5\r\nhello\r\n', '$5\r\nhello\r\n'],
  ['an empty bulk string', '', '$0\r\n\r\n', '$0\r\n\r\n'],
  ['a binary bulk string (one char per byte)', '\x00\r\n\xff', '$4\r\n\x00\r\n\xff\r\n', '$4\r\n\x00\r\n\xff\r\n'],
  ['a Uint8Array bulk', new Uint8Array([0, 13, 10, 255]), '$4\r\n\x00\r\n\xff\r\n', '$4\r\n\x00\r\n\xff\r\n'],
  ['an integer', 42, ':42\r\n', ':42\r\n'],
  ['a negative integer', -7, ':-7\r\n', ':-7\r\n'],
  ['zero', 0, ':0\r\n', ':0\r\n'],
  ['a big integer', 9223372036854775807n, ':9223372036854775807\r\n', ':9223372036854775807\r\n'],
  ['the null bulk', null, '$-1\r\n', '_\r\n'],
  ['the null array', NULL_ARRAY, '*-1\r\n', '_\r\n'],
  ['an empty array', [], '*0\r\n', '*0\r\n'],
  ['an array', ['a', 1, null], '*3\r\n$1\r\na\r\n:1\r\n$-1\r\n', '*3\r\n$1\r\na\r\n:1\r\n_\r\n'],
  ['a nested array', [['a'], []], '*2\r\n*1\r\n$1\r\na\r\n*0\r\n', '*2\r\n*1\r\n$1\r\na\r\n*0\r\n'],
  ['a status', OK, '+OK\r\n', '+OK\r\n'],
  ['a status with CR/LF (replaced by spaces)', new Status('a\r\nb'), '+a  b\r\n', '+a  b\r\n'],
  ['an error', new ErrorReply('ERR bad'), '-ERR bad\r\n', '-ERR bad\r\n'],
  ['an error with CR/LF (replaced by spaces)', new ErrorReply('ERR a\nb\rc'), '-ERR a b c\r\n', '-ERR a b c\r\n'],
  ['a map', new MapReply(['a', 1, 'b', ['x']]), '*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n', '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n'],
  ['an empty map', new MapReply([]), '*0\r\n', '%0\r\n'],
  ['a set', new SetReply(['a', 'b']), '*2\r\n$1\r\na\r\n$1\r\nb\r\n', '~2\r\n$1\r\na\r\n$1\r\nb\r\n'],
  ['a push', new PushReply(['message', 'ch', 'hi']), '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n', '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n'],
  ['a double', new DoubleReply(1.5), '$3\r\n1.5\r\n', ',1.5\r\n'],
  ['a double with 17 digits', new DoubleReply(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
  ['a double in exponent form', new DoubleReply(1e20), '$5\r\n1e+20\r\n', ',1e+20\r\n'],
  ['a small double in exponent form', new DoubleReply(0.00001), '$22\r\n1.0000000000000001e-05\r\n', ',1.0000000000000001e-05\r\n'],
  ['an integral double', new DoubleReply(3), '$1\r\n3\r\n', ',3\r\n'],
  ['negative zero', new DoubleReply(-0), '$2\r\n-0\r\n', ',-0\r\n'],
  ['infinity', new DoubleReply(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
  ['minus infinity', new DoubleReply(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
  ['a verbatim string', new VerbatimReply('txt', 'line\r\n'), '$6\r\nline\r\n\r\n', '=10\r\ntxt:line\r\n\r\n'],
  ['a markdown verbatim string', new VerbatimReply('mkd', '# x'), '$3\r\n# x\r\n', '=7\r\nmkd:# x\r\n'],
  ['true', new BoolReply(true), ':1\r\n', '#t\r\n'],
  ['false', new BoolReply(false), ':0\r\n', '#f\r\n'],
  ['no reply', NO_REPLY, '', ''],
  ['a reply sequence (back to back, no array)', new ReplySequence([OK, 'a', new PushReply([1])]), '+OK\r\n$1\r\na\r\n*1\r\n:1\r\n', '+OK\r\n$1\r\na\r\n>1\r\n:1\r\n'],
  ['an array holding every type', [new MapReply(['k', new SetReply([new BoolReply(true)])]), new DoubleReply(2.5), NULL_ARRAY], '*3\r\n*2\r\n$1\r\nk\r\n*1\r\n:1\r\n$3\r\n2.5\r\n*-1\r\n', '*3\r\n%1\r\n$1\r\nk\r\n~1\r\n#t\r\n,2.5\r\n_\r\n'],
];

describe('reply writer', () => {
  for (const [description, reply, resp2, resp3] of CASES) {
    it(`encodes ${description} in RESP2`, () => expect(encode(reply, 2)).toBe(resp2));
    it(`encodes ${description} in RESP3`, () => expect(encode(reply, 3)).toBe(resp3));
  }

  it('refuses a non-integer number as an integer reply (a programming error)', () => {
    expect(() => encode(1.5, 2)).toThrow(/assertion/);
  });

  it('refuses a map with an odd number of entries (a programming error)', () => {
    expect(() => encode(new MapReply(['a']), 3)).toThrow(/assertion/);
  });
});

describe('output buffer', () => {
  it('keeps every byte when small writes cross the end of a chunk', () => {
    const out = new OutputBuffer();
    let expected = '';
    for (let size = 1; size < 8192; size = Math.ceil(size * 1.7)) {
      const text = String.fromCharCode(97 + (size % 26)).repeat(size);
      out.ascii(text);
      expected += text;
    }
    for (let index = 0; index < 40; index++) {
      const text = `${index}:${'z'.repeat(3000 + index * 97)}`;
      out.ascii(text);
      expected += text;
    }
    expect(out.length).toBe(expected.length);
    expect(Buffer.concat(out.take()).toString('latin1')).toBe(expected);
    expect(out.length).toBe(0);
  });

  it('frames bulk strings of every length around the short-copy cut and every byte value exactly, across chunks', () => {
    const out = new OutputBuffer();
    let expected = '';
    const allBytes = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join('');
    for (let round = 0; round < 60; round++) {
      for (let length = 0; length <= 70; length++) {
        const text = allBytes.repeat(2).slice(round, round + length);
        out.bulk(text);
        expected += `$${length}\r\n${text}\r\n`;
      }
    }
    expect(Buffer.concat(out.take()).toString('latin1')).toBe(expected);
  });

  it('keeps every byte when a small binary value does not fit in the rest of a chunk', () => {
    const out = new OutputBuffer();
    for (let index = 0; index < 4; index++) out.ascii('a'.repeat((16 * 1024 - 2000) / 4)); // small writes share one chunk
    const value = new Uint8Array(5000).fill(7);
    out.bytes(value);
    out.ascii('end');
    const all = Buffer.concat(out.take());
    expect(all.length).toBe(16 * 1024 - 2000 + 5000 + 3);
    expect(all.subarray(16 * 1024 - 2000, 16 * 1024 + 3000).every((byte) => byte === 7)).toBe(true);
    expect(all.subarray(-3).toString()).toBe('end');
  });

  it('copies large binary values, so changing them afterwards does not change what is sent', () => {
    const out = new OutputBuffer();
    const value = new Uint8Array(20_000).fill(1);
    writeReply(out, value, 2);
    value.fill(2);
    const all = Buffer.concat(out.take());
    expect(all.subarray(8, 8 + 20_000).every((byte) => byte === 1)).toBe(true);
  });

  it('does not reuse memory already taken', () => {
    const out = new OutputBuffer();
    out.ascii('first');
    const first = out.take();
    out.ascii('second'.repeat(1000));
    out.take();
    expect(Buffer.concat(first).toString()).toBe('first');
  });

  it('encodes a long pipeline of replies identically to one-by-one encoding', () => {
    const out = new OutputBuffer();
    const replies: Reply[] = [];
    for (let index = 0; index < 5000; index++) {
      replies.push(index % 3 === 0 ? `value-${index}-${'x'.repeat(index % 200)}` : index % 3 === 1 ? index : new Status(`S${index}`));
    }
    for (const reply of replies) writeReply(out, reply, 3);
    const expected = Buffer.concat(replies.map((reply) => encodeReply(reply, 3)));
    expect(Buffer.concat(out.take()).equals(expected)).toBe(true);
  });
});
