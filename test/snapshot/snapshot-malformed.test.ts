import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../server/src/keyspace/entry.js';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { ByteWriter } from '../../server/src/snapshot/bytes.js';
import { BLOCK_PAYLOAD_BYTES_MAX, FRAME_KIND_RECORDS, SnapshotError, TYPE_CODES } from '../../server/src/snapshot/format.js';
import { encodeRecord } from '../../server/src/snapshot/record.js';
import { inspectSnapshot } from '../../server/src/snapshot/snapshot-inspect.js';
import { loadSnapshot, verifySnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import { StateDigest } from '../../server/src/snapshot/state-digest.js';
import { buildFile, type FileParts, frameOf, temporaryDirectory } from './snapshot-support.js';

/** A string entry (the slot and access time do not matter to the format). */
function stringEntry(value: string): Entry {
  return { type: 'string', value, slot: 0, accessSeconds: 0 };
}

/** The record of string key `key` = `value` in database `db`. */
function stringRecord(db: number, key: string, value: string, expireAt?: number): Buffer {
  const out = new ByteWriter(64);
  encodeRecord(out, db, key, stringEntry(value), expireAt);
  return Buffer.from(out.bytes());
}

/** A record with a raw body after its length prefix. */
function rawRecord(body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([length, body]);
}

/** The right footer digest for string keys given as [db, key, value]. */
function digestOf(keys: [number, string, string][]): Buffer {
  const digest = new StateDigest();
  for (const [db, key, value] of keys) digest.addKey(db, key, stringEntry(value), undefined);
  return digest.bytes();
}

describe('snapshots whose checksums are right but whose contents are not', () => {
  const directory = temporaryDirectory();
  const file = join(directory.path, 'crafted.snap');
  afterAll(() => directory.remove());

  async function loadParts(parts: FileParts): Promise<{ error: SnapshotError | null; keyspace: Keyspace }> {
    writeFileSync(file, buildFile(parts));
    const keyspace = new Keyspace({ databases: 16, expiryMode: 'replica', random: Math.random });
    try {
      await loadSnapshot(file, keyspace, { checkDigest: true });
      return { error: null, keyspace };
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      return { error, keyspace };
    }
  }

  it('loads a hand-built file laid out as the format document says', async () => {
    const keys: [number, string, string][] = [
      [0, 'a', '1'],
      [5, 'b', '2'],
    ];
    const { error, keyspace } = await loadParts({ blocks: [Buffer.concat(keys.map(([db, key, value]) => stringRecord(db, key, value)))], keyCount: 2, digest: digestOf(keys) });
    expect(error).toBeNull();
    expect(keyspace.db(5).peek('b')).toMatchObject({ type: 'string', value: '2' });
  });

  it('refuses a key given twice, naming the block and offset', async () => {
    const record = stringRecord(0, 'twice', 'v');
    const other = stringRecord(0, 'other', 'v');
    const twice = await loadParts({ blocks: [record, Buffer.concat([other, record])], keyCount: 3 });
    expect(twice.error).toMatchObject({ kind: 'malformed', block: 1 });
    expect(twice.error?.message).toMatch(/"twice" appears twice in database 0/);
    expect(twice.error?.offset).toBe(64 + 20 + record.length + 20 + other.length);
    const apart = await loadParts({ blocks: [record, Buffer.concat([other, stringRecord(1, 'twice', 'v')])], keyCount: 3 });
    expect(apart.error?.kind).toBe('digestMismatch'); // the same key in two databases is fine (the digest here is not)
  });

  it('refuses a record for a database beyond the header count', async () => {
    const { error } = await loadParts({ blocks: [stringRecord(4, 'k', 'v')], keyCount: 1, databaseCount: 4 });
    expect(error).toMatchObject({ kind: 'malformed', block: 0 });
    expect(error?.message).toMatch(/database 4/);
  });

  it('refuses unknown types and flags, values with bytes left over, records past their block', async () => {
    const unknownType = rawRecord(Buffer.from([9, 0, 0, 1, 0x6b, 1, 0x76]));
    const unknownFlags = rawRecord(Buffer.from([TYPE_CODES.string, 0x80, 0, 1, 0x6b, 1, 0x76]));
    const leftOver = rawRecord(Buffer.from([TYPE_CODES.string, 0, 0, 1, 0x6b, 1, 0x76, 0x00]));
    const pastEnd = stringRecord(0, 'k', 'v').subarray(0, 8);
    const notString = rawRecord(Buffer.from([TYPE_CODES.zset, 0, 0, 1, 0x6b, 0, 1, 0]));
    for (const [name, record, message] of [
      ['type', unknownType, /unknown record type 9/],
      ['flags', unknownFlags, /unknown record flags/],
      ['left over', leftOver, /1 bytes left over/],
      ['past the end', pastEnd, /runs past/],
      ['truncated value', notString, /needs|runs past|cannot fit/],
    ] as const) {
      const { error } = await loadParts({ blocks: [record], keyCount: 1 });
      expect(error?.kind, name).toBe('malformed');
      expect(error?.message, name).toMatch(message);
    }
  });

  it('refuses key counts that disagree: header, footer and records', async () => {
    const blocks = [stringRecord(0, 'a', 'v')];
    expect((await loadParts({ blocks, keyCount: 2 })).error).toMatchObject({ kind: 'malformed' });
    expect((await loadParts({ blocks, keyCount: 0 })).error).toMatchObject({ kind: 'malformed' });
    expect((await loadParts({ blocks, keyCount: 1, footerKeyCount: 2 })).error).toMatchObject({ kind: 'malformed' });
  });

  it('refuses bytes after the footer', async () => {
    const { error } = await loadParts({ blocks: [], keyCount: 0, digest: digestOf([]), trailing: Buffer.from('x') });
    expect(error).toMatchObject({ kind: 'malformed' });
    expect(error?.message).toMatch(/1 bytes after the footer/);
  });

  it('refuses a footer digest that is not the digest of the records', async () => {
    const { error } = await loadParts({ blocks: [stringRecord(0, 'a', 'v')], keyCount: 1, digest: digestOf([[0, 'a', 'w']]) });
    expect(error?.kind).toBe('digestMismatch');
    writeFileSync(file, buildFile({ blocks: [stringRecord(0, 'a', 'v')], keyCount: 1, digest: digestOf([[0, 'a', 'w']]) }));
    await expect(verifySnapshot(file)).rejects.toMatchObject({ kind: 'digestMismatch' });
    // A plain load leaves the digest to verification (the block checksums guard the bytes).
    const plain = new Keyspace({ databases: 16, expiryMode: 'replica', random: Math.random });
    await expect(loadSnapshot(file, plain)).resolves.toMatchObject({ keyCount: 1 });
  });

  it('refuses a frame announcing a payload above the limit before reading it', async () => {
    const good = buildFile({ blocks: [], keyCount: 0, digest: digestOf([]) });
    const huge = frameOf(FRAME_KIND_RECORDS, 0, Buffer.alloc(0), BLOCK_PAYLOAD_BYTES_MAX + 1).subarray(0, 20);
    writeFileSync(file, Buffer.concat([good.subarray(0, 64), huge, good.subarray(64)]));
    await expect(inspectSnapshot(file)).rejects.toMatchObject({ kind: 'malformed', block: 0, offset: 64 });
  });

  it('refuses frames out of sequence', async () => {
    const payload = stringRecord(0, 'a', 'v');
    const good = buildFile({ blocks: [payload], keyCount: 1, digest: digestOf([[0, 'a', 'v']]) });
    const renumbered = frameOf(FRAME_KIND_RECORDS, 7, payload);
    writeFileSync(file, Buffer.concat([good.subarray(0, 64), renumbered, good.subarray(64 + renumbered.length)]));
    await expect(loadSnapshot(file, new Keyspace({ databases: 16, expiryMode: 'replica', random: Math.random }))).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(/frame number 7 where 0 was expected/),
    });
  });
});
