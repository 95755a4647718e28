/**
 * Reads snapshot files: the header alone (cheap, for listings), a full load into a keyspace with
 * every check, and verification (a full load into a fresh keyspace whose state digest, computed
 * from the entries as loaded, must equal the footer's). A corrupt or truncated file always fails with a SnapshotError; since a load may
 * fail half way, it goes into a fresh keyspace that the caller swaps in only on success.
 */
import { Keyspace } from '../keyspace/keyspace.js';
import { type ByteReader, FormatViolation } from './bytes.js';
import { SnapshotError, type SnapshotHeader } from './format.js';
import { readRecordHead, forEachRecord } from './record.js';
import { openSnapshot, readBlocks, withSnapshot, type OpenSnapshot, type SnapshotFooter } from './snapshot-file.js';
import { StateDigest } from './state-digest.js';
import { decodeContext, decodeValue, type DecodeContext } from './value-codec/index.js';

/** Options of a load. */
export interface LoadOptions {
  /**
   * Also recompute the state digest of the records and compare it with the footer's (default
   * false: it costs 1 to 3 µs per key, and the block checksums already catch corruption; the
   * snapshotter verifies each snapshot, digest included, before it records it).
   */
  checkDigest?: boolean;
  /** Called after each block: keys loaded so far, and in all. */
  onProgress?: (keysLoaded: number, keysTotal: number) => void;
  /** Seeds for loaded hashes' and sorted sets' tables: uniform in [0, 1) (default: the keyspace's randomness). */
  random?: () => number;
}

/** What a load or a verification found. */
export interface LoadResult {
  readonly header: SnapshotHeader;
  /** Bytes of the file. */
  readonly bytes: number;
  readonly keyCount: number;
  /** The footer's state digest in hex. */
  readonly digest: string;
}

/** The header of `file`, checked (magic, version, checksum, fields); the rest is not read. */
export async function readSnapshotHeader(file: string): Promise<SnapshotHeader> {
  const snapshot = await openSnapshot(file);
  await snapshot.handle.close();
  return snapshot.header;
}

/**
 * Load `file` into `keyspace`, which must be empty and must not be in use: on failure it holds
 * part of the file and must be dropped. Records are loaded as they are, expired or not (expiry is
 * the primary's job). Every check is made: framing and checksums, each record's layout and
 * limits, no key twice, the key counts of header and footer, and (when asked) the digest.
 */
export async function loadSnapshot(file: string, keyspace: Keyspace, options: LoadOptions = {}): Promise<LoadResult> {
  if (keyspace.size !== 0) throw new Error('assertion: a snapshot loads into an empty keyspace');
  return withSnapshot(file, (snapshot) => loadOpen(snapshot, keyspace, options));
}

/** A keyspace loaded from a snapshot, and what the load found. */
export interface LoadedSnapshot {
  readonly keyspace: Keyspace;
  readonly result: LoadResult;
}

/**
 * Load `file` into a new keyspace made by `createKeyspace` (given the checked header). The
 * keyspace is handed back only when every check passed, so a corrupt file can never leave a
 * half-loaded keyspace in the caller's hands.
 */
export async function readSnapshot(file: string, createKeyspace: (header: SnapshotHeader) => Keyspace, options: LoadOptions = {}): Promise<LoadedSnapshot> {
  return withSnapshot(file, async (snapshot) => {
    const keyspace = createKeyspace(snapshot.header);
    if (keyspace.size !== 0) throw new Error('assertion: a snapshot loads into an empty keyspace');
    const result = await loadOpen(snapshot, keyspace, options);
    return { keyspace, result };
  });
}

async function loadOpen(snapshot: OpenSnapshot, keyspace: Keyspace, options: LoadOptions): Promise<LoadResult> {
  const { file, header } = snapshot;
  const checkDigest = options.checkDigest ?? false;
  const context = decodeContext(options.random ?? keyspace.random);
  const digest = new StateDigest();
  let loaded = 0;
  const footer = await readBlocks(snapshot, (block) => {
    forEachRecord(block.payload, (record, offset) => {
      loadRecord(record, offset, header, keyspace, context, checkDigest ? digest : null);
      loaded++;
    });
    if (loaded > header.keyCount) {
      throw new SnapshotError('malformed', file, `more records than the ${header.keyCount} keys the header counts`, { block: block.number });
    }
    options.onProgress?.(loaded, header.keyCount);
  });
  checkCounts(file, header, footer, loaded);
  const found = footer.digest.toString('hex');
  if (checkDigest && digest.hex() !== found) {
    throw new SnapshotError('digestMismatch', file, `the records' state digest ${digest.hex()} differs from the footer's ${found}`);
  }
  return { header, bytes: snapshot.fileBytes, keyCount: loaded, digest: found };
}

/** Decode one record (at `offset` in its block) and store it; a key given twice is malformed. */
function loadRecord(record: ByteReader, offset: number, header: SnapshotHeader, keyspace: Keyspace, context: DecodeContext, digest: StateDigest | null): void {
  const head = readRecordHead(record, Math.min(header.databaseCount, keyspace.databases.length));
  const decoded = decodeValue(head.type, record, context);
  record.expectEnd('the value');
  const database = keyspace.db(head.db);
  const keysBefore = database.size;
  const entry = database.set(head.key, decoded.type, decoded.value);
  // A key given twice replaces the first (the keyspace is dropped on this error anyway).
  if (database.size === keysBefore) throw new FormatViolation(`key ${JSON.stringify(head.key)} appears twice in database ${head.db}`, offset);
  if (head.expireAt !== undefined) database.setExpireAt(head.key, head.expireAt);
  digest?.addKey(head.db, head.key, entry, head.expireAt);
}

/** The header's, the footer's and the records' key counts must agree. */
function checkCounts(file: string, header: SnapshotHeader, footer: SnapshotFooter, loaded: number): void {
  if (footer.keyCount !== header.keyCount || loaded !== header.keyCount) {
    throw new SnapshotError('malformed', file, `key counts disagree: header ${header.keyCount}, footer ${footer.keyCount}, records ${loaded}`, {
      block: footer.blockCount,
    });
  }
}

/**
 * Verify `file`: load it whole into a fresh keyspace with every check, the digest included: the
 * digest of the entries as the keyspace holds them must equal the footer's.
 */
export async function verifySnapshot(file: string, options: Pick<LoadOptions, 'onProgress'> = {}): Promise<LoadResult> {
  const freshKeyspace = (header: SnapshotHeader) => new Keyspace({ databases: header.databaseCount, expiryMode: 'replica', random: Math.random });
  const { keyspace, result } = await readSnapshot(file, freshKeyspace, { checkDigest: true, onProgress: options.onProgress });
  if (keyspace.size !== result.keyCount) throw new Error(`assertion: ${keyspace.size} keys loaded of ${result.keyCount}`);
  return result;
}
