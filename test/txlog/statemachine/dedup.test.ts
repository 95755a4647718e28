import { describe, expect, it } from 'vitest';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import { data, digestWithNoopAt, Driver } from './commands.js';

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

  it('a request_seq lower than the last applied one is stale and changes nothing', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) });
    driver.result({ client: 1n, seq: 2n, prev: 1, records: data(1) });
    const stale = driver.result({ client: 1n, seq: 1n, prev: 2, records: data(1) });
    expect(stale).toMatchObject({ kind: 'stale', lastSeq: 2n });
    expect(stale.kind === 'stale' && stale.message).toMatch(/older than this session's last applied one \(2\)/);
    expect(driver.machine.digest()).toBe(digestWithNoopAt(driver, driver.machine.appliedIndex));
  });

  it('sessions are remembered up to the limit and the least recently updated one is forgotten first', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 3 });
    let prev = 0;
    const append = (client: bigint, seq: bigint) => {
      const result = driver.result({ client, seq, prev, records: data(1) });
      if (result.kind === 'committed') prev = result.lastId;
      return result;
    };
    append(1n, 1n);
    append(2n, 1n);
    append(3n, 1n);
    append(1n, 2n); // session 1 is now the most recent; session 2 the least recent
    append(4n, 1n); // forgets session 2
    expect(driver.machine.sessionCount).toBe(3);
    // Session 1's retry is still recognised; session 2's is not (it is decided again: a gap, as
    // the state machine no longer knows the session).
    expect(driver.append({ client: 1n, seq: 2n, prev: 1, records: data(1) })).toMatchObject({ duplicate: true });
    expect(driver.append({ client: 2n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({
      duplicate: false,
      result: { kind: 'rejected', notYet: false, reason: 'chain' },
    });
    // That decision made session 2 recent again and forgot session 3.
    expect(driver.append({ client: 3n, seq: 1n, prev: 2, records: data(1) })).toMatchObject({ duplicate: false });
  });

  it('a duplicate does not make its session more recent', () => {
    const driver = Driver.withLimits({ ...txlogLimits, dedupClientsMax: 2 });
    driver.result({ client: 1n, seq: 1n, prev: 0, records: data(1) });
    driver.result({ client: 2n, seq: 1n, prev: 1, records: data(1) });
    driver.append({ client: 1n, seq: 1n, prev: 0, records: data(1) }); // duplicate: changes nothing
    driver.result({ client: 3n, seq: 1n, prev: 2, records: data(1) }); // forgets session 1, the least recently updated
    expect(driver.append({ client: 2n, seq: 1n, prev: 1, records: data(1) })).toMatchObject({ duplicate: true });
    expect(driver.append({ client: 1n, seq: 1n, prev: 0, records: data(1) })).toMatchObject({ duplicate: false });
  });
});
