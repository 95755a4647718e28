import { describe, expect, it } from 'vitest';
import { claim, data, Driver, renewal } from './commands.js';

describe('lease records', () => {
  it('a claim makes its writer the holder with its address and duration, epoch 1, expiring a duration after it was applied', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000, '10.0.0.1:6379')] });
    expect(driver.machine.lease).toEqual({
      holder: 'a',
      address: '10.0.0.1:6379',
      epoch: 1,
      durationMs: 5000,
      lastRenewalId: 1,
      expiresAtMs: driver.nowMs + 5000,
    });
  });

  it('a renewal by the holder extends the lease from the renewal record and keeps the epoch', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000)] });
    driver.result({ client: 1n, seq: 2n, prev: 1, records: [...data(2), renewal('a')] });
    expect(driver.machine.lease).toMatchObject({ holder: 'a', epoch: 1, lastRenewalId: 4, expiresAtMs: driver.nowMs + 5000 });
  });

  it('a renewal naming someone other than the holder is accepted on the chain but changes nothing', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000)] });
    const before = driver.machine.lease;
    expect(driver.result({ client: 2n, seq: 1n, prev: 1, records: [renewal('b')] })).toEqual({ kind: 'committed', firstId: 2, lastId: 2 });
    expect(driver.machine.lease).toEqual(before);
  });

  it('a renewal before any claim grants no lease', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [renewal('a')] });
    expect(driver.machine.lease).toBeNull();
  });

  it('a new claim takes the lease over and increments the epoch; the old holder renewing is fenced', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000)] });
    driver.result({ client: 2n, seq: 1n, prev: 1, records: [claim('b', 3000, 'b:1')] });
    expect(driver.machine.lease).toMatchObject({ holder: 'b', address: 'b:1', epoch: 2, durationMs: 3000, lastRenewalId: 2 });
    expect(driver.result({ client: 1n, seq: 2n, prev: 1, records: [renewal('a')] })).toMatchObject({ kind: 'rejected', notYet: false });
    expect(driver.machine.lease).toMatchObject({ holder: 'b', epoch: 2 });
  });

  it('a claim by the current holder starts a new epoch', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000)] });
    driver.result({ client: 2n, seq: 1n, prev: 1, records: [claim('a', 5000)] });
    expect(driver.machine.lease).toMatchObject({ holder: 'a', epoch: 2, lastRenewalId: 2 });
  });

  it('a rejected claim changes nothing', () => {
    const driver = new Driver();
    driver.result({ client: 1n, seq: 1n, prev: 0, records: [claim('a', 5000)] });
    driver.result({ client: 2n, seq: 1n, prev: 0, records: [claim('b', 5000)] });
    expect(driver.machine.lease).toMatchObject({ holder: 'a', epoch: 1 });
  });
});
