/**
 * Where a server node (or the snapshotter) starts its state: the latest snapshot it can load,
 * then the log after it. Candidates, in order: the snapshots the log's registry records (newest
 * first; each was verified when it was written), then a seed snapshot at log index 0 in the
 * node's snapshot directory (what `cairn snapshot restore` leaves), usable only while the log
 * still holds every record from id 1. A candidate whose file is missing, corrupt or truncated is
 * skipped (the state it half-loaded is dropped) and the next one is tried; a candidate whose
 * tail the log no longer holds is skipped too. With no candidate the node replays the log from
 * its first record, which works only if nothing was trimmed and no seed was left unloaded (its
 * data is in no log record: the node refuses to start rather than serve without it).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { NodeStatus } from '../../../txlog/src/client/index.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { isSnapshotTempFile } from '../snapshot/format.js';
import { loadSnapshot, readSnapshotHeader } from '../snapshot/snapshot-reader.js';

/** Where the state starts: the id of the last record it includes (0: the log's beginning) and the lease epoch there. */
export interface StartingPoint {
  readonly appliedId: number;
  readonly leaseEpoch: number;
  /** The snapshot loaded, or null when the log is replayed from its first record. */
  readonly file: string | null;
}

/** Files looked at in a snapshot directory at most (a bound on the listing). */
const SNAPSHOT_DIRECTORY_FILES_MAX = 10_000;

interface Candidate {
  readonly file: string;
  /** The log index the file must hold (the registry's record id, or 0 for a seed). */
  readonly logIndex: number;
}

/** The newest seed (log index 0) snapshot in `dir`, if any; unreadable files are skipped. */
async function seedCandidate(dir: string, logger: Logger): Promise<Candidate | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  let best: { file: string; createdAtMs: number } | null = null;
  for (const name of names.slice(0, SNAPSHOT_DIRECTORY_FILES_MAX)) {
    if (isSnapshotTempFile(name)) continue;
    const file = path.join(dir, name);
    try {
      const header = await readSnapshotHeader(file);
      if (header.logIndex !== 0) continue;
      if (best === null || header.createdAtMs > best.createdAtMs) best = { file, createdAtMs: header.createdAtMs };
    } catch (error) {
      logger.debug({ file, err: error instanceof Error ? error.message : String(error) }, 'not a usable seed snapshot');
    }
  }
  return best === null ? null : { file: best.file, logIndex: 0 };
}

/**
 * Load the latest usable snapshot into `keyspace` (which must be empty) as `status` (the log
 * leader's) and `seedDir` allow. Throws when nothing can be loaded and the log was trimmed: the
 * node cannot rebuild the state then.
 */
export async function loadStartingSnapshot(keyspace: Keyspace, status: NodeStatus, seedDir: string | null, nowMs: number, logger: Logger): Promise<StartingPoint> {
  // Loaded keys count as accessed now (OBJECT IDLETIME).
  keyspace.now = nowMs;
  const candidates: Candidate[] = status.snapshots.map((snapshot) => ({ file: snapshot.location, logIndex: snapshot.recordId }));
  if (status.firstRetainedId <= 1 && seedDir !== null) {
    const seed = await seedCandidate(seedDir, logger);
    if (seed !== null) candidates.push(seed);
  }
  const failures: string[] = [];
  for (const candidate of candidates) {
    if (candidate.logIndex + 1 < status.firstRetainedId) {
      failures.push(`${candidate.file}: the log no longer holds the records after its index ${candidate.logIndex}`);
      continue;
    }
    try {
      const { header } = await loadSnapshot(candidate.file, keyspace);
      if (header.logIndex !== candidate.logIndex) throw new Error(`it holds log index ${header.logIndex}, the log's registry says ${candidate.logIndex}`);
      logger.info({ file: candidate.file, logIndex: header.logIndex, keys: header.keyCount }, 'loaded a snapshot: the log is replayed after it');
      return { appliedId: header.logIndex, leaseEpoch: header.leaseEpoch, file: candidate.file };
    } catch (error) {
      keyspace.flushAll();
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${candidate.file}: ${reason}`);
      logger.warn({ file: candidate.file, err: reason }, 'skipped a snapshot that cannot be loaded');
    }
  }
  const seed = candidates.find((candidate) => candidate.logIndex === 0);
  if (seed !== undefined) {
    // A seed's data is in no log record: starting without it would serve a cluster missing it.
    throw new Error(`the seed snapshot ${seed.file} (from cairn snapshot restore) cannot be loaded and the log does not hold its data (${failures.join('; ')})`);
  }
  if (status.firstRetainedId > 1) {
    const tried = failures.length === 0 ? 'the log records no snapshot' : failures.join('; ');
    throw new Error(`the log holds records from id ${status.firstRetainedId} only and no snapshot can be loaded (${tried})`);
  }
  return { appliedId: 0, leaseEpoch: 0, file: null };
}
