import { describe, expect, it } from 'vitest';
import { data, Driver } from './commands.js';

describe('conditional append chain', () => {
  it('an append naming the last accepted id is accepted and its records get the next ids', () => {
    const driver = new Driver();
    expect(driver.result({ client: 1n, seq: 1n, prev: 0, records: data(3) })).toEqual({ kind: 'committed', firstId: 1, lastId: 3 });
    expect(driver.result({ client: 1n, seq: 2n, prev: 3, records: data(1) })).toEqual({ kind: 'committed', firstId: 4, lastId: 4 });
    expect(driver.machine.lastAcceptedId).toBe(4);
  });

  it('an append naming an older id is rejected as fenced and gets no ids', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    expect(driver.result({ client: 2n, seq: 1n, prev: 1, records: data(5) })).toEqual({
      kind: 'rejected',
      lastAcceptedId: 2,
      notYet: false,
      reason: 'chain',
    });
    expect(driver.machine.lastAcceptedId).toBe(2);
    expect(driver.result({ client: 1n, seq: 2n, prev: 2, records: data(1) })).toEqual({ kind: 'committed', firstId: 3, lastId: 3 });
  });

  it('an append naming an id the chain has not reached is notYet, and its retry succeeds once the chain catches up', () => {
    const driver = new Driver();
    // The writer pipelines: request 2 arrives before request 1.
    expect(driver.result({ client: 1n, seq: 2n, prev: 2, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: true });
    expect(driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) })).toEqual({ kind: 'committed', firstId: 1, lastId: 2 });
    expect(driver.result({ client: 1n, seq: 2n, prev: 2, records: data(1) })).toEqual({ kind: 'committed', firstId: 3, lastId: 3 });
  });

  it('a chain that has not reached expected_prev_id is notYet even for a writer with no earlier request', () => {
    const driver = new Driver();
    expect(driver.result({ client: 7n, seq: 1n, prev: 5, records: data(1) })).toEqual({
      kind: 'rejected',
      lastAcceptedId: 0,
      notYet: true,
      reason: 'chain',
    });
    expect(driver.machine.sessionCount).toBe(0);
  });

  it('pipelined requests each naming the last id of the previous one are all accepted in order', () => {
    const driver = new Driver();
    let prev = 0;
    for (let seq = 1n; seq <= 20n; seq++) {
      const count = Number(seq % 3n) + 1;
      const result = driver.result({ client: 9n, seq, prev, records: data(count) });
      expect(result).toEqual({ kind: 'committed', firstId: prev + 1, lastId: prev + count });
      prev += count;
    }
    expect(driver.machine.lastAcceptedId).toBe(prev);
  });

  it('of two writers racing from the same id, exactly the first applied wins and the second is fenced', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) });
    expect(driver.result({ client: 2n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({ kind: 'committed' });
    expect(driver.result({ client: 3n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: false });
    // The first writer, still naming its own last id, is fenced too.
    expect(driver.result({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: false });
  });

  it('interleaved writers that each name the current last id all get consecutive ids', () => {
    const driver = new Driver();
    const seqs = new Map<bigint, bigint>();
    for (let n = 0; n < 30; n++) {
      const client = BigInt(n % 4);
      const seq = (seqs.get(client) ?? 0n) + 1n;
      seqs.set(client, seq);
      const last = driver.machine.lastAcceptedId;
      expect(driver.result({ client, seq, prev: last, records: data(2) })).toEqual({ kind: 'committed', firstId: last + 1, lastId: last + 2 });
    }
    expect(driver.machine.lastAcceptedId).toBe(60);
  });

  it('a request whose predecessor in the session was not applied yet is notYet even when the chain matches', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    // Writer 2 pipelines requests 1 (prev 2 -> ids 3..4) and 2 (prev 4). Request 1 is delayed and
    // meanwhile writer 1 happens to bring the chain to exactly 4.
    driver.result({ client: 1n, seq: 2n, prev: 2, records: data(2) });
    expect(driver.result({ client: 2n, seq: 2n, prev: 4, records: data(1) })).toEqual({
      kind: 'rejected',
      lastAcceptedId: 4,
      notYet: true,
      reason: 'sequenceGap',
    });
    expect(driver.machine.lastAcceptedId).toBe(4);
  });

  it('a session stays fenced: after one rejection a later request is rejected even when the chain matches', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(2) });
    // Writer 2 pipelines request 1 (prev 0) and request 2 (prev 2): request 1 is fenced by writer 1.
    expect(driver.result({ client: 2n, seq: 1n, prev: 0, records: data(2) })).toMatchObject({ kind: 'rejected', reason: 'chain' });
    expect(driver.result({ client: 2n, seq: 2n, prev: 2, records: data(1) })).toEqual({
      kind: 'rejected',
      lastAcceptedId: 2,
      notYet: false,
      reason: 'fencedSession',
    });
    expect(driver.machine.lastAcceptedId).toBe(2);
    // A new session of the same writer starts clean.
    expect(driver.result({ client: 3n, seq: 1n, prev: 2, records: data(1) })).toEqual({ kind: 'committed', firstId: 3, lastId: 3 });
  });

  it('a session unknown to the state machine must start at request_seq 1', () => {
    const driver = new Driver();
    expect(driver.result({ client: 5n, seq: 4n, prev: 0, records: data(1) })).toMatchObject({ kind: 'rejected', notYet: true, reason: 'sequenceGap' });
    expect(driver.machine.lastAcceptedId).toBe(0);
  });

  it('the outcome names the session, the sequence number and the raft index', () => {
    const driver = new Driver();
    driver.noop();
    expect(driver.append({ client: 77n, seq: 1n, prev: 0, records: data(1) })).toEqual({
      kind: 'append',
      index: 2,
      clientId: 77n,
      requestSeq: 1n,
      result: { kind: 'committed', firstId: 1, lastId: 1 },
      duplicate: false,
    });
  });
});
