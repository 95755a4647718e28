import { describe, expect, it } from 'vitest';
import { LeaseClaim, RecordKind } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { EntryType } from '../../../txlog/src/core/types.js';
import { LogStateMachine } from '../../../txlog/src/statemachine/log-state-machine.js';
import { type StateMachineLimits, validateAppend } from '../../../txlog/src/statemachine/validate-append.js';
import { type AppendSpec, claim, data, Driver, entryAt, renewal } from './commands.js';

const small: StateMachineLimits = { ...txlogLimits, recordBytesMax: 40, batchBytesMax: 100, batchRecordsMax: 4, leaseDurationMsMax: 60_000, leaseHolderBytesMax: 8 };

function refusal(spec: Partial<AppendSpec>): string {
  const request = { clientId: 1n, requestSeq: spec.seq ?? 1n, expectedPrevId: BigInt(spec.prev ?? 0), records: [...(spec.records ?? data(1))] };
  const result = validateAppend(request, small);
  return result.ok ? 'accepted' : result.message;
}

function bytes(count: number) {
  return { kind: RecordKind.RECORD_KIND_DATA, payload: Buffer.alloc(count) };
}

describe('append validation', () => {
  it('refuses requests that break a limit, each with a message naming it', () => {
    expect(refusal({ records: [] })).toBe('an append needs at least one record');
    expect(refusal({ records: data(5) })).toBe('5 records, more than the limit of 4 per append');
    expect(refusal({ records: [bytes(2), bytes(41)] })).toBe('record 1 is 41 bytes, more than the limit of 40');
    expect(refusal({ records: [bytes(40), bytes(40), bytes(21)] })).toBe('the records are more than the limit of 100 bytes together');
    expect(refusal({ records: [bytes(40), bytes(40), bytes(20)] })).toBe('accepted');
    expect(refusal({ seq: 0n })).toBe('request_seq starts at 1');
    expect(refusal({ prev: 2n ** 53n })).toBe('expected_prev_id 9007199254740992 is beyond 2^53 - 1');
  });

  it('refuses unknown record kinds', () => {
    expect(refusal({ records: [{ kind: RecordKind.RECORD_KIND_UNSPECIFIED, payload: Buffer.alloc(0) }] })).toBe('record 0 has unknown kind 0');
    expect(refusal({ records: [...data(1), { kind: 9 as RecordKind, payload: Buffer.alloc(0) }] })).toBe('record 1 has unknown kind 9');
  });

  it('refuses lease records whose payload does not decode or does not make sense', () => {
    const garbage = { kind: RecordKind.RECORD_KIND_LEASE_CLAIM, payload: Buffer.from([0x0a, 0x05, 0x61]) };
    expect(refusal({ records: [garbage] })).toBe('record 0: the lease claim does not decode');
    expect(refusal({ records: [{ ...garbage, kind: RecordKind.RECORD_KIND_LEASE_RENEWAL }] })).toBe('record 0: the lease renewal does not decode');
    expect(refusal({ records: [claim('', 1000)] })).toBe('record 0: the lease holder is empty');
    expect(refusal({ records: [renewal('')] })).toBe('record 0: the lease holder is empty');
    expect(refusal({ records: [claim('a', 0)] })).toBe('record 0: lease duration 0 ms is outside 1..60000');
    expect(refusal({ records: [claim('a', 60_001)] })).toBe('record 0: lease duration 60001 ms is outside 1..60000');
    expect(refusal({ records: [claim('holder-nine', 1000)] })).toBe('record 0: the lease holder is 11 bytes, more than the limit of 8');
    expect(refusal({ records: [claim('a', 1000, 'too-long-address')] })).toBe('record 0: the lease address is 16 bytes, more than the limit of 8');
    const huge = Buffer.from(LeaseClaim.encode({ holder: 'a', durationMs: 2n ** 64n - 1n, address: '' }).finish());
    expect(refusal({ records: [{ kind: RecordKind.RECORD_KIND_LEASE_CLAIM, payload: huge }] })).toMatch(/lease duration 18446744073709551615 ms/);
  });

  it('the state machine refuses an invalid append when applying it, the same on every node, and changes nothing', () => {
    const driver = Driver.withLimits(small);
    expect(driver.append({ client: 1n, seq: 1n, prev: 0, records: data(5) })).toEqual({
      kind: 'append',
      index: 1,
      clientId: 1n,
      requestSeq: 1n,
      result: { kind: 'invalid', message: '5 records, more than the limit of 4 per append' },
      duplicate: false,
    });
    expect(driver.machine.lastAcceptedId).toBe(0);
    expect(driver.machine.sessionCount).toBe(0);
    // The session can still start with request 1.
    expect(driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) })).toMatchObject({ kind: 'committed' });
  });
});

describe('applying entries', () => {
  it('an empty entry is a no-op, and so is a membership entry', () => {
    const driver = new Driver();
    expect(driver.noop()).toEqual({ kind: 'noop', index: 1 });
    expect(driver.applyData(new Uint8Array([1, 2, 3]), EntryType.ConfigChange)).toEqual({ kind: 'noop', index: 2 });
    expect(driver.machine.appliedIndex).toBe(2);
  });

  it('an entry whose data is not a LogCommand, or an empty command, is reported invalid and changes nothing', () => {
    const driver = new Driver();
    expect(driver.applyData(new Uint8Array([0x0a, 0xff]))).toMatchObject({ kind: 'invalid', index: 1, message: expect.stringMatching(/does not decode as a LogCommand/) });
    expect(driver.applyData(new Uint8Array([0x18, 0x01]))).toEqual({ kind: 'invalid', index: 2, message: 'the command is empty' });
    expect(driver.machine.lastAcceptedId).toBe(0);
  });

  it('entries must come in index order (an assertion: a gap or repeat is a driver bug)', () => {
    const machine = new LogStateMachine();
    expect(() => machine.apply(entryAt(2, new Uint8Array(0)), 0)).toThrow(/assertion: applying index 2 after 0/);
    machine.apply(entryAt(1, new Uint8Array(0)), 0);
    expect(() => machine.apply(entryAt(1, new Uint8Array(0)), 0)).toThrow(/assertion: applying index 1 after 1/);
  });

  it('the apply time must be whole non-negative milliseconds (an assertion)', () => {
    const machine = new LogStateMachine();
    expect(() => machine.apply(entryAt(1, new Uint8Array(0)), 1.5)).toThrow(/assertion: apply time 1.5/);
    expect(() => machine.apply(entryAt(1, new Uint8Array(0)), -1)).toThrow(/assertion/);
  });

  it('recordsOf asserts that an indexed entry holds the batch it was applied with', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    expect(() => driver.machine.recordsOf(entryAt(1, new Uint8Array(0)))).toThrow(/assertion: the entry at raft index 1 does not hold the batch of 2 records/);
  });
});
