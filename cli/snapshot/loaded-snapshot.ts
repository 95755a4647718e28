/** A snapshot file loaded into a fresh keyspace with every check verify makes, for restore and export. */
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { SnapshotError, type SnapshotHeader } from '../../server/src/snapshot/format.js';
import { readSnapshot, type LoadedSnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import { stateDigest } from '../../server/src/snapshot/state-digest.js';
import { withProgress } from './progress.js';

/**
 * Load `file` (framing, checksums, records, the records' digest), then check the loaded state's
 * digest against the footer's, as `verify` does; progress is shown under `label`.
 */
export async function loadVerified(file: string, label: string): Promise<LoadedSnapshot> {
  const fresh = (header: SnapshotHeader) => new Keyspace({ databases: header.databaseCount, expiryMode: 'replica', random: Math.random });
  const loaded = await withProgress(label, 'keys', (progress) => readSnapshot(file, fresh, { checkDigest: true, onProgress: (done, total) => progress.update(done, total) }));
  const actual = stateDigest(loaded.keyspace);
  if (actual !== loaded.result.digest) {
    throw new SnapshotError('digestMismatch', file, `the loaded state's digest ${actual} differs from the footer's ${loaded.result.digest}`);
  }
  return loaded;
}
