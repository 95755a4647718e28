import { describe, expect, it } from 'vitest';
import { LogCommand } from '../../proto/gen/txlog.js';
import { txlogLimits } from '../../txlog/src/core/limits.js';
import { EntryType } from '../../txlog/src/core/types.js';
import { type LeaseAttempt, LeaseKeeper, leaseMarginMs } from '../../txlog/src/client/lease-keeper.js';
import { LogStateMachine } from '../../txlog/src/statemachine/log-state-machine.js';
import type { AppendResult } from '../../txlog/src/statemachine/outcome.js';
import { seededRandom } from '../support/executor.js';
import { type AppendSpec, appendData, claim, data, renewal } from './statemachine/commands.js';

/** A clock the test moves by hand. */
class TestClock {
  constructor(public ms = 10_000) {}
  readonly now = () => this.ms;
}

const D = 3000;
const M = leaseMarginMs(D, 0.01); // ceil(30) + 1

function keeperAt(clock: TestClock, self = 'a', durationMs = D): LeaseKeeper {
  return new LeaseKeeper({ self, durationMs, now: clock.now });
}

function claimed(keeper: LeaseKeeper, clock: TestClock): LeaseAttempt {
  clock.ms += D + M + 1;
  const decision = keeper.beginClaim();
  if (!decision.ok) throw new Error(`cannot claim: ${decision.reason}`);
  return decision.attempt;
}

describe('lease keeper: a would-be holder', () => {
  it('cannot claim before it knows where the chain is', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    clock.ms += 100_000;
    expect(keeper.beginClaim()).toEqual({ ok: false, reason: 'chainUnknown' });
  });

  it('waits strictly longer than a lease plus the margin after it started watching the chain', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    expect(keeper.claimAllowedAfterMs()).toBe(10_000 + D + M);
    clock.ms = 10_000 + D + M;
    expect(keeper.beginClaim()).toEqual({ ok: false, reason: 'tooEarly', allowedAfterMs: 10_000 + D + M });
    clock.ms += 1;
    expect(keeper.beginClaim()).toMatchObject({ ok: true, expectedPrevId: 0, attempt: { kind: 'claim', sentAtMs: 10_000 + D + M + 1 } });
    expect(keeper.role).toBe('claiming');
  });

  it('waits from the last claim or renewal it observed, not from data records, and claims after the last record it saw', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock, 'b');
    keeper.observeStart(10);
    keeper.observe({ id: 11, kind: 'claim', holder: 'a', durationMs: D });
    clock.ms += 2000;
    keeper.observe({ id: 12, kind: 'renewal', holder: 'a' });
    const renewedAt = clock.ms;
    clock.ms += 2000;
    keeper.observe({ id: 13, kind: 'data' });
    expect(keeper.claimAllowedAfterMs()).toBe(renewedAt + D + M);
    clock.ms = renewedAt + D + M + 1;
    expect(keeper.beginClaim()).toMatchObject({ ok: true, expectedPrevId: 13 });
  });

  it('waits for the longest of its own duration and the latest claim it observed', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock, 'b');
    keeper.observeStart(0);
    keeper.observe({ id: 1, kind: 'claim', holder: 'a', durationMs: 10_000 });
    expect(keeper.claimAllowedAfterMs()).toBe(clock.ms + 10_000 + leaseMarginMs(10_000, 0.01));
  });

  it('treats a first record without observeStart as the start of what it saw', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock, 'b');
    clock.ms += 500;
    keeper.observe({ id: 40, kind: 'data' });
    expect(keeper.status().lastObservedId).toBe(40);
    expect(keeper.claimAllowedAfterMs()).toBe(clock.ms + D + M);
  });

  it('ignores repeats and refuses gaps in what it observes (an assertion: the claim would name a wrong id)', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock, 'b');
    keeper.observeStart(5);
    keeper.observe({ id: 6, kind: 'data' });
    keeper.observe({ id: 6, kind: 'data' });
    expect(() => keeper.observe({ id: 8, kind: 'data' })).toThrow(/assertion: observed record 8 after 6/);
  });
});

describe('lease keeper: the holder', () => {
  it('is valid from the claim acknowledgement until the claim was sent plus the duration minus the margin', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const attempt = claimed(keeper, clock);
    expect(keeper.isValid()).toBe(false);
    clock.ms += 700; // the acknowledgement is slow: validity still counts from the send
    keeper.acknowledged(attempt, 1);
    expect(keeper.isValid()).toBe(true);
    expect(keeper.status()).toMatchObject({ role: 'holding', validUntilMs: attempt.sentAtMs + D - M, basisRecordId: 1 });
    clock.ms = attempt.sentAtMs + D - M - 1;
    expect(keeper.isValid()).toBe(true);
    clock.ms += 1;
    expect(keeper.isValid()).toBe(false);
  });

  it('renews every third of the lease, and each acknowledged renewal extends validity from its own send', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.acknowledged(claim, 1);
    expect(keeper.renewalDueAtMs()).toBe(claim.sentAtMs + 1000);
    expect(keeper.renewalDue()).toBe(false);
    clock.ms = claim.sentAtMs + 1000;
    expect(keeper.renewalDue()).toBe(true);
    const first = keeper.beginRenewal();
    if (!first.ok) throw new Error('renewal refused');
    expect(keeper.renewalDueAtMs()).toBe(clock.ms + 1000);
    keeper.acknowledged(first.attempt, 2);
    expect(keeper.status().validUntilMs).toBe(first.attempt.sentAtMs + D - M);
  });

  it('acknowledgements out of order keep the latest validity', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.acknowledged(claim, 1);
    clock.ms += 1000;
    const r1 = keeper.beginRenewal();
    clock.ms += 1000;
    const r2 = keeper.beginRenewal();
    if (!r1.ok || !r2.ok) throw new Error('renewal refused');
    keeper.acknowledged(r2.attempt, 3);
    keeper.acknowledged(r1.attempt, 2);
    expect(keeper.status()).toMatchObject({ validUntilMs: r2.attempt.sentAtMs + D - M, basisRecordId: 3 });
  });

  it('once fenced it is invalid at once, ignores late acknowledgements, and waits a full lease before claiming again', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.acknowledged(claim, 1);
    const r1 = keeper.beginRenewal();
    const r2 = keeper.beginRenewal();
    if (!r1.ok || !r2.ok) throw new Error('renewal refused');
    keeper.fenced(r2.attempt);
    expect(keeper.isValid()).toBe(false);
    expect(keeper.role).toBe('watching');
    keeper.acknowledged(r1.attempt, 2);
    expect(keeper.isValid()).toBe(false);
    expect(keeper.beginRenewal()).toEqual({ ok: false, reason: 'notHolding' });
    expect(keeper.claimAllowedAfterMs()).toBe(clock.ms + D + M);
  });

  it('an abandoned claim is never counted, even if its acknowledgement arrives later', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.abandoned(claim);
    expect(keeper.role).toBe('watching');
    keeper.acknowledged(claim, 1);
    expect(keeper.isValid()).toBe(false);
    expect(keeper.role).toBe('watching');
  });

  it('a holder that sees another writer claim loses the lease', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.acknowledged(claim, 1);
    keeper.observe({ id: 1, kind: 'claim', holder: 'a', durationMs: D });
    expect(keeper.isValid()).toBe(true);
    keeper.observe({ id: 2, kind: 'claim', holder: 'b', durationMs: D });
    expect(keeper.isValid()).toBe(false);
  });

  it('a paused holder wakes up invalid, and a renewal sent after waking counts from the new send', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    const claim = claimed(keeper, clock);
    keeper.acknowledged(claim, 1);
    const beforePause = keeper.beginRenewal(); // sent just before a long pause
    clock.ms += 10_000;
    expect(keeper.isValid()).toBe(false);
    if (!beforePause.ok) throw new Error('renewal refused');
    keeper.acknowledged(beforePause.attempt, 2); // its acknowledgement is read after the pause: still expired
    expect(keeper.isValid()).toBe(false);
    const afterPause = keeper.beginRenewal();
    if (!afterPause.ok) throw new Error('renewal refused');
    keeper.acknowledged(afterPause.attempt, 3);
    expect(keeper.status().validUntilMs).toBe(clock.ms + D - M);
    expect(keeper.isValid()).toBe(true);
  });

  it('forgets the oldest of too many unanswered attempts, which then never count', () => {
    const clock = new TestClock();
    const keeper = keeperAt(clock);
    keeper.observeStart(0);
    keeper.acknowledged(claimed(keeper, clock), 1);
    const attempts: LeaseAttempt[] = [];
    for (let n = 0; n <= txlogLimits.leasePendingAttemptsMax; n++) {
      clock.ms += 1;
      const decision = keeper.beginRenewal();
      if (!decision.ok) throw new Error('renewal refused');
      attempts.push(decision.attempt);
    }
    const before = keeper.status().validUntilMs;
    keeper.acknowledged(attempts[0] as LeaseAttempt, 2);
    expect(keeper.status().validUntilMs).toBe(before);
    keeper.acknowledged(attempts[1] as LeaseAttempt, 3);
    expect(keeper.status().validUntilMs).toBe((attempts[1] as LeaseAttempt).sentAtMs + D - M);
  });

  it('refuses a configuration whose lease cannot be renewed in time', () => {
    const now = () => 0;
    expect(() => new LeaseKeeper({ self: 'a', durationMs: 0, now })).toThrow(/lease duration 0 ms/);
    expect(() => new LeaseKeeper({ self: 'a', durationMs: 1000, now, driftRateMax: 0.5 })).toThrow(/clock drift bound/);
    expect(() => new LeaseKeeper({ self: 'a', durationMs: 1000, now, renewEveryMs: 990 })).toThrow(/renewal interval 990 ms/);
  });
});

/**
 * The worst case of the proof: the holder's clock runs slow and the would-be holder's fast, the
 * renewal commits and is observed the instant it is sent, the would-be claims at the first moment
 * allowed. Returns the real time between the end of the holder's validity and the claim (negative:
 * two holders were valid at once).
 */
function worstCaseGapMs(actualDrift: number, assumedDrift: number): number {
  let real = 0;
  const holderClock = () => Math.floor(1_000 + real * (1 - actualDrift));
  const otherClock = () => Math.floor(5_000 + real * (1 + actualDrift));
  const holder = new LeaseKeeper({ self: 'a', durationMs: D, now: holderClock, driftRateMax: assumedDrift });
  const other = new LeaseKeeper({ self: 'b', durationMs: D, now: otherClock, driftRateMax: assumedDrift });
  holder.observeStart(0);
  other.observeStart(0);
  real = 2 * D;
  const claim = holder.beginClaim();
  if (!claim.ok) throw new Error('claim refused');
  holder.acknowledged(claim.attempt, 1);
  other.observe({ id: 1, kind: 'claim', holder: 'a', durationMs: D });
  let holderEnd = Number.NaN;
  let otherClaim = Number.NaN;
  const start = real;
  for (real = start; real < start + 3 * D && (Number.isNaN(holderEnd) || Number.isNaN(otherClaim)); real += 0.25) {
    if (Number.isNaN(holderEnd) && !holder.isValid()) holderEnd = real;
    if (Number.isNaN(otherClaim) && other.beginClaim().ok) otherClaim = real;
  }
  return otherClaim - holderEnd;
}

describe('lease keeper: at most one valid holder', () => {
  it('in the worst case of the proof, the would-be holder claims after the holder stopped being valid', () => {
    expect(worstCaseGapMs(0.01, 0.01)).toBeGreaterThan(0);
    expect(worstCaseGapMs(0, 0.01)).toBeGreaterThan(0);
  });

  it('with clocks drifting beyond the assumed bound the same schedule gives two valid holders (the check can fail)', () => {
    expect(worstCaseGapMs(0.03, 0.01)).toBeLessThan(0);
  });

  it('holds over random adversarial schedules: delays, drops, reordered answers, pauses and drifting clocks', () => {
    let violations = 0;
    let leaseMs = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const run = simulate(seed, 0.01);
      violations += run.violations.length;
      leaseMs += run.validMs;
      expect(run.violations, `seed ${seed}`).toEqual([]);
    }
    expect(violations).toBe(0);
    expect(leaseMs).toBeGreaterThan(40 * 2000); // the schedules did let holders hold
  });

  it('the random schedules find two valid holders when clocks drift beyond the assumed bound (the check can fail)', () => {
    let found = 0;
    for (let seed = 1; seed <= 40 && found === 0; seed++) found += simulate(seed, 0.05).violations.length;
    expect(found).toBeGreaterThan(0);
  });
});

const SIM_DURATION_MS = 300;
const SIM_RUN_MS = 12_000;
const SIM_NODES = 3;

interface SimNode {
  readonly self: string;
  readonly keeper: LeaseKeeper;
  clock: number;
  rate: number;
  pausedUntil: number;
  /** The writer's current session (after a claim), or null. */
  session: { client: bigint; seq: bigint; chainEnd: number; broken: boolean } | null;
  /** Requests sent and not yet answered, by request_seq. */
  waiting: Map<bigint, { spec: AppendSpec; attempt: LeaseAttempt | null; retries: number; resendAt: number }>;
  observedUpTo: number;
}

interface SimEvent {
  readonly at: number;
  readonly order: number;
  readonly run: () => void;
}

/** One seeded run of SIM_NODES writers sharing a real LogStateMachine; clocks run at 1 ± `actualDrift` while keepers assume 1%. */
function simulate(seed: number, actualDrift: number): { violations: string[]; validMs: number } {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  /** Half instant (the worst case for the lease), mostly short, sometimes longer than a lease. */
  const delay = () => {
    const roll = random();
    return roll < 0.5 ? 0 : roll < 0.9 ? between(0, 20) : between(0, 1.5 * SIM_DURATION_MS);
  };
  const machine = new LogStateMachine();
  const committed: { id: number; kind: 'data' | 'claim' | 'renewal'; holder: string; at: number }[] = [];
  let events: SimEvent[] = [];
  let order = 0;
  let real = 0;
  let nextClient = 1n;
  const schedule = (at: number, run: () => void) => events.push({ at, order: order++, run });
  const nodes: SimNode[] = Array.from({ length: SIM_NODES }, (_, n) => {
    const node: SimNode = {
      self: `n${n}`,
      keeper: undefined as unknown as LeaseKeeper,
      clock: between(0, 100_000),
      rate: 1,
      pausedUntil: 0,
      session: null,
      waiting: new Map(),
      observedUpTo: 0,
    };
    (node as { keeper: LeaseKeeper }).keeper = new LeaseKeeper({ self: node.self, durationMs: SIM_DURATION_MS, now: () => Math.floor(node.clock) });
    node.keeper.observeStart(0);
    return node;
  });

  const applyAtLog = (spec: AppendSpec): AppendResult => {
    const outcome = machine.apply({ term: 1, index: machine.appliedIndex + 1, type: EntryType.Normal, data: appendData(spec) }, Math.floor(real));
    if (outcome.kind !== 'append') throw new Error('not an append');
    if (outcome.result.kind === 'committed' && !outcome.duplicate) {
      const command = LogCommand.decode(appendData(spec));
      const records = command.command?.$case === 'append' ? command.command.value.records : [];
      records.forEach((record, position) => {
        const kind = record.kind === 2 ? 'claim' : record.kind === 3 ? 'renewal' : 'data';
        committed.push({ id: (outcome.result as { firstId: number }).firstId + position, kind, holder: spec.client.toString(), at: real });
      });
      for (const node of nodes) deliverObservations(node);
    }
    return outcome.result;
  };

  // Every node's tail sees committed records in order, each some time after it commits.
  const deliverObservations = (node: SimNode) => {
    const record = committed[committed.length - 1];
    if (record === undefined) return;
    const observe = () => {
      if (real < node.pausedUntil) {
        schedule(node.pausedUntil, observe); // read when the node wakes up
        return;
      }
      while (node.observedUpTo < committed.length) {
        const next = committed[node.observedUpTo] as (typeof committed)[number];
        node.observedUpTo++;
        const holder = `n${holderOfClient.get(next.holder) ?? -1}`;
        if (next.kind === 'claim') node.keeper.observe({ id: next.id, kind: 'claim', holder, durationMs: SIM_DURATION_MS });
        else if (next.kind === 'renewal') node.keeper.observe({ id: next.id, kind: 'renewal', holder });
        else node.keeper.observe({ id: next.id, kind: 'data' });
      }
    };
    schedule(real + delay(), observe);
  };
  const holderOfClient = new Map<string, number>();

  const send = (node: SimNode, seq: bigint) => {
    const waiting = node.waiting.get(seq);
    if (waiting === undefined) return;
    waiting.resendAt = real + 3 * SIM_DURATION_MS;
    if (random() < 0.05) return; // lost on the way
    schedule(real + delay(), () => {
      const result = applyAtLog(waiting.spec);
      if (random() < 0.05) return; // the answer is lost
      schedule(real + delay(), () => answer(node, seq, result));
    });
  };

  const answer = (node: SimNode, seq: bigint, result: AppendResult) => {
    const waiting = node.waiting.get(seq);
    if (waiting === undefined) return;
    if (real < node.pausedUntil) {
      schedule(node.pausedUntil, () => answer(node, seq, result)); // read when the node wakes up
      return;
    }
    if (result.kind === 'rejected' && result.notYet) {
      waiting.resendAt = real + between(0, 50);
      return;
    }
    node.waiting.delete(seq);
    if (result.kind === 'rejected') {
      if (waiting.attempt !== null) node.keeper.fenced(waiting.attempt);
      breakSession(node);
    } else if (result.kind === 'committed' && waiting.attempt !== null) {
      node.keeper.acknowledged(waiting.attempt, result.firstId);
    }
  };

  /** A fenced or abandoned request ends the session: later ones could never be accepted. The writer gives the lease up. */
  const breakSession = (node: SimNode) => {
    if (node.session !== null) node.session.broken = true;
    for (const waiting of node.waiting.values()) if (waiting.attempt !== null) node.keeper.abandoned(waiting.attempt);
    node.waiting.clear();
    node.keeper.resign();
  };

  const request = (node: SimNode, records: AppendSpec['records'], attempt: LeaseAttempt | null) => {
    const session = node.session;
    if (session === null || session.broken) return;
    session.seq += 1n;
    const spec: AppendSpec = { client: session.client, seq: session.seq, prev: session.chainEnd, records };
    session.chainEnd += records.length;
    node.waiting.set(session.seq, { spec, attempt, retries: 0, resendAt: 0 });
    send(node, session.seq);
  };

  const act = (node: SimNode) => {
    const keeper = node.keeper;
    if (keeper.role === 'watching') {
      const decision = keeper.beginClaim();
      if (decision.ok) {
        node.waiting.clear();
        const client = nextClient++;
        holderOfClient.set(client.toString(), nodes.indexOf(node));
        node.session = { client, seq: 0n, chainEnd: decision.expectedPrevId, broken: false };
        request(node, [claim(node.self, SIM_DURATION_MS)], decision.attempt);
      }
    } else if (keeper.renewalDue()) {
      const decision = keeper.beginRenewal();
      if (decision.ok) request(node, [renewal(node.self)], decision.attempt);
    } else if (keeper.isValid() && random() < 0.01) {
      request(node, data(1), null);
    }
    for (const [seq, waiting] of node.waiting) {
      if (real < waiting.resendAt) continue;
      if (waiting.retries++ >= 3) {
        breakSession(node);
        return;
      }
      send(node, seq);
    }
  };

  const violations: string[] = [];
  let validMs = 0;
  for (real = 0; real < SIM_RUN_MS; real += 1) {
    for (const node of nodes) {
      if (random() < 0.002) node.rate = random() < 0.5 ? 1 - actualDrift : 1 + actualDrift; // the extremes are the worst case
      node.clock += node.rate;
      if (random() < 0.0005) node.pausedUntil = real + between(0, 3 * SIM_DURATION_MS);
    }
    const due = events.filter((event) => event.at <= real).sort((x, y) => x.at - y.at || x.order - y.order);
    events = events.filter((event) => event.at > real);
    for (const event of due) event.run();
    for (const node of nodes) if (real >= node.pausedUntil) act(node);
    const valid = nodes.filter((node) => node.keeper.isValid());
    if (valid.length > 0) validMs++;
    if (valid.length > 1) violations.push(`${real} ms: ${valid.map((node) => JSON.stringify(node.keeper.status())).join(' and ')}`);
    if (valid.length === 1 && machine.lease?.holder !== valid[0]?.self) violations.push(`${real} ms: ${valid[0]?.self} is valid but the log's holder is ${machine.lease?.holder}`);
  }
  return { violations, validMs };
}
