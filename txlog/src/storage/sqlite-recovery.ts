/**
 * Reading a log file back at open: the hard state, the snapshot and every entry, each verified
 * against its checksum, the entries also for contiguity and terms that never go down.
 *
 * A torn write (a crash in the middle of a transaction) never reaches these checks: SQLite's WAL
 * recovery discards a transaction whose commit frame is missing or fails SQLite's own checksum,
 * and such a write was never acknowledged (persist had not resolved). So a bad row that SQLite
 * does return (failed checksum, gap, term going down) is damage to data that may have been
 * acknowledged — also beyond the persisted commit index, which lags what followers acknowledged —
 * and the node refuses to start (CorruptLogError) rather than silently lose it.
 */
import type Database from 'better-sqlite3';
import { type Entry, type EntryType, EMPTY_HARD_STATE, EMPTY_SNAPSHOT, EntryType as EntryTypes, type HardState, type NodeId, type Snapshot } from '../core/types.js';
import type { LogImage } from './in-memory-log.js';
import { CorruptLogError } from './log-store.js';
import { entryChecksum, hardStateChecksum, snapshotChecksum } from './record-checksums.js';
import { SQL } from './sqlite-schema.js';

/** What a log file held, verified. */
export interface RecoveredLog {
  readonly image: LogImage;
  /** Entry rows at or below the snapshot still in the file (from the first such row to the snapshot's index), or null. */
  readonly staleRows: { readonly from: number; readonly through: number } | null;
}

/** What to do about a damaged log, appended to every refusal. */
const RECOVERY_ADVICE =
  'if the other nodes are healthy, move this node\'s directory aside and restart it empty: it rebuilds from its peers';

interface HardStateRow {
  term: number;
  vote: number;
  commit_index: number;
  checksum: number;
}

interface SnapshotRow {
  snapshot_index: number;
  term: number;
  voters: string;
  data: Uint8Array;
  checksum: number;
}

interface EntryRow {
  log_index: number;
  term: number;
  type: number;
  data: Uint8Array;
  checksum: number;
}

/** A Buffer from SQLite as a plain Uint8Array over the same bytes. */
function bytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Voters as stored (a JSON array of node ids), or null when they are not that. */
export function parseVoters(text: string): NodeId[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const ids = parsed.filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0);
  return ids.length === parsed.length ? ids : null;
}

function readHardState(db: Database.Database, file: string): HardState {
  const row = db.prepare<[], HardStateRow>(SQL.selectHardState).get();
  if (row === undefined) return EMPTY_HARD_STATE;
  const hardState: HardState = { term: row.term, vote: row.vote, commit: row.commit_index };
  if (hardStateChecksum(hardState) !== row.checksum) {
    throw new CorruptLogError(`${file}: the hard state (term ${row.term}, vote ${row.vote}, commit ${row.commit_index}) fails its checksum; refusing to start`);
  }
  return hardState;
}

function readSnapshot(db: Database.Database, file: string): Snapshot {
  const row = db.prepare<[], SnapshotRow>(SQL.selectSnapshot).get();
  if (row === undefined) return EMPTY_SNAPSHOT;
  const voters = parseVoters(row.voters);
  const snapshot: Snapshot = { meta: { index: row.snapshot_index, term: row.term, voters: voters ?? [] }, data: bytes(row.data) };
  if (voters === null || snapshotChecksum(snapshot) !== row.checksum) {
    throw new CorruptLogError(`${file}: the snapshot at index ${row.snapshot_index} fails its checksum; refusing to start`);
  }
  return snapshot;
}

const ENTRY_TYPES: readonly number[] = Object.values(EntryTypes);

/** What is wrong with `row` where index `expected` (after an entry of term `previousTerm`) should be, or null. */
function entryProblem(row: EntryRow, expected: number, previousTerm: number): string | null {
  if (row.log_index > expected) return `entry ${expected} is missing (the next row is ${row.log_index})`;
  const entry: Entry = { index: row.log_index, term: row.term, type: row.type as EntryType, data: bytes(row.data) };
  if (entryChecksum(entry) !== row.checksum) return `entry ${row.log_index} fails its checksum`;
  if (!ENTRY_TYPES.includes(row.type)) return `entry ${row.log_index} has unknown type ${row.type}`;
  if (row.term < previousTerm) return `entry ${row.log_index} has term ${row.term}, below the term ${previousTerm} before it`;
  return null;
}

/** Load and verify everything in the file; any damage is a refusal to start. */
export function recoverLog(db: Database.Database, file: string): RecoveredLog {
  const hardState = readHardState(db, file);
  const snapshot = readSnapshot(db, file);
  if (hardState.commit < snapshot.meta.index) {
    throw new CorruptLogError(`${file}: the hard state's commit ${hardState.commit} is below the snapshot at ${snapshot.meta.index}; refusing to start`);
  }
  const entries: Entry[] = [];
  let expected = snapshot.meta.index + 1;
  let previousTerm = snapshot.meta.term;
  let bad: { index: number; reason: string } | null = null;
  let staleRows: { from: number; through: number } | null = null;
  for (const row of db.prepare<[], EntryRow>(SQL.selectEntries).iterate()) {
    // Rows at or below the snapshot are what a compaction left to delete later (stale-rows.ts): never read.
    if (row.log_index <= snapshot.meta.index) {
      staleRows ??= { from: row.log_index, through: snapshot.meta.index };
      continue;
    }
    const problem = entryProblem(row, expected, previousTerm);
    if (problem !== null) {
      bad = { index: Math.min(row.log_index, expected), reason: problem };
      break;
    }
    entries.push({ index: row.log_index, term: row.term, type: row.type as EntryType, data: bytes(row.data) });
    expected += 1;
    previousTerm = row.term;
  }
  if (bad !== null) {
    const where = bad.index <= hardState.commit ? `inside the committed prefix (commit ${hardState.commit})` : `beyond the persisted commit ${hardState.commit}, where it may still have been acknowledged`;
    throw new CorruptLogError(`${file}: ${bad.reason}, ${where}; refusing to start rather than lose acknowledged entries (${RECOVERY_ADVICE})`);
  }
  const lastIndex = expected - 1;
  if (hardState.commit > lastIndex) {
    throw new CorruptLogError(`${file}: the hard state's commit ${hardState.commit} is beyond the last entry ${lastIndex}: committed entries are missing; refusing to start`);
  }
  return { image: { snapshot, hardState, entries }, staleRows };
}
