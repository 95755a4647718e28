/**
 * The snapshot file format: its constants, layouts, limits and errors (docs/snapshot-format.md
 * describes it byte by byte). A file is a header, blocks of records, and a footer:
 *
 *   header (HEADER_BYTES)  |  frame + records payload  ...  |  frame + footer payload
 *
 * Every number is little-endian. Every frame carries two CRC32C checksums: one of its own fields
 * (so a corrupt length is refused before anything is allocated) and one of its payload.
 */
import type { ValueType } from '../keyspace/entry.js';

/** The first bytes of every snapshot file. */
export const MAGIC = Buffer.from('CAIRNSNP', 'latin1');
/** The last bytes of the footer payload (and so of the file). */
export const END_MAGIC = Buffer.from('CAIRNEND', 'latin1');
/** The format this build writes, and the only one it reads. Any change to a layout below bumps it. */
export const FORMAT_VERSION = 1;

// ---- the file header -------------------------------------------------------------------------

/** Bytes of the file header. */
export const HEADER_BYTES = 64;
/** Offsets of the header's fields (see docs/snapshot-format.md). */
export const HEADER = {
  magic: 0,
  formatVersion: 8,
  headerBytes: 10,
  databaseCount: 12,
  logIndex: 16,
  lastAcceptedId: 24,
  leaseEpoch: 32,
  createdAtMs: 40,
  keyCount: 48,
  reserved: 56,
  checksum: 60,
} as const;

// ---- frames ----------------------------------------------------------------------------------

/** Bytes of a frame's own fields, before its payload. */
export const FRAME_BYTES = 20;
/** Offsets of a frame's fields. */
export const FRAME = {
  kind: 0,
  reserved: 1,
  number: 4,
  payloadBytes: 8,
  payloadChecksum: 12,
  frameChecksum: 16,
} as const;
/** Frame kinds: a block of records, or the footer (the last frame). */
export const FRAME_KIND_RECORDS = 1;
export const FRAME_KIND_FOOTER = 2;

// ---- the footer ------------------------------------------------------------------------------

/** Bytes of the footer's payload. */
export const FOOTER_BYTES = 56;
/** Offsets of the footer payload's fields. */
export const FOOTER = {
  keyCount: 0,
  blockCount: 8,
  reserved: 12,
  digest: 16,
  endMagic: 48,
} as const;
/** Bytes of the state digest (SHA-256). */
export const DIGEST_BYTES = 32;

// ---- records ---------------------------------------------------------------------------------

/** Bytes of a record's length prefix (a u32 counting the bytes after it). */
export const RECORD_LENGTH_BYTES = 4;
/** Record flag: an f64 absolute expiry (ms) follows the key. Other bits must be 0. */
export const RECORD_FLAG_EXPIRY = 1;

/** The type byte of a record, by value type (the order is part of the format). */
export const TYPE_CODES: Readonly<Record<ValueType, number>> = { string: 0, list: 1, hash: 2, set: 3, zset: 4, stream: 5 };
/** Value types by type byte. */
export const TYPES_BY_CODE: readonly ValueType[] = ['string', 'list', 'hash', 'set', 'zset', 'stream'];

/** A hash's encoding byte. */
export const HASH_LISTPACK = 0;
export const HASH_HASHTABLE = 1;
/** A set's encoding byte. */
export const SET_INTSET = 0;
export const SET_HASHTABLE = 1;
/** A sorted set's encoding byte. */
export const ZSET_LISTPACK = 0;
export const ZSET_SKIPLIST = 1;
/** A stream entry's flag: a tombstone (deleted, kept in its node). */
export const STREAM_ENTRY_DELETED = 1;

// ---- limits (a corrupt length must never allocate gigabytes) ---------------------------------

/** The writer closes a block once its payload reaches this many bytes (records are never split). */
export const BLOCK_TARGET_BYTES = 256 * 1024;
/** Bytes of a block payload at most: one record holding a huge value may make a block this large. */
export const BLOCK_PAYLOAD_BYTES_MAX = 1024 * 1024 * 1024;
/** Bytes of one record at most: it lives in one block, after less than BLOCK_TARGET_BYTES of others. */
export const RECORD_BYTES_MAX = BLOCK_PAYLOAD_BYTES_MAX - BLOCK_TARGET_BYTES - RECORD_LENGTH_BYTES;
/** Bytes of a key, a string value, or one element at most: V8's longest string (2^29 - 24 chars). */
export const STRING_BYTES_MAX = 2 ** 29 - 24;
/** Elements (list elements, hash pairs, members, stream entries, groups, consumers, PEL entries) of one value at most. */
export const ELEMENTS_PER_VALUE_MAX = 2 ** 31;
/** Quicklist nodes of one list at most (a node holds at least one element). */
export const LIST_NODES_MAX = ELEMENTS_PER_VALUE_MAX;
/** Databases a header may declare at most (settings.ts allows 1 .. 1024). */
export const DATABASE_COUNT_MAX = 1024;
/** Bytes of a LEB128 varint at most: 56 bits hold every safe integer (2^53 - 1). */
export const VARINT_BYTES_MAX = 8;

/** The header's fields, as read back from a file. Ids, indexes and counts are safe integers. */
export interface SnapshotHeader {
  readonly formatVersion: number;
  /** Databases of the keyspace the snapshot was taken from. */
  readonly databaseCount: number;
  /** The id of the last log record whose effects the state includes. */
  readonly logIndex: number;
  /** The id of the last entry the log had accepted when the state was taken. */
  readonly lastAcceptedId: number;
  /** The primary lease epoch at the log index. */
  readonly leaseEpoch: number;
  /** When the snapshot was written (Unix ms). */
  readonly createdAtMs: number;
  /** Keys in the snapshot, every database together, expired ones included. */
  readonly keyCount: number;
}

/** The header fields a writer is given (the rest come from the keyspace and the format). */
export type SnapshotHeaderFields = Pick<SnapshotHeader, 'logIndex' | 'lastAcceptedId' | 'leaseEpoch' | 'createdAtMs'>;

/** What went wrong with a snapshot file; the CLI maps each kind to an exit code and a message. */
export type SnapshotErrorKind =
  | 'missing'
  | 'truncated'
  | 'badMagic'
  | 'wrongVersion'
  | 'badChecksum'
  | 'malformed'
  | 'digestMismatch'
  | 'io';

/** Where in a file a problem is: a byte offset and, inside the blocks, the block number (the footer's frame counts as a block). */
export interface SnapshotErrorPlace {
  readonly offset?: number;
  readonly block?: number;
}

/** A snapshot file that cannot be read or written, with the kind of problem, the file and the place. */
export class SnapshotError extends Error {
  readonly offset: number | undefined;
  readonly block: number | undefined;

  constructor(
    readonly kind: SnapshotErrorKind,
    readonly file: string,
    detail: string,
    place: SnapshotErrorPlace = {},
    options?: { cause?: unknown },
  ) {
    super(`snapshot ${file}${describePlace(place)}: ${detail}`, options);
    this.name = 'SnapshotError';
    this.offset = place.offset;
    this.block = place.block;
  }
}

function describePlace(place: SnapshotErrorPlace): string {
  const parts: string[] = [];
  if (place.block !== undefined) parts.push(`block ${place.block}`);
  if (place.offset !== undefined) parts.push(`offset ${place.offset}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** Marks a temporary file of an unfinished write: `<file>.tmp-<pid>-<n>`. Listings skip such files; a leftover one may be deleted. */
export const TEMP_FILE_MARKER = '.tmp-';

/** True for the name of a writer's temporary file (a crash may leave one behind). */
export function isSnapshotTempFile(name: string): boolean {
  return /\.tmp-\d+-\d+$/.test(name);
}
