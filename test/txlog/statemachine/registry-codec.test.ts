/**
 * The snapshot registry in the state machine's own (Raft) snapshot: it round-trips exactly (also
 * restored at any point of a random stream), the encoding of the format before the registry
 * (version 2) still loads with an empty registry, and a registry that breaks an invariant or a
 * limit is refused.
 */
import { describe, expect, it } from 'vitest';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { Entry } from '../../../txlog/src/core/types.js';
import { LogStateMachine } from '../../../txlog/src/statemachine/log-state-machine.js';
import type { ApplyOutcome } from '../../../txlog/src/statemachine/outcome.js';
import type { StateMachineLimits } from '../../../txlog/src/statemachine/validate-append.js';
import { crc32c } from '../../../txlog/src/storage/crc32c.js';
import { seededRandom } from '../../support/executor.js';
import { claim, data, Driver, entryAt } from './commands.js';
import { randomStreamWithRegistry, recordSnapshotData, requestSnapshotData, snapshotInfo } from './registry-commands.js';

/** Small enough that sessions are forgotten and old retries go stale, as in snapshot.test.ts. */
const limits: StateMachineLimits = { ...txlogLimits, dedupClientsMax: 5, clientInflightAppendsMax: 3, dedupResultsMax: 9 };

const appliedAt = (entry: Entry) => 1_700_000_000_000 + entry.index * 7;

function applyAll(machine: LogStateMachine, entries: readonly Entry[]): ApplyOutcome[] {
  return entries.map((entry) => machine.apply(entry, appliedAt(entry)));
}

function restored(bytes: Uint8Array, index: number, withLimits: StateMachineLimits = limits): LogStateMachine {
  const result = LogStateMachine.restore(bytes, index, withLimits);
  if (!result.ok) throw new Error(result.error);
  return result.machine;
}

/** Body bytes with the format's trailing CRC32C. */
function signed(body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(body.length + 4);
  bytes.set(body);
  new DataView(bytes.buffer).setUint32(body.length, crc32c(body), true);
  return bytes;
}

/** A driver with a lease, sessions, a trim, two requests and two recorded snapshots. */
function busyDriver(): Driver {
  const driver = new Driver();
  driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000), ...data(3)] });
  driver.applyData(requestSnapshotData());
  driver.applyData(recordSnapshotData(snapshotInfo(2, { answersRequestSeq: 1n, location: '/snapshots/ünïcode ☃.cairn' })));
  driver.result({ client: 2n, seq: 1n, prev: 4, records: data(2) });
  driver.trim(3);
  driver.applyData(requestSnapshotData());
  driver.applyData(recordSnapshotData(snapshotInfo(5, { answersRequestSeq: 2n })));
  return driver;
}

describe('the snapshot registry in the state machine snapshot', () => {
  it('round-trips: the restored machine has the same registry, digest and snapshot bytes', () => {
    const driver = busyDriver();
    const machine = driver.machine;
    expect(machine.snapshots.map((snapshot) => snapshot.recordId)).toEqual([5, 2]);
    const copy = restored(machine.snapshot(), machine.appliedIndex, txlogLimits);
    expect(copy.snapshots).toEqual(machine.snapshots);
    expect(copy.snapshotRequestSeq).toBe(2);
    expect(copy.digest()).toBe(machine.digest());
    expect(Buffer.from(copy.snapshot()).equals(Buffer.from(machine.snapshot()))).toBe(true);
  });

  it('restoring at any point of a stream with registry commands and applying the rest gives the same state and answers', () => {
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 12; seed++) {
      const entries = randomStreamWithRegistry(seed, 300);
      const whole = new LogStateMachine(limits);
      const outcomes = applyAll(whole, entries);
      for (const outcome of outcomes) {
        const key = outcome.kind === 'snapshotRecord' ? `record:${outcome.result.kind}` : outcome.kind;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      const cuts = seededRandom(seed * 131);
      for (let n = 0; n < 4; n++) {
        const cut = Math.floor(cuts() * entries.length);
        const prefix = new LogStateMachine(limits);
        applyAll(prefix, entries.slice(0, cut));
        const resumed = restored(prefix.snapshot(), cut);
        expect(resumed.snapshots, `seed ${seed} cut ${cut}`).toEqual(prefix.snapshots);
        expect(applyAll(resumed, entries.slice(cut)), `seed ${seed} cut ${cut}`).toEqual(outcomes.slice(cut));
        expect(resumed.digest(), `seed ${seed} cut ${cut}`).toBe(whole.digest());
        expect(Buffer.from(resumed.snapshot()).equals(Buffer.from(whole.snapshot())), `seed ${seed} cut ${cut}`).toBe(true);
      }
    }
    // The streams exercise what they should.
    for (const key of ['snapshotRequest', 'record:recorded', 'record:alreadyRecorded', 'record:refused', 'trim', 'append']) {
      expect(seen.get(key) ?? 0, key).toBeGreaterThan(0);
    }
  });

  it('the encoding of the format before the registry (version 2) still loads, with an empty registry and no requests', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000), ...data(3)] });
    driver.result({ client: 2n, seq: 1n, prev: 4, records: data(2) });
    driver.trim(3);
    const current = driver.machine.snapshot();
    expect(current[0]).toBe(3);
    // Version 2 is version 3 without the registry's two trailing zeros (no requests, no snapshots).
    const body = current.subarray(0, current.length - 4);
    expect([...body.subarray(body.length - 2)]).toEqual([0, 0]);
    const old = body.slice(0, body.length - 2);
    old[0] = 2;
    const loaded = restored(signed(old), driver.machine.appliedIndex, txlogLimits);
    expect(loaded.snapshots).toEqual([]);
    expect(loaded.snapshotRequestSeq).toBe(0);
    expect(loaded.digest()).toBe(driver.machine.digest());
    expect(loaded.lease).toEqual(driver.machine.lease);
    expect(loaded.firstRetainedId).toBe(3);
    // It writes the current format from then on, and takes registry commands.
    expect(loaded.snapshot()[0]).toBe(3);
    const next = entryAt(loaded.appliedIndex + 1, recordSnapshotData(snapshotInfo(6)));
    expect(loaded.apply(next, 0)).toEqual({ kind: 'snapshotRecord', index: next.index, result: { kind: 'recorded' } });
  });

  it('a registry that breaks an invariant or a limit is refused with the reason', () => {
    // Version 3, index 1, one batch (raft index 1, ids 1..2) of client 7 request 1, then the registry.
    const prefix = [3, 1, 2, 1, 0, 0, 1, 1, 1, 1, 1, 7, 1];
    const text = (value: string) => [value.length, ...Buffer.from(value)];
    const snapshot = (recordId: number, answers: number, location = 'l', digest = 'd') => [recordId, ...text(location), 5, 6, ...text(digest), 7, answers];
    const restore = (registry: number[], withLimits: StateMachineLimits = txlogLimits) => LogStateMachine.restore(signed(Uint8Array.from([...prefix, ...registry])), 1, withLimits);
    expect(restore([0, 0]).ok).toBe(true);
    expect(restore([1, 2, ...snapshot(2, 1), ...snapshot(1, 0)]).ok).toBe(true);
    expect(restore([0, 1, ...snapshot(3, 0)])).toMatchObject({ ok: false, error: expect.stringMatching(/record id 3, outside 1\.\.2/) });
    expect(restore([0, 1, ...snapshot(0, 0)])).toMatchObject({ ok: false, error: expect.stringMatching(/record id 0, outside 1\.\.2/) });
    expect(restore([1, 2, ...snapshot(1, 0), ...snapshot(2, 0)])).toMatchObject({ ok: false, error: expect.stringMatching(/out of order/) });
    expect(restore([1, 2, ...snapshot(2, 0), ...snapshot(1, 1)])).toMatchObject({ ok: false, error: expect.stringMatching(/out of order/) });
    expect(restore([1, 1, ...snapshot(2, 2)])).toMatchObject({ ok: false, error: expect.stringMatching(/answers request 2, beyond 1/) });
    expect(restore([0, 1, ...snapshot(2, 0, '')])).toMatchObject({ ok: false, error: expect.stringMatching(/location is empty/) });
    expect(restore([0, 1, ...snapshot(2, 0, 'l', 'd'.repeat(20))], { ...txlogLimits, snapshotDigestBytesMax: 19 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/string of 20 bytes, more than 19/),
    });
    expect(restore([0, 3, ...snapshot(2, 0), ...snapshot(1, 0), ...snapshot(1, 0)])).toMatchObject({ ok: false, error: expect.stringMatching(/3 recorded snapshots, more than the limit of 2/) });
    expect(restore([1, 2, ...snapshot(2, 1), ...snapshot(1, 0)], { ...txlogLimits, snapshotRegistryEntriesMax: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/2 recorded snapshots, more than the limit of 1/),
    });
    expect(restore([0, 1, ...snapshot(2, 0)].slice(0, -1))).toMatchObject({ ok: false, error: expect.stringMatching(/truncated/) });
  });
});
