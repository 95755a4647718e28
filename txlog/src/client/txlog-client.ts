/**
 * The log client: connections to every node (made on first use), leader discovery that follows
 * leader changes, Status, Trim, Tail and the snapshot registry (record a snapshot, request one;
 * Status shows the registry). Appends go through a LogWriter made from a client.
 */
import { type ClientUnaryCall, type ServiceError, status as grpcStatus } from '@grpc/grpc-js';
import type { NotLeader, RecordSnapshotResponse, RequestSnapshotResponse, StatusResponse, TrimResponse, TxLogClient as TxLogStub } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { checkSnapshotInfo, snapshotInfoOf } from '../statemachine/snapshot-registry.js';
import { ClientCore, isRetryable, type LeaderAttempt } from './client-core.js';
import { idFromProto, idToProto, type NodeStatus, type SnapshotView, statusFromProto, type TailedRecord } from './codec.js';
import { TxlogError } from './errors.js';
import type { CallResult } from './node-pool.js';
import type { TxlogClientOptions } from './settings.js';
import { tailRecords } from './tail.js';

/** One node's Status, or why it gave none. */
export type NodeStatusAnswer =
  | { readonly address: string; readonly ok: true; readonly status: NodeStatus }
  | { readonly address: string; readonly ok: false; readonly error: string };

/** What the log's snapshot registry said to a snapshot: recorded (now or by an earlier try), or why not. */
export type RecordSnapshotOutcome = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

function describe(result: Extract<CallResult<unknown>, { ok: false }>): string {
  return `${grpcStatus[result.code] ?? result.code}: ${result.details}`;
}

const SNAPSHOT_NUMBER_FIELDS = ['recordId', 'sizeBytes', 'keyCount', 'createdMs', 'answersRequestSeq'] as const;

export class TxlogClient {
  /** What the client's parts share (LogWriter uses it); not for applications. */
  readonly core: ClientCore;
  /** Tails started so far: each starts on the next node, to spread them. */
  private tailsStarted = 0;

  /** A client of the log nodes at `addresses` (host:port each). Nothing connects until first used. */
  constructor(addresses: readonly string[], options: TxlogClientOptions = {}) {
    this.core = new ClientCore(addresses, options);
  }

  /** The address of the node last known to be the leader, if any. */
  get leaderAddress(): string | undefined {
    return this.core.leaders.current;
  }

  /**
   * The Status of the node at `address` (one call, with the attempt deadline), or, without an
   * address, the leader's (found and retried until the operation deadline).
   */
  async status(address?: string): Promise<NodeStatus> {
    if (address !== undefined) {
      const answer = await this.statusOf(address);
      if (!answer.ok) throw this.failure(`${address} gave no status: ${answer.error}`);
      return answer.status;
    }
    const result = await this.core.callLeader<NodeStatus>(this.core.deadlineIn(this.core.settings.operationTimeoutMs), async (leader, timeoutMs) => {
      const answer = await this.statusCall(leader, timeoutMs);
      if (!answer.ok) return { kind: 'failed', reason: answer.error };
      if (answer.status.role !== 'leader') return { kind: 'notLeader', hint: answer.status.leaderAddress };
      return { kind: 'done', value: answer.status };
    });
    if (!result.ok) throw this.failure(`no leader gave its status: ${result.reason}`);
    return result.value;
  }

  /** The Status of every configured node, asked at once, each with the attempt deadline. */
  statusOfAll(): Promise<NodeStatusAnswer[]> {
    return Promise.all(this.core.pool.configured.map((address) => this.statusOf(address)));
  }

  /**
   * Asks the leader to drop the records below `beforeId` (they are covered by a verified
   * snapshot). Returns the first id the log retains. Retried until the operation deadline.
   */
  async trim(beforeId: number): Promise<number> {
    if (!Number.isSafeInteger(beforeId) || beforeId < 1) throw new TxlogError('limit', `trim needs a record id of 1 or more, got ${beforeId}`);
    const request = { beforeId: idToProto(beforeId) };
    const { pool, settings } = this.core;
    const result = await this.core.callLeader<CallResult<TrimResponse>>(
      this.core.deadlineIn(settings.operationTimeoutMs),
      async (leader, timeoutMs): Promise<LeaderAttempt<CallResult<TrimResponse>>> => {
        const answer = await pool.unary<TrimResponse>(settings.scheduler, timeoutMs, (callback) => pool.stub(leader).trim(request, callback));
        if (!answer.ok && isRetryable(answer.code)) return { kind: 'failed', reason: describe(answer) };
        return { kind: 'done', value: answer };
      },
    );
    if (!result.ok) throw this.failure(`trim below ${beforeId} got no answer: ${result.reason}`);
    const answer = result.value;
    if (!answer.ok) throw new TxlogError('refused', `trim below ${beforeId} was refused: ${describe(answer)}`);
    return idFromProto(answer.value.firstRetainedId, 'first_retained_id');
  }

  /**
   * Records a verified snapshot in the log's snapshot registry, through the leader (retried until
   * the operation deadline). A retry of the latest recorded snapshot is accepted again, so an
   * answer lost on the way is safe to retry. Refusals (record id not above the latest recorded
   * one's, beyond the last accepted id, answers_request_seq out of range) come back as values.
   */
  async recordSnapshot(snapshot: SnapshotView): Promise<RecordSnapshotOutcome> {
    for (const field of SNAPSHOT_NUMBER_FIELDS) {
      const value = snapshot[field];
      if (!Number.isSafeInteger(value) || value < 0) throw new TxlogError('limit', `the snapshot's ${field} ${value} is not a non-negative safe integer`);
    }
    const info = snapshotInfoOf(snapshot);
    const checked = checkSnapshotInfo(info, txlogLimits);
    if (!checked.ok) throw new TxlogError('limit', checked.message);
    const answer = await this.unaryAtLeader<RecordSnapshotResponse>(
      `recording the snapshot at record ${snapshot.recordId}`,
      (stub, callback) => stub.recordSnapshot(info, callback),
      (response) => response.notLeader,
    );
    return answer.accepted ? { accepted: true } : { accepted: false, reason: answer.reason };
  }

  /**
   * Asks the snapshotter for a snapshot, through the log's leader (retried until the operation
   * deadline). Returns the request's seq: the request is answered once the registry holds a
   * snapshot whose answersRequestSeq reaches it. A retry after a lost answer may count a second
   * request (and return its higher seq): waiting for that one is waiting a little longer.
   */
  async requestSnapshot(): Promise<number> {
    const answer = await this.unaryAtLeader<RequestSnapshotResponse>(
      'the snapshot request',
      (stub, callback) => stub.requestSnapshot({}, callback),
      (response) => response.notLeader,
    );
    return idFromProto(answer.requestSeq, 'request_seq');
  }

  /**
   * Committed records from `fromId` on, in id order, then new ones as they commit, from any node.
   * Resumes after disconnects without gaps or repeats; ends only when the caller stops iterating
   * (or with a TxlogError: 'trimmed' when `fromId` is below the log's first retained id).
   */
  tail(fromId: number): AsyncGenerator<TailedRecord, void, undefined> {
    const firstNode = this.tailsStarted++ % this.core.pool.configured.length;
    return tailRecords(this.core, fromId, firstNode);
  }

  /** Cancels every call and stream in progress and closes the connections. Operations in progress end with 'closed' or an unknown outcome. */
  close(): void {
    this.core.close();
  }

  private async statusOf(address: string): Promise<NodeStatusAnswer> {
    if (!this.core.pool.admits(address)) throw new TxlogError('config', `'${address}' is not a node address this client can use`);
    return this.statusCall(address, this.core.settings.attemptTimeoutMs);
  }

  private async statusCall(address: string, timeoutMs: number): Promise<NodeStatusAnswer> {
    const { pool, settings } = this.core;
    const answer = await pool.unary<StatusResponse>(settings.scheduler, timeoutMs, (callback) => pool.stub(address).status({}, callback));
    if (!answer.ok) return { address, ok: false, error: describe(answer) };
    try {
      return { address, ok: true, status: statusFromProto(answer.value) };
    } catch (error) {
      if (!(error instanceof TxlogError)) throw error;
      return { address, ok: false, error: error.message };
    }
  }

  /**
   * One unary call at the leader, retried until the operation deadline: NotLeader answers
   * (`notLeaderOf`) are followed, retryable statuses retried; a final status is a 'refused' error.
   */
  private async unaryAtLeader<T>(
    what: string,
    call: (stub: TxLogStub, callback: (error: ServiceError | null, response: T) => void) => ClientUnaryCall,
    notLeaderOf: (response: T) => NotLeader | undefined,
  ): Promise<T> {
    const { pool, settings } = this.core;
    const result = await this.core.callLeader<CallResult<T>>(this.core.deadlineIn(settings.operationTimeoutMs), async (leader, timeoutMs): Promise<LeaderAttempt<CallResult<T>>> => {
      const answer = await pool.unary<T>(settings.scheduler, timeoutMs, (callback) => call(pool.stub(leader), callback));
      if (!answer.ok) return isRetryable(answer.code) ? { kind: 'failed', reason: describe(answer) } : { kind: 'done', value: answer };
      const notLeader = notLeaderOf(answer.value);
      if (notLeader !== undefined) return { kind: 'notLeader', hint: notLeader.leaderAddress };
      return { kind: 'done', value: answer };
    });
    if (!result.ok) throw this.failure(`${what} got no answer: ${result.reason}`);
    const answer = result.value;
    if (!answer.ok) throw new TxlogError('refused', `${what} was refused: ${describe(answer)}`);
    return answer.value;
  }

  private failure(message: string): TxlogError {
    return this.core.closed ? new TxlogError('closed', 'the log client was closed') : new TxlogError('unavailable', message);
  }
}
