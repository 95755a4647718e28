/** Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
import type { Effect } from '../keyspace/effect.js';
import { errors } from '../resp/errors.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import { discardTransaction } from './client-state.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

function multi(ctx: CommandContext): Reply {
  if (ctx.client.multi !== null) return errors.nestedMulti;
  ctx.client.multi = [];
  ctx.client.multiFailed = false;
  return OK;
}

/**
 * Run the queued commands as one unit: one command time, one list of effects (committed whole
 * or not at all), replies in one array.
 */
function exec(ctx: CommandContext): Reply {
  const client = ctx.client;
  const queued = client.multi;
  if (queued === null) return errors.execWithoutMulti;
  const watchBroken = client.watchTouched || ctx.server.watches.expiredSinceWatched(client, (id) => ctx.keyspace.db(id));
  if (client.multiFailed || watchBroken) {
    const failed = client.multiFailed;
    discardTransaction(ctx);
    return failed ? errors.execAbort : NULL_ARRAY;
  }
  ctx.server.watches.unwatchAll(client);
  // The client stays in its transaction while the commands run (CLIENT LIST shows `x`, and
  // commands that may not run inside a transaction, such as MONITOR, can tell).
  const replies: Reply[] = [];
  const effects: Effect[] = ctx.effects;
  try {
    for (const command of queued) {
      const spec = ctx.dispatcher.table.lookup(command.argv);
      if (spec instanceof ErrorReply) throw new Error('assertion: a queued command must exist');
      replies.push(ctx.dispatcher.call(client, spec, command.argv, ctx.now, effects));
    }
  } finally {
    discardTransaction(ctx);
  }
  return replies;
}

function discard(ctx: CommandContext): Reply {
  if (ctx.client.multi === null) return errors.discardWithoutMulti;
  discardTransaction(ctx);
  return OK;
}

function watch(ctx: CommandContext, argv: readonly string[]): Reply {
  if (ctx.client.multi !== null) return errors.watchInMulti;
  const database = ctx.db;
  for (let index = 1; index < argv.length; index++) {
    const key = argv[index] as string;
    ctx.server.watches.watch(ctx.client, database.id, key, database.contains(key) && database.isExpired(key));
  }
  return OK;
}

function unwatch(ctx: CommandContext): Reply {
  ctx.server.watches.unwatchAll(ctx.client);
  return OK;
}

const transactions = { group: 'transactions', categories: ['transaction'] } as const;
const noKeys = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;

export const transactionCommands: readonly CommandSpec[] = [
  { ...transactions, ...noKeys, name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], summary: 'Mark the start of a transaction block', since: '1.2.0', complexity: 'O(1)', handler: multi },
  { ...transactions, ...noKeys, name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], summary: 'Execute all commands issued after MULTI', since: '1.2.0', complexity: 'Depends on commands in the transaction', handler: exec },
  { ...transactions, ...noKeys, name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], summary: 'Discard all commands issued after MULTI', since: '2.0.0', complexity: 'O(N), when N is the number of queued commands', handler: discard },
  { ...transactions, name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], firstKey: 1, lastKey: -1, keyStep: 1, summary: 'Watch the given keys to determine execution of the MULTI/EXEC block', since: '2.2.0', complexity: 'O(1) for every key.', handler: watch },
  { ...transactions, ...noKeys, name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], summary: 'Forget about all watched keys', since: '2.2.0', complexity: 'O(1)', handler: unwatch },
];
