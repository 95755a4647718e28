/**
 * Scenario tests of the Raft core: elections, replication, commit rules, recovery of diverged
 * logs, PreVote and CheckQuorum, restarts, snapshots. The cluster is driven by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../txlog/src/core/types.js';
import { Cluster } from './harness.js';

describe('elections', () => {
  it('a three-node cluster elects exactly one leader, and everyone agrees on it', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    cluster.tickAll(3);
    for (const id of cluster.ids) expect(cluster.node(id).status().leader).toBe(leader);
    expect(cluster.leaders()).toEqual([leader]);
  });

  it('a single-node cluster elects itself and commits at once', () => {
    const cluster = new Cluster({ size: 1 });
    const leader = cluster.electLeader();
    expect(cluster.propose(leader, 'a')).toMatchObject({ ok: true });
    cluster.settle();
    expect(cluster.appliedData(leader)).toEqual(['a']);
  });

  it('a follower that lost its leader elects a new one in a higher term', () => {
    const cluster = new Cluster();
    const first = cluster.electLeader();
    const firstTerm = cluster.node(first).status().term;
    cluster.crash(first);
    const second = cluster.electLeader();
    expect(second).not.toBe(first);
    expect(cluster.node(second).status().term).toBeGreaterThan(firstTerm);
  });

  it('votes are persisted: a restarted node does not vote twice in the same term', () => {
    const cluster = new Cluster();
    cluster.node(1).campaign(); // forced: skips the pre-vote round
    cluster.processReadies();
    const requests = cluster.inFlight.filter((message) => message.type === 'vote');
    cluster.inFlight = [];
    const toTwo = requests.find((message) => message.to === 2);
    expect(toTwo).toBeDefined();
    cluster.node(2).step(toTwo!);
    cluster.processReadies();
    expect(cluster.inFlight.find((message) => message.type === 'voteResp')?.reject).toBe(false);
    cluster.inFlight = [];
    // Node 2 restarts and node 3 asks for its vote in the same term.
    cluster.crash(2);
    cluster.restart(2);
    cluster.node(3).campaign();
    cluster.processReadies();
    const fromThree = cluster.inFlight.find((message) => message.type === 'vote' && message.to === 2);
    cluster.inFlight = [];
    expect(fromThree).toBeDefined();
    expect(fromThree!.term).toBe(cluster.node(2).status().term);
    cluster.node(2).step(fromThree!);
    cluster.processReadies();
    expect(cluster.inFlight.find((message) => message.type === 'voteResp')?.reject).toBe(true);
    expect(cluster.stores.get(2)?.hardState.vote).toBe(1);
  });

  it('PreVote: a partitioned node does not inflate its term, so it does not depose the leader when it returns', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    const follower = cluster.ids.find((id) => id !== leader)!;
    const term = cluster.node(leader).status().term;
    cluster.isolate(follower);
    cluster.tickAll(100);
    expect(cluster.node(follower).status().term).toBe(term);
    cluster.heal();
    cluster.tickAll(5);
    expect(cluster.leaders()).toEqual([leader]);
    expect(cluster.node(leader).status().term).toBe(term);
  });

  it('CheckQuorum: a leader cut off from the majority steps down', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    cluster.isolate(leader);
    cluster.tickAll(25);
    expect(cluster.node(leader).status().role).not.toBe('leader');
  });

  it('a node with a stale log cannot win an election', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    const stale = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(stale);
    cluster.propose(leader, 'x');
    cluster.settle();
    cluster.heal();
    cluster.crash(leader);
    // Only the stale node and the up-to-date one remain; the stale one campaigns first.
    cluster.node(stale).campaign();
    cluster.settle();
    expect(cluster.node(stale).status().role).not.toBe('leader');
    const next = cluster.electLeader();
    expect(next).not.toBe(stale);
  });
});

describe('replication', () => {
  it('proposals commit on a majority and every node applies them in order', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    for (let index = 0; index < 50; index++) expect(cluster.propose(leader, `v${index}`)).toMatchObject({ ok: true });
    cluster.settle();
    cluster.tickAll(2);
    const expected = Array.from({ length: 50 }, (_, index) => `v${index}`);
    for (const id of cluster.ids) expect(cluster.appliedData(id)).toEqual(expected);
  });

  it('a new commit index rides on the next append; alone it goes out only when the driver asks (sendCommit)', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    cluster.settle();
    const raft = cluster.node(leader);
    const followers = cluster.ids.filter((id) => id !== leader);
    const sent: Message[] = [];
    // Deliver until quiet, without the commit flush that settle() does by default.
    const deliver = (): void => cluster.settle(100, { flushCommit: false, onDeliver: (message) => sent.push(message) });
    const commitOnly = (): Message[] => sent.filter((message) => message.from === leader && message.type === 'app' && message.entries.length === 0);

    cluster.propose(leader, 'a');
    deliver();
    const committedA = raft.status().commit;
    for (const id of followers) expect(cluster.appliedData(id)).toEqual([]);
    expect(commitOnly()).toEqual([]);
    expect(raft.hasUnsentCommit()).toBe(true);

    cluster.propose(leader, 'b');
    deliver();
    for (const id of followers) expect(cluster.appliedData(id)).toEqual(['a']);
    expect(commitOnly()).toEqual([]);
    expect(raft.status().commit).toBe(committedA + 1);

    raft.sendCommit();
    deliver();
    expect(commitOnly().map((message) => [message.to, message.commit])).toEqual(followers.map((id) => [id, committedA + 1]));
    for (const id of followers) expect(cluster.appliedData(id)).toEqual(['a', 'b']);
    expect(raft.hasUnsentCommit()).toBe(false);
    // Nothing more to tell: a second call sends nothing.
    raft.sendCommit();
    expect(raft.hasReady()).toBe(false);
  });

  it('followers refuse proposals and name the leader', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    const follower = cluster.ids.find((id) => id !== leader)!;
    expect(cluster.propose(follower, 'x')).toEqual({ ok: false, reason: 'notLeader', leader });
  });

  it('nothing commits without a majority', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    for (const id of cluster.ids) if (id !== leader) cluster.isolate(id);
    const before = cluster.node(leader).status().commit;
    cluster.propose(leader, 'alone');
    cluster.settle();
    expect(cluster.node(leader).status().commit).toBe(before);
    expect(cluster.appliedData(leader)).toEqual([]);
  });

  it('a leader isolated with uncommitted entries loses them; the new leader\'s entries win everywhere', () => {
    const cluster = new Cluster();
    const oldLeader = cluster.electLeader();
    cluster.propose(oldLeader, 'committed');
    cluster.settle();
    cluster.isolate(oldLeader);
    cluster.propose(oldLeader, 'lost-1');
    cluster.propose(oldLeader, 'lost-2');
    cluster.settle();
    // The majority elects a new leader and commits its own entry.
    let newLeader = 0;
    for (let tick = 0; tick < 200 && newLeader === 0; tick++) {
      cluster.tickAll();
      newLeader = cluster.leaders().find((id) => id !== oldLeader) ?? 0;
    }
    expect(newLeader).not.toBe(0);
    cluster.propose(newLeader, 'new');
    cluster.settle();
    cluster.heal();
    cluster.tickAll(30);
    for (const id of cluster.ids) expect(cluster.appliedData(id)).toEqual(['committed', 'new']);
  });

  it('a stale leader rejoining learns the new term and follows', () => {
    const cluster = new Cluster();
    const oldLeader = cluster.electLeader();
    cluster.isolate(oldLeader);
    let newLeader = 0;
    for (let tick = 0; tick < 200 && newLeader === 0; tick++) {
      cluster.tickAll();
      newLeader = cluster.leaders().find((id) => id !== oldLeader) ?? 0;
    }
    cluster.heal();
    cluster.tickAll(20);
    expect(cluster.leaders()).toEqual([newLeader]);
    expect(cluster.node(oldLeader).status().leader).toBe(newLeader);
  });

  it('a follower far behind catches up through probing, with a small message size limit', () => {
    const cluster = new Cluster({ messageBytesMax: 64 });
    const leader = cluster.electLeader();
    const lagging = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(lagging);
    for (let index = 0; index < 200; index++) cluster.propose(leader, `e${index}`);
    cluster.settle();
    cluster.heal();
    cluster.tickAll(50);
    expect(cluster.appliedData(lagging)).toHaveLength(200);
    expect(cluster.appliedData(lagging)).toEqual(cluster.appliedData(leader));
  });

  it('a restarted follower recovers its log from storage and continues', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    const follower = cluster.ids.find((id) => id !== leader)!;
    for (let index = 0; index < 10; index++) cluster.propose(leader, `a${index}`);
    cluster.settle();
    cluster.tickAll(2);
    cluster.crash(follower);
    cluster.applied.set(follower, []); // its state machine is rebuilt from the log
    cluster.restart(follower);
    for (let index = 0; index < 10; index++) cluster.propose(leader, `b${index}`);
    cluster.settle();
    cluster.tickAll(3);
    expect(cluster.appliedData(follower)).toEqual(cluster.appliedData(leader));
    expect(cluster.appliedData(follower)).toHaveLength(20);
  });
});

describe('snapshots', () => {
  it('a follower that needs compacted entries receives a snapshot and then the rest', () => {
    const cluster = new Cluster();
    const leader = cluster.electLeader();
    const lagging = cluster.ids.find((id) => id !== leader)!;
    cluster.isolate(lagging);
    for (let index = 0; index < 30; index++) cluster.propose(leader, `s${index}`);
    cluster.settle();
    // Every node that has them compacts below the applied index.
    for (const id of cluster.ids) {
      if (id === lagging) continue;
      const applied = cluster.node(id).status().applied;
      cluster.stores.get(id)!.compact(applied, new TextEncoder().encode(`state@${applied}`));
      cluster.node(id).compacted(applied);
    }
    cluster.heal();
    cluster.tickAll(30);
    cluster.propose(leader, 'after');
    cluster.settle();
    cluster.tickAll(3);
    expect(cluster.stores.get(lagging)!.snapshot().meta.index).toBeGreaterThan(0);
    expect(cluster.appliedData(lagging)).toEqual(['after']);
    expect(cluster.node(lagging).status().commit).toBe(cluster.node(leader).status().commit);
  });
});
