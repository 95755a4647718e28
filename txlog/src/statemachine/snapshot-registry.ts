/**
 * The snapshot registry: which verified snapshots of the keyspace exist (recorded by the
 * snapshotter through the log, so every node knows the latest one), and a counter of snapshot
 * requests (SAVE, BGSAVE, `cairn snapshot create`). Metadata of the log, like Trim: it never
 * touches the conditional chain. Rules, applied in log order (the same on every node):
 *   - a request bumps the counter; its new value is the request's seq;
 *   - a snapshot is recorded only if its record id is above the latest recorded one's and at most
 *     the last accepted id, and it answers a request seq of at most the counter and at least the
 *     latest recorded one's (a newer snapshot answers every request an older one did);
 *   - the same snapshot as the latest recorded one (every field equal) is a retry: accepted again,
 *     nothing changes;
 *   - the registry keeps the snapshotRegistryEntriesMax latest, newest first.
 */
import type { SnapshotInfo } from '../../../proto/gen/txlog.js';
import type { StateMachineLimits } from './validate-append.js';

/** A verified snapshot as the registry holds it (numbers are safe integers). */
export interface RecordedSnapshot {
  /** The id of the last log record the snapshot's state includes. */
  readonly recordId: number;
  /** Where the snapshotter wrote it (a path). */
  readonly location: string;
  readonly sizeBytes: number;
  readonly keyCount: number;
  /** The digest of the state it holds. */
  readonly digest: string;
  /** Unix ms on the snapshotter's clock (replicated as given, never read by the log). */
  readonly createdMs: number;
  /** The highest snapshot request it satisfies. */
  readonly answersRequestSeq: number;
}

/** The registry's replicated state. */
export interface RegistryState {
  /** Newest first, at most snapshotRegistryEntriesMax, record ids strictly decreasing. */
  readonly snapshots: readonly RecordedSnapshot[];
  /** The highest request seq handed out (0 before the first request). */
  readonly requestSeq: number;
}

/** What recording a snapshot came to. */
export type RecordSnapshotResult =
  /** Now the latest in the registry. */
  | { readonly kind: 'recorded' }
  /** It already was the latest (a retry): nothing changed. */
  | { readonly kind: 'alreadyRecorded' }
  /** Not recorded; `reason` says why (the same on every node). */
  | { readonly kind: 'refused'; readonly reason: string };

/** A SnapshotInfo that passed the checks that need no state, or why it did not. */
export type SnapshotInfoCheck = { readonly ok: true; readonly snapshot: RecordedSnapshot } | { readonly ok: false; readonly message: string };

/** The registry limits (a part of the state machine's). */
export type RegistryLimits = Pick<StateMachineLimits, 'snapshotRegistryEntriesMax' | 'snapshotLocationBytesMax' | 'snapshotDigestBytesMax'>;

const encoder = new TextEncoder();
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Checks of `info` that need no state (sizes, ranges, required fields): the leader runs them before proposing, every node when applying. */
export function checkSnapshotInfo(info: SnapshotInfo, limits: RegistryLimits): SnapshotInfoCheck {
  const numbers = { record_id: info.recordId, size_bytes: info.sizeBytes, key_count: info.keyCount, created_ms: info.createdMs, answers_request_seq: info.answersRequestSeq };
  for (const [field, value] of Object.entries(numbers)) {
    if (value < 0n || value > SAFE_MAX) return { ok: false, message: `${field} ${value} is beyond 2^53 - 1` };
  }
  if (info.recordId === 0n) return { ok: false, message: 'record_id 0: a snapshot includes at least record 1' };
  const location = checkText('location', info.location, limits.snapshotLocationBytesMax);
  if (location !== null) return { ok: false, message: location };
  const digest = checkText('digest', info.digest, limits.snapshotDigestBytesMax);
  if (digest !== null) return { ok: false, message: digest };
  return {
    ok: true,
    snapshot: {
      recordId: Number(info.recordId),
      location: info.location,
      sizeBytes: Number(info.sizeBytes),
      keyCount: Number(info.keyCount),
      digest: info.digest,
      createdMs: Number(info.createdMs),
      answersRequestSeq: Number(info.answersRequestSeq),
    },
  };
}

/** A recorded snapshot as the protocol carries it (Status, RecordSnapshot). */
export function snapshotInfoOf(snapshot: RecordedSnapshot): SnapshotInfo {
  return {
    recordId: BigInt(snapshot.recordId),
    location: snapshot.location,
    sizeBytes: BigInt(snapshot.sizeBytes),
    keyCount: BigInt(snapshot.keyCount),
    digest: snapshot.digest,
    createdMs: BigInt(snapshot.createdMs),
    answersRequestSeq: BigInt(snapshot.answersRequestSeq),
  };
}

/** What is wrong with a decoded registry `state` of a chain ending at `lastAcceptedId`, or null when it keeps every invariant. */
export function registryProblem(state: RegistryState, lastAcceptedId: number, limits: RegistryLimits): string | null {
  const count = state.snapshots.length;
  if (count > limits.snapshotRegistryEntriesMax) return `${count} recorded snapshots, more than the limit of ${limits.snapshotRegistryEntriesMax}`;
  let newer: RecordedSnapshot | undefined;
  for (const snapshot of state.snapshots) {
    if (snapshot.recordId < 1 || snapshot.recordId > lastAcceptedId) return `a recorded snapshot at record id ${snapshot.recordId}, outside 1..${lastAcceptedId}`;
    if (snapshot.answersRequestSeq > state.requestSeq) return `a recorded snapshot answers request ${snapshot.answersRequestSeq}, beyond ${state.requestSeq}`;
    const text = checkText('location', snapshot.location, limits.snapshotLocationBytesMax) ?? checkText('digest', snapshot.digest, limits.snapshotDigestBytesMax);
    if (text !== null) return text;
    if (newer !== undefined && (snapshot.recordId >= newer.recordId || snapshot.answersRequestSeq > newer.answersRequestSeq)) {
      return 'recorded snapshots out of order';
    }
    newer = snapshot;
  }
  return null;
}

/** Why a required text field is empty or too long, or null. */
function checkText(field: string, value: string, bytesMax: number): string | null {
  if (value.length === 0) return `the snapshot's ${field} is empty`;
  const bytes = encoder.encode(value).length;
  if (bytes > bytesMax) return `the snapshot's ${field} is ${bytes} bytes, more than the limit of ${bytesMax}`;
  return null;
}

/** The registry of one state machine (see the file comment for its rules). */
export class SnapshotRegistry {
  private recorded: RecordedSnapshot[];
  private requests: number;

  /** A registry holding `state` (a fresh one by default); the state's invariants are the caller's to have checked. */
  constructor(
    private readonly limits: RegistryLimits,
    state: RegistryState = { snapshots: [], requestSeq: 0 },
  ) {
    if (state.snapshots.length > limits.snapshotRegistryEntriesMax) throw new Error(`assertion: ${state.snapshots.length} snapshots in a registry of ${limits.snapshotRegistryEntriesMax}`);
    this.recorded = [...state.snapshots];
    this.requests = state.requestSeq;
  }

  /** The recorded snapshots, newest first. */
  get snapshots(): readonly RecordedSnapshot[] {
    return this.recorded;
  }

  /** The highest request seq handed out (0 before the first request). */
  get requestSeq(): number {
    return this.requests;
  }

  /** The registry's state, for snapshots and digests. */
  state(): RegistryState {
    return { snapshots: [...this.recorded], requestSeq: this.requests };
  }

  /** Counts a request; returns its seq, or null when the counter is at 2^53 - 1 (nothing changes). */
  request(): number | null {
    if (this.requests >= Number.MAX_SAFE_INTEGER) return null;
    this.requests++;
    return this.requests;
  }

  /** Records `info` if the rules allow it; `lastAcceptedId` is the chain's end when the command applies. */
  record(info: SnapshotInfo, lastAcceptedId: number): RecordSnapshotResult {
    const checked = checkSnapshotInfo(info, this.limits);
    if (!checked.ok) return { kind: 'refused', reason: checked.message };
    const snapshot = checked.snapshot;
    const latest = this.recorded[0];
    if (latest !== undefined && sameSnapshot(latest, snapshot)) return { kind: 'alreadyRecorded' };
    const refusal = this.refusal(snapshot, latest, lastAcceptedId);
    if (refusal !== null) return { kind: 'refused', reason: refusal };
    this.recorded = [snapshot, ...this.recorded].slice(0, this.limits.snapshotRegistryEntriesMax);
    return { kind: 'recorded' };
  }

  private refusal(snapshot: RecordedSnapshot, latest: RecordedSnapshot | undefined, lastAcceptedId: number): string | null {
    if (latest !== undefined && snapshot.recordId <= latest.recordId) {
      return `record_id ${snapshot.recordId} is not above the latest recorded snapshot's (${latest.recordId})`;
    }
    if (snapshot.recordId > lastAcceptedId) return `record_id ${snapshot.recordId} is beyond the last accepted record id ${lastAcceptedId}`;
    if (snapshot.answersRequestSeq > this.requests) {
      return `answers_request_seq ${snapshot.answersRequestSeq} is beyond the highest snapshot request ${this.requests}`;
    }
    if (latest !== undefined && snapshot.answersRequestSeq < latest.answersRequestSeq) {
      return `answers_request_seq ${snapshot.answersRequestSeq} is below the latest recorded snapshot's (${latest.answersRequestSeq}), which a newer snapshot answers too`;
    }
    return null;
  }
}

function sameSnapshot(a: RecordedSnapshot, b: RecordedSnapshot): boolean {
  return (
    a.recordId === b.recordId &&
    a.location === b.location &&
    a.sizeBytes === b.sizeBytes &&
    a.keyCount === b.keyCount &&
    a.digest === b.digest &&
    a.createdMs === b.createdMs &&
    a.answersRequestSeq === b.answersRequestSeq
  );
}
