import { describe, expect, it } from 'vitest';
import { HazardTracker } from '../../server/src/durable/hazards.js';

describe('per-key hazard tracking', () => {
  it('a read of a key with an uncommitted change waits for that unit; other keys answer at once', () => {
    const hazards = new HazardTracker();
    const first = hazards.add([[0, 'a']]);
    const second = hazards.add([[0, 'b'], [0, 'a']]);
    expect(hazards.waitFor([[0, 'a']])).toBe(second);
    expect(hazards.waitFor([[0, 'b']])).toBe(second);
    expect(hazards.waitFor([[0, 'c']])).toBe(0);
    expect(hazards.waitFor([[1, 'a']])).toBe(0); // another database
    hazards.commit(first);
    expect(hazards.waitFor([[0, 'a']])).toBe(second);
    hazards.commit(second);
    expect(hazards.waitFor([[0, 'a'], [0, 'b']])).toBe(0);
    expect(hazards.uncommitted).toBe(0);
  });

  it('a unit without keys makes every read wait for it, and a whole-keyspace read waits for the last unit', () => {
    const hazards = new HazardTracker();
    const keyed = hazards.add([[0, 'a']]);
    const flush = hazards.add(null);
    expect(hazards.waitFor([[0, 'zzz']])).toBe(flush);
    expect(hazards.waitFor(null)).toBe(flush);
    hazards.commit(flush);
    expect(hazards.waitFor([[0, 'zzz']])).toBe(0);
    expect(hazards.waitFor([[0, 'a']])).toBe(0);
    expect(keyed).toBeLessThan(flush);
  });

  it('refuses a commit beyond what was handed out, and forgets everything on reset', () => {
    const hazards = new HazardTracker();
    hazards.add([[0, 'a']]);
    expect(() => hazards.commit(2)).toThrow(/assertion/);
    hazards.reset();
    expect(hazards.waitFor([[0, 'a']])).toBe(0);
    expect(hazards.lastSeq).toBe(0);
  });
});
