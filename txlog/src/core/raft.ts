/**
 * The Raft state machine (etcd-io/raft's design): a pure core that takes messages, ticks and
 * proposals and hands back Ready batches. No I/O, no timers, no clock, no randomness of its own
 * (the election timeout's randomness is injected). PreVote and CheckQuorum are on.
 *
 * Invariants asserted: applied <= committed <= lastIndex; a leader never overwrites its own log;
 * commit only moves forward and only to an entry of the current term (by count of replicas).
 *
 * (Being written: this file currently declares the API that the driver and the simulator use.)
 */
import type { Entry, LogReader, Message, NodeId, ProposeResult, RaftStatus, Ready } from './types.js';

export interface RaftConfig {
  readonly id: NodeId;
  /** All voters, this node included (static membership). */
  readonly voters: readonly NodeId[];
  /** Stable log and hard state (read at start and when entries are needed). */
  readonly storage: LogReader;
  /** The last index the state machine has applied (0 at first start; after a restart, what was applied before). */
  readonly applied: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Uniform in [0, 1): picks the randomized election timeout. */
  readonly random: () => number;
  readonly messageBytesMax: number;
  readonly inflightBytesMax: number;
  readonly inflightMessagesMax: number;
  readonly uncommittedBytesMax: number;
  /** Largest single proposal (entry data bytes). */
  readonly entryBytesMax: number;
}

export class Raft {
  constructor(readonly config: RaftConfig) {
    throw new Error('not implemented yet');
  }

  /** One tick of logical time (the driver calls it every tickMs). */
  tick(): void {
    throw new Error('not implemented yet');
  }

  /** Handle a message from a peer (messages to other nodes or from other clusters are the driver's concern). */
  step(_message: Message): void {
    throw new Error('not implemented yet');
  }

  /** Propose data to append; only the leader accepts. The entry's index and term identify it when it commits. */
  propose(_data: Uint8Array): ProposeResult {
    throw new Error('not implemented yet');
  }

  /** Start an election now (tests and leadership hand-over). */
  campaign(): void {
    throw new Error('not implemented yet');
  }

  /** The peer could not be reached (the driver's transport failed): the leader probes it again. */
  reportUnreachable(_peer: NodeId): void {
    throw new Error('not implemented yet');
  }

  /** A snapshot send to `peer` finished (successfully or not). */
  reportSnapshot(_peer: NodeId, _ok: boolean): void {
    throw new Error('not implemented yet');
  }

  /** True when ready() would return something to do. */
  hasReady(): boolean {
    throw new Error('not implemented yet');
  }

  /** The work accumulated since the last advance(); see Ready for what the driver must do. */
  ready(): Ready {
    throw new Error('not implemented yet');
  }

  /** The driver did everything `ready` asked (persisted, sent, applied its committed entries). */
  advance(_ready: Ready): void {
    throw new Error('not implemented yet');
  }

  /** The storage compacted its log below `index` (after a snapshot); entries below it are gone. */
  compacted(_index: number): void {
    throw new Error('not implemented yet');
  }

  status(): RaftStatus {
    throw new Error('not implemented yet');
  }
}

export type { Entry };
