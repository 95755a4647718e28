import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import type { DoubleReply } from '../../server/src/resp/reply.js';
import { FORMAT_VERSION } from '../../server/src/snapshot/format.js';
import { inspectSnapshot } from '../../server/src/snapshot/snapshot-inspect.js';
import { loadSnapshot, readSnapshot, readSnapshotHeader, verifySnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import { writeSnapshot, type WriteResult } from '../../server/src/snapshot/snapshot-writer.js';
import { stateDigest } from '../../server/src/snapshot/state-digest.js';
import { dumpKeyspace, Executor } from '../support/executor.js';
import { everyTypeServer, FIELDS, temporaryDirectory } from './snapshot-support.js';

/** Every key of every database, as [db, key] pairs. */
function keysOf(server: Executor): [number, string][] {
  const keys: [number, string][] = [];
  for (const database of server.state.keyspace.databases) for (const [key] of database.allEntries()) keys.push([database.id, key]);
  return keys;
}

/** The replies of `argv` for `key`, run in the key's database on each server. */
function replies(server: Executor, db: number, argv: (string | number)[]): unknown {
  server.run('SELECT', db);
  const reply = server.run(...argv);
  server.run('SELECT', 0);
  return reply;
}

describe('snapshot round trip of every data type', () => {
  const directory = temporaryDirectory();
  const file = join(directory.path, 'every-type.snap');
  let source: Executor;
  let loaded: Executor;
  let written: WriteResult;

  beforeAll(async () => {
    source = everyTypeServer();
    written = await writeSnapshot(file, source.state.keyspace, FIELDS, { blockTargetBytes: 4096 });
    loaded = new Executor({ seed: 99, clock: source.clock });
    await loadSnapshot(file, loaded.state.keyspace);
  });
  afterAll(() => directory.remove());

  it('writes every key and reports the file size and the state digest', () => {
    expect(written.keyCount).toBe(source.state.keyspace.size);
    expect(written.digest).toBe(stateDigest(source.state.keyspace));
    expect(written.bytes).toBeGreaterThan(1024 * 1024);
  });

  it('loads a keyspace equal to the one written, key by key, expiries and databases included', () => {
    expect(dumpKeyspace(loaded.state)).toEqual(dumpKeyspace(source.state));
    expect(stateDigest(loaded.state.keyspace)).toBe(written.digest);
  });

  it('keeps every value encoding', () => {
    for (const [db, key] of keysOf(source)) {
      if (key === 'expired') continue; // reading it would remove it
      expect(replies(loaded, db, ['OBJECT', 'ENCODING', key]), key).toEqual(replies(source, db, ['OBJECT', 'ENCODING', key]));
    }
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'hash-small'])).toBe('listpack');
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'hash-large'])).toBe('hashtable');
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'set-intset'])).toBe('intset');
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'set-many-integers'])).toBe('hashtable');
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'zset-small'])).toBe('listpack');
    expect(replies(loaded, 0, ['OBJECT', 'ENCODING', 'zset-large'])).toBe('skiplist');
  });

  it('keeps what MEMORY USAGE sees: quicklist nodes, intset width, stream nodes', () => {
    for (const key of ['list-small', 'list-large', 'list-edited', 'hash-small', 'set-intset', 'set-wide', 'zset-small', 'stream', 'stream-empty', 'large']) {
      expect(loaded.run('MEMORY', 'USAGE', key, 'SAMPLES', 0), key).toEqual(source.run('MEMORY', 'USAGE', key, 'SAMPLES', 0));
    }
  });

  it('keeps the order of hashtable hashes and sets, and the scores -0, -inf and inf', () => {
    expect(loaded.run('HGETALL', 'hash-large')).toEqual(source.run('HGETALL', 'hash-large'));
    expect(loaded.run('SMEMBERS', 'set-strings')).toEqual(source.run('SMEMBERS', 'set-strings'));
    expect(loaded.run('ZRANGE', 'zset-large', 0, -1, 'WITHSCORES')).toEqual(source.run('ZRANGE', 'zset-large', 0, -1, 'WITHSCORES'));
    expect(Object.is((loaded.run('ZSCORE', 'zset-large', 'negative-zero') as DoubleReply).value, -0)).toBe(true);
    expect((loaded.run('ZSCORE', 'zset-large', 'minus-infinity') as DoubleReply).value).toBe(Number.NEGATIVE_INFINITY);
    expect((loaded.run('ZSCORE', 'zset-small', 'high') as DoubleReply).value).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps streams whole: nodes, tombstones, groups, pending entries with times and counts, consumers', () => {
    for (const key of ['stream', 'stream-empty']) {
      expect(loaded.run('XINFO', 'STREAM', key, 'FULL'), key).toEqual(source.run('XINFO', 'STREAM', key, 'FULL'));
      expect(loaded.run('XINFO', 'GROUPS', key), key).toEqual(source.run('XINFO', 'GROUPS', key));
    }
    expect(loaded.run('XINFO', 'CONSUMERS', 'stream', 'readers')).toEqual(source.run('XINFO', 'CONSUMERS', 'stream', 'readers'));
    expect(loaded.run('XPENDING', 'stream', 'readers', '-', '+', 100)).toEqual(source.run('XPENDING', 'stream', 'readers', '-', '+', 100));
  });

  it('behaves the same afterwards: the same writes give the same state', () => {
    const writes: (string | number)[][] = [
      ['LINSERT', 'list-edited', 'AFTER', 'e3', 'after'],
      ['XTRIM', 'stream', 'MAXLEN', '~', 200],
      ['XADD', 'stream', '*', 'f', 'v'],
      ['HSET', 'hash-small', 'new', 'field'],
      ['SADD', 'set-wide', 2],
      ['ZADD', 'zset-small', 2, 'two'],
    ];
    for (const argv of writes) expect(loaded.run(...argv), argv.join(' ')).toEqual(source.run(...argv));
    expect(dumpKeyspace(loaded.state)).toEqual(dumpKeyspace(source.state));
    expect(loaded.run('MEMORY', 'USAGE', 'list-edited', 'SAMPLES', 0)).toEqual(source.run('MEMORY', 'USAGE', 'list-edited', 'SAMPLES', 0));
    expect(loaded.run('XINFO', 'STREAM', 'stream', 'FULL')).toEqual(source.run('XINFO', 'STREAM', 'stream', 'FULL'));
  });

  it('reads the header alone', async () => {
    expect(await readSnapshotHeader(file)).toEqual({
      formatVersion: FORMAT_VERSION,
      databaseCount: 16,
      keyCount: written.keyCount,
      ...FIELDS,
    });
  });

  it('verifies the file: a full load whose state digest equals the footer', async () => {
    const result = await verifySnapshot(file);
    expect(result.digest).toBe(written.digest);
    expect(result.keyCount).toBe(written.keyCount);
    expect(result.bytes).toBe(written.bytes);
  });

  it('inspects the file: counts per type and database, the largest keys', async () => {
    const inspection = await inspectSnapshot(file);
    expect(inspection.header.keyCount).toBe(written.keyCount);
    expect(inspection.digest).toBe(written.digest);
    expect(inspection.fileBytes).toBe(written.bytes);
    expect(inspection.blocks).toBeGreaterThan(5);
    expect(inspection.keysPerType).toEqual({ string: 12, list: 4, hash: 4, set: 5, zset: 3, stream: 2 });
    expect(inspection.databases.map(({ db, keys }) => [db, keys])).toEqual([
      [0, 26],
      [3, 2],
      [15, 2],
    ]);
    expect(inspection.keysWithExpiry).toBe(4);
    expect(inspection.largestKeys).toHaveLength(10);
    expect(inspection.largestKeys[0]).toMatchObject({ db: 0, key: 'large', type: 'string' });
    expect(inspection.largestKeys[1]).toMatchObject({ db: 0, key: 'list-large', type: 'list' });
    const sizes = inspection.largestKeys.map((key) => key.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});

describe('snapshot writer', () => {
  it('reports progress after each block up to every key, and lets other callbacks run meanwhile', async () => {
    const directory = temporaryDirectory();
    try {
      const server = new Executor();
      for (let index = 0; index < 2000; index++) server.run('SET', `key-${index}`, 'v'.repeat(100));
      const progress: number[] = [];
      let ranMeanwhile = 0;
      const tick = setInterval(() => ranMeanwhile++, 0);
      const writing = writeSnapshot(join(directory.path, 'p.snap'), server.state.keyspace, FIELDS, {
        blockTargetBytes: 4096,
        onProgress: (written, total) => {
          expect(total).toBe(2000);
          progress.push(written);
        },
      });
      await writing;
      clearInterval(tick);
      expect(progress.length).toBeGreaterThan(20);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(2000);
      expect(ranMeanwhile).toBeGreaterThan(0);
    } finally {
      directory.remove();
    }
  });

  it('writes an empty keyspace that loads back empty', async () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'empty.snap');
      const empty = new Keyspace({ databases: 4, expiryMode: 'primary', random: Math.random });
      const written = await writeSnapshot(file, empty, FIELDS);
      expect(written.keyCount).toBe(0);
      const { keyspace, result } = await readSnapshot(file, (header) => new Keyspace({ databases: header.databaseCount, expiryMode: 'replica', random: Math.random }));
      expect(keyspace.size).toBe(0);
      expect(keyspace.databases).toHaveLength(4);
      expect(result.digest).toBe(stateDigest(empty));
    } finally {
      directory.remove();
    }
  });

  it('replaces an existing snapshot with the new one', async () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'replaced.snap');
      const server = new Executor();
      server.run('SET', 'a', 'first');
      await writeSnapshot(file, server.state.keyspace, FIELDS);
      server.run('SET', 'a', 'second');
      const second = await writeSnapshot(file, server.state.keyspace, { ...FIELDS, logIndex: FIELDS.logIndex + 1 });
      const loaded = new Executor();
      const result = await loadSnapshot(file, loaded.state.keyspace);
      expect(result.digest).toBe(second.digest);
      expect(result.header.logIndex).toBe(FIELDS.logIndex + 1);
      expect(loaded.run('GET', 'a')).toBe('second');
      expect(readdirSync(directory.path)).toEqual(['replaced.snap']);
    } finally {
      directory.remove();
    }
  });

  it('refuses to load into a keyspace that holds keys', async () => {
    const directory = temporaryDirectory();
    try {
      const file = join(directory.path, 'a.snap');
      const server = new Executor();
      server.run('SET', 'a', 'b');
      await writeSnapshot(file, server.state.keyspace, FIELDS);
      await expect(loadSnapshot(file, server.state.keyspace)).rejects.toThrow(/empty keyspace/);
    } finally {
      directory.remove();
    }
  });
});
