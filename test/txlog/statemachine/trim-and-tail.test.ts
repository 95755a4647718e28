import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../txlog/src/core/types.js';
import { data, Driver } from './commands.js';

/** Three batches: ids 1-3 at raft index 2, a rejected request at 3, ids 4-5 at 4, a no-op at 5, id 6 at 6. */
function threeBatches(): Driver {
  const driver = new Driver();
  driver.noop();
  driver.result({ client: 1n, seq: 1n, prev: 0, records: data(3, 'a') });
  driver.result({ client: 2n, seq: 1n, prev: 0, records: data(1, 'x') });
  driver.result({ client: 1n, seq: 2n, prev: 3, records: data(2, 'b') });
  driver.noop();
  driver.result({ client: 1n, seq: 3n, prev: 5, records: data(1, 'c') });
  return driver;
}

function entry(driver: Driver, index: number): Entry {
  const found = driver.entries[index - 1];
  if (found?.index !== index) throw new Error(`no entry ${index}`);
  return found;
}

describe('tail index and trim', () => {
  it('batchesFrom lists the accepted batches from the one holding the id, with their raft indexes', () => {
    const driver = threeBatches();
    expect(driver.machine.batchesFrom(1, 10)).toEqual([
      { raftIndex: 2, firstId: 1, count: 3 },
      { raftIndex: 4, firstId: 4, count: 2 },
      { raftIndex: 6, firstId: 6, count: 1 },
    ]);
    expect(driver.machine.batchesFrom(5, 10)).toEqual([
      { raftIndex: 4, firstId: 4, count: 2 },
      { raftIndex: 6, firstId: 6, count: 1 },
    ]);
    expect(driver.machine.batchesFrom(1, 2)).toHaveLength(2);
    expect(driver.machine.batchesFrom(7, 10)).toEqual([]);
  });

  it('recordsOf gives an entry its records with their ids, and null for an entry without accepted records', () => {
    const driver = threeBatches();
    expect(driver.machine.recordsOf(entry(driver, 4))?.map((record) => [record.id, Buffer.from(record.payload).toString()])).toEqual([
      [4, 'b0'],
      [5, 'b1'],
    ]);
    expect(driver.machine.recordsOf(entry(driver, 3))).toBeNull();
    expect(driver.machine.recordsOf(entry(driver, 5))).toBeNull();
  });

  it('trim drops whole batches below the id and reports the raft index of the first retained batch', () => {
    const driver = threeBatches();
    expect(driver.trim(4)).toEqual({ kind: 'trim', index: 7, firstRetainedId: 4, compactBelowIndex: 4 });
    expect(driver.machine.firstRetainedId).toBe(4);
    expect(driver.machine.batchesFrom(1, 10).map((batch) => batch.raftIndex)).toEqual([4, 6]);
    expect(driver.machine.recordsOf(entry(driver, 2))).toBeNull();
  });

  it('trim inside a batch keeps the batch but recordsOf leaves out the trimmed records', () => {
    const driver = threeBatches();
    expect(driver.trim(3)).toMatchObject({ firstRetainedId: 3, compactBelowIndex: 2 });
    expect(driver.machine.recordsOf(entry(driver, 2))?.map((record) => record.id)).toEqual([3]);
  });

  it('trim never goes back and never passes the end of the chain; trimming everything compacts below the trim entry', () => {
    const driver = threeBatches();
    driver.trim(5);
    expect(driver.trim(2)).toMatchObject({ firstRetainedId: 5 });
    expect(driver.trim(1_000_000_000_000_000_000n)).toEqual({ kind: 'trim', index: 9, firstRetainedId: 7, compactBelowIndex: 9 });
    expect(driver.machine.batchesFrom(1, 10)).toEqual([]);
    // The chain goes on from where it was.
    expect(driver.result({ client: 1n, seq: 4n, prev: 6, records: data(1) })).toEqual({ kind: 'committed', firstId: 7, lastId: 7 });
    expect(driver.machine.batchesFrom(1, 10)).toEqual([{ raftIndex: 10, firstId: 7, count: 1 }]);
  });

  it('a trim at id 0 or 1 changes nothing', () => {
    const driver = threeBatches();
    expect(driver.trim(0)).toMatchObject({ firstRetainedId: 1, compactBelowIndex: 2 });
    expect(driver.trim(1)).toMatchObject({ firstRetainedId: 1, compactBelowIndex: 2 });
  });

  it('the batch index stays correct over many batches trimmed a few at a time', () => {
    const driver = new Driver();
    let last = 0;
    for (let seq = 1n; seq <= 3000n; seq++) {
      const count = Number(seq % 4n) + 1;
      driver.result({ client: 1n, seq, prev: last, records: data(count) });
      last += count;
      if (seq % 7n === 0n) driver.trim(last - 5);
    }
    const batches = driver.machine.batchesFrom(1, 100);
    const retained = driver.machine.firstRetainedId;
    expect(retained).toBeGreaterThan(last - 30); // the last trim kept 5 records, and a few batches came after it
    // The first batch holds the first retained record; together the batches hold every retained id once.
    const ids = batches.flatMap((batch) => driver.machine.recordsOf(entry(driver, batch.raftIndex))?.map((record) => record.id) ?? []);
    expect(ids).toEqual(Array.from({ length: last - retained + 1 }, (_, n) => retained + n));
    expect(batches.map((batch) => batch.firstId + batch.count)).toEqual([...batches.slice(1).map((batch) => batch.firstId), last + 1]);
  });
});
