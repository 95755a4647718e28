/**
 * `export --format resp` loaded into a real Redis 7 with `redis-cli --pipe`: the data is built
 * through commands on an in-memory cairn, exported straight into redis-cli's stdin, and then
 * compared key by key through type-specific reads on both sides. Skipped, loudly, without
 * redis-server.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeReply } from '../../server/src/resp/writer.js';
import { exportResp, type RespExportSummary } from '../../server/src/snapshot/resp-export.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { Executor, seededRandom } from '../support/executor.js';
import { parseReply, RespClient, type RespValue } from '../support/resp-client.js';
import { type ReferenceRedis, redisServerAvailable, startReferenceRedis } from '../support/servers.js';

/** Databases a default Redis has; every one is compared. */
const DATABASES = 16;
/** SCAN rounds per database at most (the tests hold a few thousand keys). */
const SCAN_ROUNDS_MAX = 1000;
/** How long redis-cli --pipe may take to load a stream. */
const PIPE_TIMEOUT_MS = 60_000;

type Plain = string | null | Plain[];

/** A reply as plain strings and arrays (RESP2 shapes). */
function plain(value: RespValue): Plain {
  switch (value.t) {
    case 'array':
    case 'set':
    case 'push':
      return value.v === null ? null : value.v.map(plain);
    case 'map':
      return value.v.flatMap(([key, item]) => [plain(key), plain(item)]);
    case 'null':
      return null;
    case 'bool':
      return value.v ? '1' : '0';
    case 'error':
      return `ERROR ${value.v}`;
    default:
      return value.v;
  }
}

/** Reads the same commands from cairn (an Executor) and from Redis. */
class BothSides {
  constructor(
    private readonly cairn: Executor,
    private readonly redis: RespClient,
  ) {}

  async read(...argv: string[]): Promise<{ cairn: Plain; redis: Plain }> {
    const parsed = parseReply(encodeReply(this.cairn.run(...argv), 2), 0);
    if (parsed === null) throw new Error(`cairn's reply to ${argv[0]} did not parse`);
    return { cairn: plain(parsed.value), redis: plain(await this.redis.call(...argv)) };
  }

  /** Expect equal replies; returns the reply. */
  async same(...argv: string[]): Promise<Plain> {
    const { cairn, redis } = await this.read(...argv);
    expect(redis, `${argv.map((part) => JSON.stringify(part)).join(' ')}`).toEqual(cairn);
    return cairn;
  }

  /** Expect equal replies after `normalize`. */
  async sameAfter(normalize: (reply: Plain) => unknown, ...argv: string[]): Promise<void> {
    const { cairn, redis } = await this.read(...argv);
    expect(normalize(redis), `${argv.map((part) => JSON.stringify(part)).join(' ')}`).toEqual(normalize(cairn));
  }
}

function byteOrder(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** Flat [name, value, ...] pairs as an object. */
function pairs(reply: Plain): Record<string, Plain> {
  if (!Array.isArray(reply)) throw new Error(`not a pair list: ${JSON.stringify(reply)}`);
  const out: Record<string, Plain> = {};
  for (let index = 0; index < reply.length; index += 2) out[reply[index] as string] = reply[index + 1] as Plain;
  return out;
}

/** XINFO STREAM FULL without what depends on the node layout or the loading time (radix-tree-*, seen-time). */
function deterministicStreamInfo(reply: Plain): unknown {
  const { 'radix-tree-keys': _keys, 'radix-tree-nodes': _nodes, groups, ...info } = pairs(reply);
  const groupInfos = ((groups ?? []) as Plain[]).map((groupReply) => {
    const { consumers, ...group } = pairs(groupReply);
    const consumerInfos = ((consumers ?? []) as Plain[]).map((consumerReply) => {
      const { 'seen-time': _seen, ...consumer } = pairs(consumerReply);
      return consumer;
    });
    return { ...group, consumers: consumerInfos };
  });
  return { ...info, groups: groupInfos };
}

function sortedPairs(reply: Plain): string[][] {
  const flat = reply as string[];
  const out: string[][] = [];
  for (let index = 0; index < flat.length; index += 2) out.push([flat[index] as string, flat[index + 1] as string]);
  return out.sort((first, second) => byteOrder(first[0] as string, second[0] as string));
}

/** Every key of the current database, sorted, through SCAN. */
async function scanKeys(sides: BothSides): Promise<string[]> {
  let cursor = '0';
  const keys = { cairn: new Set<string>(), redis: new Set<string>() };
  const cursors = { cairn: '0', redis: '0' };
  const done = { cairn: false, redis: false };
  for (let round = 0; round < SCAN_ROUNDS_MAX && !(done.cairn && done.redis); round++) {
    for (const side of ['cairn', 'redis'] as const) {
      if (done[side]) continue;
      cursor = cursors[side];
      const reply = (await sides.read('SCAN', cursor, 'COUNT', '500'))[side] as [string, string[]];
      cursors[side] = reply[0];
      for (const key of reply[1]) keys[side].add(key);
      if (reply[0] === '0') done[side] = true;
    }
  }
  if (!(done.cairn && done.redis)) throw new Error('SCAN did not finish');
  const cairnKeys = [...keys.cairn].sort(byteOrder);
  expect([...keys.redis].sort(byteOrder)).toEqual(cairnKeys);
  return cairnKeys;
}

/** Compare every database key by key: key set, TYPE, PEXPIRETIME and the value through type-specific reads. */
async function compareKeyByKey(cairn: Executor, redis: RespClient): Promise<number> {
  const sides = new BothSides(cairn, redis);
  let compared = 0;
  for (let db = 0; db < DATABASES; db++) {
    await sides.same('SELECT', String(db));
    for (const key of await scanKeys(sides)) {
      const type = await sides.same('TYPE', key);
      await sides.same('PEXPIRETIME', key);
      switch (type) {
        case 'string':
          await sides.same('GET', key);
          break;
        case 'list':
          await sides.same('LRANGE', key, '0', '-1');
          break;
        case 'hash':
          await sides.sameAfter(sortedPairs, 'HGETALL', key);
          break;
        case 'set':
          await sides.sameAfter((reply) => [...(reply as string[])].sort(byteOrder), 'SMEMBERS', key);
          break;
        case 'zset':
          await sides.same('ZRANGE', key, '0', '-1', 'WITHSCORES');
          break;
        case 'stream':
          await sides.same('XRANGE', key, '-', '+');
          await sides.sameAfter(deterministicStreamInfo, 'XINFO', 'STREAM', key, 'FULL', 'COUNT', '0');
          break;
        default:
          throw new Error(`unexpected type ${JSON.stringify(type)} of ${JSON.stringify(key)}`);
      }
      compared++;
    }
  }
  return compared;
}

/** Export `cairn` into `redis-cli --pipe` on `port`; returns the export summary and redis-cli's counts. */
async function pipeIntoRedis(cairn: Executor, port: number): Promise<{ summary: RespExportSummary; errors: number; replies: number; output: string }> {
  const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), PIPE_TIMEOUT_MS);
  try {
    const summary = await exportResp(
      cairn.state.keyspace,
      async (chunk) => {
        if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
      },
      { now: cairn.state.nowMs() },
    );
    child.stdin.end();
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
    const counts = /errors: (\d+), replies: (\d+)/.exec(output);
    if (counts === null) throw new Error(`redis-cli --pipe printed no summary:\n${output}`);
    return { summary, errors: Number(counts[1]), replies: Number(counts[2]), output };
  } finally {
    clearTimeout(timer);
  }
}

/** A binary string of `length` bytes from a seeded generator. */
function randomBytes(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += String.fromCharCode(Math.floor(random() * 256));
  return text;
}

/** A cairn whose clock is a minute behind the real one: every time it records is in Redis's past. */
function newCairn(): Executor {
  return new Executor({ clock: new ManualClock((Date.now() - 60_000) * 1000) });
}

const available = redisServerAvailable();
if (!available) process.stderr.write('\n*** export --format resp into Redis: SKIPPED, redis-server not installed ***\n\n');

describe.skipIf(!available)('export --format resp loaded into Redis 7 with redis-cli --pipe', () => {
  let redis: ReferenceRedis;
  let client: RespClient;

  beforeAll(async () => {
    const started = await startReferenceRedis();
    if (started === null) throw new Error('redis-server could not be started');
    redis = started;
    client = await RespClient.connect(redis.port);
  });

  afterAll(async () => {
    client?.close();
    await redis?.stop();
  });

  beforeEach(async () => {
    expect(await client.call('FLUSHALL')).toEqual({ t: 'simple', v: 'OK' });
  });

  it('every type in several databases, binary and empty data, large values and expiring keys hold the same in Redis', async () => {
    const cairn = newCairn();
    const random = seededRandom(6);
    const now = cairn.state.nowMs();
    const allBytes = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)).join('');
    const binaryKey = '\x00\xff\r\n*1\r\nkey';
    for (const db of ['0', '1', '15']) {
      cairn.run('SELECT', db);
      const tag = `db${db}:`;
      cairn.run('SET', `${tag}plain`, 'hello');
      cairn.run('SET', '', `${tag}empty key`);
      cairn.run('SET', `${tag}empty value`, '');
      cairn.run('SET', binaryKey, allBytes + tag);
      cairn.run('SET', `${tag}integer`, '-9223372036854775808');
      cairn.run('INCRBYFLOAT', `${tag}float`, '3.0e3');
      cairn.run('RPUSH', `${tag}list`, 'a', '', '\x00\r\n', tag);
      cairn.run('HSET', `${tag}hash`, '', '', 'f\x00', 'v\xff', 'n', '42');
      cairn.run('SADD', `${tag}intset`, '5', '-3', '9223372036854775807');
      cairn.run('SADD', `${tag}set`, '', 'a', '\x00\xfe');
      cairn.run('ZADD', `${tag}zset`, 'inf', 'top', '-inf', 'bottom', '0.1', 'tenth', '-0', 'zero', '1e300', 'huge', '5e-324', 'tiny', '3', '');
    }
    cairn.run('SELECT', '0');
    cairn.run('SET', 'big-string', randomBytes(random, 300_000));
    const largeList = Array.from({ length: 1000 }, (_, index) => `element ${index} ${randomBytes(random, index % 20)}`);
    largeList[500] = randomBytes(random, 100_000);
    cairn.run('RPUSH', 'large-list', ...largeList);
    cairn.run('HSET', 'large-hash', ...Array.from({ length: 600 }, (_, index) => [`field ${index}`, randomBytes(random, 30)]).flat());
    cairn.run('HSET', 'hash-large-value', 'big', randomBytes(random, 20_000), 'small', 's');
    cairn.run('SADD', 'large-intset', ...Array.from({ length: 300 }, (_, index) => String(index * 7919 - 100_000)));
    cairn.run('SADD', 'large-set', ...Array.from({ length: 700 }, (_, index) => `member ${index} ${randomBytes(random, 5)}`));
    cairn.run('ZADD', 'large-zset', ...Array.from({ length: 300 }, (_, index) => [String(random() * 2000 - 1000), `m${index}`]).flat());
    cairn.run('ZADD', 'large-zset', '-0', 'negative zero', 'inf', 'plus infinity');
    cairn.run('GEOADD', 'geo', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    cairn.run('SETBIT', 'bitmap', '100007', '1');
    cairn.run('SETBIT', 'bitmap', '7', '1');
    cairn.run('PFADD', 'hll-sparse', ...Array.from({ length: 20 }, (_, index) => `visitor ${index}`));
    cairn.run('PFADD', 'hll-dense', ...Array.from({ length: 5000 }, (_, index) => `visitor ${index}`));
    for (const [key, make] of [
      ['ttl-string', () => cairn.run('SET', 'ttl-string', 'v')],
      ['ttl-list', () => cairn.run('RPUSH', 'ttl-list', 'a', 'b')],
      ['ttl-hash', () => cairn.run('HSET', 'ttl-hash', 'f', 'v')],
      ['ttl-set', () => cairn.run('SADD', 'ttl-set', 'm')],
      ['ttl-zset', () => cairn.run('ZADD', 'ttl-zset', '1', 'm')],
    ] as const) {
      make();
      cairn.run('PEXPIREAT', key, String(now + 3_600_000 + key.length));
    }
    cairn.run('SET', 'expired-string', 'gone', 'PX', '5');
    cairn.run('HSET', 'expired-hash', 'f', 'v');
    cairn.run('PEXPIRE', 'expired-hash', '5');
    cairn.run('SELECT', '1');
    cairn.run('SET', 'expired-in-db1', 'gone', 'PX', '5');
    cairn.clock.advanceMs(10); // the three expired-* keys are past their time, still held

    const { summary, errors, replies, output } = await pipeIntoRedis(cairn, redis.port);

    expect(errors, output).toBe(0);
    expect(replies).toBe(summary.commands);
    expect(summary.expiredKeys).toBe(3);
    const compared = await compareKeyByKey(cairn, client);
    expect(compared).toBe(summary.keys);
    for (const key of ['hll-sparse', 'hll-dense']) {
      const sides = new BothSides(cairn, client);
      await sides.same('SELECT', '0');
      expect(await sides.same('PFCOUNT', key)).toMatch(/^\d+$/);
    }
  });

  it('streams with consumer groups, pending entries, deleted and trimmed entries and set ids hold the same in Redis', async () => {
    const cairn = newCairn();
    const random = seededRandom(7);
    const now = cairn.state.nowMs();
    for (let index = 1; index <= 250; index++) {
      const fields = index % 7 === 0 ? ['other', String(index), 'bin\x00', randomBytes(random, 8)] : ['f', `v${index}`];
      cairn.run('XADD', 'events', `${1000 + index}-${index % 3}`, ...fields);
    }
    cairn.run('XADD', 'events', '2000-0', ...Array.from({ length: 100 }, (_, index) => [`field${index}`, randomBytes(random, 10)]).flat());
    cairn.run('XADD', 'events', '2001-0', 'big', randomBytes(random, 150_000));
    cairn.run('XGROUP', 'CREATE', 'events', 'workers', '0');
    cairn.run('XREADGROUP', 'GROUP', 'workers', 'alice', 'COUNT', '60', 'STREAMS', 'events', '>');
    cairn.clock.advanceMs(1000);
    cairn.run('XREADGROUP', 'GROUP', 'workers', 'bob', 'COUNT', '20', 'STREAMS', 'events', '>');
    cairn.run('XCLAIM', 'events', 'workers', 'carol', '0', '1062-2', '1063-0', 'TIME', String(now - 5000), 'RETRYCOUNT', '7');
    cairn.run('XACK', 'events', 'workers', '1060-0', '1061-1');
    cairn.run('XGROUP', 'CREATECONSUMER', 'events', 'workers', 'dave');
    cairn.run('XGROUP', 'CREATE', 'events', 'audit', '0');
    cairn.run('XGROUP', 'SETID', 'events', 'audit', '1100-1', 'ENTRIESREAD', '42');
    cairn.run('XGROUP', 'CREATE', 'events', '\x00group\xff', '$');
    cairn.run('XREADGROUP', 'GROUP', '\x00group\xff', 'idle', 'STREAMS', 'events', '>');
    cairn.run('XADD', 'events', '2002-0', 'late', '1');
    cairn.run('XREADGROUP', 'GROUP', '\x00group\xff', '\r\nconsumer\x00', 'STREAMS', 'events', '>');
    cairn.run('XDEL', 'events', '1070-1', '1071-2'); // pending for bob (gone) and not pending
    cairn.run('XDEL', 'events', '1200-2');
    cairn.run('XTRIM', 'events', 'MAXLEN', '220'); // the head leaves, with some of alice's pending entries
    for (let index = 1; index <= 3; index++) cairn.run('XADD', 'emptied', `${index}-0`, 'f', 'v');
    cairn.run('XDEL', 'emptied', '1-0', '2-0', '3-0');
    cairn.run('XGROUP', 'CREATE', 'fresh', 'g', '$', 'MKSTREAM');
    for (let index = 1; index <= 3; index++) cairn.run('XADD', 'all-lost', `${index}-0`, 'f', 'v');
    cairn.run('XGROUP', 'CREATE', 'all-lost', 'g', '0');
    cairn.run('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 'all-lost', '>');
    cairn.run('XTRIM', 'all-lost', 'MAXLEN', '0');
    for (let index = 1; index <= 3; index++) cairn.run('XADD', 'deleted-pending', `${index}-0`, 'f', 'v');
    cairn.run('XGROUP', 'CREATE', 'deleted-pending', 'g', '0');
    cairn.run('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 'deleted-pending', '>');
    cairn.run('XDEL', 'deleted-pending', '1-0', '2-0', '3-0');
    cairn.run('XADD', 'set-ids', '5-5', 'f', 'v');
    cairn.run('XSETID', 'set-ids', '999-0', 'ENTRIESADDED', '50', 'MAXDELETEDID', '10-0');
    cairn.run('XADD', 'ttl-stream', '1-0', 'f', 'v');
    cairn.run('XGROUP', 'CREATE', 'ttl-stream', 'g', '0');
    cairn.run('PEXPIREAT', 'ttl-stream', String(now + 7_200_000));
    cairn.run('SELECT', '3');
    cairn.run('XADD', '\xffbinary\x00stream', '7-7', '\x00', '\xff');
    cairn.run('XGROUP', 'CREATE', '\xffbinary\x00stream', 'g', '0');
    cairn.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', '\xffbinary\x00stream', '>');

    const { summary, errors, replies, output } = await pipeIntoRedis(cairn, redis.port);

    expect(errors, output).toBe(0);
    expect(replies).toBe(summary.commands);
    expect(await compareKeyByKey(cairn, client)).toBe(summary.keys);
    const sides = new BothSides(cairn, client);
    await sides.same('SELECT', '0');
    const info = pairs(await sides.same('XINFO', 'STREAM', 'events'));
    expect(info['max-deleted-entry-id']).toBe('1200-2');
    await sides.sameAfter(
      (reply) => (reply as Plain[]).map((entry) => [(entry as Plain[])[0], (entry as Plain[])[1], (entry as Plain[])[3]]),
      'XPENDING', 'events', 'workers', '-', '+', '1000',
    );
    const pending = (await sides.same('XPENDING', 'events', 'workers')) as Plain[];
    expect(pending[0]).toBe('78'); // 80 delivered, 2 acknowledged; trimmed and deleted ones stay pending
  });
});
