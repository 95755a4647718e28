/**
 * The writer side of the primary lease: when to renew, whether this writer's lease is valid now,
 * and, for a would-be primary, when it may claim. Pure: the clock is injected, it does no I/O; it
 * takes events (sent, acknowledged, fenced, records observed on the chain) and returns decisions.
 *
 * Assumptions:
 *   A1. Every participant's `now()` is monotonic and runs at a rate within [1 - ρ, 1 + ρ] of real
 *       time (ρ = driftRateMax, 1% by default); a paused process's clock keeps running. Readings
 *       may be whole milliseconds.
 *   A2. An attempt's sentAt is read before its request is sent (beginClaim/beginRenewal are called
 *       just before sending, and a retry keeps the first sentAt); the log commits a record after it
 *       was sent, and a record is observed after it commits.
 *   A3. Each claim starts a new session (client_id); the holder's later appends (renewals, data)
 *       are in that session, and each names as expected_prev_id the last id its previous append
 *       gets. With the state machine's session rules (consecutive request_seq, a fenced session
 *       stays fenced), a holder's accepted records then run contiguously from its claim.
 *   A4. A would-be holder feeds observe() every record after observeStart() in id order, and
 *       claims with the expected_prev_id beginClaim returns (the last id it observed).
 *   A5. A holder's lease lasts at most max(this keeper's durationMs, the duration of the latest
 *       claim this keeper observed): deployments give every server the same duration.
 *
 * Why two keepers X and Y are never valid at the same real instant τ. Let m = ceil(ρD) + 1.
 * X valid at τ rests on an acknowledged attempt R_X sent at clock reading s_X (real time τ_X),
 * and Y's on R_Y; say R_X has the lower id. Y's records run contiguously from its claim C_Y
 * to R_Y (A3) and R_X is not Y's, so C_Y comes after R_X: Y's claim named an id >= R_X's, so
 * Y observed R_X, or started observing after it (A4), at real time τ_o >= τ_X (A2); either
 * counts as lease activity, and Y sent C_Y when its clock had run more than D + m since then,
 * which takes real time > (D + m - 1) / (1 + ρ) (A1, A5; -1 for whole-ms readings). Y is valid
 * only after C_Y is acknowledged, so τ > τ_X + (D + m - 1) / (1 + ρ).
 * X's clock must have run less than D - m since s_X, which takes real time < (D - m) / (1 - ρ),
 * so τ < τ_X + (D - m) / (1 - ρ). Both hold only if (D - m)(1 + ρ) > (D + m - 1)(1 - ρ), that is
 * m < ρD + (1 - ρ) / 2, which m = ceil(ρD) + 1 is not. Being fenced, abandoning an attempt or
 * forgetting one only takes validity away, so the bound stands.
 */
import { txlogLimits } from '../core/limits.js';

/** watching: may claim once the last lease activity is old enough; claiming: a claim is on its way; holding: a claim was acknowledged. */
export type LeaseRole = 'watching' | 'claiming' | 'holding';

/** How a keeper is set up; durations in ms of its own clock. */
export interface LeaseKeeperConfig {
  /** This writer's holder id: what its claims and renewals name. */
  readonly self: string;
  /** The lease it claims, in ms of its own clock. */
  readonly durationMs: number;
  /** Monotonic milliseconds (A1). */
  readonly now: () => number;
  /** Largest rate difference of any participant's clock from real time (A1); default 0.01. */
  readonly driftRateMax?: number;
  /** Renew this often while holding; default durationMs / 3. */
  readonly renewEveryMs?: number;
}

/** A claim or renewal this keeper sent (or is about to send). */
export interface LeaseAttempt {
  readonly id: number;
  readonly kind: 'claim' | 'renewal';
  /** The clock before sending: validity counts from here. */
  readonly sentAtMs: number;
}

/** A record of the chain as a would-be holder's tail delivers it. */
export type ObservedRecord =
  | { readonly id: number; readonly kind: 'data' }
  | { readonly id: number; readonly kind: 'claim'; readonly holder: string; readonly durationMs: number }
  | { readonly id: number; readonly kind: 'renewal'; readonly holder: string };

/** Claim now with this expected_prev_id, or why not. */
export type ClaimDecision =
  | { readonly ok: true; readonly attempt: LeaseAttempt; readonly expectedPrevId: number }
  | { readonly ok: false; readonly reason: 'notWatching' | 'chainUnknown' }
  | { readonly ok: false; readonly reason: 'tooEarly'; readonly allowedAfterMs: number };

/** Renew now (send a LeaseRenewal in the holder's session), or why not. */
export type RenewalDecision = { readonly ok: true; readonly attempt: LeaseAttempt } | { readonly ok: false; readonly reason: 'notHolding' };

/** What the simulator checks and reports: validity and what it rests on. */
export interface LeaseKeeperStatus {
  readonly self: string;
  readonly role: LeaseRole;
  /** The lease is valid while now() < validUntilMs; null when it never was or was lost. */
  readonly validUntilMs: number | null;
  /** Id of the acknowledged claim or renewal the validity rests on. */
  readonly basisRecordId: number | null;
  readonly lastObservedId: number | null;
}

const DRIFT_RATE_MAX_DEFAULT = 0.01;

/** The margin m = ceil(ρD) + 1 for a lease of `durationMs` (see the proof above). */
export function leaseMarginMs(durationMs: number, driftRateMax: number): number {
  return Math.ceil(driftRateMax * durationMs) + 1;
}

/** One writer's view of the lease: decisions from events and its clock (see the file comment for the proof). */
export class LeaseKeeper {
  readonly self: string;
  readonly durationMs: number;
  readonly driftRateMax: number;
  readonly renewEveryMs: number;
  private readonly now: () => number;
  private currentRole: LeaseRole = 'watching';
  private readonly pending = new Map<number, LeaseAttempt>();
  private nextAttemptId = 1;
  /** Holding: the latest validity end and the record it rests on. */
  private validUntil: number | null = null;
  private basisRecordId: number | null = null;
  /** Holding: the clock at the latest claim or renewal sent. */
  private lastSentAt = 0;
  /** Watching: the clock when lease activity was last seen (or assumed); claims wait from here. */
  private lastActivityAt: number;
  private lastObservedId: number | null = null;
  /** Duration of the latest claim observed (A5). */
  private observedDurationMs = 0;

  constructor(config: LeaseKeeperConfig) {
    this.self = config.self;
    this.durationMs = config.durationMs;
    this.now = config.now;
    this.driftRateMax = config.driftRateMax ?? DRIFT_RATE_MAX_DEFAULT;
    this.renewEveryMs = config.renewEveryMs ?? Math.floor(config.durationMs / 3);
    checkConfig(this);
    // A holder may have renewed just before this keeper started: wait a full lease from now.
    this.lastActivityAt = this.now();
  }

  /** Where this keeper is in the protocol. */
  get role(): LeaseRole {
    return this.currentRole;
  }

  /** True when this writer holds the lease at this instant (check it at the moment of acting on it). */
  isValid(): boolean {
    return this.currentRole === 'holding' && this.validUntil !== null && this.now() < this.validUntil;
  }

  /** Validity, its basis and the chain position, for the simulator's invariant and for Status-like reports. */
  status(): LeaseKeeperStatus {
    return {
      self: this.self,
      role: this.currentRole,
      validUntilMs: this.validUntil,
      basisRecordId: this.basisRecordId,
      lastObservedId: this.lastObservedId,
    };
  }

  /** Watching: a claim may be sent strictly after this clock reading; null when not watching. */
  claimAllowedAfterMs(): number | null {
    if (this.currentRole !== 'watching') return null;
    const duration = Math.max(this.durationMs, this.observedDurationMs);
    return this.lastActivityAt + duration + leaseMarginMs(duration, this.driftRateMax);
  }

  /** Holding: when the next renewal should be sent; null when not holding. */
  renewalDueAtMs(): number | null {
    return this.currentRole === 'holding' ? this.lastSentAt + this.renewEveryMs : null;
  }

  /** True when holding and a renewal is due now. */
  renewalDue(): boolean {
    const due = this.renewalDueAtMs();
    return due !== null && this.now() >= due;
  }

  /** The chain is known up to `lastId` without its records having been observed (a snapshot, an empty log): counts as lease activity now. */
  observeStart(lastId: number): void {
    assertId(lastId, 0);
    this.lastObservedId = lastId;
    this.noteActivity();
  }

  /** A record of the chain, delivered after it committed, in id order (A4). */
  observe(record: ObservedRecord): void {
    assertId(record.id, 1);
    if (this.lastObservedId === null) this.observeStart(record.id - 1);
    const last = this.lastObservedId as number;
    if (record.id <= last) return; // a repeat of what was seen
    if (record.id !== last + 1) throw new Error(`assertion: observed record ${record.id} after ${last}: records were skipped`);
    this.lastObservedId = record.id;
    if (record.kind === 'data') return;
    this.noteActivity();
    if (record.kind !== 'claim') return;
    this.observedDurationMs = record.durationMs;
    if (record.holder !== this.self && this.currentRole === 'holding') this.resign();
  }

  /** Decides to claim now; on ok, send a LeaseClaim (self, durationMs) in a new session with the returned expected_prev_id. */
  beginClaim(): ClaimDecision {
    if (this.currentRole !== 'watching') return { ok: false, reason: 'notWatching' };
    if (this.lastObservedId === null) return { ok: false, reason: 'chainUnknown' };
    const allowedAfterMs = this.claimAllowedAfterMs() as number;
    if (!(this.now() > allowedAfterMs)) return { ok: false, reason: 'tooEarly', allowedAfterMs };
    this.currentRole = 'claiming';
    return { ok: true, attempt: this.record('claim'), expectedPrevId: this.lastObservedId };
  }

  /** Decides to renew now; on ok, send a LeaseRenewal naming self in the holder's session. */
  beginRenewal(): RenewalDecision {
    if (this.currentRole !== 'holding') return { ok: false, reason: 'notHolding' };
    return { ok: true, attempt: this.record('renewal') };
  }

  /** The attempt's record was committed with id `recordId`: the lease is valid until its sentAt + duration - margin. */
  acknowledged(attempt: LeaseAttempt, recordId: number): void {
    assertId(recordId, 1);
    if (this.pending.get(attempt.id) !== attempt) return; // forgotten, or this keeper lost the lease since
    this.pending.delete(attempt.id);
    if (attempt.kind === 'claim' && this.currentRole === 'claiming') this.currentRole = 'holding';
    if (this.currentRole !== 'holding') return;
    const until = attempt.sentAtMs + this.durationMs - leaseMarginMs(this.durationMs, this.driftRateMax);
    if (this.validUntil === null || until > this.validUntil) {
      this.validUntil = until;
      this.basisRecordId = recordId;
    }
  }

  /** The attempt was rejected and not as notYet: someone else appended; the lease (or the claim) is lost. */
  fenced(attempt: LeaseAttempt): void {
    if (this.pending.get(attempt.id) !== attempt) return;
    this.resign();
  }

  /** Gives the lease (or the claim under way) up at once, e.g. when the writer's session broke or any of its appends was fenced. */
  resign(): void {
    this.pending.clear();
    this.toWatching();
  }

  /** The attempt's outcome is unknown and will not be waited for: it is never counted (it may still commit). */
  abandoned(attempt: LeaseAttempt): void {
    if (this.pending.get(attempt.id) !== attempt) return;
    this.pending.delete(attempt.id);
    if (attempt.kind === 'claim' && this.currentRole === 'claiming') this.toWatching();
  }

  private record(kind: LeaseAttempt['kind']): LeaseAttempt {
    const attempt: LeaseAttempt = { id: this.nextAttemptId++, kind, sentAtMs: this.now() };
    this.pending.set(attempt.id, attempt);
    if (this.pending.size > txlogLimits.leasePendingAttemptsMax) {
      const oldest = this.pending.keys().next();
      if (oldest.done !== true) this.pending.delete(oldest.value); // never counted: validity only shrinks
    }
    this.lastSentAt = attempt.sentAtMs;
    return attempt;
  }

  private toWatching(): void {
    this.currentRole = 'watching';
    this.validUntil = null;
    this.basisRecordId = null;
    // Our own records, or the fencing writer's, may be the latest lease activity: wait a full lease.
    this.noteActivity();
  }

  private noteActivity(): void {
    this.lastActivityAt = Math.max(this.lastActivityAt, this.now());
  }
}

function checkConfig(keeper: LeaseKeeper): void {
  const { durationMs, driftRateMax, renewEveryMs } = keeper;
  if (!Number.isSafeInteger(durationMs) || durationMs < 1 || durationMs > txlogLimits.leaseDurationMsMax) {
    throw new Error(`lease duration ${durationMs} ms is outside 1..${txlogLimits.leaseDurationMsMax}`);
  }
  if (!(driftRateMax >= 0 && driftRateMax < 0.1)) throw new Error(`clock drift bound ${driftRateMax} is outside [0, 0.1)`);
  const margin = leaseMarginMs(durationMs, driftRateMax);
  if (!(renewEveryMs >= 1 && renewEveryMs < durationMs - margin)) {
    throw new Error(`renewal interval ${renewEveryMs} ms must be at least 1 and below the valid part of the lease (${durationMs - margin} ms)`);
  }
}

function assertId(id: number, min: number): void {
  if (!Number.isSafeInteger(id) || id < min) throw new Error(`assertion: record id ${id} is not an integer >= ${min}`);
}
