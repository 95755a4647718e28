/**
 * A simulated cairn server taking part in leadership through the log, with the real LeaseKeeper
 * and its own clock (a rate within the keeper's declared drift bound). It tails the chain from
 * some node's applied prefix and feeds the keeper every record; while watching it claims as soon
 * as the keeper allows (a new session whose first request is the claim); while holding it renews
 * when due and appends data in the same session, as a primary does. A session that is fenced
 * or loses track ends the holding; a keeper whose session lost track is replaced by a fresh one
 * (a server restarting its leadership logic), which waits a full lease before claiming.
 *
 * Every acknowledged claim or renewal reports the validity it gives, in global time, to the
 * checker (at most one valid holder at any instant).
 */
import { LeaseClaim, LeaseRenewal, RecordKind } from '../../proto/gen/txlog.js';
import { LeaseKeeper, type LeaseAttempt, type ObservedRecord } from '../../txlog/src/client/lease-keeper.js';
import type { AppendOutcome } from '../../txlog/src/client/writer-chain.js';
import type { NodeId } from '../../txlog/src/core/types.js';
import type { IdRecord } from '../../txlog/src/statemachine/log-state-machine.js';
import { ChainSession, claimRecord, dataRecord, renewalRecord, type ActorWorld, type SessionOptions } from './chain-session.js';
import type { Prng } from './prng.js';
import type { SimClock } from './sim-clock.js';
import type { TailReply } from './sim-node.js';

/** What a lease actor needs besides appends. */
export interface LeaseWorld extends ActorWorld {
  /** Poll node `to` for at most `recordsMax` records from `fromId`; `reply` runs if an answer comes back. */
  callTail(from: string, to: NodeId, fromId: number, recordsMax: number, reply: (answer: TailReply) => void): void;
}

export interface LeaseActorOptions extends SessionOptions {
  readonly durationMs: number;
  readonly driftRateMax: number;
  /** Global ms between tail polls and between decisions. */
  readonly pollEveryMs: number;
}

/** Records asked for per tail poll. */
const tailRecordsMax = 64;

export class LeaseActor {
  private keeper: LeaseKeeper;
  private keepers = 1;
  private session: ChainSession | null = null;
  private sessions = 0;
  /** The next record id to ask the tail for. */
  private nextId = 1;
  private tailInFlight = false;
  private dataAppends = 0;
  private stopped = false;
  /** Lease grants (acknowledged claims), for the summary and the liveness check. */
  claimsWon = 0;
  lastClaimWonAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly world: LeaseWorld,
    readonly name: string,
    readonly clock: SimClock,
    private readonly options: LeaseActorOptions,
    private readonly random: Prng,
  ) {
    this.keeper = this.newKeeper();
  }

  /** Begin polling and deciding. */
  start(): void {
    this.schedule();
  }

  /** Stop acting (the end of the run). */
  stop(): void {
    this.stopped = true;
  }

  private newKeeper(): LeaseKeeper {
    return new LeaseKeeper({ self: this.name, durationMs: this.options.durationMs, now: () => this.clock.now(), driftRateMax: this.options.driftRateMax });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.world.after(this.random.int(1, this.options.pollEveryMs), `${this.name} step`, () => {
      this.poll();
      this.decide();
      this.schedule();
    });
  }

  private poll(): void {
    if (this.tailInFlight) return;
    this.tailInFlight = true;
    const target = this.random.pick(this.world.nodeIds);
    let answered = false;
    this.world.after(this.options.attemptTimeoutMs, `${this.name} tail timeout`, () => {
      if (answered) return;
      answered = true;
      this.tailInFlight = false;
    });
    this.world.callTail(this.name, target, this.nextId, tailRecordsMax, (answer) => {
      if (answered) return;
      answered = true;
      this.tailInFlight = false;
      this.onTail(answer);
    });
  }

  private onTail(answer: TailReply): void {
    if (answer.kind === 'trimmed') {
      // The records were trimmed: known up to the first retained id, without having seen them (a snapshot).
      this.nextId = Math.max(this.nextId, answer.firstRetainedId);
      this.keeper.observeStart(this.nextId - 1);
      return;
    }
    if (answer.kind === 'wait') {
      if (this.keeper.status().lastObservedId === null && answer.lastAcceptedId === this.nextId - 1) this.keeper.observeStart(this.nextId - 1);
      return;
    }
    for (const record of answer.records) {
      if (record.id !== this.nextId) continue; // an answer from a poll that overlapped another
      this.keeper.observe(observed(record));
      this.nextId++;
    }
  }

  private decide(): void {
    const keeper = this.keeper;
    if (keeper.role === 'watching') {
      const decision = keeper.beginClaim();
      if (!decision.ok) return;
      this.sessions++;
      const session = new ChainSession(this.world, this.name, this.random.nextUint64() | 1n, decision.expectedPrevId, this.options, this.random);
      this.session = session;
      this.world.trace(`${this.name} claims after id ${decision.expectedPrevId} (session ${this.sessions})`);
      session.append([claimRecord(this.name, this.options.durationMs, `${this.name}#${this.sessions}`)], (outcome) => this.attemptSettled(keeper, session, decision.attempt, outcome));
      return;
    }
    const session = this.session;
    if (keeper.role !== 'holding' || session === null || session.ended !== undefined) return;
    if (keeper.renewalDue()) {
      const decision = keeper.beginRenewal();
      if (decision.ok) session.append([renewalRecord(this.name)], (outcome) => this.attemptSettled(keeper, session, decision.attempt, outcome));
    } else if (keeper.isValid() && this.random.chance(0.3)) {
      const number = ++this.dataAppends;
      session.append([dataRecord(`${this.name}.${this.sessions}.${number}.0`)], (outcome) => this.sessionOutcome(keeper, session, outcome));
    }
  }

  private attemptSettled(keeper: LeaseKeeper, session: ChainSession, attempt: LeaseAttempt, outcome: AppendOutcome): void {
    if (keeper !== this.keeper) return;
    if (outcome.kind === 'committed') {
      keeper.acknowledged(attempt, outcome.firstId);
      const status = keeper.status();
      if (attempt.kind === 'claim' && keeper.role === 'holding') {
        this.claimsWon++;
        this.lastClaimWonAt = this.world.now();
        this.world.trace(`${this.name} holds the lease (claim ${outcome.firstId})`);
      }
      if (keeper.isValid() && status.validUntilMs !== null && status.basisRecordId !== null) {
        this.world.checker.leaseValid(this.name, this.world.now(), this.clock.globalAt(status.validUntilMs), status.basisRecordId);
      }
      return;
    }
    if (outcome.kind === 'rejected') keeper.fenced(attempt);
    else keeper.abandoned(attempt);
    this.sessionOutcome(keeper, session, outcome);
  }

  /** A session that ended takes the lease with it; a keeper whose session lost track is replaced. */
  private sessionOutcome(keeper: LeaseKeeper, session: ChainSession, outcome: AppendOutcome): void {
    if (outcome.kind === 'committed' || keeper !== this.keeper || session !== this.session) return;
    this.session = null;
    this.world.trace(`${this.name} session ${this.sessions} ends: ${outcome.kind}`);
    if (keeper.role === 'watching') return;
    // Holding (or claiming) without a usable session: start over with a fresh keeper.
    this.keepers++;
    this.keeper = this.newKeeper();
    if (this.nextId > 1) this.keeper.observeStart(this.nextId - 1);
  }
}

/** A tailed record as the keeper observes it. */
function observed(record: IdRecord): ObservedRecord {
  switch (record.kind) {
    case RecordKind.RECORD_KIND_LEASE_CLAIM: {
      const claim = LeaseClaim.decode(record.payload);
      return { id: record.id, kind: 'claim', holder: claim.holder, durationMs: Number(claim.durationMs) };
    }
    case RecordKind.RECORD_KIND_LEASE_RENEWAL:
      return { id: record.id, kind: 'renewal', holder: LeaseRenewal.decode(record.payload).holder };
    default:
      return { id: record.id, kind: 'data' };
  }
}
