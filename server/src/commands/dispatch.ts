/**
 * The one dispatch point. `execute` is Redis's processCommand (lookup, arity, role and context
 * checks, client pause, MULTI queuing); `call` runs a handler and does what every command needs
 * afterwards: stats, SLOWLOG, MONITOR, and collecting its effects.
 */
import type { Effect } from '../keyspace/effect.js';
import type { Client } from '../net/client.js';
import { errors, genericError, wrongArity } from '../resp/errors.js';
import { ErrorReply, QUEUED, type Reply, Status } from '../resp/reply.js';
import type { BlockedClient, BlockRequest } from '../state/blocking.js';
import type { ServerState } from '../state/server-state.js';
import { repr } from '../util/repr.js';
import { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';
import { CommandTable } from './table.js';

/** The command cannot run now; the session retries it when `until` resolves (CLIENT PAUSE). */
export class Suspend {
  constructor(readonly until: Promise<void>) {}
}

/** The command blocked on keys (CommandContext.block): the session registers it and retries it when a key changes. */
export class Blocked {
  constructor(
    readonly request: BlockRequest,
    /** The client's database when it blocked. */
    readonly db: number,
  ) {}
}

export interface Execution {
  readonly reply: Reply;
  /** The command's effects, one unit: empty for reads and for writes that changed nothing. */
  readonly effects: Effect[];
  /** The command that ran (null when it was refused before running); the durable path reads its keys. */
  readonly spec?: CommandSpec | null;
  /** The database the command started in. */
  readonly db?: number;
  /** The client that ran it (the durable path remembers each connection's last write for WAIT). */
  readonly client?: Client;
}

/** Commands a RESP2 client in subscribed mode may run. */
const ALLOWED_WHILE_SUBSCRIBED = new Set([
  'ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset',
]);

/** Commands that run at once inside MULTI instead of being queued. */
const TRANSACTION_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

export class Dispatcher {
  /** MONITOR lines of commands that ran on a durable primary, until the session takes them. */
  private readonly heldMonitorLines: { readonly monitor: Client; readonly line: Status }[] = [];

  constructor(
    readonly server: ServerState,
    readonly table: CommandTable,
  ) {}

  /** Run one request from a client (Redis processCommand). */
  execute(client: Client, argv: readonly string[]): Execution | Suspend | Blocked {
    const server = this.server;
    const now = server.nowMs();
    client.lastInteractionAt = now;
    const found = this.table.lookup(argv);
    if (found instanceof ErrorReply) return this.reject(client, null, found);
    const spec = found;
    if ((spec.arity > 0 && argv.length !== spec.arity) || argv.length < -spec.arity) {
      return this.reject(client, spec, wrongArity(spec.name));
    }
    const refusal = client.applier ? null : (server.commitGate?.refusal(spec, argv, client) ?? null);
    if (refusal !== null) return this.reject(client, spec, refusal);
    if (server.role === 'replica' && !client.applier && spec.flags.includes('write')) {
      return this.reject(client, spec, errors.readonly);
    }
    if (client.monitor && (spec.flags.includes('write') || spec.flags.includes('readonly') || spec.flags.includes('may_replicate'))) {
      return this.reject(client, spec, genericError("Replica can't interact with the keyspace"));
    }
    if (client.protocol === 2 && client.subscriptionCount > 0 && !ALLOWED_WHILE_SUBSCRIBED.has(spec.name)) {
      return this.reject(
        client,
        spec,
        genericError(
          `Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
        ),
      );
    }
    if (client.multi !== null && spec.flags.includes('no_multi')) {
      return this.reject(client, spec, genericError('Command not allowed inside a transaction'));
    }
    if (this.mustWaitForPause(client, spec)) return new Suspend(server.whenUnpaused());
    if (client.multi !== null && !TRANSACTION_CONTROL.has(spec.name)) {
      client.multi.push({ argv });
      return { reply: QUEUED, effects: [] };
    }
    const effects: Effect[] = [];
    const db = client.db;
    const reply = this.call(client, spec, argv, now, effects);
    const blockRequest = client.blockRequest;
    if (blockRequest !== null) {
      client.blockRequest = null;
      return new Blocked(blockRequest, db);
    }
    return { reply, effects, spec, db, client };
  }

  /**
   * Run a handler (Redis call()). `now` is the command time; `effects` receives this command's
   * effects (EXEC passes its own list so the transaction is one unit).
   */
  call(client: Client, spec: CommandSpec, argv: readonly string[], now: number, effects: Effect[]): Reply {
    const server = this.server;
    const handler = spec.handler;
    if (handler === undefined) throw new Error(`assertion: ${spec.name} has no handler`);
    const ctx = new CommandContext(server, this, client, now, effects);
    const dbAtStart = client.db;
    const keyspace = server.keyspace;
    keyspace.now = now;
    const wasApplying = keyspace.applying;
    keyspace.applying = client.applier;
    const startedAt = server.clock.monotonicMicros();
    let reply: Reply;
    const previousTarget = server.swapEffectTarget(effects);
    try {
      reply = handler(ctx, argv);
    } catch (error) {
      reply = genericError(`internal error in '${spec.name}': ${error instanceof Error ? error.message : String(error)}`);
      server.onInternalError?.(error, argv);
    } finally {
      keyspace.applying = wasApplying;
      server.swapEffectTarget(previousTarget);
    }
    const micros = server.clock.monotonicMicros() - startedAt;
    if (ctx.dirty > 0 && !ctx.rewritten) effects.push({ db: dbAtStart, argv }); // argv is never changed after parsing

    // A retry of a blocked command is the command still running: Redis counts it, logs it and
    // shows it to MONITOR once, not again each time a key it waits on changes.
    const counted = !client.retryingBlocked;
    const stats = server.stats.command(spec.name);
    if (counted) {
      stats.calls++;
      stats.microseconds += micros;
    }
    if (reply instanceof ErrorReply) {
      stats.failedCalls++;
      server.stats.error(reply.code);
    }
    if (counted) server.stats.totalCommandsProcessed++;
    server.stats.changes += ctx.dirty;
    client.lastCommand = spec.name;

    const slowerThan = server.settings.integer('slowlog-log-slower-than');
    if (counted && slowerThan >= 0 && micros >= slowerThan && !spec.flags.includes('skip_slowlog')) {
      server.slowlog.add(
        { timestampSeconds: Math.floor(now / 1000), microseconds: micros, clientAddress: client.address, clientName: client.name },
        redacted(spec, argv),
        server.settings.integer('slowlog-max-len'),
      );
    }
    if (counted && server.monitors.size > 0 && !spec.flags.includes('admin') && !spec.flags.includes('skip_monitor')) {
      this.feedMonitors(client, redacted(spec, argv));
    }
    return reply;
  }

  /**
   * Run a blocked command again because a key it waits on changed (the one retry path for
   * sessions and tests). A retry is not the client's doing, so its idle time is kept. If it
   * blocks again it keeps its registry entry (with new retry arguments if it gave them).
   */
  retryBlocked(entry: BlockedClient): Execution | Suspend | Blocked {
    const client = entry.client;
    const lastInteractionAt = client.lastInteractionAt;
    client.retryingBlocked = true;
    let result: Execution | Suspend | Blocked;
    try {
      result = this.execute(client, entry.argv);
    } finally {
      client.retryingBlocked = false;
      client.lastInteractionAt = lastInteractionAt;
    }
    if (result instanceof Blocked && result.request.retryArgv !== null) entry.argv = result.request.retryArgv;
    return result;
  }

  /**
   * Apply logged effects with the same handlers (replicas, recovery, effect tests). `applier` is
   * a client marked as the log's, allowed to write on a replica. An effect that fails is a bug.
   */
  applyEffects(applier: Client, effects: readonly Effect[]): void {
    const discard: Effect[] = [];
    for (const effect of effects) {
      applier.db = effect.db;
      const spec = this.table.lookup(effect.argv);
      if (spec instanceof ErrorReply) throw new Error(`assertion: effect names no command: ${spec.text}`);
      const reply = this.call(applier, spec, effect.argv, this.server.nowMs(), discard);
      if (reply instanceof ErrorReply) {
        throw new Error(`assertion: effect ${effect.argv.map((arg) => repr(arg)).join(' ')} failed: ${reply.text}`);
      }
      discard.length = 0;
    }
    this.server.blocking.serveReady(); // a replica's readers blocked on a stream see the entries applied
  }

  /**
   * Refuse a command before it runs (Redis rejectCommand): inside MULTI the transaction is
   * flagged; a refused EXEC discards the transaction and answers EXECABORT with the reason.
   */
  private reject(client: Client, spec: CommandSpec | null, error: ErrorReply): Execution {
    if (client.multi !== null) client.multiFailed = true;
    if (spec !== null) this.server.stats.command(spec.name).rejectedCalls++;
    let reply = error;
    if (spec?.name === 'exec') {
      client.multi = null;
      client.multiFailed = false;
      this.server.watches.unwatchAll(client);
      const reason = error.code === 'ERR' ? error.text.slice(4) : error.text;
      reply = new ErrorReply(`EXECABORT Transaction discarded because of: ${reason}`);
    }
    this.server.stats.error(reply.code);
    return { reply, effects: [] };
  }

  private mustWaitForPause(client: Client, spec: CommandSpec): boolean {
    const mode = this.server.pauseMode;
    if (mode === null || client.applier) return false;
    if (mode === 'all') return true;
    if (spec.flags.includes('write') || spec.flags.includes('may_replicate')) return true;
    if (spec.name !== 'exec' || client.multi === null) return false;
    return client.multi.some((queued) => {
      const found = this.table.lookup(queued.argv);
      return !(found instanceof ErrorReply) && (found.flags.includes('write') || found.flags.includes('may_replicate'));
    });
  }

  private feedMonitors(client: Client, argv: readonly string[]): void {
    const micros = this.server.clock.nowMicros();
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    const line = `${seconds}.${fraction} [${client.db} ${client.address}] ${argv.map((arg) => repr(arg)).join(' ')}`;
    const status = new Status(line);
    // On a durable primary a line shows what the command did, so it waits like a reply (contract 2).
    const hold = this.server.commitGate !== null && !client.applier;
    for (const monitor of this.server.monitors) {
      // A monitor sees its own command after the command's reply, as in Redis.
      if (monitor === client) client.afterReply.push(status);
      else if (hold) this.heldMonitorLines.push({ monitor, line: status });
      else monitor.transport.push(status);
    }
  }

  /** The MONITOR lines held since the last call: the session sends them once what their command depends on is committed. */
  takeMonitorLines(): { readonly monitor: Client; readonly line: Status }[] {
    return this.heldMonitorLines.splice(0);
  }
}

/** argv with secret arguments (passwords) replaced, for MONITOR and SLOWLOG. */
function redacted(spec: CommandSpec, argv: readonly string[]): readonly string[] {
  if (spec.secretArguments === undefined) return argv;
  const positions = spec.secretArguments(argv);
  if (positions.length === 0) return argv;
  const copy = argv.slice();
  for (const position of positions) if (position < copy.length) copy[position] = '(redacted)';
  return copy;
}
