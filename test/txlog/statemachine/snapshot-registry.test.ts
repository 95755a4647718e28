/**
 * The snapshot registry as the log state machine applies it: requests counted, snapshots
 * recorded only at increasing record ids within the chain, retries accepted without a change, the
 * latest snapshotRegistryEntriesMax kept newest first, and never a move of the conditional chain.
 */
import { describe, expect, it } from 'vitest';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { ApplyOutcome } from '../../../txlog/src/statemachine/outcome.js';
import type { RecordSnapshotResult } from '../../../txlog/src/statemachine/snapshot-registry.js';
import { data, digestWithNoopAt, Driver } from './commands.js';
import { recordSnapshotData, requestSnapshotData, snapshotInfo } from './registry-commands.js';

type Info = ReturnType<typeof snapshotInfo>;

function recorded(driver: Driver, info: Info): RecordSnapshotResult {
  const outcome = driver.applyData(recordSnapshotData(info));
  if (outcome.kind !== 'snapshotRecord') throw new Error(`expected a snapshotRecord outcome, got ${outcome.kind}`);
  return outcome.result;
}

function requested(driver: Driver): ApplyOutcome {
  return driver.applyData(requestSnapshotData());
}

/** A driver whose chain holds records 1..count (one append of client 1). */
function withRecords(count: number): Driver {
  const driver = new Driver();
  expect(driver.result({ client: 1n, seq: 1n, prev: 0, records: data(count) })).toMatchObject({ kind: 'committed', lastId: count });
  return driver;
}

describe('snapshot requests', () => {
  it('each request bumps the counter and answers its new value; nothing else changes it', () => {
    const driver = withRecords(2);
    expect(driver.machine.snapshotRequestSeq).toBe(0);
    expect(requested(driver)).toEqual({ kind: 'snapshotRequest', index: 2, requestSeq: 1 });
    driver.noop();
    expect(recorded(driver, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual({ kind: 'recorded' });
    expect(requested(driver)).toEqual({ kind: 'snapshotRequest', index: 5, requestSeq: 2 });
    expect(driver.machine.snapshotRequestSeq).toBe(2);
  });
});

describe('recording snapshots', () => {
  it('records a snapshot at a record id within the chain, and shows it as the latest', () => {
    const driver = withRecords(5);
    expect(recorded(driver, snapshotInfo(3))).toEqual({ kind: 'recorded' });
    expect(driver.machine.snapshots).toEqual([
      { recordId: 3, location: '/var/lib/cairn/snapshots/snapshot-3.cairn', sizeBytes: 1003, keyCount: 30, digest: 'digest-3', createdMs: 1_700_000_000_003, answersRequestSeq: 0 },
    ]);
  });

  it('refuses a snapshot of records the chain does not have yet (a future id)', () => {
    const driver = withRecords(5);
    expect(recorded(driver, snapshotInfo(6))).toEqual({ kind: 'refused', reason: 'record_id 6 is beyond the last accepted record id 5' });
    expect(driver.machine.snapshots).toEqual([]);
    expect(recorded(driver, snapshotInfo(5))).toEqual({ kind: 'recorded' });
  });

  it('refuses a snapshot at or below the latest recorded record id (record ids only go up)', () => {
    const driver = withRecords(10);
    expect(recorded(driver, snapshotInfo(6))).toEqual({ kind: 'recorded' });
    expect(recorded(driver, snapshotInfo(4))).toEqual({ kind: 'refused', reason: 'record_id 4 is not above the latest recorded snapshot\'s (6)' });
    expect(recorded(driver, snapshotInfo(6, { location: '/elsewhere' }))).toEqual({ kind: 'refused', reason: 'record_id 6 is not above the latest recorded snapshot\'s (6)' });
    expect(recorded(driver, snapshotInfo(7))).toEqual({ kind: 'recorded' });
    expect(driver.machine.snapshots.map((snapshot) => snapshot.recordId)).toEqual([7, 6]);
  });

  it('accepts a retry of the latest recorded snapshot again without changing anything', () => {
    const driver = withRecords(4);
    expect(recorded(driver, snapshotInfo(2))).toEqual({ kind: 'recorded' });
    expect(recorded(driver, snapshotInfo(2))).toEqual({ kind: 'alreadyRecorded' });
    expect(digestWithNoopAt(driver, driver.machine.appliedIndex)).toBe(driver.machine.digest());
    expect(driver.machine.snapshots).toHaveLength(1);
    // Only the latest: a retry of an older one comes too late.
    expect(recorded(driver, snapshotInfo(3))).toEqual({ kind: 'recorded' });
    expect(recorded(driver, snapshotInfo(2))).toMatchObject({ kind: 'refused' });
  });

  it('keeps the latest snapshotRegistryEntriesMax snapshots, newest first', () => {
    expect(txlogLimits.snapshotRegistryEntriesMax).toBe(2);
    const driver = withRecords(10);
    for (const recordId of [2, 5, 9]) expect(recorded(driver, snapshotInfo(recordId))).toEqual({ kind: 'recorded' });
    expect(driver.machine.snapshots.map((snapshot) => snapshot.recordId)).toEqual([9, 5]);
  });

  it('refuses a snapshot answering a request not yet made, or fewer requests than the latest recorded one', () => {
    const driver = withRecords(10);
    expect(recorded(driver, snapshotInfo(1, { answersRequestSeq: 1n }))).toEqual({ kind: 'refused', reason: 'answers_request_seq 1 is beyond the highest snapshot request 0' });
    requested(driver);
    requested(driver);
    expect(recorded(driver, snapshotInfo(2, { answersRequestSeq: 2n }))).toEqual({ kind: 'recorded' });
    expect(recorded(driver, snapshotInfo(3, { answersRequestSeq: 1n }))).toEqual({
      kind: 'refused',
      reason: 'answers_request_seq 1 is below the latest recorded snapshot\'s (2), which a newer snapshot answers too',
    });
    expect(recorded(driver, snapshotInfo(3, { answersRequestSeq: 2n }))).toEqual({ kind: 'recorded' });
  });

  it('refuses malformed snapshots with the reason: record id 0, empty or oversized text, numbers beyond 2^53', () => {
    const driver = withRecords(3);
    const beyond = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    const cases: [Info, string][] = [
      [snapshotInfo(0), 'record_id 0: a snapshot includes at least record 1'],
      [snapshotInfo(1, { location: '' }), 'the snapshot\'s location is empty'],
      [snapshotInfo(1, { digest: '' }), 'the snapshot\'s digest is empty'],
      [snapshotInfo(1, { location: 'é'.repeat(2049) }), `the snapshot's location is 4098 bytes, more than the limit of ${txlogLimits.snapshotLocationBytesMax}`],
      [snapshotInfo(1, { digest: 'x'.repeat(txlogLimits.snapshotDigestBytesMax + 1) }), `the snapshot's digest is ${txlogLimits.snapshotDigestBytesMax + 1} bytes, more than the limit of ${txlogLimits.snapshotDigestBytesMax}`],
      [snapshotInfo(1, { sizeBytes: beyond }), `size_bytes ${beyond} is beyond 2^53 - 1`],
      [snapshotInfo(1, { createdMs: beyond }), `created_ms ${beyond} is beyond 2^53 - 1`],
    ];
    for (const [info, reason] of cases) {
      expect(recorded(driver, info), reason).toEqual({ kind: 'refused', reason });
      // A refusal changes nothing but the applied index.
      expect(digestWithNoopAt(driver, driver.machine.appliedIndex), reason).toBe(driver.machine.digest());
    }
    expect(driver.machine.snapshots).toEqual([]);
  });
});

describe('the registry and the conditional chain', () => {
  it('registry commands give no record ids and never fence a writer pipelining across them', () => {
    const driver = new Driver();
    expect(driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) })).toEqual({ kind: 'committed', firstId: 1, lastId: 2 });
    requested(driver);
    expect(recorded(driver, snapshotInfo(2, { answersRequestSeq: 1n }))).toEqual({ kind: 'recorded' });
    expect(driver.machine.lastAcceptedId).toBe(2);
    expect(driver.result({ client: 1n, seq: 2n, prev: 2, records: data(1) })).toEqual({ kind: 'committed', firstId: 3, lastId: 3 });
    // Tail sees only the records: the registry entries hold none.
    expect(driver.machine.batchesFrom(1, 10).map((batch) => [batch.firstId, batch.count])).toEqual([
      [1, 2],
      [3, 1],
    ]);
    expect(driver.machine.recordsOf(driver.entries[1] as (typeof driver.entries)[number])).toBeNull();
  });

  it('the registry is kept through a trim, and the trim compacts below the registry entries', () => {
    const driver = withRecords(2);
    expect(recorded(driver, snapshotInfo(2))).toEqual({ kind: 'recorded' });
    driver.result({ client: 1n, seq: 2n, prev: 2, records: data(1) });
    const trim = driver.trim(3);
    expect(trim).toMatchObject({ kind: 'trim', firstRetainedId: 3, compactBelowIndex: 3 });
    expect(driver.machine.snapshots.map((snapshot) => snapshot.recordId)).toEqual([2]);
  });

  it('every state machine applying the same entries reaches the same registry and digest', () => {
    const build = (): Driver => {
      const driver = withRecords(6);
      requested(driver);
      recorded(driver, snapshotInfo(4, { answersRequestSeq: 1n }));
      recorded(driver, snapshotInfo(9));
      recorded(driver, snapshotInfo(6, { answersRequestSeq: 1n }));
      return driver;
    };
    const [one, two] = [build(), build()] as [Driver, Driver];
    expect(two.machine.snapshots).toEqual(one.machine.snapshots);
    expect(two.machine.digest()).toBe(one.machine.digest());
    const other = withRecords(6);
    requested(other);
    recorded(other, snapshotInfo(4, { answersRequestSeq: 1n }));
    expect(other.machine.digest()).not.toBe(one.machine.digest());
  });
});
