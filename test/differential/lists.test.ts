/**
 * Seeded differential test of lists: random list commands (every command of the family; the
 * blocking ones inside MULTI/EXEC, where they never wait, so no step depends on timing) and
 * generic key commands over a handful of keys, one of which may hold a string, go to cairn and to
 * Redis 7; every reply must be equal, MEMORY USAGE included. A failure names the seed and step.
 */
import { describeDifferential } from '../support/differential.js';
import type { Command } from '../support/side-by-side.js';

const KEYS = ['l:a', 'l:b', 'l:c', 'l:d', 'str'];
const ELEMENTS = ['a', 'b', 'c', 'pivot', '1', '01', '-7', '128', '40000', '', 'long-'.repeat(40), '\x00\xff'];

/** Commands still to send of a MULTI ... EXEC group started by an earlier step. */
const pending: Command[] = [];

/** The generator of a run of `steps` commands: a MULTI group is only started when it can end within the run. */
function generator(steps: number): (random: () => number, step: number) => Command {
  return (random, step) => {
    if (step === 0) pending.length = 0;
    const next = pending.shift();
    if (next !== undefined) return next;
    let command = generateOne(random);
    for (let tries = 0; BLOCKING.has(command[0] as string) && step + 2 >= steps && tries < 100; tries++) command = generateOne(random);
    if (!BLOCKING.has(command[0] as string)) return command;
    pending.push(command, ['EXEC']);
    return ['MULTI'];
  };
}

const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP']);

function generateOne(random: () => number): Command {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const key = () => (random() < 0.03 ? 'str' : pick(KEYS.slice(0, 4)));
  const element = () => pick(ELEMENTS);
  const elements = () => Array.from({ length: integer(1, 6) }, element);
  const end = () => pick(['LEFT', 'RIGHT', 'left', 'right']);
  const index = () => integer(-8, 8);
  const keys = () => Array.from({ length: integer(1, 3) }, key);
  const generators: (() => Command)[] = [
    () => ['LPUSH', key(), ...elements()],
    () => ['RPUSH', key(), ...elements()],
    () => ['RPUSH', key(), ...elements()],
    () => [pick(['LPUSHX', 'RPUSHX']), key(), ...elements()],
    () => [pick(['LPOP', 'RPOP']), key()],
    () => [pick(['LPOP', 'RPOP']), key(), integer(-1, 5)],
    () => ['LLEN', key()],
    () => ['LRANGE', key(), index(), index()],
    () => ['LRANGE', key(), 0, -1],
    () => ['LINDEX', key(), index()],
    () => ['LSET', key(), index(), element()],
    () => ['LINSERT', key(), pick(['BEFORE', 'AFTER']), element(), element()],
    () => ['LREM', key(), integer(-3, 3), element()],
    () => ['LTRIM', key(), index(), index()],
    () => ['LPOS', key(), element(), ...pick<Command>([[], ['RANK', pick([-2, -1, 1, 2, 3])], ['COUNT', integer(0, 3)], ['MAXLEN', integer(0, 5)], ['RANK', -1, 'COUNT', 0, 'MAXLEN', integer(0, 9)]])],
    () => ['LMOVE', key(), key(), end(), end()],
    () => ['RPOPLPUSH', key(), key()],
    () => {
      const chosen = keys();
      return ['LMPOP', chosen.length, ...chosen, end(), ...(random() < 0.5 ? ['COUNT', integer(1, 4)] : [])];
    },
    () => [pick(['BLPOP', 'BRPOP']), ...keys(), pick([0, 0.5])],
    () => ['BLMOVE', key(), key(), end(), end(), pick([0, 0.5])],
    () => ['BRPOPLPUSH', key(), key(), pick([0, 0.5])],
    () => {
      const chosen = keys();
      return ['BLMPOP', pick([0, 0.5]), chosen.length, ...chosen, end(), 'COUNT', integer(1, 3)];
    },
    () => [pick(['TYPE', 'EXISTS']), key()],
    () => ['OBJECT', 'ENCODING', key()],
    () => ['MEMORY', 'USAGE', key()],
    () => ['COPY', key(), key(), 'REPLACE'],
    () => (random() < 0.5 ? ['SET', 'str', element()] : ['DEL', key()]),
  ];
  return pick(generators)();
}

describeDifferential({
  title: 'lists',
  seeds: [1, 2, 3],
  steps: 400,
  generate: generator(400),
  finalCommands: () => KEYS.flatMap((key): Command[] => [['TYPE', key], ['LRANGE', key, 0, -1], ['MEMORY', 'USAGE', key, 'SAMPLES', 0]]),
});

describeDifferential({
  title: 'lists in RESP3',
  seeds: [4],
  steps: 300,
  resp3: true,
  generate: generator(300),
});
