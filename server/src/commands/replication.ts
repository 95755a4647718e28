/**
 * Replication commands: ROLE reports where this node stands, as Redis 7 shapes it, from the
 * durable node's view (an ephemeral server is a master with offset 0 and no replicas). The
 * replication offset is the id of the last log record applied (replica) or committed (primary).
 */
import type { Reply } from '../resp/reply.js';
import type { ReplicationView } from '../state/replication-view.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

/** host and port of a host:port address ('' and 0 when there is none). */
export function splitAddress(address: string | null): { host: string; port: number } {
  if (address === null) return { host: '', port: 0 };
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/** Redis's replica link states: connect (no primary known), sync (replaying the log), connected. */
export function replicaLinkState(view: ReplicationView): 'connect' | 'sync' | 'connected' {
  if (view.role === 'loading' || view.role === 'steppingDown') return 'sync';
  return view.primaryAddress === null ? 'connect' : 'connected';
}

function role(ctx: CommandContext): Reply {
  const view = ctx.server.replicationView?.() ?? null;
  if (view === null || view.role === 'primary') return ['master', view?.appliedId ?? 0, []];
  const primary = splitAddress(view.primaryAddress);
  return ['slave', primary.host, primary.port, replicaLinkState(view), view.appliedId];
}

const server = { group: 'server', categories: ['admin', 'fast', 'dangerous'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;

export const replicationCommands: readonly CommandSpec[] = [
  { ...server, name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], summary: 'Return the role of the instance in the context of replication', since: '2.8.12', complexity: 'O(1)', handler: role },
];
