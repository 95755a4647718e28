/**
 * The log's state machine: applies committed Raft entries (LogCommands) in index order and decides
 * each conditional append deterministically, so every node reaches the same decision whoever led
 * when the entry was proposed. Pure: no clock (the apply time comes in as an argument), no I/O.
 *
 * An append from session `clientId` with `requestSeq` is decided in this order:
 *   1. invalid (limits, record kinds, lease payloads): refused, nothing changes;
 *   2. the session's remembered request: the same seq is answered from memory (duplicate),
 *      a lower one is stale;
 *   3. a seq that is not the next of the session (or not 1 for a session it does not know) is
 *      notYet, reason sequenceGap: an earlier request of the session has not been applied;
 *   4. a session whose previous request was rejected stays fenced (reason fencedSession): a
 *      pipelined request must never be accepted after the one it builds on was refused;
 *   5. accepted iff lastAcceptedId === expected_prev_id; else notYet when the chain is behind
 *      expected_prev_id, otherwise fenced (reason chain).
 * Decisions of steps 4 and 5 are remembered (one per session), except notYet ones, so the
 * retry can succeed.
 */
import { LogCommand, type AppendRequest, type Record as LogRecord, type RecordKind, type TrimRequest } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { type Entry, EntryType } from '../core/types.js';
import { BatchIndex, type TailBatch } from './batch-index.js';
import { crc32c } from '../storage/crc32c.js';
import { DedupTable, type RememberedResult } from './dedup-table.js';
import { applyLeaseRecord, type LeaseView } from './lease-state.js';
import type { AppendResult, ApplyOutcome } from './outcome.js';
import { decodeSnapshot, encodeReplicated, encodeSnapshot, type MachineState } from './state-codec.js';
import { type LeaseRecord, type StateMachineLimits, validateAppend } from './validate-append.js';

/** A retained record with its id, as Tail sends it. */
export interface IdRecord {
  readonly id: number;
  readonly kind: RecordKind;
  readonly payload: Uint8Array;
}

/** A state machine restored from a snapshot, or why the snapshot was refused. */
export type RestoreResult = { readonly ok: true; readonly machine: LogStateMachine } | { readonly ok: false; readonly error: string };

type Decoded = { readonly ok: true; readonly command: LogCommand } | { readonly ok: false; readonly message: string };

/** The log state machine of one node (see the file comment for how appends are decided). */
export class LogStateMachine {
  private applied = 0;
  private lastAccepted = 0;
  private firstRetained = 1;
  private currentLease: LeaseView | null = null;
  private readonly sessions: DedupTable;
  private batches = new BatchIndex(1);

  /** A fresh state machine (nothing applied); `limits` must be the same on every node. */
  constructor(private readonly limits: StateMachineLimits = txlogLimits) {
    this.sessions = new DedupTable(limits.dedupClientsMax);
  }

  /** The state machine of `data` (from snapshot()), which must have been taken at `raftIndex`. */
  static restore(data: Uint8Array, raftIndex: number, limits: StateMachineLimits = txlogLimits): RestoreResult {
    const decoded = decodeSnapshot(data, limits);
    if (!decoded.ok) return decoded;
    const state = decoded.state;
    if (state.appliedIndex !== raftIndex) {
      return { ok: false, error: `snapshot was taken at raft index ${state.appliedIndex}, not ${raftIndex}` };
    }
    const machine = new LogStateMachine(limits);
    machine.applied = state.appliedIndex;
    machine.lastAccepted = state.lastAcceptedId;
    machine.firstRetained = state.firstRetainedId;
    machine.currentLease = state.lease;
    for (const [clientId, memory] of state.sessions) machine.sessions.remember(clientId, memory);
    machine.batches = rebuildBatches(state);
    return { ok: true, machine };
  }

  /** Raft index of the last applied entry. */
  get appliedIndex(): number {
    return this.applied;
  }

  /** Id of the last accepted record (0 before the first). */
  get lastAcceptedId(): number {
    return this.lastAccepted;
  }

  /** Records below this id were trimmed. */
  get firstRetainedId(): number {
    return this.firstRetained;
  }

  /** The lease as the log records it (null before the first claim). */
  get lease(): LeaseView | null {
    return this.currentLease;
  }

  /** Sessions whose last request is remembered. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Applies the committed entry at appliedIndex + 1; `appliedAtMs` (integer Unix ms) only dates lease expiry estimates. */
  apply(entry: Entry, appliedAtMs: number): ApplyOutcome {
    if (entry.index !== this.applied + 1) throw new Error(`assertion: applying index ${entry.index} after ${this.applied}`);
    if (!Number.isSafeInteger(appliedAtMs) || appliedAtMs < 0) throw new Error(`assertion: apply time ${appliedAtMs} is not integer ms`);
    this.applied = entry.index;
    if (entry.type !== EntryType.Normal || entry.data.length === 0) return { kind: 'noop', index: entry.index };
    const decoded = decodeCommand(entry.data);
    if (!decoded.ok) return { kind: 'invalid', index: entry.index, message: decoded.message };
    const command = decoded.command.command;
    if (command === undefined) return { kind: 'invalid', index: entry.index, message: 'the command is empty' };
    if (command.$case === 'trim') return this.applyTrim(entry.index, command.value);
    const result = this.decideAppend(entry.index, command.value, appliedAtMs);
    return { kind: 'append', index: entry.index, clientId: command.value.clientId, requestSeq: command.value.requestSeq, ...result };
  }

  /** Up to `batchesMax` retained batches from the one holding `fromId`; ids below max(fromId, firstRetainedId) are the caller's to skip. */
  batchesFrom(fromId: number, batchesMax: number): readonly TailBatch[] {
    if (!Number.isSafeInteger(batchesMax) || batchesMax < 1) throw new Error(`assertion: batchesMax ${batchesMax} must be positive`);
    return this.batches.from(fromId, batchesMax);
  }

  /** The retained records the applied entry `entry` holds, with their ids; null if it holds none (any more). */
  recordsOf(entry: Entry): readonly IdRecord[] | null {
    const batch = this.batches.atRaftIndex(entry.index);
    if (batch === undefined) return null;
    const decoded = decodeCommand(entry.data);
    const command = decoded.ok ? decoded.command.command : undefined;
    if (command?.$case !== 'append' || command.value.records.length !== batch.count) {
      throw new Error(`assertion: the entry at raft index ${entry.index} does not hold the batch of ${batch.count} records applied from it`);
    }
    const records: IdRecord[] = [];
    command.value.records.forEach((record: LogRecord, position: number) => {
      const id = batch.firstId + position;
      if (id >= this.firstRetained) records.push({ id, kind: record.kind, payload: record.payload });
    });
    return records;
  }

  /** The whole state at appliedIndex, for a Raft snapshot (versioned, checksummed, deterministic). */
  snapshot(): Uint8Array {
    return encodeSnapshot(this.state());
  }

  /** A hash of the replicated state (16 hex digits): nodes at the same applied index must agree. */
  digest(): string {
    const bytes = encodeReplicated(this.state());
    return crc32c(bytes).toString(16).padStart(8, '0') + fnv1a32(bytes).toString(16).padStart(8, '0');
  }

  private decideAppend(index: number, request: AppendRequest, appliedAtMs: number): { result: AppendResult; duplicate: boolean } {
    const validation = validateAppend(request, this.limits);
    if (!validation.ok) return { result: { kind: 'invalid', message: validation.message }, duplicate: false };
    const memory = this.sessions.get(request.clientId);
    if (memory !== undefined && request.requestSeq === memory.requestSeq) return { result: memory.result, duplicate: true };
    if (memory !== undefined && request.requestSeq < memory.requestSeq) {
      const message = `request_seq ${request.requestSeq} is older than this session's last applied one (${memory.requestSeq})`;
      return { result: { kind: 'stale', lastSeq: memory.requestSeq, message }, duplicate: false };
    }
    const expectedSeq = memory === undefined ? 1n : memory.requestSeq + 1n;
    if (request.requestSeq !== expectedSeq) {
      return { result: { kind: 'rejected', lastAcceptedId: this.lastAccepted, notYet: true, reason: 'sequenceGap' }, duplicate: false };
    }
    const result = this.decideChain(memory?.result, request, validation.leases, index, appliedAtMs);
    const remembered: RememberedResult | null = result.kind === 'committed' ? result : result.notYet ? null : { ...result, notYet: false };
    if (remembered !== null) this.sessions.remember(request.clientId, { requestSeq: request.requestSeq, result: remembered, index });
    return { result, duplicate: false };
  }

  private decideChain(
    previous: RememberedResult | undefined,
    request: AppendRequest,
    leases: readonly LeaseRecord[],
    index: number,
    appliedAtMs: number,
  ): Extract<AppendResult, { kind: 'committed' | 'rejected' }> {
    if (previous?.kind === 'rejected') return { kind: 'rejected', lastAcceptedId: this.lastAccepted, notYet: false, reason: 'fencedSession' };
    const lastAccepted = BigInt(this.lastAccepted);
    if (request.expectedPrevId !== lastAccepted) {
      return { kind: 'rejected', lastAcceptedId: this.lastAccepted, notYet: lastAccepted < request.expectedPrevId, reason: 'chain' };
    }
    const firstId = this.lastAccepted + 1;
    const lastId = this.lastAccepted + request.records.length;
    this.batches.add(index, firstId, request.records.length);
    this.lastAccepted = lastId;
    for (const lease of leases) this.currentLease = applyLeaseRecord(this.currentLease, lease, firstId + lease.position, appliedAtMs);
    return { kind: 'committed', firstId, lastId };
  }

  private applyTrim(index: number, request: TrimRequest): ApplyOutcome {
    const end = BigInt(this.lastAccepted + 1);
    const target = Number(request.beforeId < end ? request.beforeId : end);
    this.firstRetained = Math.max(this.firstRetained, target);
    this.batches.trimBelow(this.firstRetained);
    const compactBelowIndex = this.batches.firstRaftIndex() ?? index;
    return { kind: 'trim', index, firstRetainedId: this.firstRetained, compactBelowIndex };
  }

  private state(): MachineState {
    return {
      appliedIndex: this.applied,
      lastAcceptedId: this.lastAccepted,
      firstRetainedId: this.firstRetained,
      lease: this.currentLease,
      sessions: [...this.sessions.entries()],
      batches: [...this.batches.pairs()],
    };
  }
}

function decodeCommand(data: Uint8Array): Decoded {
  try {
    return { ok: true, command: LogCommand.decode(data) };
  } catch (error) {
    return { ok: false, message: `the entry does not decode as a LogCommand: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The batch index of a decoded state (whose invariants the decoder checked). */
function rebuildBatches(state: MachineState): BatchIndex {
  const first = state.batches[0];
  const index = new BatchIndex(first === undefined ? state.lastAcceptedId + 1 : first[1]);
  state.batches.forEach(([raftIndex, firstId], slot) => {
    const end = state.batches[slot + 1]?.[1] ?? state.lastAcceptedId + 1;
    index.add(raftIndex, firstId, end - firstId);
  });
  return index;
}

/** 32-bit FNV-1a, a second independent hash for digests. */
function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}
