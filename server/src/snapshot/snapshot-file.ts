/**
 * Reading a snapshot file frame by frame, with every check of the framing: the header (magic,
 * version, checksum, fields), each frame's own checksum, number, kind and length (refused before
 * anything is allocated), each payload's checksum, truncation anywhere, the footer, and nothing
 * after it. What the records inside a block mean is the caller's (snapshot-reader, inspect).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32c } from '../../../txlog/src/storage/crc32c.js';
import { FormatViolation } from './bytes.js';
import {
  BLOCK_PAYLOAD_BYTES_MAX,
  DATABASE_COUNT_MAX,
  DIGEST_BYTES,
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
  type SnapshotHeader,
} from './format.js';

/** An open snapshot file whose header passed its checks. */
export interface OpenSnapshot {
  readonly file: string;
  readonly handle: FileHandle;
  readonly fileBytes: number;
  readonly header: SnapshotHeader;
}

/** A block of records as read (the payload buffer is reused: valid only during the visit). */
export interface SnapshotBlock {
  readonly number: number;
  readonly payload: Buffer;
  /** Offset of the payload's first byte in the file. */
  readonly payloadOffset: number;
}

/** The footer's fields. */
export interface SnapshotFooter {
  readonly keyCount: number;
  readonly blockCount: number;
  /** The state digest (32 bytes). */
  readonly digest: Buffer;
}

/** Open `file` and check its header. The caller closes the handle (use withSnapshot). */
export async function openSnapshot(file: string): Promise<OpenSnapshot> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileError(file, error, 'open');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new SnapshotError('io', file, 'is not a regular file');
    const fileBytes = stats.size;
    const bytes = await readAt(file, handle, Math.min(HEADER_BYTES, fileBytes), 0);
    return { file, handle, fileBytes, header: parseHeader(file, bytes) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Open `file`, run `use` on it, close it whatever happens. */
export async function withSnapshot<T>(file: string, use: (snapshot: OpenSnapshot) => Promise<T>): Promise<T> {
  const snapshot = await openSnapshot(file);
  try {
    return await use(snapshot);
  } finally {
    await snapshot.handle.close();
  }
}

/**
 * Read every block after the header, in order, handing each to `visit`, then the footer, which
 * must end the file. A FormatViolation thrown by `visit` becomes a 'malformed' SnapshotError at
 * its place in the file.
 */
export async function readBlocks(snapshot: OpenSnapshot, visit: (block: SnapshotBlock) => void): Promise<SnapshotFooter> {
  const { file, handle, fileBytes } = snapshot;
  let position = HEADER_BYTES;
  let payload = Buffer.allocUnsafe(0);
  const framesMax = Math.floor((fileBytes - HEADER_BYTES) / FRAME_BYTES) + 1;
  for (let number = 0; number < framesMax; number++) {
    if (fileBytes - position < FRAME_BYTES) {
      const what = position === fileBytes ? `ends after ${number} blocks without a footer` : 'ends inside a frame';
      throw new SnapshotError('truncated', file, what, { block: number, offset: position });
    }
    const frameBytes = await readAt(file, handle, FRAME_BYTES, position);
    const { kind, payloadBytes, payloadChecksum } = parseFrame(file, frameBytes, number, position);
    const payloadOffset = position + FRAME_BYTES;
    if (payloadBytes > fileBytes - payloadOffset) {
      throw new SnapshotError('truncated', file, `ends inside a payload of ${payloadBytes} bytes`, { block: number, offset: payloadOffset });
    }
    if (payload.length < payloadBytes) payload = Buffer.allocUnsafe(Math.max(payloadBytes, Math.min(2 * payload.length, BLOCK_PAYLOAD_BYTES_MAX)));
    const view = payload.subarray(0, payloadBytes);
    await readInto(file, handle, view, payloadOffset);
    if (crc32c(view) !== payloadChecksum) throw new SnapshotError('badChecksum', file, 'the payload checksum does not match', { block: number, offset: payloadOffset });
    position = payloadOffset + payloadBytes;
    if (kind === FRAME_KIND_FOOTER) {
      if (position !== fileBytes) throw new SnapshotError('malformed', file, `${fileBytes - position} bytes after the footer`, { block: number, offset: position });
      return parseFooter(file, view, number, payloadOffset);
    }
    try {
      visit({ number, payload: view, payloadOffset });
    } catch (error) {
      if (!(error instanceof FormatViolation)) throw error;
      throw new SnapshotError('malformed', file, error.message, { block: number, offset: payloadOffset + error.offset });
    }
  }
  throw new Error('assertion: more frames than the file can hold');
}

/** Check the header's bytes (as many as the file has, up to HEADER_BYTES) and read its fields. */
function parseHeader(file: string, bytes: Buffer): SnapshotHeader {
  const magicSeen = Math.min(bytes.length, MAGIC.length);
  if (!bytes.subarray(0, magicSeen).equals(MAGIC.subarray(0, magicSeen))) throw new SnapshotError('badMagic', file, 'is not a cairn snapshot (wrong magic bytes)', { offset: 0 });
  if (bytes.length < HEADER.headerBytes) throw new SnapshotError('truncated', file, `is ${bytes.length} bytes, shorter than a header`, { offset: bytes.length });
  const formatVersion = bytes.readUInt16LE(HEADER.formatVersion);
  if (formatVersion !== FORMAT_VERSION) {
    throw new SnapshotError('wrongVersion', file, `has format version ${formatVersion}; this build reads version ${FORMAT_VERSION}`, { offset: HEADER.formatVersion });
  }
  if (bytes.length < HEADER_BYTES) throw new SnapshotError('truncated', file, `is ${bytes.length} bytes, shorter than a header`, { offset: bytes.length });
  if (crc32c(bytes.subarray(0, HEADER.checksum)) !== bytes.readUInt32LE(HEADER.checksum)) {
    throw new SnapshotError('badChecksum', file, 'the header checksum does not match', { offset: HEADER.checksum });
  }
  const malformed = (detail: string, offset: number) => new SnapshotError('malformed', file, `header: ${detail}`, { offset });
  if (bytes.readUInt16LE(HEADER.headerBytes) !== HEADER_BYTES) throw malformed(`header size ${bytes.readUInt16LE(HEADER.headerBytes)}, expected ${HEADER_BYTES}`, HEADER.headerBytes);
  if (bytes.readUInt32LE(HEADER.reserved) !== 0) throw malformed('reserved bytes are not zero', HEADER.reserved);
  const databaseCount = bytes.readUInt32LE(HEADER.databaseCount);
  if (databaseCount < 1 || databaseCount > DATABASE_COUNT_MAX) throw malformed(`database count ${databaseCount} is outside 1 .. ${DATABASE_COUNT_MAX}`, HEADER.databaseCount);
  const safe = (at: number, what: string): number => {
    const value = bytes.readBigUInt64LE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`${what} ${value} is beyond 2^53 - 1`, at);
    return Number(value);
  };
  return {
    formatVersion,
    databaseCount,
    logIndex: safe(HEADER.logIndex, 'log index'),
    lastAcceptedId: safe(HEADER.lastAcceptedId, 'last accepted id'),
    leaseEpoch: safe(HEADER.leaseEpoch, 'lease epoch'),
    createdAtMs: safe(HEADER.createdAtMs, 'creation time'),
    keyCount: safe(HEADER.keyCount, 'key count'),
  };
}

/** Check a frame's own fields; returns its kind, payload length and payload checksum. */
function parseFrame(file: string, bytes: Buffer, number: number, offset: number): { kind: number; payloadBytes: number; payloadChecksum: number } {
  const place = { block: number, offset };
  if (crc32c(bytes.subarray(0, FRAME.frameChecksum)) !== bytes.readUInt32LE(FRAME.frameChecksum)) {
    throw new SnapshotError('badChecksum', file, 'the frame checksum does not match', place);
  }
  const kind = bytes.readUInt8(FRAME.kind);
  if (kind !== FRAME_KIND_RECORDS && kind !== FRAME_KIND_FOOTER) throw new SnapshotError('malformed', file, `unknown frame kind ${kind}`, place);
  if (bytes.readUIntLE(FRAME.reserved, 3) !== 0) throw new SnapshotError('malformed', file, 'frame reserved bytes are not zero', place);
  const found = bytes.readUInt32LE(FRAME.number);
  if (found !== number) throw new SnapshotError('malformed', file, `frame number ${found} where ${number} was expected`, place);
  const payloadBytes = bytes.readUInt32LE(FRAME.payloadBytes);
  if (payloadBytes > BLOCK_PAYLOAD_BYTES_MAX) throw new SnapshotError('malformed', file, `a payload of ${payloadBytes} bytes, above the limit of ${BLOCK_PAYLOAD_BYTES_MAX}`, place);
  if (kind === FRAME_KIND_FOOTER && payloadBytes !== FOOTER_BYTES) throw new SnapshotError('malformed', file, `a footer of ${payloadBytes} bytes, expected ${FOOTER_BYTES}`, place);
  return { kind, payloadBytes, payloadChecksum: bytes.readUInt32LE(FRAME.payloadChecksum) };
}

function parseFooter(file: string, bytes: Buffer, number: number, offset: number): SnapshotFooter {
  const malformed = (detail: string, at: number) => new SnapshotError('malformed', file, `footer: ${detail}`, { block: number, offset: offset + at });
  if (!bytes.subarray(FOOTER.endMagic, FOOTER.endMagic + END_MAGIC.length).equals(END_MAGIC)) throw malformed('wrong end magic bytes', FOOTER.endMagic);
  if (bytes.readUInt32LE(FOOTER.reserved) !== 0) throw malformed('reserved bytes are not zero', FOOTER.reserved);
  const keyCount = bytes.readBigUInt64LE(FOOTER.keyCount);
  if (keyCount > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`key count ${keyCount} is beyond 2^53 - 1`, FOOTER.keyCount);
  const blockCount = bytes.readUInt32LE(FOOTER.blockCount);
  if (blockCount !== number) throw malformed(`counts ${blockCount} blocks, the file has ${number}`, FOOTER.blockCount);
  return { keyCount: Number(keyCount), blockCount, digest: Buffer.from(bytes.subarray(FOOTER.digest, FOOTER.digest + DIGEST_BYTES)) };
}

/** Read `length` bytes at `position` into a new buffer. */
async function readAt(file: string, handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  await readInto(file, handle, bytes, position);
  return bytes;
}

/** Fill `target` from the file at `position` (reads may return less than asked: read until full). */
async function readInto(file: string, handle: FileHandle, target: Buffer, position: number): Promise<void> {
  let filled = 0;
  const readsMax = target.length + 1;
  for (let reads = 0; filled < target.length && reads < readsMax; reads++) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(target, filled, target.length - filled, position + filled));
    } catch (error) {
      throw fileError(file, error, `read at offset ${position + filled}`);
    }
    if (bytesRead === 0) throw new SnapshotError('truncated', file, 'ended while being read (did it shrink?)', { offset: position + filled });
    filled += bytesRead;
  }
}

/** A file system failure as a SnapshotError: 'missing' when there is no such file, else 'io'. */
function fileError(file: string, error: unknown, step: string): SnapshotError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') return new SnapshotError('missing', file, 'does not exist', {}, { cause: error });
  return new SnapshotError('io', file, `could not ${step}: ${code} ${(error as Error).message}`, {}, { cause: error });
}
