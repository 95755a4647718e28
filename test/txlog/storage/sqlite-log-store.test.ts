/**
 * The SQLite log stores (calling thread and worker thread, the same behaviours): writes read back
 * from memory and after reopening, one transaction per unit, suffix truncation, snapshots and
 * compaction, the identity checks at open, and the refusal to go on after a failed write.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CorruptLogError } from '../../../txlog/src/storage/log-store.js';
import { LOG_FILE_NAME } from '../../../txlog/src/storage/sqlite-schema.js';
import { LogStoreFailedError } from '../../../txlog/src/storage/store-guard.js';
import { STORE_KINDS, dump, entries, entry, hardState, snapshot, temporaryDirectory, text, unit } from './fixtures.js';

describe.each(STORE_KINDS)('$name', (kind) => {
  it('a new store is empty, with the voters it was created for', async () => {
    const store = await kind.open(temporaryDirectory());
    expect(store.initialState()).toEqual({ hardState: { term: 0, vote: 0, commit: 0 }, voters: [1, 2, 3] });
    expect([store.firstIndex(), store.lastIndex(), store.term(0)]).toEqual([1, 0, 0]);
    expect(store.snapshot().meta.index).toBe(0);
    await store.close();
  });

  it('reads back what it persisted, before and after reopening', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 3, 1), hardState: hardState(1, 2) }));
    await store.persist(unit({ entries: entries(4, 5, 2), hardState: hardState(2, 4, 3) }));
    const expected = [
      [1, 1, 'entry 1 term 1'],
      [2, 1, 'entry 2 term 1'],
      [3, 1, 'entry 3 term 1'],
      [4, 2, 'entry 4 term 2'],
      [5, 2, 'entry 5 term 2'],
    ];
    expect(dump(store)).toEqual(expected);
    await store.close();
    const reopened = await kind.open(dir);
    expect(dump(reopened)).toEqual(expected);
    expect(reopened.initialState().hardState).toEqual(hardState(2, 4, 3));
    expect([reopened.term(3), reopened.term(4), reopened.term(6)]).toEqual([1, 2, undefined]);
    await reopened.close();
  });

  it('keeps binary data and large entries exactly', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 251);
    const empty = new Uint8Array(0);
    const written = [
      { index: 1, term: 1, type: 0 as const, data: binary },
      { index: 2, term: 1, type: 1 as const, data: large },
      { index: 3, term: 1, type: 0 as const, data: empty },
    ];
    await store.persist(unit({ entries: written, hardState: hardState(1, 3) }));
    await store.close();
    const reopened = await kind.open(dir);
    const read = reopened.entries(1, 4, Number.MAX_SAFE_INTEGER);
    expect(read.map(({ index, term, type, data }) => ({ index, term, type, length: data.length }))).toEqual(written.map(({ index, term, type, data }) => ({ index, term, type, length: data.length })));
    read.forEach((held, position) => expect(Buffer.compare(held.data, written[position]?.data ?? new Uint8Array()), `entry ${held.index}`).toBe(0));
    await reopened.close();
  });

  it('entries() stops at the byte limit but always returns at least one entry', async () => {
    const store = await kind.open(temporaryDirectory());
    await store.persist(unit({ entries: entries(1, 5, 1), hardState: hardState(1, 0) }));
    const size = 24 + 'entry 1 term 1'.length;
    expect(store.entries(1, 6, 1).map((held) => held.index)).toEqual([1]);
    expect(store.entries(2, 6, 2 * size).map((held) => held.index)).toEqual([2, 3]);
    expect(store.entries(3, 3, 1000)).toEqual([]);
    expect(() => store.entries(0, 2, 1000)).toThrow(/assertion/);
    expect(() => store.entries(5, 7, 1000)).toThrow(/assertion/);
    await store.close();
  });

  it('an entry at an index already held replaces it and drops the conflicting suffix, on disk too', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 6, 1), hardState: hardState(1, 2) }));
    await store.persist(unit({ entries: [entry(4, 2, 'new 4')], hardState: hardState(2, 2, 2) }));
    const expected = [
      [1, 1, 'entry 1 term 1'],
      [2, 1, 'entry 2 term 1'],
      [3, 1, 'entry 3 term 1'],
      [4, 2, 'new 4'],
    ];
    expect(dump(store)).toEqual(expected);
    await store.close();
    const reopened = await kind.open(dir);
    expect(dump(reopened)).toEqual(expected);
    await reopened.close();
  });

  it('compaction stores the snapshot and drops the entries at and below it, on disk too', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 8, 1), hardState: hardState(1, 6) }));
    await store.compact(snapshot(5, 1));
    expect([store.firstIndex(), store.lastIndex(), store.term(5), store.term(4)]).toEqual([6, 8, 1, undefined]);
    expect(text(store.snapshot().data)).toBe('state at 5');
    expect(dump(store).map(([index]) => index)).toEqual([6, 7, 8]);
    await store.close();
    const reopened = await kind.open(dir);
    expect([reopened.firstIndex(), reopened.lastIndex(), reopened.term(5)]).toEqual([6, 8, 1]);
    expect(reopened.snapshot()).toEqual(snapshot(5, 1));
    expect(dump(reopened).map(([index]) => index)).toEqual([6, 7, 8]);
    await reopened.close();
  });

  it('compaction beyond the commit, or with the wrong term, is refused as a bug', async () => {
    const store = await kind.open(temporaryDirectory());
    await store.persist(unit({ entries: entries(1, 8, 1), hardState: hardState(1, 6) }));
    await expect(store.compact(snapshot(7, 1))).rejects.toThrow(/assertion: compaction to 7 is beyond the persisted commit 6/);
    await store.close();
    const other = await kind.open(temporaryDirectory());
    await other.persist(unit({ entries: entries(1, 8, 1), hardState: hardState(1, 6) }));
    await expect(other.compact(snapshot(5, 2))).rejects.toThrow(/assertion: compaction snapshot at 5 has term 2/);
    await other.close();
  });

  it('installing a snapshot replaces the whole log; entries after it follow in the same unit', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 4, 1), hardState: hardState(1, 2) }));
    await store.persist(unit({ snapshot: snapshot(10, 3), entries: entries(11, 12, 3), hardState: hardState(3, 10, 2) }));
    expect([store.firstIndex(), store.lastIndex(), store.term(10)]).toEqual([11, 12, 3]);
    await store.close();
    const reopened = await kind.open(dir);
    expect([reopened.firstIndex(), reopened.lastIndex(), reopened.term(10)]).toEqual([11, 12, 3]);
    expect(dump(reopened).map(([index]) => index)).toEqual([11, 12]);
    expect(reopened.initialState().hardState).toEqual(hardState(3, 10, 2));
    await reopened.close();
  });

  it('a unit that breaks the log (gap, term going down, vote changed in a term, overwriting the commit) is refused before any write', async () => {
    const cases = [
      { parts: unit({ entries: [entry(5, 1)] }), message: /entry 5 does not follow the log/ },
      { parts: unit({ entries: [entry(4, 2), entry(6, 2)] }), message: /entry 6 does not follow entry 4/ },
      { parts: unit({ entries: [entry(4, 1)] }), message: /entry 4 has term 1, below the term 2 of entry 3/ },
      { parts: unit({ hardState: hardState(2, 2, 3) }), message: /vote changed from 1 to 3 within term 2/ },
      { parts: unit({ hardState: hardState(1, 2) }), message: /hard state term 1 is below the persisted term 2/ },
      { parts: unit({ hardState: hardState(2, 1) }), message: /commit 1 is below the persisted commit 2/ },
      { parts: unit({ hardState: hardState(2, 4) }), message: /commit 4 is beyond the last index 3/ },
      { parts: unit({ entries: [entry(2, 3)] }), message: /entry 2 would overwrite the committed prefix/ },
    ];
    for (const { parts, message } of cases) {
      const dir = temporaryDirectory();
      const store = await kind.open(dir);
      await store.persist(unit({ entries: [entry(1, 1), entry(2, 1), entry(3, 2)], hardState: hardState(2, 2) }));
      await expect(store.persist(parts), String(message)).rejects.toThrow(message);
      await store.close();
      const reopened = await kind.open(dir);
      expect(reopened.lastIndex()).toBe(3);
      expect(reopened.initialState().hardState).toEqual(hardState(2, 2));
      await reopened.close();
    }
  });

  it('a write that fails is rolled back, and the store refuses every later call', async () => {
    const dir = temporaryDirectory();
    let failNext = false;
    const store = await kind.open(dir, {
      beforeCommit: () => {
        if (failNext) throw new Error('injected: disk I/O error');
      },
    });
    await store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 1) }));
    failNext = true;
    await expect(store.persist(unit({ entries: entries(3, 4, 1), hardState: hardState(1, 3) }))).rejects.toThrow(/persist failed on .*injected: disk I\/O error/);
    failNext = false;
    await expect(store.persist(unit({ entries: entries(3, 3, 1) }))).rejects.toBeInstanceOf(LogStoreFailedError);
    await expect(store.compact(snapshot(1, 1))).rejects.toBeInstanceOf(LogStoreFailedError);
    expect(() => store.lastIndex()).toThrow(LogStoreFailedError);
    expect(() => store.entries(1, 2, 100)).toThrow(/refused: persist failed/);
    await store.close();
    const reopened = await kind.open(dir);
    expect(dump(reopened).map(([index]) => index)).toEqual([1, 2]);
    expect(reopened.initialState().hardState).toEqual(hardState(1, 1));
    await reopened.close();
  });

  it('a failed compaction fails the store too', async () => {
    const store = await kind.open(temporaryDirectory(), {
      beforeCommit: (operation) => {
        if (operation === 'compact') throw new Error('injected');
      },
    });
    await store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 2) }));
    await expect(store.compact(snapshot(1, 1))).rejects.toThrow(/compact failed/);
    await expect(store.persist(unit({ entries: entries(3, 3, 1) }))).rejects.toBeInstanceOf(LogStoreFailedError);
    await store.close();
  });

  it('refuses calls after close', async () => {
    const store = await kind.open(temporaryDirectory());
    await store.close();
    expect(() => store.lastIndex()).toThrow(/closed/);
    await expect(store.persist(unit({ entries: entries(1, 1, 1) }))).rejects.toThrow(/closed/);
  });

  it('a log opened with another cluster id, other voters or another format version is refused', async () => {
    const dir = temporaryDirectory();
    await (await kind.open(dir)).close();
    await expect(kind.open(dir, { clusterId: 'other' })).rejects.toThrow(/belongs to cluster "test-cluster", not "other"/);
    await expect(kind.open(dir, { voters: [1, 2, 3, 4, 5] })).rejects.toThrow(/created for voters \[1, 2, 3\], not \[1, 2, 3, 4, 5\]/);
    await expect(kind.open(dir, { clusterId: 'other' })).rejects.toBeInstanceOf(CorruptLogError);
    const file = path.join(dir, LOG_FILE_NAME);
    const raw = new Database(file);
    raw.prepare('UPDATE identity SET format_version = 99').run();
    raw.close();
    await expect(kind.open(dir)).rejects.toThrow(/identity row fails its checksum/);
  });

  it('a file that is not a cairn log is refused', async () => {
    const dir = temporaryDirectory();
    const raw = new Database(path.join(dir, LOG_FILE_NAME));
    raw.exec('CREATE TABLE something_else (x)');
    raw.close();
    await expect(kind.open(dir)).rejects.toThrow(/not a cairn log/);
  });

  it('options naming no voters or no cluster are refused', async () => {
    await expect(kind.open(temporaryDirectory(), { voters: [] })).rejects.toThrow(/voters must be distinct positive node ids/);
    await expect(kind.open(temporaryDirectory(), { voters: [1, 1, 2] })).rejects.toThrow(/voters must be distinct/);
    await expect(kind.open(temporaryDirectory(), { clusterId: '' })).rejects.toThrow(/non-empty cluster id/);
  });

  it('creates the directory and one database file, in WAL mode', async () => {
    const dir = path.join(temporaryDirectory(), 'node-1', 'log');
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 1, 1), hardState: hardState(1, 1) }));
    expect(existsSync(path.join(dir, LOG_FILE_NAME))).toBe(true);
    expect(existsSync(path.join(dir, `${LOG_FILE_NAME}-wal`))).toBe(true);
    await store.close();
  });
});
