/**
 * The sending side of the peer transport: one PeerLink per other node, each message encoded with
 * the cluster id and queued on the link of its destination.
 */
import type { Logger } from 'pino';
import { txlogLimits } from '../core/limits.js';
import type { Message, NodeId } from '../core/types.js';
import { encodeMessage } from './codec.js';
import { PeerLink, type LinkStats, type PeerLinkEvents, type PeerLinkLimits } from './peer-link.js';

/** Bytes a message is charged in its link's queue: its entries' and snapshot's data plus a fixed overhead. */
function queuedBytes(message: Message): number {
  let bytes = 64 + (message.snapshot?.data.length ?? 0);
  for (const entry of message.entries) bytes += entry.data.length + 24;
  return bytes;
}

/** How to reach the other nodes. */
export interface PeerTransportOptions extends PeerLinkEvents {
  readonly selfId: NodeId;
  readonly cluster: string;
  /** Every node's id and host:port (this node's own entry is ignored). */
  readonly peers: ReadonlyMap<NodeId, string>;
  readonly logger: Logger;
  /** Defaults to txlogLimits. */
  readonly limits?: PeerLinkLimits;
}

/** Sends Raft messages to the other nodes of the cluster. */
export class PeerTransport {
  private readonly links = new Map<NodeId, PeerLink>();

  constructor(private readonly options: PeerTransportOptions) {
    const limits = options.limits ?? txlogLimits;
    for (const [peer, address] of options.peers) {
      if (peer === options.selfId) continue;
      this.links.set(peer, new PeerLink(peer, address, limits, options, options.logger));
    }
  }

  /** Queue each message on its destination's link, in order. */
  send(messages: readonly Message[]): void {
    for (const message of messages) {
      const link = this.links.get(message.to);
      if (link === undefined) throw new Error(`assertion: message to unknown node ${message.to}`);
      link.enqueue(encodeMessage(message, this.options.cluster), queuedBytes(message), message.snapshot !== null);
    }
  }

  /** True when the stream to `peer` is up (this node itself counts as reachable). */
  isReachable(peer: NodeId): boolean {
    return peer === this.options.selfId || (this.links.get(peer)?.isConnected() ?? false);
  }

  /** Counters of the link to `peer`. */
  stats(peer: NodeId): LinkStats | undefined {
    return this.links.get(peer)?.stats();
  }

  /** Close every link. */
  close(): void {
    for (const link of this.links.values()) link.close();
  }
}
