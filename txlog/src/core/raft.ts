/**
 * The Raft state machine (etcd-io/raft's design): a pure core that takes messages, ticks and
 * proposals and hands back Ready batches. No I/O, no timers, no clock, no randomness of its own
 * (the election timeout's randomness is injected). PreVote and CheckQuorum are always on.
 *
 * Invariants asserted: applied <= committed <= lastIndex; commit only moves forward, and the
 * leader commits by counting replicas only entries of its own term; a leader never truncates its
 * own log; at most one vote per term (the vote is in the hard state, persisted before the
 * response is sent because the driver persists a Ready before sending its messages).
 */
import { RaftLog } from './log.js';
import { Progress } from './progress.js';
import { committedIndex, tallyVotes } from './quorum.js';
import {
  EMPTY_HARD_STATE,
  type Entry,
  entryBytes,
  EntryType,
  type HardState,
  type LogReader,
  type Message,
  type MessageType,
  NO_NODE,
  type NodeId,
  type ProposeResult,
  type RaftStatus,
  type Ready,
  type Role,
  type SoftState,
} from './types.js';

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
  /** Committed entries handed out per Ready. */
  readonly applyEntriesMax: number;
  /**
   * Put a leader's appends and heartbeats in Ready.messagesBeforePersist, so replication overlaps
   * the leader's own fsync. With false, every message waits for the persist (the simple contract).
   */
  readonly sendBeforePersist?: boolean;
}

const EMPTY = new Uint8Array(0);

export class Raft {
  readonly id: NodeId;
  private readonly voters: readonly NodeId[];
  private readonly log: RaftLog;
  private term: number;
  private vote: NodeId;
  private role: Role = 'follower';
  private leader: NodeId = NO_NODE;
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;
  private readonly progress = new Map<NodeId, Progress>();
  private readonly votes = new Map<NodeId, boolean>();
  private messages: Message[] = [];
  /** A leader's appends, heartbeats and snapshots: sent before this Ready is persisted. */
  private messagesBeforePersist: Message[] = [];
  private uncommittedBytes = 0;
  private previousHardState: HardState;
  private previousSoftState: SoftState;
  private readyOutstanding = false;

  constructor(private readonly config: RaftConfig) {
    if (!config.voters.includes(config.id)) throw new Error(`assertion: node ${config.id} is not among the voters ${config.voters.join(',')}`);
    if (config.electionTicks <= config.heartbeatTicks) throw new Error('assertion: electionTicks must exceed heartbeatTicks');
    this.id = config.id;
    this.voters = [...config.voters].sort((a, b) => a - b);
    const { hardState } = config.storage.initialState();
    this.log = new RaftLog(config.storage, hardState.commit, config.applied);
    this.term = hardState.term;
    this.vote = hardState.vote;
    this.previousHardState = hardState;
    this.becomeFollower(this.term, NO_NODE);
    this.previousSoftState = this.softState();
  }

  // ---- driver API -------------------------------------------------------------------------

  /** One tick of logical time (the driver calls it every tickMs). */
  tick(): void {
    if (this.role === 'leader') this.tickLeader();
    else this.tickElection();
  }

  /** Propose data to append; only the leader accepts. The entry's index and term identify it when it commits. */
  propose(data: Uint8Array): ProposeResult {
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    if (data.length > this.config.entryBytesMax) return { ok: false, reason: 'entryTooLarge' };
    const size = data.length;
    if (this.uncommittedBytes > 0 && this.uncommittedBytes + size > this.config.uncommittedBytesMax) {
      return { ok: false, reason: 'tooManyUncommittedBytes' };
    }
    const entry: Entry = { term: this.term, index: this.log.lastIndex() + 1, type: EntryType.Normal, data };
    this.appendEntries([entry]);
    this.uncommittedBytes += size;
    this.broadcastAppend();
    return { ok: true, index: entry.index, term: entry.term };
  }

  /**
   * A leader tells followers a new commit index with the next append or heartbeat, not with an
   * empty append of its own (that would double the messages of every write). When no append
   * follows soon, the driver calls this after a short delay (txlogLimits.commitFlushMs): each
   * follower that can take an append and has not heard the current commit index gets one.
   */
  sendCommit(): void {
    if (this.role !== 'leader') return;
    for (const progress of this.progress.values()) {
      if (this.commitUnsentTo(progress)) this.sendAppend(progress);
    }
  }

  /** Whether sendCommit() would send something: the driver arms its delay while this holds. */
  hasUnsentCommit(): boolean {
    if (this.role !== 'leader') return false;
    for (const progress of this.progress.values()) if (this.commitUnsentTo(progress)) return true;
    return false;
  }

  /** Start an election now (tests and leadership hand-over). */
  campaign(): void {
    if (this.role === 'leader') return;
    this.startElection(true);
  }

  /** Handle a message from a peer. */
  step(message: Message): void {
    if (message.to !== this.id) return;
    if (!this.voters.includes(message.from)) return;
    if (!this.stepTerm(message)) return;
    switch (message.type) {
      case 'vote':
      case 'preVote':
        this.handleVoteRequest(message);
        return;
      default:
        break;
    }
    switch (this.role) {
      case 'leader':
        this.stepLeader(message);
        return;
      case 'candidate':
      case 'preCandidate':
        this.stepCandidate(message);
        return;
      case 'follower':
        this.stepFollower(message);
        return;
    }
  }

  /** The peer could not be reached (the driver's transport failed): the leader probes it again. */
  reportUnreachable(peer: NodeId): void {
    if (this.role !== 'leader') return;
    const progress = this.progress.get(peer);
    if (progress !== undefined && progress.state === 'replicate') progress.becomeProbe();
  }

  /** A snapshot send to `peer` finished (successfully or not). */
  reportSnapshot(peer: NodeId, ok: boolean): void {
    if (this.role !== 'leader') return;
    const progress = this.progress.get(peer);
    if (progress === undefined || progress.state !== 'snapshot') return;
    if (!ok) progress.pendingSnapshot = 0;
    progress.becomeProbe();
    progress.probeSent = true; // wait for the next heartbeat response before probing
  }

  /** The storage compacted its log below `index`; the core reads what is left from storage. */
  compacted(index: number): void {
    if (index > this.log.applied) throw new Error(`assertion: compacted to ${index} beyond applied ${this.log.applied}`);
  }

  /** True when ready() would return something to do. */
  hasReady(): boolean {
    if (this.messages.length > 0 || this.messagesBeforePersist.length > 0) return true;
    if (this.log.unstable().length > 0 || this.log.pendingSnapshot() !== null) return true;
    if (this.log.hasNextCommitted()) return true;
    if (!sameHardState(this.hardState(), this.previousHardState)) return true;
    const soft = this.softState();
    return soft.leader !== this.previousSoftState.leader || soft.role !== this.previousSoftState.role;
  }

  /** The work accumulated since the last advance(); see Ready for what the driver must do. */
  ready(): Ready {
    if (this.readyOutstanding) throw new Error('assertion: ready() called again before advance()');
    this.readyOutstanding = true;
    const hardState = this.hardState();
    const soft = this.softState();
    const entries = [...this.log.unstable()];
    const snapshot = this.log.pendingSnapshot();
    const hardChanged = !sameHardState(hardState, this.previousHardState);
    const ready: Ready = {
      softState: soft.leader !== this.previousSoftState.leader || soft.role !== this.previousSoftState.role ? soft : null,
      hardState: hardChanged ? hardState : null,
      entries,
      snapshot,
      committedEntries: this.log.nextCommitted(this.config.applyEntriesMax),
      messagesBeforePersist: this.messagesBeforePersist,
      messages: this.messages,
      mustSync: entries.length > 0 || snapshot !== null || hardState.term !== this.previousHardState.term || hardState.vote !== this.previousHardState.vote,
    };
    this.messages = [];
    this.messagesBeforePersist = [];
    return ready;
  }

  /** The driver did everything `ready` asked (persisted, sent, applied its committed entries). */
  advance(ready: Ready): void {
    if (!this.readyOutstanding) throw new Error('assertion: advance() without ready()');
    this.readyOutstanding = false;
    if (ready.softState !== null) this.previousSoftState = ready.softState;
    if (ready.hardState !== null) this.previousHardState = ready.hardState;
    const lastEntry = ready.entries.at(-1);
    if (lastEntry !== undefined) {
      this.log.stableTo(lastEntry.index, lastEntry.term);
      if (this.role === 'leader') this.selfPersisted();
    }
    if (ready.snapshot !== null) {
      this.log.stableSnapshotTo(ready.snapshot.meta.index);
      this.log.snapshotApplied(ready.snapshot.meta.index);
    }
    const lastApplied = ready.committedEntries.at(-1);
    if (lastApplied !== undefined) {
      this.log.appliedTo(lastApplied.index);
      if (this.role === 'leader') this.releaseUncommitted(ready.committedEntries);
    }
    this.log.assertPositions();
  }

  status(): RaftStatus {
    return {
      id: this.id,
      role: this.role,
      term: this.term,
      vote: this.vote,
      leader: this.leader,
      commit: this.log.committed,
      applied: this.log.applied,
      lastIndex: this.log.lastIndex(),
      progress: this.role === 'leader' ? [...this.progress.values()].map((progress) => progress.view()) : [],
    };
  }

  // ---- terms and roles ----------------------------------------------------------------------

  /**
   * The term rules every message goes through first (etcd Step). Returns false when the message
   * is to be dropped.
   */
  private stepTerm(message: Message): boolean {
    if (message.term > this.term) {
      if (message.type === 'vote' || message.type === 'preVote') {
        // CheckQuorum: while we hear from a live leader, ignore disruptive candidates.
        const inLease = this.leader !== NO_NODE && this.electionElapsed < this.config.electionTicks;
        if (inLease) return false;
      }
      if (message.type === 'preVote') return true; // a pre-vote never changes our term
      if (message.type === 'preVoteResp' && !message.reject) return true; // we bump the term when we win
      const fromLeader = message.type === 'app' || message.type === 'heartbeat' || message.type === 'snapshot';
      this.becomeFollower(message.term, fromLeader ? message.from : NO_NODE);
      return true;
    }
    if (message.term < this.term) {
      if (message.type === 'app' || message.type === 'heartbeat') {
        // A stale leader (perhaps cut off by a partition): tell it our term so it steps down.
        this.send({ type: 'appResp', to: message.from, term: this.term });
      } else if (message.type === 'preVote') {
        this.send({ type: 'preVoteResp', to: message.from, term: this.term, reject: true });
      }
      return false;
    }
    return true;
  }

  private becomeFollower(term: number, leader: NodeId): void {
    this.reset(term);
    this.role = 'follower';
    this.leader = leader;
  }

  private becomePreCandidate(): void {
    if (this.role === 'leader') throw new Error('assertion: a leader cannot become a pre-candidate');
    // A pre-candidate keeps its term and vote; it only asks whether it could win.
    this.votes.clear();
    this.role = 'preCandidate';
    this.leader = NO_NODE;
  }

  private becomeCandidate(): void {
    if (this.role === 'leader') throw new Error('assertion: a leader cannot become a candidate');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
  }

  private becomeLeader(): void {
    if (this.role !== 'candidate') throw new Error(`assertion: only a candidate becomes leader (was ${this.role})`);
    this.reset(this.term);
    this.role = 'leader';
    this.leader = this.id;
    const self = this.progress.get(this.id) as Progress;
    self.becomeReplicate();
    self.recentActive = true;
    // Entries of earlier terms commit only with one of ours: append an empty entry now.
    this.uncommittedBytes = 0;
    this.appendEntries([{ term: this.term, index: this.log.lastIndex() + 1, type: EntryType.Normal, data: EMPTY }]);
  }

  /** Common to every role change: a term, fresh timers, fresh progress, no votes. */
  private reset(term: number): void {
    if (term !== this.term) {
      if (term < this.term) throw new Error(`assertion: term going back from ${this.term} to ${term}`);
      this.term = term;
      this.vote = NO_NODE;
    }
    this.leader = NO_NODE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.config.electionTicks + Math.floor(this.config.random() * this.config.electionTicks);
    this.votes.clear();
    this.progress.clear();
    const next = this.log.lastIndex() + 1;
    for (const voter of this.voters) {
      const progress = new Progress(voter, next, this.config.inflightMessagesMax, this.config.inflightBytesMax);
      if (voter === this.id) progress.match = this.log.lastStableIndex();
      this.progress.set(voter, progress);
    }
  }

  // ---- elections ----------------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.startElection(false);
    }
  }

  /** Campaign: a pre-vote round first (unless forced), then a real election. */
  private startElection(skipPreVote: boolean): void {
    if (this.log.pendingSnapshot() !== null) return; // not before a received snapshot is persisted
    if (skipPreVote) {
      this.becomeCandidate();
      this.requestVotes('vote', this.term);
    } else {
      this.becomePreCandidate();
      this.requestVotes('preVote', this.term + 1);
    }
  }

  private requestVotes(type: 'vote' | 'preVote', term: number): void {
    this.votes.set(this.id, true);
    if (this.tallyAndAct() !== 'pending') return;
    for (const voter of this.voters) {
      if (voter === this.id) continue;
      this.send({ type, to: voter, term, index: this.log.lastIndex(), logTerm: this.log.lastTerm() });
    }
  }

  private handleVoteRequest(message: Message): void {
    const canVote =
      this.vote === message.from ||
      (this.vote === NO_NODE && this.leader === NO_NODE) ||
      (message.type === 'preVote' && message.term > this.term);
    const responseType: MessageType = message.type === 'vote' ? 'voteResp' : 'preVoteResp';
    if (canVote && this.log.isUpToDate(message.index, message.logTerm)) {
      // Answer a pre-vote in the term it asked about, so the candidate counts it.
      this.send({ type: responseType, to: message.from, term: message.term, reject: false });
      if (message.type === 'vote') {
        this.electionElapsed = 0;
        this.vote = message.from;
      }
    } else {
      this.send({ type: responseType, to: message.from, term: this.term, reject: true });
    }
  }

  private stepCandidate(message: Message): void {
    switch (message.type) {
      case 'app':
        this.becomeFollower(message.term, message.from);
        this.handleAppend(message);
        return;
      case 'heartbeat':
        this.becomeFollower(message.term, message.from);
        this.handleHeartbeat(message);
        return;
      case 'snapshot':
        this.becomeFollower(message.term, message.from);
        this.handleSnapshot(message);
        return;
      case 'voteResp':
      case 'preVoteResp': {
        const expected = this.role === 'candidate' ? 'voteResp' : 'preVoteResp';
        if (message.type !== expected) return;
        this.votes.set(message.from, !message.reject);
        this.tallyAndAct();
        return;
      }
      default:
        return;
    }
  }

  private tallyAndAct(): 'won' | 'lost' | 'pending' {
    const result = tallyVotes(this.voters, this.votes);
    if (result === 'won') {
      if (this.role === 'preCandidate') {
        this.becomeCandidate();
        this.requestVotes('vote', this.term);
      } else {
        this.becomeLeader();
        this.broadcastAppend();
      }
    } else if (result === 'lost') {
      this.becomeFollower(this.term, NO_NODE);
    }
    return result;
  }

  // ---- follower -----------------------------------------------------------------------------

  private stepFollower(message: Message): void {
    switch (message.type) {
      case 'app':
        this.electionElapsed = 0;
        this.leader = message.from;
        this.handleAppend(message);
        return;
      case 'heartbeat':
        this.electionElapsed = 0;
        this.leader = message.from;
        this.handleHeartbeat(message);
        return;
      case 'snapshot':
        this.electionElapsed = 0;
        this.leader = message.from;
        this.handleSnapshot(message);
        return;
      default:
        return;
    }
  }

  private handleAppend(message: Message): void {
    if (message.index < this.log.committed) {
      this.send({ type: 'appResp', to: message.from, index: this.log.committed });
      return;
    }
    const lastNew = this.log.maybeAppend(message.index, message.logTerm, message.commit, message.entries);
    if (lastNew !== undefined) {
      this.send({ type: 'appResp', to: message.from, index: lastNew });
      return;
    }
    // Reject, with where our log could match: the last index at or below the probe whose term is
    // not above the probe's term, so the leader can skip a whole term at once.
    const hint = this.log.findConflictByTerm(Math.min(message.index, this.log.lastIndex()), message.logTerm);
    this.send({ type: 'appResp', to: message.from, index: message.index, reject: true, rejectHint: hint.index, rejectHintTerm: hint.term });
  }

  private handleHeartbeat(message: Message): void {
    this.log.commitTo(Math.min(message.commit, this.log.lastIndex()));
    this.send({ type: 'heartbeatResp', to: message.from });
  }

  private handleSnapshot(message: Message): void {
    const snapshot = message.snapshot;
    if (snapshot === null) return;
    const { index, term } = snapshot.meta;
    if (index <= this.log.committed) {
      this.send({ type: 'appResp', to: message.from, index: this.log.committed });
      return;
    }
    if (this.log.matchTerm(index, term)) {
      // We have that entry already: just move commit forward.
      this.log.commitTo(index);
      this.send({ type: 'appResp', to: message.from, index: this.log.lastIndex() });
      return;
    }
    this.log.restore(snapshot);
    this.send({ type: 'appResp', to: message.from, index: this.log.lastIndex() });
  }

  // ---- leader -------------------------------------------------------------------------------

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0;
      // CheckQuorum: step down if a majority has not been heard from for an election timeout.
      if (!this.quorumActive()) {
        this.becomeFollower(this.term, NO_NODE);
        return;
      }
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  private quorumActive(): boolean {
    let active = 0;
    for (const progress of this.progress.values()) {
      if (progress.id === this.id || progress.recentActive) active++;
      if (progress.id !== this.id) progress.recentActive = false;
    }
    return active >= Math.floor(this.voters.length / 2) + 1;
  }

  private stepLeader(message: Message): void {
    const progress = this.progress.get(message.from);
    if (progress === undefined) return;
    switch (message.type) {
      case 'appResp':
        progress.recentActive = true;
        this.handleAppendResponse(message, progress);
        return;
      case 'heartbeatResp':
        progress.recentActive = true;
        progress.probeSent = false;
        // A full window with the follower alive means appends were lost: free a slot to resend.
        if (progress.state === 'replicate' && progress.inflights.full()) progress.inflights.freeFirstOne();
        if (progress.match < this.log.lastIndex()) this.sendAppend(progress);
        return;
      default:
        return;
    }
  }

  private handleAppendResponse(message: Message, progress: Progress): void {
    if (message.reject) {
      let hint = message.rejectHint;
      if (message.rejectHintTerm > 0) hint = this.log.findConflictByTerm(message.rejectHint, message.rejectHintTerm).index;
      if (progress.maybeDecreaseTo(message.index, hint)) {
        if (progress.state === 'replicate') progress.becomeProbe();
        this.sendAppend(progress);
      }
      return;
    }
    const updated = progress.maybeUpdate(message.index);
    // An answer to an empty probe at the follower's known match also ends probing.
    const probeConfirmed = progress.state === 'probe' && progress.match === message.index;
    if (!updated && !probeConfirmed) return; // stale
    if (progress.state === 'probe') {
      progress.becomeReplicate();
    } else if (progress.state === 'snapshot' && progress.match >= progress.pendingSnapshot) {
      progress.becomeProbe();
      progress.becomeReplicate();
    } else if (progress.state === 'replicate') {
      progress.inflights.freeTo(message.index);
    }
    // A new commit index rides on the next appends (or sendCommit): nothing is sent for it alone.
    if (this.maybeCommit()) {
      this.sendNewEntries();
    } else {
      this.sendAppendsWhileOpen(progress, false);
    }
  }

  /** Advance commit to what a majority has, if that entry is of our term. Returns true if it moved. */
  private maybeCommit(): boolean {
    const matches: number[] = [];
    for (const voter of this.voters) matches.push((this.progress.get(voter) as Progress).match);
    const index = committedIndex(matches);
    if (index <= this.log.committed) return false;
    if (this.log.term(index) !== this.term) return false;
    this.log.commitTo(index);
    return true;
  }

  /** Send every follower the entries it lacks, if any. */
  private sendNewEntries(): void {
    for (const progress of this.progress.values()) {
      if (progress.id !== this.id) this.sendAppendsWhileOpen(progress, false);
    }
  }

  /** A follower in steady replication that can take an append and has not been told the current commit index. */
  private commitUnsentTo(progress: Progress): boolean {
    return progress.id !== this.id && progress.state === 'replicate' && progress.sentCommit < this.log.committed && !progress.isPaused();
  }

  /** Send every follower what it lacks; an empty append if nothing, to carry the commit index. */
  private broadcastAppend(): void {
    for (const progress of this.progress.values()) {
      if (progress.id !== this.id) this.sendAppendsWhileOpen(progress, true);
    }
  }

  /** Pipelining: keep sending until the follower's window is full or nothing is left. */
  private sendAppendsWhileOpen(progress: Progress, sendIfEmpty: boolean): void {
    for (let sent = 0; sent < this.config.inflightMessagesMax; sent++) {
      if (!this.sendAppend(progress, !(sendIfEmpty && sent === 0))) return;
    }
  }

  /**
   * Send `progress` the entries from its next index (or a snapshot if they were compacted).
   * With `onlyWithEntries`, an append with nothing new is not sent. Returns whether something was sent.
   */
  private sendAppend(progress: Progress, onlyWithEntries = false): boolean {
    if (progress.isPaused()) return false;
    const previousIndex = progress.next - 1;
    const previousTerm = this.log.term(previousIndex);
    const entries = previousTerm === undefined ? undefined : this.log.entriesFrom(progress.next, this.config.messageBytesMax);
    if (previousTerm === undefined || entries === undefined) return this.sendSnapshot(progress);
    if (onlyWithEntries && entries.length === 0) return false;
    let bytes = 0;
    for (const entry of entries) bytes += entryBytes(entry);
    this.send({
      type: 'app',
      to: progress.id,
      index: previousIndex,
      logTerm: previousTerm,
      entries,
      commit: this.log.committed,
    });
    const last = entries.at(-1);
    progress.sentEntries(last === undefined ? previousIndex : last.index, bytes, entries.length);
    progress.sentCommit = Math.max(progress.sentCommit, this.log.committed);
    return true;
  }

  private sendSnapshot(progress: Progress): boolean {
    if (!progress.recentActive) return false; // do not send a snapshot to a node that may be down
    const snapshot = this.config.storage.snapshot();
    if (snapshot.meta.index === 0) throw new Error('assertion: entries were compacted but there is no snapshot');
    progress.becomeSnapshot(snapshot.meta.index);
    this.send({ type: 'snapshot', to: progress.id, snapshot });
    return true;
  }

  private broadcastHeartbeat(): void {
    for (const progress of this.progress.values()) {
      if (progress.id === this.id) continue;
      // Never tell a follower to commit beyond what it is known to have.
      const commit = Math.min(progress.match, this.log.committed);
      this.send({ type: 'heartbeat', to: progress.id, commit });
      progress.sentCommit = Math.max(progress.sentCommit, commit);
    }
  }

  /**
   * The leader counts its own copy of an entry only once it is durable (its appends went out
   * before its own fsync): then commit may move.
   */
  private appendEntries(entries: Entry[]): void {
    this.log.append(entries);
  }

  private selfPersisted(): void {
    const self = this.progress.get(this.id) as Progress;
    if (self.maybeUpdate(this.log.lastStableIndex()) && this.maybeCommit()) this.sendNewEntries();
  }

  private releaseUncommitted(entries: readonly Entry[]): void {
    let released = 0;
    for (const entry of entries) if (entry.term === this.term) released += entry.data.length;
    this.uncommittedBytes = Math.max(0, this.uncommittedBytes - released);
  }

  // ---- messages and state -------------------------------------------------------------------

  private send(partial: Partial<Message> & { type: MessageType; to: NodeId }): void {
    // A leader's appends, heartbeats and snapshots promise nothing about its own disk: they may go
    // out before its Ready is persisted. Everything else waits (votes, acknowledgements).
    const early = this.config.sendBeforePersist === true && this.role === 'leader' && (partial.type === 'app' || partial.type === 'heartbeat' || partial.type === 'snapshot');
    (early ? this.messagesBeforePersist : this.messages).push({
      from: this.id,
      term: this.term,
      logTerm: 0,
      index: 0,
      entries: [],
      commit: 0,
      reject: false,
      rejectHint: 0,
      rejectHintTerm: 0,
      snapshot: null,
      ...partial,
    });
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  private softState(): SoftState {
    return { leader: this.leader, role: this.role };
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

export { EMPTY_HARD_STATE };
