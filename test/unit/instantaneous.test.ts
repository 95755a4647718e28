import { describe, expect, it } from 'vitest';
import { VerbatimReply } from '../../server/src/resp/reply.js';
import { Cron } from '../../server/src/state/cron.js';
import { InstantaneousRate } from '../../server/src/state/instantaneous.js';
import { Executor } from '../support/executor.js';

function infoField(reply: unknown, name: string): string | undefined {
  const text = reply instanceof VerbatimReply ? reply.text : String(reply);
  return new RegExp(`^${name}:(.*)\\r$`, 'm').exec(text)?.[1];
}

describe('instantaneous metrics', () => {
  it('the rate is the mean of the last 16 per-second readings', () => {
    const rate = new InstantaneousRate();
    rate.sample(0, 0);
    for (let step = 1; step <= 16; step++) rate.sample(step * 100, step * 50); // 50 per 100 ms = 500/s
    expect(rate.rate).toBe(500);
    rate.sample(1700, 800); // nothing new: one reading of 0 replaces one of 500
    expect(rate.rate).toBe((15 * 500) / 16);
  });

  it('INFO reports instantaneous_ops_per_sec from commands run between cron ticks', () => {
    const server = new Executor();
    const cron = new Cron(server.state);
    cron.tick();
    for (let step = 0; step < 16; step++) {
      for (let command = 0; command < 20; command++) server.run('PING');
      server.clock.advanceMs(100);
      cron.tick();
    }
    // 20 commands per 100 ms, plus nothing else counted between ticks: 200 per second
    expect(infoField(server.run('INFO', 'stats'), 'instantaneous_ops_per_sec')).toBe('200');
  });

  it('rdb_changes_since_last_save counts changes made by writes', () => {
    const server = new Executor();
    server.run('SET', 'a', '1');
    server.run('SET', 'b', '2', 'NX');
    server.run('SET', 'b', '3', 'NX'); // no change
    server.run('GET', 'a');
    expect(infoField(server.run('INFO', 'persistence'), 'rdb_changes_since_last_save')).toBe('2');
  });
});
