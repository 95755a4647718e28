/**
 * Checks of an Append request that every node repeats when it applies the request (the same
 * limits on every node keep the decision deterministic); the leader runs them before proposing
 * too, so a client gets the error without a round of consensus.
 */
import { type AppendRequest, LeaseClaim, LeaseRenewal, RecordKind } from '../../../proto/gen/txlog.js';
import type { TxlogLimits } from '../core/limits.js';

/** The limits the state machine applies; the simulator passes smaller ones. */
export type StateMachineLimits = Pick<
  TxlogLimits,
  | 'recordBytesMax'
  | 'batchBytesMax'
  | 'batchRecordsMax'
  | 'dedupClientsMax'
  | 'dedupResultsMax'
  | 'clientInflightAppendsMax'
  | 'leaseDurationMsMax'
  | 'leaseHolderBytesMax'
  | 'snapshotRegistryEntriesMax'
  | 'snapshotLocationBytesMax'
  | 'snapshotDigestBytesMax'
>;

/** A lease record of a valid request, decoded, with its position in the request's records. */
export type LeaseRecord =
  | { readonly position: number; readonly kind: 'claim'; readonly holder: string; readonly address: string; readonly durationMs: number }
  | { readonly position: number; readonly kind: 'renewal'; readonly holder: string };

/** A request that passed every check (with its lease records decoded), or why it did not. */
export type AppendValidation = { readonly ok: true; readonly leases: readonly LeaseRecord[] } | { readonly ok: false; readonly message: string };

const encoder = new TextEncoder();

/** Checks `request` against `limits`: sequence number, expected id, record count, sizes, kinds, lease payloads. */
export function validateAppend(request: AppendRequest, limits: StateMachineLimits): AppendValidation {
  const header = checkHeader(request, limits);
  if (header !== null) return { ok: false, message: header };
  const leases: LeaseRecord[] = [];
  let batchBytes = 0;
  for (let position = 0; position < request.records.length; position++) {
    const record = request.records[position];
    if (record === undefined) throw new Error('assertion: records are dense');
    if (record.payload.length > limits.recordBytesMax) {
      return { ok: false, message: `record ${position} is ${record.payload.length} bytes, more than the limit of ${limits.recordBytesMax}` };
    }
    batchBytes += record.payload.length;
    if (batchBytes > limits.batchBytesMax) {
      return { ok: false, message: `the records are more than the limit of ${limits.batchBytesMax} bytes together` };
    }
    const lease = checkRecordKind(record.kind, record.payload, position, limits);
    if (typeof lease === 'string') return { ok: false, message: lease };
    if (lease !== null) leases.push(lease);
  }
  return { ok: true, leases };
}

function checkHeader(request: AppendRequest, limits: StateMachineLimits): string | null {
  if (request.requestSeq === 0n) return 'request_seq starts at 1';
  if (request.expectedPrevId > BigInt(Number.MAX_SAFE_INTEGER)) return `expected_prev_id ${request.expectedPrevId} is beyond 2^53 - 1`;
  if (request.records.length === 0) return 'an append needs at least one record';
  if (request.records.length > limits.batchRecordsMax) {
    return `${request.records.length} records, more than the limit of ${limits.batchRecordsMax} per append`;
  }
  return null;
}

/** The decoded lease record, null for a data record, or why the record is refused. */
function checkRecordKind(kind: RecordKind, payload: Uint8Array, position: number, limits: StateMachineLimits): LeaseRecord | null | string {
  switch (kind) {
    case RecordKind.RECORD_KIND_DATA:
      return null;
    case RecordKind.RECORD_KIND_LEASE_CLAIM:
      return checkClaim(payload, position, limits);
    case RecordKind.RECORD_KIND_LEASE_RENEWAL:
      return checkRenewal(payload, position, limits);
    default:
      return `record ${position} has unknown kind ${kind}`;
  }
}

function checkClaim(payload: Uint8Array, position: number, limits: StateMachineLimits): LeaseRecord | string {
  let claim: LeaseClaim;
  try {
    claim = LeaseClaim.decode(payload);
  } catch {
    return `record ${position}: the lease claim does not decode`;
  }
  const holder = checkName('holder', claim.holder, position, limits, true);
  if (holder !== null) return holder;
  const address = checkName('address', claim.address, position, limits, false);
  if (address !== null) return address;
  if (claim.durationMs === 0n || claim.durationMs > BigInt(limits.leaseDurationMsMax)) {
    return `record ${position}: lease duration ${claim.durationMs} ms is outside 1..${limits.leaseDurationMsMax}`;
  }
  return { position, kind: 'claim', holder: claim.holder, address: claim.address, durationMs: Number(claim.durationMs) };
}

function checkRenewal(payload: Uint8Array, position: number, limits: StateMachineLimits): LeaseRecord | string {
  let renewal: LeaseRenewal;
  try {
    renewal = LeaseRenewal.decode(payload);
  } catch {
    return `record ${position}: the lease renewal does not decode`;
  }
  const holder = checkName('holder', renewal.holder, position, limits, true);
  if (holder !== null) return holder;
  return { position, kind: 'renewal', holder: renewal.holder };
}

function checkName(field: string, value: string, position: number, limits: StateMachineLimits, required: boolean): string | null {
  if (required && value.length === 0) return `record ${position}: the lease ${field} is empty`;
  const bytes = encoder.encode(value).length;
  if (bytes > limits.leaseHolderBytesMax) {
    return `record ${position}: the lease ${field} is ${bytes} bytes, more than the limit of ${limits.leaseHolderBytesMax}`;
  }
  return null;
}
