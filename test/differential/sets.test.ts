/**
 * Seeded differential test of the set commands against Redis 7: a random stream of set commands
 * over a few keys (with set-max-intset-entries lowered to 8 so conversions happen often) goes to
 * cairn and to Redis, and replies must be equal, with these documented exceptions:
 *
 * - Order: an intset's members come in ascending order on both (compared exactly); a hashtable's
 *   come in hash order, which cairn does not reproduce. SMEMBERS and SSCAN are preceded by
 *   OBJECT ENCODING of their key (compared exactly): intset replies are compared as they are,
 *   others sorted. SINTER, SUNION, SDIFF and SPOP of a whole set are always compared sorted.
 * - Random picks. SPOP without count or with a count of 1 to 4 pops different members on each
 *   side: the test checks the shape (same count, distinct members) and then sends
 *   `SREM key <members popped on either side>`, after which both hold the same set again (each
 *   side removes what the other popped). Counts below 5 never make Redis rebuild the set (it
 *   does when the members kept are at most a fifth of those popped), so both keep the same
 *   encoding too. SPOP with a count of 1000 pops the whole set and is deterministic.
 *   SRANDMEMBER is checked by its count, distinctness for positive counts, the whole set when it
 *   asks for more than there is, and a follow-up SMISMEMBER of what cairn returned (all 1).
 *
 * At the end (after the SREM of a pop in the last step) every key's SCARD, OBJECT ENCODING and
 * membership of the whole member pool are compared.
 */
import { expect } from 'vitest';
import type { RespValue } from '../support/resp-client.js';
import { type CheckResult, describeDifferential } from '../support/differential.js';
import type { Command } from '../support/side-by-side.js';

const KEYS = ['s1', 's2', 's3', 's4'];
/** Keys that are no sets: a string for WRONGTYPE, and a key nothing creates. */
const OTHER_KEYS = ['str', 'missing'];
const INTEGER_MEMBERS = [
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '13', '21', '-1', '-34', '100000', '9223372036854775807', '-9223372036854775808',
];
const MEMBERS = [...INTEGER_MEMBERS, 'a', 'b', 'hello', '', '\x00\xff', '07'];
/** Keys that get integer members almost only, so they stay intsets and cross set-max-intset-entries. */
const INTEGER_KEYS = new Set(['s1', 's2']);
const PATTERNS = ['*', '1*', '?', '[a-h]*', '-*'];
/** SPOP counts that never make Redis rebuild the set (see the file comment). */
const RANDOM_POP_COUNT_MAX = 4;
/** A count no set here reaches: SPOP pops the whole set. */
const WHOLE_SET_COUNT = 1000;

/** A command to send next with its own check, queued by the check of an earlier command. */
interface FollowUp {
  command: Command;
  verify: (fromCairn: RespValue, fromRedis: RespValue) => void;
}

/** Bulk strings of an array or set reply (null for other replies). */
function bulkItems(value: RespValue): string[] | null {
  if (value.t !== 'array' && value.t !== 'set') return null;
  if (value.v === null) return null;
  return value.v.map((item) => (item.t === 'bulk' ? (item.v ?? '') : `<${item.t}>`));
}

/** The reply with its members sorted, for hash-ordered replies. */
function sortedReply(value: RespValue): RespValue {
  const items = bulkItems(value);
  if (items === null) return value;
  return { ...value, v: [...items].sort().map((item) => ({ t: 'bulk', v: item })) } as RespValue;
}

/** SSCAN's [cursor, members] with the members sorted. */
function sortedScan(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null || value.v.length !== 2) return value;
  return { t: 'array', v: [value.v[0] as RespValue, sortedReply(value.v[1] as RespValue)] };
}

function setsDifferential(title: string, seeds: readonly number[], resp3: boolean): void {
  let followUps: FollowUp[] = [];
  /** OBJECT ENCODING of each key as Redis last answered it. */
  const encodings = new Map<string, string>();
  const queued = new WeakMap<Command, FollowUp>();

  const then = (followUp: FollowUp) => followUps.push(followUp);

  /** After OBJECT ENCODING: the read whose order depends on it. */
  const orderedRead = (command: Command, sort: (value: RespValue) => RespValue) =>
    then({
      command,
      verify: (fromCairn, fromRedis) => {
        const key = command[1] as string;
        if (encodings.get(key) === 'intset') expect(fromCairn).toEqual(fromRedis);
        else expect(sort(fromCairn)).toEqual(sort(fromRedis));
      },
    });

  /** After a random pop on each side: remove every member either side popped; each side then removes as many as it did not pop. */
  const reconcilePops = (key: string, popped: string[], poppedEach: number) => {
    if (popped.length === 0) return;
    then({
      command: ['SREM', key, ...popped],
      verify: (fromCairn, fromRedis) => {
        expect(fromCairn).toEqual({ t: 'int', v: String(popped.length - poppedEach) });
        expect(fromRedis).toEqual(fromCairn);
      },
    });
  };

  /** After SRANDMEMBER: every member cairn returned is in the set (on both servers). */
  const confirmMembers = (key: string, members: string[]) => {
    if (members.length === 0) return;
    then({
      command: ['SMISMEMBER', key, ...members],
      verify: (fromCairn, fromRedis) => {
        expect(fromCairn).toEqual({ t: 'array', v: members.map(() => ({ t: 'int', v: '1' })) });
        expect(fromRedis).toEqual(fromCairn);
      },
    });
  };

  const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  /** Members for `key`: integers for INTEGER_KEYS but one time in twenty, any member otherwise. */
  const memberFor = (random: () => number, key: string) =>
    INTEGER_KEYS.has(key) && random() < 0.95 ? pick(random, INTEGER_MEMBERS) : pick(random, MEMBERS);
  const someMembers = (random: () => number, key: string, max: number) =>
    Array.from({ length: 1 + Math.floor(random() * max) }, () => memberFor(random, key));
  const someKeys = (random: () => number, max: number) =>
    Array.from({ length: 1 + Math.floor(random() * max) }, () => (random() < 0.1 ? pick(random, OTHER_KEYS) : pick(random, KEYS)));

  function generate(random: () => number, step: number): Command {
    if (step === 0) followUps = [];
    if (step === 0) return ['CONFIG', 'SET', 'set-max-intset-entries', '8'];
    if (step === 1) return ['SET', 'str', 'v'];
    const followUp = followUps.shift();
    if (followUp !== undefined) {
      queued.set(followUp.command, followUp);
      return followUp.command;
    }
    const key = random() < 0.05 ? pick(random, OTHER_KEYS) : pick(random, KEYS);
    const roll = Math.floor(random() * 100);
    if (roll < 25) return ['SADD', key, ...someMembers(random, key, 4)];
    if (roll < 33) return ['SREM', key, ...someMembers(random, key, 3)];
    if (roll < 36) return ['SISMEMBER', key, memberFor(random, key)];
    if (roll < 39) return ['SMISMEMBER', key, ...someMembers(random, key, 4)];
    if (roll < 42) return ['SCARD', key];
    if (roll < 50) {
      orderedRead(['SMEMBERS', key], sortedReply);
      return ['OBJECT', 'ENCODING', key];
    }
    if (roll < 54) {
      const match: Command = random() < 0.5 ? [] : ['MATCH', pick(random, PATTERNS)];
      orderedRead(['SSCAN', key, '0', 'COUNT', '1000', ...match], sortedScan);
      return ['OBJECT', 'ENCODING', key];
    }
    if (roll < 62) return [pick(random, ['SINTER', 'SUNION', 'SDIFF']), ...someKeys(random, 3)];
    if (roll < 66) {
      const keys = someKeys(random, 3);
      const limit: Command = random() < 0.5 ? [] : ['LIMIT', String(Math.floor(random() * 4))];
      return ['SINTERCARD', String(keys.length), ...keys, ...limit];
    }
    if (roll < 74) return [pick(random, ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), key, ...someKeys(random, 3)];
    if (roll < 80) return ['SMOVE', key, pick(random, KEYS), memberFor(random, key)];
    if (roll < 83) return ['SPOP', key];
    if (roll < 87) return ['SPOP', key, String(1 + Math.floor(random() * RANDOM_POP_COUNT_MAX))];
    if (roll < 89) return ['SPOP', key, String(WHOLE_SET_COUNT)];
    if (roll < 91) return ['SRANDMEMBER', key];
    if (roll < 95) return ['SRANDMEMBER', key, String(Math.floor(random() * 13) - 6)];
    return [pick(random, ['TYPE', 'EXISTS']), key];
  }

  function check(command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
    const followUp = queued.get(command);
    if (followUp !== undefined) {
      followUp.verify(fromCairn, fromRedis);
      return 'checked';
    }
    const name = String(command[0]);
    const key = String(command[1]);
    if (name === 'OBJECT' && fromRedis.t === 'bulk' && fromRedis.v !== null) encodings.set(String(command[2]), fromRedis.v);
    if (name === 'SINTER' || name === 'SUNION' || name === 'SDIFF') {
      expect(sortedReply(fromCairn)).toEqual(sortedReply(fromRedis));
      return 'checked';
    }
    if (name === 'SPOP') return checkPop(command, key, fromCairn, fromRedis);
    if (name === 'SRANDMEMBER') return checkRandomMembers(command, key, fromCairn, fromRedis);
    return 'compare';
  }

  function checkPop(command: Command, key: string, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
    if (fromRedis.t === 'error' || fromRedis.t === 'null' || (fromRedis.t === 'bulk' && fromRedis.v === null)) return 'compare';
    if (command.length === 2) {
      expect(fromCairn.t).toBe('bulk');
      reconcilePops(key, [...new Set([(fromCairn as { v: string }).v, (fromRedis as { v: string }).v])], 1);
      return 'checked';
    }
    const cairnMembers = bulkItems(fromCairn) ?? [];
    const redisMembers = bulkItems(fromRedis) ?? [];
    expect(fromCairn.t).toBe(fromRedis.t);
    expect(cairnMembers).toHaveLength(redisMembers.length);
    expect(new Set(cairnMembers).size).toBe(cairnMembers.length);
    if (Number(command[2]) === WHOLE_SET_COUNT) {
      expect([...cairnMembers].sort()).toEqual([...redisMembers].sort());
    } else {
      reconcilePops(key, [...new Set([...cairnMembers, ...redisMembers])], cairnMembers.length);
    }
    return 'checked';
  }

  function checkRandomMembers(command: Command, key: string, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
    if (fromRedis.t === 'error' || fromRedis.t === 'null' || (fromRedis.t === 'bulk' && fromRedis.v === null)) return 'compare';
    if (command.length === 2) {
      expect(fromCairn.t).toBe('bulk');
      confirmMembers(key, [(fromCairn as { v: string }).v]);
      return 'checked';
    }
    const count = Number(command[2]);
    const cairnMembers = bulkItems(fromCairn) ?? [];
    const redisMembers = bulkItems(fromRedis) ?? [];
    expect(fromCairn.t).toBe('array');
    expect(cairnMembers).toHaveLength(redisMembers.length);
    if (count > 0) {
      expect(new Set(cairnMembers).size).toBe(cairnMembers.length);
      if (cairnMembers.length < count) expect([...cairnMembers].sort()).toEqual([...redisMembers].sort());
    }
    confirmMembers(key, [...new Set(cairnMembers)]);
    return 'checked';
  }

  describeDifferential({
    title,
    seeds,
    steps: 600,
    resp3,
    generate,
    check,
    finalCommands: () => [
      // A pop in the last step still needs its reconciling SREM (whose replies are equal on both).
      ...followUps.filter((followUp) => followUp.command[0] === 'SREM').map((followUp) => followUp.command),
      ...KEYS.flatMap((key): Command[] => [['SCARD', key], ['OBJECT', 'ENCODING', key], ['SMISMEMBER', key, ...MEMBERS]]),
    ],
  });
}

setsDifferential('sets', [1, 2, 3, 5], false);
setsDifferential('sets over RESP3', [4], true);
