/**
 * The outgoing half of the connection to one peer: one client-streaming Raft.Stream call that
 * carries this node's messages to the peer in order. Messages wait in a bounded queue while the
 * stream is being set up or while gRPC pushes back; when the queue is full or the peer cannot be
 * reached they are dropped and the peer is reported unreachable (Raft resends what matters).
 * A failed stream is replaced after a backoff that doubles up to a limit.
 */
import { credentials, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { RaftClient, type RaftMessage } from '../../../proto/gen/txlog.js';
import type { NodeId } from '../core/types.js';
import { channelOptions } from './grpc-options.js';

/** connecting: stream opened, not yet confirmed by the peer; backoff: waiting to retry; closed: stopped for good. */
export type LinkState = 'connecting' | 'connected' | 'backoff' | 'closed';

/** The bounds of one link (from txlogLimits; tests shrink them). */
export interface PeerLinkLimits {
  readonly peerQueueMessagesMax: number;
  readonly peerQueueBytesMax: number;
  readonly peerBackoffMsMin: number;
  readonly peerBackoffMsMax: number;
  readonly peerConnectMsMax: number;
}

/** What a link tells its owner. Called synchronously from enqueue() too: the owner must only record it. */
export interface PeerLinkEvents {
  /** A message to this peer was dropped (queue full, or the peer is not connected). */
  readonly onUnreachable: (peer: NodeId) => void;
  /** A snapshot message was written to the stream (ok) or dropped (not ok). */
  readonly onSnapshotSent: (peer: NodeId, ok: boolean) => void;
}

/** Counters of one link, for status and tests. */
export interface LinkStats {
  readonly state: LinkState;
  readonly queued: number;
  readonly sent: number;
  readonly dropped: number;
}

interface Queued {
  readonly raw: RaftMessage;
  readonly bytes: number;
  readonly snapshot: boolean;
}

/** One peer's outgoing stream, its queue and its reconnection. */
export class PeerLink {
  private state: LinkState = 'backoff';
  private readonly client: RaftClient;
  private call: ClientWritableStream<RaftMessage> | null = null;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  /** False while gRPC's buffer is full: wait for 'drain'. */
  private writable = true;
  private backoffMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** Snapshot sends written to gRPC whose write has not completed yet. */
  private readonly pendingSnapshots = new Set<number>();
  private nextSnapshotTicket = 0;
  /** Whether the last failure was already logged as a warning (later ones go to debug). */
  private failureWarned = false;
  private sent = 0;
  private dropped = 0;

  constructor(
    readonly peer: NodeId,
    readonly address: string,
    private readonly limits: PeerLinkLimits,
    private readonly events: PeerLinkEvents,
    private readonly logger: Logger,
  ) {
    this.client = new RaftClient(address, credentials.createInsecure(), channelOptions());
    this.backoffMs = limits.peerBackoffMsMin;
    this.connect();
  }

  /** Queue a message for the peer (or drop it, reporting the peer unreachable). */
  enqueue(raw: RaftMessage, bytes: number, snapshot: boolean): void {
    const item: Queued = { raw, bytes, snapshot };
    if (this.state === 'backoff' || this.state === 'closed') return this.drop(item);
    const full = this.queue.length >= this.limits.peerQueueMessagesMax || (this.queue.length > 0 && this.queuedBytes + bytes > this.limits.peerQueueBytesMax);
    if (full) return this.drop(item);
    this.queue.push(item);
    this.queuedBytes += bytes;
    this.pump();
  }

  /** True when the peer confirmed the current stream. */
  isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Counters for status and tests. */
  stats(): LinkStats {
    return { state: this.state, queued: this.queue.length, sent: this.sent, dropped: this.dropped };
  }

  /** Stop for good: end the stream, drop what is queued, close the channel. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimer();
    const call = this.call;
    this.call = null;
    if (call !== null) call.end();
    this.dropQueue();
    this.reportPendingSnapshots();
    this.client.close();
  }

  private connect(): void {
    this.state = 'connecting';
    this.writable = true;
    const call = this.client.stream((error: ServiceError | null) => this.ended(call, error));
    this.call = call;
    // The peer sends its metadata as soon as it accepts the stream: that is the confirmation.
    call.on('metadata', () => this.established(call));
    call.on('drain', () => {
      if (call !== this.call) return;
      this.writable = true;
      this.pump();
    });
    // Writes to a stream that already failed surface here; the status callback handles the failure.
    call.on('error', (error: Error) => this.logger.debug({ peer: this.peer, err: error.message }, 'peer stream error'));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (call === this.call && this.state === 'connecting') call.cancel();
    }, this.limits.peerConnectMsMax);
  }

  private established(call: ClientWritableStream<RaftMessage>): void {
    if (call !== this.call || this.state !== 'connecting') return;
    this.clearTimer();
    this.state = 'connected';
    this.backoffMs = this.limits.peerBackoffMsMin;
    this.failureWarned = false;
    this.logger.info({ peer: this.peer, address: this.address }, 'connected to peer');
    this.pump();
  }

  private ended(call: ClientWritableStream<RaftMessage>, error: ServiceError | null): void {
    if (call !== this.call) return;
    this.call = null;
    this.clearTimer();
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected';
    const details = { peer: this.peer, address: this.address, err: error === null ? 'stream ended by the peer' : error.details || error.message };
    if (wasConnected || !this.failureWarned) this.logger.warn(details, wasConnected ? 'lost the stream to peer' : 'cannot reach peer');
    else this.logger.debug(details, 'cannot reach peer');
    this.failureWarned = true;
    this.state = 'backoff';
    const hadQueued = this.queue.length > 0;
    this.dropQueue();
    this.reportPendingSnapshots();
    if (wasConnected || hadQueued) this.events.onUnreachable(this.peer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state === 'backoff') this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.limits.peerBackoffMsMax, this.backoffMs * 2);
  }

  private pump(): void {
    const call = this.call;
    while (this.state === 'connected' && this.writable && call !== null && this.queue.length > 0) {
      const item = this.queue.shift() as Queued;
      this.queuedBytes -= item.bytes;
      this.sent++;
      this.writable = item.snapshot ? this.writeSnapshot(call, item.raw) : call.write(item.raw);
    }
  }

  private writeSnapshot(call: ClientWritableStream<RaftMessage>, raw: RaftMessage): boolean {
    const ticket = this.nextSnapshotTicket++;
    this.pendingSnapshots.add(ticket);
    return call.write(raw, (error: Error | null | undefined) => {
      if (!this.pendingSnapshots.delete(ticket)) return;
      this.events.onSnapshotSent(this.peer, error == null);
    });
  }

  private drop(item: Queued): void {
    this.dropped++;
    if (item.snapshot) this.events.onSnapshotSent(this.peer, false);
    this.events.onUnreachable(this.peer);
  }

  private dropQueue(): void {
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    this.dropped += queue.length;
    for (const item of queue) if (item.snapshot) this.events.onSnapshotSent(this.peer, false);
  }

  private reportPendingSnapshots(): void {
    const count = this.pendingSnapshots.size;
    this.pendingSnapshots.clear();
    for (let report = 0; report < count; report++) this.events.onSnapshotSent(this.peer, false);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
