import { describe, expect, it } from 'vitest';
import type { Effect } from '../../server/src/keyspace/effect.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { dumpKeyspace, Executor } from '../support/executor.js';

/** A replica whose clock runs ahead of the primary's: it applies effects late, as a lagging replica does. */
function laggingPair(lagMs: number) {
  const primary = new Executor({ clock: new ManualClock(1_700_000_000_000_000) });
  const replica = new Executor({ clock: new ManualClock(1_700_000_000_000_000 + lagMs * 1000), role: 'replica' });
  const applier = replica.newClient();
  applier.applier = true;
  let applied = 0;
  const sync = () => {
    while (applied < primary.effects.length) replica.dispatcher.applyEffects(applier, primary.effects[applied++] as Effect[]);
  };
  return { primary, replica, sync };
}

describe('applying effects on a lagging replica', () => {
  it('an effect on a key the replica already sees as expired changes it as on the primary', () => {
    const { primary, replica, sync } = laggingPair(1200);
    primary.run('SET', 'k', 'v', 'PX', 1000);
    primary.clock.advanceMs(500);
    expect(primary.run('PEXPIRE', 'k', 10_000)).toBe(1);
    sync();
    expect(dumpKeyspace(replica.state)).toEqual(dumpKeyspace(primary.state));
    // The replica now serves the key, as the primary does.
    expect(replica.run('GET', 'k')).toBe('v');
  });

  it('INCR applied late on a key that expired on the replica clock continues the primary value', () => {
    const { primary, replica, sync } = laggingPair(5000);
    primary.run('SET', 'n', '10', 'PX', 2000);
    primary.run('INCR', 'n');
    sync();
    expect(dumpKeyspace(replica.state)).toEqual(dumpKeyspace(primary.state));
    expect(replica.run('GET', 'n')).toBeNull(); // expired on the replica's clock: reads as missing, not removed
    expect(replica.state.keyspace.db(0).contains('n')).toBe(true);
  });

  it('clients of a replica still see expired keys as missing after an apply', () => {
    const { primary, replica, sync } = laggingPair(0);
    primary.run('SET', 'k', 'v', 'PX', 100);
    sync();
    replica.clock.advanceMs(200);
    expect(replica.run('GET', 'k')).toBeNull();
    expect(replica.run('EXISTS', 'k')).toBe(0);
  });
});
