/**
 * Opening a damaged log (both SQLite stores): any damaged entry (beyond the persisted commit too,
 * since it may have been acknowledged), hard state or snapshot stops the node with
 * CorruptLogError naming the file and the index. Damage is made with raw SQL on the closed file,
 * and by flipping a byte of the file itself. A torn write (a crash in the middle of a
 * transaction) is not damage: SQLite's WAL recovery drops that never-acknowledged transaction.
 */
import { copyFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CorruptLogError } from '../../../txlog/src/storage/log-store.js';
import { entryChecksum } from '../../../txlog/src/storage/record-checksums.js';
import { LOG_FILE_NAME } from '../../../txlog/src/storage/sqlite-schema.js';
import { STALE_ROWS_PER_WRITE } from '../../../txlog/src/storage/stale-rows.js';
import { type StoreKind, STORE_KINDS, dump, entries, entry, hardState, snapshot, temporaryDirectory, unit } from './fixtures.js';

/** Run `sql` on the (closed) log file in `dir`, as an outside tool would. */
function rawRun(dir: string, sql: string, ...parameters: (number | string | Uint8Array)[]): void {
  const raw = new Database(path.join(dir, LOG_FILE_NAME));
  raw.prepare(sql).run(...parameters);
  raw.close();
}

/** A log of entries 1..8 (term 1) with commit 5, closed. */
/** The count a query on the (closed) log file answers. */
function rawCount(dir: string, sql: string): number {
  const db = new Database(path.join(dir, LOG_FILE_NAME), { readonly: true });
  try {
    return db.prepare<[], { 'count(*)': number }>(sql).get()?.['count(*)'] ?? -1;
  } finally {
    db.close();
  }
}

async function logWithCommitFive(kind: StoreKind): Promise<string> {
  const dir = temporaryDirectory();
  const store = await kind.open(dir);
  await store.persist(unit({ entries: entries(1, 8, 1), hardState: hardState(1, 5) }));
  await store.close();
  return dir;
}

const CORRUPT_DATA = new TextEncoder().encode('entry 0 term 1');

describe.each(STORE_KINDS)('$name at open', (kind) => {
  it('refuses an entry that fails its checksum beyond the commit too: it may have been acknowledged', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'UPDATE entries SET data = ? WHERE log_index = 7', CORRUPT_DATA);
    const opening = kind.open(dir);
    await expect(opening).rejects.toBeInstanceOf(CorruptLogError);
    await expect(opening).rejects.toThrow('entry 7 fails its checksum, beyond the persisted commit 5, where it may still have been acknowledged');
  });

  it('refuses a gap beyond the commit', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'DELETE FROM entries WHERE log_index = 7');
    await expect(kind.open(dir)).rejects.toThrow('entry 7 is missing (the next row is 8)');
  });

  it('refuses an entry whose term goes down, beyond the commit', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: [entry(1, 1), entry(2, 2), entry(3, 2)], hardState: hardState(2, 2) }));
    await store.close();
    rawRun(dir, 'DELETE FROM entries WHERE log_index = 3');
    const raw = new Database(path.join(dir, LOG_FILE_NAME));
    const lower = entry(3, 1);
    raw.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?)').run(3, 1, 0, lower.data, entryChecksum(lower));
    raw.close();
    await expect(kind.open(dir)).rejects.toThrow('entry 3 has term 1, below the term 2 before it');
  });

  it('refuses an entry that fails its checksum inside the committed prefix, naming the file and the index', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'UPDATE entries SET data = ? WHERE log_index = 3', CORRUPT_DATA);
    const file = path.join(dir, LOG_FILE_NAME);
    const opening = kind.open(dir);
    await expect(opening).rejects.toBeInstanceOf(CorruptLogError);
    await expect(opening).rejects.toThrow(`${file}: entry 3 fails its checksum, inside the committed prefix (commit 5)`);
  });

  it('refuses a log whose file had a byte of a committed entry flipped', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    const marked = { ...entry(4, 1), data: new TextEncoder().encode('a very recognisable payload') };
    await store.persist(unit({ entries: [...entries(1, 3, 1), marked, entry(5, 1)], hardState: hardState(1, 5) }));
    await store.close();
    const file = path.join(dir, LOG_FILE_NAME);
    expect(existsSync(`${file}-wal`)).toBe(false); // closing checkpointed everything into the file
    const bytes = readFileSync(file);
    const at = bytes.indexOf('recognisable');
    expect(at).toBeGreaterThan(0);
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
    writeFileSync(file, bytes);
    await expect(kind.open(dir)).rejects.toThrow(`${file}: entry 4 fails its checksum, inside the committed prefix (commit 5)`);
  });

  it('refuses a gap inside the committed prefix', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'DELETE FROM entries WHERE log_index = 2');
    await expect(kind.open(dir)).rejects.toThrow(/entry 2 is missing \(the next row is 3\), inside the committed prefix/);
  });

  it('refuses a log that lost committed entries at its end', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'DELETE FROM entries WHERE log_index >= 5');
    await expect(kind.open(dir)).rejects.toThrow(/commit 5 is beyond the last entry 4: committed entries are missing/);
  });

  it('refuses a hard state that fails its checksum', async () => {
    const dir = await logWithCommitFive(kind);
    rawRun(dir, 'UPDATE hard_state SET vote = 2');
    await expect(kind.open(dir)).rejects.toThrow(/the hard state \(term 1, vote 2, commit 5\) fails its checksum/);
  });

  it('refuses a snapshot that fails its checksum', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 4, 1), hardState: hardState(1, 4) }));
    await store.compact(snapshot(3, 1));
    await store.close();
    rawRun(dir, 'UPDATE snapshot SET data = ?', new TextEncoder().encode('state at 9'));
    await expect(kind.open(dir)).rejects.toThrow(/the snapshot at index 3 fails its checksum/);
  });

  it('keeps entry rows at or below the snapshot out of the log at open and deletes them with the next write', async () => {
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    await store.persist(unit({ entries: entries(1, 4, 1), hardState: hardState(1, 4) }));
    await store.compact(snapshot(3, 1));
    await store.close();
    // What a crash between a compaction and the deletion of its rows leaves (stale-rows.ts).
    const stale = entry(2, 1);
    rawRun(dir, 'INSERT INTO entries VALUES (?, ?, ?, ?, ?)', 2, 1, 0, stale.data, entryChecksum(stale));
    const reopened = await kind.open(dir);
    expect(reopened.firstIndex()).toBe(4);
    await reopened.persist(unit({ entries: entries(5, 5, 1), hardState: hardState(1, 5) }));
    expect(reopened.entries(4, 6, Number.MAX_SAFE_INTEGER).map((held) => held.index)).toEqual([4, 5]);
    await reopened.close();
    expect(rawCount(dir, 'SELECT count(*) FROM entries WHERE log_index <= 3')).toBe(0);
  });

  it('deletes the rows a compaction drops a bounded chunk at a time, with the writes that follow', async () => {
    const dir = temporaryDirectory();
    const rows = 3 * STALE_ROWS_PER_WRITE;
    // The store is closed before each count (the file is locked while it is open).
    const step = async (write: (store: Awaited<ReturnType<StoreKind['open']>>) => Promise<void>): Promise<number> => {
      const store = await kind.open(dir);
      await write(store);
      await store.close();
      return rawCount(dir, 'SELECT count(*) FROM entries');
    };
    expect(await step((store) => store.persist(unit({ entries: entries(1, rows + 1, 1), hardState: hardState(1, rows + 1) })))).toBe(rows + 1);
    expect(await step((store) => store.compact(snapshot(rows, 1)))).toBe(rows + 1 - STALE_ROWS_PER_WRITE);
    expect(await step((store) => store.persist(unit({ entries: entries(rows + 2, rows + 2, 1), hardState: hardState(1, rows + 2) })))).toBe(rows + 2 - 2 * STALE_ROWS_PER_WRITE);
    expect(await step((store) => store.persist(unit({ entries: [], hardState: hardState(1, rows + 2) })))).toBe(2);
    const reopened = await kind.open(dir);
    expect(reopened.firstIndex()).toBe(rows + 1);
    await reopened.close();
  });

  it('refuses a file SQLite itself finds damaged', async () => {
    const dir = await logWithCommitFive(kind);
    const file = path.join(dir, LOG_FILE_NAME);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 0, 100); // the database header
    writeFileSync(file, bytes);
    await expect(kind.open(dir)).rejects.toThrow(/SQLite reports SQLITE_NOTADB/);
  });
});

describe('a torn write (crash in the middle of a transaction)', () => {
  it('is rolled back by SQLite\'s WAL recovery: the store opens with every write acknowledged before it', async () => {
    const kind = STORE_KINDS[0] as StoreKind;
    const dir = temporaryDirectory();
    const store = await kind.open(dir);
    // Four acknowledged writes (persist resolved), each its own transaction in the WAL.
    for (let term = 1; term <= 4; term++) {
      await store.persist(unit({ entries: entries(term * 10 - 9, term * 10, term), hardState: hardState(term, term * 10 - 9) }));
    }
    const walBeforeLast = statSync(path.join(dir, `${LOG_FILE_NAME}-wal`)).size;
    // The fifth write is the one the crash tears.
    await store.persist(unit({ entries: entries(41, 50, 5), hardState: hardState(5, 41) }));
    // The disk as a crash would leave it: copy the files while the store still holds them, with
    // the last transaction cut in the middle of its frames.
    const crashed = temporaryDirectory();
    copyFileSync(path.join(dir, LOG_FILE_NAME), path.join(crashed, LOG_FILE_NAME));
    copyFileSync(path.join(dir, `${LOG_FILE_NAME}-wal`), path.join(crashed, `${LOG_FILE_NAME}-wal`));
    const walAfterLast = statSync(path.join(crashed, `${LOG_FILE_NAME}-wal`)).size;
    expect(walAfterLast).toBeGreaterThan(walBeforeLast);
    truncateSync(path.join(crashed, `${LOG_FILE_NAME}-wal`), walBeforeLast + Math.floor((walAfterLast - walBeforeLast) / 2));
    await store.close();
    const reopened = await kind.open(crashed);
    expect(reopened.lastIndex()).toBe(40);
    expect(reopened.initialState().hardState).toEqual(hardState(4, 31));
    expect(dump(reopened).at(-1)).toEqual([40, 4, 'entry 40 term 4']);
    await reopened.close();
  });
});
