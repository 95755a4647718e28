/**
 * The CRC32C of each kind of record the log stores: computed before a record is written and
 * verified when it is read back. Each covers every field of its record (the entry's index too,
 * so a row moved to another index fails), behind a tag byte per kind, so one kind's checksum
 * never validates another's.
 */
import type { Entry, HardState, NodeId, Snapshot } from '../core/types.js';
import { crc32c } from './crc32c.js';

const TAG_ENTRY = 0x45; // 'E'
const TAG_HARD_STATE = 0x48; // 'H'
const TAG_SNAPSHOT = 0x53; // 'S'
const TAG_IDENTITY = 0x49; // 'I'

/** What a store records about itself at creation: checked at every open. */
export interface StoreIdentity {
  readonly formatVersion: number;
  readonly clusterId: string;
  readonly voters: readonly NodeId[];
}

/** Reused for the fixed-size headers of entries and hard states (checksums are computed synchronously, one at a time). */
const SCRATCH = new Uint8Array(1 + 8 * 4);

/** A tag byte, then each number as 8 bytes little-endian (numbers are non-negative safe integers). */
function header(tag: number, numbers: readonly number[]): Uint8Array {
  const bytes = numbers.length <= 4 ? SCRATCH.subarray(0, 1 + 8 * numbers.length) : new Uint8Array(1 + 8 * numbers.length);
  bytes[0] = tag;
  for (let position = 0; position < numbers.length; position++) {
    const value = numbers[position] as number;
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`assertion: checksummed field ${value} is not a non-negative safe integer`);
    const low = value % 0x1_0000_0000;
    const high = Math.floor(value / 0x1_0000_0000);
    const at = 1 + 8 * position;
    for (let byte = 0; byte < 4; byte++) {
      bytes[at + byte] = (low >>> (8 * byte)) & 0xff;
      bytes[at + 4 + byte] = (high >>> (8 * byte)) & 0xff;
    }
  }
  return bytes;
}

/** Checksum of an entry row: index, term, type and data. */
export function entryChecksum(entry: Entry): number {
  return crc32c(entry.data, crc32c(header(TAG_ENTRY, [entry.index, entry.term, entry.type, entry.data.length])));
}

/** Checksum of the hard state row. */
export function hardStateChecksum(hardState: HardState): number {
  return crc32c(header(TAG_HARD_STATE, [hardState.term, hardState.vote, hardState.commit]));
}

/** Checksum of the snapshot row: its metadata (voters included) and its data. */
export function snapshotChecksum(snapshot: Snapshot): number {
  const { index, term, voters } = snapshot.meta;
  return crc32c(snapshot.data, crc32c(header(TAG_SNAPSHOT, [index, term, voters.length, ...voters, snapshot.data.length])));
}

/** Checksum of the identity row. */
export function identityChecksum(identity: StoreIdentity): number {
  const clusterId = new TextEncoder().encode(identity.clusterId);
  const { formatVersion, voters } = identity;
  return crc32c(clusterId, crc32c(header(TAG_IDENTITY, [formatVersion, voters.length, ...voters, clusterId.length])));
}
