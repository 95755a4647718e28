import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../txlog/src/client/codec.js';
import { type AppendOutcome, type ChainRequest, WriterChain } from '../../../txlog/src/client/writer-chain.js';

function records(count: number): LogRecord[] {
  return Array.from({ length: count }, (_, index) => ({ kind: 'data', payload: Buffer.from(`r${index}`) }));
}

/** A chain and the outcomes of its appends, by request (one append of `count` records per request). */
function chainWith(afterId: number, ...counts: number[]): { chain: WriterChain; requests: ChainRequest[]; outcomes: Map<number, AppendOutcome> } {
  const chain = new WriterChain(afterId);
  const outcomes = new Map<number, AppendOutcome>();
  const requests = counts.map((count, index) => {
    const settle = (outcome: AppendOutcome): void => {
      if (outcomes.has(index)) throw new Error(`request ${index} settled twice`);
      outcomes.set(index, outcome);
    };
    return chain.create(records(count), [{ offset: 0, count, settle }], 1_000);
  });
  return { chain, requests, outcomes };
}

function committed(request: ChainRequest): { kind: 'committed'; firstId: number; lastId: number } {
  return { kind: 'committed', firstId: request.expectedPrevId + 1, lastId: request.plannedLastId };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

describe('writer chain', () => {
  it('plans consecutive ids: each request expects the last id the one before will get', () => {
    const { requests } = chainWith(10, 3, 1, 2);
    expect(requests.map((request) => [request.seq, request.expectedPrevId, request.plannedLastId])).toEqual([
      [1, 10, 13],
      [2, 13, 14],
      [3, 14, 16],
    ]);
  });

  it('settles outcomes in request order: a later answer waits for the earlier one', () => {
    const { chain, requests, outcomes } = chainWith(0, 2, 2);
    const [first, second] = [at(requests, 0), at(requests, 1)];
    // The second is answered fenced first: nothing settles while the first may still commit.
    expect(chain.answered(second, { kind: 'rejected', lastAcceptedId: 5, notYet: false })).toBe('done');
    expect(outcomes.size).toBe(0);
    chain.answered(first, committed(first));
    expect(outcomes.get(0)).toEqual({ kind: 'committed', firstId: 1, lastId: 2 });
    expect(outcomes.get(1)).toEqual({ kind: 'rejected', lastAcceptedId: 5 });
    expect(chain.lastCommittedId).toBe(2);
    expect(chain.ended).toEqual({ kind: 'rejected', lastAcceptedId: 5 });
  });

  it('gives each append of a batched request its own ids', () => {
    const chain = new WriterChain(4);
    const outcomes: AppendOutcome[] = [];
    const request = chain.create(records(6), [
      { offset: 0, count: 1, settle: (outcome) => outcomes.push(outcome) },
      { offset: 1, count: 3, settle: (outcome) => outcomes.push(outcome) },
      { offset: 4, count: 2, settle: (outcome) => outcomes.push(outcome) },
    ], 1_000);
    chain.answered(request, { kind: 'committed', firstId: 5, lastId: 10 });
    expect(outcomes).toEqual([
      { kind: 'committed', firstId: 5, lastId: 5 },
      { kind: 'committed', firstId: 6, lastId: 8 },
      { kind: 'committed', firstId: 9, lastId: 10 },
    ]);
  });

  it('a committed later request settles an unanswered earlier one as committed with its planned ids', () => {
    const { chain, requests, outcomes } = chainWith(0, 2, 3);
    chain.answered(at(requests, 1), { kind: 'committed', firstId: 3, lastId: 5 });
    expect([...outcomes.values()]).toEqual([
      { kind: 'committed', firstId: 1, lastId: 2 },
      { kind: 'committed', firstId: 3, lastId: 5 },
    ]);
    // A late answer for the first changes nothing: outcomes settle once.
    expect(chain.answered(at(requests, 0), { kind: 'rejected', lastAcceptedId: 9, notYet: false })).toBe('done');
    expect(chain.ended).toBeUndefined();
  });

  it('a fenced rejection rejects that request and every later one, and the chain stays ended', () => {
    const { chain, requests, outcomes } = chainWith(0, 1, 1, 1);
    chain.answered(at(requests, 0), { kind: 'rejected', lastAcceptedId: 7, notYet: false });
    expect([...outcomes.values()]).toEqual([
      { kind: 'rejected', lastAcceptedId: 7 },
      { kind: 'rejected', lastAcceptedId: 7 },
      { kind: 'rejected', lastAcceptedId: 7 },
    ]);
    expect(chain.unsettled).toBe(0);
    expect(() => chain.create(records(1), [], 1_000)).toThrow(/assertion/);
  });

  it('not_yet holds a later request until it is the oldest, and asks the oldest to resend at once', () => {
    const { chain, requests } = chainWith(0, 1, 1);
    const [first, second] = [at(requests, 0), at(requests, 1)];
    expect(chain.answered(second, { kind: 'rejected', lastAcceptedId: 0, notYet: true })).toBe('resendLater');
    expect(second.held).toBe(true);
    expect(chain.heldOldest()).toBeUndefined();
    expect(chain.answered(first, { kind: 'rejected', lastAcceptedId: 0, notYet: true })).toBe('resendNow');
    chain.answered(first, committed(first));
    expect(chain.heldOldest()).toBe(second);
  });

  it('a stale answer is committed when a later request commits', () => {
    const { chain, requests, outcomes } = chainWith(0, 1, 1);
    chain.answered(at(requests, 0), { kind: 'stale', details: 'seq 2 was applied' });
    expect(outcomes.size).toBe(0);
    chain.answered(at(requests, 1), { kind: 'committed', firstId: 2, lastId: 2 });
    expect(outcomes.get(0)).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
  });

  it('a stale answer is unknown when no later request can tell how it went', () => {
    const { chain, requests, outcomes } = chainWith(0, 1, 1);
    chain.answered(at(requests, 1), { kind: 'rejected', lastAcceptedId: 4, notYet: false });
    chain.answered(at(requests, 0), { kind: 'stale', details: 'seq 2 was applied' });
    expect(outcomes.get(0)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/applied but its answer was lost/) });
    expect(outcomes.get(1)?.kind).toBe('unknown');
  });

  it('an answer with other ids than planned makes the outcome unknown', () => {
    const { chain, requests, outcomes } = chainWith(0, 2);
    chain.answered(at(requests, 0), { kind: 'committed', firstId: 3, lastId: 4 });
    expect(outcomes.get(0)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/ids 3\.\.4 where 1\.\.2 were planned/) });
  });

  it('a lost request is unknown, and so is every later one, held or in flight', () => {
    const { chain, requests, outcomes } = chainWith(0, 1, 1, 1);
    chain.answered(at(requests, 1), { kind: 'rejected', lastAcceptedId: 0, notYet: true });
    chain.lost(at(requests, 0), 'no answer before the deadline');
    expect([...outcomes.values()].map((outcome) => outcome.kind)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(chain.ended).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/request 1: no answer before the deadline/) });
  });

  it('a refusal of a later request waits for the earlier ones, which may still commit', () => {
    const { chain, requests, outcomes } = chainWith(0, 1, 1);
    chain.answered(at(requests, 1), { kind: 'failed', reason: 'refused' });
    expect(outcomes.size).toBe(0);
    chain.answered(at(requests, 0), { kind: 'committed', firstId: 1, lastId: 1 });
    expect(outcomes.get(0)).toEqual({ kind: 'committed', firstId: 1, lastId: 1 });
    expect(outcomes.get(1)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/request 2: refused/) });
  });
});
