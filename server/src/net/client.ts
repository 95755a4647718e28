/**
 * One client's state, independent of its socket: selected database, protocol, name, transaction,
 * subscriptions, reply mode. The session (session.ts) owns the socket and implements the transport.
 */
import type { Reply } from '../resp/reply.js';
import type { BlockRequest } from '../state/blocking.js';
import type { ProtocolVersion } from '../resp/writer.js';

/** What the client state needs from its connection. */
export interface ClientTransport {
  /** Send an out-of-band reply (pub/sub message, MONITOR line) now, in the client's protocol. */
  push(reply: Reply): void;
  /** Close the connection once what was already written has been flushed. */
  close(): void;
  /** Close the connection at once, dropping unsent replies (CLIENT KILL, limits). */
  kill(): void;
  /** Reply bytes waiting for the socket. */
  readonly outputBytes: number;
  /** Request bytes received and not yet executed. */
  readonly inputBytes: number;
}

export interface QueuedCommand {
  readonly argv: readonly string[];
}

export type ReplyMode = 'on' | 'off';

export class Client {
  name = '';
  db = 0;
  protocol: ProtocolVersion = 2;
  lastInteractionAt: number;
  /** Full name of the last command run (CLIENT LIST `cmd=`). */
  lastCommand = 'NULL';
  libraryName = '';
  libraryVersion = '';

  /** Commands queued by MULTI; null when not in a transaction. */
  multi: QueuedCommand[] | null = null;
  /** A command was rejected while queuing: EXEC answers EXECABORT. */
  multiFailed = false;
  /** Keys WATCHed: `db` -> key -> whether it was already expired when watched. */
  readonly watched = new Map<number, Map<string, boolean>>();
  /** A WATCHed key changed: EXEC answers the null array. */
  watchTouched = false;

  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();

  replyMode: ReplyMode = 'on';
  /** CLIENT REPLY SKIP: the next command's reply is dropped. */
  skipNextReply = false;
  monitor = false;
  /** Set by QUIT and by CLIENT KILL of oneself: close once this reply is out. */
  closeAfterReply = false;
  /** CLIENT NO-EVICT / NO-TOUCH flags, kept for CLIENT LIST/INFO. */
  noEvict = false;
  noTouch = false;
  /** Out-of-band replies that must follow this command's reply (a monitor's own command line). */
  readonly afterReply: Reply[] = [];
  /** The log's own client: applies effects, may write on a replica, is never paused. */
  applier = false;
  /** Set by CommandContext.block while a handler runs: the command waits instead of replying. */
  blockRequest: BlockRequest | null = null;
  /** The command runs again because a key it was blocked on changed (CommandContext.retrying). */
  retryingBlocked = false;
  /** Waiting in a blocking command (CLIENT LIST `b`); kept by the blocking registry. */
  blocked = false;

  constructor(
    readonly id: number,
    readonly transport: ClientTransport,
    readonly address: string,
    readonly localAddress: string,
    readonly createdAt: number,
  ) {
    this.lastInteractionAt = createdAt;
  }

  /** Subscriptions that put a RESP2 connection in pub/sub mode. */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }

  get watchedCount(): number {
    let count = 0;
    for (const keys of this.watched.values()) count += keys.size;
    return count;
  }
}
