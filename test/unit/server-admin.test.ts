import { describe, expect, it } from 'vitest';
import { allocationSize } from '../../server/src/keyspace/allocation.js';
import { DoubleReply, ErrorReply, MapReply, NO_REPLY, NULL_ARRAY, OK, Status, VerbatimReply } from '../../server/src/resp/reply.js';
import { Slowlog } from '../../server/src/state/slowlog.js';
import { EffectsPair, Executor, RecordingTransport } from '../support/executor.js';

/** Store a string directly in the keyspace of each server (no string commands needed). */
function seed(servers: Executor[], db: number, key: string, value: string, expireAt?: number): void {
  for (const server of servers) {
    server.state.keyspace.now = server.state.nowMs();
    const database = server.state.keyspace.db(db);
    database.set(key, 'string', value);
    if (expireAt !== undefined) database.setExpireAt(key, expireAt);
  }
}

function keysOf(server: Executor, db: number): string[] {
  return [...server.state.keyspace.db(db).allEntries()].map(([key]) => key).sort();
}

describe('DBSIZE', () => {
  it('counts the keys of the selected database only', () => {
    const server = new Executor();
    seed([server], 0, 'a', '1');
    seed([server], 0, 'b', '2');
    seed([server], 3, 'c', '3');
    expect(server.run('DBSIZE')).toBe(2);
    server.run('SELECT', 3);
    expect(server.run('DBSIZE')).toBe(1);
    server.run('SELECT', 4);
    expect(server.run('DBSIZE')).toBe(0);
  });

  it('counts expired keys that were not removed yet, as Redis', () => {
    const server = new Executor();
    seed([server], 0, 'short', 'v', server.state.nowMs() + 1000);
    server.clock.advanceMs(5000);
    expect(server.run('DBSIZE')).toBe(1);
  });

  it('refuses arguments', () => {
    const server = new Executor();
    expect(server.run('DBSIZE', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'dbsize' command"));
  });
});

describe('FLUSHDB and FLUSHALL', () => {
  it('FLUSHDB empties only the selected database and logs FLUSHDB', () => {
    const pair = new EffectsPair();
    seed([pair.primary, pair.replica], 0, 'a', '1');
    seed([pair.primary, pair.replica], 2, 'b', '2');
    pair.run('SELECT', 2);
    expect(pair.run('FLUSHDB')).toBe(OK);
    expect(keysOf(pair.primary, 2)).toEqual([]);
    expect(keysOf(pair.primary, 0)).toEqual(['a']);
    expect(pair.allEffects()).toEqual([{ db: 2, argv: ['FLUSHDB'] }]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('FLUSHALL empties every database and logs FLUSHALL', () => {
    const pair = new EffectsPair();
    seed([pair.primary, pair.replica], 0, 'a', '1');
    seed([pair.primary, pair.replica], 5, 'b', '2', pair.primary.state.nowMs() + 10_000);
    expect(pair.run('FLUSHALL', 'ASYNC')).toBe(OK);
    expect(pair.primary.state.keyspace.size).toBe(0);
    expect(pair.allEffects()).toEqual([{ db: 0, argv: ['FLUSHALL', 'ASYNC'] }]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
    expect(pair.replica.state.keyspace.size).toBe(0);
  });

  it('a flush that removes nothing records no effect', () => {
    const pair = new EffectsPair();
    expect(pair.run('FLUSHDB')).toBe(OK);
    expect(pair.run('FLUSHALL', 'SYNC')).toBe(OK);
    expect(pair.allEffects()).toEqual([]);
  });

  it('accepts SYNC and ASYNC in any case and nothing else', () => {
    const server = new Executor();
    expect(server.run('FLUSHDB', 'sync')).toBe(OK);
    expect(server.run('FLUSHDB', 'Async')).toBe(OK);
    expect(server.run('FLUSHDB', 'now')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('FLUSHDB', 'sync', 'async')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('FLUSHALL', 'x')).toEqual(new ErrorReply('ERR syntax error'));
  });

  it('FLUSHDB breaks a transaction watching an existing key of that database', () => {
    const server = new Executor();
    seed([server], 0, 'watched', 'v');
    const other = server.newClient();
    server.run('WATCH', 'watched');
    server.runAs(other, 'FLUSHDB');
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });

  it('FLUSHDB of another database leaves a watch alone', () => {
    const server = new Executor();
    seed([server], 0, 'watched', 'v');
    seed([server], 1, 'watched', 'v');
    const other = server.newClient();
    server.run('WATCH', 'watched');
    server.runAs(other, 'SELECT', 1);
    server.runAs(other, 'FLUSHDB');
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toEqual([new Status('PONG')]);
  });

  it('FLUSHALL breaks watches in every database', () => {
    const server = new Executor();
    seed([server], 7, 'watched', 'v');
    const other = server.newClient();
    server.run('SELECT', 7);
    server.run('WATCH', 'watched');
    server.runAs(other, 'FLUSHALL');
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });
});

describe('SWAPDB', () => {
  it('exchanges two databases, logs itself verbatim, and the replica follows', () => {
    const pair = new EffectsPair();
    seed([pair.primary, pair.replica], 0, 'zero', '0');
    seed([pair.primary, pair.replica], 1, 'one', '1', pair.primary.state.nowMs() + 60_000);
    expect(pair.run('SWAPDB', 0, 1)).toBe(OK);
    expect(keysOf(pair.primary, 0)).toEqual(['one']);
    expect(keysOf(pair.primary, 1)).toEqual(['zero']);
    expect(pair.primary.state.keyspace.db(0).expireAt('one')).toBe(pair.primary.state.nowMs() + 60_000);
    expect(pair.allEffects()).toEqual([{ db: 0, argv: ['SWAPDB', '0', '1'] }]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });

  it('clients stay on their database number and see the other contents', () => {
    const server = new Executor();
    seed([server], 2, 'k', 'v');
    const other = server.newClient();
    server.runAs(other, 'SWAPDB', 2, 0);
    expect(server.client.db).toBe(0);
    expect(server.run('DBSIZE')).toBe(1);
  });

  it('swapping a database with itself or two empty ones records nothing', () => {
    const pair = new EffectsPair();
    seed([pair.primary, pair.replica], 0, 'k', 'v');
    expect(pair.run('SWAPDB', 0, 0)).toBe(OK);
    expect(pair.run('SWAPDB', 3, 4)).toBe(OK);
    expect(pair.allEffects()).toEqual([]);
    expect(keysOf(pair.primary, 0)).toEqual(['k']);
  });

  it('reports the first bad index, then the range', () => {
    const server = new Executor();
    expect(server.run('SWAPDB', 'a', 'b')).toEqual(new ErrorReply('ERR invalid first DB index'));
    expect(server.run('SWAPDB', '0', 'b')).toEqual(new ErrorReply('ERR invalid second DB index'));
    expect(server.run('SWAPDB', '0', '01')).toEqual(new ErrorReply('ERR invalid second DB index'));
    expect(server.run('SWAPDB', '0', '2147483648')).toEqual(new ErrorReply('ERR invalid second DB index'));
    expect(server.run('SWAPDB', '0', '16')).toEqual(new ErrorReply('ERR DB index is out of range'));
    expect(server.run('SWAPDB', '-1', '0')).toEqual(new ErrorReply('ERR DB index is out of range'));
  });

  it('breaks a watch on a key that exists on either side', () => {
    const server = new Executor();
    seed([server], 1, 'incoming', 'v');
    const other = server.newClient();
    server.run('WATCH', 'incoming');
    server.runAs(other, 'SWAPDB', 0, 1);
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });

  it('leaves a watch on a key missing on both sides alone', () => {
    const server = new Executor();
    seed([server], 1, 'other', 'v');
    const other = server.newClient();
    server.run('WATCH', 'absent');
    server.runAs(other, 'SWAPDB', 0, 1);
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toEqual([new Status('PONG')]);
  });
});

describe('TIME and LASTSAVE', () => {
  it('TIME answers the clock as seconds and microseconds strings', () => {
    const server = new Executor();
    server.clock.advanceMs(1234.567);
    const micros = server.clock.nowMicros();
    expect(server.run('TIME')).toEqual([String(Math.floor(micros / 1_000_000)), String(micros % 1_000_000)]);
    expect(server.run('TIME')).toEqual(['1700000001', '234567']);
  });

  it('LASTSAVE answers the last save time in seconds', () => {
    const server = new Executor();
    expect(server.run('LASTSAVE')).toBe(1_700_000_000);
    server.state.lastSaveSeconds = 1_800_000_000;
    expect(server.run('LASTSAVE')).toBe(1_800_000_000);
  });

  it('LASTSAVE answers the newest recorded snapshot once a durable node knows one', () => {
    const server = new Executor();
    const latest = { logIndex: 42, createdMs: 1_900_000_000_999, sizeBytes: 100, keyCount: 3 };
    server.state.snapshots = { request: () => Promise.resolve(latest), latest: () => latest, recordsSince: () => 7 };
    expect(server.run('LASTSAVE')).toBe(1_900_000_000);
    const info = (server.run('INFO', 'persistence') as VerbatimReply).text;
    expect(info).toContain('snapshot_log_index:42\r\n');
    expect(info).toContain('log_records_since_snapshot:7\r\n');
    expect(info).toContain('rdb_changes_since_last_save:7\r\n');
  });
});

describe('SAVE and BGSAVE on an ephemeral server', () => {
  it('are refused: nothing is ever written to disk', () => {
    const server = new Executor();
    expect(server.run('SAVE')).toEqual(new ErrorReply('ERR this server keeps its data in memory only (--ephemeral): it takes no snapshots'));
    expect(server.run('BGSAVE')).toEqual(new ErrorReply('ERR this server keeps its data in memory only (--ephemeral): it takes no snapshots'));
    expect(server.run('BGSAVE', 'SCHEDULE')).toEqual(new ErrorReply('ERR this server keeps its data in memory only (--ephemeral): it takes no snapshots'));
    expect(server.run('BGSAVE', 'NOW')).toEqual(new ErrorReply('ERR syntax error'));
    expect((server.run('INFO', 'persistence') as VerbatimReply).text).not.toContain('snapshot_log_index');
  });
});

describe('SLOWLOG', () => {
  it('records commands slower than the threshold, newest first, with client address and name', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0 } });
    server.client.name = 'worker';
    server.run('ECHO', 'one');
    server.clock.advanceMs(2000);
    server.run('PING');
    expect(server.run('SLOWLOG', 'LEN')).toBe(2);
    expect(server.run('SLOWLOG', 'GET')).toEqual([
      [2, 1_700_000_002, 0, ['SLOWLOG', 'LEN'], '127.0.0.1:50000', 'worker'],
      [1, 1_700_000_002, 0, ['PING'], '127.0.0.1:50000', 'worker'],
      [0, 1_700_000_000, 0, ['ECHO', 'one'], '127.0.0.1:50000', 'worker'],
    ]);
  });

  it('records nothing under the default threshold', () => {
    const server = new Executor();
    server.run('PING');
    expect(server.run('SLOWLOG', 'LEN')).toBe(0);
    expect(server.run('SLOWLOG', 'GET')).toEqual([]);
  });

  it('GET takes a count, -1 for all, and refuses other negatives and extra arguments', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0 } });
    for (let index = 0; index < 12; index++) server.run('ECHO', index);
    expect((server.run('SLOWLOG', 'GET') as unknown[]).length).toBe(10);
    expect(server.run('SLOWLOG', 'GET', 1)).toEqual([[12, 1_700_000_000, 0, ['SLOWLOG', 'GET'], '127.0.0.1:50000', '']]);
    expect(server.run('SLOWLOG', 'GET', 0)).toEqual([]);
    expect((server.run('SLOWLOG', 'GET', -1) as unknown[]).length).toBe(15);
    expect(server.run('SLOWLOG', 'GET', -2)).toEqual(new ErrorReply('ERR count should be greater than or equal to -1'));
    expect(server.run('SLOWLOG', 'GET', 'x')).toEqual(new ErrorReply('ERR count should be greater than or equal to -1'));
    expect(server.run('SLOWLOG', 'get', 1, 2)).toEqual(
      new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP."),
    );
  });

  it('RESET empties it and the log keeps at most slowlog-max-len entries', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0, 'slowlog-max-len': 3 } });
    for (let index = 0; index < 5; index++) server.run('PING');
    expect(server.run('SLOWLOG', 'LEN')).toBe(3);
    expect(server.run('SLOWLOG', 'RESET')).toBe(OK);
    expect(server.run('SLOWLOG', 'LEN')).toBe(1); // the RESET itself was logged after it ran
  });

  it('keeps the newest entries through many trims and a shrinking limit', () => {
    const slowlog = new Slowlog();
    const entry = { timestampSeconds: 1, microseconds: 2, clientAddress: 'a', clientName: '' };
    for (let index = 0; index < 5000; index++) slowlog.add(entry, ['PING', String(index)], 3);
    expect(slowlog.length).toBe(3);
    expect(slowlog.newest(10).map((logged) => logged.argv[1])).toEqual(['4999', '4998', '4997']);
    slowlog.trim(1);
    expect(slowlog.newest(10).map((logged) => logged.id)).toEqual([4999]);
    slowlog.trim(0);
    expect(slowlog.length).toBe(0);
    slowlog.add(entry, ['PING'], 10);
    expect(slowlog.newest(1).map((logged) => logged.id)).toEqual([5000]);
  });

  it('keeps 32 arguments of 128 bytes at most, as Redis', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0 } });
    const long = 'x'.repeat(130);
    const many = Array.from({ length: 40 }, (_, index) => String(index));
    server.run('ECHO', long);
    server.run('PING', ...many);
    const [pingEntry, echoEntry] = server.run('SLOWLOG', 'GET', 2) as [unknown[], unknown[]];
    expect(echoEntry[3]).toEqual(['ECHO', `${'x'.repeat(128)}... (2 more bytes)`]);
    const kept = pingEntry[3] as string[];
    expect(kept.length).toBe(32);
    expect(kept[30]).toBe('29');
    expect(kept[31]).toBe('... (10 more arguments)');
  });

  it('answers HELP and refuses unknown subcommands', () => {
    const server = new Executor();
    const help = server.run('SLOWLOG', 'HELP') as Status[];
    expect(help[0]).toEqual(new Status('SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.at(-1)).toEqual(new Status('    Prints this help.'));
    expect(server.run('SLOWLOG', 'NOPE')).toEqual(new ErrorReply("ERR unknown subcommand 'NOPE'. Try SLOWLOG HELP."));
    expect(server.run('SLOWLOG', 'LEN', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'slowlog|len' command"));
  });
});

describe('MONITOR', () => {
  it('streams other clients\' commands with time, database, address and quoted arguments', () => {
    const server = new Executor();
    const watcher = server.newClient();
    expect(server.runAs(watcher, 'MONITOR')).toBe(OK);
    expect(watcher.monitor).toBe(true);
    server.run('SELECT', 3);
    server.run('ECHO', 'a "b"\n');
    const pushes = (watcher.transport as RecordingTransport).pushes;
    expect(pushes).toEqual([
      new Status('1700000000.000000 [3 127.0.0.1:50000] "SELECT" "3"'),
      new Status('1700000000.000000 [3 127.0.0.1:50000] "ECHO" "a \\"b\\"\\n"'),
    ]);
  });

  it('does not show administrative commands', () => {
    const server = new Executor();
    const watcher = server.newClient();
    server.runAs(watcher, 'MONITOR');
    server.run('CONFIG', 'GET', 'hz');
    server.run('SLOWLOG', 'LEN');
    server.runAs(server.newClient(), 'MONITOR');
    server.run('DBSIZE');
    const pushes = (watcher.transport as RecordingTransport).pushes;
    expect(pushes).toEqual([new Status('1700000000.000000 [0 127.0.0.1:50000] "DBSIZE"')]);
  });

  it('a second MONITOR answers nothing and RESET stops monitoring', () => {
    const server = new Executor();
    expect(server.run('MONITOR')).toBe(OK);
    expect(server.run('MONITOR')).toBe(NO_REPLY);
    expect(server.state.monitors.size).toBe(1);
    server.run('RESET');
    expect(server.state.monitors.size).toBe(0);
    expect(server.client.monitor).toBe(false);
  });
});

describe('MEMORY', () => {
  /** Redis 7.0.15 (jemalloc, 64-bit) MEMORY USAGE for key and value lengths, measured. */
  const redisUsage: [number, number, number][] = [
    [1, 1, 64], [1, 20, 80], [1, 44, 96], [1, 45, 112], [1, 100, 160], [1, 200, 272], [1, 1000, 1072],
    [1, 5000, 5168], [1, 40000, 41008], [1, 100000, 114736], [31, 1, 104], [31, 45, 152], [32, 1, 104],
    [32, 200, 312], [100, 1, 168], [100, 44, 200], [100, 45, 216], [100, 100000, 114840],
  ];

  it.each(redisUsage)('USAGE of a %i-byte key holding %i bytes is %i, as Redis', (keyLength, valueLength, bytes) => {
    const server = new Executor();
    const key = 'k'.repeat(keyLength);
    seed([server], 0, key, 'v'.repeat(valueLength));
    expect(server.run('MEMORY', 'USAGE', key)).toBe(bytes);
  });

  it('USAGE of integers counts only the object header, as Redis', () => {
    const server = new Executor();
    seed([server], 0, 'n', '12345');
    expect(server.run('MEMORY', 'USAGE', 'n')).toBe(48);
    seed([server], 0, 'n', '12345678901234567890');
    expect(server.run('MEMORY', 'USAGE', 'n')).toBe(80);
  });

  it('USAGE of a missing key is null; SAMPLES is checked before the key', () => {
    const server = new Executor();
    seed([server], 0, 'k', 'v');
    expect(server.run('MEMORY', 'USAGE', 'missing')).toBeNull();
    expect(server.run('MEMORY', 'USAGE', 'k', 'SAMPLES', 0)).toBe(64);
    expect(server.run('MEMORY', 'USAGE', 'k', 'samples', 1, 'SAMPLES', 2)).toBe(64);
    expect(server.run('MEMORY', 'USAGE', 'k', 'SAMPLES', -1)).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('MEMORY', 'USAGE', 'missing', 'SAMPLES')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('MEMORY', 'USAGE', 'missing', 'FOO', 1)).toEqual(new ErrorReply('ERR syntax error'));
  });

  it('USAGE does not touch the key', () => {
    const server = new Executor();
    seed([server], 0, 'k', 'v');
    server.clock.advanceMs(30_000);
    server.run('MEMORY', 'USAGE', 'k');
    expect(server.run('OBJECT', 'IDLETIME', 'k')).toBe(30);
  });

  it('jemalloc size classes: 8, steps of 16 to 128, then four per doubling', () => {
    expect([1, 8, 9, 17, 128, 129, 160, 161, 256, 257, 1025, 5004, 100006].map(allocationSize)).toEqual([
      8, 8, 16, 32, 128, 160, 160, 192, 256, 320, 1280, 5120, 114688,
    ]);
    expect(allocationSize(2 ** 40 + 1)).toBe(2 ** 40 + 2 ** 38);
  });

  it('STATS answers a map with Redis\'s fields and a block per database holding keys', () => {
    const server = new Executor();
    seed([server], 0, 'a', '1');
    seed([server], 3, 'b', '2', server.state.nowMs() + 1000);
    const stats = server.run('MEMORY', 'STATS') as MapReply;
    expect(stats).toBeInstanceOf(MapReply);
    const names = stats.entries.filter((_, index) => index % 2 === 0);
    expect(names).toEqual([
      'peak.allocated', 'total.allocated', 'startup.allocated', 'replication.backlog', 'clients.slaves',
      'clients.normal', 'cluster.links', 'aof.buffer', 'lua.caches', 'functions.caches', 'db.0', 'db.3',
      'overhead.total', 'keys.count', 'keys.bytes-per-key', 'dataset.bytes', 'dataset.percentage',
      'peak.percentage', 'allocator.allocated', 'allocator.active', 'allocator.resident',
      'allocator-fragmentation.ratio', 'allocator-fragmentation.bytes', 'allocator-rss.ratio',
      'allocator-rss.bytes', 'rss-overhead.ratio', 'rss-overhead.bytes', 'fragmentation', 'fragmentation.bytes',
    ]);
    const value = (name: string) => stats.entries[stats.entries.indexOf(name) + 1];
    expect(value('keys.count')).toBe(2);
    expect(value('db.3')).toEqual(
      new MapReply(['overhead.hashtable.main', 72, 'overhead.hashtable.expires', 56, 'overhead.hashtable.slot-to-keys', 0]),
    );
    expect(value('fragmentation')).toBeInstanceOf(DoubleReply);
    expect(value('peak.allocated') as number).toBeGreaterThanOrEqual(value('total.allocated') as number);
  });

  it('DOCTOR answers a verbatim text; MALLOC-STATS, PURGE and HELP answer as Redis without jemalloc', () => {
    const server = new Executor();
    const doctor = server.run('MEMORY', 'DOCTOR') as VerbatimReply;
    expect(doctor).toBeInstanceOf(VerbatimReply);
    expect(doctor.text).toMatch(/^Hi Sam, this instance is empty/);
    expect(server.run('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
    expect(server.run('MEMORY', 'PURGE')).toBe(OK);
    const help = server.run('MEMORY', 'HELP') as Status[];
    expect(help[0]).toEqual(new Status('MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help).toContainEqual(new Status('USAGE <key> [SAMPLES <count>]'));
    expect(server.run('MEMORY', 'USAGE')).toEqual(new ErrorReply("ERR wrong number of arguments for 'memory|usage' command"));
  });
});

describe('OBJECT', () => {
  const encodings: [string, string][] = [
    ['5', 'int'], ['0', 'int'], ['-1', 'int'], ['9223372036854775807', 'int'], ['-9223372036854775808', 'int'],
    ['9223372036854775808', 'embstr'], ['-0', 'embstr'], ['007', 'embstr'], ['+1', 'embstr'], ['1.5', 'embstr'],
    ['', 'embstr'], ['x'.repeat(44), 'embstr'], ['x'.repeat(45), 'raw'],
  ];

  it.each(encodings)('ENCODING of %j is %s', (value, encoding) => {
    const server = new Executor();
    seed([server], 0, 'k', value);
    expect(server.run('OBJECT', 'ENCODING', 'k')).toBe(encoding);
  });

  it('REFCOUNT is INT_MAX for the shared integers 0..9999 and 1 otherwise', () => {
    const server = new Executor();
    const cases: [string, number][] = [['0', 2147483647], ['9999', 2147483647], ['10000', 1], ['-1', 1], ['abc', 1], ['05', 1]];
    for (const [value, count] of cases) {
      seed([server], 0, 'k', value);
      expect(server.run('OBJECT', 'REFCOUNT', 'k'), value).toBe(count);
    }
  });

  it('IDLETIME counts seconds since the last access and OBJECT itself does not touch the key', () => {
    const server = new Executor();
    seed([server], 0, 'k', 'v');
    server.clock.advanceMs(10_500);
    expect(server.run('OBJECT', 'IDLETIME', 'k')).toBe(10);
    server.clock.advanceMs(5_000);
    server.run('OBJECT', 'ENCODING', 'k');
    expect(server.run('OBJECT', 'IDLETIME', 'k')).toBe(15);
    server.state.keyspace.now = server.state.nowMs();
    server.state.keyspace.db(0).read('k');
    expect(server.run('OBJECT', 'IDLETIME', 'k')).toBe(0);
  });

  it('FREQ refuses without an LFU policy, but a missing key is null first', () => {
    const server = new Executor();
    seed([server], 0, 'k', 'v');
    expect(server.run('OBJECT', 'FREQ', 'missing')).toBeNull();
    expect(server.run('OBJECT', 'FREQ', 'k')).toEqual(
      new ErrorReply(
        'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      ),
    );
  });

  it('answers null for missing and expired keys', () => {
    const server = new Executor();
    seed([server], 0, 'gone', 'v', server.state.nowMs() + 100);
    server.clock.advanceMs(200);
    for (const sub of ['ENCODING', 'REFCOUNT', 'IDLETIME']) {
      expect(server.run('OBJECT', sub, 'missing')).toBeNull();
      expect(server.run('OBJECT', sub, 'gone')).toBeNull();
    }
  });

  it('answers HELP and checks arity and subcommands', () => {
    const server = new Executor();
    const help = server.run('OBJECT', 'HELP') as Status[];
    expect(help[0]).toEqual(new Status('OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.length).toBe(15);
    expect(server.run('OBJECT', 'ENCODING')).toEqual(new ErrorReply("ERR wrong number of arguments for 'object|encoding' command"));
    expect(server.run('OBJECT', 'foo')).toEqual(new ErrorReply("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    expect(server.run('OBJECT')).toEqual(new ErrorReply("ERR wrong number of arguments for 'object' command"));
  });
});
