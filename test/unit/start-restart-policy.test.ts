/** `cairn start` restarts a dead child after a backoff that doubles, and gives up when it keeps dying. */
import { describe, expect, it } from 'vitest';
import { decideRestart, describeExit, recentRestarts, type RestartPolicy } from '../../cli/start/restart-policy.js';

const policy: RestartPolicy = { backoffMsMin: 250, backoffMsMax: 5000, restartsMax: 5, windowMs: 60_000 };
const killed = { code: null, signal: 'SIGKILL' };
const crashed = { code: 1, signal: null };
const NOW = 1_000_000;

describe('restart policy', () => {
  it('restarts a child that died for the first time after the shortest backoff', () => {
    expect(decideRestart(killed, [], NOW, policy)).toEqual({ action: 'restart', delayMs: 250 });
    expect(decideRestart(crashed, [], NOW, policy)).toEqual({ action: 'restart', delayMs: 250 });
    expect(decideRestart({ code: 0, signal: null }, [], NOW, policy)).toEqual({ action: 'restart', delayMs: 250 });
  });

  it('doubles the backoff with every restart within the window, up to the maximum', () => {
    const delays: number[] = [];
    const times: number[] = [];
    for (let death = 0; death < 5; death++) {
      const decision = decideRestart(crashed, times, NOW + death, policy);
      expect(decision.action).toBe('restart');
      if (decision.action === 'restart') delays.push(decision.delayMs);
      times.push(NOW + death);
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000]);
    const capped = decideRestart(crashed, [NOW, NOW, NOW, NOW], NOW, { ...policy, backoffMsMin: 2000 });
    expect(capped).toEqual({ action: 'restart', delayMs: 5000 });
  });

  it('gives up after restartsMax restarts within the window, saying how often it died', () => {
    const times = [NOW - 50_000, NOW - 40_000, NOW - 30_000, NOW - 20_000, NOW - 10_000];
    const decision = decideRestart(crashed, times, NOW, policy);
    expect(decision).toEqual({ action: 'give-up', reason: 'it died 6 times within 60 s' });
  });

  it('forgets restarts older than the window: a child that ran a while starts over with the shortest backoff', () => {
    const old = [NOW - 300_000, NOW - 200_000, NOW - 120_000, NOW - 90_000, NOW - 60_000];
    expect(recentRestarts(old, NOW, policy)).toEqual([]);
    expect(decideRestart(crashed, old, NOW, policy)).toEqual({ action: 'restart', delayMs: 250 });
    expect(decideRestart(crashed, [...old, NOW - 59_999], NOW, policy)).toEqual({ action: 'restart', delayMs: 500 });
  });

  it('does not restart a child that refused its command line (exit code 2): it would only fail again', () => {
    const decision = decideRestart({ code: 2, signal: null }, [], NOW, policy);
    expect(decision.action).toBe('give-up');
    expect(decision).toHaveProperty('reason', 'it refused its command line (exit code 2); restarting it would not help');
  });

  it('describes exits by signal or code', () => {
    expect(describeExit(killed)).toBe('signal SIGKILL');
    expect(describeExit(crashed)).toBe('exit code 1');
    expect(describeExit({ code: null, signal: null })).toBe('exit code unknown');
  });
});
