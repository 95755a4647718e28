/**
 * The command table: every command spec by name, with lookup as Redis 7 does it (containers route
 * to `container|sub`), and what COMMAND reports derived from the specs.
 */
import { unknownCommand, unknownSubcommand } from '../resp/errors.js';
import type { ErrorReply } from '../resp/reply.js';
import type { AclCategory, CommandFlag, CommandSpec } from './spec.js';

/** Redis's order of ACL categories, which COMMAND INFO follows. */
const CATEGORY_ORDER: readonly AclCategory[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** Redis's order of command flags, which COMMAND INFO follows (may_replicate is not printed by Redis 7.0). */
const FLAG_ORDER: readonly string[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'sentinel', 'only_sentinel',
  'no_mandatory_keys', 'protected', 'module_getkeys', 'module_no_cluster', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];

export class CommandTable {
  private readonly byName = new Map<string, CommandSpec>();
  /** Lookup by name as clients send it: lower and upper case, so most lookups need no case folding. */
  private readonly byClientName = new Map<string, CommandSpec>();
  private readonly subByName = new Map<string, Map<string, CommandSpec>>();

  constructor(specs: readonly CommandSpec[]) {
    for (const spec of specs) {
      assertSpec(spec, null);
      if (this.byName.has(spec.name)) throw new Error(`assertion: command ${spec.name} defined twice`);
      this.byName.set(spec.name, spec);
      this.byClientName.set(spec.name, spec);
      this.byClientName.set(spec.name.toUpperCase(), spec);
      if (spec.subcommands !== undefined) {
        const subs = new Map<string, CommandSpec>();
        for (const sub of spec.subcommands) {
          assertSpec(sub, spec);
          subs.set(sub.name.slice(spec.name.length + 1), sub);
        }
        this.subByName.set(spec.name, subs);
      }
    }
  }

  /** Top-level commands (containers included). */
  all(): IterableIterator<CommandSpec> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }

  /** A command or subcommand by its full name (`get`, `client|list`). */
  get(fullName: string): CommandSpec | undefined {
    const lower = fullName.toLowerCase();
    const bar = lower.indexOf('|');
    if (bar === -1) return this.byName.get(lower);
    return this.subByName.get(lower.slice(0, bar))?.get(lower.slice(bar + 1));
  }

  /** Find the spec argv runs, or the error Redis gives for an unknown command or subcommand. */
  lookup(argv: readonly string[]): CommandSpec | ErrorReply {
    const name = argv[0] as string;
    const base = this.byClientName.get(name) ?? this.byName.get(name.toLowerCase());
    if (base === undefined) return unknownCommand(name, argv.slice(1));
    const subs = this.subByName.get(base.name);
    if (subs === undefined || argv.length === 1) return base;
    const subName = argv[1] as string;
    const sub = subs.get(subName.toLowerCase());
    if (sub === undefined) return unknownSubcommand(subName, base.name);
    return sub;
  }

  /** ACL categories as COMMAND INFO prints them: declared plus implied by flags (Redis 7 rules). */
  static categories(spec: CommandSpec): string[] {
    const set = new Set<AclCategory>(spec.categories);
    const has = (flag: CommandFlag) => spec.flags.includes(flag);
    if (has('write')) set.add('write');
    if (has('readonly') && !set.has('scripting')) set.add('read');
    if (has('admin')) {
      set.add('admin');
      set.add('dangerous');
    }
    if (has('pubsub')) set.add('pubsub');
    if (has('fast')) set.add('fast');
    if (has('blocking')) set.add('blocking');
    if (!set.has('fast')) set.add('slow');
    return CATEGORY_ORDER.filter((category) => set.has(category)).map((category) => `@${category}`);
  }

  /** Flags as COMMAND INFO prints them, in Redis's order (movablekeys added for numkeys forms). */
  static flags(spec: CommandSpec): string[] {
    const set = new Set<string>(spec.flags);
    if (spec.keys !== undefined) set.add('movablekeys');
    return FLAG_ORDER.filter((flag) => set.has(flag));
  }

  /** Key positions of argv for this spec (COMMAND GETKEYS, WATCH-free routing, hazard tracking). */
  static keyPositions(spec: CommandSpec, argv: readonly string[]): number[] {
    if (spec.keys !== undefined) return spec.keys(argv);
    if (spec.firstKey === 0) return [];
    const last = spec.lastKey < 0 ? argv.length + spec.lastKey : spec.lastKey;
    const positions: number[] = [];
    for (let index = spec.firstKey; index <= last && index < argv.length; index += spec.keyStep) positions.push(index);
    return positions;
  }
}

function assertSpec(spec: CommandSpec, container: CommandSpec | null): void {
  const fail = (why: string) => {
    throw new Error(`assertion: command spec ${spec.name}: ${why}`);
  };
  if (spec.name !== spec.name.toLowerCase()) fail('name must be lower case');
  if (container !== null && !spec.name.startsWith(`${container.name}|`)) fail(`subcommand must be named ${container.name}|...`);
  if (spec.arity === 0) fail('arity must not be 0');
  if (spec.subcommands === undefined && spec.handler === undefined) fail('needs a handler or subcommands');
  if (spec.firstKey < 0 || (spec.firstKey > 0 && spec.keyStep < 1)) fail('bad key positions');
  if (spec.flags.includes('write') && spec.flags.includes('readonly')) fail('cannot be both write and readonly');
  if (spec.summary.length === 0) fail('needs a summary');
}
