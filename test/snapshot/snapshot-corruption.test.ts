import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from '../../txlog/src/storage/crc32c.js';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { FOOTER_BYTES, FRAME_BYTES, HEADER, HEADER_BYTES, isSnapshotTempFile, SnapshotError, type SnapshotErrorKind } from '../../server/src/snapshot/format.js';
import { inspectSnapshot } from '../../server/src/snapshot/snapshot-inspect.js';
import { loadSnapshot, readSnapshot, readSnapshotHeader, verifySnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import { writeSnapshot, type WriteResult } from '../../server/src/snapshot/snapshot-writer.js';
import { Executor } from '../support/executor.js';
import { FIELDS, temporaryDirectory } from './snapshot-support.js';

/** The error a load of `bytes` fails with (written to `file` first); fails the test when the load succeeds. */
async function loadError(file: string, bytes: Buffer): Promise<SnapshotError> {
  writeFileSync(file, bytes);
  const keyspace = new Keyspace({ databases: 16, expiryMode: 'replica', random: Math.random });
  try {
    await loadSnapshot(file, keyspace);
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error(`the load of a corrupt file succeeded (${bytes.length} bytes)`);
}

/** A copy of `bytes` with the byte at `offset` flipped. */
function flipped(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] as number) ^ 0xff;
  return copy;
}

/** Up to `count` offsets spread evenly over [from, to). */
function spread(from: number, to: number, count: number): number[] {
  const step = Math.max(1, Math.floor((to - from) / count));
  const offsets: number[] = [];
  for (let offset = from; offset < to && offsets.length < count; offset += step) offsets.push(offset);
  return offsets;
}

/** The file offsets where frames start (each block, then the footer), read from the frame lengths. */
function frameOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  for (let offset = HEADER_BYTES; offset < bytes.length && offsets.length < bytes.length; ) {
    offsets.push(offset);
    offset += FRAME_BYTES + bytes.readUInt32LE(offset + 8);
  }
  return offsets;
}

describe('corrupt and truncated snapshots', () => {
  const directory = temporaryDirectory();
  const good = join(directory.path, 'good.snap');
  const bad = join(directory.path, 'bad.snap');
  let bytes: Buffer;
  let written: WriteResult;

  beforeAll(async () => {
    const server = new Executor();
    for (let index = 0; index < 300; index++) server.run('SET', `key-${index}`, `value-${index}`, 'PX', 100_000 + index);
    server.run('RPUSH', 'list', 'a', 'b', 'c');
    server.run('HSET', 'hash', 'f', 'v');
    server.run('XADD', 'stream', '1-1', 'f', 'v');
    written = await writeSnapshot(good, server.state.keyspace, FIELDS, { blockTargetBytes: 512 });
    bytes = readFileSync(good);
  });
  afterAll(() => directory.remove());

  it('has many blocks to corrupt', () => {
    expect(frameOffsets(bytes).length).toBeGreaterThan(15);
  });

  it('detects a flipped byte anywhere in the header, with the kind that byte calls for', async () => {
    for (let offset = 0; offset < HEADER_BYTES; offset++) {
      const expected: SnapshotErrorKind = offset < HEADER.formatVersion ? 'badMagic' : offset < HEADER.headerBytes ? 'wrongVersion' : 'badChecksum';
      const error = await loadError(bad, flipped(bytes, offset));
      expect(error.kind, `offset ${offset}`).toBe(expected);
      expect(error.file).toBe(bad);
    }
  });

  it('detects a flipped byte in any frame or block payload as a bad checksum of that block', async () => {
    const frames = frameOffsets(bytes);
    for (const [block, start] of frames.entries()) {
      const end = frames[block + 1] ?? bytes.length;
      for (const offset of [start, start + 8, start + FRAME_BYTES - 1, ...spread(start + FRAME_BYTES, end, 6)]) {
        const error = await loadError(bad, flipped(bytes, offset));
        expect(error.kind, `offset ${offset}`).toBe('badChecksum');
        expect(error.block, `offset ${offset}`).toBe(block);
        expect(error.message).toContain(`block ${block}`);
      }
    }
  });

  it('detects a flipped byte anywhere in the footer', async () => {
    for (let offset = bytes.length - FRAME_BYTES - FOOTER_BYTES; offset < bytes.length; offset++) {
      const error = await loadError(bad, flipped(bytes, offset));
      expect(error.kind, `offset ${offset}`).toBe('badChecksum');
    }
  });

  it('detects a truncation at any offset', async () => {
    const offsets = new Set([...spread(0, HEADER_BYTES + 1, 65), ...spread(HEADER_BYTES, bytes.length, 300), bytes.length - 1]);
    for (const start of frameOffsets(bytes)) for (const delta of [-1, 0, 1, FRAME_BYTES - 1, FRAME_BYTES, FRAME_BYTES + 1]) offsets.add(start + delta);
    for (const length of offsets) {
      if (length >= bytes.length) continue;
      const error = await loadError(bad, bytes.subarray(0, length));
      expect(error.kind, `length ${length}`).toBe('truncated');
    }
  });

  it('refuses a file that is not a snapshot (wrong magic), and an empty one', async () => {
    expect((await loadError(bad, Buffer.from('REDIS0011\xfa\x09redis-ver', 'latin1'))).kind).toBe('badMagic');
    expect((await loadError(bad, Buffer.alloc(0))).kind).toBe('truncated');
  });

  it('refuses other format versions, newer and older, even with a right checksum', async () => {
    for (const version of [0, 2, 0xffff]) {
      const copy = Buffer.from(bytes);
      copy.writeUInt16LE(version, HEADER.formatVersion);
      copy.writeUInt32LE(crc32c(copy.subarray(0, HEADER.checksum)), HEADER.checksum);
      const error = await loadError(bad, copy);
      expect(error.kind).toBe('wrongVersion');
      expect(error.message).toContain(`format version ${version}`);
    }
  });

  it('reports a missing file as missing and a directory as an I/O error', async () => {
    await expect(readSnapshotHeader(join(directory.path, 'nope.snap'))).rejects.toMatchObject({ kind: 'missing' });
    await expect(verifySnapshot(join(directory.path, 'nope.snap'))).rejects.toMatchObject({ kind: 'missing' });
    mkdirSync(join(directory.path, 'a-directory'));
    await expect(inspectSnapshot(join(directory.path, 'a-directory'))).rejects.toMatchObject({ kind: 'io' });
  });

  it('never hands back a keyspace from a corrupt file', async () => {
    const frames = frameOffsets(bytes);
    writeFileSync(bad, flipped(bytes, (frames.at(-2) as number) + FRAME_BYTES + 3));
    let created: Keyspace | null = null;
    const reading = readSnapshot(bad, (header) => {
      created = new Keyspace({ databases: header.databaseCount, expiryMode: 'replica', random: Math.random });
      return created;
    });
    await expect(reading).rejects.toMatchObject({ kind: 'badChecksum' });
    expect((created as Keyspace | null)?.size).toBeGreaterThan(0); // it was filled part way, and dropped
  });

  it('verify and inspect detect the same corruption', async () => {
    writeFileSync(bad, flipped(bytes, HEADER_BYTES + FRAME_BYTES + 5));
    await expect(verifySnapshot(bad)).rejects.toMatchObject({ kind: 'badChecksum', block: 0 });
    await expect(inspectSnapshot(bad)).rejects.toMatchObject({ kind: 'badChecksum', block: 0 });
    await expect(verifySnapshot(good)).resolves.toMatchObject({ digest: written.digest });
  });
});

describe('writing through a temporary file', () => {
  it('leaves the previous snapshot whole when a write stops before its rename', async () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'state.snap');
      const server = new Executor();
      server.run('SET', 'generation', 'first');
      const first = await writeSnapshot(file, server.state.keyspace, FIELDS);
      // A crash in the middle of the next write leaves its temporary file behind.
      writeFileSync(`${file}.tmp-4242-0`, readFileSync(file).subarray(0, 100));
      for (let index = 0; index < 500; index++) server.run('SET', `key-${index}`, 'v'.repeat(200));
      const failing = writeSnapshot(file, server.state.keyspace, FIELDS, {
        blockTargetBytes: 1024,
        onProgress: () => {
          throw new Error('stopped');
        },
      });
      await expect(failing).rejects.toThrow('stopped');
      const loaded = new Executor();
      await expect(loadSnapshot(file, loaded.state.keyspace)).resolves.toMatchObject({ digest: first.digest, keyCount: 1 });
      expect(loaded.run('GET', 'generation')).toBe('first');
      const names = readdirSync(directory.path).sort();
      expect(names).toEqual(['state.snap', 'state.snap.tmp-4242-0']);
      expect(names.map(isSnapshotTempFile)).toEqual([false, true]);
    } finally {
      directory.remove();
    }
  });

  it('fails with an I/O error when the directory does not exist, touching nothing', async () => {
    const directory = temporaryDirectory();
    try {
      const server = new Executor();
      server.run('SET', 'a', 'b');
      const writing = writeSnapshot(join(directory.path, 'missing', 'state.snap'), server.state.keyspace, FIELDS);
      await expect(writing).rejects.toMatchObject({ kind: 'io' });
      expect(readdirSync(directory.path)).toEqual([]);
    } finally {
      directory.remove();
    }
  });
});
