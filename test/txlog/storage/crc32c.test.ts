/**
 * CRC32C against the standard check value and the RFC 3720 (iSCSI) test vectors, against a
 * bit-at-a-time reference on assorted lengths (so every branch of slicing-by-8 is covered), and
 * continued across chunks.
 */
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../txlog/src/storage/crc32c.js';

/** The definition, one bit at a time. */
function reference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Deterministic pseudo-random bytes (xorshift32). */
function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('crc32c', () => {
  it('gives the check value 0xE3069283 for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('gives 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('matches the RFC 3720 test vectors', () => {
    const ascending = Uint8Array.from({ length: 32 }, (_, i) => i);
    const descending = Uint8Array.from({ length: 32 }, (_, i) => 31 - i);
    // An iSCSI SCSI Read (10) command PDU, from RFC 3720 appendix B.4.
    const readCommand = Uint8Array.from([
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
      0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(ascending)).toBe(0x46dd794e);
    expect(crc32c(descending)).toBe(0x113fdb5c);
    expect(crc32c(readCommand)).toBe(0xd9963a56);
  });

  it('agrees with the bit-at-a-time definition for every length up to 64 and some long ones', () => {
    const lengths = [...Array.from({ length: 65 }, (_, i) => i), 1000, 4099, 65_537];
    for (const length of lengths) {
      const bytes = bytesOf(length, length + 1);
      expect(crc32c(bytes), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('continues a checksum across chunks, wherever the data is split', () => {
    const bytes = bytesOf(257, 7);
    const whole = crc32c(bytes);
    for (const split of [0, 1, 7, 8, 9, 100, 256, 257]) {
      expect(crc32c(bytes.subarray(split), crc32c(bytes.subarray(0, split))), `split at ${split}`).toBe(whole);
    }
  });

  it('reads a view from its own offset, not from the start of its buffer', () => {
    const bytes = bytesOf(100, 3);
    expect(crc32c(bytes.subarray(13, 77))).toBe(reference(bytes.slice(13, 77)));
  });
});
