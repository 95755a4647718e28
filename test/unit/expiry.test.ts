import { afterEach, describe, expect, it } from 'vitest';
import type { Effect } from '../../server/src/keyspace/effect.js';
import type { RunningServer } from '../../server/src/server.js';
import { type Clock, systemClock } from '../../server/src/state/clock.js';
import { Cron } from '../../server/src/state/cron.js';
import { EffectsPair, Executor } from '../support/executor.js';
import { RespClient } from '../support/resp-client.js';
import { startCairn } from '../support/servers.js';

/** The system clock with its wall time movable, so a test can make keys due at once. */
class ShiftedClock implements Clock {
  shiftMs = 0;
  nowMicros(): number {
    return systemClock.nowMicros() + this.shiftMs * 1000;
  }
  monotonicMicros(): number {
    return systemClock.monotonicMicros();
  }
}

describe('active expiry', () => {
  it('removes due keys earliest first, records each as DEL, and the replica follows', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'late', 'v', 'PX', '300');
    pair.run('SET', 'early', 'v', 'PX', '100');
    pair.run('SET', 'kept', 'v');
    pair.clock.advanceMs(200);
    expect(pair.primary.activeExpire()).toBe(1);
    expect(pair.primary.effects.at(-1)).toEqual([{ db: 0, argv: ['DEL', 'early'] }]);
    pair.clock.advanceMs(200);
    expect(pair.primary.activeExpire()).toBe(1);
    expect(pair.primary.effects.at(-1)).toEqual([{ db: 0, argv: ['DEL', 'late'] }]);
    expect(pair.primary.state.keyspace.db(0).size).toBe(1);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('records the database each expired key was in', () => {
    const pair = new EffectsPair();
    pair.run('SELECT', '4');
    pair.run('SET', 'k', 'v', 'PX', '10');
    pair.clock.advanceMs(20);
    pair.primary.activeExpire();
    expect(pair.primary.effects.at(-1)).toEqual([{ db: 4, argv: ['DEL', 'k'] }]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('a key whose expiry changed is removed at its new time only', () => {
    const pair = new EffectsPair();
    pair.run('SET', 'k', 'v', 'PX', '100');
    pair.run('PEXPIRE', 'k', '1000');
    pair.clock.advanceMs(500);
    expect(pair.primary.activeExpire()).toBe(0);
    expect(pair.run('EXISTS', 'k')).toBe(1);
    pair.clock.advanceMs(600);
    expect(pair.primary.activeExpire()).toBe(1);
  });

  it('the cron cycle does nothing on a replica', () => {
    const replica = new Executor({ role: 'replica' });
    const applier = replica.newClient();
    applier.applier = true;
    replica.runAs(applier, 'SET', 'k', 'v', 'PXAT', String(replica.state.nowMs() + 10));
    replica.clock.advanceMs(20);
    const effectUnits = replica.effects.length;
    new Cron(replica.state).expireCycle();
    expect(replica.state.keyspace.db(0).size).toBe(1);
    expect(replica.effects.length).toBe(effectUnits);
  });

  it('the cron cycle works in slices: each unit of effects holds a bounded number of DELs', () => {
    const server = new Executor();
    const database = server.state.keyspace.db(0);
    server.state.keyspace.now = server.state.nowMs();
    for (let index = 0; index < 1000; index++) {
      database.set(`k${index}`, 'string', 'v');
      database.setExpireAt(`k${index}`, server.state.nowMs() + 10);
    }
    server.clock.advanceMs(20);
    new Cron(server.state).expireCycle();
    expect(database.size).toBe(0);
    const units = server.effects.filter((unit) => unit.length > 0);
    expect(units.length).toBe(5);
    for (const unit of units) expect(unit.length).toBeLessThanOrEqual(200);
  });
});

describe('active expiry of a million keys in a running server', () => {
  let server: RunningServer | null = null;
  let client: RespClient | null = null;

  afterEach(async () => {
    client?.close();
    await server?.close();
    server = null;
    client = null;
  });

  it('keeps answering other clients while a million keys expire at once, and removes them all', async () => {
    const keyCount = 1_000_000;
    const clock = new ShiftedClock();
    const units: (readonly Effect[])[] = [];
    server = await startCairn({ clock, settings: { hz: 10 }, effectSink: (effects) => units.push(effects) });
    client = await RespClient.connect(server.port);
    const state = server.state;
    const database = state.keyspace.db(0);
    state.keyspace.now = state.nowMs();
    const expireAt = state.nowMs() + 3_600_000;
    for (let index = 0; index < keyCount; index++) {
      database.set(`key:${index}`, 'string', 'v');
      database.setExpireAt(`key:${index}`, expireAt);
    }
    expect(await client.call('DBSIZE')).toEqual({ t: 'int', v: String(keyCount) });

    clock.shiftMs = 2 * 3_600_000; // every key is now due
    await waitUntil(() => database.size < keyCount, 5_000);

    const latencies: number[] = [];
    let answeredDuringExpiry = 0;
    for (let round = 0; round < 20 && database.size > 0; round++) {
      const started = performance.now();
      const [pong, size] = await client.pipeline([['PING'], ['DBSIZE']]);
      latencies.push(performance.now() - started);
      expect(pong).toEqual({ t: 'simple', v: 'PONG' });
      if (size?.t === 'int' && Number(size.v) > 0) answeredDuringExpiry++;
    }
    expect(answeredDuringExpiry).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(200);

    await waitUntil(() => database.size === 0, 60_000);
    expect(await client.call('DBSIZE')).toEqual({ t: 'int', v: '0' });
    const deleted = units.flat().filter((effect) => effect.argv[0] === 'DEL').length;
    expect(deleted).toBe(keyCount);
    expect(Math.max(...units.map((unit) => unit.length))).toBeLessThanOrEqual(200);
  }, 120_000);
});

/** Poll a condition every few milliseconds until it holds or the deadline passes. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let polls = 0; polls < 1_000_000; polls++) {
    if (condition()) return;
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
