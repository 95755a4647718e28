/**
 * The commands that rebuild a string, list, set, sorted set or hash in Redis, in the forms of
 * Redis 7.0's AOF rewrite (rewriteAppendOnlyFileRio in aof.c): SET for a string, and RPUSH,
 * SADD, ZADD and HSET of at most `itemsPerCommand` elements each (AOF_REWRITE_ITEMS_PER_CMD),
 * so a large value never becomes one huge command. (Redis 7.0 writes HMSET for hashes; HSET is
 * the same command without the deprecation.) Scores are written as Redis writes them, `%.17g`,
 * which parses back to the same double; infinities are `inf` and `-inf`.
 */
import type { HashValue } from '../../keyspace/hash.js';
import type { ListValue } from '../../keyspace/list.js';
import type { SetValue } from '../../keyspace/set.js';
import type { SortedSetValue } from '../../keyspace/zset.js';
import { formatDouble } from '../../util/number.js';

/** Commands' worth of list elements read per slice: few walks of a long list, a bounded copy each. */
const LIST_SLICE_COMMANDS = 16;

/** SET key value. */
export function* stringCommands(key: string, value: string): Generator<string[]> {
  yield ['SET', key, value];
}

/** RPUSH key element... from head to tail. */
export function* listCommands(key: string, list: ListValue, itemsPerCommand: number): Generator<string[]> {
  const size = list.size;
  const sliceElements = itemsPerCommand * LIST_SLICE_COMMANDS;
  for (let start = 0; start < size; start += sliceElements) {
    const elements = list.slice(start, Math.min(sliceElements, size - start));
    for (let at = 0; at < elements.length; at += itemsPerCommand) {
      yield ['RPUSH', key, ...elements.slice(at, at + itemsPerCommand)];
    }
  }
}

/** SADD key member... in the set's iteration order. */
export function* setCommands(key: string, set: SetValue, itemsPerCommand: number): Generator<string[]> {
  const size = set.size;
  for (let start = 0; start < size; start += itemsPerCommand) {
    const command = ['SADD', key];
    const end = Math.min(size, start + itemsPerCommand);
    for (let position = start; position < end; position++) command.push(set.memberAt(position));
    yield command;
  }
}

/** ZADD key score member... in score order. */
export function* sortedSetCommands(key: string, zset: SortedSetValue, itemsPerCommand: number): Generator<string[]> {
  const size = zset.size;
  for (let start = 0; start < size; start += itemsPerCommand) {
    const command = ['ZADD', key];
    zset.forEachInRanks(start, start + itemsPerCommand, false, (member, score) => command.push(formatDouble(score), member));
    yield command;
  }
}

/** HSET key field value... in the hash's order. */
export function* hashCommands(key: string, hash: HashValue, itemsPerCommand: number): Generator<string[]> {
  const size = hash.size;
  for (let start = 0; start < size; start += itemsPerCommand) {
    const command = ['HSET', key];
    const end = Math.min(size, start + itemsPerCommand);
    for (let pair = start; pair < end; pair++) command.push(hash.fieldAt(pair), hash.valueAt(pair));
    yield command;
  }
}
