/**
 * The log's state machine: applies committed Raft entries (LogCommands) in index order and decides
 * each conditional append deterministically, so every node reaches the same decision whoever led
 * when the entry was proposed. Pure: no clock (the apply time comes in as an argument), no I/O.
 *
 * An append from session `clientId` with `requestSeq` is decided in this order:
 *   1. invalid (limits, record kinds, lease payloads): refused, nothing changes;
 *   2. a remembered session (see dedup-table.ts): a retry of one of its last
 *      clientInflightAppendsMax requests is answered from memory (duplicate);
 *   3. any other request whose expected_prev_id the chain has moved past is answered from the
 *      chain: it can only have been accepted as the batch right after expected_prev_id, so if
 *      that batch's writer is this very (client_id, request_seq) it is the duplicate it is, if
 *      that part of the chain was trimmed it is stale (its outcome cannot be told), and otherwise
 *      its records are certainly not in the log: rejected. "Rejected" claims exactly that, so it
 *      is only answered when certain (an older request of a remembered session that the chain
 *      cannot place is stale too);
 *   4. a seq that is not the next of the session is notYet, reason sequenceGap: an earlier
 *      request of the session has not been applied. For a session not remembered the next is
 *      request_seq 1, or the one after the request whose batch ends the chain (a forgotten
 *      session going on);
 *   5. a session whose previous request was rejected stays fenced (reason fencedSession): a
 *      pipelined request must never be accepted after the one it builds on was refused;
 *   6. accepted iff lastAcceptedId === expected_prev_id; else notYet when the chain is behind
 *      expected_prev_id, otherwise fenced (reason chain).
 * Decisions of steps 5 and 6 are remembered (a forgotten session's rejection too, so it stays
 * fenced), except notYet ones, so the retry can succeed.
 *
 * Trim and the snapshot registry's commands (snapshot-registry.ts) are metadata: they never give
 * record ids or move the chain, so they never fence a writer.
 */
import { LogCommand, type AppendRequest, type Record as LogRecord, type RecordKind, type TrimRequest } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { type Entry, EntryType } from '../core/types.js';
import { BatchIndex, type TailBatch } from './batch-index.js';
import { crc32c } from '../storage/crc32c.js';
import { DedupTable, rememberedResult, type RememberedResult, type SessionMemory } from './dedup-table.js';
import { applyLeaseRecord, type LeaseView } from './lease-state.js';
import type { AppendResult, ApplyOutcome } from './outcome.js';
import { type RecordedSnapshot, SnapshotRegistry } from './snapshot-registry.js';
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
  private registry: SnapshotRegistry;

  /** A fresh state machine (nothing applied); `limits` must be the same on every node. */
  constructor(private readonly limits: StateMachineLimits = txlogLimits) {
    this.sessions = new DedupTable({
      sessionsMax: limits.dedupClientsMax,
      resultsPerSessionMax: limits.clientInflightAppendsMax,
      resultsMax: limits.dedupResultsMax,
    });
    this.registry = new SnapshotRegistry(limits);
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
    for (const [clientId, memory] of state.sessions) machine.sessions.restore(clientId, memory);
    machine.batches = rebuildBatches(state);
    machine.registry = new SnapshotRegistry(limits, state.registry);
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

  /** The verified snapshots recorded in the log, newest first (at most snapshotRegistryEntriesMax). */
  get snapshots(): readonly RecordedSnapshot[] {
    return this.registry.snapshots;
  }

  /** The highest snapshot request seq (0 before the first request). */
  get snapshotRequestSeq(): number {
    return this.registry.requestSeq;
  }

  /** Sessions whose latest requests are remembered. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Request results remembered, all sessions together (at most dedupResultsMax). */
  get rememberedResults(): number {
    return this.sessions.resultCount;
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
    if (command.$case === 'recordSnapshot') return { kind: 'snapshotRecord', index: entry.index, result: this.registry.record(command.value, this.lastAccepted) };
    if (command.$case === 'requestSnapshot') return this.applySnapshotRequest(entry.index);
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
    const judged = memory === undefined ? this.judgeUnknownSession(request) : this.judgeKnownSession(memory, request);
    if (judged !== 'onChain') return judged;
    const result = this.decideChain(memory?.results.at(-1), request, validation.leases, index, appliedAtMs);
    const remembered: RememberedResult | null = result.kind === 'committed' ? result : result.notYet ? null : { ...result, notYet: false };
    if (remembered !== null) this.sessions.remember(request.clientId, request.requestSeq, remembered, index);
    return { result, duplicate: false };
  }

  /**
   * A request of a remembered session: a retry of one of its remembered requests is answered from
   * memory, an older one from the chain when it can tell (else stale), one after a gap waits;
   * 'onChain' for the session's next request.
   */
  private judgeKnownSession(memory: SessionMemory, request: AppendRequest): Answered | 'onChain' {
    const seq = request.requestSeq;
    if (seq > memory.requestSeq) return seq === memory.requestSeq + 1n ? 'onChain' : this.sequenceGap();
    const remembered = rememberedResult(memory, seq);
    if (remembered !== undefined) return { result: remembered, duplicate: true };
    if (request.expectedPrevId < BigInt(this.lastAccepted)) {
      const found = this.findInChain(request);
      if (found !== 'absent') return found;
      return { result: { kind: 'rejected', lastAcceptedId: this.lastAccepted, notYet: false, reason: 'chain' }, duplicate: false };
    }
    const message = `request_seq ${seq} is older than the ${memory.results.length} latest requests this session remembers (its last applied one is ${memory.requestSeq})`;
    return { result: { kind: 'stale', reason: 'forgotten', message }, duplicate: false };
  }

  /**
   * A request of a session not remembered (new, or forgotten): answered from the chain when it has
   * moved past expected_prev_id (a duplicate, or stale); 'onChain' to decide it as the session's
   * first request (rejected if someone else's records follow expected_prev_id: certain then), or as
   * the next one of a forgotten session whose previous request ends the chain.
   */
  private judgeUnknownSession(request: AppendRequest): Answered | 'onChain' {
    const expected = request.expectedPrevId;
    if (expected < BigInt(this.lastAccepted)) {
      const found = this.findInChain(request);
      return found === 'absent' ? 'onChain' : found;
    }
    if (request.requestSeq === 1n) return 'onChain';
    const tail = expected === BigInt(this.lastAccepted) ? this.batches.holding(this.lastAccepted) : undefined;
    if (tail !== undefined && tail.clientId === request.clientId && tail.requestSeq === request.requestSeq - 1n) return 'onChain';
    return this.sequenceGap();
  }

  /**
   * What the chain says of a request whose expected_prev_id it has moved past. The request can only
   * have been accepted as the batch right after expected_prev_id: if that batch's writer is this
   * very (client_id, request_seq), it is a duplicate; if that part of the chain was trimmed, its
   * outcome cannot be told (stale); otherwise its records are certainly not in the log, and can
   * never be ('absent'). "Rejected" claims exactly that, so it is only answered then.
   */
  private findInChain(request: AppendRequest): Answered | 'absent' {
    const firstId = Number(request.expectedPrevId) + 1;
    const held = this.batches.holding(firstId);
    if (held === undefined) {
      const message = `the records after id ${request.expectedPrevId} were trimmed: whether request_seq ${request.requestSeq} of client ${request.clientId} was applied cannot be told`;
      return { result: { kind: 'stale', reason: 'trimmed', message }, duplicate: false };
    }
    if (held.firstId === firstId && held.clientId === request.clientId && held.requestSeq === request.requestSeq) {
      return { result: { kind: 'committed', firstId, lastId: firstId + held.count - 1 }, duplicate: true };
    }
    return 'absent';
  }

  /** notYet: an earlier request of the session has not been applied (retry later; not remembered). */
  private sequenceGap(): Answered {
    return { result: { kind: 'rejected', lastAcceptedId: this.lastAccepted, notYet: true, reason: 'sequenceGap' }, duplicate: false };
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
    this.batches.add(index, firstId, request.records.length, request);
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

  private applySnapshotRequest(index: number): ApplyOutcome {
    const requestSeq = this.registry.request();
    if (requestSeq === null) return { kind: 'invalid', index, message: 'the snapshot request counter is at 2^53 - 1' };
    return { kind: 'snapshotRequest', index, requestSeq };
  }

  private state(): MachineState {
    return {
      appliedIndex: this.applied,
      lastAcceptedId: this.lastAccepted,
      firstRetainedId: this.firstRetained,
      lease: this.currentLease,
      sessions: [...this.sessions.entries()],
      batches: [...this.batches.retained()],
      registry: this.registry.state(),
    };
  }
}

/** An answer decided before the chain is looked at. */
interface Answered {
  readonly result: AppendResult;
  readonly duplicate: boolean;
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
  state.batches.forEach(([raftIndex, firstId, clientId, requestSeq], slot) => {
    const end = state.batches[slot + 1]?.[1] ?? state.lastAcceptedId + 1;
    index.add(raftIndex, firstId, end - firstId, { clientId, requestSeq });
  });
  return index;
}

/** 32-bit FNV-1a, a second independent hash for digests. */
function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}
