/**
 * The client API (TxLog service) of a log node. Append is checked against the limits before it
 * is proposed (clear INVALID_ARGUMENT / RESOURCE_EXHAUSTED errors), answered NotLeader with the
 * leader's client address on a follower, and answered after its entry applies otherwise.
 * AppendStream runs the same appends on one long-lived call (append-stream.ts). Trim goes
 * through Raft on the leader. RecordSnapshot and RequestSnapshot (the snapshot registry) go
 * through Raft on the leader too, and are answered NotLeader with the leader's client address on a
 * follower. Tail and Status are served by any node.
 */
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerDuplexStream,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  LogCommand,
  type AppendRequest,
  type AppendResponse,
  type NotLeader,
  type RecordSnapshotResponse,
  type RequestSnapshotRequest,
  type RequestSnapshotResponse,
  type SnapshotInfo,
  type StatusRequest,
  type StatusResponse,
  type TailRequest,
  type TailResponse,
  type TrimRequest,
  type TrimResponse,
  type TxLogServer,
} from '../../../proto/gen/txlog.js';
import type { TxlogLimits } from '../core/limits.js';
import { NO_NODE, type NodeId } from '../core/types.js';
import { fromUint64, toUint64 } from '../transport/codec.js';
import { checkSnapshotInfo } from '../statemachine/snapshot-registry.js';
import { validateAppend } from '../statemachine/validate-append.js';
import { serveAppendStream } from './append-stream.js';
import type { ProposalEnd, TxlogNode } from './txlog-node.js';

/** A gRPC error with a status code and a message for the client. */
function failure(code: status, details: string): Partial<ServiceError> {
  return { code, details, message: details };
}

/** The limits an Append breaks before anything else is looked at (RESOURCE_EXHAUSTED), or null. */
export function appendLimitBreach(request: AppendRequest, limits: TxlogLimits): string | null {
  if (request.records.length > limits.batchRecordsMax) {
    return `${request.records.length} records in one append; the limit is ${limits.batchRecordsMax}`;
  }
  let bytes = 0;
  for (let position = 0; position < request.records.length; position++) {
    const size = request.records[position]?.payload.length ?? 0;
    if (size > limits.recordBytesMax) return `record ${position} is ${size} bytes; the limit is ${limits.recordBytesMax} bytes per record`;
    bytes += size;
  }
  if (bytes > limits.batchBytesMax) return `the records are ${bytes} bytes together; the limit is ${limits.batchBytesMax} bytes per append`;
  return null;
}

/** The fields that name the request an answer is for. */
type AnswerTo = Pick<AppendResponse, 'clientId' | 'requestSeq'>;

function answerTo(request: AppendRequest): AnswerTo {
  return { clientId: request.clientId, requestSeq: request.requestSeq };
}

function notLeader(node: TxlogNode, leader: NodeId, to: AnswerTo): AppendResponse {
  return { result: { $case: 'notLeader', value: { leaderId: leader, leaderAddress: node.addressOf(leader) } }, ...to };
}

/** Why a proposal that did not apply was refused, as a gRPC error. */
function refusal(node: TxlogNode, end: Extract<ProposalEnd, { kind: 'refused' }>, clientId: bigint | null): Partial<ServiceError> {
  const limits = node.limits;
  switch (end.reason) {
    case 'clientBusy':
      return failure(status.RESOURCE_EXHAUSTED, `client ${clientId} already has ${limits.clientInflightAppendsMax} appends waiting on this node (the limit); wait for answers before sending more`);
    case 'nodeBusy':
      return failure(status.RESOURCE_EXHAUSTED, `this node already has ${limits.inflightAppendsMax} requests waiting (the limit); retry later`);
    case 'tooManyUncommittedBytes':
      return failure(status.RESOURCE_EXHAUSTED, `the leader holds ${limits.uncommittedBytesMax} bytes not yet committed (the limit); retry later`);
    case 'entryTooLarge':
      return failure(status.RESOURCE_EXHAUSTED, `the request is larger than the limit of ${limits.commandBytesMax} bytes per log entry`);
    case 'transferring':
      return failure(status.UNAVAILABLE, 'leadership is being transferred; retry shortly');
    case 'stopping':
      return failure(status.UNAVAILABLE, 'the log node is stopping');
  }
}

/** The Append call: check, propose, wait for the outcome (a response, or the error status the call fails with). */
async function append(node: TxlogNode, request: AppendRequest): Promise<AppendResponse | Partial<ServiceError>> {
  const breach = appendLimitBreach(request, node.limits);
  if (breach !== null) return failure(status.RESOURCE_EXHAUSTED, breach);
  const validation = validateAppend(request, node.limits);
  if (!validation.ok) return failure(status.INVALID_ARGUMENT, validation.message);
  const to = answerTo(request);
  if (node.role !== 'leader') return notLeader(node, node.leader, to);
  const data = LogCommand.encode({ command: { $case: 'append', value: request } }).finish();
  const end = await node.submit(data, request.clientId);
  if (end.kind === 'notLeader') return notLeader(node, end.leader, to);
  if (end.kind === 'refused') return refusal(node, end, request.clientId);
  const outcome = end.outcome;
  if (outcome.kind !== 'append') return failure(status.INTERNAL, `the append applied as a ${outcome.kind} entry`);
  const result = outcome.result;
  switch (result.kind) {
    case 'committed':
      return { result: { $case: 'committed', value: { firstId: toUint64(result.firstId), lastId: toUint64(result.lastId) } }, ...to };
    case 'rejected':
      return { result: { $case: 'rejected', value: { lastAcceptedId: toUint64(result.lastAcceptedId), notYet: result.notYet } }, ...to };
    case 'stale':
      return failure(status.FAILED_PRECONDITION, result.message);
    case 'invalid':
      return failure(status.INVALID_ARGUMENT, result.message);
  }
}

/** The Trim call: leader only, through Raft. */
async function trim(node: TxlogNode, request: TrimRequest): Promise<TrimResponse | Partial<ServiceError>> {
  if (fromUint64(request.beforeId) === undefined) return failure(status.INVALID_ARGUMENT, `before_id ${request.beforeId} is beyond 2^53 - 1`);
  if (node.role !== 'leader') return failure(status.FAILED_PRECONDITION, notLeaderText(node));
  const data = LogCommand.encode({ command: { $case: 'trim', value: request } }).finish();
  const end = await node.submit(data, null);
  if (end.kind === 'notLeader') return failure(status.FAILED_PRECONDITION, notLeaderText(node));
  if (end.kind === 'refused') return refusal(node, end, null);
  if (end.outcome.kind !== 'trim') return failure(status.INTERNAL, `the trim applied as a ${end.outcome.kind} entry`);
  return { firstRetainedId: toUint64(end.outcome.firstRetainedId) };
}

function leaderHint(node: TxlogNode, leader: NodeId): NotLeader {
  return { leaderId: leader, leaderAddress: node.addressOf(leader) };
}

/** The RecordSnapshot call: checked, then through Raft on the leader; NotLeader (with the leader's address) elsewhere. */
async function recordSnapshot(node: TxlogNode, info: SnapshotInfo): Promise<RecordSnapshotResponse | Partial<ServiceError>> {
  const checked = checkSnapshotInfo(info, node.limits);
  if (!checked.ok) return failure(status.INVALID_ARGUMENT, checked.message);
  if (node.role !== 'leader') return { accepted: false, reason: '', notLeader: leaderHint(node, node.leader) };
  const data = LogCommand.encode({ command: { $case: 'recordSnapshot', value: info } }).finish();
  const end = await node.submit(data, null);
  if (end.kind === 'notLeader') return { accepted: false, reason: '', notLeader: leaderHint(node, end.leader) };
  if (end.kind === 'refused') return refusal(node, end, null);
  const outcome = end.outcome;
  if (outcome.kind !== 'snapshotRecord') return failure(status.INTERNAL, `the snapshot record applied as a ${outcome.kind} entry`);
  const result = outcome.result;
  if (result.kind === 'refused') return { accepted: false, reason: result.reason, notLeader: undefined };
  return { accepted: true, reason: '', notLeader: undefined };
}

/** The RequestSnapshot call: through Raft on the leader; NotLeader (with the leader's address) elsewhere. */
async function requestSnapshot(node: TxlogNode): Promise<RequestSnapshotResponse | Partial<ServiceError>> {
  if (node.role !== 'leader') return { requestSeq: 0n, notLeader: leaderHint(node, node.leader) };
  const data = LogCommand.encode({ command: { $case: 'requestSnapshot', value: {} } }).finish();
  const end = await node.submit(data, null);
  if (end.kind === 'notLeader') return { requestSeq: 0n, notLeader: leaderHint(node, end.leader) };
  if (end.kind === 'refused') return refusal(node, end, null);
  const outcome = end.outcome;
  if (outcome.kind === 'invalid') return failure(status.RESOURCE_EXHAUSTED, outcome.message);
  if (outcome.kind !== 'snapshotRequest') return failure(status.INTERNAL, `the snapshot request applied as a ${outcome.kind} entry`);
  return { requestSeq: toUint64(outcome.requestSeq), notLeader: undefined };
}

function notLeaderText(node: TxlogNode): string {
  const leader = node.leader;
  if (leader === NO_NODE) return `node ${node.id} is not the leader, and no leader is known yet; retry shortly`;
  return `node ${node.id} is not the leader; the leader is node ${leader} at ${node.addressOf(leader)}`;
}

/** Send what `work` produced: a response, or an error (anything thrown is INTERNAL). */
function answer<T>(work: Promise<T | Partial<ServiceError>>, callback: sendUnaryData<T>, isError: (value: T | Partial<ServiceError>) => value is Partial<ServiceError>): void {
  work.then(
    (value) => (isError(value) ? callback(value, null) : callback(null, value)),
    (error: unknown) => callback(failure(status.INTERNAL, error instanceof Error ? error.message : String(error)), null),
  );
}

function isServiceError(value: object): value is Partial<ServiceError> {
  return 'code' in value && 'details' in value;
}

const unavailable = failure(status.UNAVAILABLE, 'the log node is starting');

/** The TxLog service of the node `nodeOf()` returns (null while it is being set up). */
export function txlogService(nodeOf: () => TxlogNode | null): TxLogServer {
  return {
    append(call: ServerUnaryCall<AppendRequest, AppendResponse>, callback: sendUnaryData<AppendResponse>): void {
      const node = nodeOf();
      if (node === null) return callback(unavailable, null);
      answer(append(node, call.request), callback, isServiceError);
    },
    appendStream(call: ServerDuplexStream<AppendRequest, AppendResponse>): void {
      serveAppendStream(call, nodeOf, append);
    },
    trim(call: ServerUnaryCall<TrimRequest, TrimResponse>, callback: sendUnaryData<TrimResponse>): void {
      const node = nodeOf();
      if (node === null) return callback(unavailable, null);
      answer(trim(node, call.request), callback, isServiceError);
    },
    recordSnapshot(call: ServerUnaryCall<SnapshotInfo, RecordSnapshotResponse>, callback: sendUnaryData<RecordSnapshotResponse>): void {
      const node = nodeOf();
      if (node === null) return callback(unavailable, null);
      answer(recordSnapshot(node, call.request), callback, isServiceError);
    },
    requestSnapshot(_call: ServerUnaryCall<RequestSnapshotRequest, RequestSnapshotResponse>, callback: sendUnaryData<RequestSnapshotResponse>): void {
      const node = nodeOf();
      if (node === null) return callback(unavailable, null);
      answer(requestSnapshot(node), callback, isServiceError);
    },
    status(_call: ServerUnaryCall<StatusRequest, StatusResponse>, callback: sendUnaryData<StatusResponse>): void {
      const node = nodeOf();
      if (node === null) return callback(unavailable, null);
      callback(null, node.status());
    },
    tail(call: ServerWritableStream<TailRequest, TailResponse>): void {
      const node = nodeOf();
      if (node === null) return void call.emit('error', unavailable);
      const fromId = fromUint64(call.request.fromId);
      if (fromId === undefined) return void call.emit('error', failure(status.OUT_OF_RANGE, `from_id ${call.request.fromId} is beyond 2^53 - 1`));
      node.tail(call, fromId);
    },
  };
}
