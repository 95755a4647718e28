/**
 * One writer session on the simulated network, with the real client's bookkeeping
 * (txlog/src/client/writer-chain.ts) and the attempt loop of LogWriter / ClientCore.callLeader:
 * appends are batched into requests (several in flight), each request is sent to the node
 * believed to lead, NotLeader hints are followed, timeouts and retryable errors move on to
 * another node after a backoff, a stale answer is FAILED_PRECONDITION, and a request unanswered at
 * its deadline is lost (its outcome unknown). Retries carry the same client_id and request_seq.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { LeaseClaim, LeaseRenewal } from '../../proto/gen/txlog.js';
import { Backoff } from '../../txlog/src/client/backoff.js';
import { isRetryable } from '../../txlog/src/client/client-core.js';
import { appendRequestToProto, type LogRecord } from '../../txlog/src/client/codec.js';
import { type AppendOutcome, type ChainAppend, type ChainRequest, type RequestAnswer, WriterChain } from '../../txlog/src/client/writer-chain.js';
import type { NodeId } from '../../txlog/src/core/types.js';
import type { Checker } from './invariants.js';
import type { Prng } from './prng.js';
import type { AppendReply } from './sim-node.js';

/** What an actor needs from the world. */
export interface ActorWorld {
  readonly checker: Checker;
  readonly nodeIds: readonly NodeId[];
  /** Global ms now. */
  now(): number;
  after(delayMs: number, label: string, run: () => void): void;
  /** Send an Append from endpoint `from` to node `to`; `reply` runs if an answer comes back. */
  callAppend(from: string, to: NodeId, request: ReturnType<typeof appendRequestToProto>, reply: (answer: AppendReply) => void): void;
  trace(text: string): void;
}

/** How a session sends. */
export interface SessionOptions {
  readonly pipelineMax: number;
  readonly attemptTimeoutMs: number;
  readonly deadlineMs: number;
  readonly batchRecordsMax: number;
}

/** A record to append, with the key the checker knows it by (format.ts recordKey). */
export interface SimRecord {
  readonly record: LogRecord;
  readonly key: string;
}

interface QueuedAppend {
  readonly records: readonly SimRecord[];
  readonly settle: (outcome: AppendOutcome) => void;
}

/** Hint hops followed without backing off (as ClientCore). */
const hintHopsWithoutBackoff = 2;
/** Backoff bounds between attempts, in ms. */
const backoffMsMin = 2;
const backoffMsMax = 40;

const encoder = new TextEncoder();

/** A data record whose payload is its key. */
export function dataRecord(key: string): SimRecord {
  return { record: { kind: 'data', payload: encoder.encode(key) }, key };
}

/** A lease claim record (the checker's key names its kind and holder). */
export function claimRecord(holder: string, durationMs: number, address: string): SimRecord {
  const payload = LeaseClaim.encode({ holder, durationMs: BigInt(durationMs), address }).finish();
  return { record: { kind: 'leaseClaim', payload }, key: `claim:${holder}@${address}` };
}

/** A lease renewal record. */
export function renewalRecord(holder: string): SimRecord {
  return { record: { kind: 'leaseRenewal', payload: LeaseRenewal.encode({ holder }).finish() }, key: `renewal:${holder}` };
}


export class ChainSession {
  private readonly chain: WriterChain;
  private readonly queue: QueuedAppend[] = [];
  private leaderGuess: NodeId | null = null;
  /** Requests this session created, for the summary. */
  requestsCreated = 0;

  constructor(
    private readonly world: ActorWorld,
    /** The endpoint name of the actor (for the network and the trace). */
    readonly endpoint: string,
    readonly clientId: bigint,
    afterId: number,
    private readonly options: SessionOptions,
    private readonly random: Prng,
  ) {
    this.chain = new WriterChain(afterId);
  }

  /** Once fenced or lost: the outcome every later append gets. */
  get ended(): AppendOutcome | undefined {
    return this.chain.ended;
  }

  /** Appends queued or in flight. */
  get busy(): boolean {
    return this.queue.length > 0 || this.chain.unsettled > 0;
  }

  /** Append `records` as one unit after every earlier append; `settle` gets the outcome once. */
  append(records: readonly SimRecord[], settle: (outcome: AppendOutcome) => void): void {
    for (const record of records) this.world.checker.recordSent(record.key);
    this.queue.push({ records, settle: (outcome) => this.report(records, outcome, settle) });
    this.flush();
  }

  private report(records: readonly SimRecord[], outcome: AppendOutcome, settle: (outcome: AppendOutcome) => void): void {
    const keys = records.map((record) => record.key);
    if (outcome.kind === 'committed') this.world.checker.appendAcknowledged(this.endpoint, outcome.firstId, keys);
    if (outcome.kind === 'rejected') this.world.checker.appendRejected(this.endpoint, keys);
    settle(outcome);
  }

  private flush(): void {
    const ended = this.chain.ended;
    if (ended !== undefined) {
      for (const queued of this.queue.splice(0)) queued.settle(ended);
      return;
    }
    while (this.queue.length > 0 && this.chain.unsettled < this.options.pipelineMax) this.send(this.nextRequest());
  }

  private nextRequest(): ChainRequest {
    const records: LogRecord[] = [];
    const appends: ChainAppend[] = [];
    let taken = 0;
    for (const queued of this.queue) {
      if (records.length > 0 && records.length + queued.records.length > this.options.batchRecordsMax) break;
      appends.push({ offset: records.length, count: queued.records.length, settle: queued.settle });
      for (const item of queued.records) records.push(item.record);
      taken++;
    }
    this.queue.splice(0, taken);
    this.requestsCreated++;
    return this.chain.create(records, appends, this.world.now() + this.options.deadlineMs);
  }

  /** Send `request` until an answer decides it or its deadline passes (LogWriter.send). */
  private send(request: ChainRequest): void {
    request.sending = true;
    request.held = false;
    const wire = appendRequestToProto(this.clientId, request.seq, request.expectedPrevId, request.records);
    const backoff = new Backoff(backoffMsMin, backoffMsMax, () => this.random.next());
    let hops = 0;
    const finish = () => {
      request.sending = false;
      const held = this.chain.heldOldest();
      if (held !== undefined) this.send(held);
      this.flush();
    };
    const retryAfter = (ms: number) => this.world.after(Math.min(ms, Math.max(0, request.deadline - this.world.now())), `${this.endpoint} retry`, attempt);
    const attempt = (): void => {
      if (request.settled) return finish();
      if (this.world.now() >= request.deadline) {
        this.chain.lost(request, 'no answer before the deadline');
        return finish();
      }
      const target = this.leaderGuess ?? this.random.pick(this.world.nodeIds);
      let answered = false;
      const timeout = Math.max(1, Math.min(this.options.attemptTimeoutMs, request.deadline - this.world.now()));
      this.world.after(timeout, `${this.endpoint} timeout`, () => {
        if (answered) return;
        answered = true;
        this.leaderGuess = null;
        hops = 0;
        retryAfter(backoff.next());
      });
      this.world.callAppend(this.endpoint, target, wire, (reply) => {
        if (answered) return; // timed out already, or a duplicate answer
        answered = true;
        const next = this.onReply(request, target, reply);
        if (next === 'done') return finish();
        if (next === 'hop' && hops < hintHopsWithoutBackoff) {
          hops++;
          return attempt();
        }
        hops = 0;
        retryAfter(backoff.next());
      });
    };
    attempt();
  }

  /** What to do after `reply` from `target`: done (the chain decided), hop (follow a hint now) or retry (after a backoff). */
  private onReply(request: ChainRequest, target: NodeId, reply: AppendReply): 'done' | 'hop' | 'retry' {
    if (request.settled) return 'done';
    if (reply.kind === 'notLeader') {
      const known = reply.leaderId !== 0 && reply.leaderId !== target;
      this.leaderGuess = known ? reply.leaderId : null;
      return known ? 'hop' : 'retry';
    }
    let answer: RequestAnswer;
    if (reply.kind === 'error') {
      // As LogWriter.attempt: the node's answer when the request's outcome can no longer be told.
      if (reply.code === grpcStatus.FAILED_PRECONDITION) {
        this.world.checker.appendStale();
        answer = { kind: 'stale', details: reply.details };
      } else if (isRetryable(reply.code)) {
        this.leaderGuess = null;
        return 'retry';
      } else answer = { kind: 'failed', reason: `n${target} refused the request: ${reply.details}` };
    } else {
      this.leaderGuess = target;
      answer = reply;
    }
    return this.chain.answered(request, answer) === 'resendNow' ? 'retry' : 'done';
  }
}
