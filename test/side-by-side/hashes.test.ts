/**
 * Hashes side by side with Redis 7: every hash command with its options, error texts and order of
 * checks, RESP2 and RESP3 reply shapes, HINCRBYFLOAT's long double results, encodings and their
 * one-way conversions, MEMORY USAGE where cairn models Redis's allocations exactly, the generic
 * key commands on hashes, and COMMAND INFO. Replies whose order is a hashtable's (HGETALL,
 * HKEYS, HVALS, a whole-hash HSCAN) are compared sorted; HRANDFIELD's random picks only where
 * the hash leaves no choice (one field, or a count covering the whole listpack).
 */
import { seededRandom } from '../support/executor.js';
import type { RespValue } from '../support/resp-client.js';
import { type Command, describeSideBySide } from '../support/side-by-side.js';

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';
/** Restore Redis's defaults (both servers) after a case that changed them. */
const DEFAULT_THRESHOLDS: Command[] = [
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
  ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
];

function byJson(a: RespValue, b: RespValue): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Sort a flat [field, value, ...] list by pairs. */
function sortFlatPairs(items: RespValue[]): RespValue[] {
  const pairs: [RespValue, RespValue][] = [];
  for (let index = 0; index + 1 < items.length; index += 2) pairs.push([items[index] as RespValue, items[index + 1] as RespValue]);
  pairs.sort(([a], [b]) => byJson(a, b));
  return pairs.flat();
}

/**
 * At the given command indexes, put replies in an order-free form: maps sorted by key, flat
 * field/value arrays (HGETALL in RESP2, `pairs`) sorted by pair, other arrays sorted, and the
 * item list of an HSCAN reply sorted by pair.
 */
function orderFreeAt(indexes: number[], pairs: number[] = []): (value: RespValue, index: number) => RespValue {
  return (value, index) => {
    if (value.t === 'map') return { t: 'map', v: [...value.v].sort(([a], [b]) => byJson(a, b)) };
    if (value.t !== 'array' || value.v === null) return value;
    if (pairs.includes(index)) return { t: 'array', v: sortFlatPairs(value.v) };
    if (!indexes.includes(index)) return value;
    const [cursor, items] = value.v;
    if (value.v.length === 2 && cursor?.t === 'bulk' && items?.t === 'array' && items.v !== null) {
      return { t: 'array', v: [cursor, { t: 'array', v: sortFlatPairs(items.v) }] };
    }
    return { t: 'array', v: [...value.v].sort(byJson) };
  };
}

/** Indexes of the commands named `name` in `commands`. */
function indexesOf(commands: Command[], ...names: string[]): number[] {
  return commands.flatMap((command, index) => (names.includes(String(command[0]).toUpperCase()) ? [index] : []));
}

/** HINCRBYFLOAT increments of every shape: decimals, exponents, hex floats, specials and invalid texts. */
function randomIncrement(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sign = pick(['', '', '-', '+']);
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  switch (Math.floor(random() * 7)) {
    case 0:
      return `${sign}${digits(1 + Math.floor(random() * 6))}.${digits(1 + Math.floor(random() * 20))}`;
    case 1:
      return `${sign}${digits(1 + Math.floor(random() * 18))}e${Math.floor(random() * 40) - 20}`;
    case 2:
      return `${sign}0x${Math.floor(random() * 2 ** 40).toString(16)}p-${Math.floor(random() * 60)}`;
    case 3:
      return `${sign}0.${'0'.repeat(Math.floor(random() * 18))}${digits(1 + Math.floor(random() * 8))}`;
    case 4:
      return pick(['0.1', '-0.1', '1e308', '-1e308', '1e4000', '1e-4000', '3.5', '5e-18', 'inf', '-inf', 'nan', 'abc', '1e', ' 1', '']);
    default:
      return `${sign}${Math.floor(random() * 1000)}.${digits(2)}`;
  }
}

/** A chain of HINCRBYFLOAT (and some HSET resets and HINCRBY) over a few fields, reproducible from `seed`. */
function incrementChain(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const fields = ['a', 'b', 'c'];
  const commands: Command[] = [];
  for (let index = 0; index < count; index++) {
    const field = fields[Math.floor(random() * fields.length)] as string;
    const roll = random();
    if (roll < 0.08) commands.push(['HSET', 'f', field, randomIncrement(random)]);
    else if (roll < 0.15) commands.push(['HINCRBY', 'f', field, String(Math.floor(random() * 2000) - 1000)]);
    else commands.push(['HINCRBYFLOAT', 'f', field, randomIncrement(random)]);
  }
  commands.push(['HGETALL', 'f']);
  return commands;
}

/** Fields of a listpack holding every integer and string encoding width, with back lengths of 1 to 3 bytes. */
const LISTPACK_VALUES = [
  '0', '127', '128', '-1', '-4096', '4095', '-4097', '4096', '32767', '-32768', '32768', '8388607', '-8388608', '8388608',
  '2147483647', '-2147483648', '2147483648', '-2147483649', I64_MAX, I64_MIN, '9223372036854775808', '01', '-0', '+1', ' 1',
  '', 'a', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(125), 'x'.repeat(126), 'x'.repeat(127), 'x'.repeat(4095), 'x'.repeat(4096),
  'y'.repeat(16_400),
];

const HASH_COMMANDS = [
  'hset', 'hsetnx', 'hget', 'hmset', 'hmget', 'hgetall', 'hdel', 'hexists', 'hlen', 'hkeys', 'hvals', 'hincrby', 'hincrbyfloat',
  'hstrlen', 'hrandfield', 'hscan',
];

/** COMMAND INFO replies without the key specifications (cairn derives those from flags only). */
function withoutKeySpecs(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  return {
    t: 'array',
    v: value.v.map((info) => (info.t === 'array' && info.v !== null ? { t: 'array', v: info.v.filter((_, index) => index !== 8) } : info)),
  };
}

const bigHash: Command = ['HSET', 'big', ...Array.from({ length: 600 }, (_, index) => [`field:${index}`, `value:${index % 97}`]).flat()];

const generic: Command[] = [
  ['HSET', 'h', 'a', '1', 'b', '2'], ['TYPE', 'h'], ['OBJECT', 'ENCODING', 'h'], ['EXISTS', 'h'],
  ['SCAN', '0', 'TYPE', 'hash'], ['SCAN', '0', 'TYPE', 'string'],
  ['RENAME', 'h', 'h2'], ['HGETALL', 'h2'], ['EXISTS', 'h'],
  ['COPY', 'h2', 'h3'], ['HSET', 'h3', 'c', '3'], ['HGETALL', 'h2'], ['HGETALL', 'h3'],
  ['MOVE', 'h3', '1'], ['EXISTS', 'h3'], ['SELECT', '1'], ['HGETALL', 'h3'], ['FLUSHDB'], ['SELECT', '0'],
  ['EXPIRE', 'h2', '1000'], ['TTL', 'h2'], ['HSET', 'h2', 'd', '4'], ['TTL', 'h2'], ['HDEL', 'h2', 'a'], ['TTL', 'h2'],
  ['HINCRBYFLOAT', 'h2', 'b', '0.5'], ['TTL', 'h2'], ['PERSIST', 'h2'], ['TTL', 'h2'],
  ['DEL', 'h2'], ['EXISTS', 'h2'], ['HGETALL', 'h2'],
  ['HSET', 'gone', 'a', '1'], ['PEXPIREAT', 'gone', '1'], ['HGET', 'gone', 'a'], ['EXISTS', 'gone'],
  ['HSET', 'ttl', 'a', '1'], ['EXPIRE', 'ttl', '0'], ['HLEN', 'ttl'],
  ['HSET', 'mem', 'a', '1'], ['MEMORY', 'USAGE', 'mem'], ['MEMORY', 'USAGE', 'nokey'],
];

describeSideBySide('hashes', [
  {
    name: 'HSET, HMSET, HSETNX and HGET: replies, binary fields, repeated fields, arity errors',
    commands: [
      ['HSET', 'h', 'a', '1', 'b', '2'], ['HSET', 'h', 'a', '3', 'c', '4'], ['HSET', 'h', 'x', '1', 'x', '2', 'x', '3'], ['HGET', 'h', 'x'],
      ['HSET', 'h', '\x00\xff', '\r\n'], ['HGET', 'h', '\x00\xff'], ['HGET', 'h', 'missing'], ['HGET', 'nokey', 'a'],
      ['HSET', 'h', 'a'], ['HSET', 'h', 'a', '1', 'b'], ['HSET', 'new', 'a', '1', 'b'], ['EXISTS', 'new'],
      ['HMSET', 'h', 'd', '5'], ['HMSET', 'h', 'd'], ['HMSET', 'h', 'd', '1', 'e'],
      ['HSETNX', 'h', 'a', 'z'], ['HSETNX', 'h', 'n', 'z'], ['HSETNX', 'other', 'a', 'b'], ['HSETNX', 'h', 'a'],
      ['HGETALL', 'h'], ['HGETALL', 'other'], ['HGET', 'h'], ['HSET', 'h', '', ''], ['HGET', 'h', ''], ['HLEN', 'h'],
    ],
  },
  {
    name: 'HMGET, HGETALL, HKEYS, HVALS, HLEN, HEXISTS, HSTRLEN in listpack order; missing keys',
    commands: [
      ['HSET', 'h', 'b', '1', 'a', '-20', 'c', '3.5', 'd', ''], ['HSET', 'h', 'b', '99'], ['HDEL', 'h', 'a'], ['HSET', 'h', 'a', 'again'],
      ['HMGET', 'h', 'a', 'zz', 'b'], ['HMGET', 'nokey', 'a', 'b'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'],
      ['HGETALL', 'nokey'], ['HKEYS', 'nokey'], ['HVALS', 'nokey'], ['HLEN', 'h'], ['HLEN', 'nokey'],
      ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'zz'], ['HEXISTS', 'nokey', 'a'],
      ['HSTRLEN', 'h', 'a'], ['HSTRLEN', 'h', 'b'], ['HSTRLEN', 'h', 'd'], ['HSTRLEN', 'h', 'zz'], ['HSTRLEN', 'nokey', 'a'],
      ['HMGET', 'h'], ['HGETALL'], ['HKEYS', 'h', 'x'],
    ],
  },
  {
    name: 'HGETALL is a map in RESP3, an empty map for a missing key; HKEYS and HVALS stay arrays',
    resp3: true,
    commands: [['HSET', 'h', 'b', '1', 'a', '2'], ['HGETALL', 'h'], ['HGETALL', 'nokey'], ['HKEYS', 'h'], ['HVALS', 'nokey'], ['HMGET', 'h', 'a', 'x'], ['HGET', 'h', 'x']],
  },
  {
    name: 'HDEL counts removed fields and deletes the emptied key',
    commands: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['HDEL', 'h', 'a', 'a', 'x'], ['HKEYS', 'h'], ['HDEL', 'h', 'b', 'c', 'b'], ['EXISTS', 'h'],
      ['HDEL', 'nokey', 'a'], ['HDEL', 'h'], ['SET', 's', 'x'], ['HDEL', 's', 'a'],
    ],
  },
  {
    name: 'HINCRBY: creation, int64 edges, overflow both ways, bad increments and bad values',
    commands: [
      ['HINCRBY', 'h', 'n', '5'], ['HINCRBY', 'h', 'n', '-7'], ['HINCRBY', 'h', 'm', I64_MAX], ['HINCRBY', 'h', 'm', '1'],
      ['HINCRBY', 'h', 'm', I64_MIN], ['HINCRBY', 'h', 'k', I64_MIN], ['HINCRBY', 'h', 'k', '-1'], ['HGET', 'h', 'k'],
      ['HINCRBY', 'h', 'n', '9223372036854775808'], ['HINCRBY', 'h', 'n', '1.0'], ['HINCRBY', 'h', 'n', ' 1'], ['HINCRBY', 'h', 'n', '+1'],
      ['HSET', 'h', 'f', '1.5', 'p', '+1', 's', ' 1', 'big', '9223372036854775808', 'z', '007', 'e', ''],
      ['HINCRBY', 'h', 'f', '1'], ['HINCRBY', 'h', 'p', '1'], ['HINCRBY', 'h', 's', '1'], ['HINCRBY', 'h', 'big', '1'],
      ['HINCRBY', 'h', 'z', '1'], ['HINCRBY', 'h', 'e', '1'], ['HINCRBY', 'nokey', 'f', 'x'], ['EXISTS', 'nokey'],
      ['SET', 'str', 'x'], ['HINCRBY', 'str', 'f', 'x'], ['HINCRBY', 'str', 'f', '1'], ['HINCRBY', 'h', 'n'], ['HGETALL', 'h'],
    ],
  },
  {
    name: 'HINCRBYFLOAT: results, and errors in Redis order',
    commands: [
      ['HINCRBYFLOAT', 'h', 'f', '10.5'], ['HINCRBYFLOAT', 'h', 'f', '0.1'], ['HINCRBYFLOAT', 'h', 'f', '-5.0e3'],
      ['HINCRBYFLOAT', 'h', 'g', '1e70'], ['HSET', 'h', 'i', '3', 'w', 'abc', 'huge', '1e4932', 'sp', ' 1'],
      ['HINCRBYFLOAT', 'h', 'i', '0x10'], ['HINCRBYFLOAT', 'h', 'w', '1'], ['HINCRBYFLOAT', 'h', 'sp', '1'],
      ['HINCRBYFLOAT', 'h', 'huge', '1e4932'], ['HINCRBYFLOAT', 'h', 'x', 'inf'], ['HINCRBYFLOAT', 'h', 'x', '-Infinity'],
      ['HINCRBYFLOAT', 'h', 'x', 'nan'], ['HINCRBYFLOAT', 'h', 'x', 'abc'], ['HINCRBYFLOAT', 'h', 'x', ''],
      ['SET', 'str', 'x'], ['HINCRBYFLOAT', 'str', 'f', 'inf'], ['HINCRBYFLOAT', 'str', 'f', '1'], ['HINCRBYFLOAT', 'nokey', 'f', 'abc'],
      ['EXISTS', 'nokey'], ['HINCRBYFLOAT', 'h', 'i', '1e-4000'], ['OBJECT', 'ENCODING', 'h'], ['HGETALL', 'h'],
    ],
    normalize: orderFreeAt([], [21]), // the 71-byte result of 1e70 made the hash a hashtable
  },
  // A long result can make the hash a hashtable: its final HGETALL is compared by pairs.
  { name: 'HINCRBYFLOAT chains, seed 1', commands: incrementChain(1, 150), normalize: orderFreeAt([], [150]) },
  { name: 'HINCRBYFLOAT chains, seed 2', commands: incrementChain(2, 150), normalize: orderFreeAt([], [150]) },
  {
    name: 'HINCRBYFLOAT and HINCRBY replies in RESP3 (bulk and integer)',
    resp3: true,
    commands: [['HINCRBYFLOAT', 'h', 'f', '1.5'], ['HINCRBY', 'h', 'n', I64_MAX], ['HINCRBYFLOAT', 'h', 'n', '1']],
  },
  {
    name: 'HRANDFIELD: deterministic cases, counts covering the listpack, and errors in Redis order',
    commands: [
      ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '3'], ['HRANDFIELD', 'nokey', '-3', 'WITHVALUES'],
      ['HSET', 'one', 'only', 'v'], ['HRANDFIELD', 'one'], ['HRANDFIELD', 'one', '-4'], ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '1'], ['HRANDFIELD', 'one', '1', 'withvalues'], ['HRANDFIELD', 'one', '0'], ['HRANDFIELD', 'one', '0', 'WITHVALUES'],
      ['HSET', 'h', 'c', '3', 'a', '1', 'b', '2'], ['HRANDFIELD', 'h', '3'], ['HRANDFIELD', 'h', '100', 'WITHVALUES'], ['HRANDFIELD', 'h', I64_MAX],
      ['HRANDFIELD', 'h', 'abc'], ['HRANDFIELD', 'h', '1.5'], ['HRANDFIELD', 'h', I64_MIN],
      ['HRANDFIELD', 'h', '1', 'WITHVALUE'], ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'], ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES'],
      ['SET', 's', 'x'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '1'], ['HRANDFIELD', 's', 'x'], ['HRANDFIELD', 's', '1', 'bad'],
    ],
  },
  {
    name: 'HRANDFIELD reply shapes in RESP3: null, flat fields, [field, value] pairs',
    resp3: true,
    commands: [
      ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '2', 'WITHVALUES'], ['HSET', 'one', 'only', 'v'], ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2'], ['HRANDFIELD', 'one', '1', 'WITHVALUES'], ['HSET', 'h', 'c', '3', 'a', '1'], ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '5'],
    ],
  },
  {
    name: 'HSCAN of a listpack: whole in one call with cursor 0, MATCH on fields, option errors',
    commands: [
      ['HSET', 'h', 'a1', 'x', 'b1', 'a1', 'a2', 'y', '', 'empty'], ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*'], ['HSCAN', 'h', '0', 'MATCH', '*'], ['HSCAN', 'h', '0', 'MATCH', '**'], ['HSCAN', 'h', '0', 'MATCH', ''],
      ['HSCAN', 'h', '0', 'match', 'b?', 'count', '5'], ['HSCAN', 'h', '77'], ['HSCAN', 'h', '-1'], ['HSCAN', 'h', ''],
      ['HSCAN', 'h', '18446744073709551615'], ['HSCAN', 'h', '18446744073709551616'], ['HSCAN', 'h', ' 1'], ['HSCAN', 'h', '1x'],
      ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'COUNT', '-1'], ['HSCAN', 'h', '0', 'COUNT', 'x'], ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'MATCH'], ['HSCAN', 'h', '0', 'NOVALUES'], ['HSCAN', 'nokey', '0', 'COUNT', '0'], ['HSCAN', 'nokey', 'x'],
      ['SET', 's', 'x'], ['HSCAN', 's', '0'], ['HSCAN', 's', 'x'], ['HSCAN', 's', '0', 'COUNT', '0'], ['HSCAN', 'h'],
    ],
  },
  {
    name: 'HSCAN of a listpack in RESP3 is the same arrays',
    resp3: true,
    commands: [['HSET', 'h', 'a', '1', 'b', '2'], ['HSCAN', 'h', '0'], ['HSCAN', 'nokey', '0']],
  },
  (() => {
    const commands: Command[] = [
      bigHash, ['OBJECT', 'ENCODING', 'big'], ['HSCAN', 'big', '0', 'COUNT', '100000'], ['HSCAN', 'big', '0', 'COUNT', '100000', 'MATCH', 'field:1?'],
      ['HGETALL', 'big'], ['HKEYS', 'big'], ['HVALS', 'big'], ['HLEN', 'big'], ['HGET', 'big', 'field:599'], ['HMGET', 'big', 'field:0', 'nope'],
      ['HRANDFIELD', 'big', '1000', 'WITHVALUES'], ['HDEL', 'big', 'field:0', 'field:1', 'nope'], ['HLEN', 'big'], ['OBJECT', 'ENCODING', 'big'],
    ];
    return {
      name: 'a hashtable hash: reads compared as sets, a whole-hash HSCAN, HRANDFIELD covering it',
      commands,
      normalize: orderFreeAt(indexesOf(commands, 'HSCAN', 'HKEYS', 'HVALS'), indexesOf(commands, 'HGETALL', 'HRANDFIELD')),
    };
  })(),
  {
    name: 'encodings: the entry limit, the value limit on fields and values, HSETNX, HINCRBY and HINCRBYFLOAT, one-way conversion',
    commands: [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '3'], ['CONFIG', 'SET', 'hash-max-listpack-value', '8'],
      ['HSET', 'e', 'a', '1', 'b', '2', 'c', '3'], ['OBJECT', 'ENCODING', 'e'], ['HSET', 'e', 'd', '4'], ['OBJECT', 'ENCODING', 'e'],
      ['HDEL', 'e', 'a', 'b', 'c'], ['OBJECT', 'ENCODING', 'e'], ['HLEN', 'e'],
      ['HSET', 'dup', 'a', '1', 'a', '2', 'a', '3', 'a', '4', 'a', '5'], ['OBJECT', 'ENCODING', 'dup'],
      ['HSET', 'v8', 'a', '12345678'], ['OBJECT', 'ENCODING', 'v8'], ['HSET', 'v9', 'a', '123456789'], ['OBJECT', 'ENCODING', 'v9'],
      ['HSET', 'f9', '123456789', 'a'], ['OBJECT', 'ENCODING', 'f9'], ['HSET', 'over', 'b', 'longer-than-8', 'b', '1'], ['OBJECT', 'ENCODING', 'over'],
      ['HSET', 'nx', 'a', '1'], ['HSETNX', 'nx', 'a', 'longer-than-8'], ['OBJECT', 'ENCODING', 'nx'], ['HSETNX', 'nx', 'b', 'longer-than-8'], ['OBJECT', 'ENCODING', 'nx'],
      ['HSET', 'ib', 'a', '1'], ['HINCRBY', 'ib', 'long-field-name', '1'], ['OBJECT', 'ENCODING', 'ib'],
      ['HSET', 'iv', 'a', '1'], ['HINCRBY', 'iv', 'a', '123456789'], ['OBJECT', 'ENCODING', 'iv'],
      ['HSET', 'if', 'a', '1'], ['HINCRBYFLOAT', 'if', 'a', '0.125'], ['OBJECT', 'ENCODING', 'if'], ['HINCRBYFLOAT', 'if', 'a', '1e10'], ['OBJECT', 'ENCODING', 'if'],
      ['HSET', 'keep', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['HDEL', 'keep', 'a', 'b', 'c'], ['HSET', 'keep', 'x', '1'], ['OBJECT', 'ENCODING', 'keep'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'], ['HSET', 'zero', 'a', '1'], ['OBJECT', 'ENCODING', 'zero'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '100'], ['HSET', 'zero', 'b', '2'], ['OBJECT', 'ENCODING', 'zero'],
      ['HSET', 'later', 'a', '1', 'b', '2'], ['OBJECT', 'ENCODING', 'later'],
      ...DEFAULT_THRESHOLDS,
    ],
  },
  {
    name: 'MEMORY USAGE of listpack hashes: every integer width, string length and back length',
    commands: [
      ['CONFIG', 'SET', 'hash-max-listpack-value', '20000'],
      ...LISTPACK_VALUES.map((value, index): Command => ['HSET', 'lp', `f${index}`, value]),
      ['OBJECT', 'ENCODING', 'lp'], ['MEMORY', 'USAGE', 'lp'],
      ...LISTPACK_VALUES.map((value, index): Command => ['HSET', `one${index}`, value, value]),
      ...LISTPACK_VALUES.map((_, index): Command => ['MEMORY', 'USAGE', `one${index}`]),
      ['HSET', 'm', 'a', '1'], ['MEMORY', 'USAGE', 'm'], ['HSET', 'm', 'a', '1000000'], ['MEMORY', 'USAGE', 'm'], ['HDEL', 'm', 'a'],
      ['HSET', 'm', 'b', 'x'.repeat(64), 'c', '2'], ['MEMORY', 'USAGE', 'm'], ['HDEL', 'm', 'b'], ['MEMORY', 'USAGE', 'm'],
      ...DEFAULT_THRESHOLDS,
    ],
  },
  {
    name: 'MEMORY USAGE of hashtable hashes right after conversion (dict, buckets, entries, sds sizes)',
    commands: [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'],
      ['HSET', 'ht', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3', 'f4', 'v4', 'f5', 'v5'], ['OBJECT', 'ENCODING', 'ht'], ['MEMORY', 'USAGE', 'ht'],
      ['MEMORY', 'USAGE', 'ht', 'SAMPLES', '0'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['HSET', 't2', 'a', '1', 'b', '2', 'c', '3'], ['MEMORY', 'USAGE', 't2', 'SAMPLES', '0'],
      ['HSET', 't', 'a'.repeat(30), '1', 'b', '2', 'c', '3'], ['MEMORY', 'USAGE', 't', 'SAMPLES', '0'],
      ['HSET', 'e', 'a', '', 'b', 'x'.repeat(40), 'c', '12345678901234567890'], ['MEMORY', 'USAGE', 'e', 'SAMPLES', '0'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '3'], ['HSET', 'long', 'k', 'v'.repeat(300)], ['MEMORY', 'USAGE', 'long'],
      ...DEFAULT_THRESHOLDS,
    ],
  },
  { name: 'the generic key commands on hashes', commands: generic },
  {
    name: 'COMMAND INFO of every hash command (without key specs)',
    commands: HASH_COMMANDS.map((name) => ['COMMAND', 'INFO', name]),
    normalize: withoutKeySpecs,
  },
]);
