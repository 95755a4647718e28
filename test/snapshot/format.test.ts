import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, FormatViolation } from '../../server/src/snapshot/bytes.js';
import {
  DIGEST_BYTES,
  END_MAGIC,
  FOOTER,
  FOOTER_BYTES,
  FRAME,
  FRAME_BYTES,
  HEADER,
  HEADER_BYTES,
  isSnapshotTempFile,
  MAGIC,
  SnapshotError,
  TYPE_CODES,
  TYPES_BY_CODE,
} from '../../server/src/snapshot/format.js';

function reader(bytes: number[] | Buffer): ByteReader {
  const buffer = Buffer.from(bytes);
  return new ByteReader(buffer, 0, buffer.length);
}

function violationOf(read: () => unknown): FormatViolation {
  try {
    read();
  } catch (error) {
    if (error instanceof FormatViolation) return error;
    throw error;
  }
  throw new Error('the read succeeded');
}

describe('snapshot format layout', () => {
  it('lays the header, frame and footer fields out back to back, checksum last', () => {
    expect(HEADER.formatVersion).toBe(MAGIC.length);
    expect(HEADER.checksum + 4).toBe(HEADER_BYTES);
    expect(FRAME.frameChecksum + 4).toBe(FRAME_BYTES);
    expect(FOOTER.digest + DIGEST_BYTES).toBe(FOOTER.endMagic);
    expect(FOOTER.endMagic + END_MAGIC.length).toBe(FOOTER_BYTES);
  });

  it('numbers the types in a fixed order, both ways', () => {
    expect(TYPE_CODES).toEqual({ string: 0, list: 1, hash: 2, set: 3, zset: 4, stream: 5 });
    for (const [code, type] of TYPES_BY_CODE.entries()) expect(TYPE_CODES[type]).toBe(code);
  });

  it('names the temporary files of unfinished writes', () => {
    expect(isSnapshotTempFile('snapshot-00000042.snap.tmp-1234-0')).toBe(true);
    expect(isSnapshotTempFile('snapshot-00000042.snap')).toBe(false);
    expect(isSnapshotTempFile('snapshot.tmp-x')).toBe(false);
  });
});

describe('SnapshotError', () => {
  it('says what went wrong, in which file, block and offset', () => {
    const error = new SnapshotError('badChecksum', '/data/s.snap', 'the payload checksum does not match', { block: 3, offset: 4096 });
    expect(error.message).toBe('snapshot /data/s.snap (block 3, offset 4096): the payload checksum does not match');
    expect(error).toMatchObject({ kind: 'badChecksum', file: '/data/s.snap', block: 3, offset: 4096, name: 'SnapshotError' });
    expect(new SnapshotError('missing', 'x', 'does not exist').message).toBe('snapshot x: does not exist');
  });
});

describe('byte reader and writer', () => {
  it('round-trip every field type', () => {
    const out = new ByteWriter(1);
    out.u8(200);
    out.u32(4_000_000_000);
    out.i32(-5);
    out.bigU64(2n ** 64n - 1n);
    out.f64(-0);
    for (const value of [0, 127, 128, 16_383, 16_384, 2 ** 35, Number.MAX_SAFE_INTEGER]) out.varint(value);
    out.text('');
    out.text('\x00\xff short');
    out.text('x'.repeat(5000));
    const input = new ByteReader(out.bytes(), 0, out.length);
    expect([input.u8(), input.u32('b'), input.i32('c'), input.bigU64('e')]).toEqual([200, 4_000_000_000, -5, 2n ** 64n - 1n]);
    expect(Object.is(input.f64('g'), -0)).toBe(true);
    for (const value of [0, 127, 128, 16_383, 16_384, 2 ** 35, Number.MAX_SAFE_INTEGER]) expect(input.varint('h')).toBe(value);
    expect([input.text('i'), input.text('j'), input.text('k')]).toEqual(['', '\x00\xff short', 'x'.repeat(5000)]);
    input.expectEnd('all');
  });

  it('refuse varints that are too long, beyond 2^53 or cut off', () => {
    expect(violationOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).varint('v')).message).toMatch(/longer than 8 bytes/);
    expect(violationOf(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).varint('v')).message).toMatch(/beyond 2\^53/);
    expect(violationOf(() => reader([0x80, 0x80]).varint('v')).message).toMatch(/runs past the end/);
  });

  it('refuse lengths and counts beyond their limits or beyond the bytes left, before allocating', () => {
    expect(violationOf(() => reader([0x05, 0x61]).text('key')).message).toMatch(/key of 5 bytes runs past the end/);
    expect(violationOf(() => reader([0x05, 0x61, 0x61, 0x61, 0x61, 0x61]).text('key', 4)).message).toMatch(/above the limit of 4/);
    expect(violationOf(() => reader([0xff, 0xff, 0xff, 0x07]).count('members', 2 ** 31, 1)).message).toMatch(/cannot fit/);
    expect(violationOf(() => reader([0x0a]).count('members', 9, 0)).message).toMatch(/above the limit of 9/);
    expect(violationOf(() => reader([0x01, 0x02]).u32('length')).message).toMatch(/length needs 4 bytes, 2 left/);
    const finite = violationOf(() => reader(Buffer.from(new Float64Array([Number.NaN]).buffer)).finiteF64('expiry'));
    expect(finite.message).toMatch(/expiry is NaN/);
    expect(finite.offset).toBe(0);
  });

  it('report the offset of what they refuse', () => {
    const input = reader([0x01, 0x61, 0x09, 0x61]);
    input.text('first');
    expect(violationOf(() => input.text('second')).offset).toBe(2);
  });
});
