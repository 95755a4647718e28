/**
 * Hashes, differential with Redis 7: seeded random streams of hash commands over a few keys, with
 * small encoding thresholds so conversions happen often. Replies must be equal, except:
 * - HGETALL, HKEYS, HVALS and a whole-hash HSCAN of a hashtable, whose order is the table's: the
 *   stream asks OBJECT ENCODING just before each of them and compares a hashtable's reply sorted
 *   (a listpack's exactly);
 * - HRANDFIELD, checked by invariants against a model of the hashes kept from Redis's replies:
 *   reply shape, count, distinct fields for a positive count, fields and values that exist.
 */
import type { CheckResult } from '../support/differential.js';
import { describeDifferential } from '../support/differential.js';
import type { RespValue } from '../support/resp-client.js';
import type { Command } from '../support/side-by-side.js';

const KEYS = ['h1', 'h2', 'h3', 'h4'];
/** Holds a string: every hash command against it is WRONGTYPE. */
const STRING_KEY = 's';
const FIELDS = Array.from({ length: 14 }, (_, index) => `f${index}`);
const LONG_FIELD = 'L'.repeat(40);
const ENTRIES_MAX = 8;
const VALUE_BYTES_MAX = 32;
const ORDERED_READS = ['HGETALL', 'HKEYS', 'HVALS', 'HSCAN'];

type Model = Map<string, Map<string, string>>;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomField(random: () => number): string {
  return random() < 0.03 ? LONG_FIELD : pick(random, FIELDS);
}

function randomValue(random: () => number): string {
  return pick(random, ['0', '1', '-7', '42', '127', '128', '70000', '3.25', '-0.5', '1e3', 'abc', '', ' 1', '9223372036854775807', 'v'.repeat(20), 'w'.repeat(40)]);
}

function randomIncrement(random: () => number): string {
  return pick(random, ['1', '-1', '5', '-100', '1000000', '9223372036854775807', '-9223372036854775808', 'x', '1.5']);
}

function randomFloatIncrement(random: () => number): string {
  return pick(random, ['0.1', '-0.25', '1', '1e5', '3.0e-3', '-7', 'inf', 'nan', 'abc', '1e400', '0x1p-2']);
}

function fieldValuePairs(random: () => number, count: number): string[] {
  const pairs: string[] = [];
  for (let index = 0; index < count; index++) pairs.push(randomField(random), randomValue(random));
  return pairs;
}

function randomHashCommand(random: () => number, key: string): Command {
  const roll = Math.floor(random() * 20);
  switch (roll) {
    case 0:
    case 1:
    case 2:
      return ['HSET', key, ...fieldValuePairs(random, 1 + Math.floor(random() * 3))];
    case 3:
      return ['HMSET', key, ...fieldValuePairs(random, 1 + Math.floor(random() * 2))];
    case 4:
      return ['HSETNX', key, randomField(random), randomValue(random)];
    case 5:
    case 6:
      return ['HDEL', key, ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomField(random))];
    case 7:
      return ['HGET', key, randomField(random)];
    case 8:
      return ['HMGET', key, randomField(random), randomField(random)];
    case 9:
      return ['HEXISTS', key, randomField(random)];
    case 10:
      return ['HLEN', key];
    case 11:
      return ['HSTRLEN', key, randomField(random)];
    case 12:
      return ['HINCRBY', key, randomField(random), randomIncrement(random)];
    case 13:
      return ['HINCRBYFLOAT', key, randomField(random), randomFloatIncrement(random)];
    case 14:
    case 15:
      return ['HRANDFIELD', key, ...pick(random, [[], ['1'], ['3'], ['-5'], ['20'], ['0'], ['2', 'WITHVALUES'], ['-4', 'WITHVALUES'], ['30', 'WITHVALUES']])];
    case 16:
      return ['TYPE', key];
    case 17:
      return ['EXISTS', key];
    default:
      return ['OBJECT', 'ENCODING', key];
  }
}

/**
 * A generator of commands: the first two set the thresholds; an order-sensitive read is preceded
 * by OBJECT ENCODING of its key (the check remembers the encoding for the read that follows).
 */
function generator(): (random: () => number, step: number) => Command {
  let pending: Command | null = null;
  return (random, step) => {
    if (step === 0) {
      pending = null; // a new seed
      return ['CONFIG', 'SET', 'hash-max-listpack-entries', String(ENTRIES_MAX)];
    }
    if (step === 1) return ['CONFIG', 'SET', 'hash-max-listpack-value', String(VALUE_BYTES_MAX)];
    if (pending !== null) {
      const next = pending;
      pending = null;
      return next;
    }
    const key = random() < 0.05 ? STRING_KEY : pick(random, KEYS);
    if (random() < 0.02) return ['SET', STRING_KEY, 'text'];
    if (random() < 0.15) {
      const read = pick(random, ORDERED_READS);
      pending = read === 'HSCAN' ? ['HSCAN', key, '0', 'COUNT', '1000', ...pick(random, [[], ['MATCH', 'f1*']])] : [read, key];
      return ['OBJECT', 'ENCODING', key];
    }
    return randomHashCommand(random, key);
  };
}

function text(value: RespValue | undefined): string | null {
  return value !== undefined && value.t === 'bulk' ? value.v : null;
}

/** Follow Redis's replies to keep the model of every hash. */
function updateModel(model: Model, command: Command, fromRedis: RespValue): void {
  const [name, key, ...rest] = command.map(String);
  if (fromRedis.t === 'error' || key === undefined) return;
  const upper = (name as string).toUpperCase();
  const hash = model.get(key) ?? new Map<string, string>();
  if (upper === 'HSET' || upper === 'HMSET') {
    for (let index = 0; index + 1 < rest.length; index += 2) hash.set(rest[index] as string, rest[index + 1] as string);
  } else if (upper === 'HSETNX' && fromRedis.t === 'int' && fromRedis.v === '1') {
    hash.set(rest[0] as string, rest[1] as string);
  } else if (upper === 'HDEL') {
    for (const field of rest) hash.delete(field);
  } else if (upper === 'HINCRBY' && fromRedis.t === 'int') {
    hash.set(rest[0] as string, fromRedis.v);
  } else if (upper === 'HINCRBYFLOAT' && fromRedis.t === 'bulk' && fromRedis.v !== null) {
    hash.set(rest[0] as string, fromRedis.v);
  } else {
    return;
  }
  if (hash.size === 0) model.delete(key);
  else model.set(key, hash);
}

/** The [field, value] pairs of an HRANDFIELD reply (value null without WITHVALUES), or null when malformed. */
function randomPairs(reply: RespValue, withValues: boolean, resp3: boolean): [string | null, string | null][] | null {
  if (reply.t !== 'array' || reply.v === null) return null;
  const items = reply.v;
  if (!withValues) return items.map((item) => [text(item), null]);
  if (resp3) return items.map((item) => (item.t === 'array' && item.v !== null && item.v.length === 2 ? [text(item.v[0]), text(item.v[1])] : [null, null]));
  if (items.length % 2 !== 0) return null;
  const pairs: [string | null, string | null][] = [];
  for (let index = 0; index < items.length; index += 2) pairs.push([text(items[index]), text(items[index + 1])]);
  return pairs;
}

function sameReply(fromCairn: RespValue, fromRedis: RespValue, what: string): void {
  if (JSON.stringify(fromCairn) !== JSON.stringify(fromRedis)) throw new Error(`${what}: ${JSON.stringify(fromCairn)} vs Redis ${JSON.stringify(fromRedis)}`);
}

/**
 * HRANDFIELD's invariants: errors and replies for missing keys equal Redis's; otherwise cairn's
 * reply has the shape and length Redis's has, with fields (and values) of the hash, distinct for
 * a positive count.
 */
function checkRandomFields(model: Model, command: Command, fromCairn: RespValue, fromRedis: RespValue, resp3: boolean): void {
  const [, key, countText, option] = command.map(String);
  const hash = model.get(key as string);
  if (fromRedis.t === 'error' || hash === undefined) {
    sameReply(fromCairn, fromRedis, 'HRANDFIELD');
    return;
  }
  if (countText === undefined) {
    const field = text(fromCairn);
    if (field === null || !hash.has(field)) throw new Error(`HRANDFIELD gave ${JSON.stringify(fromCairn)}, no field of the hash`);
    return;
  }
  const withValues = option !== undefined;
  const count = Number(countText);
  const pairs = randomPairs(fromCairn, withValues, resp3);
  const expectedLength = count < 0 ? -count : Math.min(count, hash.size);
  if (pairs === null || pairs.length !== expectedLength) throw new Error(`HRANDFIELD returned ${JSON.stringify(fromCairn)} for a hash of ${hash.size} fields`);
  const redisLength = fromRedis.t === 'array' ? fromRedis.v?.length : undefined;
  const cairnLength = fromCairn.t === 'array' ? fromCairn.v?.length : undefined;
  if (redisLength !== cairnLength) throw new Error(`HRANDFIELD reply shapes differ: ${JSON.stringify(fromCairn)} vs ${JSON.stringify(fromRedis)}`);
  for (const [field, value] of pairs) {
    if (field === null || !hash.has(field) || (withValues && hash.get(field) !== value)) {
      throw new Error(`HRANDFIELD returned ${String(field)}=${String(value)}, not in the hash`);
    }
  }
  if (count > 0 && new Set(pairs.map(([field]) => field)).size !== pairs.length) throw new Error('HRANDFIELD with a positive count repeated a field');
}

/** Sorted pairs of a flat field/value list. */
function sortedPairs(items: RespValue[]): string[] {
  const pairs: string[] = [];
  for (let index = 0; index + 1 < items.length; index += 2) pairs.push(JSON.stringify([items[index], items[index + 1]]));
  return pairs.sort();
}

/** An order-free form of HGETALL, HKEYS, HVALS and HSCAN replies. */
function orderFree(command: Command, reply: RespValue): unknown {
  const name = String(command[0]).toUpperCase();
  if (reply.t === 'map') return reply.v.map((pair) => JSON.stringify(pair)).sort();
  if (reply.t !== 'array' || reply.v === null) return reply;
  if (name === 'HGETALL') return sortedPairs(reply.v);
  if (name === 'HSCAN') {
    const items = reply.v[1];
    return [reply.v[0], items?.t === 'array' && items.v !== null ? sortedPairs(items.v) : items];
  }
  return reply.v.map((item) => JSON.stringify(item)).sort();
}

function checker(resp3: boolean): (command: Command, fromCairn: RespValue, fromRedis: RespValue) => CheckResult {
  const model: Model = new Map();
  const encodings = new Map<string, string | null>();
  return (command, fromCairn, fromRedis) => {
    const name = String(command[0]).toUpperCase();
    const key = String(command[1]);
    if (name === 'CONFIG' && command[2] === 'hash-max-listpack-entries') {
      model.clear(); // a new seed, on flushed servers
      encodings.clear();
    }
    if (name === 'SET') model.delete(key);
    updateModel(model, command, fromRedis);
    if (name === 'OBJECT') encodings.set(String(command[2]), text(fromRedis));
    if (name === 'HRANDFIELD') {
      checkRandomFields(model, command, fromCairn, fromRedis, resp3);
      return 'checked';
    }
    if (ORDERED_READS.includes(name) && encodings.get(key) === 'hashtable') {
      const [cairnForm, redisForm] = [orderFree(command, fromCairn), orderFree(command, fromRedis)];
      if (JSON.stringify(cairnForm) !== JSON.stringify(redisForm)) throw new Error(`${command.join(' ')}: ${JSON.stringify(fromCairn)} vs Redis ${JSON.stringify(fromRedis)}`);
      return 'checked';
    }
    return 'compare';
  };
}

/** At the end: every key's type, encoding, size and every possible field, in a fixed order. */
function finalCommands(): Command[] {
  return [STRING_KEY, ...KEYS].flatMap((key): Command[] => [
    ['TYPE', key], ['OBJECT', 'ENCODING', key], ['HLEN', key], ['HMGET', key, ...FIELDS, LONG_FIELD],
  ]);
}

describeDifferential({
  title: 'hashes (RESP2)',
  seeds: [1, 2, 3],
  steps: 400,
  generate: generator(),
  check: checker(false),
  finalCommands,
});

describeDifferential({
  title: 'hashes (RESP3)',
  seeds: [4, 5],
  steps: 400,
  resp3: true,
  generate: generator(),
  check: checker(true),
  finalCommands,
});
