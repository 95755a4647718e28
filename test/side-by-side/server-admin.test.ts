/**
 * Server administration side by side with Redis 7: CONFIG GET/SET/RESETSTAT/REWRITE/HELP, DBSIZE,
 * FLUSHDB, FLUSHALL, SWAPDB, OBJECT, MEMORY USAGE, SLOWLOG, TIME, LASTSAVE and INFO's layout.
 * Replies that depend on the machine or the moment (times, ids, memory totals, INFO values) are
 * compared by shape.
 */
import type { RespValue } from '../support/resp-client.js';
import { type Command, describeSideBySide } from '../support/side-by-side.js';

/** Map and flat-array CONFIG GET replies with their pairs sorted (Redis lists them in hash order). */
function sortPairs(value: RespValue): RespValue {
  if (value.t === 'map') return { t: 'map', v: [...value.v].sort((a, b) => pairKey(a[0]).localeCompare(pairKey(b[0]))) };
  if (value.t !== 'array' || value.v === null || value.v.length % 2 !== 0) return value;
  const pairs: [RespValue, RespValue][] = [];
  for (let index = 0; index < value.v.length; index += 2) pairs.push([value.v[index] as RespValue, value.v[index + 1] as RespValue]);
  pairs.sort((a, b) => pairKey(a[0]).localeCompare(pairKey(b[0])));
  return { t: 'array', v: pairs.flat() };
}

function pairKey(value: RespValue): string {
  return value.t === 'bulk' ? (value.v ?? '') : JSON.stringify(value);
}

/** INFO replies reduced to their section headings (values differ between machines). */
function infoHeadings(value: RespValue): RespValue {
  if ((value.t === 'bulk' && value.v !== null) || value.t === 'verbatim') {
    const text = value.v as string;
    return { t: value.t, v: text.split('\r\n').filter((line) => line.startsWith('# ')).join('|') };
  }
  return value;
}

/** Integers and digit strings reduced to their type (TIME, LASTSAVE, SLOWLOG ids and times). */
function digitsAsShape(value: RespValue): RespValue {
  if (value.t === 'int') return { t: 'int', v: 'N' };
  if (value.t === 'bulk' && value.v !== null && /^\d+$/.test(value.v)) return { t: 'bulk', v: 'digits' };
  if (value.t === 'bulk' && value.v !== null && /^127\.0\.0\.1:\d+$/.test(value.v)) return { t: 'bulk', v: '127.0.0.1:port' };
  if (value.t === 'array' && value.v !== null) return { t: 'array', v: value.v.map(digitsAsShape) };
  return value;
}

/** Settings cairn and Redis share with the same defaults (the reference runs with --bind 127.0.0.1). */
const SHARED_SETTINGS = [
  'timeout', 'tcp-keepalive', 'hz', 'maxclients', 'slowlog-log-slower-than', 'slowlog-max-len', 'proto-max-bulk-len',
  'client-query-buffer-limit', 'client-output-buffer-limit', 'loglevel', 'databases', 'bind',
];

const strings: [string, string][] = [
  ['small-int', '5'], ['shared-edge', '9999'], ['int', '10000'], ['negative', '-1'], ['int64-max', '9223372036854775807'],
  ['int64-min', '-9223372036854775808'], ['beyond-int64', '9223372036854775808'], ['minus-zero', '-0'], ['leading-zero', '007'],
  ['plus', '+1'], ['float', '1.5'], ['empty', ''], ['embstr-44', 'e'.repeat(44)], ['raw-45', 'r'.repeat(45)],
  ['raw-200', 'r'.repeat(200)], ['raw-5000', 'r'.repeat(5000)], ['raw-100000', 'r'.repeat(100_000)],
  [`long-key-${'k'.repeat(40)}`, 'v'], [`longer-key-${'k'.repeat(300)}`, 'v'.repeat(60)],
];

describeSideBySide('CONFIG', [
  {
    name: 'CONFIG GET of shared settings, one by one, together and by pattern',
    commands: [
      ...SHARED_SETTINGS.map((name): Command => ['CONFIG', 'GET', name]),
      ['CONFIG', 'GET', ...SHARED_SETTINGS],
      ['CONFIG', 'GET', 'HZ'],
      ['CONFIG', 'GET', 'slowlog*'],
      ['CONFIG', 'GET', 'SLOWLOG-MAX-LEN', 'slowlog-max-len', 'slowlog-*'],
      ['CONFIG', 'GET', 'nosuch'],
      ['CONFIG', 'GET', 'nosuch*'],
      ['CONFIG', 'GET'],
    ],
    normalize: sortPairs,
  },
  {
    name: 'CONFIG GET answers a map in RESP3',
    resp3: true,
    commands: [['CONFIG', 'GET', 'timeout', 'maxclients', 'hz']],
    normalize: sortPairs,
  },
  {
    name: 'CONFIG SET refuses unknown, immutable and repeated names in Redis order',
    commands: [
      ['CONFIG', 'SET', 'nosuch', '1'],
      ['CONFIG', 'SET', 'databases', '3'],
      ['CONFIG', 'SET', 'maxclients', 'x', 'nosuch', '1'],
      ['CONFIG', 'SET', 'databases', '3', 'nosuch', '1'],
      ['CONFIG', 'SET', 'maxclients', 'x', 'databases', '3'],
      ['CONFIG', 'SET', 'timeout', '5', 'TIMEOUT', '6'],
      ['CONFIG', 'SET', 'timeout', '5', 'tcp-keepalive'],
      ['CONFIG', 'SET', 'timeout'],
      ['CONFIG', 'GET', 'timeout'],
    ],
  },
  {
    name: 'CONFIG SET checks values as Redis and applies all or nothing',
    commands: [
      ['CONFIG', 'SET', 'timeout', 'abc'],
      ['CONFIG', 'SET', 'timeout', '-1'],
      ['CONFIG', 'SET', 'timeout', '05'],
      ['CONFIG', 'SET', 'timeout', '+5'],
      ['CONFIG', 'SET', 'timeout', '1e3'],
      ['CONFIG', 'SET', 'tcp-keepalive', '-1'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '2.5mb'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '-2mb'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'],
      ['CONFIG', 'SET', 'tcp-keepalive', '100', 'timeout', 'x'],
      ['CONFIG', 'GET', 'tcp-keepalive'],
      ['CONFIG', 'SET', 'tcp-keepalive', '100', 'timeout', '7'],
      ['CONFIG', 'GET', 'tcp-keepalive', 'timeout'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '2MB', 'client-query-buffer-limit', '1gb'],
      ['CONFIG', 'GET', 'proto-max-bulk-len', 'client-query-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 10'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'hz', '1000'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '0'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '10', 'timeout', '0', 'tcp-keepalive', '300', 'proto-max-bulk-len', '512mb'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
    ],
    normalize: sortPairs,
  },
  {
    name: 'CONFIG RESETSTAT, REWRITE, HELP and unknown subcommands',
    commands: [
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'HELP'],
      ['CONFIG', 'foo'],
      ['CONFIG'],
    ],
  },
]);

describeSideBySide('DBSIZE, FLUSHDB, FLUSHALL, SWAPDB', [
  {
    name: 'DBSIZE counts the selected database',
    commands: [
      ['SET', 'a', '1'], ['SET', 'b', '2'], ['SELECT', '1'], ['SET', 'c', '3'], ['DBSIZE'],
      ['SELECT', '0'], ['DBSIZE'], ['SELECT', '2'], ['DBSIZE'], ['DBSIZE', 'x'],
    ],
  },
  {
    name: 'FLUSHDB empties the selected database only; FLUSHALL empties all',
    commands: [
      ['SET', 'a', '1'], ['SELECT', '1'], ['SET', 'b', '2'], ['FLUSHDB'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
      ['FLUSHDB', 'ASYNC'], ['DBSIZE'], ['FLUSHDB', 'sync'], ['FLUSHDB', 'now'], ['FLUSHDB', 'sync', 'async'],
      ['SET', 'a', '1'], ['SELECT', '3'], ['SET', 'b', '2'], ['FLUSHALL', 'SYNC'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
      ['FLUSHALL', 'x'], ['FLUSHALL', 'ASYNC', 'x'],
    ],
  },
  {
    name: 'SWAPDB exchanges contents; clients keep their database number',
    commands: [
      ['SET', 'zero', '0'], ['SELECT', '1'], ['SET', 'one', '1'], ['SET', 'also', '1'], ['SWAPDB', '0', '1'],
      ['DBSIZE'], ['GET', 'zero'], ['GET', 'one'], ['SELECT', '0'], ['GET', 'one'], ['DBSIZE'],
      ['SWAPDB', '1', '1'], ['SWAPDB', '5', '6'], ['DBSIZE'],
    ],
  },
  {
    name: 'SWAPDB checks its indexes in order',
    commands: [
      ['SWAPDB', 'a', 'b'], ['SWAPDB', '0', 'b'], ['SWAPDB', '0', '01'], ['SWAPDB', '0', ' 1'], ['SWAPDB', '0', '2147483648'],
      ['SWAPDB', '0', '16'], ['SWAPDB', '-1', '0'], ['SWAPDB', '99999999999999999999', '0'], ['SWAPDB', '0'],
    ],
  },
  {
    name: 'SWAPDB and FLUSHDB break a transaction watching a key that changes',
    commands: [
      ['SELECT', '1'], ['SET', 'w', '1'], ['SELECT', '0'], ['WATCH', 'w'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC'],
      ['WATCH', 'w'], ['FLUSHDB'], ['MULTI'], ['PING'], ['EXEC'],
      ['WATCH', 'absent'], ['FLUSHALL'], ['MULTI'], ['PING'], ['EXEC'],
    ],
  },
]);

describeSideBySide('OBJECT and MEMORY USAGE', [
  {
    name: 'OBJECT ENCODING and REFCOUNT of strings',
    commands: [
      ...strings.map(([key, value]): Command => ['SET', key, value]),
      ...strings.map(([key]): Command => ['OBJECT', 'ENCODING', key]),
      ...strings.map(([key]): Command => ['OBJECT', 'REFCOUNT', key]),
      ['INCR', 'counter'], ['OBJECT', 'ENCODING', 'counter'], ['OBJECT', 'REFCOUNT', 'counter'],
    ],
  },
  {
    name: 'MEMORY USAGE of strings matches Redis byte for byte',
    commands: [...strings.map(([key, value]): Command => ['SET', key, value]), ...strings.map(([key]): Command => ['MEMORY', 'USAGE', key])],
  },
  {
    name: 'OBJECT and MEMORY USAGE of missing keys, errors and help',
    commands: [
      ['SET', 'k', 'v'],
      ['OBJECT', 'ENCODING', 'missing'], ['OBJECT', 'REFCOUNT', 'missing'], ['OBJECT', 'IDLETIME', 'missing'],
      ['OBJECT', 'FREQ', 'missing'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'ENCODING'], ['OBJECT', 'ENCODING', 'a', 'b'],
      ['OBJECT', 'foo'], ['OBJECT'], ['OBJECT', 'HELP'],
      ['MEMORY', 'USAGE', 'missing'], ['MEMORY', 'USAGE', 'k', 'SAMPLES', '0'], ['MEMORY', 'USAGE', 'k', 'samples', '1', 'SAMPLES', '2'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'], ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'], ['MEMORY', 'USAGE', 'missing', 'SAMPLES'],
      ['MEMORY', 'USAGE', 'missing', 'FOO', '1'], ['MEMORY', 'USAGE'], ['MEMORY', 'PURGE'], ['MEMORY', 'HELP'], ['MEMORY', 'nope'],
    ],
  },
  {
    name: 'OBJECT IDLETIME of a fresh key',
    commands: [['SET', 'k', 'v'], ['OBJECT', 'IDLETIME', 'k']],
    normalize: digitsAsShape,
  },
]);

describeSideBySide('SLOWLOG, TIME, LASTSAVE, INFO', [
  {
    name: 'SLOWLOG argument checks and help',
    commands: [
      ['SLOWLOG', 'GET', '-2'], ['SLOWLOG', 'GET', 'x'], ['SLOWLOG', 'GET', '0'], ['SLOWLOG', 'get', '1', '2'],
      ['SLOWLOG', 'LEN', 'x'], ['SLOWLOG', 'RESET', 'x'], ['SLOWLOG', 'HELP'], ['SLOWLOG', 'nope'], ['SLOWLOG'],
    ],
  },
  {
    name: 'TIME and LASTSAVE shapes',
    commands: [['TIME'], ['LASTSAVE'], ['TIME', 'x'], ['LASTSAVE', 'x']],
    normalize: digitsAsShape,
  },
  {
    name: 'INFO sections in RESP2',
    commands: [
      ['INFO'], ['INFO', 'default'], ['INFO', 'all'], ['INFO', 'server'], ['INFO', 'keyspace', 'CPU', 'server'],
      ['INFO', 'commandstats', 'default'], ['INFO', 'bogus'], ['INFO', 'cluster', 'errorstats'],
    ],
    normalize: (value) => (value.t === 'bulk' && value.v?.includes('# Latencystats') ? infoHeadings(withoutLatency(value)) : infoHeadings(value)),
  },
  {
    name: 'INFO is a verbatim string in RESP3',
    resp3: true,
    commands: [['INFO', 'server', 'persistence'], ['INFO', 'bogus']],
    normalize: infoHeadings,
  },
  {
    name: 'INFO keyspace lists databases holding keys',
    commands: [['SET', 'a', '1'], ['SET', 'b', '2'], ['SELECT', '4'], ['SET', 'c', '3'], ['INFO', 'keyspace'], ['SELECT', '0']],
  },
]);

/** Redis's `INFO all` also has Latencystats, which cairn does not keep. */
function withoutLatency(value: RespValue): RespValue {
  if (value.t !== 'bulk' || value.v === null) return value;
  return { t: 'bulk', v: value.v.replace(/# Latencystats\r\n(?:[^#\r\n][^\r\n]*\r\n)*\r\n/, '') };
}

/** Slowlog entries with ids, times, durations and ports reduced to their shape. */
function slowlogShape(value: RespValue, index: number): RespValue {
  return index === 0 ? value : digitsAsShape(value);
}

describeSideBySide('SLOWLOG entries', [
  {
    name: 'SLOWLOG records every command at threshold 0, newest first, with argv, address and name',
    commands: [
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['SLOWLOG', 'RESET'],
      ['ECHO', 'hello'],
      ['PING', 'x'.repeat(130)],
      ['SLOWLOG', 'LEN'],
      ['SLOWLOG', 'GET'],
      ['SLOWLOG', 'GET', '1'],
      ['CONFIG', 'SET', 'slowlog-max-len', '2'],
      ['SLOWLOG', 'LEN'],
      ['SLOWLOG', 'GET', '-1'],
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1', 'slowlog-max-len', '128'],
      ['SLOWLOG', 'RESET'],
      ['SLOWLOG', 'LEN'],
    ],
    normalize: slowlogShape,
  },
]);
