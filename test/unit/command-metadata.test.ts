/**
 * The generated Redis 7.0 metadata (server/src/commands/redis-metadata.ts) against the command
 * table: it must have an entry for every command Redis 7.0 has, its key specs must find the same
 * keys as the table's key positions, and COMMAND INFO/DOCS/GETKEYSANDFLAGS must use it.
 */
import { describe, expect, it } from 'vitest';
import { allCommandSpecs } from '../../server/src/commands/index.js';
import { keySpecKeys, keySpecsOf } from '../../server/src/commands/introspection.js';
import {
  type CommandArgument,
  type KeySpec,
  REDIS_METADATA_VERSION,
  redisCommandMetadata,
} from '../../server/src/commands/redis-metadata.js';
import type { CommandSpec } from '../../server/src/commands/spec.js';
import { CommandTable } from '../../server/src/commands/table.js';
import { ErrorReply, MapReply, type Reply, SetReply, Status } from '../../server/src/resp/reply.js';
import { Executor } from '../support/executor.js';

/** Commands cairn has that Redis 7.0 lacks, so the metadata has no entry for them. */
const CAIRN_ONLY: ReadonlyMap<string, string> = new Map([
  ['client|setinfo', 'Redis 7.2'],
  ['client|no-touch', 'Redis 7.2'],
  ['waitaof', 'Redis 7.2'],
  ['sentinel', 'Redis Sentinel'],
  ['sentinel|get-master-addr-by-name', 'Redis Sentinel'],
  ['sentinel|masters', 'Redis Sentinel'],
  ['sentinel|master', 'Redis Sentinel'],
  ['sentinel|replicas', 'Redis Sentinel'],
  ['sentinel|slaves', 'Redis Sentinel'],
  ['sentinel|sentinels', 'Redis Sentinel'],
  ['sentinel|myid', 'Redis Sentinel'],
  ['sentinel|help', 'Redis Sentinel'],
]);

const REGENERATE = 'run: npm run gen:command-metadata (against a Redis 7.0 server)';

/** Every spec by full name, subcommands included. */
function everySpec(): Map<string, CommandSpec> {
  const byName = new Map<string, CommandSpec>();
  for (const spec of allCommandSpecs) {
    byName.set(spec.name, spec);
    for (const sub of spec.subcommands ?? []) byName.set(sub.name, sub);
  }
  return byName;
}

function statuses(...words: string[]): SetReply {
  return new SetReply(words.map((word) => new Status(word)));
}

describe('the generated Redis metadata is in step with the command table', () => {
  it('comes from Redis 7.0', () => {
    expect(REDIS_METADATA_VERSION).toMatch(/^7\.0\.\d+$/);
  });

  it(`every command of the table that Redis 7.0 has has an entry (${REGENERATE} when this fails)`, () => {
    const missing = [...everySpec().keys()].filter((name) => !CAIRN_ONLY.has(name) && !redisCommandMetadata.has(name));
    expect(missing).toEqual([]);
  });

  it('every entry is a command of the table (a removed command leaves a stale entry)', () => {
    const specs = everySpec();
    expect([...redisCommandMetadata.keys()].filter((name) => !specs.has(name))).toEqual([]);
  });

  it('the cairn-only commands are in the table and have no entry', () => {
    const specs = everySpec();
    for (const name of CAIRN_ONLY.keys()) {
      expect(specs.has(name), name).toBe(true);
      expect(redisCommandMetadata.has(name), name).toBe(false);
    }
  });

  it('entries are sorted by name (the generator writes them so)', () => {
    const names = [...redisCommandMetadata.keys()];
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('every key argument in DOCS points at one of the command key specs', () => {
    const problems: string[] = [];
    const visit = (name: string, keySpecs: readonly KeySpec[], argument: CommandArgument, depth: number) => {
      if (depth > 10) throw new Error(`${name}: arguments nested too deep`);
      const index = argument.keySpecIndex;
      if (argument.type === 'key' && (index === undefined || index < 0 || index >= keySpecs.length)) {
        problems.push(`${name}: ${argument.name} has key spec index ${index}`);
      }
      for (const inner of argument.arguments ?? []) visit(name, keySpecs, inner, depth + 1);
    };
    for (const [name, metadata] of redisCommandMetadata) {
      for (const argument of metadata.docs.arguments ?? []) visit(name, metadata.keySpecs, argument, 0);
    }
    expect(problems).toEqual([]);
  });
});

/** Sample argvs for a spec: the name (and subcommand), then arguments of every allowed length up to a few past the minimum. */
function sampleArgvs(spec: CommandSpec): string[][] {
  const words = spec.name.split('|');
  const minimum = Math.max(Math.abs(spec.arity), words.length);
  const maximum = spec.arity > 0 ? spec.arity : minimum + 6;
  const samples: string[][] = [];
  for (let length = minimum; length <= maximum; length++) {
    const rest = Array.from({ length: length - words.length }, (_, index) => `arg${index + words.length}`);
    samples.push([...words, ...rest], [...words, ...rest.map(() => '2')]);
  }
  return samples;
}

describe('key specs and the table key positions agree', () => {
  it('for every command with metadata, on sample argvs, key specs find exactly the keys keyPositions gives', () => {
    const specs = everySpec();
    const disagreements: string[] = [];
    let compared = 0;
    for (const [name, metadata] of redisCommandMetadata) {
      const spec = specs.get(name);
      if (spec === undefined || spec.subcommands !== undefined) continue;
      for (const argv of sampleArgvs(spec)) {
        const found = keySpecKeys(metadata.keySpecs, argv, true);
        if (found === null) continue; // Redis finds no keys here either (out of range): GETKEYS gives an error
        compared++;
        const fromSpecs = found.map((key) => key.position);
        const fromTable = CommandTable.keyPositions(spec, argv);
        if (JSON.stringify(fromSpecs) !== JSON.stringify(fromTable)) {
          disagreements.push(`${argv.join(' ')}: key specs ${JSON.stringify(fromSpecs)}, table ${JSON.stringify(fromTable)}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(redisCommandMetadata.size);
  });

  it('every command with keys in the table has key specs that find them, and the other way round', () => {
    const problems: string[] = [];
    for (const [name, spec] of everySpec()) {
      const keySpecs = redisCommandMetadata.get(name)?.keySpecs;
      if (keySpecs === undefined) continue;
      const tableHasKeys = spec.firstKey > 0 || spec.keys !== undefined;
      if (tableHasKeys !== keySpecs.length > 0) problems.push(`${name}: table keys ${tableHasKeys}, ${keySpecs.length} key specs`);
    }
    expect(problems).toEqual([]);
  });

  it('a disagreement is caught: a spec whose range misses a key', () => {
    const keySpecs: KeySpec[] = [
      { flags: ['RW'], beginSearch: { type: 'index', index: 1 }, findKeys: { type: 'range', lastkey: 0, keystep: 1, limit: 0 } },
    ];
    const found = keySpecKeys(keySpecs, ['rename', 'a', 'b'], true)?.map((key) => key.position);
    const spec = allCommandSpecs.find((candidate) => candidate.name === 'rename') as CommandSpec;
    expect(found).not.toEqual(CommandTable.keyPositions(spec, ['rename', 'a', 'b']));
  });
});

describe('keySpecKeys follows Redis 7.0 getKeysUsingKeySpecs', () => {
  const index = (position: number) => ({ type: 'index', index: position }) as const;
  const range = (lastkey: number, keystep = 1, limit = 0) => ({ type: 'range', lastkey, keystep, limit }) as const;
  const positions = (keySpecs: KeySpec[], argv: string[], includeNotKeys = false) =>
    keySpecKeys(keySpecs, argv, includeNotKeys)?.map((key) => key.position) ?? null;

  it('keyword search with a limit (XREAD ... STREAMS a b 0 0: a b)', () => {
    const xread: KeySpec[] = [{ flags: ['RO', 'access'], beginSearch: { type: 'keyword', keyword: 'STREAMS', startfrom: 1 }, findKeys: range(-1, 1, 2) }];
    expect(positions(xread, ['XREAD', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'])).toEqual([4, 5]);
    expect(positions(xread, ['XREAD', 'streams', 'a', 'b', 'c', '0', '0'])).toEqual([2, 3]);
  });

  it('a keyword that is absent skips its spec (GEORADIUS without STORE)', () => {
    const georadius: KeySpec[] = [
      { flags: ['RO', 'access'], beginSearch: index(1), findKeys: range(0) },
      { flags: ['OW', 'update'], beginSearch: { type: 'keyword', keyword: 'STORE', startfrom: 6 }, findKeys: range(0) },
    ];
    expect(positions(georadius, ['GEORADIUS', 'src', '0', '0', '1', 'km', 'STORE', 'dst'])).toEqual([1, 7]);
    expect(positions(georadius, ['GEORADIUS', 'src', '0', '0', '1', 'km'])).toEqual([1]);
    expect(keySpecKeys(georadius, ['GEORADIUS', 'src', '0', '0', '1', 'km', 'store', 'dst'], false)?.[1]?.flags).toEqual(['OW', 'update']);
  });

  it('a backward keyword search stops before argument 1', () => {
    const backward: KeySpec[] = [{ flags: ['RW'], beginSearch: { type: 'keyword', keyword: 'KEYS', startfrom: -2 }, findKeys: range(-1) }];
    expect(positions(backward, ['x', 'a', 'KEYS', 'k1', 'k2'])).toEqual([3, 4]);
    expect(positions(backward, ['x', 'KEYS', 'k1'])).toEqual([]);
  });

  it('numkeys (ZUNIONSTORE d 2 a b WEIGHTS 1 2: d a b); a bad or zero count is invalid', () => {
    const zunionstore: KeySpec[] = [
      { flags: ['OW', 'update'], beginSearch: index(1), findKeys: range(0) },
      { flags: ['RO', 'access'], beginSearch: index(2), findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 } },
    ];
    expect(positions(zunionstore, ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'])).toEqual([1, 3, 4]);
    expect(positions(zunionstore, ['ZUNIONSTORE', 'd', '3', 'a', 'b'])).toBeNull();
    expect(positions(zunionstore, ['ZUNIONSTORE', 'd', 'x', 'a', 'b'])).toBeNull();
    expect(positions(zunionstore, ['ZUNIONSTORE', 'd', '0', 'a'])).toBeNull();
    expect(positions(zunionstore, ['ZUNIONSTORE', 'd', '-1', 'a'])).toBeNull();
  });

  it('unknown and incomplete specs make the whole search invalid; not_key specs count only when asked', () => {
    const unknown: KeySpec[] = [
      { flags: ['RO'], beginSearch: index(1), findKeys: range(0) },
      { flags: ['OW'], beginSearch: { type: 'unknown' }, findKeys: { type: 'unknown' } },
    ];
    expect(positions(unknown, ['SORT', 'k'])).toBeNull();
    const incomplete: KeySpec[] = [{ flags: ['RW', 'incomplete'], beginSearch: index(1), findKeys: range(0) }];
    expect(positions(incomplete, ['x', 'k'])).toBeNull();
    const channels: KeySpec[] = [{ flags: ['not_key'], beginSearch: index(1), findKeys: range(-1) }];
    expect(positions(channels, ['SSUBSCRIBE', 'a', 'b'])).toEqual([]);
    expect(positions(channels, ['SSUBSCRIBE', 'a', 'b'], true)).toEqual([1, 2]);
  });

  it('a fixed range past the end of argv is invalid', () => {
    expect(positions([{ flags: ['RO'], beginSearch: index(1), findKeys: range(1) }], ['LCS', 'a'])).toBeNull();
  });
});

describe('COMMAND INFO, DOCS and GETKEYSANDFLAGS use the metadata', () => {
  const indexSpec = (flags: string[], position: number) =>
    new MapReply([
      'flags', statuses(...flags),
      'begin_search', new MapReply(['type', 'index', 'spec', new MapReply(['index', position])]),
      'find_keys', new MapReply(['type', 'range', 'spec', new MapReply(['lastkey', 0, 'keystep', 1, 'limit', 0])]),
    ]);

  it('RENAME has two key specs: RW access delete for the source, OW update for the destination', () => {
    const server = new Executor();
    const [rename] = server.run('COMMAND', 'INFO', 'rename') as Reply[][];
    expect(rename?.[8]).toEqual(new SetReply([indexSpec(['RW', 'access', 'delete'], 1), indexSpec(['OW', 'update'], 2)]));
  });

  it('SET key spec carries its notes and variable_flags', () => {
    const server = new Executor();
    const [set] = server.run('COMMAND', 'INFO', 'set') as Reply[][];
    const [keySpec] = (set?.[8] as SetReply).items as MapReply[];
    expect(keySpec?.entries.slice(0, 4)).toEqual([
      'notes', 'RW and ACCESS due to the optional `GET` argument', 'flags', statuses('RW', 'access', 'update', 'variable_flags'),
    ]);
  });

  it('GETKEYSANDFLAGS: SET is OW update, with GET RW access update; RENAME and COPY per key; BITFIELD by its operations', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v')).toEqual([['k', statuses('OW', 'update')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v', 'get')).toEqual([['k', statuses('RW', 'access', 'update')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'RENAME', 'a', 'b')).toEqual([
      ['a', statuses('RW', 'access', 'delete')],
      ['b', statuses('OW', 'update')],
    ]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b')).toEqual([['a', statuses('RO', 'access')], ['b', statuses('OW', 'update')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'DEL', 'a', 'b')).toEqual([['a', statuses('RM', 'delete')], ['b', statuses('RM', 'delete')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'GET', 'u8', '0')).toEqual([['k', statuses('RO', 'access')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'BITFIELD', 'k', 'INCRBY', 'u8', '0', '1')).toEqual([['k', statuses('RW', 'access', 'update')]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'LCS', 'a')).toEqual(new ErrorReply('ERR Invalid number of arguments specified for command'));
  });

  it('DOCS of a deprecated command: doc_flags, deprecated_since, replaced_by, then arguments', () => {
    const server = new Executor();
    const docs = ((server.run('COMMAND', 'DOCS', 'substr') as MapReply).entries[1] as MapReply).entries;
    expect(docs.filter((_, position) => position % 2 === 0)).toEqual([
      'summary', 'since', 'group', 'complexity', 'doc_flags', 'deprecated_since', 'replaced_by', 'arguments',
    ]);
    expect(docs.slice(8, 14)).toEqual(['doc_flags', statuses('deprecated'), 'deprecated_since', '2.0.0', 'replaced_by', '`GETRANGE`']);
  });

  it('DOCS history is a set of [version, description] pairs; nested arguments keep Redis field order', () => {
    const server = new Executor();
    const docs = ((server.run('COMMAND', 'DOCS', 'set') as MapReply).entries[1] as MapReply).entries;
    const history = docs[docs.indexOf('history') + 1] as SetReply;
    expect(history.items[0]).toEqual(['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.']);
    const [key, , condition] = docs[docs.indexOf('arguments') + 1] as MapReply[];
    expect(key).toEqual(new MapReply(['name', 'key', 'type', 'key', 'key_spec_index', 0]));
    expect(condition?.entries).toEqual([
      'name', 'condition', 'type', 'oneof', 'since', '2.6.12', 'flags', statuses('optional'), 'arguments',
      [new MapReply(['name', 'nx', 'type', 'pure-token', 'token', 'NX']), new MapReply(['name', 'xx', 'type', 'pure-token', 'token', 'XX'])],
    ]);
  });

  it('a cairn-only command keeps the derived key specs and arguments', () => {
    const server = new Executor();
    const setinfo = everySpec().get('client|setinfo') as CommandSpec;
    expect(keySpecsOf(setinfo)).toEqual([]);
    const docs = ((server.run('COMMAND', 'DOCS', 'client|setinfo') as MapReply).entries[1] as MapReply).entries;
    expect(docs[docs.indexOf('arguments') + 1]).toEqual([
      new MapReply(['name', 'arg', 'type', 'string']),
      new MapReply(['name', 'arg', 'type', 'string']),
    ]);
  });
});
