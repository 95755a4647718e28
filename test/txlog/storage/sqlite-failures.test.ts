/**
 * Real failures under the SQLite stores: the disk refusing a write (the WAL file made immutable
 * with chattr, where the test can do that: root on a filesystem with the attribute), a second
 * store on the same directory, and the worker thread dying under the worker store. After a
 * failure the store refuses everything, and a reopen finds exactly what was acknowledged.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LOG_FILE_NAME } from '../../../txlog/src/storage/sqlite-schema.js';
import { LogStoreFailedError } from '../../../txlog/src/storage/store-guard.js';
import { WorkerSqliteLogStore } from '../../../txlog/src/storage/worker-sqlite-log-store.js';
import { CLUSTER, STORE_KINDS, dump, entries, hardState, temporaryDirectory, unit } from './fixtures.js';

function chattr(flag: '+i' | '-i', file: string): boolean {
  return spawnSync('chattr', [flag, file], { stdio: 'ignore' }).status === 0;
}

/** Whether this machine lets the test make a file immutable (and a write to it then fails). */
function immutableFilesWork(): boolean {
  const probe = path.join(temporaryDirectory(), 'probe');
  writeFileSync(probe, 'x');
  if (!chattr('+i', probe)) return false;
  try {
    appendFileSync(probe, 'y');
    return false;
  } catch {
    return true;
  } finally {
    chattr('-i', probe);
  }
}

const canMakeImmutable = immutableFilesWork();

describe.each(STORE_KINDS)('$name', (kind) => {
  it.skipIf(!canMakeImmutable)('a write the disk refuses rejects persist, and the store refuses everything after it', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 1) }));
    const wal = path.join(dir, `${LOG_FILE_NAME}-wal`);
    expect(chattr('+i', wal)).toBe(true);
    try {
      await expect(store.persist(unit({ entries: entries(3, 4, 1), hardState: hardState(1, 3) }))).rejects.toThrow(/persist failed on .*(disk I\/O error|SQLITE_IOERR)/);
    } finally {
      chattr('-i', wal);
    }
    await expect(store.persist(unit({ entries: entries(3, 3, 1) }))).rejects.toBeInstanceOf(LogStoreFailedError);
    expect(() => store.firstIndex()).toThrow(LogStoreFailedError);
    await store.close();
    const reopened = await kind.open(dir);
    expect(dump(reopened).map(([index]) => index)).toEqual([1, 2]);
    expect(reopened.initialState().hardState.commit).toBe(1);
    await reopened.close();
  });

  it('a second store on the same directory is refused while the first is open', async () => {
    const dir = temporaryDirectory();
    const first = await kind.open(dir);
    await first.persist(unit({ entries: entries(1, 1, 1), hardState: hardState(1, 1) }));
    await expect(kind.open(dir)).rejects.toThrow(/is in use by another store/);
    await first.close();
    const second = await kind.open(dir);
    expect(second.lastIndex()).toBe(1);
    await second.close();
  });
});

describe('WorkerSqliteLogStore when its worker dies', () => {
  it('fails the pending write and every later call', async () => {
    const dir = temporaryDirectory();
    const store = await WorkerSqliteLogStore.open(dir, CLUSTER);
    await store.persist(unit({ entries: entries(1, 1, 1), hardState: hardState(1, 1) }));
    // The worker is private: reach it as a crash would, from outside the store's API.
    const worker = (store as unknown as { worker: Worker }).worker;
    const terminated = worker.terminate();
    const pending = store.persist(unit({ entries: entries(2, 2, 1), hardState: hardState(1, 2) }));
    await terminated;
    await expect(pending).rejects.toThrow(/persist failed on .*the storage worker exited with code 1/);
    await expect(store.persist(unit({ entries: entries(3, 3, 1) }))).rejects.toBeInstanceOf(LogStoreFailedError);
    expect(() => store.lastIndex()).toThrow(LogStoreFailedError);
    await store.close();
    const reopened = await WorkerSqliteLogStore.open(dir, CLUSTER);
    expect(reopened.lastIndex()).toBe(1);
    expect(reopened.initialState().hardState.commit).toBe(1);
    await reopened.close();
  });

  it('writes made before close are committed before the worker stops', async () => {
    const dir = temporaryDirectory();
    const store = await WorkerSqliteLogStore.open(dir, CLUSTER);
    const writes = [1, 2, 3].map((index) => store.persist(unit({ entries: entries(index, index, 1), hardState: hardState(1, index) })));
    await store.close();
    await Promise.all(writes);
    const reopened = await WorkerSqliteLogStore.open(dir, CLUSTER);
    expect(dump(reopened).map(([index]) => index)).toEqual([1, 2, 3]);
    await reopened.close();
  });
});
