/**
 * The codec between the Raft core's messages and the peer protocol: every message type survives
 * a trip through protobuf bytes unchanged, and anything malformed (numbers past 2^53, unknown
 * types, broken entry runs, random bytes) is refused as a value, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { RaftMessage } from '../../../proto/gen/txlog.js';
import type { Message, MessageType } from '../../../txlog/src/core/types.js';
import { decodeMessage, encodeMessage, fromUint64, toUint64 } from '../../../txlog/src/transport/codec.js';

const TYPES: MessageType[] = ['app', 'appResp', 'vote', 'voteResp', 'preVote', 'preVoteResp', 'heartbeat', 'heartbeatResp', 'snapshot', 'timeoutNow'];

function message(overrides: Partial<Message> = {}): Message {
  return {
    type: 'app',
    from: 1,
    to: 2,
    term: 7,
    logTerm: 6,
    index: 41,
    entries: [
      { term: 6, index: 42, type: 0, data: new Uint8Array([1, 2, 3]) },
      { term: 7, index: 43, type: 0, data: new Uint8Array(0) },
    ],
    commit: 40,
    reject: false,
    rejectHint: 0,
    rejectHintTerm: 0,
    snapshot: null,
    ...overrides,
  };
}

/** Through the wire: encode, protobuf bytes, decode. */
function roundTrip(original: Message, cluster = 'c1'): ReturnType<typeof decodeMessage> {
  const bytes = RaftMessage.encode(encodeMessage(original, cluster)).finish();
  return decodeMessage(RaftMessage.decode(bytes));
}

/** Plain values for comparison (Buffer and Uint8Array compare by content). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value];
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]));
  return value;
}

/** A small deterministic generator (mulberry32) so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('raft message codec', () => {
  it.each(TYPES)('a %s message round-trips through protobuf bytes unchanged, with its cluster id', (type) => {
    const original = message({
      type,
      reject: type === 'appResp',
      rejectHint: 39,
      rejectHintTerm: 5,
      snapshot: type === 'snapshot' ? { meta: { index: 30, term: 4, voters: [1, 2, 3] }, data: new Uint8Array([9, 8, 7]) } : null,
      entries: type === 'app' ? message().entries : [],
    });
    const decoded = roundTrip(original, 'cluster-a');
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.cluster).toBe('cluster-a');
    expect(plain(decoded.message)).toEqual(plain(original));
  });

  it('keeps the largest safe integer exactly and refuses 2^53', () => {
    const largest = Number.MAX_SAFE_INTEGER;
    const decoded = roundTrip(message({ term: largest, commit: largest, entries: [] }));
    expect(decoded.ok && decoded.message.term).toBe(largest);
    expect(fromUint64(BigInt(largest))).toBe(largest);
    expect(fromUint64(2n ** 53n)).toBeUndefined();
    const raw = encodeMessage(message(), 'c1');
    expect(decodeMessage({ ...raw, term: 2n ** 53n })).toEqual({ ok: false, error: 'term 9007199254740992 is larger than 2^53-1' });
    expect(decodeMessage({ ...raw, commit: 2n ** 64n - 1n }).ok).toBe(false);
  });

  it('asserts when the core hands it a number that is not a non-negative safe integer', () => {
    expect(() => toUint64(-1)).toThrow(/assertion/);
    expect(() => toUint64(1.5)).toThrow(/assertion/);
    expect(() => encodeMessage(message({ term: 2 ** 53 }), 'c1')).toThrow(/assertion/);
    expect(() => encodeMessage(message({ to: -3 }), 'c1')).toThrow(/assertion/);
  });

  it('refuses malformed messages with a reason', () => {
    const raw = encodeMessage(message(), 'c1');
    const entries = raw.entries;
    const cases: [Partial<RaftMessage>, RegExp][] = [
      [{ type: 'gossip' }, /unknown message type 'gossip'/],
      [{ from: 0 }, /from node 0/],
      [{ to: 0 }, /to node 0/],
      [{ type: 'snapshot', snapshot: undefined }, /without a snapshot/],
      [{ entries: [{ ...entries[0]!, type: 7 }] }, /unknown type 7/],
      [{ entries: [entries[0]!, { ...entries[1]!, index: 44n }] }, /index 44 after 42/],
      [{ entries: [entries[1]!, { ...entries[0]!, index: 44n }] }, /term 6 below 7/],
      [{ entries: [{ ...entries[0]!, index: 0n }] }, /index 0/],
      [{ index: 10n }, /append after index 10 starts at 42/],
      [{ type: 'snapshot', snapshot: { index: 1n, term: 1n, voters: [1, 0], data: Buffer.alloc(0) } }, /voter 0/],
    ];
    for (const [change, reason] of cases) {
      const decoded = decodeMessage({ ...raw, ...change });
      expect(decoded.ok, JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toBe(false);
      if (!decoded.ok) expect(decoded.error).toMatch(reason);
    }
  });

  it('never throws on random bytes: protobuf refuses them or the codec returns a value (2000 seeded inputs)', () => {
    const next = random(20240611);
    const valid = RaftMessage.encode(encodeMessage(message(), 'c1')).finish();
    let refused = 0;
    for (let input = 0; input < 2000; input++) {
      // Half are random bytes, half are a valid message with a few bytes flipped.
      const bytes = input % 2 === 0 ? new Uint8Array(Math.floor(next() * 200)) : Uint8Array.from(valid);
      const flips = input % 2 === 0 ? bytes.length : 1 + Math.floor(next() * 4);
      for (let flip = 0; flip < flips; flip++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      let raw: RaftMessage;
      try {
        raw = RaftMessage.decode(bytes);
      } catch {
        refused++;
        continue;
      }
      const decoded = decodeMessage(raw);
      if (!decoded.ok) refused++;
    }
    expect(refused).toBeGreaterThan(0);
  });
});
