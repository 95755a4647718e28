/**
 * SENTINEL, the subset Sentinel clients use to find the primary: every cairn node answers it
 * about its own group (setting cairn-group-name, `cairn` by default), so clients list the cairn
 * nodes themselves as their sentinels (ioredis `{ sentinels: [...], name: 'cairn' }`). Replies
 * have Sentinel 7.0's shapes: flat field/value arrays (maps in RESP3) of bulk strings.
 *
 * What a node knows: an ephemeral server is its own master. The durable primary (the lease
 * holder) is the master, its connected replicas are the replicas and also the other sentinels.
 * A caught-up replica knows the primary from the log's latest lease claim, and itself as a
 * replica; a node that is replaying the log, or whose latest claim is its own lapsed one, does
 * not know the master and answers -IDONTKNOW, as an uninformed Sentinel does, so clients ask
 * the next one. Failover needs no Sentinel: the lease moves through the log.
 */
import { peerHost, replicationOf, splitAddress } from '../durable/replica-registry.js';
import { errors } from '../resp/errors.js';
import { MapReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';

/** Sentinel's defaults, reported by an ephemeral server (it has no lease). */
const DEFAULT_DOWN_AFTER_MS = 30_000;
const DEFAULT_FAILOVER_TIMEOUT_MS = 180_000;
/** A replica claims the lease a little over one lease after the primary's last renewal: a failover takes a few leases. */
const FAILOVER_LEASES = 3;

interface Address {
  readonly host: string;
  readonly port: number;
}

/** A node this one knows of, with how long ago it was last heard from. */
interface Peer {
  readonly address: Address;
  readonly runId: string;
  readonly silentMs: number;
  /** The last log record id it applied (replicas). */
  readonly offset: number;
}

/** What this node can tell about its group. */
interface Known {
  /** The master; null when this node does not know it now. */
  readonly master: Peer | null;
  readonly replicas: readonly Peer[];
  /** Other nodes answering SENTINEL for the group. */
  readonly sentinels: readonly Peer[];
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
}

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '*']);

/** Where clients reach this node: its bind address, or the address this client connected to when it binds every address. */
function selfAddress(ctx: CommandContext): Address {
  const bind = ctx.server.settings.string('bind');
  const host = WILDCARD_HOSTS.has(bind) ? peerHost(ctx.client.localAddress) : bind;
  return { host, port: ctx.server.tcpPort };
}

function known(ctx: CommandContext): Known {
  const view = ctx.server.replicationView?.() ?? null;
  const replication = replicationOf(ctx.server);
  const self = selfAddress(ctx);
  const runId = ctx.server.runId;
  const me: Peer = { address: self, runId, silentMs: 0, offset: view?.appliedId ?? 0 };
  if (view === null || replication === null) {
    const master = ctx.server.role === 'primary' ? me : null;
    return { master, replicas: [], sentinels: [], downAfterMs: DEFAULT_DOWN_AFTER_MS, failoverTimeoutMs: DEFAULT_FAILOVER_TIMEOUT_MS };
  }
  const timeouts = { downAfterMs: replication.leaseMs, failoverTimeoutMs: replication.leaseMs * FAILOVER_LEASES };
  if (view.role === 'primary') {
    const replicas = replication.registry.online().map((replica) => ({
      address: { host: replica.host, port: replica.port },
      runId: '',
      silentMs: Math.max(0, ctx.now - replica.acknowledgedAtMs),
      offset: replica.offset,
    }));
    return { master: me, replicas, sentinels: replicas, ...timeouts };
  }
  const ownClaim = view.primaryAddress === `${self.host}:${self.port}`;
  if (view.role !== 'replica' || view.primaryAddress === null || ownClaim) return { master: null, replicas: [], sentinels: [], ...timeouts };
  const silentMs = view.lastRecordAtMs === 0 ? 0 : Math.max(0, view.nowMs - view.lastRecordAtMs);
  const master: Peer = { address: splitAddress(view.primaryAddress), runId: '', silentMs, offset: view.appliedId };
  return { master, replicas: [me], sentinels: [master], ...timeouts };
}

/** The group's name if `name` is it; null otherwise (Sentinel knows no such master). */
function knowsGroup(ctx: CommandContext, name: string): boolean {
  return name === ctx.server.settings.string('cairn-group-name');
}

function masterEntry(ctx: CommandContext, facts: Known, master: Peer): MapReply {
  const silent = String(master.silentMs);
  return new MapReply([
    ...instanceFields(ctx.server.settings.string('cairn-group-name'), master, 'master', silent, facts.downAfterMs),
    'info-refresh', silent,
    'role-reported', 'master',
    'role-reported-time', silent,
    'config-epoch', '0',
    'num-slaves', String(facts.replicas.length),
    'num-other-sentinels', String(facts.sentinels.length),
    'quorum', '1',
    'failover-timeout', String(facts.failoverTimeoutMs),
    'parallel-syncs', '1',
  ]);
}

/** The fields every instance entry starts with, in Sentinel's order. */
function instanceFields(name: string, peer: Peer, flags: string, silent: string, downAfterMs: number): string[] {
  return [
    'name', name,
    'ip', peer.address.host,
    'port', String(peer.address.port),
    'runid', peer.runId,
    'flags', flags,
    'link-pending-commands', '0',
    'link-refcount', '1',
    'last-ping-sent', '0',
    'last-ok-ping-reply', silent,
    'last-ping-reply', silent,
    'down-after-milliseconds', String(downAfterMs),
  ];
}

function replicaEntry(facts: Known, replica: Peer, master: Peer | null): MapReply {
  const silent = String(replica.silentMs);
  const name = `${replica.address.host}:${replica.address.port}`;
  return new MapReply([
    ...instanceFields(name, replica, 'slave', silent, facts.downAfterMs),
    'info-refresh', silent,
    'role-reported', 'slave',
    'role-reported-time', silent,
    'master-link-down-time', '0',
    'master-link-status', master === null ? 'err' : 'ok',
    'master-host', master?.address.host ?? '?',
    'master-port', String(master?.address.port ?? 0),
    'slave-priority', '100',
    'slave-repl-offset', String(replica.offset),
    'replica-announced', '1',
  ]);
}

function sentinelEntry(facts: Known, sentinel: Peer): MapReply {
  const silent = String(sentinel.silentMs);
  const name = sentinel.runId === '' ? `${sentinel.address.host}:${sentinel.address.port}` : sentinel.runId;
  return new MapReply([
    ...instanceFields(name, sentinel, 'sentinel', silent, facts.downAfterMs),
    'last-hello-message', silent,
    'voted-leader', '?',
    'voted-leader-epoch', '0',
  ]);
}

function getMasterAddrByName(ctx: CommandContext, argv: readonly string[]): Reply {
  if (!knowsGroup(ctx, argv[2] as string)) return NULL_ARRAY;
  const master = known(ctx).master;
  if (master === null) return errors.sentinelDontKnow;
  return [master.address.host, String(master.address.port)];
}

function masters(ctx: CommandContext): Reply {
  const facts = known(ctx);
  if (facts.master === null) return errors.sentinelDontKnow;
  return [masterEntry(ctx, facts, facts.master)];
}

function master(ctx: CommandContext, argv: readonly string[]): Reply {
  if (!knowsGroup(ctx, argv[2] as string)) return errors.sentinelNoSuchMaster;
  const facts = known(ctx);
  if (facts.master === null) return errors.sentinelDontKnow;
  return masterEntry(ctx, facts, facts.master);
}

function replicas(ctx: CommandContext, argv: readonly string[]): Reply {
  if (!knowsGroup(ctx, argv[2] as string)) return errors.sentinelNoSuchMaster;
  const facts = known(ctx);
  return facts.replicas.map((replica) => replicaEntry(facts, replica, facts.master));
}

function sentinels(ctx: CommandContext, argv: readonly string[]): Reply {
  if (!knowsGroup(ctx, argv[2] as string)) return errors.sentinelNoSuchMaster;
  const facts = known(ctx);
  return facts.sentinels.map((sentinel) => sentinelEntry(facts, sentinel));
}

const SENTINEL_HELP = [
  'GET-MASTER-ADDR-BY-NAME <master-name>',
  '    Return the ip and port number of the master with that name.',
  'MASTER <master-name>',
  '    Show the state and info of the specified master.',
  'MASTERS',
  '    Show a list of monitored masters and their state.',
  'MYID',
  '    Return the ID of the Sentinel instance.',
  'REPLICAS <master-name>',
  '    Show a list of replicas for this master and their state.',
  'SENTINELS <master-name>',
  '    Show a list of Sentinel instances for this master and their state.',
];

const sentinel = { group: 'sentinel', categories: ['admin'], flags: ['admin'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;

/** SENTINEL and the subcommands cairn answers. */
export const sentinelCommand: CommandSpec = {
  ...sentinel,
  name: 'sentinel',
  arity: -2,
  summary: 'A container for Sentinel commands',
  since: '2.8.4',
  complexity: 'Depends on subcommand.',
  subcommands: [
    { ...sentinel, name: 'sentinel|get-master-addr-by-name', arity: 3, summary: 'Get port and address of a master', since: '2.8.4', complexity: 'O(1)', handler: getMasterAddrByName },
    { ...sentinel, name: 'sentinel|masters', arity: 2, summary: 'List the monitored masters', since: '2.8.4', complexity: 'O(N) where N is the number of masters', handler: masters },
    { ...sentinel, name: 'sentinel|master', arity: 3, summary: 'Shows the state of a master', since: '2.8.4', complexity: 'O(1)', handler: master },
    { ...sentinel, name: 'sentinel|replicas', arity: 3, summary: 'List the monitored replicas', since: '5.0.0', complexity: 'O(N) where N is the number of replicas', handler: replicas },
    { ...sentinel, name: 'sentinel|slaves', arity: 3, summary: 'List the monitored slaves', since: '2.8.0', complexity: 'O(N) where N is the number of slaves', handler: replicas },
    { ...sentinel, name: 'sentinel|sentinels', arity: 3, summary: 'List the Sentinel instances', since: '2.8.4', complexity: 'O(N) where N is the number of Sentinels', handler: sentinels },
    { ...sentinel, name: 'sentinel|myid', arity: 2, summary: 'Get the Sentinel instance ID', since: '6.2.0', complexity: 'O(1)', handler: (ctx) => ctx.server.runId },
    { ...sentinel, name: 'sentinel|help', arity: 2, flags: ['loading', 'stale'], categories: [], summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)', handler: () => helpReply('sentinel', SENTINEL_HELP) },
  ],
};
