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

/** COMMAND DOCS (RESP2) without the fields cairn does not carry (argument docs, history), subcommands sorted. */
function docsWithoutArguments(value: RespValue): RespValue {
  if (value.t !== 'array' || value.v === null) return value;
  const pairs: [RespValue, RespValue][] = [];
  for (let index = 0; index + 1 < value.v.length; index += 2) {
    const key = value.v[index] as RespValue;
    const field = key.t === 'bulk' ? key.v : null;
    if (field === 'arguments' || field === 'history') continue;
    const inner = value.v[index + 1] as RespValue;
    pairs.push([key, field === 'summary' || field === 'since' || field === 'group' || field === 'complexity' ? inner : docsWithoutArguments(inner)]);
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
    name: 'DOCS summary, since, group and complexity of CLIENT and COMMAND',
    normalize: (value) => docsWithoutArguments(value),
    commands: [
      ['COMMAND', 'DOCS', 'client|list', 'client|id', 'command|getkeys', 'nosuch'],
      ['COMMAND', 'DOCS', 'command'],
      ['COMMAND', 'DOCS', 'nosuch'],
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

/** Subcommands cairn has from Redis 7.2 that Redis 7.0 lacks. */
const CAIRN_ONLY = new Set(['client|setinfo', 'client|no-touch']);

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

/** What a spec claims in COMMAND INFO: name, arity, flags, legacy key positions, categories, and tips when it declares them. */
function claimedInfo(entry: RespValue, spec: CommandSpec): RespValue[] {
  const claimed = [0, 1, 2, 3, 4, 5, 6].map((index) => field(entry, index));
  if (spec.tips !== undefined) claimed.push(field(entry, 7));
  return claimed;
}

function docsFields(entry: RespValue): Record<string, RespValue> {
  const out: Record<string, RespValue> = {};
  if (entry.t !== 'array' || entry.v === null) return out;
  for (let index = 0; index + 1 < entry.v.length; index += 2) {
    const key = entry.v[index] as RespValue;
    if (key.t === 'bulk' && ['summary', 'since', 'group', 'complexity'].includes(key.v ?? '')) out[key.v as string] = entry.v[index + 1] as RespValue;
  }
  return out;
}

describe.skipIf(!redisServerAvailable())('every command both servers know (side by side with Redis 7)', () => {
  const servers = useBothServers();
  let cairnClient: RespClient;
  let redisClient: RespClient;

  beforeAll(async () => {
    cairnClient = await RespClient.connect(servers.cairn.port);
    redisClient = await RespClient.connect(servers.redis.port);
  });

  afterAll(() => {
    cairnClient?.close();
    redisClient?.close();
  });

  it('COMMAND INFO matches Redis 7.0 in everything the spec claims', async () => {
    const specs = specsByName();
    const names = [...specs.keys()];
    const [fromCairn, fromRedis] = await Promise.all([cairnClient.call('COMMAND', 'INFO', ...names), redisClient.call('COMMAND', 'INFO', ...names)]);
    const differences: string[] = [];
    names.forEach((name, index) => {
      const redisEntry = (fromRedis.t === 'array' && fromRedis.v?.[index]) as RespValue;
      const cairnEntry = (fromCairn.t === 'array' && fromCairn.v?.[index]) as RespValue;
      if (redisEntry.t === 'bulk' && redisEntry.v === null) return; // a command Redis 7.0 does not have
      const spec = specs.get(name) as CommandSpec;
      const ours = JSON.stringify(claimedInfo(cairnEntry, spec));
      const theirs = JSON.stringify(claimedInfo(redisEntry, spec));
      if (ours !== theirs) differences.push(`${name}: cairn ${ours} redis ${theirs}`);
    });
    expect(differences).toEqual([]);
  });

  it('COMMAND DOCS matches Redis 7.0 in summary, since, group and complexity', async () => {
    const names = [...specsByName().keys()];
    const [fromCairn, fromRedis] = await Promise.all([cairnClient.call('COMMAND', 'DOCS', ...names), redisClient.call('COMMAND', 'DOCS', ...names)]);
    const byName = (reply: RespValue) => {
      const out = new Map<string, RespValue>();
      if (reply.t !== 'array' || reply.v === null) return out;
      for (let index = 0; index + 1 < reply.v.length; index += 2) out.set((reply.v[index] as { v: string }).v, reply.v[index + 1] as RespValue);
      return out;
    };
    const ours = byName(fromCairn);
    const differences: string[] = [];
    for (const [name, theirs] of byName(fromRedis)) {
      const mine = JSON.stringify(docsFields(ours.get(name) as RespValue));
      const expected = JSON.stringify(docsFields(theirs));
      if (mine !== expected) differences.push(`${name}: cairn ${mine} redis ${expected}`);
    }
    expect(differences).toEqual([]);
  });
});
