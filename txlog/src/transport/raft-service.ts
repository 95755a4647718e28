/**
 * The receiving side of the peer transport: the Raft.Stream handler. Each incoming stream is one
 * peer's messages in order; every message is decoded and checked (cluster id, destination,
 * sender) before it is handed to the driver. A message that fails is dropped and logged; it
 * never reaches the core and never ends the process.
 */
import { Metadata, type ServerReadableStream, type sendUnaryData } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { RaftMessage, RaftServer, StreamClosed } from '../../../proto/gen/txlog.js';
import type { Message, NodeId } from '../core/types.js';
import { decodeMessage } from './codec.js';

/** Where incoming messages go and what they must match. */
export interface RaftServiceOptions {
  readonly selfId: NodeId;
  readonly cluster: string;
  /** Every node of the cluster, this one included. */
  readonly voters: readonly NodeId[];
  readonly logger: Logger;
  /** Hands a checked message to the driver (which queues it for its next turn). */
  readonly deliver: (message: Message) => void;
}

/** Why `raw` must be dropped, or the message to deliver. */
function check(raw: RaftMessage, options: RaftServiceOptions, voters: ReadonlySet<NodeId>): Message | string {
  const decoded = decodeMessage(raw);
  if (!decoded.ok) return `undecodable message: ${decoded.error}`;
  if (decoded.cluster !== options.cluster) return `message from cluster '${decoded.cluster.slice(0, 100)}', this node is in '${options.cluster}'`;
  const message = decoded.message;
  if (message.to !== options.selfId) return `message to node ${message.to}, this is node ${options.selfId}`;
  if (message.from === options.selfId || !voters.has(message.from)) return `message from node ${message.from}, not a peer`;
  return message;
}

/** The Raft service implementation for a node's gRPC server. */
export function raftService(options: RaftServiceOptions): RaftServer {
  const voters = new Set(options.voters);
  return {
    stream(call: ServerReadableStream<RaftMessage, StreamClosed>, callback: sendUnaryData<StreamClosed>): void {
      // Tell the sender at once that the stream reached this node: its link counts as connected.
      call.sendMetadata(new Metadata());
      let dropped = 0;
      call.on('data', (raw: RaftMessage) => {
        const result = check(raw, options, voters);
        if (typeof result !== 'string') return options.deliver(result);
        dropped++;
        // The first drop of a stream is a warning; a sender repeating it is logged at debug only.
        const level = dropped === 1 ? 'warn' : 'debug';
        options.logger[level]({ peer: call.getPeer(), reason: result, dropped }, 'dropped a raft message');
      });
      call.on('end', () => callback(null, {}));
      call.on('error', (error: Error) => options.logger.debug({ peer: call.getPeer(), err: error.message }, 'raft stream from peer failed'));
    },
  };
}
