/**
 * HyperLogLog differential test: a seeded stream of PFADD (few and many elements), PFCOUNT of one
 * and several keys, PFMERGE, PFDEBUG and reads of the raw bytes (GET, STRLEN) over a handful of
 * keys, with non-HLL strings and other types mixed in, goes to cairn and to Redis 7; every reply
 * must be equal, so every value is byte-identical all along, sparse and dense.
 */
import { describeDifferential } from '../support/differential.js';
import type { Command } from '../support/side-by-side.js';

const KEYS = ['h:a', 'h:b', 'h:c', 'h:d'];
/** A key that sometimes holds a plain string or a set, for the error paths. */
const OTHER = 'h:other';

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` elements drawn from a space of `space` names, so adds overlap and repeat. */
function someElements(random: () => number, count: number, space: number): string[] {
  const out: string[] = [];
  for (let index = 0; index < count; index++) out.push(`e${Math.floor(random() * space)}`);
  return out;
}

function generate(random: () => number): Command {
  const key = pick(random, KEYS);
  const anyKey = random() < 0.1 ? OTHER : key;
  const roll = Math.floor(random() * 20);
  switch (roll) {
    case 0:
    case 1:
    case 2:
      return ['PFADD', anyKey, ...someElements(random, 1 + Math.floor(random() * 5), 100_000)];
    case 3:
    case 4:
      return ['PFADD', key, ...someElements(random, Math.floor(random() * 1200), random() < 0.5 ? 3000 : 100_000)];
    case 5:
      return ['PFADD', anyKey];
    case 6:
    case 7:
      return ['PFCOUNT', anyKey];
    case 8:
      return ['PFCOUNT', key, pick(random, KEYS), ...(random() < 0.5 ? [pick(random, [...KEYS, OTHER, 'h:missing'])] : [])];
    case 9:
    case 10:
      return ['PFMERGE', anyKey, pick(random, KEYS), ...(random() < 0.5 ? [pick(random, [...KEYS, 'h:missing'])] : [])];
    case 11:
    case 12:
      return ['GET', anyKey];
    case 13:
      return pick(random, [['TYPE', anyKey], ['EXISTS', key, OTHER], ['STRLEN', key], ['OBJECT', 'ENCODING', key]]);
    case 14:
      return ['PFDEBUG', pick(random, ['ENCODING', 'DECODE']), key];
    case 15:
      return random() < 0.5 ? ['SET', OTHER, pick(random, ['plain', 'HYLL', '12345678901234567'])] : ['SADD', OTHER, 'member'];
    case 16:
      return random() < 0.3 ? ['DEL', key] : ['PFCOUNT', key];
    case 17:
      return ['PFDEBUG', 'TODENSE', key];
    default:
      return ['PFADD', key, ...someElements(random, 20 + Math.floor(random() * 200), 20_000)];
  }
}

describeDifferential({
  title: 'hyperloglog',
  seeds: [1, 2, 3],
  steps: 300,
  generate,
  finalCommands: () => [...KEYS.flatMap((key): Command[] => [['GET', key], ['PFCOUNT', key]]), ['PFCOUNT', ...KEYS]],
});
