/**
 * One writer's conditional chain (the primary's): appends batched into Append requests (group
 * commit on the client side), several requests in flight in order, idempotent retries across
 * transport failures and leader changes, and one outcome per append, settled once: committed,
 * rejected (fenced) or unknown. The bookkeeping is in writer-chain.ts; this file does the I/O.
 */
import { randomBytes } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { AppendRequest, AppendResponse } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { AppendStreamLink } from './append-stream-link.js';
import type { ClientCore, LeaderAttempt } from './client-core.js';
import { isRetryable } from './client-core.js';
import { appendAnswerFromProto, appendRequestToProto, isLogRecordKind, type LogRecord } from './codec.js';
import { TxlogError } from './errors.js';
import { checkedInteger } from './settings.js';
import type { TxlogClient } from './txlog-client.js';
import { type AppendOutcome, type ChainAppend, type ChainRequest, type RequestAnswer, WriterChain } from './writer-chain.js';

export type { AppendOutcome } from './writer-chain.js';

/** How a writer starts. */
export interface LogWriterOptions {
  /** The id of the last record the writer has seen: its first append must follow it (0 for an empty log). */
  readonly afterId: number;
  /** The writer's session id, a non-zero uint64 (random from crypto when absent). */
  readonly clientId?: bigint;
  /** Append requests in flight at once, 1..clientInflightAppendsMax (default 16). */
  readonly inflightRequestsMax?: number;
  /** How long one request may go unanswered before its outcome is unknown (default: the client's operationTimeoutMs). */
  readonly appendTimeoutMs?: number;
}

/** An append waiting for a request to carry it. */
interface QueuedAppend {
  readonly records: readonly LogRecord[];
  readonly bytes: number;
  readonly settle: (outcome: AppendOutcome) => void;
}

const DEFAULT_INFLIGHT_REQUESTS = 16;

/** A random non-zero 64-bit session id. */
function randomClientId(): bigint {
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = randomBytes(8).readBigUInt64BE();
    if (id !== 0n) return id;
  }
  throw new Error('assertion: eight random 64-bit ids in a row were zero');
}

/** The payload bytes of `records`, after checking them against the limits ('limit' errors). */
function checkRecords(records: readonly LogRecord[]): number {
  if (!Array.isArray(records) || records.length === 0) throw new TxlogError('limit', 'an append needs at least one record');
  if (records.length > txlogLimits.batchRecordsMax) {
    throw new TxlogError('limit', `an append of ${records.length} records is more than the limit of ${txlogLimits.batchRecordsMax}`);
  }
  let bytes = 0;
  records.forEach((record: LogRecord, position) => {
    if (!isLogRecordKind(record.kind)) throw new TxlogError('limit', `record ${position} has no valid kind (data, leaseClaim, leaseRenewal)`);
    if (!(record.payload instanceof Uint8Array)) throw new TxlogError('limit', `record ${position} has no byte payload`);
    if (record.payload.length > txlogLimits.recordBytesMax) {
      throw new TxlogError('limit', `record ${position} is ${record.payload.length} bytes, more than the limit of ${txlogLimits.recordBytesMax}`);
    }
    bytes += record.payload.length;
  });
  if (bytes > txlogLimits.batchBytesMax) {
    throw new TxlogError('limit', `an append of ${bytes} bytes is more than the limit of ${txlogLimits.batchBytesMax} per request`);
  }
  return bytes;
}

export class LogWriter {
  /** The session id every request of this writer carries. */
  readonly clientId: bigint;
  private readonly chain: WriterChain;
  private readonly inflightRequestsMax: number;
  private readonly appendTimeoutMs: number;
  private readonly queue: QueuedAppend[] = [];
  private queuedBytes = 0;
  private flushScheduled = false;
  /** The AppendStream call to each node this writer sent to. */
  private readonly links = new Map<string, AppendStreamLink>();

  private constructor(
    private readonly core: ClientCore,
    options: LogWriterOptions,
  ) {
    const { afterId, clientId = randomClientId() } = options;
    checkedInteger('afterId', afterId, 0, Number.MAX_SAFE_INTEGER);
    if (clientId <= 0n || clientId >= 1n << 64n) throw new TxlogError('config', `clientId must be a non-zero uint64, got ${clientId}`);
    this.clientId = clientId;
    this.inflightRequestsMax = checkedInteger('inflightRequestsMax', options.inflightRequestsMax ?? DEFAULT_INFLIGHT_REQUESTS, 1, txlogLimits.clientInflightAppendsMax);
    this.appendTimeoutMs = checkedInteger('appendTimeoutMs', options.appendTimeoutMs ?? core.settings.operationTimeoutMs, 1, 3_600_000);
    this.chain = new WriterChain(afterId);
  }

  /** A writer whose first append follows record `afterId`. Nothing is sent until the first append. */
  static start(client: TxlogClient, options: LogWriterOptions): LogWriter {
    return new LogWriter(client.core, options);
  }

  /** Once the writer is fenced or lost track of its chain: the outcome every append gets from now on, without sending. */
  get ended(): AppendOutcome | undefined {
    return this.chain.ended;
  }

  /** The id of the last record known committed by this writer (afterId before any). */
  get lastCommittedId(): number {
    return this.chain.lastCommittedId;
  }

  /**
   * Appends `records` as one unit (they commit together or not at all), after every earlier
   * append of this writer. Appends made while requests are in flight are batched together.
   * Throws a TxlogError ('limit') for records the log would refuse, and ('closed') after close.
   * The payloads must not change until the outcome is known.
   */
  async append(records: readonly LogRecord[]): Promise<AppendOutcome> {
    const bytes = checkRecords(records);
    if (this.core.closed) throw new TxlogError('closed', 'the log client was closed');
    const ended = this.chain.ended;
    if (ended !== undefined) return ended;
    if (this.queuedBytes + bytes > txlogLimits.clientQueuedBytesMax) {
      throw new TxlogError('limit', `more than ${txlogLimits.clientQueuedBytesMax} bytes are waiting to be sent: wait for earlier appends`);
    }
    return new Promise<AppendOutcome>((settle) => {
      this.queue.push({ records: [...records], bytes, settle });
      this.queuedBytes += bytes;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.core.settings.scheduler.defer(() => this.flush());
      }
    });
  }

  /** Moves queued appends into requests while slots are free; settles them at once when the chain has ended. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.chain.ended === undefined && this.core.closed) this.settleQueue({ kind: 'unknown', reason: 'the log client was closed before the append was sent' });
    const ended = this.chain.ended;
    if (ended !== undefined) {
      this.settleQueue(ended);
      return;
    }
    while (this.queue.length > 0 && this.chain.unsettled < this.inflightRequestsMax) {
      void this.send(this.nextRequest());
    }
  }

  private settleQueue(outcome: AppendOutcome): void {
    for (const queued of this.queue.splice(0)) queued.settle(outcome);
    this.queuedBytes = 0;
  }

  /** The next request: queued appends in order, as many as the batch limits allow. */
  private nextRequest(): ChainRequest {
    const records: LogRecord[] = [];
    const appends: ChainAppend[] = [];
    let bytes = 0;
    let taken = 0;
    for (const queued of this.queue) {
      const fits = records.length + queued.records.length <= txlogLimits.batchRecordsMax && bytes + queued.bytes <= txlogLimits.batchBytesMax;
      if (!fits) break;
      appends.push({ offset: records.length, count: queued.records.length, settle: queued.settle });
      for (const record of queued.records) records.push(record);
      bytes += queued.bytes;
      taken++;
    }
    if (taken === 0) throw new Error('assertion: a checked append always fits in an empty request');
    this.queue.splice(0, taken);
    this.queuedBytes -= bytes;
    return this.chain.create(records, appends, this.core.deadlineIn(this.appendTimeoutMs));
  }

  /** Sends `request` until its answer decides something (or its deadline passes), then moves the chain on. */
  private async send(request: ChainRequest): Promise<void> {
    const wire = appendRequestToProto(this.clientId, request.seq, request.expectedPrevId, request.records);
    const backoff = this.core.backoff();
    request.sending = true;
    request.held = false;
    for (;;) {
      const result = await this.core.callLeader<RequestAnswer>(
        request.deadline,
        (address, timeoutMs) => this.attempt(wire, address, timeoutMs),
        () => request.settled,
      );
      if (request.settled) break;
      if (!result.ok) {
        this.chain.lost(request, result.reason);
        break;
      }
      const verdict = this.chain.answered(request, result.value);
      if (verdict !== 'resendNow') break;
      await this.core.sleep(Math.min(backoff.next(), Math.max(0, request.deadline - this.core.settings.scheduler.now())));
    }
    request.sending = false;
    const held = this.chain.heldOldest();
    if (held !== undefined) void this.send(held);
    this.flush();
  }

  /** The stream link to `address`, made on first use. */
  private link(address: string): AppendStreamLink {
    let link = this.links.get(address);
    if (link === undefined) {
      if (this.links.size >= txlogLimits.clientAddressesMax) this.links.clear();
      link = new AppendStreamLink(this.core.pool, address, this.core.settings.scheduler);
      this.links.set(address, link);
    }
    return link;
  }

  /** One append attempt at `address`: on its AppendStream, or as a unary Append where the node has no streams. */
  private async attempt(wire: AppendRequest, address: string, timeoutMs: number): Promise<LeaderAttempt<RequestAnswer>> {
    const { pool, settings } = this.core;
    const link = this.link(address);
    let result = link.supported ? await link.send(wire, timeoutMs) : null;
    if (result === null || (!result.ok && result.code === grpcStatus.UNIMPLEMENTED && !link.supported)) {
      result = await pool.unary<AppendResponse>(settings.scheduler, timeoutMs, (callback) => pool.stub(address).append(wire, callback));
    }
    if (!result.ok) {
      const description = `${grpcStatus[result.code] ?? result.code}: ${result.details}`;
      // The node's answer when a later request of this session was applied already (see writer-chain.ts).
      if (result.code === grpcStatus.FAILED_PRECONDITION) return { kind: 'done', value: { kind: 'stale', details: result.details } };
      if (isRetryable(result.code)) return { kind: 'failed', reason: description };
      return { kind: 'done', value: { kind: 'failed', reason: `${address} refused the request: ${description}` } };
    }
    try {
      const answer = appendAnswerFromProto(result.value);
      if (answer.kind === 'notLeader') return { kind: 'notLeader', hint: answer.leaderAddress };
      return { kind: 'done', value: answer };
    } catch (error) {
      if (!(error instanceof TxlogError)) throw error;
      return { kind: 'done', value: { kind: 'failed', reason: error.message } };
    }
  }
}
