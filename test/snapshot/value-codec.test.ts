import { describe, expect, it } from 'vitest';
import type { Entry, ValueType } from '../../server/src/keyspace/entry.js';
import type { StreamValue } from '../../server/src/keyspace/stream.js';
import { ByteReader, ByteWriter, FormatViolation } from '../../server/src/snapshot/bytes.js';
import { HASH_HASHTABLE, HASH_LISTPACK, SET_HASHTABLE, SET_INTSET, ZSET_LISTPACK, ZSET_SKIPLIST } from '../../server/src/snapshot/format.js';
import { decodeContext, decodeValue, encodeValue } from '../../server/src/snapshot/value-codec/index.js';
import { everyTypeServer } from './snapshot-support.js';

const context = decodeContext(Math.random);

function encoded(entry: Entry): Buffer {
  const out = new ByteWriter(64);
  encodeValue(entry, out);
  return Buffer.from(out.bytes());
}

/** Decode `bytes` as a value of `type`; everything must be read. */
function decoded(type: ValueType, bytes: Buffer): Entry['value'] {
  const input = new ByteReader(bytes, 0, bytes.length);
  const value = decodeValue(type, input, context).value;
  input.expectEnd('the value');
  return value;
}

/** The FormatViolation message decoding `bytes` fails with. */
function violation(type: ValueType, bytes: Buffer): string {
  try {
    decoded(type, bytes);
  } catch (error) {
    if (error instanceof FormatViolation) return error.message;
    throw error;
  }
  throw new Error('the value decoded');
}

/** Bytes written by `write`. */
function bytesOf(write: (out: ByteWriter) => void): Buffer {
  const out = new ByteWriter(64);
  write(out);
  return Buffer.from(out.bytes());
}

describe('value codecs', () => {
  const server = everyTypeServer();
  const entries: [string, Entry][] = [];
  for (const database of server.state.keyspace.databases) for (const [key, entry] of database.allEntries()) entries.push([`${database.id}:${key}`, entry]);

  it('decode every type and encoding back to an equal value in the same encoding', () => {
    expect(new Set(entries.map(([, entry]) => entry.type))).toEqual(new Set(['string', 'list', 'hash', 'set', 'zset', 'stream']));
    for (const [name, entry] of entries) {
      const value = decoded(entry.type, encoded(entry));
      if (entry.type === 'string') {
        expect(value, name).toBe(entry.value);
        continue;
      }
      const original = entry.value;
      const copy = value as typeof original;
      expect(copy.canonical(), name).toEqual(original.canonical());
      expect(copy.encoding(), name).toBe(original.encoding());
      expect(copy.memoryBytes(0), name).toBe(original.memoryBytes(0));
    }
  });

  it('encode a decoded value to the same bytes (the encoding is deterministic)', () => {
    for (const [name, entry] of entries) {
      const bytes = encoded(entry);
      const again = encoded({ ...entry, value: decoded(entry.type, bytes) } as Entry);
      expect(again.equals(bytes), name).toBe(true);
    }
  });

  it('refuse lists with a fill out of range, no nodes, or an empty node', () => {
    expect(violation('list', bytesOf((out) => (out.i32(-6), out.varint(1), out.varint(1), out.text('a'))))).toMatch(/fill -6/);
    expect(violation('list', bytesOf((out) => (out.i32(-2), out.varint(0))))).toMatch(/without nodes/);
    expect(violation('list', bytesOf((out) => (out.i32(-2), out.varint(2), out.varint(0), out.varint(1), out.text('a'))))).toMatch(/holds no elements/);
    expect(violation('list', bytesOf((out) => (out.i32(-2), out.varint(1), out.varint(1000), out.text('a'))))).toMatch(/cannot fit/);
  });

  it('refuse hashes with an unknown encoding, no fields, or a field twice', () => {
    expect(violation('hash', bytesOf((out) => (out.u8(7), out.varint(1), out.text('f'), out.text('v'))))).toMatch(/unknown hash encoding 7/);
    expect(violation('hash', bytesOf((out) => (out.u8(HASH_LISTPACK), out.varint(0))))).toMatch(/without fields/);
    for (const encoding of [HASH_LISTPACK, HASH_HASHTABLE]) {
      const twice = bytesOf((out) => (out.u8(encoding), out.varint(2), out.text('f'), out.text('1'), out.text('f'), out.text('2')));
      expect(violation('hash', twice)).toMatch(/field given twice/);
    }
  });

  it('refuse sets with a bad encoding or width, a member twice, or an intset member that is no integer', () => {
    expect(violation('set', bytesOf((out) => (out.u8(5), out.varint(1), out.text('a'))))).toMatch(/unknown set encoding 5/);
    expect(violation('set', bytesOf((out) => (out.u8(SET_INTSET), out.u8(3), out.varint(1), out.text('1'))))).toMatch(/width 3/);
    expect(violation('set', bytesOf((out) => (out.u8(SET_INTSET), out.u8(2), out.varint(1), out.text('a'))))).toMatch(/not a 64-bit integer/);
    expect(violation('set', bytesOf((out) => (out.u8(SET_INTSET), out.u8(2), out.varint(1), out.text('5000000000'))))).toMatch(/too narrow/);
    expect(violation('set', bytesOf((out) => (out.u8(SET_HASHTABLE), out.varint(2), out.text('a'), out.text('a'))))).toMatch(/given twice/);
    expect(violation('set', bytesOf((out) => (out.u8(SET_HASHTABLE), out.varint(0))))).toMatch(/without members/);
  });

  it('refuse sorted sets out of order, with a NaN score, or a member twice', () => {
    const pair = (out: ByteWriter, member: string, score: number) => (out.text(member), out.f64(score));
    for (const encoding of [ZSET_LISTPACK, ZSET_SKIPLIST]) {
      expect(violation('zset', bytesOf((out) => (out.u8(encoding), out.varint(2), pair(out, 'a', 2), pair(out, 'b', 1))))).toMatch(/out of order/);
      expect(violation('zset', bytesOf((out) => (out.u8(encoding), out.varint(2), pair(out, 'b', 1), pair(out, 'a', 1))))).toMatch(/out of order/);
      expect(violation('zset', bytesOf((out) => (out.u8(encoding), out.varint(2), pair(out, 'a', 1), pair(out, 'a', 1))))).toMatch(/out of order/);
      expect(violation('zset', bytesOf((out) => (out.u8(encoding), out.varint(1), pair(out, 'a', Number.NaN))))).toMatch(/NaN/);
    }
  });

  describe('streams', () => {
    const id = (out: ByteWriter, ms: number, seq: number) => (out.bigU64(BigInt(ms)), out.bigU64(BigInt(seq)));
    const entry = (out: ByteWriter, ms: number, flags = 0, fields = ['f', 'v']) => {
      id(out, ms, 0);
      out.u8(flags);
      out.varint(fields.length);
      for (const text of fields) out.text(text);
    };
    const tail = (out: ByteWriter, lastMs: number) => {
      id(out, lastMs, 0);
      id(out, 1, 0);
      id(out, 0, 0);
      out.bigU64(2n);
    };

    it('refuse ids that do not ascend, empty nodes, odd fields and unknown flags', () => {
      expect(violation('stream', bytesOf((out) => (out.varint(1), out.varint(2), entry(out, 5), entry(out, 5), tail(out, 5), out.varint(0))))).toMatch(/do not ascend/);
      expect(violation('stream', bytesOf((out) => (out.varint(2), out.varint(1), entry(out, 5), out.varint(1), entry(out, 4), tail(out, 5), out.varint(0))))).toMatch(/do not ascend/);
      expect(violation('stream', bytesOf((out) => (out.varint(2), out.varint(1), entry(out, 5), out.varint(0), tail(out, 5), out.varint(0))))).toMatch(/holds no entries/);
      expect(violation('stream', bytesOf((out) => (out.varint(1), out.varint(1), entry(out, 5, 0, ['f']), tail(out, 5), out.varint(0))))).toMatch(/without a value/);
      expect(violation('stream', bytesOf((out) => (out.varint(1), out.varint(1), entry(out, 5, 4), tail(out, 5), out.varint(0))))).toMatch(/unknown stream entry flags/);
      expect(violation('stream', bytesOf((out) => (out.varint(1), out.varint(1), entry(out, 5), tail(out, 4), out.varint(0))))).toMatch(/last id is below/);
    });

    it('refuse groups twice, consumers twice, pending entries of no consumer or twice', () => {
      const group = (out: ByteWriter, name: string, consumers: string[], pending: [number, number][]) => {
        out.text(name);
        id(out, 5, 0);
        out.text('-1');
        out.varint(consumers.length);
        for (const consumer of consumers) {
          out.text(consumer);
          out.f64(1000);
        }
        out.varint(pending.length);
        for (const [ms, consumer] of pending) {
          id(out, ms, 0);
          out.varint(consumer);
          out.f64(2000);
          out.bigU64(1n);
        }
      };
      const stream = (groups: (out: ByteWriter) => void, count: number) =>
        bytesOf((out) => (out.varint(1), out.varint(1), entry(out, 5), tail(out, 5), out.varint(count), groups(out)));
      expect(violation('stream', stream((out) => (group(out, 'g', [], []), group(out, 'g', [], [])), 2))).toMatch(/group given twice/);
      expect(violation('stream', stream((out) => group(out, 'g', ['c', 'c'], []), 1))).toMatch(/consumer given twice/);
      expect(violation('stream', stream((out) => group(out, 'g', ['c'], [[5, 1]]), 1))).toMatch(/consumer 1 of 1/);
      expect(violation('stream', stream((out) => group(out, 'g', ['c'], [[5, 0], [5, 0]]), 1))).toMatch(/pending entry given twice/);
      const entriesRead = (text: string) =>
        bytesOf((out) => (out.varint(1), out.varint(1), entry(out, 5), tail(out, 5), out.varint(1), out.text('g'), id(out, 5, 0), out.text(text), out.varint(0), out.varint(0)));
      expect((decoded('stream', entriesRead('18446744073709551615')) as StreamValue).group('g')?.entriesRead).toBe(2n ** 64n - 1n);
      expect((decoded('stream', entriesRead('-1')) as StreamValue).group('g')?.entriesRead).toBe(-1n);
      expect(violation('stream', entriesRead('18446744073709551616'))).toMatch(/beyond 2\^64/);
      expect(violation('stream', entriesRead('07'))).toMatch(/not a counter/);
      const fine = decoded('stream', stream((out) => group(out, 'g', ['c', 'd'], [[3, 1], [5, 0]]), 1)) as StreamValue;
      expect(fine.canonical()).toMatchObject({ groups: [{ name: 'g', pending: [['3-0', 'd', 2000, '1'], ['5-0', 'c', 2000, '1']] }] });
    });
  });
});
