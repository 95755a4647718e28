import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommandSpecs } from '../../server/src/commands/index.js';
import type { CommandSpec } from '../../server/src/commands/spec.js';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { describeSideBySide, useBothServers } from '../support/side-by-side.js';
import { redisServerAvailable } from '../support/servers.js';

/** CLIENT LIST fields that depend on the connection, the clock or the allocator rather than on behaviour. */
const VOLATILE_FIELDS = new Set([
  'id', 'addr', 'laddr', 'fd', 'age', 'idle', 'qbuf', 'qbuf-free', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem',
]);

function maskLine(line: string): string {
  const prefix = line.startsWith('txt:') ? 'txt:' : '';
  const masked = line
    .slice(prefix.length)
    .split(' ')
    .map((field) => {
      const name = field.slice(0, field.indexOf('='));
      return VOLATILE_FIELDS.has(name) ? `${name}=*` : field;
    })
    .join(' ');
  return prefix + masked;
}

/** Mask the volatile fields of CLIENT LIST/INFO text wherever it appears in a reply. */
function maskClientLines(value: RespValue): RespValue {
  if ((value.t === 'bulk' || value.t === 'verbatim') && typeof value.v === 'string' && /(^|txt:)id=\d+ addr=/.test(value.v)) {
    return { ...value, v: value.v.split('\n').map(maskLine).join('\n') };
  }
  if (value.t === 'array' && value.v !== null) return { t: 'array', v: value.v.map(maskClientLines) };
  return value;
}

function sortArrays(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  return { t: 'array', v: [...value.v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
}

/**
 * COMMAND DOCS (RESP2) with the subcommands of containers in name order (Redis lists them in hash
 * order) and without the Redis 7.2 subcommands cairn has; every other field is kept as it is.
 */
function docsWithSortedSubcommands(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  const items = value.v.map((item, index) => {
    const previous = value.v?.[index - 1];
    if (index % 2 === 0 || previous?.t !== 'bulk') return item;
    return previous.v === 'subcommands' ? sortedPairs(item) : docsWithSortedSubcommands(item);
  });
  return { t: 'array', v: items };
}

/** A RESP2 map (name, docs, name, docs...) with its pairs sorted by name, cairn-only names left out. */
function sortedPairs(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  const pairs: [RespValue, RespValue][] = [];
  for (let index = 0; index + 1 < value.v.length; index += 2) {
    const name = value.v[index] as RespValue;
    if (name.t === 'bulk' && CAIRN_ONLY.has(name.v ?? '')) continue;
    pairs.push([name, docsWithSortedSubcommands(value.v[index + 1] as RespValue)]);
  }
  pairs.sort(([a], [b]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { t: 'array', v: pairs.flat() };
}

describeSideBySide('CLIENT', [
  {
    name: 'SETNAME and GETNAME',
    commands: [
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'worker'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'a b'],
      ['CLIENT', 'SETNAME', 'a\x7f'],
      ['CLIENT', 'SETNAME', '\xe9'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
    ],
  },
  {
    name: 'arity, unknown subcommands and HELP',
    commands: [
      ['CLIENT'],
      ['CLIENT', 'foo'],
      ['CLIENT', 'ID', 'x'],
      ['CLIENT', 'INFO', 'x'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'KILL'],
      ['CLIENT', 'PAUSE'],
      ['CLIENT', 'PAUSE', '1', '2', '3'],
      ['client', 'unblock', '1', 'a', 'b'],
      ['CLIENT', 'REPLY'],
      ['CLIENT', 'HELP'],
      ['CLIENT', 'HELP', 'x'],
    ],
  },
  {
    name: 'LIST and INFO lines, filters and errors',
    normalize: maskClientLines,
    commands: [
      ['CLIENT', 'INFO'],
      ['CLIENT', 'LIST'],
      ['CLIENT', 'LIST', 'TYPE', 'normal'],
      ['CLIENT', 'LIST', 'TYPE', 'PUBSUB'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'TYPE', 'replica'],
      ['CLIENT', 'LIST', 'TYPE', 'slave'],
      ['CLIENT', 'LIST', 'ID', '999999', '0', '-5'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'ID', '1', 'x'],
      ['CLIENT', 'LIST', 'ID'],
      ['CLIENT', 'LIST', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'normal', 'extra'],
      ['CLIENT', 'SETNAME', 'named'],
      ['SELECT', '2'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['CLIENT', 'INFO'],
      ['CLIENT', 'NO-EVICT', 'off'],
      ['SELECT', '0'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'INFO'],
    ],
  },
  {
    name: 'INFO and LIST in RESP3 are verbatim strings',
    resp3: true,
    normalize: maskClientLines,
    commands: [
      ['CLIENT', 'INFO'],
      ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
    ],
  },
  {
    name: 'KILL filters, misses and errors',
    commands: [
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', '-1'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'ID', '99999999999999999999'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'normal'],
      ['CLIENT', 'KILL', 'TYPE', 'normal', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'TYPE', 'slave'],
      ['CLIENT', 'KILL', 'USER', 'bob'],
      ['CLIENT', 'KILL', 'USER', 'default'],
      ['CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'SKIPME', 'no'],
      ['CLIENT', 'KILL', 'LADDR', '1.2.3.4:5', 'SKIPME', 'YES'],
      ['CLIENT', 'KILL', 'foo', 'bar'],
      ['CLIENT', 'KILL', 'ID', '1', 'extra'],
      ['CLIENT', 'KILL', 'MAXAGE', '10'],
      ['PING'],
    ],
  },
  {
    name: 'PAUSE errors and UNPAUSE',
    commands: [
      ['CLIENT', 'PAUSE', 'abc'],
      ['CLIENT', 'PAUSE', '-1'],
      ['CLIENT', 'PAUSE', '1.5'],
      ['CLIENT', 'PAUSE', '99999999999999999999'],
      ['CLIENT', 'PAUSE', '10', 'foo'],
      ['CLIENT', 'PAUSE', 'abc', 'foo'],
      ['CLIENT', 'PAUSE', '0', 'WRITE'],
      ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'UNPAUSE'],
      ['PING'],
    ],
  },
  {
    name: 'REPLY, NO-EVICT and UNBLOCK arguments',
    commands: [
      ['CLIENT', 'REPLY', 'foo'],
      ['CLIENT', 'REPLY', 'ON'],
      ['CLIENT', 'NO-EVICT', 'foo'],
      ['CLIENT', 'NO-EVICT', 'ON'],
      ['CLIENT', 'NO-EVICT', 'off'],
      ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', '1', 'foo'],
      ['CLIENT', 'UNBLOCK', 'abc', 'foo'],
      ['CLIENT', 'UNBLOCK', '1', 'timeout'],
      ['CLIENT', 'UNBLOCK', '1', 'ERROR'],
      ['CLIENT', 'UNBLOCK', '999999'],
    ],
  },
  {
    name: 'tracking is off: GETREDIR, TRACKINGINFO, CACHING, TRACKING OFF and option errors',
    commands: [
      ['CLIENT', 'GETREDIR'],
      ['CLIENT', 'TRACKINGINFO'],
      ['CLIENT', 'CACHING', 'yes'],
      ['CLIENT', 'CACHING', 'foo'],
      ['CLIENT', 'TRACKING', 'foo'],
      ['CLIENT', 'TRACKING', 'off'],
      ['CLIENT', 'TRACKING', 'off', 'foo'],
      ['CLIENT', 'TRACKING', 'off', 'BCAST', 'OPTIN', 'OPTOUT', 'NOLOOP'],
      ['CLIENT', 'TRACKING', 'off', 'PREFIX', 'a', 'PREFIX', 'b'],
      ['CLIENT', 'TRACKING', 'off', 'PREFIX'],
      ['CLIENT', 'TRACKING', 'off', 'REDIRECT', 'x'],
      ['CLIENT', 'TRACKING', 'off', 'REDIRECT', '999999'],
      ['CLIENT', 'GETREDIR'],
    ],
  },
  {
    name: 'TRACKINGINFO in RESP3',
    resp3: true,
    commands: [['CLIENT', 'TRACKINGINFO']],
  },
]);

describeSideBySide('COMMAND', [
  {
    name: 'INFO of CLIENT and COMMAND subcommands, and of unknown names',
    commands: [
      ['COMMAND', 'INFO', 'client|list', 'client|id', 'CLIENT|KILL', 'client|info', 'client|pause', 'client|help', 'nosuch'],
      ['COMMAND', 'INFO', 'command|info', 'command|getkeys', 'command|list', 'command|count', 'command|docs', 'command|help'],
      ['COMMAND', 'INFO', 'watch', 'ssubscribe', 'multi', 'exec'],
    ],
  },
  {
    name: 'INFO of the containers (subcommands in any order)',
    normalize: (value) => {
      if (value.t !== 'array' || value.v === null) return value;
      return {
        t: 'array',
        v: value.v.map((entry) => {
          if (entry.t !== 'array' || entry.v === null) return entry;
          const filtered = sortArrays(entry.v[9] as RespValue);
          const kept = filtered.t === 'array' && filtered.v !== null ? filtered.v.filter((sub) => !isCairnOnly(sub)) : [];
          return { t: 'array', v: [...entry.v.slice(0, 9), { t: 'array', v: kept }] };
        }),
      };
    },
    commands: [['COMMAND', 'INFO', 'client', 'command']],
  },
  {
    name: 'INFO in RESP3',
    resp3: true,
    commands: [['COMMAND', 'INFO', 'client|list', 'watch', 'nosuch']],
  },
  {
    name: 'DOCS of CLIENT and COMMAND, arguments and history included',
    normalize: (value) => docsWithSortedSubcommands(value),
    commands: [
      ['COMMAND', 'DOCS', 'client|list', 'client|id', 'client|kill', 'command|getkeys', 'nosuch'],
      ['COMMAND', 'DOCS', 'command'],
      ['COMMAND', 'DOCS', 'client'],
      ['COMMAND', 'DOCS', 'nosuch'],
    ],
  },
  {
    name: 'DOCS with history, deprecation and nested arguments',
    commands: [
      ['COMMAND', 'DOCS', 'set', 'getset', 'substr', 'bitfield', 'hello', 'nosuch', 'client|kill'],
      ['COMMAND', 'DOCS', 'getex', 'restore', 'copy', 'lcs', 'bitcount', 'bitpos', 'expire', 'scan'],
    ],
  },
  {
    name: 'DOCS and INFO in RESP3 (sets, maps, history entries)',
    resp3: true,
    commands: [
      ['COMMAND', 'DOCS', 'set', 'getset', 'substr', 'hello'],
      ['COMMAND', 'INFO', 'set', 'rename', 'bitop', 'bitfield', 'ssubscribe', 'getex'],
    ],
  },
  {
    name: 'INFO key specs: notes, variable flags, two specs, not_key',
    commands: [
      ['COMMAND', 'INFO', 'set', 'rename', 'renamenx', 'copy', 'bitop', 'bitfield', 'bitfield_ro', 'lcs', 'mset', 'msetnx', 'del'],
      ['COMMAND', 'INFO', 'getex', 'getdel', 'restore', 'move', 'object|encoding', 'memory|usage', 'spublish', 'sunsubscribe'],
    ],
  },
  {
    name: 'GETKEYS and GETKEYSANDFLAGS',
    commands: [
      ['COMMAND', 'GETKEYS', 'watch', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'ssubscribe', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'WATCH'],
      ['COMMAND', 'GETKEYS', 'ping'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'client', 'foo'],
      ['COMMAND', 'GETKEYS', 'client', 'list'],
      ['COMMAND', 'GETKEYS', 'client'],
      ['COMMAND', 'GETKEYS', 'watch'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'watch', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'ssubscribe', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'ping', 'a'],
    ],
  },
  {
    name: 'GETKEYSANDFLAGS: flags of each key as Redis 7.0 key specs give them',
    commands: [
      ['COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v', 'EX', '10', 'GET'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'get'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GET', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'DEL', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'UNLINK', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'MSET', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'MSETNX', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'MGET', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'RENAME', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'RENAMENX', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b', 'DB', '1', 'REPLACE'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITOP', 'AND', 'dest', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITOP', 'NOT', 'dest', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'GET', 'u8', '0'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'SAT'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'SET', 'u8', '0', '1'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'GET', 'u8'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD_RO', 'k', 'GET', 'u8', '0'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GETEX', 'k', 'PERSIST'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GETDEL', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GETSET', 'k', 'v'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'APPEND', 'k', 'v'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'INCR', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SETRANGE', 'k', '0', 'v'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'RESTORE', 'k', '0', 'payload'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'MOVE', 'k', '1'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'EXPIRE', 'k', '10'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'PERSIST', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'TOUCH', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'EXISTS', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'OBJECT', 'ENCODING', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'MEMORY', 'USAGE', 'k', 'SAMPLES', '5'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SETBIT', 'k', '7', '1'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'DUMP', 'k'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'SPUBLISH', 'channel', 'message'],
      ['COMMAND', 'GETKEYS', 'RENAME', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'BITOP', 'AND', 'dest', 'a'],
      ['COMMAND', 'GETKEYS', 'LCS', 'a'],
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b'],
      ['COMMAND', 'GETKEYS', 'SET', 'k'],
    ],
  },
  {
    name: 'LIST filters, COUNT arity, unknown subcommand and HELP',
    normalize: sortArrays,
    commands: [
      ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'client|[ik]*'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'COMMAND|*KEYS*'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuch'],
      ['COMMAND', 'LIST', 'FILTERBY', 'module', 'foo'],
      ['COMMAND', 'LIST', 'FILTERBY'],
      ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'connection', 'x'],
      ['COMMAND', 'LIST', 'x'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'foo'],
      ['COMMAND', 'HELP'],
    ],
  },
]);

/** Commands cairn has that a Redis 7.0 server lacks: from Redis 7.2, and Sentinel's. */
const CAIRN_ONLY = new Set([
  'client|setinfo', 'client|no-touch', 'waitaof', 'sentinel', 'sentinel|get-master-addr-by-name', 'sentinel|masters', 'sentinel|master',
  'sentinel|replicas', 'sentinel|slaves', 'sentinel|sentinels', 'sentinel|myid', 'sentinel|help',
]);

/** Commands cairn takes in a later Redis's form (ZRANK ... WITHSCORE is Redis 7.2's): their arity there. */
const LATER_REDIS_ARITY: Readonly<Record<string, number>> = { zrank: -3, zrevrank: -3 };

/** A COMMAND INFO entry with its arity replaced. */
function withArity(entry: RespValue, arity: number): RespValue {
  if (entry.t !== 'array' || entry.v === null) return entry;
  return { t: 'array', v: entry.v.map((item, index) => (index === 1 ? { t: 'int', v: String(arity) } : item)) };
}

function isCairnOnly(entry: RespValue): boolean {
  return entry.t === 'array' && entry.v !== null && entry.v[0]?.t === 'bulk' && CAIRN_ONLY.has(entry.v[0].v ?? '');
}

/** Every spec by full name. */
function specsByName(): Map<string, CommandSpec> {
  const byName = new Map<string, CommandSpec>();
  for (const spec of allCommandSpecs) {
    byName.set(spec.name, spec);
    for (const sub of spec.subcommands ?? []) byName.set(sub.name, sub);
  }
  return byName;
}

function field(entry: RespValue, index: number): RespValue {
  if (entry.t !== 'array' || entry.v === null) throw new Error('expected a COMMAND INFO entry');
  return entry.v[index] as RespValue;
}

/**
 * What COMMAND INFO says of a command both servers know: name, arity, flags, legacy key positions,
 * categories, key specs (Redis 7.0's, from redis-metadata.ts), and tips when the spec declares
 * them; a container's subcommands are compared one by one instead.
 */
function comparedInfo(entry: RespValue, spec: CommandSpec): RespValue[] {
  const compared = [0, 1, 2, 3, 4, 5, 6, 8].map((index) => field(entry, index));
  if (spec.tips !== undefined) compared.push(field(entry, 7));
  return compared;
}

/** A COMMAND DOCS or COMMAND INFO reply (RESP2 array or RESP3 map/array) as a list of items. */
function itemsOf(reply: RespValue): RespValue[] {
  if (reply.t === 'map') return reply.v.flat();
  if (reply.t === 'array' && reply.v !== null) return reply.v;
  throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
}

/** Every field of a command's COMMAND DOCS, in order, except its subcommands (compared one by one). */
function docsWithoutSubcommands(entry: RespValue): RespValue[] {
  const items = itemsOf(entry);
  const kept: RespValue[] = [];
  for (let index = 0; index + 1 < items.length; index += 2) {
    const key = items[index] as RespValue;
    if (key.t === 'bulk' && key.v === 'subcommands') continue;
    kept.push(key, items[index + 1] as RespValue);
  }
  return kept;
}

function docsByName(reply: RespValue): Map<string, RespValue> {
  const out = new Map<string, RespValue>();
  const items = itemsOf(reply);
  for (let index = 0; index + 1 < items.length; index += 2) out.set((items[index] as { v: string }).v, items[index + 1] as RespValue);
  return out;
}

describe.skipIf(!redisServerAvailable())('every command both servers know (side by side with Redis 7)', () => {
  const servers = useBothServers();
  const clients: { cairn?: RespClient; redis?: RespClient } = {};

  beforeAll(async () => {
    clients.cairn = await RespClient.connect(servers.cairn.port);
    clients.redis = await RespClient.connect(servers.redis.port);
  });

  afterAll(() => {
    clients.cairn?.close();
    clients.redis?.close();
  });

  /** The same command to both servers in the given protocol. */
  async function both(protocol: '2' | '3', ...argv: string[]): Promise<[RespValue, RespValue]> {
    const cairn = clients.cairn as RespClient;
    const redis = clients.redis as RespClient;
    await Promise.all([cairn.call('HELLO', protocol), redis.call('HELLO', protocol)]);
    return Promise.all([cairn.call(...argv), redis.call(...argv)]);
  }

  for (const protocol of ['2', '3'] as const) {
    it(`COMMAND INFO matches Redis 7.0 in everything the spec claims, key specs included (RESP${protocol})`, async () => {
      const specs = specsByName();
      const names = [...specs.keys()];
      const [fromCairn, fromRedis] = await both(protocol, 'COMMAND', 'INFO', ...names);
      const differences: string[] = [];
      let compared = 0;
      names.forEach((name, index) => {
        const redisEntry = itemsOf(fromRedis)[index] as RespValue;
        const cairnEntry = itemsOf(fromCairn)[index] as RespValue;
        if (redisEntry.t === 'null' || (redisEntry.t === 'bulk' && redisEntry.v === null)) return; // a command Redis 7.0 does not have
        const spec = specs.get(name) as CommandSpec;
        const ours = JSON.stringify(comparedInfo(cairnEntry, spec));
        const laterArity = LATER_REDIS_ARITY[name];
        const theirs = JSON.stringify(comparedInfo(laterArity === undefined ? redisEntry : withArity(redisEntry, laterArity), spec));
        compared++;
        if (ours !== theirs) differences.push(`${name}: cairn ${ours} redis ${theirs}`);
      });
      expect(differences).toEqual([]);
      expect(compared).toBe(names.length - CAIRN_ONLY.size);
    });

    it(`COMMAND DOCS matches Redis 7.0 in every field: arguments, doc flags, history, deprecation (RESP${protocol})`, async () => {
      const names = [...specsByName().keys()];
      const [fromCairn, fromRedis] = await both(protocol, 'COMMAND', 'DOCS', ...names);
      const ours = docsByName(fromCairn);
      const theirs = docsByName(fromRedis);
      const differences: string[] = [];
      for (const [name, expected] of theirs) {
        const mine = JSON.stringify(docsWithoutSubcommands(ours.get(name) as RespValue));
        const wanted = JSON.stringify(docsWithoutSubcommands(expected));
        if (mine !== wanted) differences.push(`${name}: cairn ${mine} redis ${wanted}`);
      }
      expect(differences).toEqual([]);
      expect(theirs.size).toBe(names.length - CAIRN_ONLY.size);
    });
  }
});
