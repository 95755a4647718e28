/**
 * A replica's connection to the primary's RESP port, as a Redis replica keeps one: it sends
 * `REPLCONF listening-port <its port>` once, then `REPLCONF ACK <applied id>` whenever it applied
 * records (coalesced: one ACK per ACK_SPACING_MS at most, none while the last one is unsent) and
 * every second anyway. The primary lists it in ROLE, INFO and SENTINEL replicas, and WAIT counts
 * its acknowledgements. The data itself comes from the log, never over this link. It follows
 * the primary named by the latest lease claim and reconnects after a drop with bounded backoff.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';

/** How a link is set up. */
export interface ReplicaLinkOptions {
  /** This node's own client address (host:port): its port is announced, and it never links to itself. */
  readonly self: string;
  readonly logger: Logger;
}

/** Least time between two ACKs: acknowledgements of records applied in a burst are sent as one. */
const ACK_SPACING_MS = 2;
/** An ACK is sent at least this often, as Redis replicas do, so the primary sees the link alive. */
const ACK_EVERY_MS = 1000;
/** The first reconnection delay; it doubles after each failed attempt up to RECONNECT_MS_MAX. */
const RECONNECT_MS_MIN = 50;
const RECONNECT_MS_MAX = 1000;
/** A connection attempt that has not completed after this long is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 2000;
/** Bytes of unparsed reply kept at most: the primary only ever answers +OK or an error line. */
const REPLY_BYTES_MAX = 64 * 1024;

/** A command as a RESP array of bulk strings. */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const arg of argv) out += `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`;
  return out;
}

/** One reply line the link understands: a status (+), an error (-) or an integer (:). */
export type LinkReply = { readonly kind: 'status' | 'error' | 'integer'; readonly text: string };

/**
 * Reads the primary's replies: the complete single-line replies at the front of `buffer`, and
 * how many bytes they took. Any other reply type is a protocol error (the link closes).
 */
export function readReplies(buffer: Buffer): { replies: LinkReply[]; consumed: number } | Error {
  const replies: LinkReply[] = [];
  let offset = 0;
  for (let count = 0; count < buffer.length; count++) {
    const end = buffer.indexOf('\r\n', offset, 'latin1');
    if (end === -1) break;
    const line = buffer.toString('latin1', offset + 1, end);
    const marker = buffer[offset];
    if (marker === 0x2b) replies.push({ kind: 'status', text: line });
    else if (marker === 0x2d) replies.push({ kind: 'error', text: line });
    else if (marker === 0x3a) replies.push({ kind: 'integer', text: line });
    else return new Error(`unexpected reply type ${JSON.stringify(String.fromCharCode(marker ?? 0))} from the primary`);
    offset = end + 2;
  }
  return { replies, consumed: offset };
}

function monotonicMs(): number {
  return performance.now();
}

export class ReplicaLink {
  private readonly selfPort: string;
  /** The primary followed (host:port), or null. */
  private primary: string | null = null;
  private socket: net.Socket | null = null;
  /** The primary accepted the listening port: ACKs count from now on. */
  private ready = false;
  private pending: Buffer = Buffer.alloc(0);
  private appliedId = 0;
  private acknowledgedId = -1;
  private lastAckAtMs = 0;
  private ackTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: ReplicaLinkOptions) {
    this.selfPort = options.self.slice(options.self.lastIndexOf(':') + 1);
  }

  /** The node's state after applying records: the primary to follow (null: none) and the last record id applied. */
  update(primary: string | null, appliedId: number): void {
    if (this.stopped) return;
    this.appliedId = appliedId;
    const target = primary === this.options.self ? null : primary;
    if (target !== this.primary) return this.follow(target);
    this.scheduleAck();
  }

  /** Closes the link for good. */
  stop(): void {
    this.stopped = true;
    this.disconnect();
    this.primary = null;
  }

  private follow(primary: string | null): void {
    this.disconnect();
    this.primary = primary;
    this.failures = 0;
    if (primary !== null) this.connect(primary);
  }

  private connect(primary: string): void {
    const colon = primary.lastIndexOf(':');
    const socket = net.connect({ host: primary.slice(0, colon), port: Number(primary.slice(colon + 1)) });
    this.socket = socket;
    this.ready = false;
    this.pending = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('connection timed out')));
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.write(encodeCommand(['REPLCONF', 'listening-port', this.selfPort]));
    });
    socket.on('data', (chunk: Buffer) => this.received(socket, chunk));
    socket.on('drain', () => this.scheduleAck());
    socket.on('error', (error) => this.options.logger.debug({ err: error, primary }, 'replica link error'));
    socket.on('close', () => this.closed(socket, primary));
  }

  private received(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const read = readReplies(this.pending);
    if (read instanceof Error) return this.drop(socket, read.message);
    this.pending = this.pending.subarray(read.consumed);
    if (this.pending.length > REPLY_BYTES_MAX) return this.drop(socket, 'a reply line too long');
    for (const reply of read.replies) {
      if (reply.kind === 'error') return this.drop(socket, `the primary answered ${reply.text}`);
      if (!this.ready) this.linked();
    }
  }

  private drop(socket: net.Socket, reason: string): void {
    this.options.logger.warn({ primary: this.primary, reason }, 'closing the replica link');
    socket.destroy();
  }

  /** The primary accepted the listening port: acknowledge at once, then at least every second. */
  private linked(): void {
    this.ready = true;
    this.failures = 0;
    this.acknowledgedId = -1;
    this.options.logger.info({ primary: this.primary }, 'replica link to the primary established');
    this.sendAck();
    this.heartbeat = setInterval(() => this.sendAck(true), ACK_EVERY_MS);
  }

  private scheduleAck(): void {
    if (!this.ready || this.ackTimer !== null || this.appliedId === this.acknowledgedId) return;
    const waitMs = Math.max(0, this.lastAckAtMs + ACK_SPACING_MS - monotonicMs());
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      this.sendAck();
    }, waitMs);
  }

  /** Sends an ACK of the applied id if it is new (or `always`), unless the last one is still unsent. */
  private sendAck(always = false): void {
    const socket = this.socket;
    if (!this.ready || socket === null || socket.writableLength > 0) return;
    if (!always && this.appliedId === this.acknowledgedId) return;
    socket.write(encodeCommand(['REPLCONF', 'ACK', String(this.appliedId)]));
    this.acknowledgedId = this.appliedId;
    this.lastAckAtMs = monotonicMs();
  }

  private closed(socket: net.Socket, primary: string): void {
    if (socket !== this.socket) return;
    this.clearLinkTimers();
    this.socket = null;
    this.ready = false;
    if (this.stopped || this.primary !== primary) return;
    const delay = Math.min(RECONNECT_MS_MAX, RECONNECT_MS_MIN * 2 ** Math.min(this.failures, 10));
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped && this.primary === primary && this.socket === null) this.connect(primary);
    }, delay);
  }

  private disconnect(): void {
    this.clearLinkTimers();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    socket?.destroy();
  }

  private clearLinkTimers(): void {
    if (this.ackTimer !== null) clearTimeout(this.ackTimer);
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.ackTimer = null;
    this.heartbeat = null;
  }
}
