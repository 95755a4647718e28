/**
 * Writes a keyspace to a snapshot file: the header, blocks of records, the footer with the state
 * digest. The file is written under a temporary name in the same directory, fsynced, renamed
 * over `file`, and the directory is fsynced: a crash at any point leaves either the previous
 * file or the new one, whole. Between blocks the writer yields to the event loop, so a process
 * writing a large snapshot keeps answering its network. The caller guarantees that the keyspace
 * does not change until the returned promise settles.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32c } from '../../../txlog/src/storage/crc32c.js';
import type { Entry } from '../keyspace/entry.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { ByteWriter } from './bytes.js';
import {
  BLOCK_PAYLOAD_BYTES_MAX,
  BLOCK_TARGET_BYTES,
  END_MAGIC,
  FOOTER,
  FOOTER_BYTES,
  FORMAT_VERSION,
  FRAME,
  FRAME_BYTES,
  FRAME_KIND_FOOTER,
  FRAME_KIND_RECORDS,
  HEADER,
  HEADER_BYTES,
  MAGIC,
  SnapshotError,
  type SnapshotHeaderFields,
  TEMP_FILE_MARKER,
} from './format.js';
import { encodeRecord } from './record.js';
import { StateDigest } from './state-digest.js';

/** Options of a write. */
export interface WriteOptions {
  /** Called after each block: keys written so far, and in all. */
  onProgress?: (keysWritten: number, keysTotal: number) => void;
  /** Close blocks at this many payload bytes, at most BLOCK_TARGET_BYTES (tests use small blocks to get many). */
  blockTargetBytes?: number;
}

/** What a write produced. */
export interface WriteResult {
  /** Bytes of the file. */
  readonly bytes: number;
  readonly keyCount: number;
  /** The state digest in hex, as the footer holds it. */
  readonly digest: string;
}

/** Temporary names taken by this process so far (with the pid, unique on the machine). */
let tempFilesTaken = 0;

/**
 * Write `keyspace` to `file` with the given header fields. Fails with a SnapshotError of kind
 * 'io' when the file system does; the temporary file is removed then and `file` is untouched.
 */
export async function writeSnapshot(file: string, keyspace: Keyspace, fields: SnapshotHeaderFields, options: WriteOptions = {}): Promise<WriteResult> {
  const temp = `${file}${TEMP_FILE_MARKER}${process.pid}-${tempFilesTaken++}`;
  let handle: FileHandle | null = null;
  try {
    handle = await ioStep(file, 'create the temporary file', () => open(temp, 'wx'));
    const result = await writeContents(file, handle, keyspace, fields, options);
    await ioStep(file, 'fsync the temporary file', () => (handle as FileHandle).sync());
    const closing = handle;
    handle = null;
    await ioStep(file, 'close the temporary file', () => closing.close());
    await ioStep(file, 'rename the temporary file', () => rename(temp, file));
    await syncDirectory(file);
    return result;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function writeContents(file: string, handle: FileHandle, keyspace: Keyspace, fields: SnapshotHeaderFields, options: WriteOptions): Promise<WriteResult> {
  const keysTotal = keyspace.size;
  const target = options.blockTargetBytes ?? BLOCK_TARGET_BYTES;
  if (!(target >= 1 && target <= BLOCK_TARGET_BYTES)) throw new Error(`assertion: block target ${target} outside 1 .. ${BLOCK_TARGET_BYTES}`);
  let position = 0;
  const write = async (bytes: Buffer): Promise<void> => {
    await writeFully(file, handle, bytes, position);
    position += bytes.length;
  };
  await write(encodeHeader(fields, keyspace.databases.length, keysTotal));
  const digest = new StateDigest();
  const block = new ByteWriter(target + FRAME_BYTES);
  let blockNumber = 0;
  const startBlock = () => {
    block.reset();
    block.reserve(FRAME_BYTES);
    block.length = FRAME_BYTES;
  };
  startBlock();
  for (const [db, key, entry, expireAt] of everyKey(keyspace)) {
    encodeRecord(block, db, key, entry, expireAt);
    digest.addKey(db, key, entry, expireAt);
    if (block.length - FRAME_BYTES < target) continue;
    await write(frame(block, FRAME_KIND_RECORDS, blockNumber++));
    options.onProgress?.(digest.count, keysTotal);
    await yieldToEventLoop();
    startBlock();
  }
  if (block.length > FRAME_BYTES) {
    await write(frame(block, FRAME_KIND_RECORDS, blockNumber++));
    options.onProgress?.(digest.count, keysTotal);
  }
  if (digest.count !== keysTotal) throw new Error(`assertion: ${digest.count} keys written of ${keysTotal}: the keyspace changed during the write`);
  const digestBytes = digest.bytes();
  startBlock();
  block.raw(encodeFooter(keysTotal, blockNumber, digestBytes));
  await write(frame(block, FRAME_KIND_FOOTER, blockNumber));
  return { bytes: position, keyCount: keysTotal, digest: digestBytes.toString('hex') };
}

/** Every key of every database with its database id, entry and expiry. */
function* everyKey(keyspace: Keyspace): IterableIterator<[number, string, Entry, number | undefined]> {
  for (const database of keyspace.databases) {
    for (const [key, entry, expireAt] of database.allEntries()) yield [database.id, key, entry, expireAt];
  }
}

/** The file header. */
function encodeHeader(fields: SnapshotHeaderFields, databaseCount: number, keyCount: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, HEADER.magic);
  header.writeUInt16LE(FORMAT_VERSION, HEADER.formatVersion);
  header.writeUInt16LE(HEADER_BYTES, HEADER.headerBytes);
  header.writeUInt32LE(databaseCount, HEADER.databaseCount);
  writeSafeInteger(header, fields.logIndex, HEADER.logIndex, 'log index');
  writeSafeInteger(header, fields.lastAcceptedId, HEADER.lastAcceptedId, 'last accepted id');
  writeSafeInteger(header, fields.leaseEpoch, HEADER.leaseEpoch, 'lease epoch');
  writeSafeInteger(header, fields.createdAtMs, HEADER.createdAtMs, 'creation time');
  writeSafeInteger(header, keyCount, HEADER.keyCount, 'key count');
  header.writeUInt32LE(crc32c(header.subarray(0, HEADER.checksum)), HEADER.checksum);
  return header;
}

/** The footer payload. */
function encodeFooter(keyCount: number, blockCount: number, digest: Buffer): Buffer {
  const footer = Buffer.alloc(FOOTER_BYTES);
  writeSafeInteger(footer, keyCount, FOOTER.keyCount, 'key count');
  footer.writeUInt32LE(blockCount, FOOTER.blockCount);
  digest.copy(footer, FOOTER.digest);
  END_MAGIC.copy(footer, FOOTER.endMagic);
  return footer;
}

function writeSafeInteger(target: Buffer, value: number, at: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`assertion: the ${what} ${value} is not a non-negative safe integer`);
  target.writeBigUInt64LE(BigInt(value), at);
}

/** Fill in the frame fields at the start of `block` (whose payload follows them); returns the whole frame. */
function frame(block: ByteWriter, kind: number, number: number): Buffer {
  const bytes = block.bytes();
  const payloadBytes = bytes.length - FRAME_BYTES;
  if (payloadBytes > BLOCK_PAYLOAD_BYTES_MAX) throw new Error(`assertion: a block of ${payloadBytes} bytes`);
  bytes.writeUInt8(kind, FRAME.kind);
  bytes.fill(0, FRAME.reserved, FRAME.number);
  bytes.writeUInt32LE(number, FRAME.number);
  bytes.writeUInt32LE(payloadBytes, FRAME.payloadBytes);
  bytes.writeUInt32LE(crc32c(bytes.subarray(FRAME_BYTES)), FRAME.payloadChecksum);
  bytes.writeUInt32LE(crc32c(bytes.subarray(0, FRAME.frameChecksum)), FRAME.frameChecksum);
  return bytes;
}

/** Write all of `bytes` at `position` (a write may take less than it is given: write on until done). */
async function writeFully(file: string, handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  const writesMax = bytes.length + 1;
  for (let writes = 0; written < bytes.length && writes < writesMax; writes++) {
    const at = position + written;
    const { bytesWritten } = await ioStep(file, `write at offset ${at}`, () => handle.write(bytes, written, bytes.length - written, at));
    if (bytesWritten === 0) throw new SnapshotError('io', file, `wrote nothing at offset ${at}`);
    written += bytesWritten;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** fsync the directory holding `file`, so the rename itself is durable. */
async function syncDirectory(file: string): Promise<void> {
  const directory = await ioStep(file, 'open its directory', () => open(dirname(file), 'r'));
  try {
    await ioStep(file, 'fsync its directory', () => directory.sync());
  } finally {
    await directory.close();
  }
}

/** Run one file system step; its failure becomes a SnapshotError of kind 'io' saying which step. */
async function ioStep<T>(file: string, step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SnapshotError('io', file, `could not ${step}: ${code} ${(error as Error).message}`, {}, { cause: error });
  }
}
