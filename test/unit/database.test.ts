import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/keyspace/database.js';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { seededRandom } from '../support/executor.js';

const START_MS = 1_700_000_000_000;

function keyspaceOf(mode: 'primary' | 'replica', seed = 1): Keyspace {
  const keyspace = new Keyspace({ databases: 2, expiryMode: mode, random: seededRandom(seed) });
  keyspace.now = START_MS;
  return keyspace;
}

/** Run a full SCAN, calling `between` after every step; returns every key reported. */
function fullScan(database: Database, count: number, between: () => void): Set<string> {
  const seen = new Set<string>();
  let cursor = 0;
  for (let steps = 0; steps < 1_000_000; steps++) {
    cursor = database.scan(cursor, count, (key) => seen.add(key));
    if (cursor === 0) return seen;
    between();
  }
  throw new Error('scan did not finish');
}

describe('Database.scan', () => {
  it('a full iteration returns every key present from start to end, under seeded deletions and insertions', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandom(seed);
      const database = keyspaceOf('primary', seed).db(0);
      const stable = new Set<string>();
      const churn: string[] = [];
      let next = 0;
      for (let index = 0; index < 500; index++) {
        const key = `key:${next++}`;
        database.set(key, 'string', 'v');
        if (random() < 0.5) stable.add(key);
        else churn.push(key);
      }
      const seen = fullScan(database, 1 + Math.floor(random() * 20), () => {
        for (let operation = 0; operation < 10; operation++) {
          if (random() < 0.5 && churn.length > 0) {
            const index = Math.floor(random() * churn.length);
            database.delete(churn[index] as string);
            churn.splice(index, 1);
          } else {
            const key = `key:${next++}`;
            database.set(key, 'string', 'v');
            churn.push(key);
          }
        }
      });
      for (const key of stable) expect(seen.has(key), `seed ${seed}: ${key}`).toBe(true);
    }
  });

  it('a cursor beyond the shrunken key array restarts from its end', () => {
    const database = keyspaceOf('primary').db(0);
    for (let index = 0; index < 10; index++) database.set(`k${index}`, 'string', 'v');
    const visited: string[] = [];
    expect(database.scan(1000, 100, (key) => visited.push(key))).toBe(0);
    expect(visited).toHaveLength(10);
  });
});

describe('Database.randomKey', () => {
  it('in replica mode with every key expired returns an expired key instead of looping', () => {
    const keyspace = keyspaceOf('replica');
    const database = keyspace.db(0);
    for (let index = 0; index < 50; index++) {
      database.set(`k${index}`, 'string', 'v');
      database.setExpireAt(`k${index}`, START_MS + 10);
    }
    keyspace.now = START_MS + 20;
    const key = database.randomKey();
    expect(key).not.toBeNull();
    expect(database.isExpired(key as string)).toBe(true);
    expect(database.size).toBe(50);
  });

  it('in replica mode finds the one live key among many expired ones', () => {
    const keyspace = keyspaceOf('replica');
    const database = keyspace.db(0);
    for (let index = 0; index < 5000; index++) {
      database.set(`k${index}`, 'string', 'v');
      database.setExpireAt(`k${index}`, START_MS + 10);
    }
    database.set('live', 'string', 'v');
    keyspace.now = START_MS + 20;
    for (let round = 0; round < 5; round++) expect(database.randomKey()).toBe('live');
    expect(database.size).toBe(5001);
  });

  it('in primary mode removes the expired keys it meets and reports each as expired', () => {
    const expired: string[] = [];
    const keyspace = new Keyspace({
      databases: 1,
      expiryMode: 'primary',
      random: seededRandom(3),
      events: { keyModified: () => {}, keyExpired: (_db, key) => expired.push(key) },
    });
    keyspace.now = START_MS;
    const database = keyspace.db(0);
    for (let index = 0; index < 20; index++) {
      database.set(`k${index}`, 'string', 'v');
      database.setExpireAt(`k${index}`, START_MS + 10);
    }
    keyspace.now = START_MS + 20;
    expect(database.randomKey()).toBeNull();
    expect(database.size).toBe(0);
    expect(expired).toHaveLength(20);
  });
});

describe('expiry', () => {
  it('a key is expired only once the time is past its expiry, as Redis (now > at)', () => {
    const keyspace = keyspaceOf('primary');
    const database = keyspace.db(0);
    database.set('k', 'string', 'v');
    database.setExpireAt('k', START_MS + 100);
    keyspace.now = START_MS + 100;
    expect(database.exists('k')).toBe(true);
    expect(database.hasDueExpiry()).toBe(false);
    keyspace.now = START_MS + 101;
    expect(database.hasDueExpiry()).toBe(true);
    expect(database.exists('k')).toBe(false);
  });

  it('expireDue removes earliest first, at most the entries asked for, and skips stale entries', () => {
    const keyspace = keyspaceOf('primary');
    const database = keyspace.db(0);
    for (let index = 0; index < 10; index++) {
      database.set(`k${index}`, 'string', 'v');
      database.setExpireAt(`k${index}`, START_MS + 100 - index);
    }
    database.persist('k9');
    database.delete('k8');
    keyspace.now = START_MS + 1000;
    expect(database.expireDue(4)).toBe(2); // k9 (persisted) and k8 (deleted) were stale
    expect(database.exists('k7')).toBe(false);
    expect(database.exists('k6')).toBe(false);
    expect(database.contains('k5')).toBe(true);
    expect(database.expireDue(100)).toBe(6);
    expect(database.hasDueExpiry()).toBe(false);
    expect(database.exists('k9')).toBe(true);
  });

  it('the expiry queue is compacted when stale entries pile up', () => {
    const database = keyspaceOf('primary').db(0);
    database.set('k', 'string', 'v');
    for (let round = 0; round < 10_000; round++) database.setExpireAt('k', START_MS + 1_000_000 + round);
    expect(database.expiryQueueLength).toBeLessThanOrEqual(2 + 1024 + 1);
    for (let index = 0; index < 3000; index++) {
      database.set(`t${index}`, 'string', 'v');
      database.setExpireAt(`t${index}`, START_MS + 5000);
      database.delete(`t${index}`);
    }
    expect(database.expiresCount).toBe(1);
    expect(database.expiryQueueLength).toBeLessThanOrEqual(2 * 1 + 1024 + 1);
  });

  it('place carries an expiry and replaces what is there', () => {
    const database = keyspaceOf('primary').db(0);
    database.set('k', 'string', 'old');
    database.setExpireAt('k', START_MS + 50);
    database.place('k', 'string', 'new', undefined);
    expect(database.expireAt('k')).toBeUndefined();
    database.place('j', 'string', 'v', START_MS + 70);
    expect(database.expireAt('j')).toBe(START_MS + 70);
  });

  it('readWithoutTouch counts hits and misses but leaves the access time', () => {
    const keyspace = keyspaceOf('primary');
    const database = keyspace.db(0);
    database.set('k', 'string', 'v');
    keyspace.now = START_MS + 60_000;
    expect(database.readWithoutTouch('k')?.accessSeconds).toBe(START_MS / 1000);
    expect(database.readWithoutTouch('missing')).toBeUndefined();
    expect(keyspace.stats).toMatchObject({ hits: 1, misses: 1 });
  });
});
