/**
 * What a handler gets: the server, the calling client, the command's time, and where to record
 * its effects. One context per executed command (commands inside EXEC get their own, sharing
 * the transaction's effect list and time).
 */
import type { Database } from '../keyspace/database.js';
import type { Effect } from '../keyspace/effect.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { Client } from '../net/client.js';
import { NO_REPLY, type Reply } from '../resp/reply.js';
import type { ServerState } from '../state/server-state.js';
import type { Dispatcher } from './dispatch.js';

export class CommandContext {
  /** Changes made (Redis's `dirty`); a command with changes and no explicit effects logs its argv. */
  dirty = 0;
  /** The handler recorded explicit effects; its argv is not logged. */
  rewritten = false;

  constructor(
    readonly server: ServerState,
    readonly dispatcher: Dispatcher,
    readonly client: Client,
    /** The command's time in ms: fixed for the whole command (and for a whole EXEC). */
    readonly now: number,
    /** The unit of effects this command contributes to. */
    readonly effects: Effect[],
  ) {}

  get keyspace(): Keyspace {
    return this.server.keyspace;
  }

  /** The client's selected database. */
  get db(): Database {
    return this.server.keyspace.db(this.client.db);
  }

  /** Record that the command changed something; its argv becomes its effect unless it propagates its own. */
  changed(count = 1): void {
    this.dirty += count;
  }

  /** The command may block: it is not inside MULTI/EXEC and not applied from the log. Otherwise a blocking command answers as if it timed out. */
  get canBlock(): boolean {
    return this.client.multi === null && !this.client.applier;
  }

  /** This run is a retry of a blocked command: a key it waits on changed. */
  get retrying(): boolean {
    return this.client.retryingBlocked;
  }

  /**
   * Block the client on `keys` of its database instead of replying; return what this returns.
   * When one of the keys changes the command runs again (with `retryArgv` when given); when
   * `timeoutMs` passes (0: never) or CLIENT UNBLOCK ... TIMEOUT comes, the client gets
   * `timeoutReply`. A retry that blocks again keeps its place and its first deadline. Only
   * when `canBlock`; a blocked command must have changed nothing.
   */
  block(keys: readonly string[], timeoutMs: number, timeoutReply: Reply, retryArgv: readonly string[] | null = null): Reply {
    if (!this.canBlock) throw new Error('assertion: a command blocked where it may not (MULTI/EXEC or the log applier)');
    if (this.dirty > 0) throw new Error('assertion: a command blocked after changing data');
    const deadlineMs = timeoutMs > 0 ? this.now + timeoutMs : 0;
    this.client.blockRequest = { keys, deadlineMs, timeoutReply, retryArgv };
    return BLOCKED;
  }

  /**
   * Record an explicit effect (a deterministic command) instead of the command's own argv.
   * Use it whenever replaying argv could differ: relative times, random choices, results of
   * floating point arithmetic.
   */
  propagate(argv: readonly string[], db: number = this.client.db): void {
    this.rewritten = true;
    this.dirty++;
    this.effects.push({ db, argv });
  }
}

/** What a handler returns when it blocked (see CommandContext.block); dispatch sees the block request, not this. */
export const BLOCKED: Reply = NO_REPLY;
