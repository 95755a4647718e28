import { describe, expect, it } from 'vitest';
import { RecordKind, type StatusResponse } from '../../../proto/gen/txlog.js';
import {
  appendAnswerFromProto,
  appendRequestToProto,
  idFromProto,
  idToProto,
  statusFromProto,
  tailRecordFromProto,
} from '../../../txlog/src/client/codec.js';

const BEYOND_SAFE = BigInt(Number.MAX_SAFE_INTEGER) + 1n;

function statusResponse(overrides: Partial<StatusResponse> = {}): StatusResponse {
  return {
    nodeId: 1,
    role: 'leader',
    term: 2n,
    commitIndex: 10n,
    lastIndex: 11n,
    appliedIndex: 10n,
    leaderId: 1,
    leaderAddress: '127.0.0.1:7001',
    peers: [{ nodeId: 2, matchIndex: 9n, nextIndex: 10n, state: 'replicate' }],
    lease: { holder: 'server-a', address: '127.0.0.1:6379', epoch: 3n, durationMs: 2000n, lastRenewalId: 8n, expiresAtMs: 1_700_000_000_000n },
    lastAcceptedId: 8n,
    firstRetainedId: 1n,
    snapshots: [],
    snapshotRequestSeq: 0n,
    ...overrides,
  };
}

describe('client codec', () => {
  it('ids convert both ways up to 2^53 - 1; beyond it a node’s answer is a protocol error', () => {
    expect(idToProto(Number.MAX_SAFE_INTEGER)).toBe(BEYOND_SAFE - 1n);
    expect(idFromProto(BEYOND_SAFE - 1n, 'id')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => idFromProto(BEYOND_SAFE, 'last_id')).toThrow(expect.objectContaining({ code: 'protocol', message: expect.stringMatching(/last_id = 9007199254740992/) }));
    expect(() => idToProto(-1)).toThrow(/assertion/);
    expect(() => idToProto(1.5)).toThrow(/assertion/);
  });

  it('an append request carries kinds as the protocol enum and shares the payload bytes', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const request = appendRequestToProto(7n, 2, 5, [
      { kind: 'data', payload },
      { kind: 'leaseClaim', payload: new Uint8Array() },
      { kind: 'leaseRenewal', payload: new Uint8Array() },
    ]);
    expect(request).toMatchObject({ clientId: 7n, requestSeq: 2n, expectedPrevId: 5n });
    expect(request.records.map((record) => record.kind)).toEqual([
      RecordKind.RECORD_KIND_DATA,
      RecordKind.RECORD_KIND_LEASE_CLAIM,
      RecordKind.RECORD_KIND_LEASE_RENEWAL,
    ]);
    expect(request.records[0]?.payload.buffer).toBe(payload.buffer);
    expect(() => appendRequestToProto(0n, 1, 0, [])).toThrow(/assertion/);
  });

  it('append answers: committed, rejected, not leader; none at all (or a stream-only failure) is a protocol error', () => {
    const to = { clientId: 7n, requestSeq: 1n };
    expect(appendAnswerFromProto({ result: { $case: 'committed', value: { firstId: 3n, lastId: 4n } }, ...to })).toEqual({ kind: 'committed', firstId: 3, lastId: 4 });
    expect(appendAnswerFromProto({ result: { $case: 'rejected', value: { lastAcceptedId: 9n, notYet: true } }, ...to })).toEqual({
      kind: 'rejected',
      lastAcceptedId: 9,
      notYet: true,
    });
    expect(appendAnswerFromProto({ result: { $case: 'notLeader', value: { leaderId: 2, leaderAddress: 'h:1' } }, ...to })).toEqual({
      kind: 'notLeader',
      leaderId: 2,
      leaderAddress: 'h:1',
    });
    expect(() => appendAnswerFromProto({ result: undefined, ...to })).toThrow(expect.objectContaining({ code: 'protocol' }));
    expect(() => appendAnswerFromProto({ result: { $case: 'failed', value: { code: 8, details: 'busy' } }, ...to })).toThrow(expect.objectContaining({ code: 'protocol' }));
  });

  it('tailed records get kind names; an unknown kind is a protocol error naming the record', () => {
    expect(tailRecordFromProto({ id: 4n, kind: RecordKind.RECORD_KIND_LEASE_CLAIM, payload: Buffer.from('c') })).toEqual({
      id: 4,
      kind: 'leaseClaim',
      payload: Buffer.from('c'),
    });
    expect(() => tailRecordFromProto({ id: 5n, kind: RecordKind.RECORD_KIND_UNSPECIFIED, payload: Buffer.alloc(0) })).toThrow(
      expect.objectContaining({ code: 'protocol', message: expect.stringMatching(/record 5 with unknown kind 0/) }),
    );
  });

  it('status converts every number, the lease (null when none) and refuses unknown roles', () => {
    expect(statusFromProto(statusResponse())).toEqual({
      nodeId: 1,
      role: 'leader',
      term: 2,
      commitIndex: 10,
      lastIndex: 11,
      appliedIndex: 10,
      leaderId: 1,
      leaderAddress: '127.0.0.1:7001',
      peers: [{ nodeId: 2, matchIndex: 9, nextIndex: 10, state: 'replicate' }],
      lease: { holder: 'server-a', address: '127.0.0.1:6379', epoch: 3, durationMs: 2000, lastRenewalId: 8, expiresAtMs: 1_700_000_000_000 },
      lastAcceptedId: 8,
      firstRetainedId: 1,
      snapshots: [],
      snapshotRequestSeq: 0,
    });
    expect(statusFromProto(statusResponse({ lease: undefined })).lease).toBeNull();
    expect(() => statusFromProto(statusResponse({ role: 'king' }))).toThrow(expect.objectContaining({ code: 'protocol' }));
    expect(() => statusFromProto(statusResponse({ term: BEYOND_SAFE }))).toThrow(expect.objectContaining({ code: 'protocol' }));
  });
});
