/**
 * One record per key: u32 length (of what follows), u8 type, u8 flags, varint database, the key
 * (varint length, bytes), an f64 absolute expiry in ms when flag 1 is set, then the value as its
 * type's codec writes it (value-codec/). Records lie whole inside one block's payload.
 */
import type { Entry, ValueType } from '../keyspace/entry.js';
import { ByteReader, type ByteWriter } from './bytes.js';
import { RECORD_BYTES_MAX, RECORD_FLAG_EXPIRY, RECORD_LENGTH_BYTES, TYPE_CODES, TYPES_BY_CODE } from './format.js';
import { encodeValue } from './value-codec/index.js';

/** A record's fields before its value. */
export interface RecordHead {
  readonly type: ValueType;
  readonly db: number;
  readonly key: string;
  readonly expireAt: number | undefined;
}

/** Append the record of one key to `out`. */
export function encodeRecord(out: ByteWriter, db: number, key: string, entry: Entry, expireAt: number | undefined): void {
  const start = out.length;
  out.u32(0);
  out.u8(TYPE_CODES[entry.type]);
  out.u8(expireAt === undefined ? 0 : RECORD_FLAG_EXPIRY);
  out.varint(db);
  out.text(key);
  if (expireAt !== undefined) out.f64(expireAt);
  encodeValue(entry, out);
  const bytes = out.length - start - RECORD_LENGTH_BYTES;
  if (bytes > RECORD_BYTES_MAX) throw new Error(`the value of key ${JSON.stringify(key)} in database ${db} takes ${bytes} bytes, above the snapshot record limit of ${RECORD_BYTES_MAX}`);
  out.patchU32(start, bytes);
}

/**
 * Visit every record of a block payload, in order: `visit` gets a reader bounded to the record
 * (after its length) and the record's offset in the payload. Reads that break the format throw
 * FormatViolation.
 */
export function forEachRecord(payload: Buffer, visit: (record: ByteReader, offset: number) => void): void {
  const blockReader = new ByteReader(payload, 0, payload.length);
  const recordsMax = payload.length / (RECORD_LENGTH_BYTES + 1);
  for (let records = 0; blockReader.remaining > 0 && records < recordsMax; records++) {
    const offset = blockReader.offset;
    const length = blockReader.u32('record length');
    if (length > blockReader.remaining) blockReader.fail(`a record of ${length} bytes runs past the block's end`);
    const record = new ByteReader(payload, blockReader.offset, blockReader.offset + length);
    blockReader.offset += length;
    visit(record, offset);
  }
  if (blockReader.remaining > 0) blockReader.fail('a block with more records than its bytes can hold');
}

/** Read a record's type, flags, database and key, and its expiry; the value follows. */
export function readRecordHead(record: ByteReader, databaseCount: number): RecordHead {
  const code = record.u8('record type');
  const type = TYPES_BY_CODE[code];
  if (type === undefined) record.fail(`unknown record type ${code}`);
  const flags = record.u8('record flags');
  if ((flags & ~RECORD_FLAG_EXPIRY) !== 0) record.fail(`unknown record flags ${flags}`);
  const db = record.varint('record database');
  if (db >= databaseCount) record.fail(`a record for database ${db}, beyond the ${databaseCount} databases`);
  const key = record.text('key');
  const expireAt = (flags & RECORD_FLAG_EXPIRY) !== 0 ? record.finiteF64('expiry') : undefined;
  return { type, db, key, expireAt };
}
