/**
 * The node's small parts: the --peers and address parser, the waiting-call bounds, and how
 * `cairn txlog status` picks the leader from the nodes' answers.
 */
import { describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../proto/gen/txlog.js';
import { clusterReport } from '../../../txlog/src/cli/status-command.js';
import { parseOptions } from '../../../txlog/src/cli/arguments.js';
import { parseHostPort, parsePeers } from '../../../txlog/src/node/addresses.js';
import { ProposalWaiters } from '../../../txlog/src/node/proposal-waiters.js';
import type { ApplyOutcome } from '../../../txlog/src/statemachine/outcome.js';

describe('peer list and addresses', () => {
  it('parses id=host:port lists, IPv6 in brackets included', () => {
    expect(parsePeers('1=127.0.0.1:7001,2=localhost:7002,3=[::1]:7003')).toEqual(
      new Map([
        [1, '127.0.0.1:7001'],
        [2, 'localhost:7002'],
        [3, '[::1]:7003'],
      ]),
    );
    expect(parseHostPort('[::1]:80')).toEqual({ host: '::1', port: 80 });
  });

  it('refuses malformed lists with the reason', () => {
    expect(parsePeers('1=127.0.0.1:7001,1=127.0.0.1:7002')).toBe('node id 1 appears twice');
    expect(parsePeers('0=127.0.0.1:7001')).toContain("node id '0' is not an integer");
    expect(parsePeers('x=127.0.0.1:7001')).toContain("node id 'x'");
    expect(parsePeers('1=127.0.0.1')).toBe("'127.0.0.1' is not HOST:PORT");
    expect(parsePeers('1=127.0.0.1:70000')).toBe("port 70000 in '127.0.0.1:70000' is out of range");
    expect(parsePeers('1=127.0.0.1:0')).toBe('node 1 needs a real port, not 0');
    expect(parsePeers('1127.0.0.1:1')).toBe("'1127.0.0.1:1' is not ID=HOST:PORT");
    expect(parsePeers(Array.from({ length: 8 }, (_, i) => `${i + 1}=h:${i + 1}`).join(','))).toBe('8 nodes; a cluster has at most 7');
  });

  it('options: values, unknown names, missing values and repeats', () => {
    const parsed = parseOptions(['--id', '1', '--dir', '/tmp/x'], ['id', 'dir']);
    expect(parsed.ok && Object.fromEntries(parsed.options)).toEqual({ id: '1', dir: '/tmp/x' });
    expect(parseOptions(['--bogus', '1'], ['id'])).toEqual({ ok: false, error: "unknown option '--bogus'" });
    expect(parseOptions(['--id'], ['id'])).toEqual({ ok: false, error: "option '--id' needs a value" });
    expect(parseOptions(['--id', '1', '--id', '2'], ['id'])).toEqual({ ok: false, error: "option '--id' given twice" });
    expect(parseOptions(['stray'], ['id'])).toEqual({ ok: false, error: "unexpected argument 'stray'" });
  });
});

describe('waiting calls', () => {
  const noop = (index: number): ApplyOutcome => ({ kind: 'noop', index });

  it('bounds the places per client and in total, reservations included', () => {
    const waiters = new ProposalWaiters(2, 3);
    expect(waiters.reserve(1n)).toBeNull();
    expect(waiters.reserve(1n)).toBeNull();
    expect(waiters.reserve(1n)).toBe('client');
    expect(waiters.reserve(null)).toBeNull();
    expect(waiters.reserve(2n)).toBe('total');
    waiters.release(1n);
    expect(waiters.reserve(2n)).toBeNull();
    expect(waiters.size).toBe(3);
  });

  it('answers the outcome when the entry applies in the proposed term, and lost when another term took the index', () => {
    const waiters = new ProposalWaiters(10, 10);
    const answers: (ApplyOutcome | null)[] = [];
    waiters.reserve(1n);
    waiters.add(5, 2, 1n, (outcome) => answers.push(outcome));
    waiters.reserve(1n);
    waiters.add(6, 2, 1n, (outcome) => answers.push(outcome));
    waiters.applied(5, 2, noop(5));
    waiters.applied(6, 3, noop(6));
    expect(answers).toEqual([noop(5), null]);
    expect(waiters.size).toBe(0);
  });

  it('loses every waiting call at once (leadership lost) and frees their places', () => {
    const waiters = new ProposalWaiters(1, 10);
    const answers: (ApplyOutcome | null)[] = [];
    waiters.reserve(1n);
    waiters.add(1, 1, 1n, (outcome) => answers.push(outcome));
    waiters.loseAll();
    expect(answers).toEqual([null]);
    expect(waiters.reserve(1n)).toBeNull();
  });

  it('asserts on misuse: two waits at one index, a wait or release without a reservation', () => {
    const waiters = new ProposalWaiters(10, 10);
    expect(() => waiters.add(1, 1, 1n, () => {})).toThrow(/assertion/);
    expect(() => waiters.release(1n)).toThrow(/assertion/);
    waiters.reserve(1n);
    waiters.reserve(1n);
    waiters.add(1, 1, 1n, () => {});
    expect(() => waiters.add(1, 1, 1n, () => {})).toThrow(/assertion: two proposals wait at index 1/);
  });
});

describe('cairn txlog status report', () => {
  function status(nodeId: number, role: string, term: bigint, leaderId: number, extra: Partial<StatusResponse> = {}): StatusResponse {
    return {
      nodeId,
      role,
      term,
      commitIndex: 5n,
      lastIndex: 6n,
      appliedIndex: 5n,
      leaderId,
      leaderAddress: '',
      peers: [],
      lease: undefined,
      lastAcceptedId: 9n,
      firstRetainedId: 1n,
      snapshots: [],
      snapshotRequestSeq: 0n,
      ...extra,
    };
  }

  it('takes the leader from the node leading in the highest term, with its peers’ match indexes', () => {
    const report = clusterReport([
      { address: 'a:1', status: status(1, 'leader', 3n, 1, { peers: [{ nodeId: 2, matchIndex: 4n, nextIndex: 5n, state: 'replicate' }] }) },
      { address: 'a:2', status: status(2, 'follower', 3n, 1) },
      { address: 'a:3', error: 'connection refused' },
    ]);
    expect(report.leader).toBe(1);
    expect(report.term).toBe(3);
    expect(report.nodes[1]).toEqual({ id: 2, address: 'a:2', reachable: true, role: 'follower', term: 3, commit_index: 5, last_index: 6, applied_index: 5, match_index: 4, error: null });
    expect(report.nodes[2]).toMatchObject({ id: null, address: 'a:3', reachable: false, error: 'connection refused' });
    expect(report.last_accepted_id).toBe(9);
  });

  it('ignores a stale leader of an older term, and names an unreachable leader its followers agree on', () => {
    const report = clusterReport([
      { address: 'a:1', status: status(1, 'leader', 2n, 1) },
      { address: 'a:2', status: status(2, 'follower', 4n, 3) },
      { address: 'a:3', error: 'deadline exceeded' },
    ]);
    expect(report.leader).toBe(3);
    expect(report.term).toBe(4);
  });

  it('has no leader when nobody answers or nobody knows one', () => {
    expect(clusterReport([{ address: 'a:1', error: 'refused' }]).leader).toBeNull();
    expect(clusterReport([{ address: 'a:1', status: status(1, 'candidate', 5n, 0) }]).leader).toBeNull();
  });
});
