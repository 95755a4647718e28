/**
 * The vocabulary of the Raft core: entries, messages, persistent state and the Ready hand-off.
 * Modelled on etcd-io/raft's raftpb and Ready. Pure data: no I/O anywhere in core/.
 *
 * Indexes and terms are JS numbers (exact up to 2^53); the transport's codec converts the
 * protocol's uint64 fields and refuses anything larger.
 */

/** A node of the log cluster, 1..N. 0 means "none" (no vote, no known leader). */
export type NodeId = number;
export const NO_NODE: NodeId = 0;

export const EntryType = {
  /** A proposal's data; an empty one is the no-op a new leader appends to commit its term. */
  Normal: 0,
  /** Reserved for membership changes (static membership for now). */
  ConfigChange: 1,
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

export interface Entry {
  readonly term: number;
  readonly index: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** What must be durable before the node acts on it (votes, acknowledgements). */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = { term: 0, vote: NO_NODE, commit: 0 };

export interface SnapshotMeta {
  /** The last entry the snapshot covers. */
  readonly index: number;
  readonly term: number;
  /** The voters at that index (static membership: all nodes). */
  readonly voters: readonly NodeId[];
}

/** A state-machine snapshot at `meta.index`: what a follower installs when the leader no longer has the entries it needs. */
export interface Snapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

export const EMPTY_SNAPSHOT: Snapshot = { meta: { index: 0, term: 0, voters: [] }, data: new Uint8Array(0) };

export type MessageType =
  | 'app' // leader -> follower: entries after (logTerm, index), and the leader's commit
  | 'appResp' // follower -> leader: accepted up to `index`, or rejected with a hint
  | 'vote'
  | 'voteResp'
  | 'preVote' // a vote that changes no state: would you vote for me at `term`?
  | 'preVoteResp'
  | 'heartbeat' // leader -> follower: commit, and liveness (CheckQuorum)
  | 'heartbeatResp'
  | 'snapshot' // leader -> follower: install `snapshot`
  | 'timeoutNow'; // leader -> transferee: start an election now (leadership transfer)

export interface Message {
  readonly type: MessageType;
  readonly from: NodeId;
  readonly to: NodeId;
  /** The sender's term (for preVote: the term it would campaign in). */
  readonly term: number;
  /** app: term of the entry at `index`; vote/preVote: term of the candidate's last entry. */
  readonly logTerm: number;
  /** app: index before `entries`; appResp: last index matched (or rejected); vote: candidate's last index. */
  readonly index: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
  readonly reject: boolean;
  /** appResp with reject: the follower's last index, a hint where to probe next. */
  readonly rejectHint: number;
  /** appResp with reject: the term of the follower's entry at rejectHint (fast backtracking). */
  readonly rejectHintTerm: number;
  readonly snapshot: Snapshot | null;
}

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** Volatile state the driver may want to report (not persisted). */
export interface SoftState {
  readonly leader: NodeId;
  readonly role: Role;
}

/**
 * What the core hands the driver after some steps and ticks. The driver must, in this order:
 *   1. send `messagesBeforePersist` (a leader's appends and heartbeats: they need nothing of this
 *      Ready to be durable, so replication overlaps the leader's own fsync);
 *   2. persist `snapshot` (if any), `entries` and `hardState` (if any) durably, in one unit —
 *      when `mustSync` is false only the commit index changed, and it may be written later;
 *   3. send `messages` (votes and acknowledgements: they promise what step 2 made durable);
 *   4. apply `committedEntries` to the state machine;
 *   5. call `advance(ready)`.
 */
export interface Ready {
  readonly softState: SoftState | null;
  readonly hardState: HardState | null;
  /** Entries to append to stable storage; they may overwrite a suffix (truncate from entries[0].index). */
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | null;
  readonly committedEntries: readonly Entry[];
  readonly messagesBeforePersist: readonly Message[];
  readonly messages: readonly Message[];
  /** False when nothing above needs an fsync (only the commit index, messages or soft state changed). */
  readonly mustSync: boolean;
}

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly reason: 'notLeader'; readonly leader: NodeId }
  | { readonly ok: false; readonly reason: 'tooManyUncommittedBytes' | 'entryTooLarge' | 'transferring' };

/** Where the leader thinks a follower's log is. */
export interface PeerProgress {
  readonly id: NodeId;
  readonly match: number;
  readonly next: number;
  readonly state: 'probe' | 'replicate' | 'snapshot';
  readonly inflightBytes: number;
  readonly recentActive: boolean;
}

export interface RaftStatus {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId;
  readonly leader: NodeId;
  readonly commit: number;
  readonly applied: number;
  readonly lastIndex: number;
  /** Only on the leader. */
  readonly progress: readonly PeerProgress[];
}

/**
 * Read access to the log the core needs (etcd's Storage): what is stable, plus what the driver
 * has persisted. Reads are synchronous and served from memory; implementations persist elsewhere.
 */
export interface LogReader {
  /** Hard state and voters as last persisted (used once, at start). */
  initialState(): { hardState: HardState; voters: readonly NodeId[] };
  /** Index of the first entry still held (snapshot index + 1). */
  firstIndex(): number;
  /** Index of the last entry held (the snapshot index when empty). */
  lastIndex(): number;
  /** Term of the entry at `index`, for firstIndex-1 <= index <= lastIndex; undefined otherwise. */
  term(index: number): number | undefined;
  /** Entries [low, high), at most `bytesMax` bytes of data but always at least one. */
  entries(low: number, high: number, bytesMax: number): Entry[];
  /** The latest snapshot (for followers that need compacted entries). */
  snapshot(): Snapshot;
}

/** Size of an entry for byte limits: its data plus a fixed overhead for term/index/type. */
export function entryBytes(entry: Entry): number {
  return entry.data.length + 24;
}
