/**
 * Sets side by side with Redis 7: every command with its options, error texts and order of
 * checks, OBJECT ENCODING through conversions, intset order (ascending, compared exactly), RESP3
 * reply shapes, MEMORY USAGE where cairn models it exactly, and the generic key commands on sets.
 * Replies from hashtable sets come in Redis's hash order, which cairn does not reproduce: those
 * cases sort members before comparing (`unordered`). Random picks are compared through what
 * follows them (SCARD, SISMEMBER) and checked by invariants in the unit and differential tests.
 */
import type { RespValue } from '../support/resp-client.js';
import { type Command, type SideBySideCase, describeSideBySide } from '../support/side-by-side.js';

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** 1..count as strings, with a prefix. */
function range(count: number, prefix = ''): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);
}

/** A reply with the members of every bulk-only array or set sorted (the order of a hashtable is Redis's hash order). */
function sortMembers(value: RespValue): RespValue {
  if (value.t !== 'set' && value.t !== 'array') return value;
  if (value.v === null) return value;
  const allBulk = value.v.every((item) => item.t === 'bulk');
  if (!allBulk) return { ...value, v: value.v.map(sortMembers) } as RespValue;
  const text = (item: RespValue) => (item.t === 'bulk' ? (item.v ?? '') : '');
  return { ...value, v: [...value.v].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0)) } as RespValue;
}

/** A case whose set replies are compared as sorted member lists. */
function unordered(testCase: SideBySideCase): SideBySideCase {
  return { ...testCase, normalize: (value) => sortMembers(value) };
}

/** COMMAND INFO up to the tips: name, arity, flags, key positions, categories, tips (key specs come from generated metadata). */
function infoWithoutKeySpecs(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  return { t: 'array', v: value.v.map((info) => (info.t === 'array' && info.v !== null ? { t: 'array', v: info.v.slice(0, 8) } : info)) };
}

const SET_COMMANDS = [
  'sadd', 'srem', 'smembers', 'sismember', 'smismember', 'scard', 'spop', 'srandmember', 'smove', 'sinter', 'sintercard',
  'sinterstore', 'sunion', 'sunionstore', 'sdiff', 'sdiffstore', 'sscan',
];

/** A hashtable holding only integers: made with a non-integer member that is then removed. */
function integerHashtable(key: string, members: readonly string[]): Command[] {
  return [['SADD', key, 'x', ...members], ['SREM', key, 'x']];
}

describeSideBySide('sets', [
  {
    name: 'SADD, SCARD, SISMEMBER, SMISMEMBER and SREM on an intset',
    commands: [
      ['SADD', 's', '3', '1', '2', '1'], ['SADD', 's', '2', '5'], ['SCARD', 's'], ['SCARD', 'missing'], ['SMEMBERS', 's'],
      ['SISMEMBER', 's', '2'], ['SISMEMBER', 's', '02'], ['SISMEMBER', 's', 'x'], ['SISMEMBER', 'missing', '1'],
      ['SMISMEMBER', 's', '1', '9', '5', '-0'], ['SMISMEMBER', 'missing', 'a', 'b'],
      ['SREM', 's', '1', '9', '1'], ['SREM', 's', 'x'], ['SREM', 'missing', '1'], ['SMEMBERS', 's'],
      ['SREM', 's', '2', '3', '5', '7'], ['EXISTS', 's'], ['SMEMBERS', 's'],
    ],
  },
  unordered({
    name: 'binary members and non-integer members in a hashtable',
    commands: [
      ['SADD', 'h', '\x00\xff\r\n', '', 'A', 'a', '\x80'], ['SCARD', 'h'], ['SMEMBERS', 'h'], ['SISMEMBER', 'h', ''],
      ['SISMEMBER', 'h', '\x00\xff'], ['SMISMEMBER', 'h', 'A', 'b', '\x80'], ['OBJECT', 'ENCODING', 'h'], ['SREM', 'h', '', 'A'], ['SMEMBERS', 'h'],
    ],
  }),
  {
    name: 'intsets iterate in ascending order across the whole int64 range',
    commands: [
      ['SADD', 's', '3', '-1', I64_MAX, '0', I64_MIN, '9007199254740993', '-9007199254740993', '100000', '-32769', '32768'],
      ['OBJECT', 'ENCODING', 's'], ['SMEMBERS', 's'], ['SISMEMBER', 's', '9007199254740993'], ['SISMEMBER', 's', '9007199254740992'],
      ['SRANDMEMBER', 's', '100'], ['SSCAN', 's', '0'], ['SUNION', 's'], ['SINTER', 's'], ['SDIFF', 's'],
    ],
  },
  unordered({
    name: 'members that are not canonical integers make a hashtable',
    commands: ['01', '-0', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', '0x1', '', '1e3'].flatMap((member, index): Command[] => [
      ['SADD', `k${index}`, '1', member], ['OBJECT', 'ENCODING', `k${index}`], ['SMEMBERS', `k${index}`], ['SISMEMBER', `k${index}`, member],
    ]),
  }),
  unordered({
    name: 'conversion to a hashtable is one way: non-integer member, then set-max-intset-entries',
    commands: [
      ['SADD', 'h', 'a', '1', '2'], ['OBJECT', 'ENCODING', 'h'], ['SREM', 'h', 'a'], ['OBJECT', 'ENCODING', 'h'], ['SMEMBERS', 'h'],
      ['SADD', 'big', ...range(512)], ['OBJECT', 'ENCODING', 'big'], ['SADD', 'big', '513'], ['OBJECT', 'ENCODING', 'big'],
      ['SREM', 'big', '513', '512'], ['OBJECT', 'ENCODING', 'big'], ['SCARD', 'big'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '4'], ['SADD', 'small', '1', '2', '3', '4'], ['OBJECT', 'ENCODING', 'small'],
      ['SADD', 'small', '5'], ['OBJECT', 'ENCODING', 'small'], ['SADD', 'five', '1', '2', '3', '4', '5'], ['OBJECT', 'ENCODING', 'five'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '0'], ['SADD', 'zero', '7'], ['OBJECT', 'ENCODING', 'zero'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ],
  }),
  {
    name: 'MEMORY USAGE of intsets (16, 32, 64-bit, never narrowed) and of small hashtables',
    commands: [
      ['SADD', 'a', '1', '2', '3'], ['MEMORY', 'USAGE', 'a'], ['SADD', 'a', '70000'], ['MEMORY', 'USAGE', 'a'],
      ['SREM', 'a', '70000'], ['MEMORY', 'USAGE', 'a'], ['SADD', 'a', I64_MIN], ['MEMORY', 'USAGE', 'a'],
      ['SADD', 'big', ...range(300)], ['MEMORY', 'USAGE', 'big'], ['MEMORY', 'USAGE', 'big', 'SAMPLES', '0'],
      ['SADD', 'b', 'x'], ['MEMORY', 'USAGE', 'b'], ['SADD', 'b', 'y', 'z', 'w'], ['MEMORY', 'USAGE', 'b'],
      ['SADD', 'h', 'a', '1', '2'], ['SREM', 'h', 'a'], ['MEMORY', 'USAGE', 'h'],
      ['SADD', 'long-member-key', 'a-member-longer-than-thirty-two-bytes-xxxxxxxx'], ['MEMORY', 'USAGE', 'long-member-key'],
    ],
  },
  unordered({
    name: 'SMOVE: missing source, same key, type checks, creating and deleting keys, encodings',
    commands: [
      ['SET', 'str', 'v'], ['SMOVE', 'missing', 'str', 'a'], ['SADD', 'src', 'a', '5', 'b'], ['SMOVE', 'src', 'str', 'a'],
      ['SMOVE', 'str', 'src', 'a'], ['SMOVE', 'src', 'src', 'a'], ['SMOVE', 'src', 'src', 'zz'], ['SMOVE', 'src', 'dst', 'zz'],
      ['SMOVE', 'src', 'ints', '5'], ['OBJECT', 'ENCODING', 'ints'], ['SMOVE', 'src', 'ints', 'a'], ['OBJECT', 'ENCODING', 'ints'],
      ['SADD', 'other', 'b'], ['SMOVE', 'src', 'other', 'b'], ['EXISTS', 'src'], ['SMEMBERS', 'other'], ['SMEMBERS', 'ints'],
      ['SMOVE', 'a', 'b'], ['SMOVE', 'a', 'b', 'c', 'd'],
    ],
  }),
  {
    name: 'SPOP: missing keys, count 0, argument errors and their order',
    commands: [
      ['SPOP', 'missing'], ['SPOP', 'missing', '3'], ['SADD', 's', '1'], ['SPOP', 's', '0'], ['SPOP', 's', '-1'],
      ['SPOP', 's', 'abc'], ['SPOP', 'missing', '-1'], ['SPOP', 's', '1', '2'], ['SET', 'str', 'v'], ['SPOP', 'str', 'abc'],
      ['SPOP', 'str', '1'], ['SPOP', 'str'], ['SCARD', 's'], ['SPOP', 's'], ['EXISTS', 's'], ['SPOP'],
    ],
  },
  {
    name: 'SPOP of the whole set returns it as SUNION would and deletes the key',
    commands: [
      ['SADD', 's', '9', '1', '5'], ['SPOP', 's', '3'], ['EXISTS', 's'], ['SADD', 's', '9', '1', '5'], ['SPOP', 's', I64_MAX], ['EXISTS', 's'],
      ...integerHashtable('h', ['30', '10', '20']), ['OBJECT', 'ENCODING', 'h'], ['SPOP', 'h', '10'], ['EXISTS', 'h'],
    ],
  },
  {
    name: 'SPOP of most of a hashtable of integers rebuilds it as an intset; popping a few keeps the hashtable',
    commands: [
      ...integerHashtable('h', range(10)), ['SPOP', 'h', '9'], ['OBJECT', 'ENCODING', 'h'], ['SCARD', 'h'],
      ...integerHashtable('k', range(10)), ['SPOP', 'k', '3'], ['OBJECT', 'ENCODING', 'k'], ['SCARD', 'k'],
      ['SADD', 'i', ...range(20)], ['SPOP', 'i', '2'], ['OBJECT', 'ENCODING', 'i'], ['SCARD', 'i'], ['SPOP', 'i', '17'], ['SCARD', 'i'],
    ],
    skipCompare: [2, 7, 11, 14],
  },
  {
    name: 'SPOP and SRANDMEMBER of a one-member set',
    commands: [
      ['SADD', 's', 'only'], ['SRANDMEMBER', 's'], ['SRANDMEMBER', 's', '1'], ['SRANDMEMBER', 's', '-3'], ['SRANDMEMBER', 's', '5'],
      ['SPOP', 's', '1'], ['EXISTS', 's'], ['SADD', 's', '7'], ['SPOP', 's'], ['EXISTS', 's'],
    ],
  },
  {
    name: 'SRANDMEMBER: whole-set answers, empty answers and count errors',
    commands: [
      ['SADD', 's', '3', '1', '2'], ['SRANDMEMBER', 's', '3'], ['SRANDMEMBER', 's', '100'], ['SRANDMEMBER', 's', I64_MAX],
      ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 'missing'], ['SRANDMEMBER', 'missing', '5'], ['SRANDMEMBER', 'missing', '-5'],
      ['SRANDMEMBER', 's', 'abc'], ['SRANDMEMBER', 's', '9223372036854775808'], ['SRANDMEMBER', 's', I64_MIN],
      ['SRANDMEMBER', 'missing', I64_MIN], ['SRANDMEMBER', 's', '1', '2'], ['SET', 'str', 'v'], ['SRANDMEMBER', 'str', 'abc'],
      ['SRANDMEMBER', 'str', '1'], ['SRANDMEMBER', 'str'], ['SCARD', 's'],
    ],
  },
  {
    name: 'SINTER walks the smallest set (stable for equal sizes): intsets give ascending order',
    commands: [
      ['SADD', 'a', '5', '4', '3', '2', '1'], ['SADD', 'b', '4', '2', '3', '9', '10', '11'], ['SADD', 'c', '3', '4', '7'],
      ['SINTER', 'b', 'a'], ['SINTER', 'b', 'a', 'c'], ['SINTER', 'a', 'a'], ['SINTER', 'a', 'missing'], ['SINTER', 'missing'],
      ...integerHashtable('h', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']), ['SADD', 'i', ...range(10)], ['SINTER', 'i', 'h'],
    ],
  },
  unordered({
    name: 'SINTER with hashtables, and its WRONGTYPE after a missing key',
    commands: [
      ['SADD', 'a', 'x', 'y', 'z', '1'], ['SADD', 'b', 'y', 'z', '1', '2', 'w'], ['SINTER', 'a', 'b'], ['SINTER', 'b', 'a'],
      ['SET', 'str', 'v'], ['SINTER', 'missing', 'str'], ['SINTER', 'str', 'missing'], ['SINTER', 'a', 'str'], ['SMEMBERS', 'str'],
    ],
  }),
  {
    name: 'SINTERCARD: counts, LIMIT, and argument errors before key lookups',
    commands: [
      ['SADD', 'a', ...range(10)], ['SADD', 'b', ...range(6), 'x'], ['SINTERCARD', '2', 'a', 'b'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '4'],
      ['SINTERCARD', '2', 'a', 'b', 'limit', '0'], ['SINTERCARD', '1', 'a', 'LIMIT', '3', 'LIMIT', '100'], ['SINTERCARD', '1', 'b'],
      ['SINTERCARD', '2', 'a', 'missing'], ['SET', 'str', 'v'], ['SINTERCARD', '0', 'str'], ['SINTERCARD', '-1', 'str'],
      ['SINTERCARD', 'abc', 'str'], ['SINTERCARD', '3', 'str', 'x'], ['SINTERCARD', '1', 'str', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 'str', 'LIMIT', 'abc'], ['SINTERCARD', '1', 'str', 'LIMIT'], ['SINTERCARD', '1', 'str', 'FOO', '1'],
      ['SINTERCARD', '1', 'str'], ['SINTERCARD', '2', 'missing', 'str'], ['SINTERCARD', '1'],
      ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ['COMMAND', 'GETKEYS', 'SINTERCARD', '3', 'a'],
      ['COMMAND', 'GETKEYS', 'SINTERCARD', '0', 'a'],
    ],
  },
  unordered({
    name: 'SINTERSTORE: result encodings, overwriting another type, dropping the TTL, deleting on an empty result',
    commands: [
      ['SADD', 'a', '1', '2', '3', 'x'], ['SADD', 'b', '2', '3', 'x', 'y'], ['SET', 'd', 'old', 'EX', '100'],
      ['SINTERSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['TTL', 'd'], ['TYPE', 'd'], ['OBJECT', 'ENCODING', 'd'],
      ['SREM', 'b', 'x'], ['SINTERSTORE', 'd', 'a', 'b'], ['OBJECT', 'ENCODING', 'd'], ['SMEMBERS', 'd'],
      ['SINTERSTORE', 'd', 'a', 'missing'], ['EXISTS', 'd'], ['SADD', 'd', '1'], ['SADD', 'c', '99'], ['SINTERSTORE', 'd', 'a', 'c'], ['EXISTS', 'd'],
      ['SINTERSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a'], ['SET', 'str', 'v'], ['SINTERSTORE', 'd', 'missing', 'str'],
      ['SINTERSTORE', 'str', 'a'], ['TYPE', 'str'], ['SINTERSTORE', 'd'],
    ],
  }),
  {
    name: 'SUNION and SDIFF of intsets are ascending intsets',
    commands: [
      ['SADD', 'a', '5', '1', '4', '2', '3'], ['SADD', 'b', '3', '1', '8'], ['SUNION', 'a', 'missing', 'b'], ['SDIFF', 'a', 'b'],
      ['SDIFF', 'a', 'missing', 'b'], ['SDIFF', 'missing', 'a'], ['SDIFF', 'a', 'b', 'a'], ['SUNION', 'missing'],
      ['SUNIONSTORE', 'u', 'a', 'b'], ['OBJECT', 'ENCODING', 'u'], ['SMEMBERS', 'u'], ['SDIFFSTORE', 'd', 'b', 'a'], ['SMEMBERS', 'd'],
      ...integerHashtable('h', ['7', '3', '5']), ['SUNION', 'h'], ['SDIFF', 'h', 'missing'],
    ],
  },
  unordered({
    name: 'SUNION, SDIFF and their STORE forms with hashtables, encodings and Redis 7.0 diff algorithms',
    commands: [
      ['SADD', 'a', '1', '2', '3', '4', 'x'], ['SADD', 'b', '2', 'x'], ['SADD', 'c', '4', 'y'], ['SUNION', 'a', 'b', 'c'],
      ['SDIFF', 'a', 'b', 'c'], ['SDIFF', 'b', 'a'], ['SUNIONSTORE', 'u', 'a', 'c'], ['OBJECT', 'ENCODING', 'u'], ['SCARD', 'u'],
      ['SDIFFSTORE', 'd', 'a', 'b', 'c'], ['OBJECT', 'ENCODING', 'd'], ['SMEMBERS', 'd'],
      ['SADD', 'p', '1', '2', 'x'], ['SADD', 'q1', 'x'], ['SADD', 'q2', 'x'], ['SADD', 'q3', 'x'], ['SADD', 'q4', 'x'], ['SADD', 'q5', 'x'],
      ['SDIFFSTORE', 'r', 'p', 'q1', 'q2', 'q3', 'q4', 'q5'], ['OBJECT', 'ENCODING', 'r'], ['SMEMBERS', 'r'],
      ['SDIFFSTORE', 'r', 'p', 'q1', 'q2', 'q3', 'q4'], ['OBJECT', 'ENCODING', 'r'], ['SMEMBERS', 'r'],
      ['SDIFFSTORE', 'r', 'p', 'missing', 'q1', 'q2', 'q3', 'q4', 'q5'], ['OBJECT', 'ENCODING', 'r'],
      ['SDIFFSTORE', 'r', 'a', 'a'], ['EXISTS', 'r'], ['SUNIONSTORE', 'r', 'missing'], ['EXISTS', 'r'],
      ['SET', 'str', 'v', 'EX', '100'], ['SUNIONSTORE', 'str', 'a'], ['TTL', 'str'], ['TYPE', 'str'],
      ['SUNION', 'missing', 'str'], ['SDIFF', 'missing', 'str'], ['SDIFFSTORE', 'd', 'a', 'str'], ['SUNIONSTORE', 'd'], ['SDIFF'],
    ],
  }),
  {
    name: 'SSCAN of an intset: whole, cursor 0, whatever the cursor; MATCH; errors and their order',
    commands: [
      ['SADD', 's', ...range(30)], ['SSCAN', 's', '0'], ['SSCAN', 's', '0', 'COUNT', '2'], ['SSCAN', 's', '17', 'MATCH', '1*'],
      ['SSCAN', 's', '-1'], ['SSCAN', 's', '18446744073709551615'], ['SSCAN', 's', '18446744073709551616'], ['SSCAN', 's', 'abc'],
      ['SSCAN', 's', '0', 'COUNT', '0'], ['SSCAN', 's', '0', 'COUNT', 'x'], ['SSCAN', 's', '0', 'TYPE', 'string'],
      ['SSCAN', 's', '0', 'MATCH'], ['SSCAN', 's', '0', 'match', '2?', 'count', '5'], ['SSCAN', 'missing', '0', 'FOO'],
      ['SSCAN', 'missing', 'abc'], ['SET', 'str', 'v'], ['SSCAN', 'str', 'abc'], ['SSCAN', 'str', '0', 'FOO'], ['SSCAN', 's'],
    ],
  },
  unordered({
    name: 'SSCAN of a small hashtable with a large COUNT returns every member and cursor 0',
    commands: [
      ['SADD', 'h', ...range(40, 'm')], ['SSCAN', 'h', '0', 'COUNT', '1000'], ['SSCAN', 'h', '0', 'MATCH', 'm1*', 'COUNT', '1000'],
      ['SSCAN', 'h', '0', 'MATCH', 'nothing', 'COUNT', '1000'],
    ],
  }),
  {
    name: 'RESP3 reply shapes: sets for members, arrays for SRANDMEMBER, SMISMEMBER and SSCAN, nulls',
    resp3: true,
    commands: [
      ['SADD', 's', '3', '1', '2'], ['SMEMBERS', 's'], ['SMEMBERS', 'missing'], ['SINTER', 's', 's'], ['SINTER', 's', 'missing'],
      ['SUNION', 's'], ['SDIFF', 's', 'missing'], ['SDIFF', 'missing'], ['SPOP', 'missing'], ['SPOP', 'missing', '2'], ['SPOP', 's', '0'],
      ['SRANDMEMBER', 'missing'], ['SRANDMEMBER', 'missing', '2'], ['SRANDMEMBER', 's', '5'], ['SRANDMEMBER', 's', '0'],
      ['SMISMEMBER', 's', '1', '9'], ['SSCAN', 's', '0'], ['SSCAN', 'missing', '0'], ['SINTERCARD', '1', 's'], ['SCARD', 's'],
      ['SISMEMBER', 's', '1'], ['SPOP', 's', '3'], ['SADD', 's', '1'], ['SPOP', 's'],
    ],
  },
  unordered({
    name: 'generic key commands on sets: TYPE, SCAN TYPE, RENAME, COPY, MOVE, DEL, EXPIRE',
    commands: [
      ['SADD', 's', '1', '2'], ['SADD', 'h', 'a'], ['SET', 'str', 'v'], ['TYPE', 's'], ['TYPE', 'h'], ['SCAN', '0', 'TYPE', 'set', 'COUNT', '100'],
      ['RENAME', 's', 't'], ['SMEMBERS', 't'], ['OBJECT', 'ENCODING', 't'], ['COPY', 't', 'c'], ['SADD', 'c', '3'], ['SMEMBERS', 't'],
      ['SMEMBERS', 'c'], ['COPY', 'h', 'hc'], ['OBJECT', 'ENCODING', 'hc'], ['SMEMBERS', 'hc'], ['MOVE', 'c', '1'], ['EXISTS', 'c'],
      ['SELECT', '1'], ['SMEMBERS', 'c'], ['OBJECT', 'ENCODING', 'c'], ['SELECT', '0'], ['EXPIRE', 't', '100'], ['SADD', 't', '9'],
      ['TTL', 't'], ['SREM', 't', '9'], ['TTL', 't'], ['SPOP', 't', '1'], ['TTL', 't'], ['DEL', 't', 'h'], ['EXISTS', 't', 'h'],
      ['COPY', 'hc', 'str'], ['COPY', 'hc', 'str', 'REPLACE'], ['TYPE', 'str'],
    ],
    skipCompare: [27],
  }),
  {
    name: 'COMMAND INFO of every set command (name, arity, flags, key positions, categories, tips)',
    commands: SET_COMMANDS.map((name) => ['COMMAND', 'INFO', name]),
    normalize: infoWithoutKeySpecs,
  },
]);
