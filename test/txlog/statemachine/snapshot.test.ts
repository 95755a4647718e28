import { describe, expect, it } from 'vitest';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { Entry } from '../../../txlog/src/core/types.js';
import { LogStateMachine } from '../../../txlog/src/statemachine/log-state-machine.js';
import type { ApplyOutcome } from '../../../txlog/src/statemachine/outcome.js';
import type { StateMachineLimits } from '../../../txlog/src/statemachine/validate-append.js';
import { seededRandom } from '../../support/executor.js';
import { claim, data, Driver } from './commands.js';
import { randomStream } from './random-stream.js';

/** Small enough that sessions are forgotten (by count and by results) and old retries go stale. */
const limits: StateMachineLimits = { ...txlogLimits, dedupClientsMax: 5, clientInflightAppendsMax: 3, dedupResultsMax: 9 };

/** Apply time of an entry: a pure function of its index, so every replay agrees. */
const appliedAt = (entry: Entry) => 1_700_000_000_000 + entry.index * 7;

function applyAll(machine: LogStateMachine, entries: readonly Entry[]): ApplyOutcome[] {
  return entries.map((entry) => machine.apply(entry, appliedAt(entry)));
}

function restored(data: Uint8Array, index: number, withLimits: StateMachineLimits = limits): LogStateMachine {
  const result = LogStateMachine.restore(data, index, withLimits);
  if (!result.ok) throw new Error(result.error);
  return result.machine;
}

describe('snapshot and restore', () => {
  it('restoring at any point and applying the rest gives exactly the state and answers of applying everything', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const entries = randomStream(seed, 400);
      const whole = new LogStateMachine(limits);
      const outcomes = applyAll(whole, entries);
      const cuts = seededRandom(seed * 31);
      for (let n = 0; n < 5; n++) {
        const cut = Math.floor(cuts() * entries.length);
        const prefix = new LogStateMachine(limits);
        applyAll(prefix, entries.slice(0, cut));
        const resumed = restored(prefix.snapshot(), cut);
        expect(resumed.digest(), `seed ${seed} cut ${cut}`).toBe(prefix.digest());
        expect(applyAll(resumed, entries.slice(cut)), `seed ${seed} cut ${cut}`).toEqual(outcomes.slice(cut));
        expect(resumed.digest(), `seed ${seed} cut ${cut}`).toBe(whole.digest());
        expect(Buffer.from(resumed.snapshot()).equals(Buffer.from(whole.snapshot())), `seed ${seed} cut ${cut}`).toBe(true);
        expect(resumed.batchesFrom(0, 1000)).toEqual(whole.batchesFrom(0, 1000));
      }
    }
  });

  it('the random streams exercise what they should: accepts, fences, duplicates, trims, leases and evictions', () => {
    const kinds = new Map<string, number>();
    const count = (key: string) => kinds.set(key, (kinds.get(key) ?? 0) + 1);
    for (let seed = 1; seed <= 20; seed++) {
      const machine = new LogStateMachine(limits);
      for (const entry of randomStream(seed, 400)) {
        const outcome = machine.apply(entry, appliedAt(entry));
        count(outcome.kind);
        if (machine.sessionCount === limits.dedupClientsMax) count('full');
        if (machine.rememberedResults > limits.dedupResultsMax - limits.clientInflightAppendsMax) count('fullOfResults');
        if (outcome.kind !== 'append') continue;
        count(outcome.duplicate ? 'duplicate' : outcome.result.kind);
        if (outcome.result.kind === 'rejected') count(outcome.result.reason + (outcome.result.notYet ? ':notYet' : ''));
        if (outcome.result.kind === 'stale') count(`stale:${outcome.result.reason}`);
      }
      if (machine.lease !== null) count('lease');
      if (machine.firstRetainedId > 1) count('trimmed');
    }
    for (const key of ['noop', 'invalid', 'trim', 'committed', 'duplicate', 'stale:forgotten', 'stale:trimmed', 'chain', 'chain:notYet', 'sequenceGap:notYet', 'fencedSession', 'lease', 'trimmed', 'full', 'fullOfResults']) {
      expect(kinds.get(key) ?? 0, key).toBeGreaterThan(0);
    }
  });

  it('a snapshot of a fresh state machine restores at index 0', () => {
    const fresh = new LogStateMachine();
    expect(restored(fresh.snapshot(), 0, txlogLimits).digest()).toBe(fresh.digest());
  });

  it('a snapshot is refused when it was taken at another index', () => {
    const driver = new Driver();
    driver.noop();
    const result = LogStateMachine.restore(driver.machine.snapshot(), 2);
    expect(result).toEqual({ ok: false, error: 'snapshot was taken at raft index 1, not 2' });
  });

  it('a snapshot with any byte flipped, truncated or extended is refused with a clear error', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000), ...data(3)] });
    driver.trim(2);
    const good = driver.machine.snapshot();
    const index = driver.machine.appliedIndex;
    for (let position = 0; position < good.length; position++) {
      const bad = good.slice();
      bad[position] = (bad[position] as number) ^ 0x40;
      const result = LogStateMachine.restore(bad, index);
      expect(result.ok, `byte ${position}`).toBe(false);
    }
    expect(LogStateMachine.restore(good.subarray(0, good.length - 1), index)).toMatchObject({ ok: false, error: 'snapshot checksum mismatch' });
    expect(LogStateMachine.restore(new Uint8Array(3), index)).toEqual({ ok: false, error: 'snapshot of 3 bytes is too short' });
  });

  it('a checksummed snapshot of another format version or with inconsistent contents is refused', async () => {
    const { crc32c } = await import('../../../txlog/src/storage/crc32c.js');
    const resign = (body: number[]) => {
      const bytes = new Uint8Array(body.length + 4);
      bytes.set(body);
      new DataView(bytes.buffer).setUint32(body.length, crc32c(Uint8Array.from(body)), true);
      return bytes;
    };
    expect(LogStateMachine.restore(resign([4, 0, 0, 1, 0, 0, 0, 0]), 0)).toEqual({ ok: false, error: 'snapshot format version 4 is not 2 or 3' });
    // Version 2, index 0, last accepted 0, first retained 1, no lease, no sessions, no batches, no writer runs: valid.
    expect(LogStateMachine.restore(resign([2, 0, 0, 1, 0, 0, 0, 0]), 0).ok).toBe(true);
    // First retained id 5 beyond an empty chain.
    expect(LogStateMachine.restore(resign([2, 0, 0, 5, 0, 0, 0, 0]), 0)).toMatchObject({ ok: false, error: expect.stringMatching(/first retained id/) });
    // Last accepted 3 but no batch holds the retained records.
    expect(LogStateMachine.restore(resign([2, 4, 3, 1, 0, 0, 0, 0]), 4)).toMatchObject({ ok: false, error: expect.stringMatching(/without batches/) });
    // Trailing bytes.
    expect(LogStateMachine.restore(resign([2, 0, 0, 1, 0, 0, 0, 0, 9]), 0)).toMatchObject({ ok: false, error: expect.stringMatching(/after the end/) });
    // One batch (raft index 1, ids 1..2) and writer runs that do not cover it: none, or one of two batches.
    expect(LogStateMachine.restore(resign([2, 1, 2, 1, 0, 0, 1, 1, 1, 0]), 1)).toMatchObject({ ok: false, error: expect.stringMatching(/writer runs do not cover/) });
    expect(LogStateMachine.restore(resign([2, 1, 2, 1, 0, 0, 1, 1, 1, 1, 2, 7, 1]), 1)).toMatchObject({ ok: false, error: expect.stringMatching(/writer runs do not cover/) });
    // The same batch written by request_seq 0 of client 7.
    expect(LogStateMachine.restore(resign([2, 1, 2, 1, 0, 0, 1, 1, 1, 1, 1, 7, 0]), 1)).toMatchObject({ ok: false, error: expect.stringMatching(/request_seq outside/) });
    expect(LogStateMachine.restore(resign([2, 1, 2, 1, 0, 0, 1, 1, 1, 1, 1, 7, 1]), 1).ok).toBe(true);
  });

  it('a snapshot holding more sessions than this node remembers is refused', () => {
    const driver = new Driver();
    for (let client = 1n; client <= 3n; client++) driver.result({ client, seq: 1n, prev: driver.machine.lastAcceptedId, records: data(1) });
    const result = LogStateMachine.restore(driver.machine.snapshot(), driver.machine.appliedIndex, { ...txlogLimits, dedupClientsMax: 2 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/3 sessions, more than the limit of 2/) });
  });
});

describe('digest', () => {
  it('is the same for the same entries whatever the apply times, and differs when the state differs', () => {
    const entries = randomStream(7, 300);
    const early = new LogStateMachine(limits);
    const late = new LogStateMachine(limits);
    for (const entry of entries) {
      early.apply(entry, entry.index);
      late.apply(entry, entry.index * 1000 + 5);
    }
    expect(late.digest()).toBe(early.digest());
    const other = new LogStateMachine(limits);
    applyAll(other, randomStream(8, 300));
    expect(other.digest()).not.toBe(early.digest());
  });

  it('is stable across releases for a fixed stream (a change here is a snapshot format change)', () => {
    const machine = new LogStateMachine(limits);
    applyAll(machine, randomStream(42, 500));
    expect(machine.digest()).toMatchInlineSnapshot(`"3c74c47a39eb513a"`);
  });
});
