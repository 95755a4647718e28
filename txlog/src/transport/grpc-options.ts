/** gRPC channel and server options shared by the peer transport and the client API. */
import type { ChannelOptions } from '@grpc/grpc-js';
import { txlogLimits } from '../core/limits.js';

/** Options of a channel to another log node (or, for clients, to a log node). */
export function channelOptions(): ChannelOptions {
  return {
    'grpc.max_send_message_length': txlogLimits.grpcMessageBytesMax,
    'grpc.max_receive_message_length': txlogLimits.grpcMessageBytesMax,
    'grpc.keepalive_time_ms': txlogLimits.keepaliveMs,
    'grpc.keepalive_timeout_ms': txlogLimits.keepaliveMs,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.initial_reconnect_backoff_ms': txlogLimits.peerBackoffMsMin,
    'grpc.max_reconnect_backoff_ms': txlogLimits.peerBackoffMsMax,
    'grpc.enable_retries': 0,
  };
}

/** Options of a log node's gRPC server (peer and client API on one port). */
export function serverOptions(): ChannelOptions {
  return {
    'grpc.max_send_message_length': txlogLimits.grpcMessageBytesMax,
    'grpc.max_receive_message_length': txlogLimits.grpcMessageBytesMax,
    'grpc.keepalive_time_ms': txlogLimits.keepaliveMs,
    'grpc.keepalive_timeout_ms': txlogLimits.keepaliveMs,
  };
}
