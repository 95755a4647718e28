/**
 * The state digest: a SHA-256 of the whole keyspace (every database, key, type, encoding,
 * absolute expiry and value) that does not depend on iteration order, so a live keyspace and the
 * same state loaded from a snapshot give the same digest, whatever order their keys are in.
 *
 * Each key has a SHA-256 of its own (keyDigest, input below); the key digests are added up as
 * big-endian 256-bit integers modulo 2^256; the state digest is
 * SHA-256("cairn-state-digest-v1" || u64 LE key count || the sum as 32 big-endian bytes), in hex.
 *
 * A key's input: u32 database, u8 type code, u8 1 when it has an expiry (then f64 expiry, else 8
 * zero bytes), u32 key length, the key; then for a string u32 length and its bytes; for the other
 * types u32 length and the encoding name (OBJECT ENCODING), u32 length and the UTF-8 JSON of the
 * value's canonical() form (the form tests compare values by: order-free collections sorted).
 * Fields are little-endian; lengths make the input unambiguous.
 */
import { createHash, hash } from 'node:crypto';
import type { Database } from '../keyspace/database.js';
import type { Entry } from '../keyspace/entry.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { DIGEST_BYTES, TYPE_CODES } from './format.js';

/** Names the digest's definition; a change to it changes this. */
const DIGEST_DOMAIN = Buffer.from('cairn-state-digest-v1', 'latin1');
/** Bytes of a key's input before the key: database, type, expiry flag, expiry, key length. */
const KEY_PREFIX_BYTES = 4 + 1 + 1 + 8 + 4;
/** Inputs up to this size are built in one scratch buffer and hashed at once; larger ones are streamed. */
const SCRATCH_BYTES = 16 * 1024;
/** Strings up to this length are copied char by char. */
const SHORT_TEXT_BYTES_MAX = 128;
/** 32-bit words of the 256-bit sum, most significant first. */
const SUM_WORDS = DIGEST_BYTES / 4;

const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/** The SHA-256 of one key's input (see the file comment), in hex (node's one-shot hash is fastest with a hex answer). */
export function keyDigest(db: number, key: string, entry: Entry, expireAt: number | undefined): string {
  if (entry.type === 'string' && KEY_PREFIX_BYTES + key.length + 4 + entry.value.length <= SCRATCH_BYTES) {
    let at = writePrefix(scratch, db, key, entry, expireAt);
    at = scratch.writeUInt32LE(entry.value.length, at);
    return hash('sha256', scratch.subarray(0, writeLatin1(scratch, entry.value, at)), 'hex');
  }
  const items: (string | Buffer)[] =
    entry.type === 'string' ? [entry.value] : [entry.value.encoding(), Buffer.from(JSON.stringify(entry.value.canonical()), 'utf8')];
  let total = KEY_PREFIX_BYTES + key.length;
  for (const item of items) total += 4 + item.length;
  if (total <= SCRATCH_BYTES) {
    let at = writePrefix(scratch, db, key, entry, expireAt);
    for (const item of items) {
      at = scratch.writeUInt32LE(item.length, at);
      at = typeof item === 'string' ? writeLatin1(scratch, item, at) : at + item.copy(scratch, at);
    }
    return hash('sha256', scratch.subarray(0, at), 'hex');
  }
  const hasher = createHash('sha256');
  const prefix = Buffer.allocUnsafe(KEY_PREFIX_BYTES + key.length);
  hasher.update(prefix.subarray(0, writePrefix(prefix, db, key, entry, expireAt)));
  for (const item of items) {
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(item.length, 0);
    hasher.update(length);
    hasher.update(typeof item === 'string' ? Buffer.from(item, 'latin1') : item);
  }
  return hasher.digest('hex');
}

function writePrefix(target: Buffer, db: number, key: string, entry: Entry, expireAt: number | undefined): number {
  let at = target.writeUInt32LE(db, 0);
  at = target.writeUInt8(TYPE_CODES[entry.type], at);
  at = target.writeUInt8(expireAt === undefined ? 0 : 1, at);
  at = target.writeDoubleLE(expireAt ?? 0, at);
  at = target.writeUInt32LE(key.length, at);
  return writeLatin1(target, key, at);
}

/** Write a binary string's bytes at `at`; returns the offset after them. Short ones char by char (Buffer.write costs more). */
function writeLatin1(target: Buffer, text: string, at: number): number {
  const length = text.length;
  if (length > SHORT_TEXT_BYTES_MAX) return at + target.write(text, at, 'latin1');
  for (let index = 0; index < length; index++) target[at + index] = text.charCodeAt(index);
  return at + length;
}

/** Adds key digests up, in any order, into the state digest. */
export class StateDigest {
  private readonly sum = new Uint32Array(SUM_WORDS);
  /** Keys added. */
  count = 0;

  /** Add one key's digest (64 hex digits), read as a big-endian 256-bit integer. */
  add(digest: string): void {
    if (digest.length !== 2 * DIGEST_BYTES) throw new Error('assertion: a key digest is 64 hex digits');
    const sum = this.sum;
    let carry = 0;
    for (let word = SUM_WORDS - 1; word >= 0; word--) {
      const total = (sum[word] as number) + hexWord(digest, 8 * word) + carry;
      sum[word] = total >>> 0;
      carry = total > 0xffffffff ? 1 : 0;
    }
    this.count++;
  }

  /** Add the key `key` of database `db`. */
  addKey(db: number, key: string, entry: Entry, expireAt: number | undefined): void {
    this.add(keyDigest(db, key, entry, expireAt));
  }

  /** The digest's 32 bytes. */
  bytes(): Buffer {
    const count = Buffer.allocUnsafe(8);
    count.writeBigUInt64LE(BigInt(this.count), 0);
    const sum = Buffer.allocUnsafe(DIGEST_BYTES);
    for (let word = 0; word < SUM_WORDS; word++) sum.writeUInt32BE(this.sum[word] as number, 4 * word);
    return createHash('sha256').update(DIGEST_DOMAIN).update(count).update(sum).digest();
  }

  /** The digest in hex (64 characters). */
  hex(): string {
    return this.bytes().toString('hex');
  }
}

/** The digest of one database's keys (the database's id is part of each key's input). */
export function databaseDigest(database: Database): string {
  const digest = new StateDigest();
  addDatabase(digest, database);
  return digest.hex();
}

/** The digest of the whole keyspace, every database, expired keys included. */
export function stateDigest(keyspace: Keyspace): string {
  const digest = new StateDigest();
  for (const database of keyspace.databases) addDatabase(digest, database);
  return digest.hex();
}

/** The 32-bit number written as 8 lowercase hex digits at `at` (parsed by hand: slice and parseInt cost more). */
function hexWord(hex: string, at: number): number {
  let value = 0;
  for (let index = at; index < at + 8; index++) {
    const code = hex.charCodeAt(index);
    value = value * 16 + (code <= 0x39 ? code - 0x30 : code - 0x57);
  }
  return value;
}

function addDatabase(digest: StateDigest, database: Database): void {
  for (const [key, entry, expireAt] of database.allEntries()) digest.addKey(database.id, key, entry, expireAt);
}
