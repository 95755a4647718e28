/**
 * The exact commands of `export --format resp` (Redis 7.0's AOF rewrite forms) for small
 * keyspaces built through real commands; the round trip into a real Redis is in
 * resp-export-redis.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { exportResp } from '../../server/src/snapshot/resp-export.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { Executor } from '../support/executor.js';
import { exportToBuffer, parseCommands } from './resp-export-support.js';

const NOW = 1_700_000_000_000;

function newExecutor(): Executor {
  return new Executor({ clock: new ManualClock(NOW * 1000) });
}

describe('export --format resp: command forms', () => {
  it('a small keyspace exports as SELECT, SET, RPUSH, SADD, ZADD, HSET, stream commands and PEXPIREAT', async () => {
    const server = newExecutor();
    server.run('SET', 'str', 'v');
    server.run('RPUSH', 'list', 'a', 'b');
    server.run('SADD', 'set', '3', '1', '2');
    server.run('ZADD', 'zset', 'inf', 'top', '-inf', 'bottom', '0.1', 'tenth', '2', 'two');
    server.run('HSET', 'hash', 'f1', 'v1', 'f2', 'v2');
    server.run('SET', 'ttl', 'x', 'PXAT', NOW + 60_000);
    server.run('SET', 'gone', 'y', 'PXAT', NOW + 10);
    server.run('XADD', 's', '1-1', 'a', '1');
    server.run('XADD', 's', '2-1', 'b', '2');
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>');
    server.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'bob');
    server.run('SELECT', '2');
    server.run('SET', 'other', '1');
    server.clock.advanceMs(20); // 'gone' has expired (still held: nothing touched it)

    const { stream, summary } = await exportToBuffer(server);

    expect(parseCommands(stream)).toEqual([
      ['SELECT', '0'],
      ['SET', 'str', 'v'],
      ['RPUSH', 'list', 'a', 'b'],
      ['SADD', 'set', '1', '2', '3'],
      ['ZADD', 'zset', '-inf', 'bottom', '0.10000000000000001', 'tenth', '2', 'two', 'inf', 'top'],
      ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
      ['SET', 'ttl', 'x'],
      ['PEXPIREAT', 'ttl', String(NOW + 60_000)],
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '2-1', 'b', '2'],
      ['XSETID', 's', '2-1', 'ENTRIESADDED', '2', 'MAXDELETEDID', '0-0'],
      ['XGROUP', 'CREATE', 's', 'g', '1-1', 'ENTRIESREAD', '1'],
      ['XCLAIM', 's', 'g', 'alice', '0', '1-1', 'TIME', String(NOW), 'RETRYCOUNT', '1', 'JUSTID', 'FORCE'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'bob'],
      ['SELECT', '2'],
      ['SET', 'other', '1'],
    ]);
    expect(summary).toEqual({ keys: 8, expiredKeys: 1, commands: 16, bytes: stream.length });
  });

  it('large collections are split into commands of 64 elements, as Redis 7.0 AOF_REWRITE_ITEMS_PER_CMD', async () => {
    const server = newExecutor();
    const numbers = Array.from({ length: 130 }, (_, index) => String(index));
    server.run('RPUSH', 'list', ...numbers);
    server.run('SADD', 'set', ...numbers);
    server.run('ZADD', 'zset', ...numbers.flatMap((number) => [number, `m${number}`]));
    server.run('HSET', 'hash', ...numbers.flatMap((number) => [`f${number}`, number]));

    const commands = parseCommands((await exportToBuffer(server)).stream);

    const shape = commands.slice(1).map((argv) => [argv[0], argv.length - 2]);
    expect(shape).toEqual([
      ['RPUSH', 64], ['RPUSH', 64], ['RPUSH', 2],
      ['SADD', 64], ['SADD', 64], ['SADD', 2],
      ['ZADD', 128], ['ZADD', 128], ['ZADD', 4],
      ['HSET', 128], ['HSET', 128], ['HSET', 4],
    ]);
    expect(commands.filter((argv) => argv[0] === 'RPUSH').flatMap((argv) => argv.slice(2))).toEqual(numbers);
    expect(commands.filter((argv) => argv[0] === 'SADD').flatMap((argv) => argv.slice(2))).toEqual(numbers);
  });

  it('itemsPerCommand sets the chunk size', async () => {
    const server = newExecutor();
    server.run('RPUSH', 'list', 'a', 'b', 'c', 'd', 'e');

    const commands = parseCommands((await exportToBuffer(server, { itemsPerCommand: 2 })).stream);

    expect(commands).toEqual([['SELECT', '0'], ['RPUSH', 'list', 'a', 'b'], ['RPUSH', 'list', 'c', 'd'], ['RPUSH', 'list', 'e']]);
  });

  it('binary keys and values are written byte for byte', async () => {
    const server = newExecutor();
    const key = '\x00\xff\r\n*3 key';
    const value = '\r\n$5\r\n\x00\x80\xfe';
    server.run('SET', key, value);
    server.run('SET', '', '');

    const { stream } = await exportToBuffer(server);

    expect(parseCommands(stream)).toEqual([['SELECT', '0'], ['SET', key, value], ['SET', '', '']]);
    expect(stream.subarray(0, 40)).toEqual(Buffer.from(`*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$10\r\n\x00\xff`, 'latin1').subarray(0, 40));
  });

  it('an empty stream is created with XADD MAXLEN 0 0-1 and its ids restored by XSETID', async () => {
    const server = newExecutor();
    server.run('XADD', 'emptied', '5-1', 'a', '1');
    server.run('XDEL', 'emptied', '5-1');
    server.run('XGROUP', 'CREATE', 'fresh', 'g', '$', 'MKSTREAM');

    const commands = parseCommands((await exportToBuffer(server)).stream);

    expect(commands).toEqual([
      ['SELECT', '0'],
      ['XADD', 'emptied', 'MAXLEN', '0', '0-1', 'x', 'y'],
      ['XSETID', 'emptied', '5-1', 'ENTRIESADDED', '1', 'MAXDELETEDID', '5-1'],
      ['XADD', 'fresh', 'MAXLEN', '0', '0-1', 'x', 'y'],
      ['XSETID', 'fresh', '0-0', 'ENTRIESADDED', '0', 'MAXDELETEDID', '0-0'],
      ['XGROUP', 'CREATE', 'fresh', 'g', '0-0', 'ENTRIESREAD', '-1'],
    ]);
  });

  it('pending entries whose stream entries are gone are recreated through placeholders that are trimmed and deleted again', async () => {
    const server = newExecutor();
    for (let ms = 1; ms <= 5; ms++) server.run('XADD', 's', `${ms}-0`, 'f', `v${ms}`);
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    server.run('XTRIM', 's', 'MAXLEN', '3'); // 1-0 and 2-0 leave by a trim: max-deleted-id stays 0-0
    server.run('XDEL', 's', '4-0'); // 4-0 leaves by XDEL: max-deleted-id 4-0

    const commands = parseCommands((await exportToBuffer(server)).stream);

    const claim = (id: string) => ['XCLAIM', 's', 'g', 'alice', '0', id, 'TIME', String(NOW), 'RETRYCOUNT', '1', 'JUSTID', 'FORCE'];
    expect(commands).toEqual([
      ['SELECT', '0'],
      ['XADD', 's', '1-0', 'x', 'y'],
      ['XADD', 's', '2-0', 'x', 'y'],
      ['XADD', 's', '3-0', 'f', 'v3'],
      ['XADD', 's', '4-0', 'x', 'y'],
      ['XADD', 's', '5-0', 'f', 'v5'],
      ['XGROUP', 'CREATE', 's', 'g', '5-0', 'ENTRIESREAD', '5'],
      claim('1-0'), claim('2-0'), claim('3-0'), claim('4-0'), claim('5-0'),
      ['XTRIM', 's', 'MINID', '3-0'],
      ['XDEL', 's', '4-0'],
      ['XSETID', 's', '5-0', 'ENTRIESADDED', '5', 'MAXDELETEDID', '4-0'],
    ]);
  });

  it('a stream whose every pending entry is gone is emptied with XTRIM MAXLEN 0', async () => {
    const server = newExecutor();
    server.run('XADD', 's', '1-0', 'f', 'v');
    server.run('XGROUP', 'CREATE', 's', 'g', '0');
    server.run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
    server.run('XTRIM', 's', 'MAXLEN', '0');

    const commands = parseCommands((await exportToBuffer(server)).stream);

    expect(commands.slice(1)).toEqual([
      ['XADD', 's', '1-0', 'x', 'y'],
      ['XGROUP', 'CREATE', 's', 'g', '1-0', 'ENTRIESREAD', '1'],
      ['XCLAIM', 's', 'g', 'alice', '0', '1-0', 'TIME', String(NOW), 'RETRYCOUNT', '1', 'JUSTID', 'FORCE'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XSETID', 's', '1-0', 'ENTRIESADDED', '1', 'MAXDELETEDID', '0-0'],
    ]);
  });

  it('progress reports keys done out of all keys held, expired ones included, ending at the total', async () => {
    const server = newExecutor();
    for (let index = 0; index < 3000; index++) server.run('SET', `key:${index}`, 'x'.repeat(100));
    server.run('SET', 'short-lived', 'x', 'PX', 5);
    server.clock.advanceMs(10);
    const reports: [number, number][] = [];

    await exportToBuffer(server, { onProgress: (done, total) => reports.push([done, total]) });

    expect(reports.length).toBeGreaterThan(2); // more than one flush of 64 KiB
    expect(reports[reports.length - 1]).toEqual([3001, 3001]);
    for (let index = 1; index < reports.length; index++) {
      expect((reports[index] as [number, number])[0]).toBeGreaterThanOrEqual((reports[index - 1] as [number, number])[0]);
    }
  });

  it('waits for the promise a write returns before writing more', async () => {
    const server = newExecutor();
    for (let index = 0; index < 2000; index++) server.run('RPUSH', 'list', 'y'.repeat(200));
    let inFlight = 0;
    let writes = 0;

    await exportResp(server.state.keyspace, async () => {
      expect(inFlight).toBe(0);
      inFlight++;
      writes++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      inFlight--;
    });

    expect(writes).toBeGreaterThan(4);
  });
});
