/**
 * The bookkeeping of one writer's conditional chain, without I/O: the append requests in flight
 * in order, what the nodes answered, and the outcomes that follow, settled once each and in
 * request order.
 *
 * Request k+1 names as expected_prev_id the last id request k will get, so the chain is planned
 * before anything is answered. The log's state machine applies a session's requests in
 * request_seq order (a later one waits with not_yet until the earlier one is applied) and keeps a
 * fenced session fenced, which gives the rules used here:
 *   - a committed answer to request m means every earlier request was committed too, with the
 *     ids it planned;
 *   - a fenced rejection ends the chain: that request and every later one are rejected;
 *   - not_yet means "send again once the earlier requests are answered";
 *   - a stale answer (a later request of ours was applied already) says this one was applied but
 *     not how: only a later committed request can tell, else the outcome is unknown;
 *   - no answer by the deadline, a refusal or a malformed answer: unknown, and every later
 *     request is unknown too.
 */
import type { LogRecord } from './codec.js';

/** What became of an append. */
export type AppendOutcome =
  /** Committed to the log: the records have ids firstId..lastId. */
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  /** Fenced: someone else appended after lastAcceptedId. This writer's later appends are rejected too. */
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number }
  /** No answer that says either: the records may or may not be in the log. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** What a node's answer to one request came to, as the chain needs it. */
export type RequestAnswer =
  | { readonly kind: 'committed'; readonly firstId: number; readonly lastId: number }
  | { readonly kind: 'rejected'; readonly lastAcceptedId: number; readonly notYet: boolean }
  /** The node says a later request of this session was applied already, so this one was too (FAILED_PRECONDITION on Append). */
  | { readonly kind: 'stale'; readonly details: string }
  /** The node refused the request, or answered something malformed: nothing more can be learnt. */
  | { readonly kind: 'failed'; readonly reason: string };

/** What the writer does next with a request after its answer. */
export type AnswerVerdict = 'done' | 'resendLater' | 'resendNow';

/** One append call of the writer: `count` records from position `offset` of its request. */
export interface ChainAppend {
  readonly offset: number;
  readonly count: number;
  readonly settle: (outcome: AppendOutcome) => void;
}

/** One Append request of the chain. */
export class ChainRequest {
  /** True while an attempt loop sends it. */
  sending = false;
  /** Answered not_yet: sent again once it is the oldest unsettled request. */
  held = false;
  /** True once its appends have their outcomes. */
  settled = false;
  /** The answer that decides it, once there is one. */
  answer:
    | { readonly kind: 'committed' }
    | { readonly kind: 'fenced'; readonly lastAcceptedId: number }
    | { readonly kind: 'applied' }
    | { readonly kind: 'lost'; readonly reason: string }
    | undefined;

  constructor(
    readonly seq: number,
    readonly expectedPrevId: number,
    readonly records: readonly LogRecord[],
    readonly appends: readonly ChainAppend[],
    /** Clock reading after which its outcome is unknown. */
    readonly deadline: number,
  ) {}

  /** The last id this request's records get if it commits. */
  get plannedLastId(): number {
    return this.expectedPrevId + this.records.length;
  }
}

export class WriterChain {
  /** Unsettled requests, oldest first. */
  private readonly requests: ChainRequest[] = [];
  private nextSeq = 1;
  /** expected_prev_id of the next request: the last id the newest request will get. */
  private tipId: number;
  /** The last id of the newest committed request (the chain's settled position). */
  private committedId: number;
  private endOutcome: Exclude<AppendOutcome, { kind: 'committed' }> | undefined;

  constructor(afterId: number) {
    if (!Number.isSafeInteger(afterId) || afterId < 0) throw new Error(`assertion: afterId ${afterId} is not a non-negative safe integer`);
    this.tipId = afterId;
    this.committedId = afterId;
  }

  /** Once fenced or lost track: the outcome of every append from now on. */
  get ended(): AppendOutcome | undefined {
    return this.endOutcome;
  }

  /** Requests sent and not yet settled. */
  get unsettled(): number {
    return this.requests.length;
  }

  /** The id of the last record known committed for this writer (afterId before any). */
  get lastCommittedId(): number {
    return this.committedId;
  }

  /** A new request after the newest one, holding `records` for `appends`. */
  create(records: readonly LogRecord[], appends: readonly ChainAppend[], deadline: number): ChainRequest {
    if (this.endOutcome !== undefined) throw new Error('assertion: no request after the chain ended');
    if (records.length === 0) throw new Error('assertion: a request holds at least one record');
    const request = new ChainRequest(this.nextSeq++, this.tipId, records, appends, deadline);
    this.tipId = request.plannedLastId;
    this.requests.push(request);
    return request;
  }

  /** The oldest unsettled request, when it waits to be sent again after not_yet. */
  heldOldest(): ChainRequest | undefined {
    const oldest = this.requests[0];
    return oldest !== undefined && oldest.held && !oldest.sending ? oldest : undefined;
  }

  /** Records a node's answer to `request` and settles what it decides. */
  answered(request: ChainRequest, answer: RequestAnswer): AnswerVerdict {
    if (request.settled) return 'done';
    switch (answer.kind) {
      case 'committed':
        if (answer.firstId !== request.expectedPrevId + 1 || answer.lastId !== request.plannedLastId) {
          const expected = `${request.expectedPrevId + 1}..${request.plannedLastId}`;
          request.answer = { kind: 'lost', reason: `a node answered ids ${answer.firstId}..${answer.lastId} where ${expected} were planned` };
          break;
        }
        request.answer = { kind: 'committed' };
        break;
      case 'rejected':
        if (answer.notYet) {
          if (this.requests[0] === request) return 'resendNow';
          request.held = true;
          return 'resendLater';
        }
        request.answer = { kind: 'fenced', lastAcceptedId: answer.lastAcceptedId };
        break;
      case 'stale':
        request.answer = { kind: 'applied' };
        break;
      case 'failed':
        request.answer = { kind: 'lost', reason: answer.reason };
        break;
    }
    this.settle();
    return 'done';
  }

  /** `request` got no answer before its deadline (or the client closed). */
  lost(request: ChainRequest, reason: string): void {
    if (request.settled) return;
    request.answer = { kind: 'lost', reason };
    this.settle();
  }

  private end(outcome: Exclude<AppendOutcome, { kind: 'committed' }>): void {
    this.endOutcome ??= outcome;
  }

  /** Settles requests from the oldest for as long as their outcome is decided. */
  private settle(): void {
    for (;;) {
      const oldest = this.requests[0];
      if (oldest === undefined) return;
      if (this.endOutcome !== undefined) {
        this.settleWith(oldest, () => this.endOutcome as AppendOutcome);
        continue;
      }
      const answer = oldest.answer;
      if (answer?.kind === 'committed' || this.laterCommitted()) {
        this.settleCommitted(oldest);
        continue;
      }
      if (answer?.kind === 'fenced') {
        this.end({ kind: 'rejected', lastAcceptedId: answer.lastAcceptedId });
        continue;
      }
      if (answer?.kind === 'lost') {
        this.end({ kind: 'unknown', reason: `request ${oldest.seq}: ${answer.reason}` });
        continue;
      }
      if (answer?.kind === 'applied' && !this.laterInFlight()) {
        this.end({ kind: 'unknown', reason: `request ${oldest.seq} was applied but its answer was lost, and no later request tells whether it committed` });
        continue;
      }
      return;
    }
  }

  private laterCommitted(): boolean {
    for (let index = 1; index < this.requests.length; index++) if (this.requests[index]?.answer?.kind === 'committed') return true;
    return false;
  }

  /** True when a request after the oldest is still being sent (its answer may yet tell about the oldest). */
  private laterInFlight(): boolean {
    for (let index = 1; index < this.requests.length; index++) {
      const request = this.requests[index];
      if (request !== undefined && request.answer === undefined && !request.held) return true;
    }
    return false;
  }

  private settleCommitted(request: ChainRequest): void {
    const firstId = request.expectedPrevId + 1;
    if (request.expectedPrevId !== this.committedId) {
      throw new Error(`assertion: request ${request.seq} follows id ${request.expectedPrevId} but the chain is committed to ${this.committedId}`);
    }
    this.committedId = request.plannedLastId;
    this.settleWith(request, (append) => ({ kind: 'committed', firstId: firstId + append.offset, lastId: firstId + append.offset + append.count - 1 }));
  }

  private settleWith(request: ChainRequest, outcome: (append: ChainAppend) => AppendOutcome): void {
    if (this.requests[0] !== request || request.settled) throw new Error(`assertion: request ${request.seq} settled out of order`);
    this.requests.shift();
    request.settled = true;
    for (const append of request.appends) append.settle(outcome(append));
  }
}
