/**
 * The shape of a command table entry. The table is data: dispatch, COMMAND INFO/DOCS/GETKEYS,
 * read/write routing and (later) hazard tracking all read it.
 */
import type { Reply } from '../resp/reply.js';
import type { CommandContext } from './context.js';

/** Redis 7 command flags, spelled as COMMAND INFO prints them. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'allow_busy'
  | 'no_multi'
  | 'no_async_loading';

/** ACL categories a command declares beyond those derived from its flags (@write, @read, @fast...). */
export type AclCategory =
  | 'keyspace'
  | 'string'
  | 'bitmap'
  | 'list'
  | 'hash'
  | 'set'
  | 'sortedset'
  | 'stream'
  | 'hyperloglog'
  | 'geo'
  | 'pubsub'
  | 'admin'
  | 'dangerous'
  | 'connection'
  | 'transaction'
  | 'scripting'
  | 'slow'
  | 'fast'
  | 'read'
  | 'write'
  | 'blocking';

export type CommandGroup =
  | 'bitmap'
  | 'connection'
  | 'generic'
  | 'geo'
  | 'hash'
  | 'hyperloglog'
  | 'list'
  | 'pubsub'
  | 'scripting'
  | 'sentinel'
  | 'server'
  | 'set'
  | 'sorted-set'
  | 'stream'
  | 'string'
  | 'transactions';

export type CommandHandler = (ctx: CommandContext, argv: readonly string[]) => Reply;

export interface CommandSpec {
  /** Lower case; a subcommand is named `container|sub` as in Redis 7 (`client|list`). */
  readonly name: string;
  /** Redis arity: the exact argument count including the name, or -N for at least N. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Key positions in argv: first, last (negative counts from the end), step; 0 0 0 for none. */
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  /** Key positions for commands whose keys cannot be given as first/last/step (numkeys forms). */
  readonly keys?: (argv: readonly string[]) => number[];
  /**
   * True when this call also reads keys its arguments do not name (SORT's BY and GET patterns):
   * the durable path then treats it as reading the whole keyspace (it waits for every write
   * before it to commit).
   */
  readonly readsUnnamedKeys?: (argv: readonly string[]) => boolean;
  readonly categories: readonly AclCategory[];
  readonly group: CommandGroup;
  readonly summary: string;
  readonly since: string;
  readonly complexity: string;
  /** Positions of arguments never shown in MONITOR or SLOWLOG (passwords): Redis prints "(redacted)". */
  readonly secretArguments?: (argv: readonly string[]) => number[];
  /** Redis 7 command tips (`nondeterministic_output`, ...). */
  readonly tips?: readonly string[];
  /** The handler; a container (CLIENT, CONFIG...) has none and routes to its subcommands. */
  readonly handler?: CommandHandler;
  readonly subcommands?: readonly CommandSpec[];
}

/** A command with its stats, as dispatch holds it. */
export interface CommandStats {
  calls: number;
  microseconds: number;
  rejectedCalls: number;
  failedCalls: number;
}
