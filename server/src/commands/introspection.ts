/**
 * COMMAND: the command table described to clients (COMMAND, INFO, DOCS, COUNT, LIST, GETKEYS,
 * GETKEYSANDFLAGS), in Redis 7.0's reply shapes. Name, arity, flags, key positions, categories,
 * summary... come from the specs. Key specs and argument docs (doc flags, history, deprecation)
 * come from Redis 7.0's own metadata (redis-metadata.ts, generated) when it has the command; for
 * commands it lacks (cairn-only, or added later) they are derived conservatively from the spec's
 * flags, arity and key positions.
 */
import { errors } from '../resp/errors.js';
import { ErrorReply, MapReply, type Reply, SetReply, Status } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import { parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import {
  type BeginSearch,
  type CommandArgument,
  type CommandDocsMetadata,
  type FindKeys,
  type KeySpec,
  type KeySpecFlag,
  redisCommandMetadata,
} from './redis-metadata.js';
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
 * Key-spec flags from the command's flags, for commands without Redis metadata. Specs do not
 * describe how each key is used, so writes claim the widest use (RW access update), reads
 * `RO access`, shard channels `not_key`, the rest (WATCH...) `RO`.
 */
function derivedKeySpecFlags(spec: CommandSpec): KeySpecFlag[] {
  if (spec.flags.includes('write')) return ['RW', 'access', 'update'];
  if (spec.flags.includes('readonly')) return ['RO', 'access'];
  if (spec.flags.includes('pubsub')) return ['not_key']; // Redis 7.0 prints this one in lower case
  return ['RO'];
}

/**
 * Key specs derived from first/last/step (lastkey relative to the first key, or negative from the
 * end), plus Redis's "unknown" spec for keys that depend on the arguments (numkeys forms).
 */
function derivedKeySpecs(spec: CommandSpec): KeySpec[] {
  const flags = derivedKeySpecFlags(spec);
  const specs: KeySpec[] = [];
  if (spec.firstKey > 0) {
    specs.push({
      flags,
      beginSearch: { type: 'index', index: spec.firstKey },
      findKeys: { type: 'range', lastkey: spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey, keystep: spec.keyStep, limit: 0 },
    });
  }
  if (spec.keys !== undefined) {
    specs.push({
      notes: 'Key positions depend on the arguments: use COMMAND GETKEYS',
      flags,
      beginSearch: { type: 'unknown' },
      findKeys: { type: 'unknown' },
    });
  }
  return specs;
}

/** The command's key specs: Redis 7.0's when it has the command, derived otherwise. */
export function keySpecsOf(spec: CommandSpec): readonly KeySpec[] {
  return redisCommandMetadata.get(spec.name)?.keySpecs ?? derivedKeySpecs(spec);
}

function beginSearchReply(search: BeginSearch): MapReply {
  switch (search.type) {
    case 'index':
      return new MapReply(['type', 'index', 'spec', new MapReply(['index', search.index])]);
    case 'keyword':
      return new MapReply(['type', 'keyword', 'spec', new MapReply(['keyword', search.keyword, 'startfrom', search.startfrom])]);
    case 'unknown':
      return new MapReply(['type', 'unknown', 'spec', new MapReply([])]);
  }
}

function findKeysReply(find: FindKeys): MapReply {
  switch (find.type) {
    case 'range':
      return new MapReply(['type', 'range', 'spec', new MapReply(['lastkey', find.lastkey, 'keystep', find.keystep, 'limit', find.limit])]);
    case 'keynum':
      return new MapReply([
        'type', 'keynum', 'spec', new MapReply(['keynumidx', find.keynumidx, 'firstkey', find.firstkey, 'keystep', find.keystep]),
      ]);
    case 'unknown':
      return new MapReply(['type', 'unknown', 'spec', new MapReply([])]);
  }
}

/** One key spec as COMMAND INFO prints it: notes (when any), flags, begin_search, find_keys. */
function keySpecReply(keySpec: KeySpec): MapReply {
  const entries: Reply[] = keySpec.notes === undefined ? [] : ['notes', keySpec.notes];
  entries.push('flags', statuses(keySpec.flags), 'begin_search', beginSearchReply(keySpec.beginSearch), 'find_keys', findKeysReply(keySpec.findKeys));
  return new MapReply(entries);
}

/** A key found by a key spec: its position in argv and the flags of the spec that found it. */
export interface KeySpecKey {
  readonly position: number;
  readonly flags: readonly KeySpecFlag[];
}

/** Where a key spec's search begins in argv: 0 when its keyword is absent, null when it cannot tell (unknown). */
function searchStart(search: BeginSearch, argv: readonly string[]): number | null {
  if (search.type === 'unknown') return null;
  if (search.type === 'index') return search.index;
  // Redis searches forward up to the one-before-last argument, or backward down to argument 2.
  const keyword = search.keyword.toLowerCase();
  const forward = search.startfrom > 0;
  const from = forward ? search.startfrom : argv.length + search.startfrom;
  const end = forward ? argv.length - 1 : 1;
  for (let index = from; forward ? index < end : index > end; index += forward ? 1 : -1) {
    if (isToken(argv, index, keyword)) return index + 1;
  }
  return 0;
}

/** The first and last key positions and the step of a key spec's find_keys, or null when it does not apply. */
function keyRange(find: FindKeys, first: number, argv: readonly string[]): { first: number; last: number; step: number } | null {
  const argc = argv.length;
  if (find.type === 'range') {
    if (find.lastkey >= 0) return { first, last: first + find.lastkey, step: find.keystep };
    if (find.limit === 0) return { first, last: argc + find.lastkey, step: find.keystep };
    return { first, last: first + Math.trunc((argc - first) / find.limit) + find.lastkey, step: find.keystep };
  }
  if (find.type === 'keynum') {
    const countIndex = first + find.keynumidx;
    const count = countIndex < argc ? parseInt64(argv[countIndex] as string) : null;
    if (count === null || count < 0n || count > BigInt(argc)) return null;
    const start = first + find.firstkey;
    return { first: start, last: start + Number(count) - 1, step: find.keystep };
  }
  return null;
}

/**
 * The keys key specs find in argv, in spec order, as Redis 7.0's getKeysUsingKeySpecs: null when
 * a spec cannot be applied (unknown or incomplete, a count that is not one, keys out of range).
 * Specs of `not_key` arguments (shard channels) count only when includeNotKeys is set.
 */
export function keySpecKeys(keySpecs: readonly KeySpec[], argv: readonly string[], includeNotKeys: boolean): KeySpecKey[] | null {
  const keys: KeySpecKey[] = [];
  for (const keySpec of keySpecs) {
    if (keySpec.flags.includes('not_key') && !includeNotKeys) continue;
    const first = searchStart(keySpec.beginSearch, argv);
    if (first === null) return null;
    if (first === 0) continue; // keyword not found: this spec has no keys here
    const range = keyRange(keySpec.findKeys, first, argv);
    if (range === null || range.step < 1 || range.last >= argv.length || range.last < range.first || range.first >= argv.length) return null;
    for (let position = range.first; position <= range.last; position += range.step) keys.push({ position, flags: keySpec.flags });
    if (keySpec.flags.includes('incomplete')) return null;
  }
  return keys;
}

/** Whether argv[index] is the token `word`, as Redis compares them (case-insensitive). */
function isToken(argv: readonly string[], index: number, word: string): boolean {
  return (argv[index] as string | undefined)?.toLowerCase() === word;
}

/** SET's key flags (Redis's setGetKeys): RW access update with GET, OW update without. */
function setKeyFlags(argv: readonly string[]): KeySpecFlag[] {
  for (let index = 3; index < argv.length; index++) {
    if (isToken(argv, index, 'get')) return ['RW', 'access', 'update'];
  }
  return ['OW', 'update'];
}

/** BITFIELD's key flags (Redis's bitfieldGetKeys): RO access when it only has GET and OVERFLOW, RW access update otherwise. */
function bitfieldKeyFlags(argv: readonly string[]): KeySpecFlag[] {
  for (let index = 2; index < argv.length; index++) {
    const remaining = argv.length - index - 1;
    if (isToken(argv, index, 'get') && remaining >= 2) index += 2;
    else if (isToken(argv, index, 'overflow') && remaining >= 1) index += 1;
    else return ['RW', 'access', 'update']; // SET, INCRBY, or a syntax error: assume it writes, as Redis does
  }
  return ['RO', 'access'];
}

/** Key flags that depend on the arguments, for commands whose Redis key spec says `variable_flags`. */
const VARIABLE_KEY_FLAGS: ReadonlyMap<string, (argv: readonly string[]) => KeySpecFlag[]> = new Map([
  ['set', setKeyFlags],
  ['bitfield', bitfieldKeyFlags],
]);

/**
 * The flags of each key position for COMMAND GETKEYSANDFLAGS. With Redis metadata: the flags of
 * the key spec that finds the key, or the command's own rule when they vary with the arguments
 * (variable_flags); the derived flags otherwise, and for keys the specs cannot place.
 */
function keyFlags(spec: CommandSpec, argv: readonly string[], positions: readonly number[]): (readonly KeySpecFlag[])[] {
  const derived = derivedKeySpecFlags(spec);
  const keySpecs = redisCommandMetadata.get(spec.name)?.keySpecs;
  if (keySpecs === undefined) return positions.map(() => derived);
  if (keySpecs.some((keySpec) => keySpec.flags.includes('variable_flags'))) {
    const variable = VARIABLE_KEY_FLAGS.get(spec.name);
    const flags = variable === undefined ? derived : variable(argv);
    return positions.map(() => flags);
  }
  const found = new Map<number, readonly KeySpecFlag[]>();
  for (const key of keySpecKeys(keySpecs, argv, false) ?? []) {
    if (!found.has(key.position)) found.set(key.position, key.flags);
  }
  return positions.map((position) => found.get(position) ?? derived);
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
    new SetReply(keySpecsOf(spec).map(keySpecReply)),
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

const KEY_ARGUMENT: CommandArgument = { name: 'key', type: 'key', keySpecIndex: 0 };
const PLAIN_ARGUMENT: CommandArgument = { name: 'arg', type: 'string' };

/** The optional, repeatable tail of a variadic command: one argument, or a block of several. */
function repeated(items: CommandArgument[]): CommandArgument {
  const flags = ['optional', 'multiple'] as const;
  if (items.length === 1) return { ...(items[0] as CommandArgument), flags };
  return { name: 'arguments', type: 'block', flags, arguments: items };
}

function isKeyPosition(spec: CommandSpec, position: number): boolean {
  if (spec.firstKey === 0 || position < spec.firstKey) return false;
  if (spec.lastKey >= 0 && position > spec.lastKey) return false;
  return (position - spec.firstKey) % spec.keyStep === 0;
}

/**
 * Arguments for COMMAND DOCS of commands without Redis metadata, from arity and key positions:
 * `key` where a key goes, `arg` elsewhere, and a repeated tail for variadic commands. This is
 * what redis-cli turns into its hints.
 */
export function documentedArguments(spec: CommandSpec): CommandArgument[] {
  const first = spec.name.includes('|') ? 2 : 1;
  const fixedCount = Math.abs(spec.arity);
  const argumentAt = (position: number, keyAllowed: boolean) => (keyAllowed && isKeyPosition(spec, position) ? KEY_ARGUMENT : PLAIN_ARGUMENT);
  const items: CommandArgument[] = [];
  for (let position = first; position < fixedCount; position++) items.push(argumentAt(position, true));
  if (spec.arity > 0) return items;
  const variadicKeys = spec.firstKey > 0 && spec.lastKey < 0;
  const unitLength = variadicKeys ? spec.keyStep : 1;
  const unit: CommandArgument[] = [];
  for (let offset = 0; offset < unitLength; offset++) unit.push(argumentAt(Math.max(fixedCount, first) + offset, variadicKeys));
  items.push(repeated(unit));
  return items;
}

/** One argument as COMMAND DOCS prints it (Redis's field order), nested arguments included. */
function argumentReply(argument: CommandArgument): MapReply {
  const entries: Reply[] = ['name', argument.name, 'type', argument.type];
  if (argument.keySpecIndex !== undefined) entries.push('key_spec_index', argument.keySpecIndex);
  if (argument.token !== undefined) entries.push('token', argument.token);
  if (argument.summary !== undefined) entries.push('summary', argument.summary);
  if (argument.since !== undefined) entries.push('since', argument.since);
  if (argument.deprecatedSince !== undefined) entries.push('deprecated_since', argument.deprecatedSince);
  if (argument.flags !== undefined) entries.push('flags', statuses(argument.flags));
  if (argument.arguments !== undefined) entries.push('arguments', argument.arguments.map(argumentReply));
  return new MapReply(entries);
}

/** The DOCS fields Redis metadata gives: doc_flags, deprecated_since, replaced_by, history, arguments. */
function metadataDocs(docs: CommandDocsMetadata): Reply[] {
  const entries: Reply[] = [];
  if (docs.docFlags !== undefined) entries.push('doc_flags', statuses(docs.docFlags));
  if (docs.deprecatedSince !== undefined) entries.push('deprecated_since', docs.deprecatedSince);
  if (docs.replacedBy !== undefined) entries.push('replaced_by', docs.replacedBy);
  if (docs.history !== undefined) entries.push('history', new SetReply(docs.history.map(([version, description]) => [version, description])));
  if (docs.arguments !== undefined) entries.push('arguments', docs.arguments.map(argumentReply));
  return entries;
}

/**
 * One command's COMMAND DOCS map, in Redis 7.0's order: summary, since, group, complexity (when
 * known), doc_flags, deprecated_since, replaced_by, history, arguments, subcommands.
 */
export function commandDocs(spec: CommandSpec): MapReply {
  const entries: Reply[] = ['summary', spec.summary, 'since', spec.since, 'group', spec.group];
  if (spec.complexity !== '') entries.push('complexity', spec.complexity); // Redis omits it for commands without one (MONITOR)
  const metadata = redisCommandMetadata.get(spec.name);
  if (metadata !== undefined) {
    entries.push(...metadataDocs(metadata.docs));
  } else if (spec.subcommands === undefined) {
    const documented = documentedArguments(spec);
    if (documented.length > 0) entries.push('arguments', documented.map(argumentReply));
  }
  if (spec.subcommands !== undefined) {
    entries.push('subcommands', new MapReply(spec.subcommands.flatMap((sub) => [sub.name, commandDocs(sub)])));
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
  const hasKeys = spec.keys !== undefined || keySpecsOf(spec).some((keySpec) => !keySpec.flags.includes('not_key'));
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
  const flags = keyFlags(found.spec, argv.slice(2), found.positions);
  return found.positions.map((position, index) => [argv[position + 2] as string, statuses(flags[index] ?? [])]);
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
