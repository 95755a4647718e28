/**
 * Strings side by side with Redis 7: every command of the family with its options, error texts
 * and order of checks, INCRBYFLOAT's long double results (hand-picked and seeded random), LCS
 * in RESP2 and RESP3, the proto-max-bulk-len limits, and COMMAND INFO of each command.
 */
import type { RespValue } from '../support/resp-client.js';
import { seededRandom } from '../support/executor.js';
import { type Command, describeSideBySide } from '../support/side-by-side.js';

const FAR_FUTURE_SECONDS = 4_102_444_800; // 2100-01-01
const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** INCRBYFLOAT increments of every shape: decimals, exponents, hex floats, specials and invalid texts. */
function randomIncrement(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sign = pick(['', '', '-', '+']);
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  switch (Math.floor(random() * 9)) {
    case 0:
      return `${sign}${digits(1 + Math.floor(random() * 6))}.${digits(1 + Math.floor(random() * 20))}`;
    case 1:
      return `${sign}${digits(1 + Math.floor(random() * 18))}e${Math.floor(random() * 40) - 20}`;
    case 2:
      return `${sign}${(random() * 10 ** (Math.floor(random() * 30) - 15)).toString()}`;
    case 3:
      return `${sign}0x${Math.floor(random() * 2 ** 40).toString(16)}p-${Math.floor(random() * 60)}`;
    case 4:
      return `${sign}${digits(1 + Math.floor(random() * 25))}`;
    case 5:
      return `${sign}0.${'0'.repeat(Math.floor(random() * 18))}${digits(1 + Math.floor(random() * 8))}`;
    case 6:
      return pick(['0.1', '-0.1', '1e308', '-1e308', '1e4000', '1e-4000', '3.5', '1.5e-17', '5e-18', '0.000003814697265625']);
    case 7:
      return pick(['inf', '-inf', 'nan', 'abc', '1e', ' 1', '1e5000', '0x', '.', '1.0.0', '']);
    default:
      return `${sign}${Math.floor(random() * 1000)}.${digits(2)}`;
  }
}

/** A chain of INCRBYFLOAT on a few keys (and resets with SET), reproducible from `seed`. */
function incrbyfloatChain(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const keys = ['f:a', 'f:b', 'f:c'];
  const commands: Command[] = [];
  for (let index = 0; index < count; index++) {
    const key = keys[Math.floor(random() * keys.length)] as string;
    if (random() < 0.08) commands.push(['SET', key, randomIncrement(random)]);
    else commands.push(['INCRBYFLOAT', key, randomIncrement(random)]);
  }
  for (const key of keys) commands.push(['GET', key]);
  return commands;
}

/** Random string commands over a few keys, reproducible from `seed`. */
function randomStringCommands(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const keys = ['r:a', 'r:b', 'r:c', 'r:d'];
  const values = ['', 'x', 'hello', '10', '-3', '9223372036854775806', '3.5', 'abc\x00def', '\xff\xfe'];
  const commands: Command[] = [];
  for (let index = 0; index < count; index++) {
    const key = pick(keys);
    switch (integer(0, 13)) {
      case 0:
        commands.push(['SET', key, pick(values), ...pick([[], ['NX'], ['XX'], ['GET'], ['NX', 'GET'], ['XX', 'GET'], ['KEEPTTL']])]);
        break;
      case 1:
        commands.push(['GET', key]);
        break;
      case 2:
        commands.push(['APPEND', key, pick(values)]);
        break;
      case 3:
        commands.push(['SETRANGE', key, integer(0, 20), pick(values)]);
        break;
      case 4:
        commands.push([pick(['GETRANGE', 'SUBSTR']), key, integer(-25, 25), integer(-25, 25)]);
        break;
      case 5:
        commands.push(['INCRBY', key, pick(['1', '-1', '100', I64_MAX, I64_MIN, '5000000000'])]);
        break;
      case 6:
        commands.push([pick(['INCR', 'DECR']), key]);
        break;
      case 7:
        commands.push(['STRLEN', key]);
        break;
      case 8:
        commands.push(['MGET', ...keys]);
        break;
      case 9:
        commands.push(['MSETNX', key, pick(values), pick(keys), pick(values)]);
        break;
      case 10:
        commands.push(random() < 0.5 ? ['GETDEL', key] : ['GETSET', key, pick(values)]);
        break;
      case 11:
        commands.push(['LCS', key, pick(keys), ...pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '2']])]);
        break;
      case 12:
        commands.push(['SETNX', key, pick(values)]);
        break;
      default:
        commands.push(['DECRBY', key, pick(['1', '-7', I64_MIN, I64_MAX])]);
    }
  }
  return commands;
}

/** COMMAND INFO replies without the key specifications (cairn derives those from flags only). */
function withoutKeySpecs(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  return {
    t: 'array',
    v: value.v.map((info) => (info.t === 'array' && info.v !== null ? { t: 'array', v: info.v.filter((_, index) => index !== 8) } : info)),
  };
}

const STRING_COMMANDS = [
  'get', 'set', 'setnx', 'setex', 'psetex', 'getset', 'getdel', 'getex', 'mget', 'mset', 'msetnx', 'append', 'strlen',
  'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat', 'getrange', 'substr', 'setrange', 'lcs',
];

describeSideBySide('strings', [
  {
    name: 'GET and SET of binary values, missing keys, arity errors',
    commands: [
      ['SET', 'k', 'v'], ['GET', 'k'], ['GET', 'missing'], ['SET', 'bin', '\x00\xff\r\n\x80'], ['GET', 'bin'], ['SET', 'empty', ''], ['GET', 'empty'],
      ['GET'], ['GET', 'a', 'b'], ['SET', 'k'], ['SETNX', 'k'], ['MGET'], ['MSET', 'a'], ['MSET', 'a', '1', 'b'], ['MSETNX', 'a', '1', 'b'],
      ['STRLEN'], ['INCRBY', 'k'], ['GETRANGE', 'k', '0'], ['LCS', 'k'], ['GETEX'],
    ],
  },
  {
    name: 'SET options: NX, XX, GET, KEEPTTL and their combinations',
    commands: [
      ['SET', 'k', 'a', 'XX'], ['GET', 'k'], ['SET', 'k', 'a', 'NX'], ['SET', 'k', 'b', 'NX'], ['SET', 'k', 'c', 'xx'], ['GET', 'k'],
      ['SET', 'k', 'd', 'GET'], ['SET', 'k', 'e', 'NX', 'GET'], ['SET', 'new', 'e', 'XX', 'GET'], ['EXISTS', 'new'], ['SET', 'new2', 'f', 'NX', 'GET'],
      ['SET', 'k', 'v', 'get', 'GET'], ['SET', 'k', 'v', 'NX', 'NX'], ['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'XX', 'NX'],
      ['SET', 'k', 'v', 'EX', 100], ['SET', 'k', 'w', 'KEEPTTL'], ['TTL', 'k'], ['SET', 'k', 'x'], ['TTL', 'k'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', 10], ['SET', 'k', 'v', 'EX', 10, 'KEEPTTL'], ['SET', 'k', 'v', 'PERSIST'], ['SET', 'k', 'v', 'FOO'],
      ['SET', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'GET', 'EX'],
    ],
  },
  {
    name: 'SET expiry options, their conflicts and invalid times',
    commands: [
      ['SET', 'a', 'v', 'EX', 100], ['TTL', 'a'], ['SET', 'b', 'v', 'PX', 100_000], ['TTL', 'b'],
      ['SET', 'c', 'v', 'EXAT', FAR_FUTURE_SECONDS], ['EXPIRETIME', 'c'], ['SET', 'd', 'v', 'PXAT', FAR_FUTURE_SECONDS * 1000 + 123], ['PEXPIRETIME', 'd'],
      ['SET', 'e', 'v', 'EX', 10, 'EX', 200], ['TTL', 'e'], ['SET', 'e', 'v', 'EX', 10, 'PX', 10], ['SET', 'e', 'v', 'PXAT', 1, 'EXAT', 1],
      ['SET', 'e', 'v', 'EX', 0], ['SET', 'e', 'v', 'EX', -1], ['SET', 'e', 'v', 'PX', 0], ['SET', 'e', 'v', 'EXAT', 0], ['SET', 'e', 'v', 'PXAT', -5],
      ['SET', 'e', 'v', 'EX', 'abc'], ['SET', 'e', 'v', 'EX', '1.5'], ['SET', 'e', 'v', 'EX', '9223372036854775'], ['SET', 'e', 'v', 'EX', '9223372036854776'],
      ['SET', 'e', 'v', 'PX', I64_MAX], ['SET', 'e', 'v', 'EXAT', '9223372036854775'], ['SET', 'e', 'v', 'EXAT', '9223372036854776'], ['SET', 'e', 'v', 'PXAT', I64_MAX],
      ['SET', 'e', 'v', 'PX', '9223372036854775808'], ['SET', 'p', 'v', 'PXAT', 1], ['GET', 'p'], ['EXISTS', 'p'],
      ['SET', 'g', 'old'], ['SET', 'g', 'new', 'EX', 0, 'GET'], ['GET', 'g'], ['SET', 'g', 'new', 'EX', 100, 'GET'], ['TTL', 'g'],
    ],
  },
  {
    name: 'SETNX, SETEX, PSETEX and GETSET',
    commands: [
      ['SETNX', 'k', 'a'], ['SETNX', 'k', 'b'], ['GET', 'k'], ['SETEX', 'k', 100, 'c'], ['TTL', 'k'], ['GET', 'k'], ['PSETEX', 'k', 200_000, 'd'], ['TTL', 'k'],
      ['SETEX', 'k', 0, 'e'], ['SETEX', 'k', -5, 'e'], ['SETEX', 'k', 'abc', 'e'], ['SETEX', 'k', '9223372036854775', 'e'], ['PSETEX', 'k', 0, 'e'],
      ['PSETEX', 'k', 'x', 'e'], ['PSETEX', 'k', '9223372036854775', 'e'], ['GET', 'k'],
      ['GETSET', 'k', 'f'], ['TTL', 'k'], ['GETSET', 'new', 'g'], ['GET', 'new'], ['SETNX', 'k'],
    ],
  },
  {
    name: 'GETDEL and GETEX with every option',
    commands: [
      ['SET', 'k', 'v'], ['GETDEL', 'k'], ['GETDEL', 'k'], ['EXISTS', 'k'],
      ['SET', 'g', 'v'], ['GETEX', 'g'], ['TTL', 'g'], ['GETEX', 'g', 'EX', 100], ['TTL', 'g'], ['GETEX', 'g', 'PX', 200_000], ['TTL', 'g'],
      ['GETEX', 'g', 'EXAT', FAR_FUTURE_SECONDS], ['EXPIRETIME', 'g'], ['GETEX', 'g', 'PXAT', FAR_FUTURE_SECONDS * 1000 + 7], ['PEXPIRETIME', 'g'],
      ['GETEX', 'g', 'PERSIST'], ['TTL', 'g'], ['GETEX', 'g', 'PERSIST', 'PERSIST'], ['GETEX', 'g', 'ex', 10, 'EX', 300], ['TTL', 'g'],
      ['GETEX', 'g', 'EX', 10, 'PX', 10], ['GETEX', 'g', 'PERSIST', 'EX', 10], ['GETEX', 'g', 'EX', 10, 'PERSIST'], ['GETEX', 'g', 'KEEPTTL'],
      ['GETEX', 'g', 'NX'], ['GETEX', 'g', 'GET'], ['GETEX', 'g', 'FOO'], ['GETEX', 'g', 'EX'], ['GETEX', 'g', 'EX', 0], ['GETEX', 'g', 'EX', 'abc'],
      ['GETEX', 'g', 'PX', I64_MAX], ['GETEX', 'g', 'EXAT', '9223372036854775'], ['GETEX', 'missing', 'EX', 0], ['GETEX', 'missing', 'EX', 'abc'],
      ['GETEX', 'missing', 'FOO'], ['GETEX', 'g', 'EXAT', 1], ['EXISTS', 'g'], ['SET', 'h', 'v'], ['GETEX', 'h', 'PXAT', 1], ['GET', 'h'],
    ],
  },
  {
    name: 'MGET, MSET and MSETNX',
    commands: [
      ['MSET', 'a', '1', 'b', '2', 'a', '3'], ['MGET', 'a', 'b', 'missing', 'a'], ['SET', 'c', 'v', 'EX', 100], ['MSET', 'c', 'w'], ['TTL', 'c'],
      ['MSETNX', 'd', '1', 'a', 'x'], ['EXISTS', 'd'], ['MSETNX', 'd', '1', 'e', '2'], ['MGET', 'd', 'e'], ['MSETNX', 'dup', '1', 'dup', '2'], ['GET', 'dup'],
    ],
  },
  {
    name: 'APPEND and STRLEN',
    commands: [
      ['APPEND', 'e', ''], ['EXISTS', 'e'], ['STRLEN', 'e'], ['APPEND', 'k', 'Hello'], ['APPEND', 'k', ' World'], ['GET', 'k'], ['STRLEN', 'k'],
      ['STRLEN', 'missing'], ['SET', 'n', '10'], ['APPEND', 'n', '5'], ['INCR', 'n'], ['SET', 't', 'v', 'EX', 100], ['APPEND', 't', 'x'], ['TTL', 't'],
      ['APPEND', 'bin', '\x00\x01'], ['APPEND', 'bin', '\xff'], ['STRLEN', 'bin'], ['GET', 'bin'],
    ],
  },
  {
    name: 'SETRANGE: padding, empty values, offsets and limits',
    commands: [
      ['SETRANGE', 'k', 3, 'ab'], ['GET', 'k'], ['SETRANGE', 'k', 1, 'XYZW'], ['GET', 'k'], ['SETRANGE', 'k', 0, ''], ['SETRANGE', 'missing', 10, ''],
      ['EXISTS', 'missing'], ['SETRANGE', 'k', -1, 'x'], ['SETRANGE', 'k', 'abc', 'x'], ['SETRANGE', 'k', '1.5', 'x'], ['SETRANGE', 'missing', -1, ''],
      ['SETRANGE', 'k', 536_870_912, 'x'], ['SETRANGE', 'k', I64_MAX, 'x'], ['SETRANGE', 'k', 536_870_912, ''], ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SET', 'n', '12345'], ['SETRANGE', 'n', 1, '9'], ['GET', 'n'], ['SET', 't', 'v', 'EX', 100], ['SETRANGE', 't', 5, 'x'], ['TTL', 't'], ['STRLEN', 't'],
    ],
  },
  {
    name: 'GETRANGE and SUBSTR index rules',
    commands: [
      ['SET', 's', 'Hello World'], ['GETRANGE', 's', 0, 4], ['GETRANGE', 's', -3, -1], ['GETRANGE', 's', -1, -3], ['GETRANGE', 's', 5, 2],
      ['GETRANGE', 's', 0, -100], ['GETRANGE', 's', -100, -100], ['GETRANGE', 's', -100, -50], ['GETRANGE', 's', -50, -100], ['GETRANGE', 's', 100, 200],
      ['GETRANGE', 's', 0, I64_MAX], ['GETRANGE', 's', I64_MIN, I64_MAX], ['GETRANGE', 's', I64_MAX, I64_MIN], ['GETRANGE', 's', '-9223372036854775807', I64_MIN],
      ['GETRANGE', 's', 'a', 1], ['GETRANGE', 's', 0, '9223372036854775808'], ['GETRANGE', 's', 1, 1], ['GETRANGE', 'missing', 0, 1],
      ['GETRANGE', 'missing', 'a', 1], ['SET', 'empty', ''], ['GETRANGE', 'empty', 0, -1], ['GETRANGE', 'empty', -1, 0], ['SUBSTR', 's', 0, 2],
      ['SUBSTR', 's', -5, -1], ['SET', 'n', '-12345'], ['GETRANGE', 'n', 1, 3],
    ],
  },
  {
    name: 'INCR, DECR, INCRBY, DECRBY over the int64 range',
    commands: [
      ['INCR', 'n'], ['INCRBY', 'n', 9], ['DECR', 'n'], ['DECRBY', 'n', 19], ['GET', 'n'],
      ['SET', 'n', '9223372036854775806'], ['INCR', 'n'], ['INCR', 'n'], ['GET', 'n'], ['SET', 'n', I64_MIN], ['DECR', 'n'], ['INCR', 'n'],
      ['SET', 'n', '9007199254740992'], ['INCR', 'n'], ['INCRBY', 'n', 2], ['GET', 'n'], ['SET', 'n', '9007199254740991'], ['INCR', 'n'], ['DECR', 'n'],
      ['SET', 'n', '1'], ['INCRBY', 'n', I64_MAX], ['SET', 'n', '-1'], ['INCRBY', 'n', I64_MIN], ['SET', 'n', '-2'], ['INCRBY', 'n', '-9223372036854775807'],
      ['SET', 'n', '5'], ['DECRBY', 'n', I64_MAX], ['SET', 'n', '-2'], ['DECRBY', 'n', I64_MAX], ['DECRBY', 'x', I64_MIN], ['DECRBY', 'x', '-9223372036854775807'],
      ['INCRBY', 'y', 'abc'], ['INCRBY', 'y', '1.5'], ['INCRBY', 'y', '+5'], ['INCRBY', 'y', ' 5'], ['INCRBY', 'y', '00'], ['INCRBY', 'y', '-0'],
      ['INCRBY', 'y', '9223372036854775808'], ['SET', 'z', 'abc'], ['INCR', 'z'], ['SET', 'z', ' 1'], ['INCR', 'z'], ['SET', 'z', '01'], ['INCR', 'z'],
      ['SET', 'z', '-0'], ['INCR', 'z'], ['SET', 'z', '1.0'], ['DECR', 'z'], ['SET', 'z', '12345678901234567890'], ['INCR', 'z'], ['SET', 'z', ''], ['INCR', 'z'],
      ['SET', 't', '1', 'EX', 100], ['INCR', 't'], ['TTL', 't'],
    ],
  },
  {
    name: 'INCRBYFLOAT hand-picked: formatting, specials, limits of long double',
    commands: [
      ['SET', 'f', '10.5'], ['INCRBYFLOAT', 'f', '0.1'], ['SET', 'f', '0.1'], ['INCRBYFLOAT', 'f', '0.2'], ['SET', 'f', '1e300'], ['INCRBYFLOAT', 'f', '1.1'],
      ['INCRBYFLOAT', 'g', '1e4000'], ['INCRBYFLOAT', 'g', '-1e4000'], ['INCRBYFLOAT', 'h', '5.0e3'], ['INCRBYFLOAT', 'h', '-5000'], ['INCRBYFLOAT', 'h', '-1e-20'],
      ['INCRBYFLOAT', 'i', 'inf'], ['INCRBYFLOAT', 'i', '-INFINITY'], ['INCRBYFLOAT', 'i', 'nan'], ['INCRBYFLOAT', 'i', 'infini'], ['EXISTS', 'i'],
      ['INCRBYFLOAT', 'i', ' 1'], ['INCRBYFLOAT', 'i', '1 '], ['INCRBYFLOAT', 'i', '+1.5'], ['INCRBYFLOAT', 'i', '.5'], ['INCRBYFLOAT', 'i', '5.'],
      ['INCRBYFLOAT', 'i', '.'], ['INCRBYFLOAT', 'i', '-'], ['INCRBYFLOAT', 'i', '1e'], ['INCRBYFLOAT', 'i', '0x1p3'], ['INCRBYFLOAT', 'i', '0X.8P1'],
      ['INCRBYFLOAT', 'i', '0x'], ['INCRBYFLOAT', 'i', '1e5000'], ['INCRBYFLOAT', 'i', '1e-5000'], ['INCRBYFLOAT', 'j', '1e-4950'], ['INCRBYFLOAT', 'j', '4e-4951'],
      ['INCRBYFLOAT', 'j', '1e-4951'], ['INCRBYFLOAT', 'j', '0x1p-16446'], ['INCRBYFLOAT', 'j', '0x1.8p-16446'], ['INCRBYFLOAT', 'j', '0x1p16384'],
      ['INCRBYFLOAT', 'j', '1.18973149535723176508e+4932'], ['INCRBYFLOAT', 'j', '1.18973149535723176502e+4932'], ['INCRBYFLOAT', 'j', '1e4932'],
      ['INCRBYFLOAT', 'k', '0.000003814697265625'], ['INCRBYFLOAT', 'l', '0.000011444091796875'], ['INCRBYFLOAT', 'm', '18446744073709551617'],
      ['SET', 'z', '-0'], ['INCRBYFLOAT', 'z', '-0'], ['SET', 'z', 'abc'], ['INCRBYFLOAT', 'z', '1'], ['SET', 'z', '\x00'], ['INCRBYFLOAT', 'z', '1'],
      ['SET', 'z', '1.5\x00abc'], ['INCRBYFLOAT', 'z', '1'], ['INCRBYFLOAT', 'z2', '2\x00'], ['INCRBYFLOAT', 'z2', '0'.repeat(5118) + '1'],
      ['INCRBYFLOAT', 'z2', '0'.repeat(5119) + '1'], ['SET', 't', '1', 'EX', 100], ['INCRBYFLOAT', 't', '0.5'], ['TTL', 't'], ['GET', 't'],
    ],
  },
  { name: 'INCRBYFLOAT seeded random chain 1', commands: incrbyfloatChain(1, 400) },
  { name: 'INCRBYFLOAT seeded random chain 2', commands: incrbyfloatChain(2, 400) },
  { name: 'INCRBYFLOAT seeded random chain 3', commands: incrbyfloatChain(3, 400) },
  {
    name: 'LCS: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN and errors',
    commands: [
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'], ['LCS', 'key1', 'key2'], ['LCS', 'key1', 'key2', 'LEN'], ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', 4], ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', 4, 'WITHMATCHLEN'], ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'LEN', 'IDX'], ['LCS', 'key1', 'key2', 'IDX', 'LEN'], ['LCS', 'key1', 'key2', 'MINMATCHLEN'], ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', -5, 'IDX'], ['LCS', 'key1', 'key2', 'FOO'], ['LCS', 'key1', 'key2', 'len', 'len'], ['LCS', 'key1', 'key2', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc', 'LEN', 'IDX'], ['LCS', 'missing', 'key2'], ['LCS', 'missing', 'other', 'IDX'], ['LCS', 'key1', 'missing', 'LEN'],
      ['MSET', 'a', 'GATTACAGATTACA', 'b', 'TAGACCATAGGA'], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'], ['LCS', 'b', 'a', 'IDX'], ['LCS', 'a', 'a', 'IDX'],
    ],
  },
  {
    name: 'LCS IDX and nil replies in RESP3',
    resp3: true,
    commands: [
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'], ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'], ['LCS', 'x', 'y', 'IDX'], ['GET', 'missing'],
      ['SET', 'key1', 'v', 'NX'], ['MGET', 'key1', 'missing'], ['GETEX', 'missing'], ['INCRBYFLOAT', 'f', '1.5'],
    ],
  },
  {
    name: 'proto-max-bulk-len bounds SETRANGE, APPEND and the LCS table',
    commands: [
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1mb'], ['SETRANGE', 'k', 1_048_575, 'x'], ['SETRANGE', 'k', 1_048_576, 'x'], ['APPEND', 'k', 'y'], ['STRLEN', 'k'],
      ['SET', 'a', 'a'.repeat(600)], ['SET', 'b', 'b'.repeat(435)], ['LCS', 'a', 'b', 'LEN'], ['SET', 'b', 'b'.repeat(436)], ['LCS', 'a', 'b', 'LEN'],
      ['LCS', 'a', 'b', 'FOO'], ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ],
  },
  { name: 'seeded random string commands 1', commands: randomStringCommands(11, 300) },
  { name: 'seeded random string commands 2', commands: randomStringCommands(12, 300) },
  {
    name: 'COMMAND INFO of every string command (without key specs)',
    commands: STRING_COMMANDS.map((name) => ['COMMAND', 'INFO', name]),
    normalize: withoutKeySpecs,
  },
]);
