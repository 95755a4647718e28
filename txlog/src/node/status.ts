/** The Status RPC's answer, built from the core's status, the store and the state machine. */
import type { LeaseStatus, PeerStatus, StatusResponse } from '../../../proto/gen/txlog.js';
import type { LogReader, NodeId, RaftStatus, SoftState } from '../core/types.js';
import type { LogStateMachine } from '../statemachine/log-state-machine.js';
import type { LeaseView } from '../statemachine/lease-state.js';
import { snapshotInfoOf } from '../statemachine/snapshot-registry.js';
import { toUint64 } from '../transport/codec.js';

/** What a node's status is made of. */
export interface StatusParts {
  readonly id: NodeId;
  /** Null before the core started. */
  readonly raft: RaftStatus | null;
  readonly soft: SoftState;
  readonly store: LogReader;
  readonly machine: LogStateMachine;
  readonly addressOf: (node: NodeId) => string;
}

function leaseStatus(lease: LeaseView | null): LeaseStatus | undefined {
  if (lease === null) return undefined;
  return {
    holder: lease.holder,
    address: lease.address,
    epoch: toUint64(lease.epoch),
    durationMs: toUint64(lease.durationMs),
    lastRenewalId: toUint64(lease.lastRenewalId),
    expiresAtMs: toUint64(lease.expiresAtMs),
  };
}

/** Status of one node as the client API reports it. */
export function buildStatus(parts: StatusParts): StatusResponse {
  const raft = parts.raft;
  const hardState = raft === null ? parts.store.initialState().hardState : null;
  const peers: PeerStatus[] = (raft?.progress ?? []).map((progress) => ({
    nodeId: progress.id,
    matchIndex: toUint64(progress.match),
    nextIndex: toUint64(progress.next),
    state: progress.state,
  }));
  const leader = raft?.leader ?? parts.soft.leader;
  return {
    nodeId: parts.id,
    role: raft?.role ?? parts.soft.role,
    term: toUint64(raft?.term ?? hardState?.term ?? 0),
    commitIndex: toUint64(raft?.commit ?? hardState?.commit ?? 0),
    lastIndex: toUint64(raft?.lastIndex ?? parts.store.lastIndex()),
    appliedIndex: toUint64(parts.machine.appliedIndex),
    leaderId: leader,
    leaderAddress: parts.addressOf(leader),
    peers,
    lease: leaseStatus(parts.machine.lease),
    lastAcceptedId: toUint64(parts.machine.lastAcceptedId),
    firstRetainedId: toUint64(parts.machine.firstRetainedId),
    snapshots: parts.machine.snapshots.map(snapshotInfoOf),
    snapshotRequestSeq: toUint64(parts.machine.snapshotRequestSeq),
  };
}
