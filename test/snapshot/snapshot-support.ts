/**
 * Shared by the snapshot tests: a keyspace holding every data type and encoding (built through
 * real commands), temporary directories, and a builder of snapshot files from raw record bytes
 * (to make files whose checksums are right but whose contents are not).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '../../txlog/src/storage/crc32c.js';
import {
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
} from '../../server/src/snapshot/format.js';
import { Executor } from '../support/executor.js';

/** A temporary directory, removed by `remove`. */
export function temporaryDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'cairn-snapshot-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every byte value once, as a binary string. */
export const ALL_BYTES = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)).join('');

/** Run `argv` with `count` generated arguments appended, in batches. */
function runBatched(server: Executor, prefix: (string | number)[], count: number, argument: (index: number) => (string | number)[]): void {
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const args: (string | number)[] = [];
    for (let index = start; index < Math.min(count, start + batch); index++) args.push(...argument(index));
    server.run(...prefix, ...args);
  }
}

/** Strings: empty, ~1 MB, every byte value, binary keys, integers, bitmaps, HyperLogLogs (sparse and dense). */
function addStrings(server: Executor): void {
  server.run('SET', 'empty', '');
  let large = '';
  for (let index = 0; large.length < 1024 * 1024; index++) large += ALL_BYTES;
  server.run('SET', 'large', large);
  server.run('SET', '\x00key\xff\x00', ALL_BYTES);
  server.run('SET', '', 'the empty key');
  server.run('SET', 'counter', 41);
  server.run('INCR', 'counter');
  server.run('SETBIT', 'bitmap', 100_000, 1);
  server.run('PFADD', 'hll-sparse', 'a', 'b', 'c');
  runBatched(server, ['PFADD', 'hll-dense'], 5000, (index) => [`element-${index}`]);
}

/** Lists: small, large over many quicklist nodes, and one whose nodes were split by LINSERT and thinned by LREM. */
function addLists(server: Executor): void {
  server.run('RPUSH', 'list-small', 'a', '', '\x00\xff', 'd');
  runBatched(server, ['RPUSH', 'list-large'], 20_000, (index) => [`element-${index}-${'x'.repeat(index % 50)}`]);
  runBatched(server, ['RPUSH', 'list-edited'], 3000, (index) => [`e${index % 7}`]);
  for (let index = 0; index < 20; index++) server.run('LINSERT', 'list-edited', 'BEFORE', 'e3', `inserted-${index}-${'y'.repeat(200)}`);
  server.run('LREM', 'list-edited', 100, 'e5');
  server.run('LPUSH', 'list-edited', 'head');
}

/** Hashes: listpack, hashtable by count (with deletions, so its order is its own), hashtable by value length. */
function addHashes(server: Executor): void {
  server.run('HSET', 'hash-small', 'f1', 'v1', 'f2', '', '\x00', '\xff');
  runBatched(server, ['HSET', 'hash-large'], 700, (index) => [`field-${index}`, `value-${index}`]);
  for (let index = 0; index < 700; index += 7) server.run('HDEL', 'hash-large', `field-${index}`);
  server.run('HSET', 'hash-long-value', 'f', 'v'.repeat(100));
}

/** Sets: intsets (one widened to 8 bytes and kept so after a removal), hashtables by count and by member. */
function addSets(server: Executor): void {
  server.run('SADD', 'set-intset', 3, 1, 2, -7);
  server.run('SADD', 'set-wide', 1, 5_000_000_000, -9_223_372_036_854_775_808n.toString());
  server.run('SREM', 'set-wide', 5_000_000_000, -9_223_372_036_854_775_808n.toString());
  runBatched(server, ['SADD', 'set-many-integers'], 600, (index) => [index * 3]);
  runBatched(server, ['SADD', 'set-strings'], 200, (index) => [`member-${index}`]);
  for (let index = 0; index < 200; index += 5) server.run('SREM', 'set-strings', `member-${index}`);
}

/** Sorted sets: listpack and skiplist, with -inf, inf and -0 scores; a geo set. */
function addSortedSets(server: Executor): void {
  server.run('ZADD', 'zset-small', '-inf', 'low', 'inf', 'high', '-0', 'zero', 1.5, 'mid');
  runBatched(server, ['ZADD', 'zset-large'], 300, (index) => [(index - 150) / 3, `member-${index}`]);
  server.run('ZADD', 'zset-large', '-inf', 'minus-infinity', 'inf', 'plus-infinity', '-0', 'negative-zero');
  server.run('ZREM', 'zset-large', 'member-10', 'member-20');
  server.run('GEOADD', 'geo', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania');
}

/** Streams: many nodes, tombstones (XDEL and an exact trim), groups with pending entries and consumers, an empty stream with a group. */
function addStreams(server: Executor): void {
  for (let index = 1; index <= 450; index++) {
    const fields = index % 3 === 0 ? ['other', `v${index}`, 'x', ''] : ['temperature', `${index}`, 'unit', 'C'];
    server.run('XADD', 'stream', `${1000 + index}-${index % 4}`, ...fields);
  }
  server.run('XDEL', 'stream', '1010-2', '1200-0', '1449-1');
  server.run('XTRIM', 'stream', 'MAXLEN', '=', 430);
  server.run('XGROUP', 'CREATE', 'stream', 'readers', '0');
  server.run('XGROUP', 'CREATE', 'stream', 'late', '$', 'ENTRIESREAD', 5);
  server.run('XREADGROUP', 'GROUP', 'readers', 'alice', 'COUNT', 10, 'STREAMS', 'stream', '>');
  server.clock.advanceMs(1500);
  server.run('XREADGROUP', 'GROUP', 'readers', 'bob', 'COUNT', 7, 'STREAMS', 'stream', '>');
  server.run('XACK', 'stream', 'readers', '1022-2', '1023-3');
  server.clock.advanceMs(2500);
  server.run('XCLAIM', 'stream', 'readers', 'carol', 0, '1024-0', '1025-1', 'RETRYCOUNT', 9);
  server.run('XGROUP', 'CREATECONSUMER', 'stream', 'readers', 'idle');
  server.run('XADD', 'stream-empty', '5-5', 'f', 'v');
  server.run('XDEL', 'stream-empty', '5-5');
  server.run('XGROUP', 'CREATE', 'stream-empty', 'g', '$');
  server.run('XSETID', 'stream-empty', '9-9', 'ENTRIESADDED', 12, 'MAXDELETEDID', '7-7');
}

/** Expiring keys (one already past its time but not removed), and keys in other databases. */
function addExpiriesAndDatabases(server: Executor): void {
  server.run('SET', 'expiring', 'v', 'PX', 100_000);
  server.run('HSET', 'hash-expiring', 'f', 'v');
  server.run('PEXPIREAT', 'hash-expiring', 1_900_000_000_000);
  server.run('SET', 'expired', 'v', 'PX', 10);
  server.clock.advanceMs(1000);
  server.run('SELECT', 3);
  server.run('SET', 'stream', 'a string in database 3 (the same name as a stream in 0)');
  server.run('RPUSH', 'list', 'in', 'database', '3');
  server.run('SELECT', 15);
  server.run('SADD', 'set', 'in', 'database', '15');
  server.run('SET', 'expiring-15', 'v', 'EX', 1000);
  server.run('SELECT', 0);
}

/** An Executor holding every type and encoding the format must keep (see the functions above). */
export function everyTypeServer(): Executor {
  const server = new Executor({ seed: 7 });
  addStrings(server);
  addLists(server);
  addHashes(server);
  addSets(server);
  addSortedSets(server);
  addStreams(server);
  addExpiriesAndDatabases(server);
  return server;
}

/** Header fields for tests. */
export const FIELDS = { logIndex: 1234, lastAcceptedId: 1240, leaseEpoch: 3, createdAtMs: 1_700_000_000_123 };

/** What a hand-built file holds: raw record bytes per block, and what header and footer say. */
export interface FileParts {
  blocks: Buffer[];
  keyCount: number;
  footerKeyCount?: number;
  databaseCount?: number;
  digest?: Buffer;
  trailing?: Buffer;
}

/** A snapshot file laid out as docs/snapshot-format.md says, checksums right, from raw parts. */
export function buildFile(parts: FileParts): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, HEADER.magic);
  header.writeUInt16LE(FORMAT_VERSION, HEADER.formatVersion);
  header.writeUInt16LE(HEADER_BYTES, HEADER.headerBytes);
  header.writeUInt32LE(parts.databaseCount ?? 16, HEADER.databaseCount);
  header.writeBigUInt64LE(BigInt(FIELDS.logIndex), HEADER.logIndex);
  header.writeBigUInt64LE(BigInt(FIELDS.lastAcceptedId), HEADER.lastAcceptedId);
  header.writeBigUInt64LE(BigInt(FIELDS.leaseEpoch), HEADER.leaseEpoch);
  header.writeBigUInt64LE(BigInt(FIELDS.createdAtMs), HEADER.createdAtMs);
  header.writeBigUInt64LE(BigInt(parts.keyCount), HEADER.keyCount);
  header.writeUInt32LE(crc32c(header.subarray(0, HEADER.checksum)), HEADER.checksum);
  const frames = parts.blocks.map((payload, number) => frameOf(FRAME_KIND_RECORDS, number, payload));
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeBigUInt64LE(BigInt(parts.footerKeyCount ?? parts.keyCount), FOOTER.keyCount);
  footer.writeUInt32LE(parts.blocks.length, FOOTER.blockCount);
  (parts.digest ?? Buffer.alloc(32)).copy(footer, FOOTER.digest);
  END_MAGIC.copy(footer, FOOTER.endMagic);
  return Buffer.concat([header, ...frames, frameOf(FRAME_KIND_FOOTER, parts.blocks.length, footer), parts.trailing ?? Buffer.alloc(0)]);
}

/** A frame: its fields with both checksums, then the payload. */
export function frameOf(kind: number, number: number, payload: Buffer, payloadBytes = payload.length): Buffer {
  const frame = Buffer.alloc(FRAME_BYTES);
  frame.writeUInt8(kind, FRAME.kind);
  frame.writeUInt32LE(number, FRAME.number);
  frame.writeUInt32LE(payloadBytes, FRAME.payloadBytes);
  frame.writeUInt32LE(crc32c(payload), FRAME.payloadChecksum);
  frame.writeUInt32LE(crc32c(frame.subarray(0, FRAME.frameChecksum)), FRAME.frameChecksum);
  return Buffer.concat([frame, payload]);
}
