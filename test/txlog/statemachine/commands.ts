/**
 * Building committed entries for state machine tests: appends, trims, lease records, no-ops, and a
 * small driver that numbers the entries and applies them.
 */
import { LeaseClaim, LeaseRenewal, LogCommand, type Record as LogRecord, RecordKind } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { type Entry, EntryType } from '../../../txlog/src/core/types.js';
import { LogStateMachine } from '../../../txlog/src/statemachine/log-state-machine.js';
import type { AppendResult, ApplyOutcome } from '../../../txlog/src/statemachine/outcome.js';
import type { StateMachineLimits } from '../../../txlog/src/statemachine/validate-append.js';

/** One append as a test writes it. */
export interface AppendSpec {
  readonly client: bigint;
  readonly seq: bigint;
  readonly prev: number | bigint;
  readonly records: readonly LogRecord[];
}

/** `count` data records with recognisable payloads. */
export function data(count: number, tag = 'r'): LogRecord[] {
  return Array.from({ length: count }, (_, n) => ({ kind: RecordKind.RECORD_KIND_DATA, payload: Buffer.from(`${tag}${n}`) }));
}

export function claim(holder: string, durationMs: number, address = `${holder}:6379`): LogRecord {
  return { kind: RecordKind.RECORD_KIND_LEASE_CLAIM, payload: Buffer.from(LeaseClaim.encode({ holder, durationMs: BigInt(durationMs), address }).finish()) };
}

export function renewal(holder: string): LogRecord {
  return { kind: RecordKind.RECORD_KIND_LEASE_RENEWAL, payload: Buffer.from(LeaseRenewal.encode({ holder }).finish()) };
}

export function appendData(spec: AppendSpec): Uint8Array {
  const request = { clientId: spec.client, requestSeq: spec.seq, expectedPrevId: BigInt(spec.prev), records: [...spec.records] };
  return LogCommand.encode({ command: { $case: 'append', value: request } }).finish();
}

export function trimData(beforeId: number | bigint): Uint8Array {
  return LogCommand.encode({ command: { $case: 'trim', value: { beforeId: BigInt(beforeId) } } }).finish();
}

export function entryAt(index: number, data: Uint8Array, type: EntryType = EntryType.Normal): Entry {
  return { term: 1, index, type, data };
}

/** A state machine with the entries it was given, applied one by one at a fixed time step. */
export class Driver {
  readonly entries: Entry[] = [];
  nowMs = 1_000_000;

  constructor(
    readonly machine: LogStateMachine = new LogStateMachine(),
    /** The limits `machine` was made with. */
    readonly limits: StateMachineLimits = txlogLimits,
  ) {}

  static withLimits(limits: StateMachineLimits): Driver {
    return new Driver(new LogStateMachine(limits), limits);
  }

  /** Applies an entry holding `data` at the next index. */
  applyData(data: Uint8Array, type: EntryType = EntryType.Normal): ApplyOutcome {
    const entry = entryAt(this.machine.appliedIndex + 1, data, type);
    this.entries.push(entry);
    this.nowMs += 10;
    return this.machine.apply(entry, this.nowMs);
  }

  append(spec: AppendSpec): ApplyOutcome {
    return this.applyData(appendData(spec));
  }

  /** The result of an append (asserting the outcome is an append). */
  result(spec: AppendSpec): AppendResult {
    const outcome = this.append(spec);
    if (outcome.kind !== 'append') throw new Error(`expected an append outcome, got ${outcome.kind}`);
    return outcome.result;
  }

  trim(beforeId: number | bigint): ApplyOutcome {
    return this.applyData(trimData(beforeId));
  }

  noop(): ApplyOutcome {
    return this.applyData(new Uint8Array(0));
  }
}

/** The digest of replaying `driver`'s entries with the one at `index` replaced by a no-op: equal to the driver's when that entry changed nothing. */
export function digestWithNoopAt(driver: Driver, index: number): string {
  const twin = new LogStateMachine(driver.limits);
  for (const entry of driver.entries) twin.apply(entry.index === index ? entryAt(index, new Uint8Array(0)) : entry, 0);
  return twin.digest();
}
