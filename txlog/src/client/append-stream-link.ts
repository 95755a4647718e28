/**
 * One writer's AppendStream call to one node, opened on first use: requests go out on it and
 * each answer is matched to its request by request_seq. Any failure of the stream (it breaks,
 * ends, or a request on it goes unanswered past its timeout) fails every request waiting on it
 * and drops the stream, so the writer's retries go out on a fresh one. A node without the method
 * (UNIMPLEMENTED) marks the link unsupported: the writer then uses unary Append for that node.
 */
import { type ClientDuplexStream, type ServiceError, status } from '@grpc/grpc-js';
import type { AppendRequest, AppendResponse } from '../../../proto/gen/txlog.js';
import type { CallResult, NodePool } from './node-pool.js';
import type { Scheduler } from './scheduler.js';

type Stream = ClientDuplexStream<AppendRequest, AppendResponse>;

interface Waiting {
  readonly resolve: (result: CallResult<AppendResponse>) => void;
  readonly cancelTimer: () => void;
}

export class AppendStreamLink {
  private stream: Stream | null = null;
  private untrack: () => void = () => undefined;
  private readonly waiting = new Map<bigint, Waiting>();
  private unsupported = false;

  constructor(
    private readonly pool: NodePool,
    private readonly address: string,
    private readonly scheduler: Scheduler,
  ) {}

  /** False once the node answered that it has no AppendStream method. */
  get supported(): boolean {
    return !this.unsupported;
  }

  /** Sends `request` and resolves with its answer, or with the status its stream failed with (after `timeoutMs`: DEADLINE_EXCEEDED). */
  send(request: AppendRequest, timeoutMs: number): Promise<CallResult<AppendResponse>> {
    return new Promise((resolve) => {
      const stream = this.open();
      if (stream === null) return resolve({ ok: false, code: status.CANCELLED, details: 'the log client is closed' });
      // A request is sent again only after its earlier attempt was answered or failed.
      if (this.waiting.has(request.requestSeq)) throw new Error(`assertion: request ${request.requestSeq} is already waiting on ${this.address}`);
      const cancelTimer = this.scheduler.setTimer(() => {
        this.fail(stream, status.DEADLINE_EXCEEDED, `no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      this.waiting.set(request.requestSeq, { resolve, cancelTimer });
      stream.write(request);
    });
  }

  /** The open stream, or a new one (null when the client is closed). */
  private open(): Stream | null {
    if (this.stream !== null) return this.stream;
    if (this.pool.closed) return null;
    const stream = this.pool.stub(this.address).appendStream();
    this.stream = stream;
    this.untrack = this.pool.track(stream);
    stream.on('data', (response: AppendResponse) => this.answered(response));
    stream.on('error', (error: ServiceError) => {
      if (error.code === status.UNIMPLEMENTED) this.unsupported = true;
      this.fail(stream, error.code, error.details || error.message);
    });
    stream.on('end', () => this.fail(stream, status.UNAVAILABLE, 'the node ended the append stream'));
    return stream;
  }

  private answered(response: AppendResponse): void {
    const waiting = this.waiting.get(response.requestSeq);
    if (waiting === undefined) return; // an answer to an attempt that already failed
    this.waiting.delete(response.requestSeq);
    waiting.cancelTimer();
    const result = response.result;
    if (result?.$case === 'failed') waiting.resolve({ ok: false, code: result.value.code, details: result.value.details });
    else waiting.resolve({ ok: true, value: response });
  }

  /** Fails everything waiting on `stream` and drops it (nothing when `stream` is no longer the open one). */
  private fail(stream: Stream, code: status, details: string): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.untrack();
    stream.cancel();
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of waiting) {
      entry.cancelTimer();
      entry.resolve({ ok: false, code, details });
    }
  }
}
