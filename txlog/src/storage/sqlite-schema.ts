/**
 * The SQLite log file: its name, connection settings, tables and statements. Shared by the
 * main-thread store and the worker thread (which receives the settings and SQL as data).
 *
 * One row per entry, one row each for the hard state, the latest snapshot and the store's
 * identity; every row carries the CRC32C of its contents (record-checksums.ts).
 */

/** The database file inside a node's directory. */
export const LOG_FILE_NAME = 'txlog.sqlite';

/** Bumped when the tables or the checksummed encodings change; a store refuses other versions. */
export const FORMAT_VERSION = 1;

/** A setting applied to every connection, then read back and compared. */
export interface ConnectionPragma {
  readonly set: string;
  readonly read: string;
  readonly expected: string | number;
}

/**
 * Exclusive locking first (before the first access, so WAL needs no shared memory and a second
 * process cannot open the log), then WAL, then an fsync of the WAL at every commit.
 */
export const CONNECTION_PRAGMAS: readonly ConnectionPragma[] = [
  { set: 'locking_mode = EXCLUSIVE', read: 'locking_mode', expected: 'exclusive' },
  { set: 'journal_mode = WAL', read: 'journal_mode', expected: 'wal' },
  { set: 'synchronous = FULL', read: 'synchronous', expected: 2 },
];

/** Tables of a new log file (created in one transaction with the identity row). */
export const CREATE_TABLES = `
  CREATE TABLE identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    format_version INTEGER NOT NULL,
    cluster_id TEXT NOT NULL,
    voters TEXT NOT NULL,
    checksum INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE hard_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    term INTEGER NOT NULL,
    vote INTEGER NOT NULL,
    commit_index INTEGER NOT NULL,
    checksum INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE snapshot (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    snapshot_index INTEGER NOT NULL,
    term INTEGER NOT NULL,
    voters TEXT NOT NULL,
    data BLOB NOT NULL,
    checksum INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE entries (
    log_index INTEGER PRIMARY KEY,
    term INTEGER NOT NULL,
    type INTEGER NOT NULL,
    data BLOB NOT NULL,
    checksum INTEGER NOT NULL
  ) STRICT;
`;

/** The tables a log file has (anything else in the file is not a cairn log). */
export const TABLE_NAMES: readonly string[] = ['entries', 'hard_state', 'identity', 'snapshot'];

/** Every statement the stores run, by purpose. */
export const SQL = {
  insertIdentity: 'INSERT INTO identity (singleton, format_version, cluster_id, voters, checksum) VALUES (1, ?, ?, ?, ?)',
  selectIdentity: 'SELECT format_version, cluster_id, voters, checksum FROM identity',
  selectHardState: 'SELECT term, vote, commit_index, checksum FROM hard_state',
  selectSnapshot: 'SELECT snapshot_index, term, voters, data, checksum FROM snapshot',
  selectEntries: 'SELECT log_index, term, type, data, checksum FROM entries ORDER BY log_index',
  insertEntry: 'INSERT INTO entries (log_index, term, type, data, checksum) VALUES (?, ?, ?, ?, ?)',
  deleteEntriesFrom: 'DELETE FROM entries WHERE log_index >= ?',
  deleteEntriesThrough: 'DELETE FROM entries WHERE log_index <= ?',
  upsertHardState: 'INSERT OR REPLACE INTO hard_state (singleton, term, vote, commit_index, checksum) VALUES (1, ?, ?, ?, ?)',
  upsertSnapshot: 'INSERT OR REPLACE INTO snapshot (singleton, snapshot_index, term, voters, data, checksum) VALUES (1, ?, ?, ?, ?, ?)',
} as const;
