/**
 * One simulated log node: the real Raft core (with the options TxlogNode gives it), a
 * MemoryLogStore whose writes are synced when the simulator says so, and the real
 * LogStateMachine, driven exactly as TxlogNode drives them. Inputs (ticks, peer messages,
 * proposals, transport reports) queue in an inbox and are stepped at the start of a loop
 * iteration; a turn then does what the Ready asks, in TxlogNode's order: send the leader's
 * appends (messagesBeforePersist) -> persist, only when the Ready must be synced, with the full
 * hard state (one unit, continuing only when its simulated fsync completes) -> send the other
 * messages (acknowledgements, votes) -> apply committed entries and answer the proposals waiting
 * on them -> advance -> after a Trim, persist the hard state and compact (two more synced
 * writes). Never two turns at once; after a turn the loop runs again as a new event (the real
 * loop yields with setImmediate), so what arrived meanwhile joins the next turn.
 *
 * Start-up is the real node's: the state machine restored from the store's snapshot, committed
 * entries re-applied (compacting after a Trim among them), then the core started.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { LogCommand, type AppendRequest, type SnapshotInfo } from '../../proto/gen/txlog.js';
import type { TxlogLimits } from '../../txlog/src/core/limits.js';
import { Raft } from '../../txlog/src/core/raft.js';
import { NO_NODE, type Entry, type HardState, type Message, type NodeId, type Ready, type Snapshot, type SoftState } from '../../txlog/src/core/types.js';
import { appendLimitBreach } from '../../txlog/src/node/client-service.js';
import type { ProposalEnd } from '../../txlog/src/node/txlog-node.js';
import { restoreFromStore, snapshotBelow } from '../../txlog/src/node/compaction.js';
import { ProposalWaiters } from '../../txlog/src/node/proposal-waiters.js';
import { LogStateMachine, type IdRecord } from '../../txlog/src/statemachine/log-state-machine.js';
import type { ApplyOutcome } from '../../txlog/src/statemachine/outcome.js';
import { validateAppend } from '../../txlog/src/statemachine/validate-append.js';
import type { PersistUnit } from '../../txlog/src/storage/log-store.js';
import type { MemoryLogStore } from '../../txlog/src/storage/memory-log-store.js';
import { LogStoreFailedError } from '../../txlog/src/storage/store-guard.js';
import { ProcessGate } from './process-gate.js';
import type { SimClock } from './sim-clock.js';

/** What the node tells the run's checker (every call is a point where invariants are checked). */
export interface NodeObserver {
  /** The node's role changed (from a Ready's soft state). */
  roleChanged(node: SimNode, soft: SoftState, term: number): void;
  /** A unit is about to be written (the store still holds the log before it). */
  willPersist(node: SimNode, unit: PersistUnit): void;
  /** A unit was persisted and synced: the store now holds it. */
  persisted(node: SimNode, unit: PersistUnit): void;
  /** A committed entry was applied (in a turn, or re-applied at start-up), with the state machine's outcome. */
  applied(node: SimNode, entry: Entry, outcome: ApplyOutcome): void;
  /** The node re-applied its committed entries at start-up. */
  opened(node: SimNode): void;
  /** A turn ended: commit and applied positions, digests. */
  turnEnded(node: SimNode): void;
  /** The store was compacted at `snapshot.meta.index`. */
  compacted(node: SimNode, snapshot: Snapshot): void;
  /** The node installed a snapshot from the leader. */
  snapshotInstalled(node: SimNode): void;
}

/**
 * A deliberate bug, to show the checker catches it: 'acknowledgeBeforeSync' sends a Ready's
 * messages (a follower's acknowledgements, vote grants) before its write is synced, as a driver
 * that forgot to wait for the fsync would (a leader's appends going out first is the design, not
 * the bug); 'leaseClockDrift' gives lease keepers clocks 30% off, far beyond the drift bound
 * their safety rests on.
 */
export type Sabotage = 'acknowledgeBeforeSync' | 'leaseClockDrift';

/** What the node needs from the simulated world. */
export interface NodeWorld {
  readonly limits: TxlogLimits;
  readonly sabotage: Sabotage | null;
  readonly observer: NodeObserver;
  /** Schedule `run` after `delayMs` of global time. */
  after(delayMs: number, label: string, run: () => void): void;
  /** Send a Raft message to its destination; false when the link is down now (a broken stream). */
  sendRaft(message: Message): boolean;
  /** The fsync latency of the next write, in global ms; or 'fail' when the fsync is to fail. */
  fsyncOutcome(node: SimNode): number | 'fail';
  /** Uniform in [0, 1) for the core's election timeouts. */
  random(): number;
  /** A line for the trace. */
  trace(text: string): void;
  /** The node stopped by itself (a failed fsync): the world treats it as down. */
  nodeStopped(node: SimNode): void;
}

/** The answer a client gets to an Append: the proto result, or a gRPC status with its details. */
export type AppendReply =
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number; readonly notYet: boolean }
  | { readonly kind: 'notLeader'; readonly leaderId: NodeId }
  | { readonly kind: 'error'; readonly code: grpcStatus; readonly details: string };

/** The answer to one Tail poll: records from the applied prefix, nothing new yet, or trimmed. */
export type TailReply =
  | { readonly kind: 'records'; readonly records: readonly IdRecord[] }
  | { readonly kind: 'wait'; readonly lastAcceptedId: number }
  | { readonly kind: 'trimmed'; readonly firstRetainedId: number };

type Input =
  | { readonly kind: 'message'; readonly message: Message }
  | { readonly kind: 'snapshotSent'; readonly peer: NodeId; readonly ok: boolean }
  | { readonly kind: 'propose'; readonly data: Uint8Array; readonly clientId: bigint | null; readonly end: (end: ProposalEnd) => void };

type State = 'starting' | 'running' | 'stopped';

export class SimNode {
  private state: State = 'starting';
  private raftCore: Raft | null = null;
  private machineNow: LogStateMachine;
  private inbox: Input[] = [];
  private inboxMessages = 0;
  private pendingTicks = 0;
  /** As TxlogNode: a delayed sendCommit is armed, or due at the next turn. */
  private commitFlushArmed = false;
  private commitFlushDue = false;
  private readonly unreachable = new Set<NodeId>();
  /** A turn is under way (waiting for the disk, or for the loop to run again). */
  private inTurn = false;
  /** Whether the process runs (a stall holds everything back). */
  private readonly gate = new ProcessGate();
  private soft: SoftState = { leader: NO_NODE, role: 'follower' };
  private readonly waiters: ProposalWaiters;
  /** The write waiting for its fsync, and what to do once it is synced. */
  private pendingWrite: { readonly unit: PersistUnit | null; readonly compaction: Snapshot | null; readonly then: () => void } | null = null;
  /** Why the node stopped, when it stopped by itself (a failed fsync). */
  failure: Error | null = null;

  constructor(
    readonly id: NodeId,
    /** Counts the node's starts: events of an earlier incarnation are ignored. */
    readonly incarnation: number,
    readonly store: MemoryLogStore,
    /** The node's own clock (tick rate, apply times). */
    readonly clock: SimClock,
    private readonly world: NodeWorld,
  ) {
    const limits = world.limits;
    this.waiters = new ProposalWaiters(limits.clientInflightAppendsMax, limits.inflightAppendsMax);
    this.machineNow = restoreFromStore(store, limits);
  }

  /** True until the node crashed or stopped. */
  get alive(): boolean {
    return this.state !== 'stopped';
  }

  /** True once the core runs. */
  get running(): boolean {
    return this.state === 'running';
  }

  get raft(): Raft | null {
    return this.raftCore;
  }

  get machine(): LogStateMachine {
    return this.machineNow;
  }

  get role(): SoftState['role'] {
    return this.soft.role;
  }

  get leader(): NodeId {
    return this.soft.leader;
  }

  /** The write waiting for its fsync (what a crash may lose), if any. */
  get unsyncedWrite(): { readonly unit: PersistUnit | null; readonly compaction: Snapshot | null } | null {
    return this.pendingWrite;
  }

  // ---- start-up -----------------------------------------------------------------------------

  /** Re-apply committed entries (as TxlogNode.open does), then start the core. */
  open(): void {
    const commit = this.store.initialState().hardState.commit;
    let compactBelowIndex: number | null = null;
    for (let rounds = 0; this.machineNow.appliedIndex < commit; rounds++) {
      if (rounds > commit) throw new Error('assertion: re-applying made no progress');
      const entries = this.store.entries(this.machineNow.appliedIndex + 1, commit + 1, this.world.limits.messageBytesMax);
      for (const entry of entries) {
        const outcome = this.machineNow.apply(entry, this.clock.now());
        this.world.observer.applied(this, entry, outcome);
        if (outcome.kind === 'trim') compactBelowIndex = outcome.compactBelowIndex;
      }
    }
    this.world.observer.opened(this);
    const snapshot = compactBelowIndex === null ? null : snapshotBelow(this.store, compactBelowIndex, this.world.limits, this.clock.now());
    if (snapshot === null) return this.startCore();
    this.write(null, snapshot, () => this.startCore());
  }

  private startCore(): void {
    const limits = this.world.limits;
    this.raftCore = new Raft({
      id: this.id,
      voters: [...this.store.voters].sort((a, b) => a - b),
      storage: this.store,
      applied: this.machineNow.appliedIndex,
      electionTicks: limits.electionTicks,
      heartbeatTicks: limits.heartbeatTicks,
      random: () => this.world.random(),
      messageBytesMax: limits.messageBytesMax,
      inflightBytesMax: limits.inflightBytesMax,
      inflightMessagesMax: limits.inflightMessagesMax,
      uncommittedBytesMax: limits.uncommittedBytesMax,
      entryBytesMax: limits.commandBytesMax,
      applyEntriesMax: limits.applyEntriesPerTurnMax,
      sendBeforePersist: true,
    });
    this.state = 'running';
    this.world.trace(`n${this.id} started (incarnation ${this.incarnation}, applied ${this.machineNow.appliedIndex}, term ${this.raftCore.status().term})`);
    this.wake();
  }

  // ---- inputs -------------------------------------------------------------------------------

  /** The process stops running for `ms` of global time: inputs and ticks pile up, nothing is handled. */
  stall(ms: number): void {
    if (this.state !== 'running') return;
    this.gate.stall((resume) =>
      this.world.after(ms, 'resume', () => {
        resume();
        this.wake();
      }),
    );
  }

  /** Run `work` now, or when a stall ends (a request handler cannot run while the process is stalled). */
  whenResponsive(work: () => void): void {
    this.gate.run(work);
  }

  /** One tick of this node's clock. */
  tick(): void {
    if (this.state !== 'running') return;
    this.pendingTicks++;
    this.wake();
  }

  /** A Raft message arrived from a peer. */
  receive(message: Message): void {
    if (this.state !== 'running') return;
    if (this.inboxMessages >= this.world.limits.inboxMessagesMax) return;
    this.inboxMessages++;
    this.enqueue({ kind: 'message', message });
  }

  /** The Append RPC, as client-service.ts answers it. */
  append(request: AppendRequest, reply: (answer: AppendReply) => void): void {
    if (this.state !== 'running') return reply({ kind: 'error', code: grpcStatus.UNAVAILABLE, details: 'the log node is starting' });
    const breach = appendLimitBreach(request, this.world.limits);
    if (breach !== null) return reply({ kind: 'error', code: grpcStatus.RESOURCE_EXHAUSTED, details: breach });
    const validation = validateAppend(request, this.world.limits);
    if (!validation.ok) return reply({ kind: 'error', code: grpcStatus.INVALID_ARGUMENT, details: validation.message });
    const data = LogCommand.encode({ command: { $case: 'append', value: request } }).finish();
    this.submit(data, request.clientId, (end) => reply(appendReply(end)));
  }

  /** The Trim RPC (leader only, through Raft); `done` gets the first retained id, or null when it did not apply here. */
  trim(beforeId: number, done: (firstRetainedId: number | null) => void): void {
    if (this.state !== 'running') return done(null);
    const data = LogCommand.encode({ command: { $case: 'trim', value: { beforeId: BigInt(beforeId) } } }).finish();
    this.submit(data, null, (end) => done(end.kind === 'applied' && end.outcome.kind === 'trim' ? end.outcome.firstRetainedId : null));
  }

  /**
   * The snapshot registry's RPCs (leader only, through Raft): RecordSnapshot with `info`, or
   * RequestSnapshot for 'request'; `done` gets the outcome, or null when it did not apply here.
   */
  snapshotRegistry(command: SnapshotInfo | 'request', done: (outcome: ApplyOutcome | null) => void): void {
    if (this.state !== 'running') return done(null);
    const value: LogCommand['command'] = command === 'request' ? { $case: 'requestSnapshot', value: {} } : { $case: 'recordSnapshot', value: command };
    this.submit(LogCommand.encode({ command: value }).finish(), null, (end) => done(end.kind === 'applied' ? end.outcome : null));
  }

  /** One Tail poll from `fromId`: records of the applied prefix, at most `recordsMax` (as tail-stream.ts reads them). */
  tail(fromId: number, recordsMax: number): TailReply {
    const machine = this.machineNow;
    if (fromId < machine.firstRetainedId) return { kind: 'trimmed', firstRetainedId: machine.firstRetainedId };
    if (fromId > machine.lastAcceptedId) return { kind: 'wait', lastAcceptedId: machine.lastAcceptedId };
    const records: IdRecord[] = [];
    for (const batch of machine.batchesFrom(fromId, recordsMax)) {
      const entry = this.storedEntry(batch.raftIndex);
      if (entry === undefined) return { kind: 'trimmed', firstRetainedId: batch.firstId + batch.count };
      for (const record of machine.recordsOf(entry) ?? []) {
        if (record.id < fromId) continue;
        if (records.length >= recordsMax) return { kind: 'records', records };
        records.push(record);
      }
    }
    if (records.length === 0) throw new Error(`assertion: record ${fromId} is accepted and retained but no batch holds it`);
    return { kind: 'records', records };
  }

  /** As TxlogNode.submit: propose on the leader and wait until the entry applies, is lost or is refused. */
  private submit(data: Uint8Array, clientId: bigint | null, end: (end: ProposalEnd) => void): void {
    if (this.soft.role !== 'leader') return end({ kind: 'notLeader', leader: this.soft.leader });
    const refusal = this.waiters.reserve(clientId);
    if (refusal !== null) return end({ kind: 'refused', reason: refusal === 'client' ? 'clientBusy' : 'nodeBusy' });
    this.enqueue({ kind: 'propose', data, clientId, end });
  }

  /** The transport could not deliver to `peer` (a broken stream). */
  reportUnreachable(peer: NodeId): void {
    if (this.state !== 'running') return;
    this.unreachable.add(peer);
    this.wake();
  }

  private enqueue(input: Input): void {
    this.inbox.push(input);
    this.wake();
  }

  // ---- the loop -----------------------------------------------------------------------------

  /** An input arrived: an idle loop runs at once (the real loop wakes in a microtask); a busy one sees it after its turn. */
  private wake(): void {
    if (this.state !== 'running' || this.inTurn || this.gate.stalled) return;
    const raft = this.raftCore as Raft;
    this.inTurn = true;
    this.stepInputs(raft);
    if (raft.hasReady()) this.turn(raft);
    else this.inTurn = false;
  }

  private stepInputs(raft: Raft): void {
    const ticks = Math.min(this.pendingTicks, this.world.limits.electionTicks);
    this.pendingTicks = 0;
    for (let tick = 0; tick < ticks; tick++) raft.tick();
    for (const peer of this.unreachable) raft.reportUnreachable(peer);
    this.unreachable.clear();
    const inputs = this.inbox;
    this.inbox = [];
    this.inboxMessages = 0;
    for (const input of inputs) {
      if (input.kind === 'message') raft.step(input.message);
      else if (input.kind === 'snapshotSent') raft.reportSnapshot(input.peer, input.ok);
      else this.propose(raft, input.data, input.clientId, input.end);
    }
    if (this.commitFlushDue) {
      this.commitFlushDue = false;
      raft.sendCommit();
    }
  }

  /** As TxlogNode.armCommitFlush: a commit index no append carried goes out on its own after commitFlushMs of this node's time. */
  private armCommitFlush(raft: Raft): void {
    if (this.commitFlushArmed || !raft.hasUnsentCommit()) return;
    this.commitFlushArmed = true;
    this.world.after(this.world.limits.commitFlushMs / this.clock.rate, 'commit flush', () => {
      this.commitFlushArmed = false;
      if (this.state !== 'running') return;
      this.commitFlushDue = true;
      this.wake();
    });
  }

  private propose(raft: Raft, data: Uint8Array, clientId: bigint | null, end: (end: ProposalEnd) => void): void {
    const result = raft.propose(data);
    if (!result.ok) {
      this.waiters.release(clientId);
      return end(result.reason === 'notLeader' ? { kind: 'notLeader', leader: result.leader } : { kind: 'refused', reason: result.reason });
    }
    this.waiters.add(result.index, result.term, clientId, (outcome) => end(outcome === null ? { kind: 'notLeader', leader: this.soft.leader } : { kind: 'applied', outcome }));
  }

  private turn(raft: Raft): void {
    const ready: Ready = raft.ready();
    if (ready.softState !== null) this.changeRole(ready.softState, raft.status().term);
    const installed = ready.snapshot === null ? null : this.restoreSnapshot(ready.snapshot);
    // A leader's appends go out first: replication overlaps its own fsync.
    for (const message of ready.messagesBeforePersist) this.send(message);
    const early = this.world.sabotage === 'acknowledgeBeforeSync';
    if (early) for (const message of ready.messages) this.send(message);
    const after = () => this.afterPersist(raft, ready, installed, !early);
    // A commit-index-only change is not synced before applying; the full hard state rides along with the next sync.
    if (ready.mustSync) this.write({ snapshot: ready.snapshot, entries: ready.entries, hardState: ready.hardState ?? currentHardState(raft) }, null, after);
    else after();
  }

  private afterPersist(raft: Raft, ready: Ready, installed: LogStateMachine | null, sendMessages: boolean): void {
    if (installed !== null) {
      this.machineNow = installed;
      this.world.observer.snapshotInstalled(this);
    }
    if (sendMessages) for (const message of ready.messages) this.send(message);
    const compactBelowIndex = this.apply(ready.committedEntries);
    raft.advance(ready);
    this.world.observer.turnEnded(this);
    if (compactBelowIndex === null) return this.endTurn();
    // The store compacts only below its persisted commit, which may lag: the hard state is written first.
    this.write({ snapshot: null, entries: [], hardState: currentHardState(raft) }, null, () => {
      const snapshot = snapshotBelow(this.store, compactBelowIndex, this.world.limits, this.clock.now());
      if (snapshot === null) return this.endTurn();
      this.write(null, snapshot, () => {
        raft.compacted(snapshot.meta.index);
        this.endTurn();
      });
    });
  }

  /** After a turn the real loop yields (setImmediate) before it steps what arrived meanwhile. */
  private endTurn(): void {
    if (this.raftCore !== null) this.armCommitFlush(this.raftCore);
    this.world.after(0, 'loop', () => {
      if (!this.alive) return;
      this.inTurn = false;
      this.wake();
    });
  }

  private send(message: Message): void {
    const up = this.world.sendRaft(message);
    if (!up) this.unreachable.add(message.to);
    if (message.snapshot !== null) this.inbox.push({ kind: 'snapshotSent', peer: message.to, ok: up });
  }

  private changeRole(soft: SoftState, term: number): void {
    const wasLeader = this.soft.role === 'leader';
    this.soft = soft;
    this.world.trace(`n${this.id} is ${soft.role} at term ${term}${soft.leader !== NO_NODE && soft.role !== 'leader' ? ` (leader n${soft.leader})` : ''}`);
    this.world.observer.roleChanged(this, soft, term);
    if (wasLeader && soft.role !== 'leader') this.waiters.loseAll();
  }

  private restoreSnapshot(snapshot: Snapshot): LogStateMachine {
    const restored = LogStateMachine.restore(snapshot.data, snapshot.meta.index, this.world.limits);
    if (!restored.ok) throw new Error(`assertion: n${this.id} refused the snapshot at ${snapshot.meta.index} from the leader: ${restored.error}`);
    this.world.trace(`n${this.id} installs a snapshot at ${snapshot.meta.term}/${snapshot.meta.index}`);
    return restored.machine;
  }

  private apply(entries: readonly Entry[]): number | null {
    let compactBelowIndex: number | null = null;
    const now = this.clock.now();
    for (const entry of entries) {
      const outcome = this.machineNow.apply(entry, now);
      this.world.observer.applied(this, entry, outcome);
      if (outcome.kind === 'trim') compactBelowIndex = outcome.compactBelowIndex;
      this.waiters.applied(entry.index, entry.term, outcome);
    }
    return compactBelowIndex;
  }

  // ---- the disk -----------------------------------------------------------------------------

  /** Write `unit` (or compact to `compaction`), and run `then` once the simulated fsync completes. */
  private write(unit: PersistUnit | null, compaction: Snapshot | null, then: () => void): void {
    if (this.pendingWrite !== null) throw new Error(`assertion: n${this.id} writes while a write is unsynced`);
    if (unit !== null) this.world.observer.willPersist(this, unit);
    const before = this.store.unsyncedWrites;
    const promise = unit !== null ? this.store.persist(unit) : this.store.compact(compaction as Snapshot);
    promise.catch(() => undefined); // failures are handled where the simulator injects them
    if (this.store.unsyncedWrites !== before + 1) throw new Error(`assertion: n${this.id}'s store refused a write`);
    this.pendingWrite = { unit, compaction, then };
    const outcome = this.world.fsyncOutcome(this);
    const incarnation = this.incarnation;
    // A stalled process learns of the fsync only when it runs again (the disk finished anyway, but the durable view waits too: conservative).
    this.world.after(outcome === 'fail' ? 0 : outcome, `n${this.id} fsync`, () => this.whenResponsive(() => this.fsyncDone(incarnation, outcome === 'fail')));
  }

  private fsyncDone(incarnation: number, failed: boolean): void {
    if (!this.alive || this.incarnation !== incarnation) return;
    if (failed) return this.failFsync();
    const pending = this.pendingWrite;
    if (pending === null) throw new Error(`assertion: n${this.id} fsync without a write`);
    this.pendingWrite = null;
    this.store.completeSync();
    if (pending.unit !== null) this.world.observer.persisted(this, pending.unit);
    if (pending.compaction !== null) this.world.observer.compacted(this, pending.compaction);
    pending.then();
  }

  /** The fsync failed: the node stops as TxlogNode.fatal does (waiting calls are answered, nothing else runs). */
  private failFsync(): void {
    this.store.failSync();
    this.failure = new LogStoreFailedError(`n${this.id}: simulated fsync failure`);
    this.world.trace(`n${this.id} fsync failed: the node stops`);
    this.state = 'stopped';
    this.waiters.loseAll();
    for (const input of this.inbox) if (input.kind === 'propose') input.end({ kind: 'refused', reason: 'stopping' });
    this.inbox = [];
    this.world.nodeStopped(this);
  }

  /** The process is killed: nothing of it runs or answers any more. */
  crash(): void {
    this.state = 'stopped';
    this.inbox = [];
  }

  private storedEntry(raftIndex: number): Entry | undefined {
    if (raftIndex < this.store.firstIndex() || raftIndex > this.store.lastIndex()) return undefined;
    return this.store.entries(raftIndex, raftIndex + 1, Number.MAX_SAFE_INTEGER)[0];
  }
}

/** The core's hard state now (what TxlogNode writes when a Ready carries none). */
function currentHardState(raft: Raft): HardState {
  const { term, vote, commit } = raft.status();
  return { term, vote, commit };
}

/** What client-service.ts answers for a proposal's end. */
function appendReply(end: ProposalEnd): AppendReply {
  if (end.kind === 'notLeader') return { kind: 'notLeader', leaderId: end.leader };
  if (end.kind === 'refused') {
    const code = end.reason === 'transferring' || end.reason === 'stopping' ? grpcStatus.UNAVAILABLE : grpcStatus.RESOURCE_EXHAUSTED;
    return { kind: 'error', code, details: `refused: ${end.reason}` };
  }
  const outcome = end.outcome;
  if (outcome.kind !== 'append') return { kind: 'error', code: grpcStatus.INTERNAL, details: `the append applied as a ${outcome.kind} entry` };
  const result = outcome.result;
  switch (result.kind) {
    case 'committed':
      return { kind: 'committed', firstId: result.firstId, lastId: result.lastId };
    case 'rejected':
      return { kind: 'rejected', lastAcceptedId: result.lastAcceptedId, notYet: result.notYet };
    case 'stale':
      return { kind: 'error', code: grpcStatus.FAILED_PRECONDITION, details: result.message };
    case 'invalid':
      return { kind: 'error', code: grpcStatus.INVALID_ARGUMENT, details: result.message };
  }
}
