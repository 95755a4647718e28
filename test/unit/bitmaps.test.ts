import { describe, expect, it } from 'vitest';
import { limits } from '../../server/src/config/limits.js';
import { bitwise, countBits, FieldEditor, findBit, popcount } from '../../server/src/keyspace/bitmap.js';
import { buildCommandTable } from '../../server/src/commands/index.js';
import { CommandTable } from '../../server/src/commands/table.js';
import type { Client } from '../../server/src/net/client.js';
import { ErrorReply } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const bitOffsetError = new ErrorReply('ERR bit offset is not an integer or out of range');
const tooLongError = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
const wrongTypeError = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');

/** A binary string of `length` random bytes, zeros with probability `zeroShare`. */
function randomBytes(random: () => number, length: number, zeroShare = 0.3): string {
  let text = '';
  for (let index = 0; index < length; index++) {
    text += random() < zeroShare ? '\0' : String.fromCharCode(Math.floor(random() * 256));
  }
  return text;
}

function naiveBit(value: string, offset: number): number {
  const byte = Math.floor(offset / 8);
  return byte < value.length ? (value.charCodeAt(byte) >> (7 - (offset % 8))) & 1 : 0;
}

function naiveCount(value: string, startBit: number, endBit: number): number {
  let count = 0;
  for (let offset = startBit; offset <= endBit; offset++) count += naiveBit(value, offset);
  return count;
}

function naiveFind(value: string, bit: number, startBit: number, endBit: number): number {
  for (let offset = startBit; offset <= endBit; offset++) if (naiveBit(value, offset) === bit) return offset;
  return -1;
}

/** The stored string at `key` in database 0, or undefined. */
function stored(server: Executor, key: string): string | undefined {
  const entry = server.state.keyspace.db(0).peek(key);
  return entry?.type === 'string' ? entry.value : undefined;
}

/** Put a value of another type at `key`; its effect is forgotten, so tests count only what bitmap commands record. */
function putNonString(server: Executor, key: string): void {
  server.run('RPUSH', key, 'element');
  server.effects.length = 0;
}

describe('bitmap command specs', () => {
  it('arity, flags, key positions and ACL categories are those of Redis 7.0', () => {
    const table = buildCommandTable();
    const shape = (name: string) => {
      const spec = table.get(name);
      if (spec === undefined) throw new Error(`no spec for ${name}`);
      return [spec.arity, CommandTable.flags(spec), spec.firstKey, spec.lastKey, spec.keyStep, CommandTable.categories(spec)];
    };
    expect(shape('setbit')).toEqual([4, ['write', 'denyoom'], 1, 1, 1, ['@write', '@bitmap', '@slow']]);
    expect(shape('getbit')).toEqual([3, ['readonly', 'fast'], 1, 1, 1, ['@read', '@bitmap', '@fast']]);
    expect(shape('bitcount')).toEqual([-2, ['readonly'], 1, 1, 1, ['@read', '@bitmap', '@slow']]);
    expect(shape('bitpos')).toEqual([-3, ['readonly'], 1, 1, 1, ['@read', '@bitmap', '@slow']]);
    expect(shape('bitop')).toEqual([-4, ['write', 'denyoom'], 2, -1, 1, ['@write', '@bitmap', '@slow']]);
    expect(shape('bitfield')).toEqual([-2, ['write', 'denyoom'], 1, 1, 1, ['@write', '@bitmap', '@slow']]);
    expect(shape('bitfield_ro')).toEqual([-2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@bitmap', '@fast']]);
  });
});

describe('bitmap helpers', () => {
  it('countBits agrees with a bit-by-bit count over random ranges', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round++) {
      const value = randomBytes(random, 1 + Math.floor(random() * 600));
      const totalBits = value.length * 8;
      const startBit = Math.floor(random() * totalBits);
      const endBit = startBit + Math.floor(random() * (totalBits - startBit));
      expect(countBits(value, startBit, endBit), `round ${round}`).toBe(naiveCount(value, startBit, endBit));
    }
  });

  it('popcount across several scratch chunks agrees with a byte-by-byte count', () => {
    const random = seededRandom(8);
    const value = randomBytes(random, 200_003);
    expect(popcount(value, 0, value.length)).toBe(naiveCount(value, 0, value.length * 8 - 1));
    expect(popcount(value, 5, 131_075)).toBe(naiveCount(value, 40, 131_075 * 8 - 1));
  });

  it('findBit agrees with a bit-by-bit search over random ranges', () => {
    const random = seededRandom(9);
    for (let round = 0; round < 400; round++) {
      const fill = random() < 0.5 ? '\0' : '\xff';
      const length = 1 + Math.floor(random() * 40);
      let value = fill.repeat(length);
      if (random() < 0.7) {
        const at = Math.floor(random() * length);
        value = value.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + value.slice(at + 1);
      }
      const totalBits = length * 8;
      const startBit = Math.floor(random() * totalBits);
      const endBit = startBit + Math.floor(random() * (totalBits - startBit));
      const bit = random() < 0.5 ? 0 : 1;
      expect(findBit(value, bit, startBit, endBit), `round ${round}`).toBe(naiveFind(value, bit, startBit, endBit));
    }
  });

  it('bitwise pads shorter sources with zeros', () => {
    expect(bitwise('and', ['\xff\xff', '\x0f'])).toBe('\x0f\x00');
    expect(bitwise('or', ['\x01', '\x10\x20'])).toBe('\x11\x20');
    expect(bitwise('xor', ['\xff', '\x0f', ''])).toBe('\xf0');
    expect(bitwise('not', ['\x0f\xff'])).toBe('\xf0\x00');
    expect(bitwise('and', ['', ''])).toBe('');
  });

  it('a FieldEditor writes and reads fields at any alignment', () => {
    const random = seededRandom(10);
    for (let round = 0; round < 300; round++) {
      const value = randomBytes(random, 12);
      const bits = 1 + Math.floor(random() * 64);
      const offset = Math.floor(random() * (96 - bits + 1));
      const editor = new FieldEditor(value);
      let expected = 0n;
      for (let bit = 0; bit < bits; bit++) expected = (expected << 1n) | BigInt(naiveBit(value, offset + bit));
      expect(editor.getUnsigned(offset, bits)).toBe(expected);
      const integer = BigInt.asUintN(bits, BigInt(Math.floor(random() * 2 ** 53)) * 4097n);
      editor.set(offset, bits, integer);
      expect(editor.getUnsigned(offset, bits)).toBe(integer);
      const after = editor.applied();
      const outside = (text: string) => [...Array(96).keys()].filter((bit) => bit < offset || bit >= offset + bits).map((bit) => naiveBit(text, bit));
      expect(outside(after)).toEqual(outside(value));
    }
  });
});

describe('SETBIT and GETBIT', () => {
  it('SETBIT creates the key, answers the previous bit and is logged as sent', () => {
    const pair = new EffectsPair();
    expect(pair.run('SETBIT', 'k', 9, 1)).toBe(0);
    expect(pair.run('SETBIT', 'k', 9, 0)).toBe(1);
    expect(pair.run('SETBIT', 'k', 0, 1)).toBe(0);
    expect(stored(pair.primary, 'k')).toBe('\x80\x00');
    expect(pair.allEffects().map((effect) => effect.argv)).toEqual([
      ['SETBIT', 'k', '9', '1'],
      ['SETBIT', 'k', '9', '0'],
      ['SETBIT', 'k', '0', '1'],
    ]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('a SETBIT that changes no bit and does not grow the string records no effect', () => {
    const pair = new EffectsPair();
    pair.run('SETBIT', 'k', 20, 1);
    expect(pair.run('SETBIT', 'k', 20, 1)).toBe(1);
    expect(pair.run('SETBIT', 'k', 3, 0)).toBe(0);
    expect(pair.allEffects()).toHaveLength(1);
    expect(pair.run('SETBIT', 'k', 31, 0)).toBe(0);
    expect(pair.allEffects()).toHaveLength(2);
    expect(stored(pair.primary, 'k')).toBe('\x00\x00\x08\x00');
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('SETBIT on a new key with bit 0 still creates the key', () => {
    const pair = new EffectsPair();
    expect(pair.run('SETBIT', 'k', 0, 0)).toBe(0);
    expect(stored(pair.primary, 'k')).toBe('\0');
    expect(pair.allEffects()).toHaveLength(1);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('SETBIT keeps the TTL of the key it changes', () => {
    const pair = new EffectsPair();
    pair.run('SETBIT', 'k', 0, 1);
    const at = pair.primary.state.nowMs() + 10_000;
    for (const server of [pair.primary, pair.replica]) server.state.keyspace.db(0).setExpireAt('k', at);
    pair.run('SETBIT', 'k', 100, 1);
    expect(pair.primary.state.keyspace.db(0).expireAt('k')).toBe(at);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('SETBIT on an expired key starts from an empty string after logging its DEL', () => {
    const server = new Executor();
    server.run('SETBIT', 'k', 15, 1);
    server.state.keyspace.db(0).setExpireAt('k', server.state.nowMs() + 1000);
    server.clock.advanceMs(2000);
    expect(server.run('SETBIT', 'k', 1, 1)).toBe(0);
    expect(stored(server, 'k')).toBe('\x40');
    expect(server.effects.at(-1)?.map((effect) => effect.argv)).toEqual([
      ['DEL', 'k'],
      ['SETBIT', 'k', '1', '1'],
    ]);
  });

  it('GETBIT reads a set bit, a clear bit, a bit past the end and a missing key', () => {
    const server = new Executor();
    server.run('SETBIT', 'k', 5, 1);
    expect(server.run('GETBIT', 'k', 5)).toBe(1);
    expect(server.run('GETBIT', 'k', 4)).toBe(0);
    expect(server.run('GETBIT', 'k', 4294967295)).toBe(0);
    expect(server.run('GETBIT', 'missing', 0)).toBe(0);
    expect(server.effects).toHaveLength(1);
  });

  it('offsets at 2^32 bits or beyond are refused before the key is looked at', () => {
    const server = new Executor();
    putNonString(server, 'list');
    expect(server.run('SETBIT', 'list', 4294967296, 1)).toEqual(bitOffsetError);
    expect(server.run('GETBIT', 'list', 4294967296)).toEqual(bitOffsetError);
    expect(server.run('SETBIT', 'list', 1, 2)).toEqual(new ErrorReply('ERR bit is not an integer or out of range'));
  });

  it('SETBIT at the last offset of 512MB fails as too long: V8 cannot hold a string that large', () => {
    expect(limits.stringBytesMax).toBeLessThan(512 * 1024 * 1024);
    const server = new Executor();
    expect(server.run('SETBIT', 'k', 4294967295, 1)).toEqual(tooLongError);
    expect(stored(server, 'k')).toBeUndefined();
    expect(server.effects).toHaveLength(0);
  });

  it('a smaller proto-max-bulk-len bounds offsets and growth', () => {
    const server = new Executor({ settings: { 'proto-max-bulk-len': '1mb' } });
    expect(server.run('SETBIT', 'k', 8 * 1024 * 1024, 1)).toEqual(bitOffsetError);
    expect(server.run('SETBIT', 'k', 8 * 1024 * 1024 - 1, 1)).toBe(0);
    expect(stored(server, 'k')?.length).toBe(1024 * 1024);
    expect(server.run('BITFIELD', 'k', 'GET', 'u8', '#1048575')).toEqual([1]);
    expect(server.run('BITFIELD', 'k', 'GET', 'u8', '#1048576')).toEqual(bitOffsetError);
    expect(server.run('BITFIELD', 'k', 'SET', 'i64', 8 * 1024 * 1024 - 64, 1)).toEqual([1]);
    expect(server.run('BITFIELD', 'k', 'SET', 'i64', 8 * 1024 * 1024 - 63, 1)).toEqual(tooLongError);
    expect(stored(server, 'k')?.length).toBe(1024 * 1024);
  });

  it("the log's applier is not held to the replica's own proto-max-bulk-len", () => {
    const replica = new Executor({ role: 'replica', settings: { 'proto-max-bulk-len': '1mb' } });
    const applier: Client = replica.newClient();
    applier.applier = true;
    replica.dispatcher.applyEffects(applier, [{ db: 0, argv: ['SETBIT', 'k', String(9 * 1024 * 1024), '1'] }]);
    expect(stored(replica, 'k')?.length).toBe(9 * 128 * 1024 + 1);
    expect(replica.run('SETBIT', 'k', 0, 1)).toEqual(new ErrorReply("READONLY You can't write against a read only replica."));
  });

  it('every bitmap command refuses a key of another type, and BITOP overwrites one as its destination', () => {
    const server = new Executor();
    putNonString(server, 'list');
    server.run('SETBIT', 'bits', 0, 1);
    expect(server.run('SETBIT', 'list', 0, 1)).toEqual(wrongTypeError);
    expect(server.run('GETBIT', 'list', 0)).toEqual(wrongTypeError);
    expect(server.run('BITCOUNT', 'list')).toEqual(wrongTypeError);
    expect(server.run('BITCOUNT', 'list', 'x', 'y')).toEqual(wrongTypeError);
    expect(server.run('BITPOS', 'list', 1)).toEqual(wrongTypeError);
    expect(server.run('BITPOS', 'list', 3)).toEqual(new ErrorReply('ERR The bit argument must be 1 or 0.'));
    expect(server.run('BITOP', 'AND', 'dest', 'bits', 'list')).toEqual(wrongTypeError);
    expect(server.run('BITFIELD', 'list', 'GET', 'u8', 0)).toEqual(wrongTypeError);
    expect(server.run('BITFIELD', 'list', 'SET', 'u8', 0, 1)).toEqual(wrongTypeError);
    expect(server.run('BITFIELD', 'list')).toEqual(wrongTypeError);
    expect(server.run('BITFIELD_RO', 'list', 'GET', 'u8', 0)).toEqual(wrongTypeError);
    expect(server.run('BITFIELD_RO', 'list', 'SET', 'u8', 0, 1)).toEqual(
      new ErrorReply('ERR BITFIELD_RO only supports the GET subcommand'),
    );
    expect(server.effects).toHaveLength(1);
    expect(server.run('BITOP', 'OR', 'list', 'bits')).toBe(1);
    expect(server.state.keyspace.db(0).peek('list')?.type).toBe('string');
  });
});

describe('BITCOUNT and BITPOS', () => {
  it('BITCOUNT over a large bitmap agrees with a bit-by-bit count', () => {
    const server = new Executor();
    const random = seededRandom(11);
    const value = randomBytes(random, 100_000);
    server.run('SETBIT', 'k', 0, 0);
    server.state.keyspace.db(0).set('k', 'string', value);
    expect(server.run('BITCOUNT', 'k')).toBe(naiveCount(value, 0, value.length * 8 - 1));
    expect(server.run('BITCOUNT', 'k', 1000, -1000)).toBe(naiveCount(value, 8000, (value.length - 1000) * 8 + 7));
    expect(server.run('BITCOUNT', 'k', 12345, 654321, 'BIT')).toBe(naiveCount(value, 12345, 654321));
  });

  it('BITPOS finds a bit far into a long run of zeros or ones', () => {
    const server = new Executor();
    server.run('SETBIT', 'zeros', 8 * 300_000 + 3, 1);
    expect(server.run('BITPOS', 'zeros', 1)).toBe(8 * 300_000 + 3);
    expect(server.run('BITPOS', 'zeros', 1, 1, 299_999)).toBe(-1);
    expect(server.run('BITPOS', 'zeros', 1, 8 * 300_000 + 4, -1, 'BIT')).toBe(-1);
    server.state.keyspace.db(0).set('ones', 'string', '\xff'.repeat(300_000) + '\xfe');
    expect(server.run('BITPOS', 'ones', 0)).toBe(8 * 300_000 + 7);
    expect(server.run('BITPOS', 'ones', 0, 0, 299_999)).toBe(-1);
    expect(server.run('BITPOS', 'ones', 0, 0, 299_999 * 8 + 7, 'BIT')).toBe(-1);
  });

  it('reads record no effects', () => {
    const server = new Executor();
    server.run('SETBIT', 'k', 3, 1);
    server.run('BITCOUNT', 'k');
    server.run('BITPOS', 'k', 1);
    server.run('GETBIT', 'k', 3);
    server.run('BITFIELD_RO', 'k', 'GET', 'u8', 0);
    expect(server.effects).toHaveLength(1);
  });
});

describe('BITOP', () => {
  it('BITOP stores the result, drops the destination TTL and is logged as sent', () => {
    const pair = new EffectsPair();
    pair.run('BITFIELD', 'a', 'SET', 'u16', 0, 0xf0f0);
    pair.run('BITFIELD', 'b', 'SET', 'u8', 0, 0xff);
    pair.run('SETBIT', 'dest', 0, 1);
    for (const server of [pair.primary, pair.replica]) server.state.keyspace.db(0).setExpireAt('dest', pair.primary.state.nowMs() + 5000);
    expect(pair.run('BITOP', 'AND', 'dest', 'a', 'b')).toBe(2);
    expect(stored(pair.primary, 'dest')).toBe('\xf0\x00');
    expect(pair.primary.state.keyspace.db(0).expireAt('dest')).toBeUndefined();
    expect(pair.allEffects().at(-1)?.argv).toEqual(['BITOP', 'AND', 'dest', 'a', 'b']);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('an empty BITOP result deletes the destination, and records nothing when there was none', () => {
    const pair = new EffectsPair();
    pair.run('SETBIT', 'dest', 0, 1);
    expect(pair.run('BITOP', 'OR', 'dest', 'none')).toBe(0);
    expect(stored(pair.primary, 'dest')).toBeUndefined();
    expect(pair.allEffects()).toHaveLength(2);
    expect(pair.run('BITOP', 'NOT', 'dest', 'none')).toBe(0);
    expect(pair.allEffects()).toHaveLength(2);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('an expired destination is removed with a logged DEL before BITOP writes it', () => {
    const server = new Executor();
    server.run('SETBIT', 'src', 0, 1);
    server.run('SETBIT', 'dest', 0, 1);
    server.state.keyspace.db(0).setExpireAt('dest', server.state.nowMs() + 1000);
    server.clock.advanceMs(2000);
    expect(server.run('BITOP', 'OR', 'dest', 'none')).toBe(0);
    expect(server.effects.at(-1)?.map((effect) => effect.argv)).toEqual([['DEL', 'dest']]);
    expect(server.run('BITOP', 'OR', 'dest', 'src')).toBe(1);
    expect(server.state.keyspace.db(0).expireAt('dest')).toBeUndefined();
  });

  it('BITOP NOT takes exactly one source and unknown operations are a syntax error', () => {
    const server = new Executor();
    expect(server.run('BITOP', 'NOT', 'd', 'a', 'b')).toEqual(new ErrorReply('ERR BITOP NOT must be called with a single source key.'));
    expect(server.run('BITOP', 'NAND', 'd', 'a', 'b')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.effects).toHaveLength(0);
  });
});

describe('BITFIELD', () => {
  it('BITFIELD with GETs only creates nothing and records nothing', () => {
    const pair = new EffectsPair();
    expect(pair.run('BITFIELD', 'k', 'GET', 'u8', 0, 'GET', 'i64', 100)).toEqual([0, 0]);
    expect(pair.run('BITFIELD', 'k')).toEqual([]);
    expect(stored(pair.primary, 'k')).toBeUndefined();
    expect(pair.allEffects()).toHaveLength(0);
  });

  it('BITFIELD writes are logged as sent and replayed to the same value', () => {
    const pair = new EffectsPair();
    expect(pair.run('BITFIELD', 'k', 'SET', 'i8', 0, 100, 'INCRBY', 'u4', 3, 9, 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '#2', -500)).toEqual([0, 11, -128]);
    expect(pair.allEffects().map((effect) => effect.argv)).toEqual([
      ['BITFIELD', 'k', 'SET', 'i8', '0', '100', 'INCRBY', 'u4', '3', '9', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '#2', '-500'],
    ]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('a BITFIELD whose writes all fail or change nothing records no effect', () => {
    const pair = new EffectsPair();
    pair.run('BITFIELD', 'k', 'SET', 'u8', 0, 200);
    expect(pair.run('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 0, 100, 'SET', 'u8', 0, 256)).toEqual([null, null]);
    expect(pair.run('BITFIELD', 'k', 'SET', 'u8', 0, 200, 'INCRBY', 'i8', 0, 0)).toEqual([200, -56]);
    expect(pair.allEffects()).toHaveLength(1);
    expect(stored(pair.primary, 'k')).toBe('\xc8');
  });

  it('a failing BITFIELD write that grows the string is still logged, so the replica grows too', () => {
    const pair = new EffectsPair();
    expect(pair.run('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u8', 16, 256)).toEqual([null]);
    expect(stored(pair.primary, 'k')).toBe('\0\0\0');
    expect(pair.allEffects()).toHaveLength(1);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('later fields see earlier writes of the same command, and distant reads allocate nothing', () => {
    const server = new Executor();
    expect(server.run('BITFIELD', 'k', 'SET', 'u8', 4, 255, 'INCRBY', 'u4', 0, 1, 'GET', 'u16', 0, 'GET', 'u8', 4294967288)).toEqual([0, 1, 0x1ff0, 0]);
    expect(stored(server, 'k')).toBe('\x1f\xf0');
  });

  it('64-bit fields answer exact big integers', () => {
    const server = new Executor();
    const reply = server.run('BITFIELD', 'k', 'SET', 'i64', 0, '-9223372036854775808', 'GET', 'i64', 0, 'SET', 'u63', 64, '9223372036854775807', 'GET', 'u63', 64, 'GET', 'u8', 64);
    expect(reply).toEqual([0, -9223372036854775808n, 0, 9223372036854775807n, 255]);
  });

  it('BITFIELD keeps the TTL of the key it changes', () => {
    const pair = new EffectsPair();
    pair.run('SETBIT', 'k', 0, 1);
    const at = pair.primary.state.nowMs() + 10_000;
    for (const server of [pair.primary, pair.replica]) server.state.keyspace.db(0).setExpireAt('k', at);
    pair.run('BITFIELD', 'k', 'INCRBY', 'u8', 8, 1);
    expect(pair.primary.state.keyspace.db(0).expireAt('k')).toBe(at);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('BITFIELD_RO refuses writes even when the key is missing, and never writes', () => {
    const server = new Executor();
    expect(server.run('BITFIELD_RO', 'k', 'GET', 'u8', 0, 'INCRBY', 'u8', 0, 1)).toEqual(
      new ErrorReply('ERR BITFIELD_RO only supports the GET subcommand'),
    );
    expect(server.run('BITFIELD_RO', 'k', 'GET', 'u8', 0)).toEqual([0]);
    expect(stored(server, 'k')).toBeUndefined();
    expect(server.effects).toHaveLength(0);
  });
});
