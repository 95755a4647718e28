/**
 * The log client: connections to every node (made on first use), leader discovery that follows
 * leader changes, Status, Trim and Tail. Appends go through a LogWriter made from a client.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import type { StatusResponse, TrimResponse } from '../../../proto/gen/txlog.js';
import { ClientCore, isRetryable, type LeaderAttempt } from './client-core.js';
import { idFromProto, idToProto, type NodeStatus, statusFromProto, type TailedRecord } from './codec.js';
import { TxlogError } from './errors.js';
import type { CallResult } from './node-pool.js';
import type { TxlogClientOptions } from './settings.js';
import { tailRecords } from './tail.js';

/** One node's Status, or why it gave none. */
export type NodeStatusAnswer =
  | { readonly address: string; readonly ok: true; readonly status: NodeStatus }
  | { readonly address: string; readonly ok: false; readonly error: string };

function describe(result: Extract<CallResult<unknown>, { ok: false }>): string {
  return `${grpcStatus[result.code] ?? result.code}: ${result.details}`;
}

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

  private failure(message: string): TxlogError {
    return this.core.closed ? new TxlogError('closed', 'the log client was closed') : new TxlogError('unavailable', message);
  }
}
