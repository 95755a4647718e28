/**
 * One connection: reads requests, runs them in order through the dispatcher, writes replies.
 * Replies of a pipeline leave in one socket write. Backpressure: while the client is not reading
 * its replies (backlog above limits.socketBacklogBytesMax) and while the session yields to other
 * connections, it stops reading its socket, so received and unexecuted requests cannot pile up.
 * While a command is suspended (CLIENT PAUSE) it keeps reading, as Redis, so a disconnect is
 * seen at once; client-query-buffer-limit bounds what waits.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Dispatcher } from '../commands/dispatch.js';
import { Blocked, type Execution, Suspend } from '../commands/dispatch.js';
import { limits } from '../config/limits.js';
import type { OutputBufferClass } from '../config/settings.js';
import { protocolError } from '../resp/errors.js';
import { RequestParser } from '../resp/parser.js';
import { NoReply, type Reply } from '../resp/reply.js';
import { OutputBuffer, writeReply } from '../resp/writer.js';
import type { CommitGate, ServerState } from '../state/server-state.js';
import { Client, type ClientTransport } from './client.js';

/** setTimeout fires at once for delays above 2^31-1 ms; longer waits are re-armed in steps. */
const TIMER_DELAY_MS_MAX = 2_147_483_647;

/** A reply waiting for the log to commit what it depends on (in connection order). */
interface HeldReply {
  readonly reply: Reply;
  /** CLIENT REPLY OFF/SKIP: nothing is sent, but order is kept. */
  readonly silent: boolean;
  readonly afterReply: Reply[];
  readonly closeAfter: boolean;
  ready: boolean;
}

export class Session implements ClientTransport {
  /** Replies held until the log commits, oldest first: the connection's replies leave in order. */
  private readonly held: HeldReply[] = [];
  readonly client: Client;
  private readonly parser: RequestParser;
  private readonly out = new OutputBuffer();
  private pendingArgv: readonly string[] | null = null;
  private suspended = false;
  private waitingForDrain = false;
  /** The session gave the event loop to other connections and continues on the next turn. */
  private yielding = false;
  private processing = false;
  private flushScheduled = false;
  private closed = false;
  private closing = false;
  private softLimitSince = 0;
  /** The timer that ends a blocked command's wait at its deadline. */
  private blockTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly server: ServerState,
    private readonly dispatcher: Dispatcher,
    private readonly logger: Logger,
    private readonly onClosed: (session: Session) => void,
  ) {
    const now = server.nowMs();
    const address = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const localAddress = `${socket.localAddress ?? '?'}:${socket.localPort ?? 0}`;
    this.client = new Client(server.allocateClientId(), this, address, localAddress, now);
    const settings = server.settings;
    this.parser = new RequestParser({
      // read at each use, so CONFIG SET applies to connected clients too, as in Redis
      get bulkBytesMax() {
        return settings.integer('proto-max-bulk-len');
      },
      get queryBytesMax() {
        return settings.integer('client-query-buffer-limit');
      },
    });
    socket.setNoDelay(true);
    const keepAliveSeconds = server.settings.integer('tcp-keepalive');
    if (keepAliveSeconds > 0) socket.setKeepAlive(true, keepAliveSeconds * 1000);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('error', (error) => {
      this.logger.debug({ err: error, client: this.client.id }, 'client socket error');
    });
    socket.on('close', () => this.cleanup());
  }

  get outputBytes(): number {
    return this.out.length + this.socket.writableLength;
  }

  get inputBytes(): number {
    return this.parser.bufferedBytes;
  }

  /** Out-of-band reply (pub/sub message, MONITOR line); flushed at the end of this event-loop turn. */
  push(reply: Reply): void {
    if (this.closed || this.closing || this.client.replyMode === 'off') return;
    writeReply(this.out, reply, this.client.protocol);
    if (!this.checkOutputLimits()) return;
    this.scheduleFlush();
  }

  /** Close after flushing what was written (QUIT, idle timeout). */
  close(): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    this.flush();
    this.socket.end();
    this.socket.resume(); // keep reading (and dropping) so the client's FIN completes the close
  }

  /** CLIENT KILL: close at once. */
  kill(): void {
    this.destroy();
  }

  /** Close at once, dropping unsent replies (limits exceeded, server shutdown). */
  destroy(): void {
    if (this.closed) return;
    this.closing = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.server.stats.totalNetInputBytes += chunk.length;
    if (this.closing || this.closed) return; // nothing more runs: do not hold what arrives after QUIT or an error
    this.parser.feed(chunk);
    if (this.parser.bufferedBytes > this.server.settings.integer('client-query-buffer-limit')) {
      this.closeForQueryBuffer();
      return;
    }
    this.process();
  }

  private onDrain(): void {
    if (!this.waitingForDrain) return;
    this.waitingForDrain = false;
    this.updateReading();
    this.process();
  }

  /** Read the socket only while commands can run. */
  private updateReading(): void {
    if (this.closed || this.closing) return;
    if (this.waitingForDrain || this.yielding) this.socket.pause();
    else this.socket.resume();
  }

  /** Let other connections in; continue on the next turn of the event loop. */
  private yieldTurn(): void {
    this.yielding = true;
    this.updateReading();
    setImmediate(() => {
      this.yielding = false;
      this.updateReading();
      this.process();
    });
  }

  /** Run the commands already received, in order, until more bytes are needed or we must wait. */
  private process(): void {
    if (this.processing || this.yielding) return;
    this.processing = true;
    try {
      let ran = 0;
      while (!this.suspended && !this.waitingForDrain && !this.closing && !this.closed && this.held.length < limits.heldRepliesPerClientMax) {
        if (ran >= limits.commandsPerTurnMax) {
          this.yieldTurn();
          break;
        }
        let argv = this.pendingArgv;
        this.pendingArgv = null;
        if (argv === null) {
          const parsed = this.parser.next();
          if (parsed === null) break;
          if (parsed.kind === 'error') {
            this.writeOwnReply(protocolError(parsed.message));
            this.close();
            break;
          }
          if (parsed.kind === 'overflow') {
            this.closeForQueryBuffer();
            break;
          }
          argv = parsed.argv;
        }
        this.run(argv);
        ran++;
        if (this.socket.writableLength + this.out.length > limits.socketBacklogBytesMax) {
          this.flush();
          if (this.socket.writableLength > limits.socketBacklogBytesMax && !this.closed) {
            this.waitingForDrain = true;
            this.updateReading();
          }
        }
      }
    } finally {
      this.processing = false;
    }
    this.flush();
  }

  private run(argv: readonly string[]): void {
    const client = this.client;
    const skipThis = client.skipNextReply;
    client.skipNextReply = false;
    const result = this.dispatcher.execute(client, argv);
    if (result instanceof Suspend) {
      client.skipNextReply = skipThis;
      this.suspended = true;
      this.pendingArgv = argv;
      void result.until.then(() => {
        this.suspended = false;
        this.process();
      });
      return;
    }
    if (result instanceof Blocked) {
      this.block(result, argv, skipThis);
      return;
    }
    this.complete(result, argv, skipThis);
    this.server.blocking.serveReady();
  }

  /** The command blocked on keys: stop running this connection's commands until it is served, times out or is unblocked. */
  private block(blocked: Blocked, argv: readonly string[], skipThis: boolean): void {
    const blocking = this.server.blocking;
    this.suspended = true;
    const request = blocked.request;
    blocking.add({
      client: this.client,
      db: blocked.db,
      request,
      argv: request.retryArgv ?? argv,
      retry: () => this.retryBlocked(skipThis),
      finish: (reply) => this.endBlock({ reply, effects: [] }, argv, skipThis),
    });
    if (request.deadlineMs > 0) this.armBlockTimer(request.deadlineMs);
    // Other connections' MONITOR lines of the blocking command itself: it changed nothing, so they need not wait.
    const gate = this.server.commitGate;
    if (gate !== null) this.sendMonitorLines(gate, 0);
  }

  /** A key the blocked command waits on changed: run it again; it stays blocked in its place if it still finds nothing. */
  private retryBlocked(skipThis: boolean): void {
    const blocking = this.server.blocking;
    const entry = blocking.get(this.client);
    if (entry === undefined || this.closed) return;
    const result = this.dispatcher.retryBlocked(entry);
    if (result instanceof Blocked) return;
    if (result instanceof Suspend) {
      // CLIENT PAUSE: stay blocked and look again once the pause ends.
      void result.until.then(() => {
        for (const key of entry.request.keys) blocking.signal(entry.db, key);
        blocking.serveReady();
      });
      return;
    }
    blocking.remove(this.client);
    this.endBlock(result, entry.argv, skipThis);
  }

  /** The blocked command has its reply: send it (or hold it for the log), then go on with the connection's next commands. */
  private endBlock(result: Execution, argv: readonly string[], skipThis: boolean): void {
    if (this.blockTimer !== null) {
      clearTimeout(this.blockTimer);
      this.blockTimer = null;
    }
    if (this.closed) return;
    this.complete(result, argv, skipThis);
    this.suspended = false;
    this.flush();
    queueMicrotask(() => this.process());
  }

  /** Wake at the deadline (re-armed in steps beyond setTimeout's range) and let the registry end the waits that are due. */
  private armBlockTimer(deadlineMs: number): void {
    const delay = Math.min(TIMER_DELAY_MS_MAX, Math.max(0, deadlineMs - this.server.nowMs()));
    this.blockTimer = setTimeout(() => {
      this.blockTimer = null;
      if (this.server.nowMs() >= deadlineMs) this.server.blocking.expireDue(this.server.nowMs());
      if (this.blockTimer === null && this.server.blocking.isBlocked(this.client)) this.armBlockTimer(deadlineMs);
    }, delay);
  }

  /** After a command ran: its effects go to the log (or the sink), and its reply is sent or held in connection order. */
  private complete(result: Execution, argv: readonly string[], skipThis: boolean): void {
    const client = this.client;
    const gate = this.server.commitGate;
    let waitFor = 0;
    if (gate === null) this.server.commitEffects(result.effects);
    else {
      waitFor = gate.admit(result, argv);
      this.sendMonitorLines(gate, waitFor);
    }
    const silent = skipThis || client.replyMode !== 'on';
    if (waitFor === 0 && this.held.length === 0) {
      if (!silent) this.writeOwnReply(result.reply);
      if (client.afterReply.length > 0) {
        for (const reply of client.afterReply.splice(0)) this.push(reply);
      }
      if (client.closeAfterReply) this.close();
      return;
    }
    // The reply depends on an uncommitted change, or an earlier reply of this connection does.
    const held: HeldReply = { reply: result.reply, silent, afterReply: client.afterReply.splice(0), closeAfter: client.closeAfterReply, ready: waitFor === 0 };
    this.held.push(held);
    if (waitFor === 0 || gate === null) return;
    gate.whenCommitted(waitFor).then(
      () => {
        held.ready = true;
        this.releaseHeld();
      },
      // Never acknowledged: the node stepped down. The client cannot know the outcome: drop it.
      () => this.destroy(),
    );
  }

  /** Other connections' MONITOR lines of the command just run: sent once what it depends on is committed, dropped if it never is. */
  private sendMonitorLines(gate: CommitGate, waitFor: number): void {
    const lines = this.dispatcher.takeMonitorLines();
    if (lines.length === 0) return;
    const send = (): void => {
      for (const { monitor, line } of lines) monitor.transport.push(line);
    };
    // A negative ticket holds a reply that writes nothing (WAIT): its lines need not wait.
    if (waitFor <= 0) return send();
    gate.whenCommitted(waitFor).then(send, () => undefined);
  }

  /** Send the held replies whose commits arrived, in order, up to the first still waiting. */
  private releaseHeld(): void {
    if (this.closed) return;
    let released = 0;
    while (this.held.length > 0 && (this.held[0] as HeldReply).ready) {
      const held = this.held.shift() as HeldReply;
      released++;
      if (!held.silent && !this.closing) this.writeOwnReply(held.reply);
      for (const reply of held.afterReply) this.push(reply);
      if (held.closeAfter) this.close();
    }
    if (released === 0) return;
    this.flush();
    if (this.held.length < limits.heldRepliesPerClientMax) this.process();
  }

  /** client-query-buffer-limit: close without a reply, as Redis. */
  private closeForQueryBuffer(): void {
    this.server.stats.clientQueryBufferLimitDisconnections++;
    this.logger.warn({ client: this.client.id, address: this.client.address }, 'closing client that reached max query buffer length');
    this.destroy();
  }

  private writeOwnReply(reply: Reply): void {
    if (reply instanceof NoReply) return;
    writeReply(this.out, reply, this.client.protocol);
    this.checkOutputLimits();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.processing) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.closed || this.out.length === 0) return;
    const chunks = this.out.take();
    let bytes = 0;
    if (chunks.length === 1) {
      bytes = (chunks[0] as Buffer).length;
      this.socket.write(chunks[0] as Buffer);
    } else {
      this.socket.cork();
      for (const chunk of chunks) {
        bytes += chunk.length;
        this.socket.write(chunk);
      }
      this.socket.uncork();
    }
    this.server.stats.totalNetOutputBytes += bytes;
  }

  /** client-output-buffer-limit for this client's class. Returns false when it was disconnected. */
  private checkOutputLimits(): boolean {
    const klass: OutputBufferClass = this.client.subscriptionCount > 0 ? 'pubsub' : 'normal';
    const limit = this.server.settings.outputBufferLimits[klass];
    if (limit.hardBytes === 0 && limit.softBytes === 0) return true;
    const used = this.outputBytes;
    let over = limit.hardBytes > 0 && used >= limit.hardBytes;
    if (!over && limit.softBytes > 0 && used >= limit.softBytes) {
      const now = this.server.nowMs();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince >= limit.softSeconds * 1000) over = true;
    } else if (!over) {
      this.softLimitSince = 0;
    }
    if (!over) return true;
    this.server.stats.clientOutputBufferLimitDisconnections++;
    this.logger.warn({ client: this.client.id, address: this.client.address, bytes: used, class: klass }, 'client scheduled to be closed for overcoming of output buffer limits');
    this.destroy();
    return false;
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.blocking.remove(this.client);
    if (this.blockTimer !== null) clearTimeout(this.blockTimer);
    this.onClosed(this);
  }
}
