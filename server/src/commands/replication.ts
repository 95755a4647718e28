/**
 * Replication commands: ROLE reports where this node stands, as Redis 7 shapes it, from the
 * durable node's view (an ephemeral server is a master with offset 0 and no replicas). The
 * replication offset is the id of the last log record applied (replica) or committed (primary).
 * REPLCONF is how replicas announce themselves to the primary and acknowledge what they applied;
 * WAIT counts those acknowledgements; WAITAOF answers what the log guarantees by construction.
 * SENTINEL (sentinel.ts) lets Sentinel clients find the primary.
 */
import { type ReplicaInfo, replicationOf, splitAddress } from '../durable/replica-registry.js';
import { errors } from '../resp/errors.js';
import { NO_REPLY, OK, type Reply, ReplySequence } from '../resp/reply.js';
import type { ReplicationView } from '../state/replication-view.js';
import { parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import { sentinelCommand } from './sentinel.js';
import type { CommandSpec } from './spec.js';

/** Redis's NET_HOST_STR_LEN: REPLCONF ip-address must be shorter. */
const HOST_BYTES_MAX = 256;

/** Redis's replica link states: connect (no primary known), sync (replaying the log), connected. */
export function replicaLinkState(view: ReplicationView): 'connect' | 'sync' | 'connected' {
  if (view.role === 'loading' || view.role === 'steppingDown') return 'sync';
  return view.primaryAddress === null ? 'connect' : 'connected';
}

/** Whether this node serves writes: an ephemeral primary, or the durable node holding the lease. */
export function isPrimary(ctx: CommandContext): boolean {
  const view = ctx.server.replicationView?.() ?? null;
  return view === null ? ctx.server.role === 'primary' : view.role === 'primary';
}

/** The replicas connected to this node as ROLE and INFO list them (none unless it is the durable primary). */
export function connectedReplicas(ctx: CommandContext): ReplicaInfo[] {
  const replication = replicationOf(ctx.server);
  if (replication === null || !isPrimary(ctx)) return [];
  return replication.registry.online();
}

function role(ctx: CommandContext): Reply {
  const view = ctx.server.replicationView?.() ?? null;
  if (view === null || view.role === 'primary') {
    const replicas = connectedReplicas(ctx).map((replica) => [replica.host, String(replica.port), String(replica.offset)]);
    return ['master', view?.appliedId ?? 0, replicas];
  }
  const primary = splitAddress(view.primaryAddress);
  return ['slave', primary.host, primary.port, replicaLinkState(view), view.appliedId];
}

/**
 * REPLCONF <option> <value> ... as Redis 7.0 answers it. listening-port and ip-address announce a
 * replica; ACK records what it applied (no reply, and ignored from a connection that announced
 * no port, as Redis ignores ACKs from non-replicas); GETACK has no reply either.
 */
function replconf(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length % 2 === 0) return errors.syntax;
  const registry = replicationOf(ctx.server)?.registry ?? null;
  for (let index = 1; index < argv.length; index += 2) {
    const option = argv[index] as string;
    const value = argv[index + 1] as string;
    switch (option.toLowerCase()) {
      case 'listening-port': {
        const port = parseInt64(value);
        if (port === null) return errors.notInteger;
        registry?.announce(ctx.client, Number(port), null);
        break;
      }
      case 'ip-address':
        if (value.length >= HOST_BYTES_MAX) return errors.replconfAddressTooLong(value.length);
        registry?.announceHost(ctx.client, value);
        break;
      case 'capa':
        break;
      case 'rdb-only': {
        const flag = parseInt64(value);
        if (flag === null) return errors.notInteger;
        if (flag !== 0n && flag !== 1n) return errors.notZeroOrOne;
        break;
      }
      case 'ack': {
        const offset = parseInt64(value);
        if (offset !== null) registry?.acknowledge(ctx.client, Number(offset), ctx.now);
        return NO_REPLY;
      }
      case 'getack':
        return NO_REPLY;
      default:
        return errors.replconfUnrecognized(option);
    }
  }
  return OK;
}

/** WAIT's reply on the durable primary: the count is written in once the wait ends (the reply is held until then). */
class LateCount extends ReplySequence {
  constructor(count: number) {
    super([count]);
  }

  set(count: number): void {
    this.replies[0] = count;
  }
}

/** A timeout in ms as Redis's getTimeoutFromObjectOrReply reads it, or the error. */
function parseTimeoutMs(text: string): number | Reply {
  const timeout = parseInt64(text);
  if (timeout === null) return errors.timeoutNotInteger;
  if (timeout < 0n) return errors.timeoutNegative;
  return Number(timeout);
}

/**
 * WAIT numreplicas timeout: how many replicas acknowledged the log record of this connection's
 * last write. It blocks until enough have, or until the timeout (0: no timeout), except inside
 * MULTI. While it blocks, later commands of the connection still run, their replies queued
 * behind WAIT's. An ephemeral server never has replicas: it answers 0 at once.
 */
function wait(ctx: CommandContext, argv: readonly string[]): Reply {
  if (!isPrimary(ctx)) return errors.waitOnReplica;
  const needed = parseInt64(argv[1] as string);
  if (needed === null) return errors.notInteger;
  const timeoutMs = parseTimeoutMs(argv[2] as string);
  if (typeof timeoutMs !== 'number') return timeoutMs;
  const replication = replicationOf(ctx.server);
  if (replication === null) return 0;
  const target = replication.gate.lastWriteId(ctx.client);
  // Before its write commits, no replica can have applied it.
  const count = typeof target === 'number' ? replication.registry.countAcknowledged(target) : 0;
  if (BigInt(count) >= needed || ctx.client.multi !== null) return count;
  const reply = new LateCount(count);
  const done = replication.registry.waitFor(ctx.client, target, Number(needed), timeoutMs).then((acknowledged) => reply.set(acknowledged));
  replication.gate.holdReply(reply, done);
  return reply;
}

/**
 * WAITAOF numlocal numreplicas timeout (Redis 7.2). On the durable primary it answers at once
 * [1, replicas connected]: a write is acknowledged only once a majority of the log's nodes have
 * it on disk, and a reply never overtakes the replies of the connection's earlier writes, so
 * by the time this reply is read every earlier write of the connection is durable. An ephemeral
 * server answers as Redis with appendonly no: numlocal is refused, and no replica has anything.
 */
function waitaof(ctx: CommandContext, argv: readonly string[]): Reply {
  const local = parseInt64(argv[1] as string);
  if (local === null) return errors.notInteger;
  if (local < 0n || local > 1n) return errors.notZeroOrOne;
  const replicas = parseInt64(argv[2] as string);
  if (replicas === null || replicas < 0n) return errors.notPositive;
  const timeoutMs = parseTimeoutMs(argv[3] as string);
  if (typeof timeoutMs !== 'number') return timeoutMs;
  if (!isPrimary(ctx)) return errors.waitaofOnReplica;
  if (replicationOf(ctx.server) === null) return local === 1n ? errors.waitaofWithoutAppendOnly : [0, 0];
  return [1, connectedReplicas(ctx).length];
}

const server = { group: 'server', categories: ['admin', 'fast', 'dangerous'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const waiting = { group: 'generic', categories: ['connection'], firstKey: 0, lastKey: 0, keyStep: 0, tips: ['request_policy:all_shards', 'response_policy:agg_min'] } as const;

export const replicationCommands: readonly CommandSpec[] = [
  { ...server, name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], summary: 'Return the role of the instance in the context of replication', since: '2.8.12', complexity: 'O(1)', handler: role },
  { ...server, name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], categories: ['admin'], summary: 'An internal command for configuring the replication stream', since: '3.0.0', complexity: 'O(1)', handler: replconf },
  { ...waiting, name: 'wait', arity: 3, flags: ['noscript'], summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection', since: '3.0.0', complexity: 'O(1)', handler: wait },
  { ...waiting, name: 'waitaof', arity: 4, flags: ['noscript'], summary: 'Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas.', since: '7.2.0', complexity: 'O(1)', handler: waitaof },
  sentinelCommand,
];
