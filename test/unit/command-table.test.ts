import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../server/src/commands/dispatch.js';
import { allCommandSpecs } from '../../server/src/commands/index.js';
import { commandDocs, commandInfo, documentedArguments } from '../../server/src/commands/introspection.js';
import type { CommandFlag, CommandSpec } from '../../server/src/commands/spec.js';
import { CommandTable } from '../../server/src/commands/table.js';
import { ErrorReply, MapReply, type Reply, SetReply, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor } from '../support/executor.js';

const FLAGS: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale', 'skip_monitor',
  'skip_slowlog', 'fast', 'no_auth', 'may_replicate', 'no_mandatory_keys', 'allow_busy', 'no_multi', 'no_async_loading',
];
const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];
const GROUPS = [
  'bitmap', 'connection', 'generic', 'geo', 'hash', 'hyperloglog', 'list', 'pubsub', 'scripting', 'sentinel', 'server', 'set',
  'sorted-set', 'stream', 'string', 'transactions',
];

/** Every spec, subcommands after their container. */
function everySpec(): { spec: CommandSpec; container: CommandSpec | null }[] {
  const out: { spec: CommandSpec; container: CommandSpec | null }[] = [];
  for (const spec of allCommandSpecs) {
    out.push({ spec, container: null });
    for (const sub of spec.subcommands ?? []) out.push({ spec: sub, container: spec });
  }
  return out;
}

/** What is wrong with a spec, as readable sentences (empty when it is consistent). */
function specProblems(spec: CommandSpec, container: CommandSpec | null): string[] {
  const problems: string[] = [];
  const problem = (why: string) => problems.push(`${spec.name}: ${why}`);
  if (!/^[a-z][a-z0-9_-]*(\|[a-z][a-z0-9_-]*)?$/.test(spec.name)) problem('name is not a lower-case command name');
  if (container !== null && !spec.name.startsWith(`${container.name}|`)) problem('subcommand not named after its container');
  if (container === null && spec.name.includes('|')) problem('top-level name with a |');
  if (!Number.isInteger(spec.arity) || spec.arity === 0) problem('arity must be a non-zero integer');
  if (container !== null && Math.abs(spec.arity) < 2) problem('a subcommand counts the container and its own name');
  if (spec.subcommands !== undefined && spec.arity > 0) problem('a container has a variable arity');
  if (spec.subcommands === undefined && spec.handler === undefined) problem('no handler');
  if (spec.subcommands !== undefined && container !== null) problem('subcommands nest one level only');
  if (spec.summary.trim() === '') problem('no summary');
  if (spec.complexity !== spec.complexity.trim()) problem('complexity with surrounding spaces (Redis has none for a few commands: use "")');
  if (!/^\d+\.\d+\.\d+$/.test(spec.since)) problem(`since "${spec.since}" is not a version`);
  if (!GROUPS.includes(spec.group)) problem(`unknown group ${spec.group}`);
  for (const flag of spec.flags) if (!FLAGS.includes(flag)) problem(`unknown flag ${flag}`);
  if (new Set(spec.flags).size !== spec.flags.length) problem('duplicate flags');
  if (spec.flags.includes('write') && spec.flags.includes('readonly')) problem('both write and readonly');
  for (const category of spec.categories) if (!CATEGORIES.includes(category)) problem(`unknown category ${category}`);
  if (new Set(spec.categories).size !== spec.categories.length) problem('duplicate categories');
  for (const tip of spec.tips ?? []) if (!/^[a-z_]+(:[a-z_]+)?$/.test(tip)) problem(`malformed tip ${tip}`);
  problems.push(...keyProblems(spec));
  return problems;
}

function keyProblems(spec: CommandSpec): string[] {
  const problems: string[] = [];
  const problem = (why: string) => problems.push(`${spec.name}: ${why}`);
  const argc = Math.abs(spec.arity);
  if (spec.firstKey === 0) {
    if (spec.lastKey !== 0 || spec.keyStep !== 0) problem('no first key but a last key or step');
    return problems;
  }
  if (spec.firstKey < 0 || spec.keyStep < 1) problem('bad first key or step');
  if (spec.arity > 0 && spec.firstKey >= argc) problem('first key beyond the arity');
  if (spec.lastKey >= 0 && spec.lastKey < spec.firstKey) problem('last key before the first');
  if (spec.arity > 0 && spec.lastKey >= argc) problem('last key beyond the arity');
  if (spec.lastKey < 0 && spec.arity > 0) problem('keys counted from the end need a variable arity');
  if (spec.lastKey < 0 && spec.firstKey - spec.lastKey > argc + 1) problem('last key from the end cannot follow the first at minimum arity');
  return problems;
}

describe('the command table', () => {
  it('every spec is consistent: names, arity, summary, since, group, flags, categories, key positions', () => {
    const problems = everySpec().flatMap(({ spec, container }) => specProblems(spec, container));
    expect(problems).toEqual([]);
  });

  it('the consistency check catches a broken spec', () => {
    const broken: CommandSpec = {
      name: 'Bad', arity: 2, flags: ['write', 'readonly'], firstKey: 1, lastKey: 3, keyStep: 1, categories: [],
      group: 'string', summary: '', since: 'soon', complexity: 'O(1)', handler: () => null,
    };
    expect(specProblems(broken, null)).toEqual([
      'Bad: name is not a lower-case command name',
      'Bad: no summary',
      'Bad: since "soon" is not a version',
      'Bad: both write and readonly',
      'Bad: last key beyond the arity',
    ]);
  });

  it('builds without duplicate names', () => {
    const names = everySpec().map(({ spec }) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    expect(() => new CommandTable(allCommandSpecs)).not.toThrow();
  });
});

describe('COMMAND, COMMAND COUNT, COMMAND LIST', () => {
  it('COUNT is the number of top-level commands', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'COUNT')).toBe(allCommandSpecs.length);
  });

  it('bare COMMAND and COMMAND INFO without names describe every top-level command', () => {
    const server = new Executor();
    const all = server.run('COMMAND') as Reply[][];
    expect(all.map((entry) => entry[0])).toEqual(allCommandSpecs.map((spec) => spec.name));
    expect(server.run('COMMAND', 'INFO')).toEqual(all);
  });

  it('LIST names commands and subcommands', () => {
    const server = new Executor();
    const names = server.run('COMMAND', 'LIST') as string[];
    expect(names).toHaveLength(everySpec().length);
    expect(names).toContain('client|list');
    expect(names).toContain('command');
  });

  it('LIST FILTERBY PATTERN (case-insensitive), ACLCAT and MODULE', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'CLIENT|[ik]*')).toEqual(['client|id', 'client|info', 'client|kill']);
    const admin = server.run('COMMAND', 'LIST', 'filterby', 'aclcat', 'ADMIN') as string[];
    expect(admin).toContain('client|kill');
    expect(admin).not.toContain('client|id');
    expect(server.run('COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuch')).toEqual([]);
    expect(server.run('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'foo')).toEqual([]);
  });

  it('LIST with anything but one FILTERBY is a syntax error', () => {
    const server = new Executor();
    const syntax = new ErrorReply('ERR syntax error');
    expect(server.run('COMMAND', 'LIST', 'x')).toEqual(syntax);
    expect(server.run('COMMAND', 'LIST', 'FILTERBY')).toEqual(syntax);
    expect(server.run('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar')).toEqual(syntax);
    expect(server.run('COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'connection', 'x')).toEqual(syntax);
  });

  it('an unknown COMMAND subcommand and wrong arity get the dispatcher errors', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'foo')).toEqual(new ErrorReply("ERR unknown subcommand 'foo'. Try COMMAND HELP."));
    expect(server.run('COMMAND', 'COUNT', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'command|count' command"));
  });
});

describe('COMMAND INFO', () => {
  it('describes a subcommand as Redis 7.0 does', () => {
    const server = new Executor();
    expect(server.run('COMMAND', 'INFO', 'CLIENT|LIST')).toEqual([
      [
        'client|list', -2,
        new SetReply([new Status('admin'), new Status('noscript'), new Status('loading'), new Status('stale')]),
        0, 0, 0,
        new SetReply([new Status('@admin'), new Status('@slow'), new Status('@dangerous'), new Status('@connection')]),
        new SetReply(['nondeterministic_output']),
        new SetReply([]),
        new SetReply([]),
      ],
    ]);
  });

  it('hides may_replicate as Redis 7.0 does (PUBLISH still waits during CLIENT PAUSE WRITE)', () => {
    const server = new Executor();
    const [publish] = server.run('COMMAND', 'INFO', 'publish') as Reply[][];
    expect(publish?.[2]).toEqual(new SetReply(['pubsub', 'loading', 'stale', 'fast'].map((flag) => new Status(flag))));
  });

  it('a container lists its subcommands; an unknown name is nil', () => {
    const server = new Executor();
    const [client, unknown] = server.run('COMMAND', 'INFO', 'client', 'nosuch') as Reply[][];
    expect(unknown).toBeNull();
    expect(client?.slice(0, 9)).toEqual(['client', -2, new SetReply([]), 0, 0, 0, new SetReply([new Status('@slow')]), new SetReply([]), new SetReply([])]);
    const subcommands = client?.[9] as Reply[][];
    expect(subcommands.map((entry) => entry[0])).toContain('client|kill');
  });

  it('derives a range key spec from first/last/step, lastkey relative to the first key', () => {
    const spec: CommandSpec = {
      name: 'pair', arity: 4, flags: ['readonly'], firstKey: 2, lastKey: 3, keyStep: 1, categories: [],
      group: 'string', summary: 'x', since: '1.0.0', complexity: 'O(1)', handler: () => null,
    };
    const info = commandInfo(spec);
    expect(info.slice(3, 6)).toEqual([2, 3, 1]);
    expect(info[8]).toEqual(
      new SetReply([
        new MapReply([
          'flags', new SetReply([new Status('RO'), new Status('access')]),
          'begin_search', new MapReply(['type', 'index', 'spec', new MapReply(['index', 2])]),
          'find_keys', new MapReply(['type', 'range', 'spec', new MapReply(['lastkey', 1, 'keystep', 1, 'limit', 0])]),
        ]),
      ]),
    );
  });

  it('keys counted from the end keep their negative lastkey; movable keys add an unknown spec and the movablekeys flag', () => {
    const spec: CommandSpec = {
      name: 'movable', arity: -3, flags: ['write'], firstKey: 1, lastKey: -1, keyStep: 2, categories: [],
      keys: (argv) => [1, argv.length - 1], group: 'string', summary: 'x', since: '1.0.0', complexity: 'O(1)', handler: () => null,
    };
    const info = commandInfo(spec);
    expect(info[2]).toEqual(new SetReply([new Status('write'), new Status('movablekeys')]));
    const [range, unknown] = (info[8] as SetReply).items as MapReply[];
    expect(range?.entries[5]).toEqual(new MapReply(['type', 'range', 'spec', new MapReply(['lastkey', -1, 'keystep', 2, 'limit', 0])]));
    expect(range?.entries[1]).toEqual(new SetReply([new Status('RW'), new Status('access'), new Status('update')]));
    expect(unknown?.entries.slice(4)).toEqual([
      'begin_search', new MapReply(['type', 'unknown', 'spec', new MapReply([])]),
      'find_keys', new MapReply(['type', 'unknown', 'spec', new MapReply([])]),
    ]);
  });
});

describe('COMMAND DOCS', () => {
  it('maps each known name to its summary, since, group and complexity; unknown names are left out', () => {
    const server = new Executor();
    const reply = server.run('COMMAND', 'DOCS', 'client|id', 'nosuch') as MapReply;
    expect(reply).toEqual(
      new MapReply([
        'client|id',
        new MapReply([
          'summary', 'Returns the client ID for the current connection', 'since', '5.0.0', 'group', 'connection', 'complexity', 'O(1)',
        ]),
      ]),
    );
  });

  it('a container documents its subcommands in a map', () => {
    const server = new Executor();
    const docs = ((server.run('COMMAND', 'DOCS', 'command') as MapReply).entries[1] as MapReply).entries;
    expect(docs.slice(0, 8)).toEqual([
      'summary', 'Get array of Redis command details', 'since', '2.8.13', 'group', 'server', 'complexity',
      'O(N) where N is the total number of Redis commands',
    ]);
    expect(docs[8]).toBe('subcommands');
    expect((docs[9] as MapReply).entries.filter((_, index) => index % 2 === 0)).toContain('command|getkeys');
  });

  it('DOCS without names documents every top-level command', () => {
    const server = new Executor();
    const entries = (server.run('COMMAND', 'DOCS') as MapReply).entries;
    expect(entries.filter((_, index) => index % 2 === 0)).toEqual(allCommandSpecs.map((spec) => spec.name));
  });

  it('arguments of a command Redis 7.0 lacks are derived from arity and key positions for redis-cli hints', () => {
    const base = { flags: [], categories: [], group: 'string', summary: 'x', since: '1.0.0', complexity: 'O(1)', handler: () => null } as const;
    const key = { name: 'key', type: 'key', keySpecIndex: 0 };
    const arg = { name: 'arg', type: 'string' };
    const repeated = ['optional', 'multiple'];
    expect(documentedArguments({ ...base, name: 'xget', arity: 2, firstKey: 1, lastKey: 1, keyStep: 1 })).toEqual([key]);
    expect(documentedArguments({ ...base, name: 'xset', arity: -3, firstKey: 1, lastKey: 1, keyStep: 1 })).toEqual([
      key, arg, { ...arg, flags: repeated },
    ]);
    expect(documentedArguments({ ...base, name: 'xdel', arity: -2, firstKey: 1, lastKey: -1, keyStep: 1 })).toEqual([
      key, { ...key, flags: repeated },
    ]);
    expect(documentedArguments({ ...base, name: 'xmset', arity: -3, firstKey: 1, lastKey: -1, keyStep: 2 })).toEqual([
      key, arg, { name: 'arguments', type: 'block', flags: repeated, arguments: [key, arg] },
    ]);
    expect(documentedArguments({ ...base, name: 'x|y', arity: 3, firstKey: 0, lastKey: 0, keyStep: 0 })).toEqual([arg]);
    const docs = commandDocs({ ...base, name: 'xmset', arity: -3, firstKey: 1, lastKey: -1, keyStep: 2 }).entries;
    const flags = new SetReply([new Status('optional'), new Status('multiple')]);
    expect(docs.slice(8)).toEqual([
      'arguments',
      [
        new MapReply(['name', 'key', 'type', 'key', 'key_spec_index', 0]),
        new MapReply(['name', 'arg', 'type', 'string']),
        new MapReply([
          'name', 'arguments', 'type', 'block', 'flags', flags, 'arguments',
          [new MapReply(['name', 'key', 'type', 'key', 'key_spec_index', 0]), new MapReply(['name', 'arg', 'type', 'string'])],
        ]),
      ],
    ]);
    expect(commandDocs({ ...base, name: 'x|z', arity: 2, firstKey: 0, lastKey: 0, keyStep: 0 }).entries).toHaveLength(8);
    expect(commandDocs({ ...base, name: 'w', arity: 1, firstKey: 0, lastKey: 0, keyStep: 0, complexity: '' }).entries).toEqual([
      'summary', 'x', 'since', '1.0.0', 'group', 'string',
    ]);
  });
});

describe('COMMAND GETKEYS and GETKEYSANDFLAGS', () => {
  /** A server whose table also holds commands with unusual key positions. */
  function serverWithKeyCommands(): Executor {
    const server = new Executor();
    const base = { categories: [], group: 'generic', summary: 'x', since: '1.0.0', complexity: 'O(1)', handler: () => null } as const;
    const extra: CommandSpec[] = [
      { ...base, name: 'kpairs', arity: -3, flags: ['write'], firstKey: 1, lastKey: -1, keyStep: 2 },
      { ...base, name: 'kfixed', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 2, keyStep: 1 },
      { ...base, name: 'knum', arity: -3, flags: ['readonly'], firstKey: 0, lastKey: 0, keyStep: 0, keys: (argv) => {
        const count = Number(argv[1]);
        return Array.from({ length: Math.max(0, Math.min(count, 1000)) }, (_, index) => 2 + index);
      } },
      { ...base, name: 'koptional', arity: -2, flags: ['readonly', 'no_mandatory_keys'], firstKey: 0, lastKey: 0, keyStep: 0, keys: () => [] },
    ];
    const table = new CommandTable([...allCommandSpecs, ...extra]);
    Object.assign(server, { dispatcher: new Dispatcher(server.state, table) });
    return server;
  }

  it('answers the keys of a command', () => {
    const server = serverWithKeyCommands();
    expect(server.run('COMMAND', 'GETKEYS', 'WATCH', 'a', 'b', 'c')).toEqual(['a', 'b', 'c']);
    expect(server.run('COMMAND', 'GETKEYS', 'kpairs', 'a', '1', 'b', '2', 'c')).toEqual(['a', 'b', 'c']);
    expect(server.run('COMMAND', 'GETKEYS', 'knum', '2', 'x', 'y', 'z')).toEqual(['x', 'y']);
    expect(server.run('COMMAND', 'GETKEYS', 'koptional', 'x')).toEqual([]);
  });

  it('answers Redis errors for unknown commands, commands without keys, bad counts and keys out of range', () => {
    const server = serverWithKeyCommands();
    expect(server.run('COMMAND', 'GETKEYS', 'nosuch', 'a')).toEqual(new ErrorReply('ERR Invalid command specified'));
    expect(server.run('COMMAND', 'GETKEYS', 'client', 'foo')).toEqual(new ErrorReply('ERR Invalid command specified'));
    expect(server.run('COMMAND', 'GETKEYS', 'ping', 'a')).toEqual(new ErrorReply('ERR The command has no key arguments'));
    expect(server.run('COMMAND', 'GETKEYS', 'client', 'list')).toEqual(new ErrorReply('ERR The command has no key arguments'));
    expect(server.run('COMMAND', 'GETKEYS', 'kpairs', 'a')).toEqual(new ErrorReply('ERR Invalid number of arguments specified for command'));
    expect(server.run('COMMAND', 'GETKEYS', 'kfixed', 'a')).toEqual(new ErrorReply('ERR Invalid arguments specified for command'));
    expect(server.run('COMMAND', 'GETKEYS', 'knum', '5', 'x')).toEqual(new ErrorReply('ERR Invalid arguments specified for command'));
    expect(server.run('COMMAND', 'GETKEYS', 'knum', '0', 'x')).toEqual(new ErrorReply('ERR Invalid arguments specified for command'));
    expect(server.run('COMMAND', 'GETKEYS', 'get')).toEqual(new ErrorReply("ERR wrong number of arguments for 'command|getkeys' command"));
  });

  it('GETKEYSANDFLAGS pairs each key with its key-spec flags', () => {
    const server = serverWithKeyCommands();
    const flags = new SetReply([new Status('RW'), new Status('access'), new Status('update')]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'kpairs', 'a', '1', 'b', '2')).toEqual([['a', flags], ['b', flags]]);
    expect(server.run('COMMAND', 'GETKEYSANDFLAGS', 'watch', 'k')).toEqual([['k', new SetReply([new Status('RO')])]]);
  });
});

describe('COMMAND HELP and effects', () => {
  it('COMMAND HELP is Redis 7.0 text', () => {
    const server = new Executor();
    const reply = server.run('COMMAND', 'HELP') as Status[];
    expect(reply[0]).toEqual(new Status('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(reply[1]).toEqual(new Status('(no subcommand)'));
    expect(reply).toHaveLength(21);
  });

  it('COMMAND subcommands record no effects', () => {
    const pair = new EffectsPair();
    for (const command of [['COMMAND'], ['COMMAND', 'COUNT'], ['COMMAND', 'DOCS'], ['COMMAND', 'LIST'], ['COMMAND', 'GETKEYS', 'watch', 'a']]) {
      pair.run(...command);
    }
    expect(pair.allEffects()).toEqual([]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });
});
