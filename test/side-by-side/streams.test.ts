/**
 * Streams side by side with Redis 7: every stream command with its options, id forms and error
 * texts in Redis's order of checks, node structure (radix-tree-keys/nodes, `~` trims of whole
 * nodes) under small node limits, consumer groups (deliveries, history, PEL, claims, lag and
 * entries-read), RESP3 reply shapes, the generic key commands on streams, and COMMAND INFO.
 * Ids are explicit so replies do not depend on the clock; idle times and delivery times are
 * compared by range (see maskTimes).
 */
import type { RespValue } from '../support/resp-client.js';
import { maskStreamTimes } from '../support/stream-times.js';
import { seededRandom } from '../support/executor.js';
import { type Command, describeSideBySide } from '../support/side-by-side.js';

/** Idle times are compared in buckets this wide (ms), centred on multiples of it: a few ms of difference do not matter. */
const IDLE_BUCKET_MS = 10_000;
/** Integers at least this large are absolute times in ms. */
const ABSOLUTE_TIME_MIN = 1_000_000_000_000;

const masked = (label: string): RespValue => ({ t: 'int', v: label });

function maskInteger(value: RespValue, idle: boolean): RespValue {
  if (value.t !== 'int') return value;
  const number = Number(value.v);
  if (number >= ABSOLUTE_TIME_MIN) return masked('<time>');
  if (idle && number >= 0) return masked(`<idle ${Math.floor((number + IDLE_BUCKET_MS / 2) / IDLE_BUCKET_MS)}>`);
  return value;
}

/** Absolute times (seen-time, delivery times) become `<time>`, idle times their bucket (test/support/stream-times.ts). */
function maskTimes(value: RespValue): RespValue {
  return maskStreamTimes(value, maskInteger);
}

/**
 * COMMAND INFO replies without key specifications, also those of subcommands (regenerated metadata
 * supplies them), with subcommands sorted by name (Redis lists them in its dict's seeded order).
 */
function withoutKeySpecs(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  return { t: 'array', v: value.v.map(infoWithoutKeySpecs) };
}

function infoWithoutKeySpecs(info: RespValue): RespValue {
  if (info.t !== 'array' || info.v === null) return info;
  return {
    t: 'array',
    v: info.v
      .filter((_, index) => index !== 8)
      .map((item, index) => (index === 8 && item.t === 'array' && item.v !== null ? { t: 'array', v: item.v.map(infoWithoutKeySpecs).sort(byName) } : item)),
  };
}

function byName(first: RespValue, second: RespValue): number {
  const name = (info: RespValue) => (info.t === 'array' && info.v?.[0]?.t === 'bulk' ? (info.v[0].v ?? '') : '');
  return name(first) < name(second) ? -1 : name(first) > name(second) ? 1 : 0;
}

/** `count` entries `base+1-0`.. on `key` with one field. */
function addEntries(key: string, count: number, base = 0, field = 'f'): Command[] {
  return Array.from({ length: count }, (_, index) => ['XADD', key, `${base + index + 1}-0`, field, `v${index}`]);
}

/** Restore the node limits a case changed (the servers live for the whole file). */
const RESTORE_NODE_LIMITS: Command[] = [
  ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'],
];

/** A group `g` on `s` (entries 1-0..n-0) with consumer `alice` holding the first `delivered`. */
function groupWithPending(entries: number, delivered: number): Command[] {
  return [...addEntries('s', entries), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', delivered, 'STREAMS', 's', '>']];
}

/** Random XADD / XDEL / XTRIM on one stream under small node limits, checking XINFO STREAM as it goes. */
function randomNodeCommands(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const commands: Command[] = [['CONFIG', 'SET', 'stream-node-max-entries', String(integer(2, 6))], ['CONFIG', 'SET', 'stream-node-max-bytes', String(integer(60, 200))]];
  let ms = 1;
  for (let index = 0; index < count; index++) {
    switch (integer(0, 9)) {
      case 0:
        commands.push(['XDEL', 's', `${integer(1, ms)}-${integer(0, 2)}`, `${integer(1, ms)}-0`]);
        break;
      case 1:
        commands.push(['XTRIM', 's', 'MAXLEN', random() < 0.5 ? '~' : '=', integer(0, 30)]);
        break;
      case 2:
        if (random() < 0.3) commands.push(['XTRIM', 's', 'MINID', '~', `${integer(1, ms)}-${integer(0, 1)}`, 'LIMIT', integer(0, 8)]);
        else commands.push(['XTRIM', 's', 'MINID', random() < 0.5 ? '~' : '=', `${integer(1, ms)}-${integer(0, 1)}`]);
        break;
      case 3:
        commands.push(['XINFO', 'STREAM', 's']);
        break;
      case 4:
        commands.push(['XADD', 's', 'MAXLEN', '~', integer(3, 20), `${ms}-${integer(1, 3)}`, 'f', 'x'.repeat(integer(0, 40))]);
        break;
      default:
        ms += integer(0, 300);
        commands.push(['XADD', 's', `${ms}-*`, ...(random() < 0.7 ? ['f', String(integer(-5000, 5000))] : ['g', 'a', 'h', 'y'.repeat(integer(0, 70))])]);
    }
  }
  commands.push(['XINFO', 'STREAM', 's', 'FULL'], ['XRANGE', 's', '-', '+'], ...RESTORE_NODE_LIMITS);
  return commands;
}

describeSideBySide('streams', [
  {
    name: 'XADD with explicit, partial and incomplete ids, and every id error',
    commands: [
      ['XADD', 's', '0-0', 'f', 'v'], ['XADD', 's', '0', 'f', 'v'], ['XADD', 's', '0-*', 'f', 'v'], ['XADD', 's', '5', 'f', 'v'],
      ['XADD', 's', '5-*', 'f', 'v'], ['XADD', 's', '4-*', 'f', 'v'], ['XADD', 's', '5-1', 'f', 'v'], ['XADD', 's', '5-3', 'f'],
      ['XADD', 's', '+', 'f', 'v'], ['XADD', 's', '-', 'f', 'v'], ['XADD', 's', ' 7', 'f', 'v'], ['XADD', 's', '+8', 'f', 'v'],
      ['XADD', 's', '009-0', 'f', 'v'], ['XADD', 's', '-1', 'f', 'v'], ['XADD', 's', '10- -1', 'f', 'v'], ['XADD', 's', '11-', 'f', 'v'],
      ['XADD', 's', '18446744073709551616', 'f', 'v'], ['XADD', 's', '12-18446744073709551616', 'f', 'v'], ['XADD', 's', 'x', 'f', 'v'],
      ['XADD', 's', '12\x00junk', 'f', 'v'], ['XADD', 's', '1'.repeat(130), 'f', 'v'], ['XADD', 's', '13-*x', 'f', 'v'],
      ['XADD', 's', '18446744073709551615-18446744073709551615', 'f', 'v'], ['XADD', 's', '18446744073709551615-*', 'f', 'v'],
      ['XADD', 's2', '18446744073709551615-*', 'f', 'v'], ['XADD', 's2', '18446744073709551615-*', 'f', 'v'],
      ['XADD', 's3', '7-18446744073709551615', 'f', 'v'], ['XADD', 's3', '7-*', 'f', 'v'], ['XADD', 's3', '8-*', 'f', 'v'],
      ['XRANGE', 's', '-', '+'], ['XRANGE', 's2', '-', '+'], ['XRANGE', 's3', '-', '+'], ['XLEN', 's'],
    ],
  },
  {
    name: 'XADD options: NOMKSTREAM, trim strategies and their errors, arity',
    commands: [
      ['XADD', 'nokey', 'NOMKSTREAM', '1-1', 'f', 'v'], ['EXISTS', 'nokey'], ['XADD', 's', 'NOMKSTREAM', '1-1', 'f', 'v'],
      ['XADD', 's', '1-2', 'f', 'v'], ['XADD', 's', 'nomkstream', '1-3', 'f', 'v'], ['XADD', 's'], ['XADD', 's', 'MAXLEN'],
      ['XADD', 's', 'MAXLEN', '-1', '*', 'f', 'v'], ['XADD', 's', 'MAXLEN', 'x', '*', 'f', 'v'], ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '1', 'MAXLEN', '2', '*', 'f', 'v'], ['XADD', 's', 'LIMIT', '5', '*', 'f', 'v'], ['XADD', 's', 'LIMIT', '0', '2-0', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '5', 'LIMIT', '5', '*', 'f', 'v'], ['XADD', 's', 'MAXLEN', '~', '5', 'LIMIT', '-1', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '~', '5', 'LIMIT', 'x', '*', 'f', 'v'], ['XADD', 's', 'MINID', '~', 'x', '*', 'f', 'v'], ['XADD', 's', 'MINID', '-', '*', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '=', '2', '3-0', 'f', 'v'], ['XRANGE', 's', '-', '+'], ['XADD', 's', 'MINID', '3', '4-0', 'f', 'v'], ['XRANGE', 's', '-', '+'],
      ['XADD', 's', 'maxlen', '~', '0', '5-0', 'f', 'v'], ['XLEN', 's'], ['XADD', 's', 'MAXLEN', '1', '6-0', 'f', 'v', 'g'],
      ['XADD', 's', 'MAXLEN', '0', '7-0', 'f', 'v'], ['XLEN', 's'], ['EXISTS', 's'], ['XADD', 's', 'MAXLEN', '~', '=', '8-0', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '=', '*', 'f', 'v'], ['XADD', 's', 'FOO', 'f', 'v'],
    ],
  },
  {
    name: 'XTRIM: MAXLEN and MINID, exact and approximate, LIMIT, errors',
    commands: [
      ['CONFIG', 'SET', 'stream-node-max-entries', '3'], ...addEntries('s', 11),
      ['XTRIM', 's'], ['XTRIM', 's', 'FOO', '1'], ['XTRIM', 's', 'MAXLEN'], ['XTRIM', 's', 'MAXLEN', '1', '2'], ['XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1'],
      ['XTRIM', 'nokey', 'MAXLEN', '1'], ['XTRIM', 's', 'LIMIT', '10', 'MAXLEN', '1'], ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '10'],
      ['XTRIM', 's', 'MAXLEN', '~', '10'], ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '~', '7'], ['XINFO', 'STREAM', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '2'], ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '3'], ['XLEN', 's'],
      ['XTRIM', 's', 'MINID', '~', '9'], ['XRANGE', 's', '-', '+'], ['XTRIM', 's', 'MINID', '9'], ['XTRIM', 's', 'MINID', '9'], ['XRANGE', 's', '-', '+'],
      ['XTRIM', 's', 'MAXLEN', '=', '1'], ['XINFO', 'STREAM', 's'], ['XTRIM', 's', 'MAXLEN', '0'], ['EXISTS', 's'], ['XINFO', 'STREAM', 's'],
      ...RESTORE_NODE_LIMITS,
    ],
  },
  {
    name: 'XTRIM ~ with the default limit of 100 nodes of stream-node-max-entries',
    commands: [
      ['CONFIG', 'SET', 'stream-node-max-entries', '1'], ...addEntries('s', 130), ['XTRIM', 's', 'MAXLEN', '~', '0'], ['XLEN', 's'],
      ['XTRIM', 's', 'MINID', '~', '1000'], ['XLEN', 's'], ['CONFIG', 'SET', 'stream-node-max-entries', '0'], ...addEntries('t', 5),
      ['XTRIM', 't', 'MAXLEN', '~', '0'], ['XINFO', 'STREAM', 't'], ...RESTORE_NODE_LIMITS,
    ],
  },
  {
    name: 'XRANGE and XREVRANGE: special, incomplete and exclusive ids, COUNT, errors',
    commands: [
      ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '1-2', 'b', '2'], ['XADD', 's', '2-0', 'c', '3', 'd', '4'], ['XADD', 's', '3-5', 'e', ''],
      ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-'], ['XRANGE', 's', '1', '1'], ['XRANGE', 's', '(1-1', '+'], ['XRANGE', 's', '-', '(2-0'],
      ['XRANGE', 's', '(1', '(3'], ['XREVRANGE', 's', '(3-5', '(1-1'], ['XRANGE', 's', '-', '+', 'COUNT', '2'], ['XREVRANGE', 's', '+', '-', 'COUNT', '1'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'], ['XRANGE', 's', '-', '+', 'COUNT', '-1'], ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
      ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'], ['XRANGE', 's', '-', '+', 'COUNT'], ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
      ['XRANGE', 's', '-', '+', 'FOO', '1'], ['XRANGE', 's', 'x', '+'], ['XRANGE', 's', '(', '+'], ['XRANGE', 's', '(-', '+'], ['XRANGE', 's', '-', '(+'],
      ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'], ['XREVRANGE', 's', '(0-0', '-'], ['XRANGE', 's', '(0-0', '+'],
      ['XRANGE', 's', '3', '1'], ['XRANGE', 'nokey', 'x', '+'], ['XRANGE', 'nokey', '-', '+'], ['SET', 'str', 'x'], ['XRANGE', 'str', '-', '+'],
      ['XREVRANGE', 's', '2', '1-2'], ['XRANGE', 's', '18446744073709551615', '+'],
    ],
  },
  {
    name: 'XDEL, tombstones, first and max-deleted ids, XLEN, WRONGTYPE',
    commands: [
      ...addEntries('s', 5), ['XDEL', 's', '1-0', '3-0', '9-0', '3-0'], ['XLEN', 's'], ['XINFO', 'STREAM', 's'], ['XDEL', 's', 'x'], ['XDEL', 'nokey', 'x'],
      ['XDEL', 's', '2-0', 'x'], ['XLEN', 's'], ['XDEL', 's', '2-0', '4-0', '5-0'], ['XLEN', 's'], ['EXISTS', 's'], ['XINFO', 'STREAM', 's'],
      ['XADD', 's', '6-0', 'f', 'v'], ['XINFO', 'STREAM', 's'], ['SET', 'str', 'x'], ['XDEL', 'str', '1'], ['XLEN', 'str'], ['XLEN', 'nokey'],
    ],
  },
  {
    name: 'node splitting by stream-node-max-entries and -bytes, radix-tree-nodes',
    commands: [
      ['CONFIG', 'SET', 'stream-node-max-entries', '1'], ['XADD', 's', '1-1', 'f', 'v'], ['XADD', 's', '1-2', 'f', 'v'], ['XINFO', 'STREAM', 's'],
      ['XADD', 's', '1-300', 'f', 'v'], ['XADD', 's', '2-0', 'f', 'v'], ['XINFO', 'STREAM', 's'], ['XDEL', 's', '1-2'], ['XINFO', 'STREAM', 's'],
      ['XADD', 's', '70000-0', 'f', 'v'], ['XADD', 's', '4294967296-0', 'f', 'v'], ['XINFO', 'STREAM', 's'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '100'],
      ...addEntries('b', 12, 0, 'field'), ['XINFO', 'STREAM', 'b'], ['XADD', 'b', '100-0', 'x'.repeat(90), 'y'], ['XADD', 'b', '101-0', 'z', 'y'.repeat(200)],
      ['XINFO', 'STREAM', 'b'], ['CONFIG', 'SET', 'stream-node-max-bytes', '0'], ['CONFIG', 'SET', 'stream-node-max-entries', '0'], ...addEntries('u', 150),
      ['XINFO', 'STREAM', 'u'], ...RESTORE_NODE_LIMITS,
    ],
  },
  { name: 'random XADD / XDEL / XTRIM keep Redis node structure, seed 1', commands: randomNodeCommands(1, 200) },
  { name: 'random XADD / XDEL / XTRIM keep Redis node structure, seed 2', commands: randomNodeCommands(2, 200) },
  { name: 'random XADD / XDEL / XTRIM keep Redis node structure, seed 3', commands: randomNodeCommands(3, 200) },
  {
    name: 'XREAD: several streams, COUNT, $, missing keys, option and id errors',
    commands: [
      ...addEntries('a', 3), ...addEntries('b', 2, 10), ['XREAD', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '1', '0'],
      ['XREAD', 'STREAMS', 'a', 'b', '$', '$'], ['XREAD', 'STREAMS', 'nokey', '0'], ['XREAD', 'STREAMS', 'a', 'nokey', '2-0', '0'],
      ['XREAD', 'count', '-5', 'STREAMS', 'a', '0'], ['XREAD', 'STREAMS', 'a', '18446744073709551615-18446744073709551615'],
      ['XREAD', 'STREAMS', 'a'], ['XREAD', 'STREAMS', 'a', 'b', '0'], ['XREAD', 'COUNT', 'x', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', 'x', 'STREAMS', 'a', '0'],
      ['XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'], ['XREAD', 'NOACK', 'STREAMS', 'a', '0'],
      ['XREAD', 'FOO', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', '1'], ['XREAD', 'COUNT', '1', 'COUNT', '2', 'BLOCK'], ['XREAD', 'STREAMS', 'a', '>'],
      ['XREAD', 'STREAMS', 'a', '+'], ['XREAD', 'STREAMS', 'a', '-'], ['XREAD', 'STREAMS', 'a', 'x'], ['XREAD', 'STREAMS', 'a', '0', 'COUNT', '1'],
      ['SET', 'str', 'x'], ['XREAD', 'STREAMS', 'str', '0'], ['XREAD', 'STREAMS', 'a', 'str', '0', 'x'], ['XREAD', 'STREAMS', 'a', '1'],
      ['XREAD', 'BLOCK', '0', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', '20', 'STREAMS', 'a', '$'], ['XREAD', 'BLOCK', '10', 'STREAMS', 'nokey', '$'],
      ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'a', '$'], ['EXEC'],
    ],
  },
  {
    name: 'XREAD and XREADGROUP in RESP3: a map of streams, null entries',
    resp3: true,
    commands: [
      ...addEntries('a', 2), ...addEntries('b', 1), ['XREAD', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'STREAMS', 'a', '$'], ['XRANGE', 'a', '-', '+', 'COUNT', '0'],
      ['XGROUP', 'CREATE', 'a', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'], ['XDEL', 'a', '1-0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'], ['XPENDING', 'a', 'g'],
      ['XAUTOCLAIM', 'a', 'g', 'd', '0', '0'], ['XPENDING', 'a', 'g'], ['XINFO', 'GROUPS', 'a'], ['XINFO', 'STREAM', 'a'], ['XINFO', 'STREAM', 'nokey'],
      ['XINFO', 'STREAM', 'a', 'FULL'], ['XINFO', 'CONSUMERS', 'a', 'g'], ['XINFO', 'HELP'], ['XGROUP', 'HELP'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER with their errors',
    commands: [
      ['XADD', 's', '1-1', 'f', 'v'], ['SET', 'str', 'x'], ['XGROUP', 'CREATE', 'nokey', 'g', '0'], ['XGROUP', 'CREATE', 'str', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'g', 'x'], ['XGROUP', 'CREATE', 's', 'g', '+'], ['XGROUP', 'CREATE', 's', 'g', '0', 'FOO'],
      ['XGROUP', 'CREATE', 's', 'g', '0', 'ENTRIESREAD'], ['XGROUP', 'CREATE', 's', 'g', '0', 'ENTRIESREAD', '-5'],
      ['XGROUP', 'CREATE', 's', 'g', '0', 'ENTRIESREAD', 'x'], ['XGROUP', 'CREATE', 's', 'g', '0', 'ENTRIESREAD', '-1'],
      ['XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g2', '0', 'MKSTREAM', 'ENTRIESREAD', '1', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 's', 'g2', '$', 'ENTRIESREAD', '3'], ['XGROUP', 'create', 'new', 'g', '$', 'mkstream'], ['XLEN', 'new'], ['TYPE', 'new'],
      ['XGROUP', 'CREATE', 'new2', 'g', 'x', 'MKSTREAM'], ['EXISTS', 'new2'], ['XGROUP', 'SETID', 's', 'nog', '0'], ['XGROUP', 'SETID', 'nokey', 'g', '0'],
      ['XGROUP', 'SETID', 's', 'g', '+'], ['XINFO', 'GROUPS', 's'], ['XGROUP', 'SETID', 's', 'g', '-'], ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
      ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '5', 'X'], ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '1', 'ENTRIESREAD', '2'],
      ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '5'], ['XINFO', 'GROUPS', 's'], ['XGROUP', 'SETID', 's', 'g', '$'], ['XINFO', 'GROUPS', 's'],
      ['XGROUP', 'SETID', 's', 'g', 'x'], ['XGROUP', 'DESTROY', 's', 'nog'], ['XGROUP', 'DESTROY', 'nokey', 'g'], ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c'],
      ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'], ['XGROUP', 'FOO', 's', 'g'], ['XGROUP', 'FOO'],
      ['XGROUP', 'HELP', 'x'], ['XGROUP', 'CREATE', 's'], ['XGROUP', 'DESTROY', 's', 'g', 'x'], ['XGROUP'], ['XGROUP', 'DESTROY', 's', 'g'],
      ['XGROUP', 'DESTROY', 's', 'g'], ['XINFO', 'GROUPS', 's'], ['XGROUP', 'CREATE', 'str', 'g', 'x'], ['XGROUP', 'CREATE', 'nokey', 'g', 'x'],
    ],
  },
  {
    name: 'XREADGROUP: new entries, COUNT, NOACK, history, reassignment after SETID, errors',
    commands: [
      ...addEntries('s', 4), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'], ['XPENDING', 's', 'g'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '1-0'],
      ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '0'], ['XDEL', 's', '2-0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XPENDING', 's', 'g', '-', '+', '10'], ['XGROUP', 'SETID', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'erin', 'COUNT', '3', 'STREAMS', 's', '>'],
      ['XPENDING', 's', 'g', '-', '+', '10'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', '18446744073709551615-18446744073709551615'],
      ['XREADGROUP', 'GROUP', 'g', 'erin', 'STREAMS', 's', '18446744073709551615-18446744073709551614'], ['XINFO', 'CONSUMERS', 's', 'g'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's'], ['XREADGROUP', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 't', '0'], ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'nokey', '>', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'x'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '+'], ['SET', 'str', 'x'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '0', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '10', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '10', 'NOACK', 'STREAMS', 's', '0'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'entries-read and lag with tombstones, trims, XSETID and ENTRIESREAD (Redis 7.0 rules)',
    commands: [
      ...addEntries('s', 4), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
      ['XDEL', 's', '2-0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'], ['XDEL', 's', '1-0', '3-0', '4-0'], ['XINFO', 'GROUPS', 's'],
      ...addEntries('t', 5), ['XGROUP', 'CREATE', 't', 'g', '0', 'ENTRIESREAD', '0'], ['XTRIM', 't', 'MAXLEN', '3'], ['XINFO', 'GROUPS', 't'],
      ['XGROUP', 'CREATE', 't', 'h', '0'], ['XINFO', 'GROUPS', 't'], ...addEntries('u', 5), ['XDEL', 'u', '2-0'], ['XTRIM', 'u', 'MAXLEN', '2'],
      ['XGROUP', 'CREATE', 'u', 'g', '1-0'], ['XGROUP', 'CREATE', 'u', 'h', '4-0'], ['XGROUP', 'CREATE', 'u', 'i', '$'], ['XGROUP', 'CREATE', 'u', 'j', '9-0'],
      ['XINFO', 'GROUPS', 'u'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'u', '>'], ['XINFO', 'GROUPS', 'u'], ['XGROUP', 'CREATE', 'v', 'g', '$', 'MKSTREAM'],
      ['XINFO', 'GROUPS', 'v'], ['XSETID', 'v', '5-0', 'ENTRIESADDED', '9223372036854775807', 'MAXDELETEDID', '3-0'], ['XINFO', 'GROUPS', 'v'],
      ['XINFO', 'STREAM', 'v'], ['XGROUP', 'SETID', 'v', 'g', '0', 'ENTRIESREAD', '9223372036854775807'], ['XINFO', 'GROUPS', 'v'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'XACK and XPENDING summary and extended (IDLE, consumer filter, exclusive ids), errors',
    commands: [
      ...groupWithPending(6, 4), ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'], ['XPENDING', 's', 'g'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'bob'], ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'], ['XPENDING', 's', 'g', '(1-0', '(4-0', '10'],
      ['XPENDING', 's', 'g', '-', '+', '2'], ['XPENDING', 's', 'g', '-', '+', '0'], ['XPENDING', 's', 'g', '-', '+', '-1'],
      ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '-5', '-', '+', '10'],
      ['XPENDING', 's', 'g', 'idle', '100000', '-', '+', '10', 'alice'], ['XPENDING', 's', 'g', '-', '+'], ['XPENDING', 's', 'g', '-', '+', '10', 'c', 'x'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'c', 'x', 'y', 'z'], ['XPENDING', 'nokey', 'g'], ['XPENDING', 's', 'nog'], ['XPENDING', 's', 'g', '-', '+', 'x'],
      ['XPENDING', 's', 'g', 'x', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'],
      ['XPENDING', 's', 'g', '(-', '+', '10'], ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '10'],
      ['XPENDING', 's', 'g', '-', '(0-0', '10'], ['XPENDING', 'nokey', 'g', '-', '+', 'x'], ['XACK', 's', 'g', '1-0', '1-0', '2-0', '9-0'],
      ['XACK', 's', 'g', 'x'], ['XACK', 'nokey', 'g', 'x'], ['XACK', 's', 'nog', 'x'], ['XACK', 's', 'g', '3-0', 'x'], ['XPENDING', 's', 'g'],
      ['XACK', 's', 'g', '3-0', '4-0', '5-0', '6-0'], ['XPENDING', 's', 'g'], ['XPENDING', 's', 'g', '-', '+', '10'], ['SET', 'str', 'x'],
      ['XACK', 'str', 'g', '1'], ['XPENDING', 'str', 'g'], ['XINFO', 'CONSUMERS', 's', 'g'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'XCLAIM: min-idle, IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID, deleted entries, errors',
    commands: [
      ...groupWithPending(6, 4), ['XCLAIM', 's', 'g', 'bob', '0', '1-0'], ['XCLAIM', 's', 'g', 'bob', '3600000', '2-0'], ['XCLAIM', 's', 'g', 'bob', '-5', '2-0', 'JUSTID'],
      ['XCLAIM', 's', 'g', 'carol', '0', '9-0', '5-0'], ['XINFO', 'CONSUMERS', 's', 'g'], ['XCLAIM', 's', 'g', 'carol', '0', '5-0', 'FORCE'],
      ['XCLAIM', 's', 'g', 'carol', '0', '6-0', 'FORCE', 'JUSTID'], ['XCLAIM', 's', 'g', 'carol', '0', '9-0', 'FORCE'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'dave', '0', '3-0', 'TIME', '1000', 'RETRYCOUNT', '7'], ['XCLAIM', 's', 'g', 'dave', '0', '4-0', 'IDLE', '3600000', 'RETRYCOUNT', '-3'],
      ['XPENDING', 's', 'g', 'IDLE', '3000000', '-', '+', '10'], ['XCLAIM', 's', 'g', 'erin', '0', '4-0', 'TIME', '99999999999999'],
      ['XCLAIM', 's', 'g', 'erin', '0', '3-0', 'IDLE', '-100'], ['XPENDING', 's', 'g', 'IDLE', '1000', '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'erin', '0', '1-0', 'LASTID', '5-0'], ['XINFO', 'GROUPS', 's'], ['XCLAIM', 's', 'g', 'erin', '0', '9-0', 'LASTID', '8-0'],
      ['XINFO', 'GROUPS', 's'], ['XDEL', 's', '1-0', '2-0'], ['XCLAIM', 's', 'g', 'frank', '0', '1-0', '2-0', '3-0'], ['XPENDING', 's', 'g'],
      ['XCLAIM', 'nokey', 'g', 'c', '0', '1-0'], ['XCLAIM', 's', 'nog', 'c', '0', '1-0'], ['SET', 'str', 'x'], ['XCLAIM', 'str', 'g', 'c', '0', '1-0'],
      ['XCLAIM', 's', 'g', 'c', 'x', '1-0'], ['XCLAIM', 's', 'g', 'c', '0', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'FOO'],
      ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'TIME', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'RETRYCOUNT', 'x'],
      ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'LASTID', 'x'], ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE'], ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'JUSTID', '1-2'],
      ['XCLAIM', 's', 'g', 'c', '0', '1-0', '+'], ['XCLAIM', 's', 'g', 'c', '0'], ['XINFO', 'CONSUMERS', 's', 'g'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'XAUTOCLAIM: cursor, COUNT, JUSTID, min-idle, deleted entries counted, errors',
    commands: [
      ...groupWithPending(8, 8), ['XDEL', 's', '2-0', '3-0'], ['XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '1'], ['XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '1'],
      ['XAUTOCLAIM', 's', 'g', 'bob', '0', '(3-0', 'COUNT', '2', 'JUSTID'], ['XAUTOCLAIM', 's', 'g', 'bob', '3600000', '0'], ['XAUTOCLAIM', 's', 'g', 'carol', '-1', '-', 'COUNT', '3'],
      ['XAUTOCLAIM', 's', 'g', 'carol', '0', '+'], ['XAUTOCLAIM', 's', 'g', 'dave', '0', '7-0', 'justid', 'COUNT', '100'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XINFO', 'CONSUMERS', 's', 'g'], ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0'], ['XAUTOCLAIM', 's', 'nog', 'c', '0', '0'], ['SET', 'str', 'x'],
      ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'], ['XAUTOCLAIM', 's', 'g', 'c', 'x', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '0', 'x'],
      ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '0'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', 'x'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '9223372036854775807'],
      ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '922337203685477580'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'FOO'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT'],
      ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'FOO'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '(18446744073709551615-18446744073709551615'],
      ['XAUTOCLAIM', 's', 'g', 'c', '0', '(-'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'XSETID: ENTRIESADDED, MAXDELETEDID and the checks in order',
    commands: [
      ['XADD', 's', '1-1', 'f', 'v'], ['SET', 'str', 'x'], ['XSETID', 's'], ['XSETID', 'nokey', '1-1'], ['XSETID', 'str', '1-1'], ['XSETID', 's', 'x'],
      ['XSETID', 's', '0-5'], ['XSETID', 's', '1-1', 'ENTRIESADDED', 'x'], ['XSETID', 's', '1-1', 'ENTRIESADDED', '-1'], ['XSETID', 's', '1-1', 'ENTRIESADDED', '0'],
      ['XSETID', 's', '1-1', 'MAXDELETEDID', '1-2'], ['XSETID', 's', '1-1', 'MAXDELETEDID', 'x'], ['XSETID', 's', '1-1', 'FOO'], ['XSETID', 's', '+'],
      ['XSETID', 'nokey', 'x'], ['XSETID', 'nokey', '1-1', 'FOO'], ['XSETID', 's', '5-5', 'MAXDELETEDID', '5-6', 'ENTRIESADDED', 'x'],
      ['XSETID', 's', '1-1', 'ENTRIESADDED'], ['XSETID', 's', '9-9', 'ENTRIESADDED', '5', 'MAXDELETEDID', '3-3'], ['XINFO', 'STREAM', 's'],
      ['XSETID', 's', '4-0'], ['XSETID', 's', '1-1', 'MAXDELETEDID', '0-0'], ['XINFO', 'STREAM', 's'], ['XADD', 's', '1-*', 'f', 'v'], ['XADD', 's', '2-*', 'f', 'v'],
      ['XDEL', 's', '1-1'], ['XSETID', 's', '0-1'], ['XSETID', 's', '18446744073709551615-18446744073709551615'], ['XADD', 's', '*', 'f', 'v'],
    ],
  },
  {
    name: 'XINFO STREAM (FULL, COUNT), GROUPS, CONSUMERS, HELP and their errors',
    commands: [
      ...groupWithPending(14, 12), ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'], ['XGROUP', 'CREATE', 's', 'a', '$'], ['XGROUP', 'CREATECONSUMER', 's', 'a', 'zed'],
      ['XINFO', 'STREAM', 's'], ['XINFO', 'STREAM', 's', 'FULL'], ['XINFO', 'STREAM', 's', 'full', 'count', '2'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'], ['XINFO', 'GROUPS', 's'], ['XINFO', 'CONSUMERS', 's', 'g'], ['XINFO', 'CONSUMERS', 's', 'a'],
      ['XINFO', 'STREAM', 'nokey'], ['SET', 'str', 'x'], ['XINFO', 'STREAM', 'str'], ['XINFO', 'STREAM', 's', 'FOO'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'], ['XINFO', 'STREAM', 's', 'FULL', 'FOO', '1'], ['XINFO', 'STREAM', 'nokey', 'FOO'], ['XINFO', 'GROUPS', 'nokey'],
      ['XINFO', 'CONSUMERS', 's', 'nog'], ['XINFO', 'CONSUMERS', 'nokey', 'g'], ['XINFO', 'FOO', 's'], ['XINFO', 'GROUPS', 's', 'x'], ['XINFO', 'HELP'],
      ['XINFO'], ['XINFO', 'HELP', 'x'], ['XADD', 'e', '1-1', 'f', 'v'], ['XDEL', 'e', '1-1'], ['XINFO', 'STREAM', 'e'], ['XINFO', 'STREAM', 'e', 'FULL'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'binary-safe names in keys, groups, consumers, fields and NOGROUP errors',
    commands: [
      ['XADD', 'k\x00\xff', '1-1', '\x00f\r\n', '\xffv'], ['XRANGE', 'k\x00\xff', '-', '+'], ['XGROUP', 'CREATE', 'k\x00\xff', 'g\xfe', '0'],
      ['XREADGROUP', 'GROUP', 'g\xfe', 'c\x00x', 'STREAMS', 'k\x00\xff', '>'], ['XPENDING', 'k\x00\xff', 'g\xfe', '-', '+', '10'],
      ['XPENDING', 'k\r\nx', 'g\x00y'], ['XINFO', 'CONSUMERS', 'k\x00\xff', 'no\ngroup'], ['XCLAIM', 'k\x00z', 'g', 'c', '0', '1-1'],
      ['XREADGROUP', 'GROUP', 'g\r\n', 'c', 'STREAMS', 'k\x00\xff', '>'], ['XCLAIM', 'k\x00\xff', 'g\xfe', 'c', '0', '1-1', 'F\x00OO'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'generic key commands on streams: TYPE, OBJECT ENCODING, SCAN TYPE, RENAME, COPY, MOVE, DEL, EXPIRE',
    commands: [
      ...groupWithPending(3, 2), ['TYPE', 's'], ['OBJECT', 'ENCODING', 's'], ['SET', 'str', 'x'], ['SCAN', '0', 'TYPE', 'stream'], ['RENAME', 's', 't'],
      ['XINFO', 'STREAM', 't', 'FULL'], ['COPY', 't', 'u'], ['XINFO', 'STREAM', 'u', 'FULL'], ['XADD', 'u', '9-0', 'f', 'v'], ['XLEN', 't'], ['XLEN', 'u'],
      ['MOVE', 'u', '1'], ['EXISTS', 'u'], ['SELECT', '1'], ['XINFO', 'STREAM', 'u', 'FULL'], ['FLUSHDB'], ['SELECT', '0'], ['EXPIRE', 't', '100'],
      ['TTL', 't'], ['PERSIST', 't'], ['DEL', 't'], ['EXISTS', 't'], ['XADD', 'e', '1-1', 'f', 'v'], ['XDEL', 'e', '1-1'], ['EXISTS', 'e'], ['TYPE', 'e'],
      ['OBJECT', 'ENCODING', 'e'],
    ],
    normalize: maskTimes,
  },
  {
    name: 'MEMORY USAGE of streams as Redis 7.0 estimates it',
    commands: [
      ['XADD', 's', '1-1', 'f', 'v'], ['MEMORY', 'USAGE', 's'], ...addEntries('s', 99, 1), ['MEMORY', 'USAGE', 's'], ['XADD', 's', '200-1', 'f', 'v'],
      ['MEMORY', 'USAGE', 's'], ['XGROUP', 'CREATE', 's', 'g', '0'], ['MEMORY', 'USAGE', 's'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'], ['MEMORY', 'USAGE', 's'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '3', 'STREAMS', 's', '>'], ['MEMORY', 'USAGE', 's'], ['XACK', 's', 'g', '2-0'], ['MEMORY', 'USAGE', 's'],
      ['MEMORY', 'USAGE', 's', 'SAMPLES', '0'],
    ],
  },
  {
    name: 'COMMAND INFO of every stream command (without key specs)',
    commands: ['xadd', 'xlen', 'xrange', 'xrevrange', 'xdel', 'xtrim', 'xread', 'xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim', 'xsetid', 'xgroup', 'xinfo'].map(
      (name) => ['COMMAND', 'INFO', name],
    ),
    normalize: withoutKeySpecs,
  },
  {
    name: 'COMMAND GETKEYS of XREAD and XREADGROUP',
    commands: [
      ['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '1', 'BLOCK', '5', 'STREAMS', 'a', 'b', '0', '0'],
      ['COMMAND', 'GETKEYS', 'XREADGROUP', 'GROUP', 'streams', 'c', 'NOACK', 'STREAMS', 'streams', 'b', '>', '>'],
    ],
  },
]);
