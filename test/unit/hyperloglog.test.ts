import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cachedCardinality,
  elementRegister,
  HLL_DENSE_BYTES,
  HyperLogLog,
  isHyperLogLog,
  murmurHash64,
} from '../../server/src/keyspace/hyperloglog.js';
import { ErrorReply, NULL_ARRAY, OK, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, seededRandom } from '../support/executor.js';

const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const notHll = new ErrorReply('WRONGTYPE Key is not a valid HyperLogLog string value.');
const corrupt = new ErrorReply('INVALIDOBJ Corrupted HLL object detected');
const SPARSE_HEADER = 'HYLL\x01\x00\x00\x00';
const DENSE_HEADER = 'HYLL\x00\x00\x00\x00';
const FRESH_CACHE = '\x00'.repeat(8);
const STALE_CACHE = '\x00'.repeat(7) + '\x80';
/** An XZERO opcode covering all 16384 registers. */
const ALL_ZEROS = '\x7f\xff';

function hex(value: unknown): string {
  return Buffer.from(value as string, 'latin1').toString('hex');
}

function sha256Prefix(value: unknown): string {
  return createHash('sha256').update(Buffer.from(value as string, 'latin1')).digest('hex').slice(0, 16);
}

/** `count` distinct elements `e0`, `e1`, ... added in batches of 5000. */
function addElements(server: Executor | EffectsPair, key: string, count: number, prefix = 'e'): void {
  for (let start = 0; start < count; start += 5000) {
    const batch: string[] = [];
    for (let index = start; index < Math.min(count, start + 5000); index++) batch.push(`${prefix}${index}`);
    server.run('PFADD', key, ...batch);
  }
}

/** The first element `x0`, `x1`, ... whose register satisfies `wanted` (a bounded search). */
function firstElement(wanted: (index: number) => boolean): string {
  for (let attempt = 0; attempt < 100_000; attempt++) if (wanted(elementRegister(`x${attempt}`).index)) return `x${attempt}`;
  throw new Error('no element found');
}

function makeOtherType(server: Executor, key: string): void {
  server.run('SET', key, 'x');
  (server.state.keyspace.db(0).peek(key) as { type: string }).type = 'list';
}

function expectReplicaInSync(pair: EffectsPair): void {
  const { primary, replica } = pair.dumps();
  expect(replica).toEqual(primary);
}

function effectsSince(pair: EffectsPair, mark: number): string[][] {
  return pair.allEffects().slice(mark).map((effect) => [...effect.argv]);
}

/** MurmurHash64A written the obvious way with BigInt, to check the 32-bit-halves version against. */
function referenceMurmur(key: string, seed: bigint): bigint {
  const mask = (1n << 64n) - 1n;
  const m = 0xc6a4a7935bd1e995n;
  let h = (seed ^ (BigInt(key.length) * m)) & mask;
  const blocks = key.length - (key.length & 7);
  for (let at = 0; at < blocks; at += 8) {
    let k = 0n;
    for (let byte = 7; byte >= 0; byte--) k = (k << 8n) | BigInt(key.charCodeAt(at + byte));
    k = (k * m) & mask;
    k ^= k >> 47n;
    k = (k * m) & mask;
    h ^= k;
    h = (h * m) & mask;
  }
  const tail = key.length & 7;
  if (tail > 0) {
    for (let byte = tail - 1; byte >= 0; byte--) h ^= BigInt(key.charCodeAt(blocks + byte)) << BigInt(8 * byte);
    h = (h * m) & mask;
  }
  h ^= h >> 47n;
  h = (h * m) & mask;
  h ^= h >> 47n;
  return h;
}

describe('HyperLogLog representation', () => {
  it('MurmurHash64A matches a BigInt reference for every tail length and binary bytes', () => {
    const random = seededRandom(7);
    for (let length = 0; length < 40; length++) {
      for (let sample = 0; sample < 20; sample++) {
        let key = '';
        for (let index = 0; index < length; index++) key += String.fromCharCode(Math.floor(random() * 256));
        expect(murmurHash64(key)).toBe(referenceMurmur(key, 0xadc83b19n));
        expect(murmurHash64(key, 0)).toBe(referenceMurmur(key, 0n));
      }
    }
  });

  it('an element goes to the register of its low 14 hash bits with the run length above them', () => {
    const random = seededRandom(11);
    for (let sample = 0; sample < 200; sample++) {
      const key = `element:${Math.floor(random() * 1e9)}`;
      const hash = referenceMurmur(key, 0xadc83b19n);
      const rest = (hash >> 14n) | (1n << 50n);
      let count = 1;
      for (let bit = 1n; (rest & bit) === 0n; bit <<= 1n) count++;
      expect(elementRegister(key)).toEqual({ index: Number(hash & 0x3fffn), count });
    }
  });

  it('an empty HLL is sparse: header, cached cardinality 0, one XZERO of 16384', () => {
    const hll = HyperLogLog.create();
    expect(hll.toString()).toBe(SPARSE_HEADER + FRESH_CACHE + ALL_ZEROS);
    expect(hll.encoding).toBe('sparse');
    expect(hll.count()).toBe(0);
    expect(hll.decode()).toBe('Z:16384');
  });

  it('a register above 32 promotes a sparse HLL to dense, keeping the header', () => {
    const hll = HyperLogLog.create();
    expect(hll.set(100, 5, 3000)).toBe(1);
    expect(hll.set(200, 40, 3000)).toBe(1);
    expect(hll.encoding).toBe('dense');
    expect(hll.byteLength).toBe(HLL_DENSE_BYTES);
    const registers = hll.registers();
    expect([registers[100], registers[200], registers[0], registers[16383]]).toEqual([5, 40, 0, 0]);
    expect(hll.set(200, 39, 3000)).toBe(0);
    expect(hll.set(16383, 63, 3000)).toBe(1);
    expect(hll.registers()[16383]).toBe(63);
    expect(hll.registers()[16382]).toBe(0);
  });

  it('sparse updates split runs and merge equal neighbours as Redis does', () => {
    const hll = HyperLogLog.create();
    hll.set(1000, 2, 3000);
    hll.set(1020, 3, 3000);
    hll.set(1021, 3, 3000);
    expect(hll.decode()).toBe('Z:1000 v:2,1 z:19 v:3,2 Z:15362');
    hll.set(1001, 2, 3000);
    expect(hll.decode()).toBe('Z:1000 v:2,2 z:18 v:3,2 Z:15362');
    hll.set(1000, 3, 3000);
    expect(hll.decode()).toBe('Z:1000 v:3,1 v:2,1 z:18 v:3,2 Z:15362');
  });

  it('a sparse HLL that would grow past hll-sparse-max-bytes becomes dense', () => {
    const hll = HyperLogLog.create();
    expect(hll.set(5000, 1, 21)).toBe(1);
    expect(hll.encoding).toBe('sparse');
    expect(hll.byteLength).toBe(21);
    expect(hll.set(9000, 1, 21)).toBe(1);
    expect(hll.encoding).toBe('dense');
    expect(hll.count()).toBe(2);
  });

  it('a value is an HLL only with a header, the magic, a known encoding and an exact dense length', () => {
    expect(isHyperLogLog(SPARSE_HEADER + FRESH_CACHE + ALL_ZEROS)).toBe(true);
    expect(isHyperLogLog(SPARSE_HEADER + FRESH_CACHE)).toBe(true);
    expect(isHyperLogLog(SPARSE_HEADER + '\x00'.repeat(7))).toBe(false);
    expect(isHyperLogLog('HYLX\x01\x00\x00\x00' + FRESH_CACHE)).toBe(false);
    expect(isHyperLogLog('HYLL\x02\x00\x00\x00' + FRESH_CACHE)).toBe(false);
    expect(isHyperLogLog(DENSE_HEADER + FRESH_CACHE + '\x00'.repeat(12288))).toBe(true);
    expect(isHyperLogLog(DENSE_HEADER + FRESH_CACHE + '\x00'.repeat(12287))).toBe(false);
  });

  it('the cached cardinality is read little endian and is stale when its top bit is set', () => {
    expect(cachedCardinality(SPARSE_HEADER + '\x03\x00\x00\x00\x00\x00\x00\x00')).toBe(3);
    expect(cachedCardinality(SPARSE_HEADER + '\x00\x00\x00\x00\x01\x00\x00\x00')).toBe(2 ** 32);
    expect(cachedCardinality(SPARSE_HEADER + '\x00\x00\x00\x00\x00\x00\x00\x10')).toBe(2n ** 60n);
    expect(cachedCardinality(SPARSE_HEADER + '\x03\x00\x00\x00\x00\x00\x00\x80')).toBeNull();
  });
});

describe('PFADD', () => {
  it('creates a sparse HLL byte for byte as Redis 7.0 (a b c)', () => {
    const server = new Executor();
    expect(server.run('PFADD', 'h', 'a', 'b', 'c')).toBe(1);
    expect(hex(server.run('GET', 'h'))).toBe('48594c4c01000000000000000000008060f38050b1844bfb80425a');
    expect(server.run('PFDEBUG', 'DECODE', 'h')).toBe('Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603');
    expect(server.run('PFADD', 'h', 'a', 'c')).toBe(0);
  });

  it('without elements creates the key (1) and then changes nothing (0)', () => {
    const server = new Executor();
    expect(server.run('PFADD', 'h')).toBe(1);
    expect(server.run('GET', 'h')).toBe(SPARSE_HEADER + STALE_CACHE + ALL_ZEROS);
    expect(server.run('PFADD', 'h')).toBe(0);
    expect(server.run('PFCOUNT', 'h')).toBe(0);
  });

  it('gives Redis 7.0 values and counts from 1 to 20000 elements, through promotion to dense', () => {
    // From Redis 7.0.15: elements e0..e(n-1); the value before and after PFCOUNT (sha256 prefixes).
    const expected = [
      { n: 1, count: 1, encoding: 'sparse', length: 21, before: 'b0e9338b711c718f', after: 'ccda8ba82764c30e' },
      { n: 100, count: 100, encoding: 'sparse', length: 285, before: '53986fa020104b2d', after: 'aebee27e50c67272' },
      { n: 1000, count: 1008, encoding: 'sparse', length: 1906, before: '519a7f0764d633e0', after: 'ab6313e24c05ff99' },
      { n: 5000, count: 4968, encoding: 'dense', length: 12304, before: '0a4b61a05c269540', after: 'bd470063c39f632f' },
      { n: 20000, count: 19901, encoding: 'dense', length: 12304, before: 'f491acb3b4a2b530', after: 'e0b65a9f0a68fd60' },
    ];
    for (const row of expected) {
      const server = new Executor();
      addElements(server, 'h', row.n);
      const before = server.run('GET', 'h') as string;
      expect([before.length, sha256Prefix(before)]).toEqual([row.length, row.before]);
      expect(server.run('PFCOUNT', 'h')).toBe(row.count);
      expect(sha256Prefix(server.run('GET', 'h'))).toBe(row.after);
      expect(server.run('PFDEBUG', 'ENCODING', 'h')).toEqual(new Status(row.encoding));
    }
  });

  it('promotes to dense when the sparse form would pass hll-sparse-max-bytes', () => {
    const server = new Executor({ settings: { 'hll-sparse-max-bytes': 60 } });
    addElements(server, 'h', 10);
    expect(server.run('PFDEBUG', 'ENCODING', 'h')).toEqual(new Status('sparse'));
    addElements(server, 'h', 40);
    expect(server.run('PFDEBUG', 'ENCODING', 'h')).toEqual(new Status('dense'));
    expect(server.run('STRLEN', 'h')).toBe(HLL_DENSE_BYTES);
    expect(server.run('PFCOUNT', 'h')).toBe(40);
  });

  it('refuses other types and strings that are not HLLs', () => {
    const server = new Executor();
    makeOtherType(server, 'list');
    expect(server.run('PFADD', 'list', 'a')).toEqual(wrongType);
    server.run('SET', 's', 'hello');
    expect(server.run('PFADD', 's', 'a')).toEqual(notHll);
    server.run('SET', 'n', '12345678901234567');
    expect(server.run('PFADD', 'n', 'a')).toEqual(notHll);
    expect(server.run('PFADD')).toEqual(new ErrorReply("ERR wrong number of arguments for 'pfadd' command"));
  });

  it('keeps the TTL of the key', () => {
    const server = new Executor();
    server.run('PFADD', 'h', 'a');
    server.run('EXPIRE', 'h', 100);
    server.run('PFADD', 'h', 'b', 'c', 'd');
    expect(server.run('TTL', 'h')).toBe(100);
  });

  it('on a truncated sparse value reports corruption and keeps the registers raised before it, as Redis', () => {
    const pair = new EffectsPair();
    // Registers 0..99 only: elements landing beyond them meet the end of the code.
    pair.run('SET', 'h', SPARSE_HEADER + FRESH_CACHE + '\x40\x63');
    const inside = firstElement((index) => index < 100);
    const outside = firstElement((index) => index >= 100);
    const mark = pair.allEffects().length;
    expect(pair.run('PFADD', 'h', inside, outside)).toEqual(corrupt);
    const value = pair.primary.run('GET', 'h') as string;
    expect(value).not.toBe(SPARSE_HEADER + FRESH_CACHE + '\x40\x63');
    expect(value.charCodeAt(15) & 0x80).toBe(0x80);
    expect(effectsSince(pair, mark)).toEqual([['SET', 'h', value, 'KEEPTTL']]);
    expectReplicaInSync(pair);
    expect(pair.run('PFADD', 'h', outside)).toEqual(corrupt);
    expect(effectsSince(pair, mark)).toHaveLength(1);
  });

  it('logs itself only when it changed something; the replica gets identical bytes', () => {
    const pair = new EffectsPair();
    const mark = pair.allEffects().length;
    pair.run('PFADD', 'h', 'a', 'b');
    pair.run('PFADD', 'h', 'a');
    addElements(pair, 'h', 8000);
    expect(effectsSince(pair, mark)[0]).toEqual(['PFADD', 'h', 'a', 'b']);
    expect(effectsSince(pair, mark)).toHaveLength(3);
    expectReplicaInSync(pair);
    expect(pair.replica.run('GET', 'h')).toBe(pair.primary.run('GET', 'h'));
  });
});

describe('PFCOUNT', () => {
  it('is 0 for a missing key and refuses other types and non-HLL strings', () => {
    const server = new Executor();
    expect(server.run('PFCOUNT', 'missing')).toBe(0);
    makeOtherType(server, 'list');
    expect(server.run('PFCOUNT', 'list')).toEqual(wrongType);
    server.run('SET', 's', 'x'.repeat(20));
    expect(server.run('PFCOUNT', 's')).toEqual(notHll);
    expect(server.run('PFCOUNT', 'missing', 's')).toEqual(notHll);
    expect(server.run('PFCOUNT', 'list', 's')).toEqual(wrongType);
  });

  it('writes the count into the cached cardinality, keeping the TTL, and logs itself', () => {
    const pair = new EffectsPair();
    pair.run('PFADD', 'h', 'a', 'b', 'c');
    pair.run('PEXPIRE', 'h', 50_000);
    const mark = pair.allEffects().length;
    expect(pair.run('PFCOUNT', 'h')).toBe(3);
    const value = pair.primary.run('GET', 'h') as string;
    expect(value.slice(8, 16)).toBe('\x03' + '\x00'.repeat(7));
    expect(pair.run('PFCOUNT', 'h')).toBe(3);
    expect(effectsSince(pair, mark)).toEqual([['PFCOUNT', 'h']]);
    expect(pair.primary.run('PTTL', 'h')).toBe(50_000);
    expectReplicaInSync(pair);
  });

  it('on a replica counts without writing the cache, so its value stays the primary\'s', () => {
    const pair = new EffectsPair();
    pair.run('PFADD', 'h', 'a', 'b', 'c');
    const before = pair.replica.run('GET', 'h');
    expect(pair.replica.run('PFCOUNT', 'h')).toBe(3);
    expect(pair.replica.run('GET', 'h')).toBe(before);
    expect(pair.replica.effects.flat()).toEqual([]);
    expectReplicaInSync(pair);
  });

  it('returns a valid cached cardinality without counting, even for a corrupt code', () => {
    const server = new Executor();
    server.run('SET', 'h', SPARSE_HEADER + '\x07' + '\x00'.repeat(7));
    expect(server.run('PFCOUNT', 'h')).toBe(7);
    server.run('SET', 'big', SPARSE_HEADER + '\x00\x00\x00\x00\x00\x00\x00\x10' + ALL_ZEROS);
    expect(server.run('PFCOUNT', 'big')).toBe(2n ** 60n);
    server.run('SET', 'stale', SPARSE_HEADER + '\x07' + '\x00'.repeat(6) + '\x80');
    expect(server.run('PFCOUNT', 'stale')).toEqual(corrupt);
  });

  it('of registers all 63 is LLONG_MIN as Redis replies, and the cache stays stale', () => {
    const server = new Executor();
    server.run('SET', 'h', DENSE_HEADER + STALE_CACHE + '\xff'.repeat(12288));
    expect(server.run('PFCOUNT', 'h')).toBe(-(2n ** 63n));
    expect((server.run('GET', 'h') as string).slice(8, 16)).toBe('\x00'.repeat(7) + '\x80');
  });

  it('of several keys counts their union without writing anything', () => {
    const pair = new EffectsPair();
    addElements(pair, 'a', 3000, 'x');
    addElements(pair, 'b', 300, 'x');
    pair.run('PFADD', 'c', 'y1', 'y2');
    const mark = pair.allEffects().length;
    const union = pair.run('PFCOUNT', 'a', 'b', 'c', 'missing') as number;
    expect(Math.abs(union - 3002)).toBeLessThan(60);
    expect(pair.run('PFCOUNT', 'b', 'b')).toBe(pair.run('PFCOUNT', 'b'));
    expect(effectsSince(pair, mark)).toEqual([['PFCOUNT', 'b']]);
    pair.run('SET', 'bad', SPARSE_HEADER + FRESH_CACHE + '\x40\x63');
    expect(pair.run('PFCOUNT', 'a', 'bad')).toEqual(corrupt);
  });

  it('that writes the cache counts as a change for WATCH, as in Redis', () => {
    const server = new Executor();
    const other = server.newClient();
    server.run('PFADD', 'h', 'a');
    server.run('WATCH', 'h');
    server.runAs(other, 'PFCOUNT', 'h');
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
    server.run('WATCH', 'h');
    server.runAs(other, 'PFCOUNT', 'h');
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toEqual([new Status('PONG')]);
  });
});

describe('PFMERGE', () => {
  it('merges sparse sources into a new sparse destination and logs itself', () => {
    const pair = new EffectsPair();
    pair.run('PFADD', 'a', 'x', 'y');
    pair.run('PFADD', 'b', 'y', 'z');
    const mark = pair.allEffects().length;
    expect(pair.run('PFMERGE', 'd', 'a', 'b', 'missing')).toBe(OK);
    expect(pair.run('PFDEBUG', 'ENCODING', 'd')).toEqual(new Status('sparse'));
    expect(pair.run('PFCOUNT', 'd')).toBe(3);
    expect(effectsSince(pair, mark)).toEqual([['PFMERGE', 'd', 'a', 'b', 'missing'], ['PFCOUNT', 'd']]);
    expectReplicaInSync(pair);
  });

  it('includes the destination and makes it dense when any input is dense', () => {
    const pair = new EffectsPair();
    pair.run('PFADD', 'd', 'only-in-destination');
    addElements(pair, 'big', 5000);
    expect(pair.run('PFMERGE', 'd', 'big')).toBe(OK);
    expect(pair.run('PFDEBUG', 'ENCODING', 'd')).toEqual(new Status('dense'));
    pair.run('PFADD', 'check', 'only-in-destination');
    expect(pair.run('PFCOUNT', 'd')).toBe(pair.run('PFCOUNT', 'big', 'check'));
    expectReplicaInSync(pair);
  });

  it('of the destination alone creates an empty HLL with a stale cache', () => {
    const server = new Executor();
    expect(server.run('PFMERGE', 'd')).toBe(OK);
    expect(server.run('GET', 'd')).toBe(SPARSE_HEADER + STALE_CACHE + ALL_ZEROS);
  });

  it('refuses a wrong type or corrupt source before touching the destination', () => {
    const server = new Executor();
    makeOtherType(server, 'list');
    server.run('PFADD', 'a', 'x');
    expect(server.run('PFMERGE', 'd', 'a', 'list')).toEqual(wrongType);
    server.run('SET', 's', 'plain string value');
    expect(server.run('PFMERGE', 'd', 's')).toEqual(notHll);
    server.run('SET', 'bad', SPARSE_HEADER + FRESH_CACHE + '\x7f');
    expect(server.run('PFMERGE', 'd', 'bad')).toEqual(corrupt);
    expect(server.run('EXISTS', 'd')).toBe(0);
  });
});

describe('PFDEBUG', () => {
  it('GETREG and TODENSE convert a sparse value to dense and log it; ENCODING and DECODE read', () => {
    const pair = new EffectsPair();
    pair.run('PFADD', 'h', 'a', 'b', 'c');
    const { index, count } = elementRegister('a');
    const registers = pair.run('PFDEBUG', 'GETREG', 'h') as number[];
    expect(registers).toHaveLength(16384);
    expect(registers[index]).toBe(count);
    expect(registers.filter((value) => value > 0)).toHaveLength(3);
    expect(pair.run('PFDEBUG', 'ENCODING', 'h')).toEqual(new Status('dense'));
    expect(pair.run('PFDEBUG', 'DECODE', 'h')).toEqual(new ErrorReply('ERR HLL encoding is not sparse'));
    expect(pair.run('PFDEBUG', 'TODENSE', 'h')).toBe(0);
    pair.run('PFADD', 'g', 'a');
    expect(pair.run('PFDEBUG', 'todense', 'g')).toBe(1);
    expect(pair.allEffects().map((effect) => effect.argv[0])).toEqual(['PFADD', 'PFDEBUG', 'PFADD', 'PFDEBUG']);
    expectReplicaInSync(pair);
  });

  it('reports a missing key, an unknown subcommand and a corrupt value as Redis', () => {
    const server = new Executor();
    expect(server.run('PFDEBUG', 'ENCODING', 'missing')).toEqual(new ErrorReply('ERR The specified key does not exist'));
    server.run('PFADD', 'h', 'a');
    expect(server.run('PFDEBUG', 'what\r\never', 'h')).toEqual(new ErrorReply("ERR Unknown PFDEBUG subcommand 'what  ever'"));
    server.run('SET', 'bad', SPARSE_HEADER + FRESH_CACHE + '\x7f');
    expect(server.run('PFDEBUG', 'GETREG', 'bad')).toEqual(corrupt);
    expect(server.run('PFDEBUG', 'DECODE', 'bad')).toBe('Z:16129');
  });
});
