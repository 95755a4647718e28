/**
 * A server node on the transaction log. It starts as a replica: it replays the log from the
 * start (answering LOADING until it has caught up with the chain's end as the log leader reported
 * it), then applies committed records as they arrive and serves reads. Once caught up, and a full
 * lease after the last lease activity it saw, it claims the primary lease by conditional append;
 * when the claim commits it is the primary: each command's effects are appended on its writer
 * session (one chain from the claim: renewals and data), replies wait for their commits, and it
 * renews the lease. When an append is rejected or its outcome is unknown, or the lease lapses,
 * it steps down: everything uncommitted is abandoned (those clients are disconnected), the
 * in-memory data is dropped and rebuilt from the log as a replica.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { LeaseClaim, LeaseRenewal } from '../../../proto/gen/txlog.js';
import { type AppendOutcome, LogWriter, type NodeStatus, type SnapshotView, type TailedRecord, TxlogClient, TxlogError } from '../../../txlog/src/client/index.js';
import { LeaseKeeper, type LeaseAttempt } from '../../../txlog/src/client/lease-keeper.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { Dispatcher } from '../commands/dispatch.js';
import type { Effect } from '../keyspace/effect.js';
import { Client, type ClientTransport } from '../net/client.js';
import type { ErrorReply } from '../resp/reply.js';
import type { DurableRole, ReplicationView } from '../state/replication-view.js';
import type { SnapshotService, SnapshotSummary } from '../state/snapshot-service.js';
import type { ServerState } from '../state/server-state.js';
import { DurableCommitGate, loadingError, tryAgainError } from './commit-gate.js';
import { decodeEffects, effectsRecordLimits, encodeEffects } from './effects-record.js';
import { ReplicaLink } from './replica-link.js';
import { attachReplication } from './replica-registry.js';
import { loadStartingSnapshot } from './snapshot-start.js';
import { TurnRecords } from './turn-record.js';


/** How a durable node is set up. */
export interface DurableNodeOptions {
  /** The log's client addresses (host:port). */
  readonly log: readonly string[];
  /** The primary lease, in ms. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Whether the node may become primary (default true; the snapshotter never does). */
  readonly claimsLease?: boolean;
  /** Where a seed snapshot (`cairn snapshot restore`) may wait for a fresh log; null: nowhere. */
  readonly snapshotDir?: string | null;
}

/** The log's snapshot registry as this node last read it. */
export interface SnapshotRegistryView {
  /** The recorded snapshots, newest first. */
  readonly snapshots: readonly SnapshotView[];
  /** The id of the last record the log had accepted when it answered. */
  readonly lastAcceptedId: number;
}


/** How often a node that is not primary checks whether it may claim the lease. */
const CLAIM_CHECK_EVERY_MS = 50;
/** How often a loading node asks the log for the chain's end while it has no answer. */
const STATUS_RETRY_MS = 200;
/** How often a node reads the log's snapshot registry (LASTSAVE, INFO persistence). */
const REGISTRY_POLL_MS = 1000;
/** How long SAVE waits for its snapshot before it fails. */
const SAVE_TIMEOUT_MS = 5 * 60_000;
/** How often a SAVE waiting for its snapshot reads the registry. */
const SAVE_POLL_MS = 100;

/** The log applier's transport: it never has anything to send. */
const silentTransport: ClientTransport = {
  push: () => undefined,
  close: () => undefined,
  kill: () => undefined,
  outputBytes: 0,
  inputBytes: 0,
};

function monotonicMs(): number {
  return Math.floor(performance.now());
}

export class DurableNode {
  readonly gate: DurableCommitGate;
  /** The units of effects of the current turn, sent as one record when it ends. */
  private readonly turnRecords: TurnRecords;
  private readonly client: TxlogClient;
  private readonly applier: Client;
  /** Where clients reach this node (host:port), written in its lease claim; set by start(). */
  private advertise = '';
  /** This incarnation's name in lease records. */
  private holder = '';
  private roleNow: DurableRole = 'loading';
  /** Bumped at every step down: loops and outcomes of an older generation stop. */
  private generation = 0;
  private keeper: LeaseKeeper;
  private writer: LogWriter | null = null;
  private appliedId = 0;
  private knownLastId = 0;
  /** Whether the log has told this generation where the chain ends (loading ends once it is applied). */
  private chainEndKnown = false;
  private lastRecordAtMs = 0;
  private primaryAddress: string | null = null;
  private claimTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private tail: AsyncGenerator<TailedRecord, void, undefined> | null = null;
  /** The connection to the primary that acknowledges what this replica applied (REPLCONF ACK). */
  private link: ReplicaLink | null = null;
  /** Claims of the primary lease up to appliedId (the lease epoch a snapshot records). */
  private leaseEpochNow = 0;
  /** Payload bytes of the records this node applied from the log (since it started or rebuilt). */
  private appliedBytesNow = 0;
  /** Set while the snapshotter holds the state still: the tail applies nothing until it resolves. */
  private applyPause: Promise<void> | null = null;
  private registryView: SnapshotRegistryView | null = null;
  private registryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Resolves with the error that stopped the node (a log it cannot apply), or null after stop(). */
  readonly ended: Promise<Error | null>;
  private end: (error: Error | null) => void = () => undefined;

  constructor(
    private readonly state: ServerState,
    private readonly dispatcher: Dispatcher,
    private readonly options: DurableNodeOptions,
  ) {
    this.client = new TxlogClient([...options.log]);
    this.applier = new Client(0, silentTransport, 'log', 'log', state.nowMs());
    this.applier.applier = true;
    this.keeper = this.newKeeper();
    this.turnRecords = new TurnRecords((effects, seq) => this.appendRecord(effects, seq), setImmediate, {
      recordBytesMax: txlogLimits.recordBytesMax,
      effectsMax: effectsRecordLimits.effectsMax,
    });
    this.gate = new DurableCommitGate(dispatcher.table, {
      append: (effects, seq) => this.appendEffects(effects, seq),
      refusal: () => this.refusal(),
    }, txlogLimits.recordBytesMax);
    this.ended = new Promise((resolve) => (this.end = resolve));
    attachReplication(state, this.gate, options.leaseMs);
  }

  /** Starts replaying the log; `advertise` is where clients reach this node (host:port). */
  start(advertise: string): void {
    this.advertise = advertise;
    this.holder = `${advertise}/${this.state.runId.slice(0, 12)}`;
    // A node that never claims the lease is no replica of the primary's: it does not count for WAIT.
    if (this.options.claimsLease !== false) this.link = new ReplicaLink({ self: advertise, logger: this.options.logger });
    this.keeper = this.newKeeper();
    this.state.role = 'replica';
    this.state.keyspace.expiryMode = 'replica';
    void this.runReplica(this.generation);
    this.scheduleClaimCheck();
    this.pollRegistry();
  }

  /** The node's role and position, for ROLE, INFO replication and SENTINEL. */
  view(): ReplicationView {
    return {
      role: this.roleNow,
      primaryAddress: this.roleNow === 'primary' ? this.advertise : this.primaryAddress,
      appliedId: this.appliedId,
      knownLastId: Math.max(this.knownLastId, this.appliedId),
      lastRecordAtMs: this.lastRecordAtMs,
      nowMs: monotonicMs(),
    };
  }

  /** Effects made outside a command (active expiry on the primary): logged like a command's. */
  backgroundEffects(effects: readonly Effect[]): void {
    if (this.roleNow !== 'primary') {
      // Not reachable while expiry runs only on the primary; the data is rebuilt from the log anyway.
      this.options.logger.error({ effects: effects.length }, 'background effects on a node that is not primary were dropped');
      return;
    }
    this.gate.logBackground(effects);
  }

  /** The id of the last log record the state includes. */
  get appliedRecordId(): number {
    return this.appliedId;
  }

  /** The lease epoch at appliedRecordId (claims of the primary lease so far). */
  get leaseEpoch(): number {
    return this.leaseEpochNow;
  }

  /** Payload bytes of the records applied from the log since the node started or rebuilt its state. */
  get appliedBytes(): number {
    return this.appliedBytesNow;
  }

  /** True once the node has caught up with the log and follows it as a replica. */
  get following(): boolean {
    return this.roleNow === 'replica';
  }

  /**
   * Hold the state still (the snapshotter writes it): no record is applied until the returned
   * function is called. Only for a node that never claims the lease.
   */
  pauseApplying(): () => void {
    if (this.options.claimsLease !== false) throw new Error('assertion: only a node that never claims the lease pauses its applying');
    if (this.applyPause !== null) throw new Error('assertion: applying is paused already');
    let resume: () => void = () => undefined;
    this.applyPause = new Promise((resolve) => (resume = resolve));
    return () => {
      this.applyPause = null;
      resume();
    };
  }

  /** The log's snapshot registry as last read (null before the first answer). */
  get registry(): SnapshotRegistryView | null {
    return this.registryView;
  }

  /**
   * Ask the snapshotter for a snapshot through the log and wait until the registry records one
   * that answers the request (SAVE). Rejects when the log cannot be reached or `timeoutMs` passes.
   */
  async requestSnapshot(timeoutMs: number): Promise<SnapshotView> {
    const deadline = monotonicMs() + timeoutMs;
    const seq = await this.client.requestSnapshot();
    while (!this.stopped && monotonicMs() < deadline) {
      const status = await this.client.status();
      this.noteRegistry(status);
      const latest = status.snapshots[0];
      if (latest !== undefined && latest.answersRequestSeq >= seq) return latest;
      await new Promise((resolve) => setTimeout(resolve, SAVE_POLL_MS));
    }
    throw new Error(this.stopped ? 'the node is stopping' : `no snapshot answered request ${seq} within ${timeoutMs} ms (is the snapshotter running?)`);
  }

  /** What SAVE, BGSAVE, LASTSAVE and INFO persistence use: the snapshot registry through this node. */
  snapshotService(): SnapshotService {
    const summary = (view: SnapshotView): SnapshotSummary => ({ logIndex: view.recordId, createdMs: view.createdMs, sizeBytes: view.sizeBytes, keyCount: view.keyCount });
    return {
      request: async () => summary(await this.requestSnapshot(SAVE_TIMEOUT_MS)),
      latest: () => {
        const latest = this.registryView?.snapshots[0];
        return latest === undefined ? null : summary(latest);
      },
      recordsSince: () => {
        const view = this.registryView;
        return view === null ? 0 : Math.max(0, view.lastAcceptedId - (view.snapshots[0]?.recordId ?? 0));
      },
    };
  }

  /** Stops everything: timers, the tail, the log client. Held replies are abandoned. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.generation++;
    this.turnRecords.drop();
    this.clearTimers();
    if (this.registryTimer !== null) clearTimeout(this.registryTimer);
    this.registryTimer = null;
    this.link?.stop();
    this.gate.abandon('the node is stopping');
    void this.tail?.return();
    this.client.close();
    this.end(null);
  }

  // ---- replica ------------------------------------------------------------------------------

  private newKeeper(): LeaseKeeper {
    return new LeaseKeeper({ self: this.holder, durationMs: this.options.leaseMs, now: monotonicMs });
  }

  /**
   * Learns where the chain ends, starts the (empty) state from the latest loadable snapshot, then
   * replays and follows the log from the record after it until the generation changes.
   */
  private async runReplica(generation: number): Promise<void> {
    if (this.appliedId !== 0) throw new Error(`assertion: a replica run starts from an empty state, not from record ${this.appliedId}`);
    if (!(await this.startFromSnapshot(generation))) return;
    this.keeper.observeStart(this.appliedId);
    this.finishLoadingIfCaughtUp();
    const tail = this.client.tail(this.appliedId + 1);
    this.tail = tail;
    try {
      for await (const record of tail) {
        if (this.applyPause !== null) await this.applyPause;
        if (generation !== this.generation) break;
        this.applyRecord(record);
        this.appliedBytesNow += record.payload.length;
        this.finishLoadingIfCaughtUp();
        this.link?.update(this.roleNow === 'replica' ? this.primaryAddress : null, this.appliedId);
      }
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      if (error instanceof TxlogError && error.code === 'trimmed') return this.restartFromSnapshot(error.message);
      this.fail(new Error(`cannot follow the log: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /**
   * Asks the log leader where the chain ends (loading ends once that is applied) and loads the
   * latest usable snapshot into the (empty) keyspace; false when the generation ended or the node failed.
   */
  private async startFromSnapshot(generation: number): Promise<boolean> {
    const status = await this.leaderStatus(generation);
    if (status === null) return false;
    try {
      const start = await loadStartingSnapshot(this.state.keyspace, status, this.options.snapshotDir ?? null, this.state.nowMs(), this.options.logger);
      if (generation !== this.generation) return false;
      this.appliedId = start.appliedId;
      this.leaseEpochNow = start.leaseEpoch;
      this.knownLastId = Math.max(this.knownLastId, status.lastAcceptedId, start.appliedId);
      this.chainEndKnown = true;
      if (this.primaryAddress === null && status.lease !== null && status.lease.address !== '') this.primaryAddress = status.lease.address;
      return true;
    } catch (error) {
      if (generation === this.generation && !this.stopped) this.fail(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  }

  /** The log leader's status, asked until it answers; null when the generation ends first. */
  private async leaderStatus(generation: number): Promise<NodeStatus | null> {
    while (generation === this.generation && !this.stopped) {
      try {
        const status = await this.client.status();
        this.noteRegistry(status);
        return generation === this.generation ? status : null;
      } catch (error) {
        this.options.logger.debug({ err: error }, 'no log status yet');
        await new Promise((resolve) => setTimeout(resolve, STATUS_RETRY_MS));
      }
    }
    return null;
  }

  /** The records this replica needs next were trimmed: drop the state and start again from the latest snapshot. */
  private restartFromSnapshot(reason: string): void {
    this.options.logger.warn({ reason }, 'the log was trimmed past this node: rebuilding from the latest snapshot');
    this.generation++;
    this.rebuild();
  }

  private noteRegistry(status: NodeStatus): void {
    this.registryView = { snapshots: status.snapshots, lastAcceptedId: status.lastAcceptedId };
  }

  /** Reads the registry now and then, for LASTSAVE and INFO persistence. */
  private pollRegistry(): void {
    if (this.stopped) return;
    this.registryTimer = setTimeout(() => {
      this.registryTimer = null;
      this.client.status().then(
        (status) => this.noteRegistry(status),
        (error: unknown) => this.options.logger.debug({ err: error }, 'could not read the snapshot registry'),
      ).finally(() => this.pollRegistry());
    }, REGISTRY_POLL_MS);
  }

  private finishLoadingIfCaughtUp(): void {
    if (this.roleNow !== 'loading' || !this.chainEndKnown || this.appliedId < this.knownLastId) return;
    this.roleNow = 'replica';
    this.options.logger.info({ appliedId: this.appliedId }, 'caught up with the log: serving reads as a replica');
  }

  private applyRecord(record: TailedRecord): void {
    if (record.id !== this.appliedId + 1) throw new Error(`assertion: record ${record.id} after ${this.appliedId}`);
    switch (record.kind) {
      case 'data': {
        const effects = decodeEffects(record.payload);
        this.state.keyspace.now = this.state.nowMs();
        this.dispatcher.applyEffects(this.applier, effects);
        this.keeper.observe({ id: record.id, kind: 'data' });
        break;
      }
      case 'leaseClaim': {
        const claim = LeaseClaim.decode(record.payload);
        this.primaryAddress = claim.address === '' ? null : claim.address;
        this.leaseEpochNow++;
        this.keeper.observe({ id: record.id, kind: 'claim', holder: claim.holder, durationMs: Number(claim.durationMs) });
        this.options.logger.info({ id: record.id, holder: claim.holder, address: claim.address }, 'a primary claimed the lease');
        break;
      }
      case 'leaseRenewal': {
        const renewal = LeaseRenewal.decode(record.payload);
        this.keeper.observe({ id: record.id, kind: 'renewal', holder: renewal.holder });
        break;
      }
    }
    this.appliedId = record.id;
    this.knownLastId = Math.max(this.knownLastId, record.id);
    this.lastRecordAtMs = monotonicMs();
  }

  // ---- claiming -----------------------------------------------------------------------------

  private scheduleClaimCheck(): void {
    if (this.stopped || this.claimTimer !== null) return;
    this.claimTimer = setTimeout(() => {
      this.claimTimer = null;
      this.maybeClaim();
      if (this.roleNow !== 'primary') this.scheduleClaimCheck();
    }, CLAIM_CHECK_EVERY_MS);
  }

  private maybeClaim(): void {
    if (this.options.claimsLease === false) return;
    if (this.roleNow !== 'replica' || this.keeper.role !== 'watching') return;
    if (this.appliedId < this.knownLastId) return;
    const decision = this.keeper.beginClaim();
    if (!decision.ok) return;
    const generation = this.generation;
    const writer = LogWriter.start(this.client, { afterId: decision.expectedPrevId });
    const payload = LeaseClaim.encode({ holder: this.holder, durationMs: BigInt(this.options.leaseMs), address: this.advertise }).finish();
    this.options.logger.info({ afterId: decision.expectedPrevId }, 'claiming the primary lease');
    void writer.append([{ kind: 'leaseClaim', payload }]).then((outcome) => this.claimAnswered(generation, writer, decision.attempt, outcome));
  }

  private claimAnswered(generation: number, writer: LogWriter, attempt: LeaseAttempt, outcome: AppendOutcome): void {
    if (generation !== this.generation || this.stopped) return;
    if (outcome.kind === 'rejected') {
      this.keeper.fenced(attempt);
      this.options.logger.info('the lease claim was fenced: another record came first');
      return;
    }
    if (outcome.kind === 'unknown') {
      this.keeper.abandoned(attempt);
      this.options.logger.warn({ reason: outcome.reason }, 'the lease claim has no known outcome');
      return;
    }
    this.keeper.acknowledged(attempt, outcome.firstId);
    if (!this.keeper.isValid()) {
      this.keeper.resign(); // committed too late to be of use; a later claim starts over
      return;
    }
    this.becomePrimary(writer, outcome.lastId);
  }

  private becomePrimary(writer: LogWriter, claimId: number): void {
    this.generation++; // the tail of the replica generation stops
    void this.tail?.return();
    this.tail = null;
    this.writer = writer;
    this.appliedId = claimId;
    this.leaseEpochNow++;
    this.knownLastId = claimId;
    this.lastRecordAtMs = monotonicMs();
    this.primaryAddress = this.advertise;
    this.roleNow = 'primary';
    this.state.role = 'primary';
    this.state.keyspace.expiryMode = 'primary';
    this.options.logger.info({ claimId }, 'holding the primary lease: serving writes');
    this.scheduleRenewal(this.generation);
    this.link?.update(null, claimId);
  }

  // ---- primary ------------------------------------------------------------------------------

  private refusal(): ErrorReply | null {
    switch (this.roleNow) {
      case 'loading':
        return loadingError;
      case 'steppingDown':
        return tryAgainError;
      case 'replica':
        return null;
      case 'primary':
        if (this.keeper.isValid()) return null;
        this.stepDown('the primary lease lapsed');
        return tryAgainError;
    }
  }

  /** A unit of effects joins this turn's record (turn-record.ts). */
  private appendEffects(effects: readonly Effect[], seq: number): void {
    if (this.roleNow !== 'primary' || this.writer === null) throw new Error('assertion: effects logged by a node that is not primary');
    this.turnRecords.add(effects, seq);
  }

  /** Appends one record of units up to `seq`; stepping down drops the pending record, so only a primary gets here. */
  private appendRecord(effects: readonly Effect[], seq: number): void {
    const writer = this.writer;
    if (this.roleNow !== 'primary' || writer === null) throw new Error('assertion: a record of effects closed on a node that is not primary');
    const generation = this.generation;
    let payload: Buffer;
    try {
      payload = encodeEffects(effects);
      void writer.append([{ kind: 'data', payload }]).then(
        (outcome) => this.dataAnswered(generation, seq, outcome),
        (error: unknown) => this.stepDownLater(generation, `an append failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    } catch (error) {
      this.stepDownLater(generation, `effects could not be logged: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private dataAnswered(generation: number, seq: number, outcome: AppendOutcome): void {
    if (generation !== this.generation) return;
    if (outcome.kind === 'committed') {
      this.appliedId = outcome.lastId;
      this.knownLastId = Math.max(this.knownLastId, outcome.lastId);
      this.lastRecordAtMs = monotonicMs();
      this.gate.committed(seq, outcome.lastId);
      return;
    }
    this.stepDown(outcome.kind === 'rejected' ? 'an append was fenced: another primary took over' : `an append has no known outcome (${outcome.reason})`);
  }

  private scheduleRenewal(generation: number): void {
    const due = this.keeper.renewalDueAtMs();
    if (due === null) return;
    const validUntil = this.keeper.status().validUntilMs ?? 0;
    // Wake for the renewal, or at the end of validity to step down if no renewal landed.
    const wakeAt = Math.min(due, validUntil);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      if (generation !== this.generation) return;
      if (!this.keeper.isValid()) return this.stepDown('the primary lease lapsed (no renewal committed in time)');
      if (this.keeper.renewalDue()) this.renew(generation);
      this.scheduleRenewal(generation);
    }, Math.max(1, wakeAt - monotonicMs()));
  }

  private renew(generation: number): void {
    const writer = this.writer;
    const decision = this.keeper.beginRenewal();
    if (writer === null || !decision.ok) return;
    const payload = LeaseRenewal.encode({ holder: this.holder }).finish();
    void writer.append([{ kind: 'leaseRenewal', payload }]).then((outcome) => {
      if (generation !== this.generation) return;
      if (outcome.kind === 'committed') {
        this.keeper.acknowledged(decision.attempt, outcome.firstId);
        this.appliedId = Math.max(this.appliedId, outcome.lastId);
        this.lastRecordAtMs = monotonicMs();
        return;
      }
      if (outcome.kind === 'rejected') this.keeper.fenced(decision.attempt);
      else this.keeper.abandoned(decision.attempt);
      this.stepDown(outcome.kind === 'rejected' ? 'a lease renewal was fenced' : `a lease renewal has no known outcome (${outcome.reason})`);
    });
  }

  private stepDownLater(generation: number, reason: string): void {
    queueMicrotask(() => {
      if (generation === this.generation) this.stepDown(reason);
    });
  }

  /** Stop being primary: abandon what is uncommitted, drop every client and the data, replay the log. */
  private stepDown(reason: string): void {
    if (this.roleNow !== 'primary' || this.stopped) return;
    this.options.logger.warn({ reason }, 'stepping down as primary: dropping in-memory data and rebuilding from the log');
    this.roleNow = 'steppingDown';
    this.generation++;
    this.turnRecords.drop();
    this.clearTimers();
    this.writer = null;
    this.keeper.resign();
    this.state.role = 'replica';
    this.state.keyspace.expiryMode = 'replica';
    this.gate.abandon(reason);
    for (const client of [...this.state.clients.values()]) client.transport.kill();
    // Rebuild on the next turn, once the killed sessions are gone.
    setImmediate(() => this.rebuild());
  }

  private rebuild(): void {
    if (this.stopped) return;
    this.state.keyspace.flushAll();
    this.appliedId = 0;
    this.leaseEpochNow = 0;
    this.applyPause = null;
    this.knownLastId = 0;
    this.chainEndKnown = false;
    this.roleNow = 'loading';
    this.keeper = this.newKeeper();
    void this.runReplica(this.generation);
    this.scheduleClaimCheck();
  }

  private clearTimers(): void {
    if (this.claimTimer !== null) clearTimeout(this.claimTimer);
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    this.claimTimer = null;
    this.renewTimer = null;
  }

  private fail(error: Error): void {
    this.options.logger.error({ err: error }, 'the node cannot go on');
    this.end(error);
    this.stop();
  }
}
