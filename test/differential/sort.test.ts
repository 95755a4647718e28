/**
 * Seeded differential test of SORT and SORT_RO against Redis 7: list, set, sorted-set, hash and
 * string writes mixed with random SORT commands (BY string and hash weights or nosort, ALPHA,
 * ASC/DESC, LIMIT with out-of-range values, GET, STORE) over a few keys; replies must be equal,
 * with these documented exceptions, which the generator shapes or the check handles:
 *
 * - Hash order. A hashtable set sorted with nosort and without STORE comes in Redis's hash
 *   order, which cairn does not reproduce: such SORTs take no LIMIT and no GET, and replies are
 *   compared sorted. ALPHA with BY orders elements with equal weights by load order, which for a
 *   hashtable set or a sorted set is hash order in Redis: those SORTs GET only the BY pattern, so
 *   the reply (or the stored list) is the sequence of weights, which must be equal. Lists and
 *   intsets load in an order cairn reproduces and are compared exactly, ties included.
 * - Weights never hold NUL bytes (without STORE, ALPHA stops comparing at a NUL, which would make
 *   different weights tie) and no value is out of the double range (Redis keeps errno set after
 *   one, see the side-by-side test).
 *
 * OBJECT ENCODING of the sorted sets is compared too: SORT turns a listpack sorted set into a
 * skiplist in Redis, and in cairn.
 */
import { expect } from 'vitest';
import type { RespValue } from '../support/resp-client.js';
import { type CheckResult, describeDifferential } from '../support/differential.js';
import type { Command } from '../support/side-by-side.js';

/** l1 holds numbers only (numeric sorts succeed), l2 anything. */
const LISTS = ['l1', 'l2'];
/** Only integers are added to the intset, only words to the hashtable set. */
const INTSET = 'si';
const HASHTABLE_SET = 'sh';
const ZSETS = ['z1', 'z2'];
const SORTABLE = [...LISTS, INTSET, HASHTABLE_SET, ...ZSETS];
const OTHER_KEYS = ['str', 'missing', 'h_a'];
const INTEGERS = ['0', '1', '2', '3', '7', '10', '-1', '-5', '42'];
const WORDS = ['a', 'b', 'c', 'B', 'ab', 'x', ''];
const NUMBERS = [...INTEGERS, '1.5', '-0', '1e2', ' 3', '0x10', '01'];
const LIST_ELEMENTS = [...NUMBERS, ...WORDS, 'a\0b', 'a\0c'];
const WEIGHTS = ['1', '2', '-3', '0.5', '10', 'a', 'b', 'A', '', ' 4', 'inf', '-inf', '1e2', 'x y'];
const BY_PATTERNS = ['w_*', 'h_*->f', 'w_*', 'nosort', 'h_*->g', 'x:*'];
const GET_PATTERNS = ['#', 'w_*', 'h_*->f', 'h_*->g'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(random: () => number, items: readonly T[], max: number): T[] =>
  Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(random, items));

/** Bulk strings of an array reply, sorted (null for other replies). */
function sortedItems(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null || !value.v.every((item) => item.t === 'bulk')) return value;
  const text = (item: RespValue) => (item.t === 'bulk' ? (item.v ?? '') : '');
  return { t: 'array', v: [...value.v].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0)) };
}

/** SORTs whose replies come in hash order: compared sorted. */
const hashOrdered = new WeakSet<Command>();

function member(random: () => number, key: string): string {
  if (key === INTSET) return pick(random, INTEGERS);
  if (key === HASHTABLE_SET) return pick(random, WORDS.filter((word) => word !== ''));
  if (ZSETS.includes(key)) return pick(random, [...INTEGERS, ...WORDS]);
  return pick(random, key === 'l1' ? NUMBERS : LIST_ELEMENTS);
}

/** A SORT or SORT_RO of `key`, shaped so that hash order cannot change the reply (see the file comment). */
function sortCommand(random: () => number, key: string): Command {
  const store = random() < 0.25;
  const command: Command = [store || random() < 0.5 ? 'SORT' : 'SORT_RO', key];
  const by = random() < 0.55 ? pick(random, BY_PATTERNS) : null;
  const alpha = random() < 0.5;
  if (by !== null) command.push('BY', by);
  if (alpha) command.push('ALPHA');
  if (random() < 0.3) command.push(pick(random, ['ASC', 'DESC']));
  const loadsInHashOrder = key === HASHTABLE_SET || ZSETS.includes(key);
  const hashOrderNosort = key === HASHTABLE_SET && by === 'nosort' && !store;
  if (random() < 0.5 && !hashOrderNosort) {
    command.push('LIMIT', String(Math.floor(random() * 10) - 2), String(Math.floor(random() * 10) - 2));
  }
  if (alpha && by !== null && by !== 'nosort' && loadsInHashOrder) {
    command.push('GET', by);
  } else if (random() < 0.35 && !hashOrderNosort) {
    for (const pattern of some(random, GET_PATTERNS, 3)) command.push('GET', pattern);
  }
  if (store) command.push('STORE', 'dst');
  if (hashOrderNosort) hashOrdered.add(command);
  return command;
}

function write(random: () => number, roll: number): Command {
  const list = pick(random, LISTS);
  const zset = pick(random, ZSETS);
  if (roll < 14) return [pick(random, ['RPUSH', 'LPUSH']), list, ...Array.from({ length: 1 + Math.floor(random() * 4) }, () => member(random, list))];
  if (roll < 17) return ['LREM', list, '0', member(random, list)];
  if (roll < 19) return [pick(random, ['LPOP', 'RPOP']), list, String(1 + Math.floor(random() * 3))];
  if (roll < 26) return ['SADD', INTSET, ...some(random, INTEGERS, 3)];
  if (roll < 33) return ['SADD', HASHTABLE_SET, ...Array.from({ length: 3 }, () => member(random, HASHTABLE_SET))];
  if (roll < 36) return ['SREM', pick(random, [INTSET, HASHTABLE_SET]), member(random, INTSET), member(random, HASHTABLE_SET)];
  if (roll < 43) return ['ZADD', zset, String(Math.floor(random() * 4)), member(random, zset), String(Math.floor(random() * 4)), member(random, zset)];
  if (roll < 45) return ['ZREM', zset, member(random, zset)];
  if (roll < 53) return ['SET', `w_${pick(random, LIST_ELEMENTS)}`, pick(random, WEIGHTS)];
  if (roll < 55) return ['DEL', `w_${pick(random, LIST_ELEMENTS)}`];
  if (roll < 61) return ['HSET', `h_${pick(random, LIST_ELEMENTS)}`, pick(random, ['f', 'g']), pick(random, WEIGHTS)];
  if (roll < 62) return ['HDEL', `h_${pick(random, LIST_ELEMENTS)}`, 'f'];
  return ['SET', `x:${pick(random, LIST_ELEMENTS)}`, pick(random, WEIGHTS)];
}

function generate(random: () => number, step: number): Command {
  if (step === 0) return ['SET', 'str', 'v'];
  const roll = Math.floor(random() * 100);
  if (roll < 64) return write(random, roll);
  if (roll < 90) return sortCommand(random, random() < 0.06 ? pick(random, OTHER_KEYS) : pick(random, SORTABLE));
  if (roll < 93) return ['LRANGE', 'dst', '0', '-1'];
  if (roll < 96) return ['OBJECT', 'ENCODING', pick(random, [...ZSETS, 'dst', INTSET])];
  return [pick(random, ['TYPE', 'EXISTS']), pick(random, [...SORTABLE, 'dst'])];
}

function check(command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
  if (!hashOrdered.has(command)) return 'compare';
  expect(sortedItems(fromCairn)).toEqual(sortedItems(fromRedis));
  return 'checked';
}

const finalCommands = (): Command[] => [
  ...[...LISTS, 'dst'].map((key): Command => ['LRANGE', key, '0', '-1']),
  ...ZSETS.flatMap((key): Command[] => [['ZRANGE', key, '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', key]]),
  ['SORT', INTSET], ['SORT', HASHTABLE_SET, 'ALPHA'], ['TYPE', 'dst'],
];

describeDifferential({ title: 'sort', seeds: [1, 2, 3, 5], steps: 500, generate, check, finalCommands });
describeDifferential({ title: 'sort over RESP3', seeds: [4], steps: 400, generate, check, finalCommands, resp3: true });
