/**
 * One Tail call: accepted records in id order from from_id, read from this node's applied
 * prefix (the state machine's batch index says which stored entry holds which ids), then new
 * ones as they apply. One response is written at a time and the next is only built after gRPC
 * took it (write() true, or 'drain'), so a slow reader holds at most one response here plus
 * gRPC's small buffer. The stream ends with OUT_OF_RANGE when the records it needs were trimmed.
 */
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { TailRecord, TailRequest, TailResponse } from '../../../proto/gen/txlog.js';
import type { Entry } from '../core/types.js';
import type { IdRecord, LogStateMachine } from '../statemachine/log-state-machine.js';

/** What a Tail stream reads from its node. */
export interface TailSource {
  /** The node's current state machine (replaced when a snapshot is installed). */
  machine(): LogStateMachine;
  /** The stored entry at `raftIndex`, or undefined when it was compacted away. */
  entry(raftIndex: number): Entry | undefined;
  /** The reader is slow: the stream waits for gRPC to drain before sending from `nextId`. */
  blocked(nextId: number): void;
}

/** Bounds of one response message. */
export interface TailLimits {
  readonly tailBatchEntriesMax: number;
  readonly tailBatchBytesMax: number;
}

/** Per-record overhead counted against tailBatchBytesMax (id, kind, framing). */
const RECORD_OVERHEAD_BYTES = 16;

type Next = { readonly kind: 'records'; readonly response: TailResponse; readonly nextId: number } | { readonly kind: 'wait' } | { readonly kind: 'trimmed'; readonly firstRetainedId: number };

/** Serves one Tail call until the client goes away or the node stops. */
export class TailStream {
  private nextId: number;
  /** Resolves the wait for new records. */
  private wakeup: (() => void) | null = null;
  /** Resolves the wait for gRPC to drain (only the end of the stream cuts it short). */
  private undrain: (() => void) | null = null;
  private done = false;
  /** The records of the last entry read, so a large batch is decoded once, not once per response. */
  private cached: { readonly raftIndex: number; readonly records: readonly IdRecord[] } | null = null;

  constructor(
    private readonly call: ServerWritableStream<TailRequest, TailResponse>,
    fromId: number,
    private readonly source: TailSource,
    private readonly limits: TailLimits,
    private readonly logger: Logger,
  ) {
    this.nextId = Math.max(1, fromId);
    const finish = () => this.finish();
    call.on('cancelled', finish);
    call.on('close', finish);
    call.on('error', finish);
  }

  /** True once the stream ended (client gone, trimmed, or node stopped). */
  get closed(): boolean {
    return this.done;
  }

  /** Something was applied (or the state machine replaced): look again. */
  wake(): void {
    const wakeup = this.wakeup;
    this.wakeup = null;
    wakeup?.();
  }

  /** End the stream with `code` (the node is stopping, or the request cannot be served). */
  fail(code: status, details: string): void {
    if (this.done) return;
    this.finish();
    this.call.emit('error', { code, details });
  }

  /** Stream until the call ends. */
  async run(): Promise<void> {
    while (!this.done) {
      const next = this.collect();
      if (next.kind === 'trimmed') {
        const details = `records below id ${next.firstRetainedId} were trimmed; from_id ${this.nextId} is no longer available (restore from a snapshot, then tail from its id + 1)`;
        return this.fail(status.OUT_OF_RANGE, details);
      }
      if (next.kind === 'wait') {
        await new Promise<void>((resolve) => (this.wakeup = resolve));
        continue;
      }
      this.nextId = next.nextId;
      if (this.call.write(next.response)) continue;
      this.source.blocked(this.nextId);
      await this.drained();
    }
  }

  private collect(): Next {
    const machine = this.source.machine();
    if (this.nextId < machine.firstRetainedId) return { kind: 'trimmed', firstRetainedId: machine.firstRetainedId };
    if (this.nextId > machine.lastAcceptedId) return { kind: 'wait' };
    const records: TailRecord[] = [];
    let bytes = 0;
    let nextId = this.nextId;
    for (const batch of machine.batchesFrom(nextId, this.limits.tailBatchEntriesMax)) {
      const entry = this.source.entry(batch.raftIndex);
      // A snapshot install can leave batches whose entries this node never stored; a committed Trim already dropped them.
      if (entry === undefined) return { kind: 'trimmed', firstRetainedId: batch.firstId + batch.count };
      for (const record of this.recordsOf(machine, entry)) {
        if (record.id < nextId) continue;
        const size = record.payload.length + RECORD_OVERHEAD_BYTES;
        const full = records.length >= this.limits.tailBatchEntriesMax || (records.length > 0 && bytes + size > this.limits.tailBatchBytesMax);
        if (full) return { kind: 'records', response: { records }, nextId };
        records.push({ id: BigInt(record.id), kind: record.kind, payload: Buffer.from(record.payload.buffer, record.payload.byteOffset, record.payload.byteLength) });
        bytes += size;
        nextId = record.id + 1;
      }
    }
    if (records.length === 0) throw new Error(`assertion: record ${this.nextId} is accepted and retained but no batch holds it`);
    return { kind: 'records', response: { records }, nextId };
  }

  private recordsOf(machine: LogStateMachine, entry: Entry): readonly IdRecord[] {
    if (this.cached?.raftIndex !== entry.index) this.cached = { raftIndex: entry.index, records: machine.recordsOf(entry) ?? [] };
    return this.cached.records;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.call.off('drain', done);
        this.undrain = null;
        resolve();
      };
      this.call.on('drain', done);
      this.undrain = done;
    });
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.cached = null;
    this.logger.debug({ nextId: this.nextId }, 'tail stream ended');
    this.wake();
    this.undrain?.();
  }
}
