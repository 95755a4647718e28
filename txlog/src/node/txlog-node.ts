/**
 * One log node: the driver loop around the pure Raft core (etcd-io/raft's Ready loop). Inputs
 * (ticks, peer messages, proposals, transport reports, the commit flush) are queued and stepped
 * into the core at the start of a turn; a turn then does what the Ready asks, in order: persist
 * (one store unit: group commit) -> send messages -> apply committed entries to the state machine
 * and answer the calls waiting on them -> advance. One loop, so never two turns at once. Any
 * failure of the store or assertion inside the loop stops the node: it never carries on after one.
 *
 * Start-up: open() restores the state machine from the store's snapshot and re-applies the
 * committed entries after it, then binds the gRPC server (peer and client API on one port);
 * start(peers) connects the peers and starts the core and the clock.
 */
import { EventEmitter } from 'node:events';
import { status as grpcStatus, type Server, type ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { RaftService, TxLogService, type StatusResponse, type TailRequest, type TailResponse } from '../../../proto/gen/txlog.js';
import { txlogLimits, type TxlogLimits } from '../core/limits.js';
import { Raft } from '../core/raft.js';
import { NO_NODE, type Entry, type HardState, type Message, type NodeId, type ProposeResult, type Ready, type Role, type Snapshot, type SoftState } from '../core/types.js';
import type { LogStore } from '../storage/log-store.js';
import { LogStateMachine } from '../statemachine/log-state-machine.js';
import type { ApplyOutcome } from '../statemachine/outcome.js';
import { bindServer, createGrpcServer } from '../transport/grpc-server.js';
import { PeerTransport } from '../transport/peer-transport.js';
import { raftService } from '../transport/raft-service.js';
import { txlogService } from './client-service.js';
import { restoreFromStore, snapshotBelow } from './compaction.js';
import { ProposalWaiters } from './proposal-waiters.js';
import { buildStatus } from './status.js';
import { TailStream } from './tail-stream.js';

/** How a proposal ended: applied (with the state machine's outcome), not accepted here, or refused. */
export type ProposalEnd =
  | { readonly kind: 'applied'; readonly outcome: ApplyOutcome }
  /** This node is not the leader, or lost leadership before the entry applied: retry at `leader` (0: unknown). */
  | { readonly kind: 'notLeader'; readonly leader: NodeId }
  | { readonly kind: 'refused'; readonly reason: 'tooManyUncommittedBytes' | 'entryTooLarge' | 'transferring' | 'clientBusy' | 'nodeBusy' | 'stopping' };

/** What a node is given. */
export interface TxlogNodeOptions {
  readonly id: NodeId;
  /** Every node of a cluster is started with the same id; messages from another cluster are dropped. */
  readonly cluster: string;
  /** Where to listen (host:port; port 0 picks a free one): peers and clients share the port. */
  readonly listen: string;
  /** The node's log store, opened; the node closes it when it stops. */
  readonly store: LogStore;
  readonly logger: Logger;
  /** Unix ms, only to date lease expiry estimates (default Date.now). */
  readonly clock?: () => number;
  /** Uniform in [0, 1), for election timeouts (default Math.random). */
  readonly random?: () => number;
  /** Defaults to txlogLimits; tests shrink some. */
  readonly limits?: TxlogLimits;
}

type Input =
  | { readonly kind: 'message'; readonly message: Message }
  | { readonly kind: 'snapshotSent'; readonly peer: NodeId; readonly ok: boolean }
  | { readonly kind: 'propose'; readonly data: Uint8Array; readonly clientId: bigint | null; readonly end: (end: ProposalEnd) => void };

type NodeState = 'opened' | 'running' | 'stopping' | 'stopped';

/** What a node announces, for whoever watches it (the CLI, tests). */
export interface TxlogNodeEvents {
  role: [soft: SoftState];
  applied: [index: number];
  /** A Tail stream waits for its slow reader before sending from `nextId`. */
  tailBlocked: [nextId: number];
}

/** A running log node. */
export class TxlogNode {
  readonly id: NodeId;
  readonly limits: TxlogLimits;
  /** Role changes, applied progress and slow Tail readers. */
  readonly events = new EventEmitter<TxlogNodeEvents>();
  private state: NodeState = 'opened';
  private raft: Raft | null = null;
  private transport: PeerTransport | null = null;
  private peers: ReadonlyMap<NodeId, string> = new Map();
  private ticker: NodeJS.Timeout | null = null;
  private pendingTicks = 0;
  /** Armed while the leader has a commit index some follower has not heard: see txlogLimits.commitFlushMs. */
  private commitFlushTimer: NodeJS.Timeout | null = null;
  private commitFlushDue = false;
  private inbox: Input[] = [];
  private inboxMessages = 0;
  private unreachable = new Set<NodeId>();
  private wakeLoop: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private soft: SoftState = { leader: NO_NODE, role: 'follower' };
  private readonly waiters: ProposalWaiters;
  private readonly tails = new Set<TailStream>();
  private readonly clock: () => number;
  private readonly random: () => number;
  private resolveStopped: (error: Error | null) => void = () => {};
  /** Resolves when the node has stopped: null after stop(), the error after a fatal failure. */
  readonly stopped: Promise<Error | null>;

  private constructor(
    private readonly options: TxlogNodeOptions,
    private machine: LogStateMachine,
    private readonly server: Server,
    /** The port the server is bound to. */
    readonly port: number,
  ) {
    this.id = options.id;
    this.limits = options.limits ?? txlogLimits;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.waiters = new ProposalWaiters(this.limits.clientInflightAppendsMax, this.limits.inflightAppendsMax);
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  /** Recover the state machine from `options.store` and listen; throws when the store or the address is unusable. */
  static async open(options: TxlogNodeOptions): Promise<TxlogNode> {
    const limits = options.limits ?? txlogLimits;
    const clock = options.clock ?? Date.now;
    const machine = restoreFromStore(options.store, limits);
    await reapplyCommitted(options.store, machine, limits, clock, options.logger);
    const server = createGrpcServer();
    let node: TxlogNode | null = null;
    server.addService(TxLogService, txlogService(() => node));
    server.addService(
      RaftService,
      raftService({ selfId: options.id, cluster: options.cluster, voters: options.store.voters, logger: options.logger, deliver: (message) => node?.receive(message) }),
    );
    let port: number;
    try {
      port = await bindServer(server, options.listen);
    } catch (error) {
      server.forceShutdown();
      throw error;
    }
    node = new TxlogNode(options, machine, server, port);
    options.logger.info({ id: options.id, port, applied: machine.appliedIndex, lastAcceptedId: machine.lastAcceptedId }, 'log node opened');
    return node;
  }

  /** Connect to the peers (every node's host:port, this one's included) and start the core and the clock. */
  start(peers: ReadonlyMap<NodeId, string>): void {
    if (this.state !== 'opened') throw new Error(`assertion: start() on a node that is ${this.state}`);
    const voters = [...this.options.store.voters].sort((a, b) => a - b);
    const named = [...peers.keys()].sort((a, b) => a - b);
    if (voters.join(',') !== named.join(',')) {
      throw new Error(`the peers name nodes ${named.join(',')} but this log was created for nodes ${voters.join(',')}`);
    }
    this.peers = peers;
    this.transport = new PeerTransport({
      selfId: this.id,
      cluster: this.options.cluster,
      peers,
      logger: this.options.logger,
      limits: this.limits,
      onUnreachable: (peer) => this.report(peer),
      onSnapshotSent: (peer, ok) => this.enqueue({ kind: 'snapshotSent', peer, ok }),
    });
    this.raft = new Raft({
      id: this.id,
      voters,
      storage: this.options.store,
      applied: this.machine.appliedIndex,
      electionTicks: this.limits.electionTicks,
      heartbeatTicks: this.limits.heartbeatTicks,
      random: this.random,
      messageBytesMax: this.limits.messageBytesMax,
      inflightBytesMax: this.limits.inflightBytesMax,
      inflightMessagesMax: this.limits.inflightMessagesMax,
      uncommittedBytesMax: this.limits.uncommittedBytesMax,
      entryBytesMax: this.limits.commandBytesMax,
      applyEntriesMax: this.limits.applyEntriesPerTurnMax,
      sendBeforePersist: true,
    });
    this.state = 'running';
    this.ticker = setInterval(() => {
      this.pendingTicks++;
      this.wake();
    }, this.limits.tickMs);
    this.loopDone = this.loop();
  }

  /** Stop: finish the current turn, end every call, close the peers, the server and the store. */
  async stop(): Promise<void> {
    if (this.state === 'running') {
      this.state = 'stopping';
      this.wake();
    }
    // The turn under way finishes first: nothing is cut off half-persisted.
    await this.loopDone;
    this.shutdown(null);
    await this.stopped;
  }

  // ---- what the services use ----------------------------------------------------------------

  /** The node's client address (host:port as the peers list gives it), or '' when unknown. */
  addressOf(node: NodeId): string {
    return this.peers.get(node) ?? '';
  }

  /** The leader this node knows of (0: none). */
  get leader(): NodeId {
    return this.soft.leader;
  }

  /** This node's role. */
  get role(): Role {
    return this.soft.role;
  }

  /** The current state machine (replaced when a snapshot is installed). */
  get stateMachine(): LogStateMachine {
    return this.machine;
  }

  /** Propose `data` (an encoded LogCommand) and wait until it applies, is lost or is refused. */
  submit(data: Uint8Array, clientId: bigint | null): Promise<ProposalEnd> {
    if (this.state !== 'running') return Promise.resolve({ kind: 'refused', reason: 'stopping' });
    if (this.soft.role !== 'leader') return Promise.resolve({ kind: 'notLeader', leader: this.soft.leader });
    const refusal = this.waiters.reserve(clientId);
    if (refusal !== null) return Promise.resolve({ kind: 'refused', reason: refusal === 'client' ? 'clientBusy' : 'nodeBusy' });
    return new Promise((end) => this.enqueue({ kind: 'propose', data, clientId, end }));
  }

  /** Serve a Tail call from `fromId` until it ends. */
  tail(call: ServerWritableStream<TailRequest, TailResponse>, fromId: number): void {
    const stream = new TailStream(
      call,
      fromId,
      { machine: () => this.machine, entry: (raftIndex) => this.storedEntry(raftIndex), blocked: (nextId) => this.events.emit('tailBlocked', nextId) },
      this.limits,
      this.options.logger,
    );
    if (this.state === 'stopping' || this.state === 'stopped') return stream.fail(grpcStatus.UNAVAILABLE, 'the log node is stopping');
    this.tails.add(stream);
    stream.run().then(
      () => this.tails.delete(stream),
      (error: unknown) => {
        this.tails.delete(stream);
        this.fatal(error);
      },
    );
  }

  /** This node's view, as the Status RPC reports it. */
  status(): StatusResponse {
    return buildStatus({
      id: this.id,
      raft: this.raft?.status() ?? null,
      soft: this.soft,
      store: this.options.store,
      machine: this.machine,
      addressOf: (node) => this.addressOf(node),
    });
  }

  // ---- inputs -------------------------------------------------------------------------------

  private receive(message: Message): void {
    if (this.state !== 'running') return;
    if (this.inboxMessages >= this.limits.inboxMessagesMax) {
      this.options.logger.debug({ from: message.from, type: message.type }, 'inbox full: dropped a raft message');
      return;
    }
    this.inboxMessages++;
    this.enqueue({ kind: 'message', message });
  }

  private report(peer: NodeId): void {
    this.unreachable.add(peer);
    this.wake();
  }

  private enqueue(input: Input): void {
    this.inbox.push(input);
    this.wake();
  }

  private wake(): void {
    const wakeLoop = this.wakeLoop;
    this.wakeLoop = null;
    wakeLoop?.();
  }

  // ---- the loop -----------------------------------------------------------------------------

  private async loop(): Promise<void> {
    const raft = this.raft as Raft;
    try {
      while (this.state === 'running') {
        this.stepInputs(raft);
        if (raft.hasReady()) {
          await this.turn(raft);
          this.armCommitFlush(raft);
          // Let gRPC's I/O in between turns: new messages and proposals join the next turn (group commit).
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else if (this.inbox.length === 0 && this.pendingTicks === 0 && this.unreachable.size === 0 && !this.commitFlushDue) {
          await new Promise<void>((resolve) => (this.wakeLoop = resolve));
        }
      }
    } catch (error) {
      this.fatal(error);
    }
  }

  private stepInputs(raft: Raft): void {
    // After a long stall, more ticks than an election timeout carry no extra meaning.
    const ticks = Math.min(this.pendingTicks, this.limits.electionTicks);
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

  /** If no append carries the new commit index to a follower soon, send it on its own. */
  private armCommitFlush(raft: Raft): void {
    if (this.commitFlushTimer !== null || !raft.hasUnsentCommit()) return;
    this.commitFlushTimer = setTimeout(() => {
      this.commitFlushTimer = null;
      this.commitFlushDue = true;
      this.wake();
    }, this.limits.commitFlushMs);
  }

  private propose(raft: Raft, data: Uint8Array, clientId: bigint | null, end: (end: ProposalEnd) => void): void {
    const result: ProposeResult = raft.propose(data);
    if (!result.ok) {
      this.waiters.release(clientId);
      return end(result.reason === 'notLeader' ? { kind: 'notLeader', leader: result.leader } : { kind: 'refused', reason: result.reason });
    }
    this.waiters.add(result.index, result.term, clientId, (outcome) => end(outcome === null ? this.lostProposal() : { kind: 'applied', outcome }));
  }

  /** How a proposal whose entry will not apply here ends: retry at the leader, or elsewhere if this node is stopping. */
  private lostProposal(): ProposalEnd {
    return this.state === 'stopped' ? { kind: 'refused', reason: 'stopping' } : { kind: 'notLeader', leader: this.soft.leader };
  }

  private async turn(raft: Raft): Promise<void> {
    const ready: Ready = raft.ready();
    if (ready.softState !== null) this.changeRole(ready.softState);
    // A snapshot from the leader is checked before it is persisted: the core already took it.
    const installed = ready.snapshot === null ? null : this.restoreSnapshot(ready.snapshot);
    // A leader's appends go out first: replication overlaps its own fsync.
    if (ready.messagesBeforePersist.length > 0) (this.transport as PeerTransport).send(ready.messagesBeforePersist);
    // A change of the commit index alone is not worth an fsync before applying: it is written with
    // the next unit that must be synced (after a crash the commit index is learnt again).
    if (ready.mustSync) {
      // gRPC writes to the sockets from an immediate: a store that holds the thread through its
      // fsync would otherwise hold the appends back too, and replication would not overlap it.
      if (this.options.store.blocksThread && ready.messagesBeforePersist.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      // The full hard state rides along, so the commit index on disk catches up with each sync.
      await this.options.store.persist({ snapshot: ready.snapshot, entries: ready.entries, hardState: ready.hardState ?? this.currentHardState(raft) });
    }
    if (installed !== null) this.machine = installed;
    if (ready.messages.length > 0) (this.transport as PeerTransport).send(ready.messages);
    const compactBelowIndex = this.apply(ready.committedEntries);
    raft.advance(ready);
    if (compactBelowIndex !== null) await this.compact(raft, compactBelowIndex);
    if (installed !== null || ready.committedEntries.length > 0) {
      for (const tail of this.tails) tail.wake();
      this.events.emit('applied', this.machine.appliedIndex);
    }
  }

  private changeRole(soft: SoftState): void {
    const wasLeader = this.soft.role === 'leader';
    this.soft = soft;
    this.options.logger.info({ role: soft.role, leader: soft.leader, term: this.raft?.status().term }, 'role changed');
    if (wasLeader && soft.role !== 'leader') this.waiters.loseAll();
    this.events.emit('role', soft);
  }

  private restoreSnapshot(snapshot: Snapshot): LogStateMachine {
    const restored = LogStateMachine.restore(snapshot.data, snapshot.meta.index, this.limits);
    if (!restored.ok) throw new Error(`the snapshot at index ${snapshot.meta.index} from the leader is refused: ${restored.error}`);
    this.options.logger.info({ index: snapshot.meta.index, term: snapshot.meta.term }, 'installed a snapshot from the leader');
    return restored.machine;
  }

  /** Apply committed entries; returns where the last Trim among them allows compaction, if any. */
  private apply(entries: readonly Entry[]): number | null {
    let compactBelowIndex: number | null = null;
    const now = this.clock();
    for (const entry of entries) {
      const outcome = this.machine.apply(entry, now);
      if (outcome.kind === 'trim') compactBelowIndex = outcome.compactBelowIndex;
      if (outcome.kind === 'invalid') this.options.logger.warn({ index: entry.index, reason: outcome.message }, 'applied an entry that is not a valid command');
      this.waiters.applied(entry.index, entry.term, outcome);
    }
    return compactBelowIndex;
  }

  private currentHardState(raft: Raft): HardState {
    const { term, vote, commit } = raft.status();
    return { term, vote, commit };
  }

  private async compact(raft: Raft, compactBelowIndex: number): Promise<void> {
    // The store compacts only below its persisted commit, which may lag (commit-only changes are
    // not synced on their own): write the current hard state first.
    await this.options.store.persist({ snapshot: null, entries: [], hardState: this.currentHardState(raft) });
    const snapshot = snapshotBelow(this.options.store, compactBelowIndex, this.limits, this.clock());
    if (snapshot === null) return;
    await this.options.store.compact(snapshot);
    raft.compacted(snapshot.meta.index);
    this.options.logger.info({ compactedThrough: snapshot.meta.index, firstRetainedId: this.machine.firstRetainedId }, 'compacted the log after a trim');
  }

  private storedEntry(raftIndex: number): Entry | undefined {
    const store = this.options.store;
    if (raftIndex < store.firstIndex() || raftIndex > store.lastIndex()) return undefined;
    return store.entries(raftIndex, raftIndex + 1, Number.MAX_SAFE_INTEGER)[0];
  }

  // ---- stopping -----------------------------------------------------------------------------

  private fatal(error: unknown): void {
    if (this.state === 'stopped') return;
    const failure = error instanceof Error ? error : new Error(String(error));
    this.options.logger.fatal({ err: failure }, `stopping the log node: ${failure.message}`);
    this.shutdown(failure);
  }

  private shutdown(failure: Error | null): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
    if (this.commitFlushTimer !== null) clearTimeout(this.commitFlushTimer);
    this.commitFlushTimer = null;
    this.wake();
    this.waiters.loseAll();
    for (const input of this.inbox) if (input.kind === 'propose') input.end({ kind: 'refused', reason: 'stopping' });
    this.inbox = [];
    for (const tail of this.tails) tail.fail(grpcStatus.UNAVAILABLE, 'the log node is stopping');
    this.tails.clear();
    this.transport?.close();
    this.server.forceShutdown();
    // A store may finish closing later (a worker thread ends): the node has stopped once it has.
    const closing: unknown = this.options.store.close();
    const stopped = () => {
      this.options.logger.info({ id: this.id, failed: failure !== null }, 'log node stopped');
      this.resolveStopped(failure);
    };
    Promise.resolve(closing).then(stopped, stopped);
  }
}

/** Re-apply the committed entries after the store's snapshot (start-up), compacting after trims as the live node would. */
async function reapplyCommitted(store: LogStore, machine: LogStateMachine, limits: TxlogLimits, clock: () => number, logger: Logger): Promise<void> {
  const commit = store.initialState().hardState.commit;
  const from = machine.appliedIndex;
  let compactBelowIndex: number | null = null;
  while (machine.appliedIndex < commit) {
    const now = clock();
    const entries = store.entries(machine.appliedIndex + 1, commit + 1, limits.messageBytesMax);
    if (entries.length === 0) throw new Error(`assertion: the store holds no entry at ${machine.appliedIndex + 1}, below its commit ${commit}`);
    for (const entry of entries) {
      const outcome = machine.apply(entry, now);
      if (outcome.kind === 'trim') compactBelowIndex = outcome.compactBelowIndex;
    }
  }
  if (compactBelowIndex !== null) {
    const snapshot = snapshotBelow(store, compactBelowIndex, limits, clock());
    if (snapshot !== null) await store.compact(snapshot);
  }
  if (commit > from) logger.info({ from: from + 1, to: commit }, 're-applied committed entries');
}
