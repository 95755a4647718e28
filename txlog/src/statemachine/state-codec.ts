/**
 * The state machine's state as bytes, for Raft snapshots and for digests. Deterministic: the
 * same state gives the same bytes on every node. Layout (varints unless said otherwise):
 *
 *   version (1 byte) | appliedIndex | lastAcceptedId | firstRetainedId
 *   | lease: 0, or 1 holder address epoch durationMs lastRenewalId expiresAtMs
 *   | sessions: count, then clientId requestSeq index resultCount results, least recently
 *       updated first; results oldest first, the last one for requestSeq
 *       (result: 1 firstId lastId-firstId | 2 lastAcceptedId reason)
 *   | batches: count, then raftIndex and firstId, each as the difference from the previous one
 *   | writers of the batches in runs: count, then batchCount clientId requestSeq (of the run's
 *       first batch; the next ones have the next request_seqs)
 *   | snapshot registry (version 3 on): requestSeq, count, then recordId location sizeBytes
 *       keyCount digest createdMs answersRequestSeq of each recorded snapshot, newest first
 *   | CRC32C of everything before (4 bytes little-endian; snapshots only)
 *
 * expiresAtMs is this node's estimate, not replicated state: the digest writes 0 in its place.
 * Version 2 (before the registry) still loads, with an empty registry and no requests.
 */
import { ByteReader, ByteWriter, FormatError } from './byte-codec.js';
import { crc32c } from '../storage/crc32c.js';
import type { RetainedBatch } from './batch-index.js';
import type { RememberedResult, SessionMemory } from './dedup-table.js';
import type { LeaseView } from './lease-state.js';
import { type RecordedSnapshot, type RegistryState, registryProblem } from './snapshot-registry.js';
import type { StateMachineLimits } from './validate-append.js';

/** The snapshot format this code writes. */
export const STATE_FORMAT_VERSION = 3;
/** The format before the snapshot registry, still read (its registry is empty). */
const STATE_FORMAT_VERSION_WITHOUT_REGISTRY = 2;

/** Everything the state machine holds at `appliedIndex`. */
export interface MachineState {
  readonly appliedIndex: number;
  readonly lastAcceptedId: number;
  readonly firstRetainedId: number;
  readonly lease: LeaseView | null;
  /** Least recently updated first. */
  readonly sessions: readonly (readonly [bigint, SessionMemory])[];
  /** (raftIndex, firstId, clientId, requestSeq) of each retained batch, in order. */
  readonly batches: readonly RetainedBatch[];
  readonly registry: RegistryState;
}

/** A decoded snapshot, or why it was refused. */
export type DecodeStateResult = { readonly ok: true; readonly state: MachineState } | { readonly ok: false; readonly error: string };

const UINT64_MAX = (1n << 64n) - 1n;
const RESULT_COMMITTED = 1;
const RESULT_REJECTED = 2;
const REASON_CHAIN = 1;
const REASON_FENCED_SESSION = 2;

/** The snapshot bytes of `state`, checksummed. */
export function encodeSnapshot(state: MachineState): Uint8Array {
  const writer = writeState(state, true);
  writer.u32(crc32c(writer.bytes()));
  return writer.bytes().slice();
}

/** The replicated part of `state` as bytes (no node-local estimate, no checksum): what digests hash. */
export function encodeReplicated(state: MachineState): Uint8Array {
  return writeState(state, false).bytes();
}

/** Decodes and checks snapshot bytes (checksum, version, every invariant of the state). */
export function decodeSnapshot(data: Uint8Array, limits: StateMachineLimits): DecodeStateResult {
  if (data.length < 5) return { ok: false, error: `snapshot of ${data.length} bytes is too short` };
  const body = data.subarray(0, data.length - 4);
  const stored = new ByteReader(data.subarray(data.length - 4)).u32();
  if (crc32c(body) !== stored) return { ok: false, error: 'snapshot checksum mismatch' };
  const version = body[0] as number;
  if (version !== STATE_FORMAT_VERSION && version !== STATE_FORMAT_VERSION_WITHOUT_REGISTRY) {
    return { ok: false, error: `snapshot format version ${version} is not ${STATE_FORMAT_VERSION_WITHOUT_REGISTRY} or ${STATE_FORMAT_VERSION}` };
  }
  try {
    const reader = new ByteReader(body.subarray(1));
    const state = readState(reader, limits, version === STATE_FORMAT_VERSION);
    if (!reader.atEnd()) throw new FormatError('bytes after the end');
    return { ok: true, state };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, error: `snapshot is malformed: ${error.message}` };
    throw error;
  }
}

function writeState(state: MachineState, withLocal: boolean): ByteWriter {
  const writer = new ByteWriter();
  writer.u8(STATE_FORMAT_VERSION);
  writer.uint(state.appliedIndex);
  writer.uint(state.lastAcceptedId);
  writer.uint(state.firstRetainedId);
  writeLease(writer, state.lease, withLocal);
  writer.uint(state.sessions.length);
  for (const [clientId, memory] of state.sessions) writeSession(writer, clientId, memory);
  writer.uint(state.batches.length);
  let previousRaftIndex = 0;
  let previousFirstId = 0;
  for (const [raftIndex, firstId] of state.batches) {
    writer.uint(raftIndex - previousRaftIndex);
    writer.uint(firstId - previousFirstId);
    previousRaftIndex = raftIndex;
    previousFirstId = firstId;
  }
  writeWriterRuns(writer, state.batches);
  writeRegistry(writer, state.registry);
  return writer;
}

function writeRegistry(writer: ByteWriter, registry: RegistryState): void {
  writer.uint(registry.requestSeq);
  writer.uint(registry.snapshots.length);
  for (const snapshot of registry.snapshots) {
    writer.uint(snapshot.recordId);
    writer.string(snapshot.location);
    writer.uint(snapshot.sizeBytes);
    writer.uint(snapshot.keyCount);
    writer.string(snapshot.digest);
    writer.uint(snapshot.createdMs);
    writer.uint(snapshot.answersRequestSeq);
  }
}

function writeLease(writer: ByteWriter, lease: LeaseView | null, withLocal: boolean): void {
  if (lease === null) {
    writer.u8(0);
    return;
  }
  writer.u8(1);
  writer.string(lease.holder);
  writer.string(lease.address);
  writer.uint(lease.epoch);
  writer.uint(lease.durationMs);
  writer.uint(lease.lastRenewalId);
  writer.uint(withLocal ? lease.expiresAtMs : 0);
}

/** The batches' writers as runs: consecutive batches of one session with consecutive request_seqs share one. */
function writeWriterRuns(writer: ByteWriter, batches: readonly RetainedBatch[]): void {
  const runs: { count: number; clientId: bigint; requestSeq: bigint }[] = [];
  for (const [, , clientId, requestSeq] of batches) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.clientId === clientId && last.requestSeq + BigInt(last.count) === requestSeq) last.count++;
    else runs.push({ count: 1, clientId, requestSeq });
  }
  writer.uint(runs.length);
  for (const run of runs) {
    writer.uint(run.count);
    writer.bigUint(run.clientId);
    writer.bigUint(run.requestSeq);
  }
}

function writeSession(writer: ByteWriter, clientId: bigint, memory: SessionMemory): void {
  writer.bigUint(clientId);
  writer.bigUint(memory.requestSeq);
  writer.uint(memory.index);
  writer.uint(memory.results.length);
  for (const result of memory.results) writeResult(writer, result);
}

function writeResult(writer: ByteWriter, result: RememberedResult): void {
  if (result.kind === 'committed') {
    writer.u8(RESULT_COMMITTED);
    writer.uint(result.firstId);
    writer.uint(result.lastId - result.firstId);
    return;
  }
  if (result.reason === 'sequenceGap') throw new Error('assertion: a sequence gap is never remembered');
  writer.u8(RESULT_REJECTED);
  writer.uint(result.lastAcceptedId);
  writer.u8(result.reason === 'chain' ? REASON_CHAIN : REASON_FENCED_SESSION);
}

function readState(reader: ByteReader, limits: StateMachineLimits, withRegistry: boolean): MachineState {
  const appliedIndex = reader.uint();
  const lastAcceptedId = reader.uint();
  const firstRetainedId = reader.uint();
  check(firstRetainedId >= 1 && firstRetainedId <= lastAcceptedId + 1, 'first retained id outside 1..last accepted id + 1');
  const lease = readLease(reader, lastAcceptedId, limits);
  const sessions = readSessions(reader, appliedIndex, lastAcceptedId, limits);
  const batches = readBatches(reader, appliedIndex, lastAcceptedId, firstRetainedId);
  const registry = withRegistry ? readRegistry(reader, lastAcceptedId, limits) : { snapshots: [], requestSeq: 0 };
  return { appliedIndex, lastAcceptedId, firstRetainedId, lease, sessions, batches, registry };
}

function readRegistry(reader: ByteReader, lastAcceptedId: number, limits: StateMachineLimits): RegistryState {
  const requestSeq = reader.uint();
  const count = reader.uint();
  check(count <= limits.snapshotRegistryEntriesMax, `${count} recorded snapshots, more than the limit of ${limits.snapshotRegistryEntriesMax}`);
  const snapshots: RecordedSnapshot[] = [];
  for (let n = 0; n < count; n++) {
    snapshots.push({
      recordId: reader.uint(),
      location: reader.string(limits.snapshotLocationBytesMax),
      sizeBytes: reader.uint(),
      keyCount: reader.uint(),
      digest: reader.string(limits.snapshotDigestBytesMax),
      createdMs: reader.uint(),
      answersRequestSeq: reader.uint(),
    });
  }
  const registry = { snapshots, requestSeq };
  const problem = registryProblem(registry, lastAcceptedId, limits);
  check(problem === null, problem ?? '');
  return registry;
}

function readLease(reader: ByteReader, lastAcceptedId: number, limits: StateMachineLimits): LeaseView | null {
  const present = reader.u8();
  if (present === 0) return null;
  check(present === 1, 'bad lease marker');
  const holder = reader.string(limits.leaseHolderBytesMax);
  const address = reader.string(limits.leaseHolderBytesMax);
  const epoch = reader.uint();
  const durationMs = reader.uint();
  const lastRenewalId = reader.uint();
  const expiresAtMs = reader.uint();
  check(holder.length > 0 && epoch >= 1, 'lease without holder or epoch');
  check(durationMs >= 1 && durationMs <= limits.leaseDurationMsMax, 'lease duration out of range');
  check(lastRenewalId >= 1 && lastRenewalId <= lastAcceptedId, 'lease renewal id beyond the chain');
  return { holder, address, epoch, durationMs, lastRenewalId, expiresAtMs };
}

function readSessions(reader: ByteReader, appliedIndex: number, lastAcceptedId: number, limits: StateMachineLimits): [bigint, SessionMemory][] {
  const count = reader.uint();
  check(count <= limits.dedupClientsMax, `${count} sessions, more than the limit of ${limits.dedupClientsMax}`);
  const seen = new Set<bigint>();
  const sessions: [bigint, SessionMemory][] = [];
  let previousIndex = 0;
  let resultsTotal = 0;
  for (let n = 0; n < count; n++) {
    const clientId = reader.bigUint();
    const requestSeq = reader.bigUint();
    const index = reader.uint();
    const resultCount = reader.uint();
    check(!seen.has(clientId), 'a session appears twice');
    check(requestSeq >= 1n, 'a session with request_seq 0');
    check(index > previousIndex && index <= appliedIndex, 'sessions out of order');
    check(resultCount >= 1 && resultCount <= limits.clientInflightAppendsMax, `a session with ${resultCount} results (1..${limits.clientInflightAppendsMax})`);
    check(BigInt(resultCount) <= requestSeq, 'a session with results before request_seq 1');
    resultsTotal += resultCount;
    check(resultsTotal <= limits.dedupResultsMax, `more than the limit of ${limits.dedupResultsMax} remembered results`);
    seen.add(clientId);
    previousIndex = index;
    const results: RememberedResult[] = [];
    for (let position = 0; position < resultCount; position++) results.push(readResult(reader, lastAcceptedId));
    sessions.push([clientId, { requestSeq, index, results }]);
  }
  return sessions;
}

function readResult(reader: ByteReader, lastAcceptedId: number): RememberedResult {
  const tag = reader.u8();
  if (tag === RESULT_COMMITTED) {
    const firstId = reader.uint();
    const lastId = firstId + reader.uint();
    check(firstId >= 1 && lastId <= lastAcceptedId, 'a remembered commit beyond the chain');
    return { kind: 'committed', firstId, lastId };
  }
  check(tag === RESULT_REJECTED, 'bad result tag');
  const rejectedAt = reader.uint();
  const reason = reader.u8();
  check(rejectedAt <= lastAcceptedId, 'a remembered rejection beyond the chain');
  check(reason === REASON_CHAIN || reason === REASON_FENCED_SESSION, 'bad rejection reason');
  return { kind: 'rejected', lastAcceptedId: rejectedAt, notYet: false, reason: reason === REASON_CHAIN ? 'chain' : 'fencedSession' };
}

function readBatches(reader: ByteReader, appliedIndex: number, lastAcceptedId: number, firstRetainedId: number): RetainedBatch[] {
  const count = reader.uint();
  check(count <= lastAcceptedId, 'more batches than records');
  const positions: [number, number][] = [];
  let raftIndex = 0;
  let firstId = 0;
  for (let n = 0; n < count; n++) {
    const raftStep = reader.uint();
    const idStep = reader.uint();
    check(raftStep >= 1 && idStep >= 1, 'batches out of order');
    raftIndex += raftStep;
    firstId += idStep;
    check(raftIndex <= appliedIndex && firstId <= lastAcceptedId, 'a batch beyond the applied state');
    positions.push([raftIndex, firstId]);
  }
  const first = positions[0];
  if (first === undefined) {
    check(firstRetainedId === lastAcceptedId + 1, 'retained records without batches');
  } else {
    const firstEnd = positions[1]?.[1] ?? lastAcceptedId + 1;
    check(first[1] <= firstRetainedId && firstRetainedId < firstEnd, 'the first batch does not hold the first retained record');
  }
  return withWriters(reader, positions);
}

/** The batches at `positions` with their writers, read as runs. */
function withWriters(reader: ByteReader, positions: readonly (readonly [number, number])[]): RetainedBatch[] {
  const runCount = reader.uint();
  check(runCount <= positions.length, 'more writer runs than batches');
  const batches: RetainedBatch[] = [];
  for (let run = 0; run < runCount; run++) {
    const length = reader.uint();
    const clientId = reader.bigUint();
    const firstSeq = reader.bigUint();
    check(length >= 1 && batches.length + length <= positions.length, 'writer runs do not cover the batches');
    check(firstSeq >= 1n && firstSeq + BigInt(length - 1) <= UINT64_MAX, 'a writer run with request_seq outside 1..2^64-1');
    for (let offset = 0; offset < length; offset++) {
      const [raftIndex, firstId] = positions[batches.length] as readonly [number, number];
      batches.push([raftIndex, firstId, clientId, firstSeq + BigInt(offset)]);
    }
  }
  check(batches.length === positions.length, 'writer runs do not cover the batches');
  return batches;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new FormatError(message);
}
