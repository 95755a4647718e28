/**
 * `cairn snapshot export FILE --format resp`: a keyspace as a stream of Redis commands that
 * `redis-cli --pipe` loads into a real, empty Redis 7 so that it holds the same data.
 *
 * The commands follow Redis 7.0's AOF rewrite (rewriteAppendOnlyFileRio in aof.c): per
 * database that has live keys, SELECT n, then per key the commands that build its value (see
 * resp-export/value-commands.ts and resp-export/stream-commands.ts) and, when it has one,
 * PEXPIREAT key <absolute ms>. Keys already expired at `now` are left out. Keys and values are
 * binary strings and are written byte for byte.
 *
 * What does not carry over (Redis's own AOF rewrite loses the same): encodings that depend on a
 * value's history (a hash, set or sorted set that outgrew its compact encoding and shrank again
 * loads compact; a -0 score in such a sorted set loads as 0), stream node layout
 * (radix-tree-keys/nodes), consumer seen-times (XCLAIM and CREATECONSUMER set them to the load
 * time), LRU/LFU access data, delivery times later than the loading server's clock (XCLAIM TIME
 * takes at most now) and delivery counts above 2^63-1 (RETRYCOUNT is signed; they are clamped).
 * A keyspace with more databases than the target's `databases` setting fails at that SELECT.
 * Load into an empty Redis: RPUSH, SADD and the rest add to whatever a key already holds.
 *
 * The keyspace must not change while the export runs: export a loaded snapshot, not a serving
 * keyspace.
 */
import type { Entry } from '../keyspace/entry.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { type ChunkWriter, CommandSink } from './resp-export/command-sink.js';
import { streamCommands } from './resp-export/stream-commands.js';
import { hashCommands, listCommands, setCommands, sortedSetCommands, stringCommands } from './resp-export/value-commands.js';

/** Redis's AOF_REWRITE_ITEMS_PER_CMD: elements per RPUSH / SADD / ZADD / HSET / XDEL. */
const ITEMS_PER_COMMAND_DEFAULT = 64;
/** The most elements a command may be asked to carry: beyond it one command could hold gigabytes. */
const ITEMS_PER_COMMAND_MAX = 1 << 16;

export type { ChunkWriter } from './resp-export/command-sink.js';

/** Options of exportResp. */
export interface RespExportOptions {
  /** The time (ms since the epoch) expiry is judged against; keys with an expiry before it are left out. Default: keyspace.now. */
  now?: number;
  /** Elements per collection command (1 .. 65536); default 64, as Redis. */
  itemsPerCommand?: number;
  /** Told keys done (exported or skipped) out of all keys held, after each flushed chunk and at the end. */
  onProgress?: (keysDone: number, keysTotal: number) => void;
}

/** What an export wrote. */
export interface RespExportSummary {
  /** Keys written. */
  keys: number;
  /** Keys left out because they had expired. */
  expiredKeys: number;
  /** Commands written: `redis-cli --pipe` reports this many replies. */
  commands: number;
  /** Bytes handed to `write`. */
  bytes: number;
}

/**
 * Write every live key of every database of `keyspace` to `write` as RESP commands; a promise
 * returned by `write` is awaited before more is written. Memory stays bounded: values are read
 * and encoded a few commands at a time.
 */
export async function exportResp(keyspace: Keyspace, write: ChunkWriter, options: RespExportOptions = {}): Promise<RespExportSummary> {
  const now = options.now ?? keyspace.now;
  const itemsPerCommand = options.itemsPerCommand ?? ITEMS_PER_COMMAND_DEFAULT;
  if (!Number.isInteger(itemsPerCommand) || itemsPerCommand < 1 || itemsPerCommand > ITEMS_PER_COMMAND_MAX) {
    throw new Error(`assertion: itemsPerCommand must be an integer in 1..${ITEMS_PER_COMMAND_MAX}, got ${itemsPerCommand}`);
  }
  const sink = new CommandSink(write);
  const keysTotal = keyspace.size;
  let keysDone = 0;
  let keys = 0;
  let expiredKeys = 0;
  const flush = async () => {
    await sink.flush();
    options.onProgress?.(keysDone, keysTotal);
  };
  for (const database of keyspace.databases) {
    let selected = false;
    for (const [key, entry, expireAt] of database.allEntries()) {
      if (expireAt !== undefined && expireAt < now) {
        expiredKeys++;
        keysDone++;
        continue;
      }
      if (!selected) {
        sink.command(['SELECT', String(database.id)]);
        selected = true;
      }
      for (const command of valueCommands(key, entry, itemsPerCommand)) {
        if (sink.full) await flush();
        sink.command(command);
      }
      if (expireAt !== undefined) sink.command(['PEXPIREAT', key, String(expireAt)]);
      keys++;
      keysDone++;
    }
  }
  await flush();
  return { keys, expiredKeys, commands: sink.commands, bytes: sink.bytes };
}

/** The commands that build one key's value. */
function valueCommands(key: string, entry: Entry, itemsPerCommand: number): Generator<string[]> {
  switch (entry.type) {
    case 'string':
      return stringCommands(key, entry.value);
    case 'list':
      return listCommands(key, entry.value, itemsPerCommand);
    case 'set':
      return setCommands(key, entry.value, itemsPerCommand);
    case 'zset':
      return sortedSetCommands(key, entry.value, itemsPerCommand);
    case 'hash':
      return hashCommands(key, entry.value, itemsPerCommand);
    case 'stream':
      return streamCommands(key, entry.value, itemsPerCommand);
  }
}
