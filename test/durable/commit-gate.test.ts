import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../server/src/commands/index.js';
import type { Execution } from '../../server/src/commands/dispatch.js';
import { DurableCommitGate } from '../../server/src/durable/commit-gate.js';
import type { Effect } from '../../server/src/keyspace/effect.js';
import { Executor } from '../support/executor.js';

const table = buildCommandTable();
const RECORD_BYTES_MAX = 1024;

function gate(): { gate: DurableCommitGate; appended: Effect[][] } {
  const appended: Effect[][] = [];
  return { gate: new DurableCommitGate(table, { append: (effects) => appended.push([...effects]), refusal: () => null }, RECORD_BYTES_MAX), appended };
}

/** What admit() sees for a command that ran in database 0 and wrote `effects`. */
function execution(argv: string[], effects: Effect[] = []): Execution {
  const spec = table.lookup(argv);
  if (!('name' in spec)) throw new Error(`no command ${argv[0]}`);
  return { reply: 'OK', effects, spec, db: 0 };
}

describe('the durable commit gate', () => {
  it('a read of a key with an uncommitted change waits for it; a read of another key does not', () => {
    const { gate: commitGate } = gate();
    const set = ['SET', 'a', '1'];
    const unit = commitGate.admit(execution(set, [{ db: 0, argv: set }]), set);
    expect(unit).toBeGreaterThan(0);
    expect(commitGate.admit(execution(['GET', 'a']), ['GET', 'a'])).toBe(unit);
    expect(commitGate.admit(execution(['GET', 'b']), ['GET', 'b'])).toBe(0);
  });

  it('SORT with BY or GET patterns reads keys it does not name, so it waits for every uncommitted write', () => {
    const { gate: commitGate } = gate();
    const set = ['SET', 'weight_x', '5'];
    const unit = commitGate.admit(execution(set, [{ db: 0, argv: set }]), set);
    const byPattern = ['SORT_RO', 'list', 'BY', 'weight_*'];
    const getPattern = ['SORT_RO', 'list', 'GET', 'weight_*'];
    const plain = ['SORT_RO', 'list', 'GET', '#', 'BY', 'nosort'];
    expect(commitGate.admit(execution(byPattern), byPattern)).toBe(unit);
    expect(commitGate.admit(execution(getPattern), getPattern)).toBe(unit);
    expect(commitGate.admit(execution(plain), plain)).toBe(0);
  });

  it('refuses a write whose record could not fit the log, and an EXEC whose queued commands could not', () => {
    const { gate: commitGate } = gate();
    const server = new Executor();
    const client = server.client;
    const big = ['SET', 'k', 'x'.repeat(RECORD_BYTES_MAX)];
    const spec = table.lookup(big);
    if (!('name' in spec)) throw new Error('no SET');
    expect(commitGate.refusal(spec, big, client)?.text).toBe(`ERR the write is larger than the transaction log's record limit of ${RECORD_BYTES_MAX} bytes`);
    expect(commitGate.refusal(spec, ['SET', 'k', 'small'], client)).toBeNull();
    const exec = table.lookup(['EXEC']);
    if (!('name' in exec)) throw new Error('no EXEC');
    client.multi = [{ argv: ['SET', 'a', 'x'.repeat(RECORD_BYTES_MAX / 2)] }, { argv: ['SET', 'b', 'x'.repeat(RECORD_BYTES_MAX / 2)] }];
    expect(commitGate.refusal(exec, ['EXEC'], client)).not.toBeNull();
    client.multi = [{ argv: ['SET', 'a', 'x'] }];
    expect(commitGate.refusal(exec, ['EXEC'], client)).toBeNull();
  });
});
