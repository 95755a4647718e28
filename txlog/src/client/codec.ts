/**
 * Conversion between the generated protocol types (uint64 as bigint, enums, Buffer) and the
 * client library's (ids as numbers, kinds as names, Uint8Array). What comes from a node is
 * untrusted: anything out of range is a TxlogError with code 'protocol'. What the library sends
 * is asserted.
 */
import type { RecordedSnapshot } from '../statemachine/snapshot-registry.js';
import {
  type AppendRequest,
  type AppendResponse,
  type LeaseStatus,
  type PeerStatus,
  type Record as ProtoRecord,
  RecordKind,
  type SnapshotInfo,
  type StatusResponse,
  type TailRecord,
} from '../../../proto/gen/txlog.js';
import { TxlogError } from './errors.js';

/** What a record is: a unit of effects, or a lease claim or renewal (their payloads are LeaseClaim / LeaseRenewal). */
export type LogRecordKind = 'data' | 'leaseClaim' | 'leaseRenewal';

/** A record to append. */
export interface LogRecord {
  readonly kind: LogRecordKind;
  readonly payload: Uint8Array;
}

/** A committed record, with the id the log gave it. */
export interface TailedRecord extends LogRecord {
  readonly id: number;
}

/** A node's Raft role, as Status reports it. */
export type NodeRole = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** Where the leader sees one node's log. */
export interface PeerView {
  readonly nodeId: number;
  readonly matchIndex: number;
  readonly nextIndex: number;
  readonly state: string;
}

/** The primary lease as one node sees it. */
export interface LeaseView {
  readonly holder: string;
  readonly address: string;
  readonly epoch: number;
  readonly durationMs: number;
  readonly lastRenewalId: number;
  /** The node's estimate (Unix ms); 0 when it has none. */
  readonly expiresAtMs: number;
}

/** A verified snapshot as the log's snapshot registry records it. */
export type SnapshotView = RecordedSnapshot;

/** One node's answer to Status, with numbers instead of bigints. */
export interface NodeStatus {
  readonly nodeId: number;
  readonly role: NodeRole;
  readonly term: number;
  readonly commitIndex: number;
  readonly lastIndex: number;
  readonly appliedIndex: number;
  /** 0 when the node knows no leader. */
  readonly leaderId: number;
  /** host:port of the leader's client API; '' when unknown. */
  readonly leaderAddress: string;
  /** Filled by the leader only. */
  readonly peers: readonly PeerView[];
  /** null when no lease was ever claimed. */
  readonly lease: LeaseView | null;
  readonly lastAcceptedId: number;
  readonly firstRetainedId: number;
  /** The snapshot registry as the node applied it: the latest recorded snapshots, newest first. */
  readonly snapshots: readonly SnapshotView[];
  /** The highest snapshot request seq (0 before the first request). */
  readonly snapshotRequestSeq: number;
}

/** A node's answer to one Append. */
export type AppendAnswer =
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number; readonly notYet: boolean }
  | { readonly kind: 'notLeader'; readonly leaderId: number; readonly leaderAddress: string };

const KIND_TO_PROTO: Readonly<Record<LogRecordKind, RecordKind>> = {
  data: RecordKind.RECORD_KIND_DATA,
  leaseClaim: RecordKind.RECORD_KIND_LEASE_CLAIM,
  leaseRenewal: RecordKind.RECORD_KIND_LEASE_RENEWAL,
};

const ROLES: ReadonlySet<string> = new Set<NodeRole>(['follower', 'preCandidate', 'candidate', 'leader']);

function isNodeRole(value: string): value is NodeRole {
  return ROLES.has(value);
}

/** True for the names of LogRecordKind (for checking what callers pass in). */
export function isLogRecordKind(value: unknown): value is LogRecordKind {
  return typeof value === 'string' && Object.hasOwn(KIND_TO_PROTO, value);
}

/** A library id (or index, or count) as a protocol uint64; asserted to be a non-negative safe integer. */
export function idToProto(id: number): bigint {
  if (!Number.isSafeInteger(id) || id < 0) throw new Error(`assertion: ${id} is not a non-negative safe integer`);
  return BigInt(id);
}

/** A protocol uint64 from a node as a number; a 'protocol' error when it is beyond 2^53 - 1. */
export function idFromProto(value: bigint, field: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TxlogError('protocol', `a node answered ${field} = ${value}, beyond 2^53 - 1`);
  }
  return Number(value);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A record in protocol form (the payload is shared, not copied). */
export function recordToProto(record: LogRecord): ProtoRecord {
  return { kind: KIND_TO_PROTO[record.kind], payload: asBuffer(record.payload) };
}

/** An Append request in protocol form. */
export function appendRequestToProto(clientId: bigint, requestSeq: number, expectedPrevId: number, records: readonly LogRecord[]): AppendRequest {
  if (clientId <= 0n || clientId >= 1n << 64n) throw new Error(`assertion: client id ${clientId} is not a non-zero uint64`);
  return {
    clientId,
    requestSeq: idToProto(requestSeq),
    expectedPrevId: idToProto(expectedPrevId),
    records: records.map(recordToProto),
  };
}

/** A node's Append answer; a 'protocol' error when it carries no result. */
export function appendAnswerFromProto(response: AppendResponse): AppendAnswer {
  const result = response.result;
  switch (result?.$case) {
    case 'committed': {
      const firstId = idFromProto(result.value.firstId, 'first_id');
      const lastId = idFromProto(result.value.lastId, 'last_id');
      return { kind: 'committed', firstId, lastId };
    }
    case 'rejected':
      return { kind: 'rejected', lastAcceptedId: idFromProto(result.value.lastAcceptedId, 'last_accepted_id'), notYet: result.value.notYet };
    case 'notLeader':
      return { kind: 'notLeader', leaderId: result.value.leaderId, leaderAddress: result.value.leaderAddress };
    case 'failed':
      throw new TxlogError('protocol', `a node answered an Append as failed outside a stream (${result.value.code}: ${result.value.details})`);
    case undefined:
      throw new TxlogError('protocol', 'a node answered an Append without a result');
  }
}

function kindFromProto(kind: RecordKind, id: number): LogRecordKind {
  switch (kind) {
    case RecordKind.RECORD_KIND_DATA:
      return 'data';
    case RecordKind.RECORD_KIND_LEASE_CLAIM:
      return 'leaseClaim';
    case RecordKind.RECORD_KIND_LEASE_RENEWAL:
      return 'leaseRenewal';
    default:
      throw new TxlogError('protocol', `a node sent record ${id} with unknown kind ${kind}`);
  }
}

/** A tailed record from a node. */
export function tailRecordFromProto(record: TailRecord): TailedRecord {
  const id = idFromProto(record.id, 'record id');
  return { id, kind: kindFromProto(record.kind, id), payload: record.payload };
}

function peerFromProto(peer: PeerStatus): PeerView {
  return {
    nodeId: peer.nodeId,
    matchIndex: idFromProto(peer.matchIndex, 'match_index'),
    nextIndex: idFromProto(peer.nextIndex, 'next_index'),
    state: peer.state,
  };
}

function leaseFromProto(lease: LeaseStatus | undefined): LeaseView | null {
  if (lease === undefined || lease.holder === '') return null;
  return {
    holder: lease.holder,
    address: lease.address,
    epoch: idFromProto(lease.epoch, 'lease epoch'),
    durationMs: idFromProto(lease.durationMs, 'lease duration_ms'),
    lastRenewalId: idFromProto(lease.lastRenewalId, 'lease last_renewal_id'),
    expiresAtMs: idFromProto(lease.expiresAtMs, 'lease expires_at_ms'),
  };
}

function snapshotFromProto(info: SnapshotInfo): SnapshotView {
  return {
    recordId: idFromProto(info.recordId, 'snapshot record_id'),
    location: info.location,
    sizeBytes: idFromProto(info.sizeBytes, 'snapshot size_bytes'),
    keyCount: idFromProto(info.keyCount, 'snapshot key_count'),
    digest: info.digest,
    createdMs: idFromProto(info.createdMs, 'snapshot created_ms'),
    answersRequestSeq: idFromProto(info.answersRequestSeq, 'snapshot answers_request_seq'),
  };
}

/** A node's Status answer. */
export function statusFromProto(response: StatusResponse): NodeStatus {
  const role = response.role;
  if (!isNodeRole(role)) throw new TxlogError('protocol', `a node reported the unknown role '${role}'`);
  return {
    nodeId: response.nodeId,
    role,
    term: idFromProto(response.term, 'term'),
    commitIndex: idFromProto(response.commitIndex, 'commit_index'),
    lastIndex: idFromProto(response.lastIndex, 'last_index'),
    appliedIndex: idFromProto(response.appliedIndex, 'applied_index'),
    leaderId: response.leaderId,
    leaderAddress: response.leaderAddress,
    peers: response.peers.map(peerFromProto),
    lease: leaseFromProto(response.lease),
    lastAcceptedId: idFromProto(response.lastAcceptedId, 'last_accepted_id'),
    firstRetainedId: idFromProto(response.firstRetainedId, 'first_retained_id'),
    snapshots: response.snapshots.map(snapshotFromProto),
    snapshotRequestSeq: idFromProto(response.snapshotRequestSeq, 'snapshot_request_seq'),
  };
}
