/**
 * Opening a node's SQLite log file: the connection with its settings checked, the tables created
 * on first use (with the store's identity), the identity verified on every later open (format
 * version, cluster id, voters), then everything read back and verified (sqlite-recovery.ts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { txlogLimits } from '../core/limits.js';
import type { NodeId } from '../core/types.js';
import { CorruptLogError } from './log-store.js';
import { type StoreIdentity, identityChecksum } from './record-checksums.js';
import { type RecoveredLog, parseVoters, recoverLog } from './sqlite-recovery.js';
import { CONNECTION_PRAGMAS, CREATE_TABLES, FORMAT_VERSION, LOG_FILE_NAME, SQL, TABLE_NAMES } from './sqlite-schema.js';

/** What a node opens its log with. */
export interface SqliteLogOptions {
  /** All voters of the cluster (static membership); recorded at creation and checked at every open. */
  readonly voters: readonly NodeId[];
  /** The cluster this log belongs to; recorded at creation and checked at every open. */
  readonly clusterId: string;
}

/** An open, verified log file. */
export interface OpenedLogFile extends RecoveredLog {
  readonly db: Database.Database;
  readonly file: string;
  readonly identity: StoreIdentity;
}

interface IdentityRow {
  format_version: number;
  cluster_id: string;
  voters: string;
  checksum: number;
}

/** Throws unless the options name a valid cluster: a non-empty cluster id, distinct positive voter ids. */
function checkOptions(options: SqliteLogOptions): void {
  if (options.clusterId.length === 0) throw new Error('the log store needs a non-empty cluster id');
  const valid = options.voters.every((id) => Number.isSafeInteger(id) && id > 0) && new Set(options.voters).size === options.voters.length;
  if (!valid || options.voters.length === 0) throw new Error(`voters must be distinct positive node ids, got [${options.voters.join(', ')}]`);
}

/** Open a connection to `file` with the log's settings, and check that each one took. */
export function connect(file: string): Database.Database {
  const db = new Database(file, { timeout: txlogLimits.storeLockWaitMs });
  try {
    for (const pragma of CONNECTION_PRAGMAS) {
      db.pragma(pragma.set);
      const actual: unknown = db.pragma(pragma.read, { simple: true });
      if (actual !== pragma.expected) throw new Error(`${file}: PRAGMA ${pragma.read} is ${String(actual)} after setting it, expected ${pragma.expected}`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function sameVoters(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((id, position) => id === b[position]);
}

/** Create the tables and the identity row of a new log, in one transaction. */
function create(db: Database.Database, identity: StoreIdentity): void {
  db.transaction(() => {
    db.exec(CREATE_TABLES);
    db.prepare(SQL.insertIdentity).run(identity.formatVersion, identity.clusterId, JSON.stringify(identity.voters), identityChecksum(identity));
  })();
}

/** Read the identity row and compare it with what the node was started with. */
function verifyIdentity(db: Database.Database, file: string, expected: StoreIdentity): void {
  const row = db.prepare<[], IdentityRow>(SQL.selectIdentity).get();
  if (row === undefined) throw new CorruptLogError(`${file}: the identity row is missing; refusing to start`);
  const voters = parseVoters(row.voters);
  const found: StoreIdentity = { formatVersion: row.format_version, clusterId: row.cluster_id, voters: voters ?? [] };
  if (voters === null || identityChecksum(found) !== row.checksum) throw new CorruptLogError(`${file}: the identity row fails its checksum; refusing to start`);
  if (found.formatVersion !== expected.formatVersion) {
    throw new CorruptLogError(`${file}: format version ${found.formatVersion}, but this cairn reads version ${expected.formatVersion}; refusing to start`);
  }
  if (found.clusterId !== expected.clusterId) {
    throw new CorruptLogError(`${file}: belongs to cluster "${found.clusterId}", not "${expected.clusterId}"; refusing to start`);
  }
  if (!sameVoters(found.voters, expected.voters)) {
    throw new CorruptLogError(`${file}: was created for voters [${found.voters.join(', ')}], not [${expected.voters.join(', ')}]; refusing to start`);
  }
}

/** SQLite's errors at open said plainly: corruption (not a database, malformed pages) as CorruptLogError, a held lock as "in use"; both name the file. */
function explain(error: unknown, file: string): unknown {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CorruptLogError(`${file}: SQLite reports ${code} (${(error as Error).message}); refusing to start`, { cause: error });
  }
  if (code === 'SQLITE_BUSY') return new Error(`${file} is in use by another store (this process or another one); it is opened by one at a time`, { cause: error });
  return error;
}

/**
 * Open (creating if needed) the log file in `dir`, verify it and drop a bad tail beyond the
 * commit. Throws CorruptLogError when the node must not start on this file.
 */
export function openLogFile(dir: string, options: SqliteLogOptions): OpenedLogFile {
  checkOptions(options);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE_NAME);
  const identity: StoreIdentity = { formatVersion: FORMAT_VERSION, clusterId: options.clusterId, voters: [...options.voters].sort((x, y) => x - y) };
  let db: Database.Database | null = null;
  try {
    db = connect(file);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    if (tables.length === 0) create(db, identity);
    else if (tables.join(',') !== TABLE_NAMES.join(',')) throw new CorruptLogError(`${file}: not a cairn log (tables ${tables.join(', ')}); refusing to start`);
    verifyIdentity(db, file, identity);
    return { db, file, identity, ...recoverLog(db, file) };
  } catch (error) {
    db?.close();
    throw explain(error, file);
  }
}
