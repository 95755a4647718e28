import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../server/src/keyspace/keyspace.js';
import { databaseDigest, keyDigest, StateDigest, stateDigest } from '../../server/src/snapshot/state-digest.js';
import { Executor } from '../support/executor.js';
import { ALL_BYTES, everyTypeServer } from './snapshot-support.js';

/** The digest of a server after running `commands` (each in database 0 unless it SELECTs). */
function digestAfter(commands: (string | number)[][], seed = 1): string {
  const server = new Executor({ seed });
  for (const argv of commands) server.run(...argv);
  return stateDigest(server.state.keyspace);
}

const BASE: (string | number)[][] = [
  ['SET', 'string', 'value'],
  ['SET', 'expiring', 'value', 'PXAT', 1_900_000_000_000],
  ['RPUSH', 'list', 'a', 'b'],
  ['HSET', 'hash', 'f', 'v'],
  ['SADD', 'set', 'm'],
  ['ZADD', 'zset', 1, 'm'],
  ['XADD', 'stream', '1-1', 'f', 'v'],
];

describe('state digest', () => {
  it('is 64 hex digits, the same for the same state built in another key order or with other seeds', () => {
    const forward = digestAfter(BASE, 1);
    expect(forward).toMatch(/^[0-9a-f]{64}$/);
    expect(digestAfter([...BASE].reverse(), 2)).toBe(forward);
  });

  it('does not depend on the order of a hashtable hash or set, which canonical forms sort', () => {
    const fields = Array.from({ length: 600 }, (_, index) => [`field-${index}`, `v${index}`]).flat();
    const members = Array.from({ length: 600 }, (_, index) => `member-${index}`);
    const one = digestAfter([['HSET', 'h', ...fields], ['SADD', 's', ...members]]);
    const other = digestAfter([['HSET', 'h', ...fields.slice(600), ...fields.slice(0, 600)], ['SADD', 's', ...members.reverse()]]);
    expect(other).toBe(one);
  });

  it('changes when any one thing changes: a value byte, an expiry, a database, a type, an encoding, a key', () => {
    const base = digestAfter(BASE);
    const variants: Record<string, (string | number)[][]> = {
      'a value byte': [...BASE, ['SETRANGE', 'string', 4, 'f']],
      'an expiry': [...BASE, ['PEXPIREAT', 'expiring', 1_900_000_000_001]],
      'an added expiry': [...BASE, ['PEXPIREAT', 'string', 1_900_000_000_000]],
      'a removed expiry': [...BASE, ['PERSIST', 'expiring']],
      'the database of a key': [...BASE, ['MOVE', 'string', 1]],
      'the type of a key': [...BASE, ['DEL', 'set'], ['ZADD', 'set', 0, 'm']],
      'an encoding': [...BASE, ['HSET', 'hash', 'f', 'v'.repeat(100)], ['HSET', 'hash', 'f', 'v']],
      'a key name': [...BASE, ['RENAME', 'list', 'list2']],
      'a list order': [...BASE, ['DEL', 'list'], ['RPUSH', 'list', 'b', 'a']],
      'a score': [...BASE, ['ZADD', 'zset', 2, 'm']],
      'a stream group': [...BASE, ['XGROUP', 'CREATE', 'stream', 'g', '0']],
      'one more key': [...BASE, ['SET', 'another', '']],
    };
    const seen = new Set([base]);
    for (const [change, commands] of Object.entries(variants)) {
      const digest = digestAfter(commands);
      expect(seen.has(digest), change).toBe(false);
      seen.add(digest);
    }
  });

  it('sees every byte of binary keys and values', () => {
    const one = digestAfter([['SET', `\x00${ALL_BYTES}`, ALL_BYTES]]);
    expect(digestAfter([['SET', `\x01${ALL_BYTES}`, ALL_BYTES]])).not.toBe(one);
    expect(digestAfter([['SET', `\x00${ALL_BYTES}`, `${ALL_BYTES.slice(0, 255)}\xfe`]])).not.toBe(one);
  });

  it('separates key and value: moving bytes from one to the other changes it', () => {
    expect(digestAfter([['SET', 'ab', 'c']])).not.toBe(digestAfter([['SET', 'a', 'bc']]));
  });

  it('digests large values (streamed past the scratch buffer) the same way as a sum of key digests', () => {
    const server = new Executor();
    server.run('SET', 'large', 'x'.repeat(100_000));
    server.run('RPUSH', 'list', ...Array.from({ length: 5000 }, (_, index) => `element-${index}`));
    const digest = new StateDigest();
    for (const [key, entry, expireAt] of server.state.keyspace.db(0).allEntries()) digest.add(keyDigest(0, key, entry, expireAt));
    expect(digest.hex()).toBe(stateDigest(server.state.keyspace));
    expect(databaseDigest(server.state.keyspace.db(0))).toBe(digest.hex());
  });

  it('has a fixed value for an empty keyspace, whatever its database count', () => {
    const empty = (databases: number) => stateDigest(new Keyspace({ databases, expiryMode: 'primary', random: Math.random }));
    expect(empty(1)).toBe(empty(16));
    expect(empty(1)).toBe(new StateDigest().hex());
  });

  it('is the same for the every-type keyspace built twice', () => {
    expect(stateDigest(everyTypeServer().state.keyspace)).toBe(stateDigest(everyTypeServer().state.keyspace));
  });
});
