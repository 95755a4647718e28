/**
 * The primary lease as the log records it, for Status and discovery. The log does not judge
 * time: validity is the writers' business (client/lease-keeper.ts). Rules, applied to accepted
 * records in id order:
 *   - a claim makes its writer the holder (with its address and duration) and starts a new epoch;
 *   - a renewal naming the current holder extends the lease from this record;
 *   - a renewal naming anyone else changes nothing. It can only be on the chain because its writer
 *     had seen the whole chain, so it fences no one unfairly, and it must not hand a lease to
 *     someone who never claimed one: only a claim does that.
 */
import type { LeaseRecord } from './validate-append.js';

/** The lease after the last claim or renewal applied. */
export interface LeaseView {
  readonly holder: string;
  /** Where clients reach the holder (host:port). */
  readonly address: string;
  /** Increases with each claim, from 1. */
  readonly epoch: number;
  readonly durationMs: number;
  /** Id of the claim or renewal that last extended the lease. */
  readonly lastRenewalId: number;
  /** This node's estimate (not replicated state): when it applied that record, plus the duration. */
  readonly expiresAtMs: number;
}

/** The lease after applying `record` (accepted with id `id`, applied at `appliedAtMs`) to `lease`. */
export function applyLeaseRecord(lease: LeaseView | null, record: LeaseRecord, id: number, appliedAtMs: number): LeaseView | null {
  if (record.kind === 'claim') {
    return {
      holder: record.holder,
      address: record.address,
      epoch: (lease?.epoch ?? 0) + 1,
      durationMs: record.durationMs,
      lastRenewalId: id,
      expiresAtMs: appliedAtMs + record.durationMs,
    };
  }
  if (lease === null || lease.holder !== record.holder) return lease;
  return { ...lease, lastRenewalId: id, expiresAtMs: appliedAtMs + lease.durationMs };
}
