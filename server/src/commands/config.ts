/** CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the settings of config/settings.ts. */
import { type SettingSpec, Settings, settingSpecs } from '../config/settings.js';
import { errors } from '../resp/errors.js';
import { MapReply, OK, type Reply } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';

/** Characters that make a CONFIG GET argument a pattern rather than a name. */
const GLOB_CHARACTERS = /[[*?]/;

/**
 * CONFIG GET name-or-pattern...: each setting once, named as asked when asked by exact name
 * (Redis answers `HZ` to `CONFIG GET HZ`), by its own name when matched by a pattern.
 */
function configGet(ctx: CommandContext, argv: readonly string[]): Reply {
  const matched = new Map<string, string>(); // setting name -> name to answer with
  for (let index = 2; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (!GLOB_CHARACTERS.test(argument)) {
      const spec = Settings.spec(argument);
      if (spec !== undefined && !matched.has(spec.name)) matched.set(spec.name, argument);
      continue;
    }
    const pattern = new GlobPattern(argument, true);
    for (const spec of settingSpecs) {
      if (!matched.has(spec.name) && pattern.test(spec.name)) matched.set(spec.name, spec.name);
    }
  }
  const entries: Reply[] = [];
  for (const [name, shownAs] of matched) entries.push(shownAs, ctx.server.settings.format(name));
  return new MapReply(entries);
}

/**
 * CONFIG SET name value [name value ...]: every pair is checked before any is applied, so either
 * all change or none. Errors follow Redis's order: the first unknown, immutable or repeated name,
 * then the first value that does not parse or is out of range.
 */
function configSet(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length % 2 !== 0) return errors.syntax;
  const settings = ctx.server.settings;
  const nameError = checkNames(argv);
  if (nameError !== null) return nameError;
  for (let index = 2; index < argv.length; index += 2) {
    const reason = settings.check(argv[index] as string, argv[index + 1] as string);
    if (reason !== null) return errors.configSetFailed(argv[index] as string, reason);
  }
  for (let index = 2; index < argv.length; index += 2) {
    const reason = settings.set(argv[index] as string, argv[index + 1] as string);
    if (reason !== null) throw new Error(`assertion: checked setting ${argv[index] as string} refused: ${reason}`);
  }
  ctx.server.slowlog.trim(settings.integer('slowlog-max-len'));
  return OK;
}

function checkNames(argv: readonly string[]): Reply | null {
  const seen = new Set<SettingSpec>();
  for (let index = 2; index < argv.length; index += 2) {
    const name = argv[index] as string;
    const spec = Settings.spec(name);
    if (spec === undefined) return errors.configSetUnknown(name);
    if (!spec.mutable) return errors.configSetFailed(name, "can't set immutable config");
    if (seen.has(spec)) return errors.configSetFailed(name, 'duplicate parameter');
    seen.add(spec);
  }
  return null;
}

/** CONFIG RESETSTAT: what Redis resets: server stats, command and error stats, keyspace hits, misses, expired keys. */
function configResetstat(ctx: CommandContext): Reply {
  ctx.server.stats.reset();
  const keyspaceStats = ctx.keyspace.stats;
  keyspaceStats.hits = 0;
  keyspaceStats.misses = 0;
  keyspaceStats.expiredKeys = 0;
  return OK;
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const config = { group: 'server', categories: [], firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const adminFlags = ['admin', 'noscript', 'loading', 'stale'] as const;

/** The CONFIG container and its subcommands. */
export const configCommands: readonly CommandSpec[] = [
  {
    ...config,
    name: 'config',
    arity: -2,
    flags: [],
    summary: 'A container for server configuration commands',
    since: '2.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...config, name: 'config|get', arity: -3, flags: adminFlags, summary: 'Get the values of configuration parameters', since: '2.0.0', complexity: 'O(N) when N is the number of configuration parameters provided', handler: configGet },
      { ...config, name: 'config|set', arity: -4, flags: adminFlags, summary: 'Set configuration parameters to the given values', since: '2.0.0', complexity: 'O(N) when N is the number of configuration parameters provided', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: configSet },
      { ...config, name: 'config|resetstat', arity: 2, flags: adminFlags, summary: 'Reset the stats returned by INFO', since: '2.0.0', complexity: 'O(1)', handler: configResetstat },
      { ...config, name: 'config|rewrite', arity: 2, flags: adminFlags, summary: 'Rewrite the configuration file with the in memory configuration', since: '2.8.0', complexity: 'O(1)', handler: () => errors.noConfigFile },
      { ...config, name: 'config|help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => helpReply('config', CONFIG_HELP) },
    ],
  },
];
