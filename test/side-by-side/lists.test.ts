/**
 * Lists side by side with Redis 7: every command with its options, error texts and order of
 * checks, RESP2 and RESP3 reply shapes, the blocking commands where they answer without
 * blocking (immediate pops, short timeouts, inside MULTI), the generic key commands on lists,
 * and MEMORY USAGE, which cairn models node by node: seeded runs of pushes, pops, LINSERT
 * splits and merges, LREM, LSET and LTRIM under several list-max-listpack-size settings must
 * report Redis's figure after every command. Then the command specs against COMMAND INFO/DOCS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommands } from '../../server/src/commands/lists.js';
import { seededRandom } from '../support/executor.js';
import { expectSpecsAgreeWithRedis } from '../support/command-specs.js';
import { plain, RespClient } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { type Command, describeSideBySide, useBothServers } from '../support/side-by-side.js';

/** Elements of every listpack encoding: integers of each width, strings with 1, 2 and 5 byte headers, binary bytes. */
const ELEMENTS = [
  '0', '127', '128', '-4096', '4095', '4096', '-32768', '32767', '32768', '8388607', '8388608', '2147483647', '2147483648',
  '-2147483649', '9223372036854775807', '9223372036854775808', '01', '-0', '+1', '', 'a', 'x'.repeat(63), 'x'.repeat(64),
  'y'.repeat(4095), 'y'.repeat(4096), '\x00\xff\r\n', 'z'.repeat(20_000),
];

/** A seeded run of list writes on one key, each followed by MEMORY USAGE of every node, under `fill`. */
function layoutRun(seed: number, fill: number, steps: number): Command[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const element = (): string =>
    pick([String(Math.floor(random() * 70_000) - 35_000), 'x'.repeat(Math.floor(random() * 200)), 'pivot', 'ab', 'z'.repeat(Math.floor(random() * 3000))]);
  const commands: Command[] = [['CONFIG', 'SET', 'list-max-listpack-size', fill]];
  for (let step = 0; step < steps; step++) {
    const end = () => pick(['LEFT', 'RIGHT']);
    const command = pick<() => Command>([
      () => ['LPUSH', 'l', element(), element(), element()],
      () => ['RPUSH', 'l', element(), element(), element(), element()],
      () => ['LINSERT', 'l', pick(['BEFORE', 'AFTER']), pick(['pivot', 'ab']), element()],
      () => ['LREM', 'l', Math.floor(random() * 5) - 2, pick(['pivot', 'ab'])],
      () => ['LSET', 'l', Math.floor(random() * 40) - 20, element()],
      () => ['LTRIM', 'l', Math.floor(random() * 3), -1 - Math.floor(random() * 3)],
      () => [pick(['LPOP', 'RPOP']), 'l', Math.floor(random() * 4)],
      () => ['LMOVE', 'l', 'l', end(), end()],
    ])();
    commands.push(command, ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0]);
  }
  commands.push(['LLEN', 'l'], ['LRANGE', 'l', 0, -1], ['MEMORY', 'USAGE', 'l'], ['CONFIG', 'SET', 'list-max-listpack-size', -2]);
  return commands;
}

describeSideBySide('lists', [
  {
    name: 'LPUSH, RPUSH, LPUSHX, RPUSHX, LLEN and LRANGE, with WRONGTYPE and arity errors',
    commands: [
      ['LPUSH', 'l', 'a', 'b', 'c'], ['RPUSH', 'l', 'x', 'y'], ['LRANGE', 'l', 0, -1], ['LLEN', 'l'],
      ['LPUSHX', 'missing', 'a'], ['RPUSHX', 'missing', 'a', 'b'], ['EXISTS', 'missing'], ['LPUSHX', 'l', '1', '2'], ['RPUSHX', 'l', '3'],
      ['LRANGE', 'l', 0, -1], ['LPUSH', 'l'], ['RPUSHX', 'l'], ['LLEN'], ['SET', 's', 'v'],
      ['LPUSH', 's', 'a'], ['RPUSH', 's', 'a'], ['LPUSHX', 's', 'a'], ['RPUSHX', 's', 'a'], ['LLEN', 's'], ['LLEN', 'missing'],
    ],
  },
  {
    name: 'LRANGE clamps start and stop, parses them before the key, and answers an empty array for a missing key',
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'], ['LRANGE', 'l', 1, 3], ['LRANGE', 'l', -3, -1], ['LRANGE', 'l', -100, 100],
      ['LRANGE', 'l', 3, 1], ['LRANGE', 'l', 5, 10], ['LRANGE', 'l', -1, -5], ['LRANGE', 'l', 0, 0], ['LRANGE', 'l', -6, -6],
      ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'], ['LRANGE', 'l', '9223372036854775808', 1],
      ['LRANGE', 'l', 'a', 1], ['LRANGE', 'l', 0, '1.5'], ['LRANGE', 'missing', 0, -1], ['LRANGE', 'missing', 'x', 1],
      ['SET', 's', 'v'], ['LRANGE', 's', 'x', 1], ['LRANGE', 's', 0, 1],
    ],
  },
  {
    name: 'LINDEX from both ends, out of range, and its order of checks',
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'c'], ['LINDEX', 'l', 0], ['LINDEX', 'l', 2], ['LINDEX', 'l', 3], ['LINDEX', 'l', -1], ['LINDEX', 'l', -3],
      ['LINDEX', 'l', -4], ['LINDEX', 'l', 'x'], ['LINDEX', 'missing', 'x'], ['LINDEX', 'missing', 0], ['SET', 's', 'v'],
      ['LINDEX', 's', 'x'], ['LINDEX', 'l', '9223372036854775807'], ['LINDEX', 'l', '-9223372036854775808'],
    ],
  },
  {
    name: 'LPOP and RPOP with and without a count',
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'], ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', 2], ['RPOP', 'l', 1], ['LPOP', 'l', 0],
      ['RPOP', 'l', 10], ['EXISTS', 'l'], ['LPOP', 'l'], ['LPOP', 'l', 1], ['RPOP', 'l', 0], ['LPOP', 'l', -1], ['RPOP', 'l', 'x'],
      ['LPOP', 'l', '9223372036854775807'], ['LPOP', 'l', 1, 2], ['RPOP', 'l', 1, 2], ['SET', 's', 'v'], ['LPOP', 's'], ['RPOP', 's', 1],
      ['LPOP', 's', -1],
    ],
  },
  {
    name: 'LPOP and RPOP reply shapes in RESP3',
    resp3: true,
    commands: [['RPUSH', 'l', 'a', 'b', 'c'], ['LPOP', 'l'], ['RPOP', 'l', 1], ['LPOP', 'l', 0], ['LPOP', 'missing'], ['LPOP', 'missing', 1], ['RPOP', 'missing', 0], ['LPOP', 'l', 5]],
  },
  {
    name: 'LSET replaces by index, with its errors in Redis order',
    commands: [
      ['LSET', 'missing', 0, 'x'], ['LSET', 'missing', 'bad', 'x'], ['RPUSH', 'l', 'a', 'b', 'c'], ['LSET', 'l', 0, 'A'], ['LSET', 'l', -1, 'C'],
      ['LSET', 'l', 3, 'x'], ['LSET', 'l', -4, 'x'], ['LSET', 'l', 'x', 'y'], ['LRANGE', 'l', 0, -1], ['SET', 's', 'v'], ['LSET', 's', 'bad', 'x'],
      ['LSET', 'l', 1, 'z'.repeat(10_000)], ['LINDEX', 'l', 1], ['MEMORY', 'USAGE', 'l'],
    ],
  },
  {
    name: 'LINSERT before and after the first pivot, a missing pivot, a missing key and bad words',
    commands: [
      ['LINSERT', 'l', 'BEFORE', 'a', 'x'], ['RPUSH', 'l', 'a', 'b', 'a'], ['LINSERT', 'l', 'before', 'a', 'x'], ['LINSERT', 'l', 'AFTER', 'a', 'y'],
      ['LINSERT', 'l', 'after', 'zz', 'y'], ['LRANGE', 'l', 0, -1], ['LINSERT', 'l', 'middle', 'a', 'y'], ['LINSERT', 'missing', 'middle', 'a', 'y'],
      ['SET', 's', 'v'], ['LINSERT', 's', 'middle', 'a', 'y'], ['LINSERT', 's', 'BEFORE', 'a', 'y'], ['LINSERT', 'l', 'BEFORE', 'a'],
      ['RPUSH', 'n', '10'], ['LINSERT', 'n', 'AFTER', '010', 'x'], ['LINSERT', 'n', 'AFTER', '10', 'x'], ['LRANGE', 'n', 0, -1],
    ],
  },
  {
    name: 'LREM from the head, from the tail and all, integers compared as Redis compares them',
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', '1', '01', '1'], ['LREM', 'l', 1, 'a'], ['LRANGE', 'l', 0, -1], ['LREM', 'l', -1, 'a'],
      ['LRANGE', 'l', 0, -1], ['LREM', 'l', 0, '1'], ['LRANGE', 'l', 0, -1], ['LREM', 'l', 0, 'zz'], ['LREM', 'l', 'x', 'a'],
      ['LREM', 'l', '-9223372036854775808', 'a'], ['LREM', 'l', 0, 'b'], ['LREM', 'l', 0, 'c'], ['LREM', 'l', 0, '01'], ['EXISTS', 'l'],
      ['LREM', 'missing', 1, 'a'], ['LREM', 'missing', 'x', 'a'], ['SET', 's', 'v'], ['LREM', 's', 'x', 'a'], ['LREM', 's', 1, 'a'],
    ],
  },
  {
    name: 'LTRIM keeps ranges and empties the list on an empty range',
    commands: [
      ['LTRIM', 'missing', 0, 1], ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'], ['LTRIM', 'l', 1, -2], ['LRANGE', 'l', 0, -1], ['LTRIM', 'l', -100, 100],
      ['LRANGE', 'l', 0, -1], ['LTRIM', 'l', -2, -1], ['LRANGE', 'l', 0, -1], ['LTRIM', 'l', 5, 10], ['EXISTS', 'l'], ['LTRIM', 'l', 'x', 1],
      ['RPUSH', 'm', 'a', 'b'], ['LTRIM', 'm', 1, 0], ['EXISTS', 'm'], ['SET', 's', 'v'], ['LTRIM', 's', 'x', 0], ['LTRIM', 's', 0, 0],
    ],
  },
  {
    name: 'LTRIM that removes nothing still invalidates a WATCH, as Redis signals the key',
    commands: [['RPUSH', 'l', 'a', 'b'], ['WATCH', 'l'], ['LTRIM', 'l', 0, -1], ['MULTI'], ['LLEN', 'l'], ['EXEC'], ['WATCH', 'l'], ['LREM', 'l', 0, 'zz'], ['MULTI'], ['LLEN', 'l'], ['EXEC']],
  },
  {
    name: 'LPOS with RANK, COUNT and MAXLEN, and all its error texts',
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'], ['LPOS', 'l', 'a'], ['LPOS', 'l', 'c'], ['LPOS', 'l', 'z'], ['LPOS', 'l', 'a', 'RANK', 2],
      ['LPOS', 'l', 'a', 'RANK', -1], ['LPOS', 'l', 'a', 'RANK', -2], ['LPOS', 'l', 'a', 'RANK', 4], ['LPOS', 'l', 'a', 'COUNT', 2],
      ['LPOS', 'l', 'a', 'COUNT', 0], ['LPOS', 'l', 'a', 'RANK', -1, 'COUNT', 0], ['LPOS', 'l', 'a', 'RANK', 2, 'COUNT', 2, 'MAXLEN', 5],
      ['LPOS', 'l', 'a', 'MAXLEN', 1], ['LPOS', 'l', 'a', 'MAXLEN', 2, 'COUNT', 0], ['LPOS', 'l', 'a', 'RANK', -2, 'COUNT', 0, 'MAXLEN', 3],
      ['LPOS', 'l', 'a', 'COUNT', 1, 'COUNT', 0], ['LPOS', 'l', 'a', 'RANK', 1, 'RANK', 3], ['LPOS', 'l', 'z', 'COUNT', 1],
      ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'], ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', 1],
      ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'], ['LPOS', 'l', 'a', 'RANK', 0], ['LPOS', 'l', 'a', 'RANK', 'x'],
      ['LPOS', 'l', 'a', 'COUNT', -1], ['LPOS', 'l', 'a', 'COUNT', 'x'], ['LPOS', 'l', 'a', 'MAXLEN', -1], ['LPOS', 'l', 'a', 'MAXLEN', 'x'],
      ['LPOS', 'l', 'a', 'COUNT'], ['LPOS', 'l', 'a', 'FOO', 1], ['LPOS', 'missing', 'a'], ['LPOS', 'missing', 'a', 'COUNT', 0],
      ['LPOS', 'missing', 'a', 'RANK', 0], ['SET', 's', 'v'], ['LPOS', 's', 'a'], ['LPOS', 's', 'a', 'RANK', 0], ['LPOS', 'l'],
    ],
  },
  {
    name: 'LPOS reply shapes in RESP3',
    resp3: true,
    commands: [['RPUSH', 'l', 'a', 'b', 'a'], ['LPOS', 'l', 'a'], ['LPOS', 'l', 'z'], ['LPOS', 'l', 'a', 'COUNT', 0], ['LPOS', 'missing', 'a'], ['LPOS', 'missing', 'a', 'COUNT', 1]],
  },
  {
    name: 'LMOVE and RPOPLPUSH between lists and within one, with their order of checks',
    commands: [
      ['RPUSH', 'src', 'a', 'b', 'c', 'd'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['LMOVE', 'src', 'dst', 'right', 'left'], ['LRANGE', 'dst', 0, -1],
      ['LMOVE', 'src', 'src', 'LEFT', 'RIGHT'], ['LRANGE', 'src', 0, -1], ['RPOPLPUSH', 'src', 'dst'], ['RPOPLPUSH', 'src', 'dst'],
      ['EXISTS', 'src'], ['LMOVE', 'src', 'dst', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'src', 'dst'], ['RPUSH', 'one', 'x'], ['RPOPLPUSH', 'one', 'one'],
      ['LRANGE', 'one', 0, -1], ['SET', 's', 'v'], ['LMOVE', 's', 'dst', 'UP', 'LEFT'], ['LMOVE', 's', 'dst', 'LEFT', 'DOWN'],
      ['LMOVE', 's', 'dst', 'LEFT', 'LEFT'], ['LMOVE', 'missing', 's', 'LEFT', 'LEFT'], ['LMOVE', 'dst', 's', 'LEFT', 'LEFT'],
      ['RPOPLPUSH', 'dst', 's'], ['RPOPLPUSH', 's', 'dst'], ['LRANGE', 'dst', 0, -1], ['LMOVE', 'dst', 'x', 'LEFT'],
    ],
  },
  {
    name: 'LMPOP over several keys with COUNT, its errors, and RESP2 shapes',
    commands: [
      ['RPUSH', 'b', '1', '2', '3', '4'], ['LMPOP', 2, 'a', 'b', 'LEFT'], ['LMPOP', 2, 'a', 'b', 'RIGHT', 'COUNT', 2], ['LMPOP', 1, 'b', 'left', 'count', 10],
      ['LMPOP', 2, 'a', 'b', 'LEFT'], ['RPUSH', 'l', 'x'], ['LMPOP', 0, 'l', 'LEFT'], ['LMPOP', -1, 'l', 'LEFT'], ['LMPOP', 'x', 'l', 'LEFT'],
      ['LMPOP', 2, 'l', 'LEFT'], ['LMPOP', '9223372036854775807', 'l', 'LEFT'], ['LMPOP', 1, 'l', 'MIDDLE'], ['LMPOP', 1, 'l', 'LEFT', 'COUNT', 0],
      ['LMPOP', 1, 'l', 'LEFT', 'COUNT', -1], ['LMPOP', 1, 'l', 'LEFT', 'COUNT', 'x'], ['LMPOP', 1, 'l', 'LEFT', 'COUNT', 1, 'COUNT', 1],
      ['LMPOP', 1, 'l', 'LEFT', 'COUNT'], ['LMPOP', 1, 'l', 'LEFT', 'FOO'], ['LMPOP', 1, 'l'], ['SET', 's', 'v'], ['LMPOP', 2, 's', 'l', 'LEFT'],
      ['LMPOP', 2, 'l', 's', 'LEFT'], ['LMPOP', 2, 'l', 's', 'LEFT'],
    ],
  },
  {
    name: 'LMPOP and the blocking pops reply shapes in RESP3',
    resp3: true,
    commands: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LMPOP', 1, 'l', 'LEFT'], ['LMPOP', 1, 'missing', 'LEFT'], ['BLPOP', 'l', 0], ['BRPOP', 'missing', 'l', 0],
      ['BLMPOP', 0, 1, 'l', 'RIGHT', 'COUNT', 5], ['BLPOP', 'l', 0.01], ['BLMPOP', 0.01, 1, 'l', 'LEFT'], ['BLMOVE', 'l', 'd', 'LEFT', 'LEFT', 0.01],
      ['BRPOPLPUSH', 'l', 'd', 0.01],
    ],
  },
  {
    name: 'blocking commands pop at once when they can and time out with the null array',
    commands: [
      ['RPUSH', 'b', '1', '2', '3', '4', '5', '6'], ['RPUSH', 'c', 'x'], ['BLPOP', 'a', 'b', 'c', 0], ['BRPOP', 'a', 'c', 'b', 0], ['BRPOP', 'a', 0.01],
      ['BLMOVE', 'b', 'd', 'LEFT', 'RIGHT', 0], ['BRPOPLPUSH', 'b', 'd', 0], ['LRANGE', 'd', 0, -1], ['BLMPOP', 0, 2, 'a', 'b', 'LEFT', 'COUNT', 5],
      ['BLMPOP', 0.01, 2, 'a', 'b', 'LEFT'], ['BLMOVE', 'a', 'd', 'LEFT', 'RIGHT', 0.01], ['BRPOPLPUSH', 'a', 'd', '0.01'],
    ],
  },
  {
    name: 'blocking commands check their arguments in Redis order and answer WRONGTYPE without blocking',
    commands: [
      ['SET', 's', 'v'], ['RPUSH', 'l', 'a'], ['BLPOP', 's', 'x'], ['BLPOP', 's', -1], ['BLPOP', 's', 'inf'], ['BLPOP', 's', '-inf'], ['BLPOP', 's', 'nan'],
      ['BLPOP', 's', '1e300'], ['BLPOP', 's', 0], ['BLPOP', 'missing', 's', 'l', 0], ['BLPOP', 'l', 's', 0], ['BRPOP', 's', 0],
      ['BLMOVE', 's', 'd', 'UP', 'LEFT', 'x'], ['BLMOVE', 's', 'd', 'LEFT', 'UP', 'x'], ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', 'x'],
      ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', 0], ['RPUSH', 'm', 'x'], ['BLMOVE', 'm', 's', 'LEFT', 'LEFT', 0], ['BRPOPLPUSH', 's', 'd', 'x'],
      ['BRPOPLPUSH', 's', 'd', -1], ['BRPOPLPUSH', 'm', 's', 0], ['BLMPOP', 'x', 0, 's', 'LEFT'], ['BLMPOP', 'x', 1, 's', 'UP'],
      ['BLMPOP', 'x', 1, 's', 'LEFT'], ['BLMPOP', -1, 1, 's', 'LEFT'], ['BLMPOP', 0, 1, 's', 'LEFT'], ['BLMPOP', 0, 2, 's', 'LEFT'],
      ['BLMPOP', 0, 1, 's', 'LEFT', 'COUNT', 0], ['BLMPOP', 0, 1], ['BLPOP', 'l'], ['BLMOVE', 'l', 'd', 'LEFT', 'LEFT'],
    ],
  },
  {
    name: 'blocking commands inside MULTI answer at once as a timeout',
    commands: [
      ['MULTI'], ['BLPOP', 'k', 0], ['BRPOP', 'k', 10], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0], ['BRPOPLPUSH', 'k', 'd', 0], ['BLMPOP', 0, 1, 'k', 'LEFT'],
      ['RPUSH', 'k', 'a', 'b', 'c'], ['BLPOP', 'k', 0], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0], ['BLMPOP', 0, 1, 'k', 'LEFT'], ['EXEC'],
    ],
  },
  {
    name: 'blocking commands inside MULTI answer at once as a timeout, RESP3',
    resp3: true,
    commands: [['MULTI'], ['BLPOP', 'k', 0], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0], ['BLMPOP', 0, 1, 'k', 'LEFT'], ['EXEC']],
  },
  {
    name: 'elements of every encoding and length round-trip, and MEMORY USAGE counts them as Redis does',
    commands: [
      ['RPUSH', 'l', ...ELEMENTS], ['LRANGE', 'l', 0, -1], ['MEMORY', 'USAGE', 'l'], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0],
      ...ELEMENTS.map((element): Command => ['LPUSH', 'one', element]),
      ['MEMORY', 'USAGE', 'one', 'SAMPLES', 0], ['LRANGE', 'one', 0, -1],
      ...ELEMENTS.flatMap((element, index): Command[] => [['RPUSH', `e${index}`, element], ['MEMORY', 'USAGE', `e${index}`]]),
    ],
  },
  {
    name: 'MEMORY USAGE follows quicklist node boundaries of long lists, sampled and in full',
    commands: [
      ['RPUSH', 'l', ...Array.from({ length: 1635 }, () => 'xxx')], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0], ['RPUSH', 'l', 'xxx'],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0], ['LPUSH', 'l', ...Array.from({ length: 3000 }, (_, index) => `member:${index}`)],
      ['MEMORY', 'USAGE', 'l'], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 1], ['LTRIM', 'l', 100, -100],
      ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0], ['LREM', 'l', 0, 'xxx'], ['MEMORY', 'USAGE', 'l', 'SAMPLES', 0], ['LLEN', 'l'],
    ],
  },
  ...[
    { seed: 1, fill: -2 },
    { seed: 2, fill: -1 },
    { seed: 3, fill: 3 },
    { seed: 4, fill: 5 },
    { seed: 5, fill: -5 },
  ].map(({ seed, fill }) => ({
    name: `MEMORY USAGE after every write of a seeded run with list-max-listpack-size ${fill} (seed ${seed})`,
    commands: layoutRun(seed, fill, 250),
  })),
  {
    name: 'TYPE, OBJECT ENCODING, SCAN TYPE, RENAME, COPY, MOVE, DEL and EXPIRE on lists',
    commands: [
      ['RPUSH', 'l', 'a', 'b'], ['SET', 's', 'v'], ['TYPE', 'l'], ['OBJECT', 'ENCODING', 'l'], ['SCAN', 0, 'TYPE', 'list'], ['SCAN', 0, 'TYPE', 'string'],
      ['RENAME', 'l', 'r'], ['LRANGE', 'r', 0, -1], ['COPY', 'r', 'c'], ['RPUSH', 'c', 'z'], ['LRANGE', 'r', 0, -1], ['LRANGE', 'c', 0, -1],
      ['OBJECT', 'ENCODING', 'c'], ['MEMORY', 'USAGE', 'c'], ['MOVE', 'c', 1], ['EXISTS', 'c'], ['SELECT', 1], ['LRANGE', 'c', 0, -1], ['FLUSHDB'],
      ['SELECT', 0], ['EXPIRE', 'r', 100], ['TTL', 'r'], ['RPUSH', 'r', 'x'], ['TTL', 'r'], ['LPOP', 'r', 3], ['EXISTS', 'r'], ['TTL', 'r'],
      ['RPUSH', 'd', 'a'], ['DEL', 'd'], ['LLEN', 'd'], ['RPUSH', 'e', 'a'], ['PEXPIREAT', 'e', 1], ['LLEN', 'e'], ['TYPE', 'e'],
    ],
  },
]);

describe.skipIf(!redisServerAvailable())('list command specs (side by side with Redis 7)', () => {
  const servers = useBothServers();
  let toRedis: RespClient;
  beforeAll(async () => {
    toRedis = await RespClient.connect(servers.redis.port);
  });
  afterAll(() => toRedis?.close());

  it('command specs agree with COMMAND INFO and COMMAND DOCS', async () => {
    await expectSpecsAgreeWithRedis(toRedis, listCommands);
  });

  it('COMMAND GETKEYS finds the keys of LMPOP and BLMPOP as Redis does', async () => {
    const toCairn = await RespClient.connect(servers.cairn.port);
    const commands: Command[] = [
      ['LMPOP', 2, 'a', 'b', 'LEFT'], ['BLMPOP', 0, 3, 'a', 'b', 'c', 'RIGHT', 'COUNT', 2], ['BLPOP', 'a', 'b', 0], ['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', 0],
    ];
    for (const command of commands) {
      expect(plain(await toCairn.call('COMMAND', 'GETKEYS', ...command)), command.join(' ')).toEqual(plain(await toRedis.call('COMMAND', 'GETKEYS', ...command)));
    }
    toCairn.close();
  });
});
