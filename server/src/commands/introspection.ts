/**
 * COMMAND: the command table described to clients (COMMAND, INFO, DOCS, COUNT, LIST, GETKEYS,
 * GETKEYSANDFLAGS), in Redis 7.0's reply shapes. Everything is derived from the specs; what a
 * spec does not say (key-spec flags, argument names) is derived conservatively from its flags,
 * arity and key positions.
 */
import { errors } from '../resp/errors.js';
import { ErrorReply, MapReply, type Reply, SetReply, Status } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';
import { CommandTable } from './table.js';

function emptySet(): SetReply {
  return new SetReply([]);
}

function statuses(words: readonly string[]): SetReply {
  return new SetReply(words.map((word) => new Status(word)));
}

// ---- key specs -----------------------------------------------------------------

/**
 * Key-spec flags from the command's flags. Specs do not describe how each key is used, so writes
 * claim the widest use (RW access update), reads `RO access`, shard channels `not_key`, the rest
 * (WATCH...) `RO`.
 */
function keySpecFlags(spec: CommandSpec): string[] {
  if (spec.flags.includes('write')) return ['RW', 'access', 'update'];
  if (spec.flags.includes('readonly')) return ['RO', 'access'];
  if (spec.flags.includes('pubsub')) return ['not_key']; // Redis 7.0 prints this one in lower case
  return ['RO'];
}

/** The range key spec Redis prints for first/last/step: lastkey relative to the first key, or negative from the end. */
function rangeKeySpec(spec: CommandSpec): MapReply {
  const lastKey = spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey;
  return new MapReply([
    'flags', statuses(keySpecFlags(spec)),
    'begin_search', new MapReply(['type', 'index', 'spec', new MapReply(['index', spec.firstKey])]),
    'find_keys', new MapReply(['type', 'range', 'spec', new MapReply(['lastkey', lastKey, 'keystep', spec.keyStep, 'limit', 0])]),
  ]);
}

/** For commands whose keys depend on their arguments (numkeys forms): Redis's "unknown" spec. */
function unknownKeySpec(spec: CommandSpec): MapReply {
  return new MapReply([
    'notes', 'Key positions depend on the arguments: use COMMAND GETKEYS',
    'flags', statuses(keySpecFlags(spec)),
    'begin_search', new MapReply(['type', 'unknown', 'spec', new MapReply([])]),
    'find_keys', new MapReply(['type', 'unknown', 'spec', new MapReply([])]),
  ]);
}

function keySpecs(spec: CommandSpec): Reply[] {
  const specs: Reply[] = [];
  if (spec.firstKey > 0) specs.push(rangeKeySpec(spec));
  if (spec.keys !== undefined) specs.push(unknownKeySpec(spec));
  return specs;
}

// ---- COMMAND INFO --------------------------------------------------------------

/** One command's COMMAND INFO entry: name, arity, flags, first/last/step, categories, tips, key specs, subcommands. */
export function commandInfo(spec: CommandSpec): Reply[] {
  const tips = spec.tips ?? [];
  return [
    spec.name,
    spec.arity,
    statuses(CommandTable.flags(spec)),
    spec.firstKey,
    spec.lastKey,
    spec.keyStep,
    statuses(CommandTable.categories(spec)),
    new SetReply([...tips]),
    new SetReply(keySpecs(spec)),
    spec.subcommands === undefined ? emptySet() : spec.subcommands.map(commandInfo),
  ];
}

function allCommandInfo(ctx: CommandContext): Reply {
  return [...ctx.dispatcher.table.all()].map(commandInfo);
}

function commandInfoCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 2) return allCommandInfo(ctx);
  const table = ctx.dispatcher.table;
  return argv.slice(2).map((name) => {
    const spec = table.get(name);
    return spec === undefined ? null : commandInfo(spec);
  });
}

// ---- COMMAND DOCS --------------------------------------------------------------

/** A `key` argument (of the first key spec) or a plain `arg`. */
function argument(isKey: boolean): MapReply {
  return isKey ? new MapReply(['name', 'key', 'type', 'key', 'key_spec_index', 0]) : new MapReply(['name', 'arg', 'type', 'string']);
}

/** The optional, repeatable tail of a variadic command: one argument, or a block of several. */
function repeated(items: MapReply[]): MapReply {
  const flags = statuses(['optional', 'multiple']);
  if (items.length === 1) return new MapReply([...(items[0] as MapReply).entries, 'flags', flags]);
  return new MapReply(['name', 'arguments', 'type', 'block', 'flags', flags, 'arguments', items]);
}

function isKeyPosition(spec: CommandSpec, position: number): boolean {
  if (spec.firstKey === 0 || position < spec.firstKey) return false;
  if (spec.lastKey >= 0 && position > spec.lastKey) return false;
  return (position - spec.firstKey) % spec.keyStep === 0;
}

/**
 * Arguments for COMMAND DOCS from arity and key positions (specs carry no argument docs):
 * `key` where a key goes, `arg` elsewhere, and a repeated tail for variadic commands. This is
 * what redis-cli turns into its hints.
 */
export function documentedArguments(spec: CommandSpec): MapReply[] {
  const first = spec.name.includes('|') ? 2 : 1;
  const fixedCount = Math.abs(spec.arity);
  const items: MapReply[] = [];
  for (let position = first; position < fixedCount; position++) {
    items.push(argument(isKeyPosition(spec, position)));
  }
  if (spec.arity > 0) return items;
  const variadicKeys = spec.firstKey > 0 && spec.lastKey < 0;
  const unitLength = variadicKeys ? spec.keyStep : 1;
  const unit: MapReply[] = [];
  for (let offset = 0; offset < unitLength; offset++) {
    const position = Math.max(fixedCount, first) + offset;
    unit.push(argument(variadicKeys && isKeyPosition(spec, position)));
  }
  items.push(repeated(unit));
  return items;
}

/** One command's COMMAND DOCS map (Redis 7.0 keys: summary, since, group, complexity when known, arguments, subcommands). */
export function commandDocs(spec: CommandSpec): MapReply {
  const entries: Reply[] = ['summary', spec.summary, 'since', spec.since, 'group', spec.group];
  if (spec.complexity !== '') entries.push('complexity', spec.complexity); // Redis omits it for commands without one (MONITOR)
  if (spec.subcommands !== undefined) {
    entries.push('subcommands', new MapReply(spec.subcommands.flatMap((sub) => [sub.name, commandDocs(sub)])));
  } else {
    const documented = documentedArguments(spec);
    if (documented.length > 0) entries.push('arguments', documented);
  }
  return new MapReply(entries);
}

function commandDocsCommand(ctx: CommandContext, argv: readonly string[]): Reply {
  const table = ctx.dispatcher.table;
  const specs = argv.length === 2 ? [...table.all()] : argv.slice(2).map((name) => table.get(name));
  const entries: Reply[] = [];
  for (const spec of specs) {
    if (spec !== undefined) entries.push(spec.name, commandDocs(spec));
  }
  return new MapReply(entries);
}

// ---- COMMAND LIST --------------------------------------------------------------

type NameFilter = (spec: CommandSpec) => boolean;

/** FILTERBY MODULE|ACLCAT|PATTERN <value>; cairn has no modules, so MODULE matches nothing. */
function parseListFilter(argv: readonly string[]): NameFilter | ErrorReply {
  if (argv.length === 2) return () => true;
  if (argv.length !== 5 || (argv[2] as string).toLowerCase() !== 'filterby') return errors.syntax;
  const value = argv[4] as string;
  switch ((argv[3] as string).toLowerCase()) {
    case 'module':
      return () => false;
    case 'aclcat': {
      const category = `@${value.toLowerCase()}`;
      return (spec) => CommandTable.categories(spec).includes(category);
    }
    case 'pattern': {
      const pattern = new GlobPattern(value, true);
      return (spec) => pattern.test(spec.name);
    }
    default:
      return errors.syntax;
  }
}

function commandList(ctx: CommandContext, argv: readonly string[]): Reply {
  const filter = parseListFilter(argv);
  if (filter instanceof ErrorReply) return filter;
  const names: Reply[] = [];
  for (const spec of ctx.dispatcher.table.all()) {
    if (filter(spec)) names.push(spec.name);
    for (const sub of spec.subcommands ?? []) {
      if (filter(sub)) names.push(sub.name);
    }
  }
  return names;
}

// ---- COMMAND GETKEYS -----------------------------------------------------------

/** Whether a range key spec fits argv, as Redis's getKeysUsingKeySpecs checks it. */
function rangeFits(spec: CommandSpec, argc: number): boolean {
  if (spec.keys !== undefined) return true;
  const last = spec.lastKey < 0 ? argc + spec.lastKey : spec.lastKey;
  return last < argc && last >= spec.firstKey && spec.firstKey < argc;
}

/** The key positions of the command in argv[2...], or Redis's COMMAND GETKEYS error for it. */
function keysOfCommand(ctx: CommandContext, argv: readonly string[]): { spec: CommandSpec; positions: number[] } | ErrorReply {
  const target = argv.slice(2);
  const spec = ctx.dispatcher.table.lookup(target);
  if (spec instanceof ErrorReply) return errors.commandInvalid;
  const hasKeys = (spec.firstKey > 0 || spec.keys !== undefined) && !keySpecFlags(spec).includes('not_key');
  if (!hasKeys) return errors.commandNoKeys;
  if ((spec.arity > 0 && spec.arity !== target.length) || target.length < -spec.arity) {
    return errors.commandInvalidArgumentCount;
  }
  const positions = rangeFits(spec, target.length) ? CommandTable.keyPositions(spec, target) : [];
  const valid = positions.length > 0 && positions.every((position) => position >= 1 && position < target.length);
  if (!valid) return spec.flags.includes('no_mandatory_keys') ? { spec, positions: [] } : errors.commandInvalidArguments;
  return { spec, positions };
}

function commandGetKeys(ctx: CommandContext, argv: readonly string[]): Reply {
  const found = keysOfCommand(ctx, argv);
  if (found instanceof ErrorReply) return found;
  return found.positions.map((position) => argv[position + 2] as string);
}

function commandGetKeysAndFlags(ctx: CommandContext, argv: readonly string[]): Reply {
  const found = keysOfCommand(ctx, argv);
  if (found instanceof ErrorReply) return found;
  const flags = keySpecFlags(found.spec);
  return found.positions.map((position) => [argv[position + 2] as string, statuses(flags)]);
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

// ---- specs ---------------------------------------------------------------------

const server = { group: 'server', categories: ['connection'], flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const outputOrder = ['nondeterministic_output_order'] as const;

/** COMMAND and its subcommands, as Redis 7.0. */
export const introspectionCommands: readonly CommandSpec[] = [
  {
    ...server,
    name: 'command',
    arity: -1,
    summary: 'Get array of Redis command details',
    since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands',
    tips: outputOrder,
    handler: allCommandInfo,
    subcommands: [
      { ...server, name: 'command|count', arity: 2, summary: 'Get total number of Redis commands', since: '2.8.13', complexity: 'O(1)', handler: (ctx) => ctx.dispatcher.table.size },
      { ...server, name: 'command|docs', arity: -2, summary: 'Get array of specific Redis command documentation', since: '7.0.0', complexity: 'O(N) where N is the number of commands to look up', tips: outputOrder, handler: commandDocsCommand },
      { ...server, name: 'command|getkeys', arity: -4, summary: 'Extract keys given a full Redis command', since: '2.8.13', complexity: 'O(N) where N is the number of arguments to the command', handler: commandGetKeys },
      { ...server, name: 'command|getkeysandflags', arity: -4, summary: 'Extract keys and access flags given a full Redis command', since: '7.0.0', complexity: 'O(N) where N is the number of arguments to the command', handler: commandGetKeysAndFlags },
      { ...server, name: 'command|help', arity: 2, summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => helpReply('command', COMMAND_HELP) },
      { ...server, name: 'command|info', arity: -2, summary: 'Get array of specific Redis command details, or all when no argument is given.', since: '2.8.13', complexity: 'O(N) where N is the number of commands to look up', tips: outputOrder, handler: commandInfoCommand },
      { ...server, name: 'command|list', arity: -2, summary: 'Get an array of Redis command names', since: '7.0.0', complexity: 'O(N) where N is the total number of Redis commands', tips: outputOrder, handler: commandList },
    ],
  },
];
