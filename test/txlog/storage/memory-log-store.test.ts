/**
 * The in-memory store and its crash model: what the process sees at once, what is synced, what a
 * crash keeps (synced writes, plus unsynced ones kept whole or torn when the simulator says so),
 * and failed fsyncs and writes.
 */
import { describe, expect, it } from 'vitest';
import { MemoryLogStore } from '../../../txlog/src/storage/memory-log-store.js';
import { LogStoreFailedError } from '../../../txlog/src/storage/store-guard.js';
import { dump, entries, entry, hardState, snapshot, unit } from './fixtures.js';

const VOTERS = [1, 2, 3];

/** 'settled' if `promise` settles once every queued microtask has run, 'pending' otherwise (nothing in the store waits on a timer). */
async function state(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled ? 'settled' : 'pending';
}

function indexes(store: MemoryLogStore): number[] {
  return dump(store).map(([index]) => index);
}

describe('MemoryLogStore', () => {
  it('reads back what it persisted, with the same checks as the SQLite stores', async () => {
    const store = MemoryLogStore.create(VOTERS);
    await store.persist(unit({ entries: entries(1, 6, 1), hardState: hardState(1, 2) }));
    await store.persist(unit({ entries: [entry(4, 2, 'new 4')], hardState: hardState(2, 2, 2) }));
    expect(dump(store)).toEqual([
      [1, 1, 'entry 1 term 1'],
      [2, 1, 'entry 2 term 1'],
      [3, 1, 'entry 3 term 1'],
      [4, 2, 'new 4'],
    ]);
    expect(store.initialState()).toEqual({ hardState: hardState(2, 2, 2), voters: VOTERS });
    await store.compact(snapshot(2, 1));
    expect([store.firstIndex(), store.lastIndex(), store.term(2)]).toEqual([3, 4, 1]);
    await expect(store.persist(unit({ entries: [entry(6, 2)] }))).rejects.toThrow(/assertion: entry 6 does not follow the log/);
  });

  it('in immediate mode a crash keeps every write', async () => {
    const store = MemoryLogStore.create(VOTERS);
    await store.persist(unit({ entries: entries(1, 3, 1), hardState: hardState(1, 1) }));
    const restarted = store.crash();
    expect(indexes(restarted)).toEqual([1, 2, 3]);
    expect(restarted.initialState().hardState).toEqual(hardState(1, 1));
  });

  it('in manual mode a write is visible at once but resolves only when its fsync completes', async () => {
    let notified = 0;
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual', onUnsyncedWrite: () => (notified += 1) });
    const write = store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 0) }));
    expect(indexes(store)).toEqual([1, 2]);
    expect([store.unsyncedWrites, notified]).toEqual([1, 1]);
    expect(await state(write)).toBe('pending');
    store.completeSync();
    expect(await state(write)).toBe('settled');
    expect(store.unsyncedWrites).toBe(0);
    expect(() => store.completeSync()).toThrow(/assertion: completeSync\(\) with no unsynced write/);
  });

  it('a crash keeps only synced writes, and the crashed store never settles the others', async () => {
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
    const first = store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 1) }));
    const second = store.persist(unit({ entries: entries(3, 4, 1), hardState: hardState(1, 3) }));
    store.completeSync();
    await first;
    const restarted = store.crash();
    expect(indexes(restarted)).toEqual([1, 2]);
    expect(restarted.initialState().hardState).toEqual(hardState(1, 1));
    expect(await state(second)).toBe('pending');
    expect(() => store.lastIndex()).toThrow(/closed/);
    expect(store.unsyncedWrites).toBe(0);
    expect(() => store.completeSync()).toThrow(/assertion: completeSync\(\) on a closed or crashed store/);
  });

  it('a crash can keep unsynced writes whole, oldest first', () => {
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
    void store.persist(unit({ entries: entries(1, 2, 1), hardState: hardState(1, 1) }));
    void store.persist(unit({ entries: entries(3, 4, 1), hardState: hardState(1, 3) }));
    void store.persist(unit({ entries: entries(5, 6, 1), hardState: hardState(1, 5) }));
    const restarted = store.crash({ unsyncedKept: 2 });
    expect(indexes(restarted)).toEqual([1, 2, 3, 4]);
    expect(restarted.initialState().hardState).toEqual(hardState(1, 3));
  });

  it('a torn write keeps the first entries of the next unsynced write and nothing else of it', () => {
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
    void store.persist(unit({ entries: entries(1, 5, 1), hardState: hardState(1, 2) }));
    store.completeSync();
    void store.persist(unit({ entries: [entry(4, 2, 'new 4'), entry(5, 2, 'new 5'), entry(6, 2, 'new 6')], hardState: hardState(2, 5, 2) }));
    const restarted = store.crash({ tornEntries: 1 });
    expect(dump(restarted)).toEqual([
      [1, 1, 'entry 1 term 1'],
      [2, 1, 'entry 2 term 1'],
      [3, 1, 'entry 3 term 1'],
      [4, 2, 'new 4'],
    ]);
    expect(restarted.initialState().hardState).toEqual(hardState(1, 2));
  });

  it('a snapshot install or a compaction is never torn: kept whole or lost', () => {
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
    void store.persist(unit({ entries: entries(1, 4, 1), hardState: hardState(1, 4) }));
    store.completeSync();
    void store.compact(snapshot(3, 1));
    expect(store.firstIndex()).toBe(4);
    const lost = store.crash({ tornEntries: 5 });
    expect([lost.firstIndex(), lost.lastIndex()]).toEqual([1, 4]);
    void lost.persist(unit({ snapshot: snapshot(9, 2), entries: entries(10, 11, 2), hardState: hardState(2, 9) }));
    expect(lost.crash({ tornEntries: 1 }).lastIndex()).toBe(4);
  });

  it('a failed fsync rejects that write and every later unsynced one, and the store refuses everything after', async () => {
    const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
    const first = store.persist(unit({ entries: entries(1, 1, 1), hardState: hardState(1, 0) }));
    const second = store.persist(unit({ entries: entries(2, 2, 1) }));
    store.failSync(new Error('EIO'));
    await expect(first).rejects.toThrow(/persist failed on memory: EIO/);
    await expect(second).rejects.toBeInstanceOf(LogStoreFailedError);
    await expect(store.persist(unit({ entries: entries(3, 3, 1) }))).rejects.toBeInstanceOf(LogStoreFailedError);
    expect(() => store.term(1)).toThrow(LogStoreFailedError);
    expect(store.crash().lastIndex()).toBe(0);
  });

  it('an injected write failure fails that write at once and the store with it', async () => {
    const store = MemoryLogStore.create(VOTERS);
    await store.persist(unit({ entries: entries(1, 1, 1), hardState: hardState(1, 1) }));
    store.failNextWrite(new Error('ENOSPC'));
    await expect(store.persist(unit({ entries: entries(2, 2, 1) }))).rejects.toThrow(/ENOSPC/);
    await expect(store.compact(snapshot(1, 1))).rejects.toBeInstanceOf(LogStoreFailedError);
    expect(store.crash().lastIndex()).toBe(1);
  });

  it('replays the same way every time (no clock or randomness inside)', async () => {
    const run = async (): Promise<[number, number, string][]> => {
      const store = MemoryLogStore.create(VOTERS, { sync: 'manual' });
      void store.persist(unit({ entries: entries(1, 3, 1), hardState: hardState(1, 1) }));
      void store.persist(unit({ entries: entries(4, 6, 1), hardState: hardState(1, 3) }));
      store.completeSync();
      void store.persist(unit({ entries: [entry(5, 2), entry(6, 2), entry(7, 2)], hardState: hardState(2, 3, 2) }));
      return dump(store.crash({ unsyncedKept: 1, tornEntries: 2 }));
    };
    const first = await run();
    expect(first.map(([index, term]) => [index, term])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 2],
      [6, 2],
    ]);
    expect(await run()).toEqual(first);
  });
});
