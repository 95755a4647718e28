/**
 * `cairn txlog status --log HOST:PORT,...`: ask every log node for its Status and print ONE JSON
 * object (field names are an interface, documented in README.md):
 *
 *   { "leader": <id or null>, "term": <highest term seen or null>,
 *     "nodes": [ { "id", "address", "reachable", "role", "term", "commit_index", "last_index",
 *                  "applied_index", "match_index", "error" } ... ],
 *     "last_accepted_id", "first_retained_id",
 *     "lease": { "holder", "address", "epoch", "duration_ms", "last_renewal_id", "expires_at_ms" } or null,
 *     "snapshots": [ { "record_id", "location", "size_bytes", "key_count", "digest", "created_ms",
 *                      "answers_request_seq" } ... ] (newest first) or null,
 *     "snapshot_request_seq" }
 *
 * Exit code 0 when a leader is known, 1 when none is, 2 for a bad command line.
 */
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { TxLogClient, type SnapshotInfo, type StatusResponse } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { formatHostPort, parseHostPort } from '../node/addresses.js';
import { channelOptions } from '../transport/grpc-options.js';
import { parseOptions } from './arguments.js';

const HELP = `usage: cairn txlog status --log HOST:PORT,HOST:PORT,... [--timeout-ms MS]

Prints one JSON object: the leader's id (null when none is known) and each node's role, term,
commit, last and applied index; the log's lease and snapshot registry. Exits 1 when no leader is
known.
`;

const TIMEOUT_MS_DEFAULT = 2000;
const TIMEOUT_MS_MAX = 60_000;

/** What one node answered, or why it did not. */
export type StatusAnswer = { readonly address: string; readonly status: StatusResponse } | { readonly address: string; readonly error: string };

/** One node's line in the output. */
export interface NodeReport {
  readonly id: number | null;
  readonly address: string;
  readonly reachable: boolean;
  readonly role: string | null;
  readonly term: number | null;
  readonly commit_index: number | null;
  readonly last_index: number | null;
  readonly applied_index: number | null;
  /** Where the leader says this node's log matches its own (null when unknown). */
  readonly match_index: number | null;
  readonly error: string | null;
}

/** The lease as the leader's log records it. */
export interface LeaseReport {
  readonly holder: string;
  readonly address: string;
  readonly epoch: number;
  readonly duration_ms: number;
  readonly last_renewal_id: number;
  readonly expires_at_ms: number;
}

/** A verified snapshot as the log's registry records it. */
export interface SnapshotReport {
  readonly record_id: number;
  readonly location: string;
  readonly size_bytes: number;
  readonly key_count: number;
  readonly digest: string;
  readonly created_ms: number;
  readonly answers_request_seq: number;
}

/** What `cairn txlog status` prints. */
export interface ClusterReport {
  readonly leader: number | null;
  /** The highest term any reachable node reported. */
  readonly term: number | null;
  readonly nodes: readonly NodeReport[];
  readonly last_accepted_id: number | null;
  readonly first_retained_id: number | null;
  readonly lease: LeaseReport | null;
  /** The snapshot registry, newest first (null when no node answered). */
  readonly snapshots: readonly SnapshotReport[] | null;
  /** The highest snapshot request seq (null when no node answered). */
  readonly snapshot_request_seq: number | null;
}

function askStatus(address: string, timeoutMs: number): Promise<StatusAnswer> {
  const client = new TxLogClient(address, credentials.createInsecure(), channelOptions());
  return new Promise<StatusAnswer>((resolve) => {
    client.status({}, new Metadata(), { deadline: Date.now() + timeoutMs }, (error: ServiceError | null, status: StatusResponse) => {
      client.close();
      resolve(error === null ? { address, status } : { address, error: error.details || error.message });
    });
  });
}

/**
 * The leader as the highest term seen says: the node leading in it, else the leader the nodes of
 * that term name (itself unreachable); null when that term has none. A node that says it leads in
 * an older term is stale and ignored.
 */
function leaderOf(statuses: readonly StatusResponse[]): { readonly id: number | null; readonly term: bigint | null } {
  if (statuses.length === 0) return { id: null, term: null };
  const term = statuses.reduce((highest, status) => (status.term > highest ? status.term : highest), 0n);
  const current = statuses.filter((status) => status.term === term);
  const leading = current.find((status) => status.role === 'leader');
  if (leading !== undefined) return { id: leading.nodeId, term };
  const named = current.find((status) => status.leaderId !== 0);
  return { id: named?.leaderId ?? null, term };
}

function leaseReport(status: StatusResponse | undefined): LeaseReport | null {
  const lease = status?.lease;
  if (lease === undefined) return null;
  return {
    holder: lease.holder,
    address: lease.address,
    epoch: Number(lease.epoch),
    duration_ms: Number(lease.durationMs),
    last_renewal_id: Number(lease.lastRenewalId),
    expires_at_ms: Number(lease.expiresAtMs),
  };
}

function snapshotReport(info: SnapshotInfo): SnapshotReport {
  return {
    record_id: Number(info.recordId),
    location: info.location,
    size_bytes: Number(info.sizeBytes),
    key_count: Number(info.keyCount),
    digest: info.digest,
    created_ms: Number(info.createdMs),
    answers_request_seq: Number(info.answersRequestSeq),
  };
}

/** The report of the answers (exported for tests). */
export function clusterReport(answers: readonly StatusAnswer[]): ClusterReport {
  const statuses = answers.flatMap((answer) => ('status' in answer ? [answer.status] : []));
  const leader = leaderOf(statuses);
  const leaderStatus = statuses.find((status) => status.nodeId === leader.id && status.role === 'leader');
  // The log's state from the leader, else from the node that applied the most.
  const source = leaderStatus ?? statuses.reduce<StatusResponse | undefined>((best, status) => (best === undefined || status.appliedIndex > best.appliedIndex ? status : best), undefined);
  const match = new Map((leaderStatus?.peers ?? []).map((peer) => [peer.nodeId, Number(peer.matchIndex)]));
  const nodes = answers.map((answer): NodeReport => {
    if (!('status' in answer)) {
      const unknown = { role: null, term: null, commit_index: null, last_index: null, applied_index: null, match_index: null };
      return { id: null, address: answer.address, reachable: false, ...unknown, error: answer.error };
    }
    const status = answer.status;
    return {
      id: status.nodeId,
      address: answer.address,
      reachable: true,
      role: status.role,
      term: Number(status.term),
      commit_index: Number(status.commitIndex),
      last_index: Number(status.lastIndex),
      applied_index: Number(status.appliedIndex),
      match_index: match.get(status.nodeId) ?? null,
      error: null,
    };
  });
  return {
    leader: leader.id,
    term: leader.term === null ? null : Number(leader.term),
    nodes,
    last_accepted_id: source === undefined ? null : Number(source.lastAcceptedId),
    first_retained_id: source === undefined ? null : Number(source.firstRetainedId),
    lease: leaseReport(source),
    snapshots: source === undefined ? null : source.snapshots.map(snapshotReport),
    snapshot_request_seq: source === undefined ? null : Number(source.snapshotRequestSeq),
  };
}

/** Query the nodes, print the report, exit 0 when a leader is known. */
export async function runStatusCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOptions(args, ['log', 'timeout-ms']);
  if (!parsed.ok) {
    process.stderr.write(`cairn txlog status: ${parsed.error}\n${HELP}`);
    return 2;
  }
  if (parsed.options.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const list = parsed.options.get('log');
  if (list === undefined) {
    process.stderr.write(`cairn txlog status: --log is required\n${HELP}`);
    return 2;
  }
  const addresses: string[] = [];
  for (const item of list.split(',')) {
    const address = parseHostPort(item);
    if (typeof address === 'string') {
      process.stderr.write(`cairn txlog status: --log: ${address}\n`);
      return 2;
    }
    addresses.push(formatHostPort(address));
  }
  if (addresses.length > txlogLimits.clientAddressesMax) {
    process.stderr.write(`cairn txlog status: at most ${txlogLimits.clientAddressesMax} addresses\n`);
    return 2;
  }
  const timeoutMs = Number(parsed.options.get('timeout-ms') ?? TIMEOUT_MS_DEFAULT);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > TIMEOUT_MS_MAX) {
    process.stderr.write(`cairn txlog status: --timeout-ms must be an integer from 1 to ${TIMEOUT_MS_MAX}\n`);
    return 2;
  }
  const report = clusterReport(await Promise.all(addresses.map((address) => askStatus(address, timeoutMs))));
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.leader === null ? 1 : 0;
}
