/**
 * Streams, differential with Redis 7: seeded random streams of stream commands over a handful of
 * keys (entries with explicit and `ms-*` ids, deletions, exact and `~` trims under small node
 * limits, groups, deliveries, history reads, acknowledgements, claims) mixed with generic
 * commands. Idle and delivery times depend on each server's clock, so replies are compared with
 * those fields masked (small idle values, absolute times).
 */
import { expect } from 'vitest';
import { type CheckResult, describeDifferential } from '../support/differential.js';
import type { RespValue } from '../support/resp-client.js';
import { maskStreamTimes } from '../support/stream-times.js';
import type { Command } from '../support/side-by-side.js';

const KEYS = ['s1', 's2', 's3'];
const GROUPS = ['g1', 'g2'];
const CONSUMERS = ['alice', 'bob', 'carol'];
/** Idle times below this (ms) are masked; integers from ABSOLUTE_TIME_MIN on are absolute times. */
const IDLE_MS_MAX = 10_000;
const ABSOLUTE_TIME_MIN = 1_000_000_000_000;

function maskInteger(value: RespValue, idle: boolean): RespValue {
  if (value.t !== 'int') return value;
  const number = Number(value.v);
  if (number >= ABSOLUTE_TIME_MIN) return { t: 'int', v: '<time>' };
  if (idle && number >= 0 && number < IDLE_MS_MAX) return { t: 'int', v: '<idle>' };
  return value;
}

/** Idle times and absolute times masked (test/support/stream-times.ts). */
function maskTimes(value: RespValue): RespValue {
  return maskStreamTimes(value, maskInteger);
}

/** A generator of random stream commands; `ms` keeps ids mostly increasing so XADD mostly succeeds. */
function streamCommandGenerator(): (random: () => number) => Command {
  let ms = 1;
  /** Keys last set to a string: they are mostly deleted again soon, so streams get written. */
  const stringKeys = new Set<string>();
  return (random) => {
    const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const key = pick(KEYS);
    if (stringKeys.has(key) && random() < 0.7) {
      stringKeys.delete(key);
      return ['DEL', key];
    }
    const group = pick(GROUPS);
    const consumer = pick(CONSUMERS);
    const someId = () => `${integer(1, ms)}-${integer(0, 2)}`;
    const roll = integer(0, 99);
    if (roll < 22) {
      ms += integer(0, 3);
      const id = pick([`${ms}-*`, `${ms}-${integer(0, 3)}`, `${ms}`, '0-1']);
      const trim = pick([[], [], [], ['MAXLEN', pick(['~', '=']), integer(0, 12)], ['MINID', pick(['~', '=']), someId()], ['MAXLEN', '~', integer(0, 12), 'LIMIT', integer(0, 6)]]);
      const noMake = random() < 0.1 ? ['NOMKSTREAM'] : [];
      return ['XADD', key, ...noMake, ...trim, id, ...pick([['f', String(integer(0, 300))], ['f', 'x', 'g', 'y'.repeat(integer(0, 20))], ['h', '']])];
    }
    if (roll < 26) return ['XDEL', key, someId(), someId()];
    if (roll < 29) return ['XTRIM', key, ...pick([['MAXLEN', pick(['~', '=']), integer(0, 15)], ['MINID', pick(['~', '=']), someId()]])];
    if (roll < 33) return ['XRANGE', key, pick(['-', someId(), `(${someId()}`]), pick(['+', someId(), `(${someId()}`]), ...(random() < 0.4 ? ['COUNT', integer(-1, 5)] : [])];
    if (roll < 35) return ['XREVRANGE', key, pick(['+', someId()]), pick(['-', someId()]), ...(random() < 0.4 ? ['COUNT', integer(0, 5)] : [])];
    if (roll < 37) return ['XLEN', key];
    if (roll < 40) return ['XREAD', ...(random() < 0.5 ? ['COUNT', integer(1, 4)] : []), 'STREAMS', key, pick(KEYS), pick(['0', someId(), '$']), pick(['0', someId()])];
    if (roll < 45) return ['XGROUP', 'CREATE', key, group, pick(['0', '$', someId()]), ...(random() < 0.6 ? ['MKSTREAM'] : []), ...(random() < 0.2 ? ['ENTRIESREAD', integer(-1, 5)] : [])];
    if (roll < 47) return ['XGROUP', 'SETID', key, group, pick(['0', '$', someId()]), ...(random() < 0.3 ? ['ENTRIESREAD', integer(0, 8)] : [])];
    if (roll < 48) return ['XGROUP', 'DESTROY', key, group];
    if (roll < 50) return ['XGROUP', pick(['CREATECONSUMER', 'DELCONSUMER']), key, group, consumer];
    if (roll < 62) {
      const options = [...(random() < 0.5 ? ['COUNT', integer(1, 4)] : []), ...(random() < 0.15 ? ['NOACK'] : [])];
      if (random() < 0.2) return ['XREADGROUP', 'GROUP', group, consumer, ...options, 'STREAMS', key, pick(KEYS), pick(['>', '0']), '>'];
      return ['XREADGROUP', 'GROUP', group, consumer, ...options, 'STREAMS', key, pick(['>', '>', '>', '0', someId()])];
    }
    if (roll < 70) return ['XACK', key, group, someId(), someId()];
    if (roll < 74) return ['XPENDING', key, group];
    if (roll < 78) return ['XPENDING', key, group, ...(random() < 0.3 ? ['IDLE', pick([0, 3_600_000])] : []), '-', '+', integer(0, 6), ...(random() < 0.4 ? [consumer] : [])];
    if (roll < 83) {
      const options = [
        ...(random() < 0.3 ? ['JUSTID'] : []),
        ...(random() < 0.3 ? ['FORCE'] : []),
        ...(random() < 0.2 ? ['RETRYCOUNT', integer(-1, 9)] : []),
        ...(random() < 0.2 ? pick([['IDLE', integer(0, 5000)], ['TIME', integer(0, 5000)]]) : []),
        ...(random() < 0.1 ? ['LASTID', someId()] : []),
      ];
      return ['XCLAIM', key, group, consumer, pick([0, 3_600_000]), someId(), someId(), ...options];
    }
    if (roll < 87) return ['XAUTOCLAIM', key, group, consumer, pick([0, 0, 3_600_000]), pick(['0', someId()]), 'COUNT', integer(1, 4), ...(random() < 0.3 ? ['JUSTID'] : [])];
    if (roll < 90) return ['XINFO', pick(['STREAM', 'GROUPS']), key];
    if (roll < 92) return ['XINFO', 'CONSUMERS', key, group];
    if (roll < 93) return ['XINFO', 'STREAM', key, 'FULL', 'COUNT', integer(0, 3)];
    if (roll < 95) return [pick(['TYPE', 'EXISTS']), key];
    if (roll < 96) return ['OBJECT', 'ENCODING', key];
    if (roll < 97) return ['DEL', key];
    if (roll < 99 || random() < 0.5) return ['XSETID', key, `${ms}-${integer(5, 9)}`];
    stringKeys.add(key);
    return ['SET', key, 'not a stream'];
  };
}

/** Compare two replies with time fields masked. */
function compareMasked(_command: Command, fromCairn: RespValue, fromRedis: RespValue): CheckResult {
  expect(maskTimes(fromCairn)).toEqual(maskTimes(fromRedis));
  return 'checked';
}

/**
 * Each seed's command stream: node limits small enough that streams span several nodes, then a
 * fresh generator's commands.
 */
function seededStream(): (random: () => number, step: number) => Command {
  let generate = streamCommandGenerator();
  return (random, step) => {
    if (step === 0) {
      generate = streamCommandGenerator();
      return ['CONFIG', 'SET', 'stream-node-max-entries', '4'];
    }
    if (step === 1) return ['CONFIG', 'SET', 'stream-node-max-bytes', '120'];
    return generate(random);
  };
}

/** What is left of every key (no time fields), then the default node limits back. */
function finalCommands(): Command[] {
  return [
    ...KEYS.flatMap((key): Command[] => [['XRANGE', key, '-', '+'], ['XINFO', 'GROUPS', key], ['XINFO', 'STREAM', key]]),
    ...KEYS.flatMap((key) => GROUPS.map((group): Command => ['XPENDING', key, group])),
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
    ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'],
  ];
}

describeDifferential({
  title: 'streams',
  seeds: [1, 2, 3, 4, 5, 6],
  steps: 800,
  generate: seededStream(),
  check: compareMasked,
  finalCommands,
});

describeDifferential({
  title: 'streams in RESP3',
  seeds: [4],
  steps: 300,
  resp3: true,
  generate: seededStream(),
  check: compareMasked,
  finalCommands,
});
