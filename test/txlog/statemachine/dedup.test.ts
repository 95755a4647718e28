import { describe, expect, it } from 'vitest';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { LogStateMachine } from '../../../txlog/src/statemachine/log-state-machine.js';
import type { StateMachineLimits } from '../../../txlog/src/statemachine/validate-append.js';
import { data, digestWithNoopAt, Driver } from './commands.js';

/** Appends one record per request for `client`, seqs 1..count, each following the chain's end; returns the last id. */
function appendRun(driver: Driver, client: bigint, count: number, firstSeq = 1n): number {
  for (let n = 0; n < count; n++) {
    const prev = driver.machine.lastAcceptedId;
    const result = driver.result({ client, seq: firstSeq + BigInt(n), prev, records: data(1) });
    if (result.kind !== 'committed') throw new Error(`setup: client ${client} request ${firstSeq + BigInt(n)} was ${result.kind}`);
  }
  return driver.machine.lastAcceptedId;
}

/** `driver`'s state machine after a snapshot and restore. */
function restored(driver: Driver, limits: StateMachineLimits): Driver {
  const result = LogStateMachine.restore(driver.machine.snapshot(), driver.machine.appliedIndex, limits);
  if (!result.ok) throw new Error(result.error);
  const copy = new Driver(result.machine, limits);
  copy.entries.push(...driver.entries);
  return copy;
}

describe('retries and sequence numbers', () => {
  it('a retry of an accepted request is answered from memory as a duplicate and appends nothing', () => {
    const driver = new Driver();
    const request = { client: 1n, seq: 1n, prev: 0, records: data(3) };
    driver.result(request);
    const retry = driver.append(request);
    expect(retry).toMatchObject({ kind: 'append', duplicate: true, result: { kind: 'committed', firstId: 1, lastId: 3 } });
    expect(driver.machine.lastAcceptedId).toBe(3);
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, retry.index));
  });

  it('a retry of a fenced request gets the same rejection, even after the chain moved on', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) });
    const fenced = { client: 2n, seq: 1n, prev: 0, records: data(1) };
    const first = driver.result(fenced);
    driver.result({ client: 1n, seq: 2n, prev: 1, records: data(1) });
    expect(driver.append(fenced)).toMatchObject({ duplicate: true, result: first });
    expect(first).toEqual({ kind: 'rejected', lastAcceptedId: 1, notYet: false, reason: 'chain' });
  });

  it('a notYet rejection is not remembered, so its retry is decided again', () => {
    const driver = new Driver();
    const early = { client: 1n, seq: 1n, prev: 2, records: data(1) };
    expect(driver.result(early)).toMatchObject({ kind: 'rejected', notYet: true });
    driver.result({ client: 2n, seq: 1n, prev: 0, records: data(2) });
    expect(driver.append(early)).toMatchObject({ duplicate: false, result: { kind: 'committed', firstId: 3, lastId: 3 } });
  });

  it('sessions are remembered up to the limit and the least recently updated one is forgotten first', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 3 });
    appendRun(driver, 1n, 1);
    appendRun(driver, 2n, 1);
    appendRun(driver, 3n, 1);
    appendRun(driver, 1n, 1, 2n); // session 1 is now the most recent; session 2 the least recent
    appendRun(driver, 4n, 1); // forgets session 2
    expect(driver.machine.sessionCount).toBe(3);
    // Session 1's next request follows its remembered one; session 2's cannot be told from a
    // session that skipped a request, so it waits (notYet) and changes nothing.
    expect(driver.append({ client: 1n, seq: 3n, prev: 5, records: data(1) })).toMatchObject({ result: { kind: 'committed', firstId: 6 } });
    expect(driver.append({ client: 2n, seq: 2n, prev: 6, records: data(1) })).toMatchObject({ result: { kind: 'rejected', notYet: true, reason: 'sequenceGap' } });
    expect(driver.machine.sessionCount).toBe(3);
  });

  it('a duplicate does not make its session more recent', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 2 });
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) });
    driver.result({ client: 2n, seq: 1n, prev: 1, records: data(1) });
    driver.append({ client: 1n, seq: 1n, prev: 0, records: data(1) }); // duplicate: changes nothing
    driver.result({ client: 3n, seq: 1n, prev: 2, records: data(1) }); // forgets session 1, the least recently updated
    expect(driver.append({ client: 2n, seq: 2n, prev: 3, records: data(1) })).toMatchObject({ result: { kind: 'committed', firstId: 4 } });
    expect(driver.append({ client: 1n, seq: 2n, prev: 4, records: data(1) })).toMatchObject({ result: { kind: 'rejected', notYet: true, reason: 'sequenceGap' } });
  });
});

describe('a pipelining session remembers its latest requests', () => {
  it('a retry of any of the last clientInflightAppendsMax requests is answered from memory after later ones applied', () => {
    const driver = Driver.withLimits({ ...txlogLimits, clientInflightAppendsMax: 4 });
    appendRun(driver, 1n, 6);
    driver.trim(7); // the chain can no longer tell: only the session's memory can
    // Requests 3..6 are remembered: request 3 (id 3) is answered as committed, not stale.
    const retry = driver.append({ client: 1n, seq: 3n, prev: 2, records: data(1) });
    expect(retry).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 3, lastId: 3 } });
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, retry.index));
    expect(driver.append({ client: 1n, seq: 6n, prev: 5, records: data(1) })).toMatchObject({ duplicate: true, result: { firstId: 6 } });
  });

  it('an older request is answered from the chain when it can tell, and is stale when it cannot', () => {
    const driver = Driver.withLimits({ ...txlogLimits, clientInflightAppendsMax: 4 });
    appendRun(driver, 1n, 6);
    // Request 2 is no longer remembered, but its batch follows id 1.
    expect(driver.append({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 2, lastId: 2 } });
    // Request 2 naming id 3: the batch after id 3 is request 4's, so request 2 is certainly not there.
    expect(driver.result({ client: 1n, seq: 2n, prev: 3, records: data(1) })).toEqual({ kind: 'rejected', lastAcceptedId: 6, notYet: false, reason: 'chain' });
    // Naming the end of the chain: nothing to look at.
    const forgotten = driver.result({ client: 1n, seq: 2n, prev: 6, records: data(1) });
    expect(forgotten).toMatchObject({ kind: 'stale', reason: 'forgotten' });
    expect(forgotten.kind === 'stale' && forgotten.message).toMatch(/older than the 4 latest requests this session remembers \(its last applied one is 6\)/);
    driver.trim(4);
    expect(driver.result({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ kind: 'stale', reason: 'trimmed' });
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, driver.machine.appliedIndex));
    expect(driver.machine.lastAcceptedId).toBe(6);
  });

  it('a fenced session remembers each rejection of its pipelined requests', () => {
    const driver = Driver.withLimits({ ...txlogLimits, clientInflightAppendsMax: 4 });
    appendRun(driver, 1n, 2);
    // Session 2 pipelines three requests from id 1: the first is fenced, the next ones stay fenced.
    const answers = [1n, 2n, 3n].map((seq) => driver.result({ client: 2n, seq, prev: Number(seq), records: data(1) }));
    expect(answers.map((answer) => answer.kind === 'rejected' && answer.reason)).toEqual(['chain', 'fencedSession', 'fencedSession']);
    appendRun(driver, 1n, 1, 3n);
    expect(driver.append({ client: 2n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({ duplicate: true, result: answers[0] });
    expect(driver.append({ client: 2n, seq: 2n, prev: 2, records: data(1) })).toMatchObject({ duplicate: true, result: answers[1] });
  });

  it('beyond dedupResultsMax results in all, the least recently updated session is forgotten whole', () => {
    const driver = Driver.withLimits({ ...txlogLimits, clientInflightAppendsMax: 4, dedupResultsMax: 10 });
    appendRun(driver, 1n, 4); // 4 results
    appendRun(driver, 2n, 4); // 8
    expect(driver.machine.sessionCount).toBe(2);
    appendRun(driver, 3n, 3); // 11 > 10: session 1 goes (7 left)
    expect(driver.machine.sessionCount).toBe(2);
    expect(driver.append({ client: 1n, seq: 5n, prev: driver.machine.lastAcceptedId, records: data(1) })).toMatchObject({ result: { reason: 'sequenceGap' } });
    expect(driver.append({ client: 2n, seq: 5n, prev: driver.machine.lastAcceptedId, records: data(1) })).toMatchObject({ result: { kind: 'committed' } });
  });

  it('a snapshot keeps every remembered request of every session', () => {
    const limits: StateMachineLimits = { ...txlogLimits, clientInflightAppendsMax: 4 };
    const driver = Driver.withLimits(limits);
    appendRun(driver, 1n, 6);
    driver.result({ client: 2n, seq: 1n, prev: 0, records: data(1) }); // fenced
    driver.trim(7); // only memory can answer now
    const copy = restored(driver, limits);
    expect(copy.machine.digest()).toBe(driver.machine.digest());
    expect(copy.append({ client: 1n, seq: 3n, prev: 2, records: data(1) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 3 } });
    expect(copy.append({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ result: { kind: 'stale', reason: 'trimmed' } });
    expect(copy.append({ client: 2n, seq: 1n, prev: 0, records: data(1) })).toMatchObject({ duplicate: true, result: { kind: 'rejected', reason: 'chain' } });
  });

  it('a snapshot holding more results than this node remembers is refused', () => {
    const driver = Driver.withLimits({ ...txlogLimits, clientInflightAppendsMax: 4 });
    appendRun(driver, 1n, 4);
    appendRun(driver, 2n, 4);
    const index = driver.machine.appliedIndex;
    const perSession = LogStateMachine.restore(driver.machine.snapshot(), index, { ...txlogLimits, clientInflightAppendsMax: 3 });
    expect(perSession).toMatchObject({ ok: false, error: expect.stringMatching(/a session with 4 results \(1\.\.3\)/) });
    const total = LogStateMachine.restore(driver.machine.snapshot(), index, { ...txlogLimits, clientInflightAppendsMax: 4, dedupResultsMax: 7 });
    expect(total).toMatchObject({ ok: false, error: expect.stringMatching(/more than the limit of 7 remembered results/) });
  });
});

describe('a session the state machine no longer remembers', () => {
  /** Session 1 appends request 1 (ids 1..2), then sessions 2 and 3 push it out of a table of two. */
  function forgottenFirstRequest(): Driver {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 2 });
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    appendRun(driver, 2n, 2);
    appendRun(driver, 3n, 1);
    return driver;
  }

  it('a late retry of its committed first request is answered as the duplicate it is, never rejected', () => {
    const driver = forgottenFirstRequest();
    expect(driver.machine.sessionCount).toBe(2);
    const retry = driver.append({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    expect(retry).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 1, lastId: 2 } });
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, retry.index));
  });

  it('a retry of a later committed request is found by its batch too', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 1 });
    appendRun(driver, 1n, 3); // ids 1, 2, 3
    appendRun(driver, 2n, 1); // forgets session 1
    expect(driver.append({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 2, lastId: 2 } });
  });

  it('a request after which someone else appended is rejected: its records are certainly not in the log', () => {
    const driver = forgottenFirstRequest();
    // Session 9 (never seen) names id 0 as well: ids 1..2 are session 1's, so session 9's request is not there.
    expect(driver.result({ client: 9n, seq: 1n, prev: 0, records: data(1) })).toEqual({ kind: 'rejected', lastAcceptedId: 5, notYet: false, reason: 'chain' });
    // Session 1's request 2 naming id 0 is not the batch there either (that is its request 1).
    expect(driver.result({ client: 1n, seq: 2n, prev: 0, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: false, reason: 'chain' });
  });

  it('a request naming an id inside another batch is rejected', () => {
    const driver = forgottenFirstRequest();
    expect(driver.result({ client: 8n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: false, reason: 'chain' });
  });

  it('a retry whose place in the chain was trimmed is stale, not rejected: whether it was applied cannot be told', () => {
    const driver = forgottenFirstRequest();
    driver.trim(4);
    const answer = driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    expect(answer).toMatchObject({ kind: 'stale', reason: 'trimmed' });
    expect(answer.kind === 'stale' && answer.message).toMatch(/records after id 0 were trimmed/);
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, driver.machine.appliedIndex));
    // A trim inside a batch keeps the batch, and with it the writer.
    const partly = forgottenFirstRequest();
    partly.trim(2);
    expect(partly.append({ client: 1n, seq: 1n, prev: 0, records: data(2) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 1 } });
  });

  it('a forgotten session whose last request ends the chain goes on with its next one', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 1 });
    appendRun(driver, 1n, 2); // ids 1, 2
    driver.result({ client: 2n, seq: 1n, prev: 0, records: data(1) }); // fenced, remembered: forgets session 1
    expect(driver.machine.sessionCount).toBe(1);
    expect(driver.result({ client: 1n, seq: 3n, prev: 2, records: data(1) })).toEqual({ kind: 'committed', firstId: 3, lastId: 3 });
    expect(driver.result({ client: 1n, seq: 4n, prev: 3, records: data(1) })).toEqual({ kind: 'committed', firstId: 4, lastId: 4 });
    // Not after a request that is not its previous one.
    expect(driver.result({ client: 1n, seq: 9n, prev: 4, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: true, reason: 'sequenceGap' });
  });

  it('a forgotten session fenced by someone else is told so, and stays fenced', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 1 });
    appendRun(driver, 1n, 2); // ids 1, 2
    appendRun(driver, 2n, 1); // id 3: forgets session 1
    // Session 1 pipelines requests 3 (after id 2) and 4 (after id 3): id 3 is someone else's.
    expect(driver.result({ client: 1n, seq: 3n, prev: 2, records: data(1) })).toEqual({ kind: 'rejected', lastAcceptedId: 3, notYet: false, reason: 'chain' });
    expect(driver.result({ client: 1n, seq: 4n, prev: 3, records: data(1) })).toEqual({ kind: 'rejected', lastAcceptedId: 3, notYet: false, reason: 'fencedSession' });
    expect(driver.machine.lastAcceptedId).toBe(3);
  });

  it('a chain that has not reached expected_prev_id still answers notYet', () => {
    const driver = forgottenFirstRequest();
    expect(driver.result({ client: 1n, seq: 1n, prev: 9, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: true, reason: 'chain' });
  });

  it('the writer of every retained batch survives a snapshot and restore', () => {
    const limits: StateMachineLimits = { ...txlogLimits, dedupClientsMax: 2 };
    const copy = restored(forgottenFirstRequest(), limits);
    expect(copy.append({ client: 1n, seq: 1n, prev: 0, records: data(2) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 1, lastId: 2 } });
    expect(copy.append({ client: 2n, seq: 2n, prev: 3, records: data(1) })).toMatchObject({ duplicate: true, result: { kind: 'committed', firstId: 4 } });
    expect(copy.result({ client: 7n, seq: 1n, prev: 2, records: data(1) })).toMatchObject({ kind: 'rejected', reason: 'chain' });
  });
});
