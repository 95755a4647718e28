/**
 * `cairn snapshot inspect`: what a snapshot holds without loading it: the header, key counts per
 * type and per database, keys with an expiry, and the largest keys by serialized bytes. The
 * framing is fully checked (checksums, lengths, truncation, footer, key counts) and each record's
 * head is read; values are skipped, not decoded (verifySnapshot decodes and checks them).
 */
import type { ValueType } from '../keyspace/entry.js';
import { SnapshotError, type SnapshotHeader } from './format.js';
import { forEachRecord, readRecordHead } from './record.js';
import { readBlocks, withSnapshot } from './snapshot-file.js';

/** How many of the largest keys an inspection lists. */
export const LARGEST_KEYS_LISTED = 10;

/** Keys per value type. */
export type TypeCounts = Record<ValueType, number>;

/** One key among the largest. */
export interface KeySize {
  readonly db: number;
  readonly key: string;
  readonly type: ValueType;
  /** Bytes of its record. */
  readonly bytes: number;
}

/** What a snapshot holds. */
export interface SnapshotInspection {
  readonly header: SnapshotHeader;
  /** Bytes of the file. */
  readonly fileBytes: number;
  /** Blocks of records. */
  readonly blocks: number;
  /** The footer's state digest in hex. */
  readonly digest: string;
  readonly keysPerType: TypeCounts;
  /** Databases holding keys, ascending, with their counts. */
  readonly databases: readonly { readonly db: number; readonly keys: number; readonly keysPerType: TypeCounts }[];
  /** Keys with an expiry (passed or not). */
  readonly keysWithExpiry: number;
  /** The largest keys by record bytes, largest first (at most LARGEST_KEYS_LISTED). */
  readonly largestKeys: readonly KeySize[];
}

function noKeys(): TypeCounts {
  return { string: 0, list: 0, hash: 0, set: 0, zset: 0, stream: 0 };
}

/** Options of an inspection. */
export interface InspectOptions {
  /** Called after each block: keys read so far, and in all. */
  onProgress?: (keysRead: number, keysTotal: number) => void;
}

/** Inspect `file`. */
export async function inspectSnapshot(file: string, options: InspectOptions = {}): Promise<SnapshotInspection> {
  return withSnapshot(file, async (snapshot) => {
    const { header } = snapshot;
    const keysPerType = noKeys();
    const perDatabase = new Map<number, TypeCounts>();
    const largest: KeySize[] = [];
    let keys = 0;
    let keysWithExpiry = 0;
    const footer = await readBlocks(snapshot, (block) => {
      forEachRecord(block.payload, (record) => {
        const bytes = record.remaining;
        const head = readRecordHead(record, header.databaseCount);
        keys++;
        keysPerType[head.type]++;
        const counts = perDatabase.get(head.db) ?? noKeys();
        counts[head.type]++;
        perDatabase.set(head.db, counts);
        if (head.expireAt !== undefined) keysWithExpiry++;
        keepLargest(largest, { db: head.db, key: head.key, type: head.type, bytes });
      });
      options.onProgress?.(keys, header.keyCount);
    });
    if (footer.keyCount !== header.keyCount || keys !== header.keyCount) {
      throw new SnapshotError('malformed', file, `key counts disagree: header ${header.keyCount}, footer ${footer.keyCount}, records ${keys}`, { block: footer.blockCount });
    }
    const databases = [...perDatabase.entries()]
      .sort(([a], [b]) => a - b)
      .map(([db, counts]) => ({ db, keys: Object.values(counts).reduce((sum, count) => sum + count, 0), keysPerType: counts }));
    return {
      header,
      fileBytes: snapshot.fileBytes,
      blocks: footer.blockCount,
      digest: footer.digest.toString('hex'),
      keysPerType,
      databases,
      keysWithExpiry,
      largestKeys: largest,
    };
  });
}

/** Insert `candidate` into `largest` (sorted, largest first) if it ranks among the first LARGEST_KEYS_LISTED. */
function keepLargest(largest: KeySize[], candidate: KeySize): void {
  if (largest.length === LARGEST_KEYS_LISTED && (largest[largest.length - 1] as KeySize).bytes >= candidate.bytes) return;
  let at = largest.length;
  while (at > 0 && (largest[at - 1] as KeySize).bytes < candidate.bytes) at--;
  largest.splice(at, 0, candidate);
  if (largest.length > LARGEST_KEYS_LISTED) largest.pop();
}
