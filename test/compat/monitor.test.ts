/**
 * MONITOR and INFO with real clients: ioredis's ready check parses INFO, ioredis's monitor mode
 * parses MONITOR lines, and the lines match a real Redis 7 line for line (times and ports aside).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { redisServerAvailable, startCairn, startReferenceRedis } from '../support/servers.js';

/** Commands another client sends while a monitor listens; CONFIG and SLOWLOG are admin and stay hidden. */
const WATCHED_COMMANDS: string[][] = [
  ['SET', 'greeting', 'hello world'],
  ['CONFIG', 'GET', 'hz'],
  ['SELECT', '2'],
  ['ECHO', 'quote " backslash \\ newline \n tab \t byte \x01 high \xff'],
  ['SLOWLOG', 'LEN'],
  ['GET', 'greeting'],
  ['DBSIZE'],
];

/** MONITOR lines the commands above produce (without the time and the client's port). */
const EXPECTED_LINES = [
  '[0 127.0.0.1:PORT] "SET" "greeting" "hello world"',
  '[2 127.0.0.1:PORT] "SELECT" "2"',
  '[2 127.0.0.1:PORT] "ECHO" "quote \\" backslash \\\\ newline \\n tab \\t byte \\x01 high \\xff"',
  '[2 127.0.0.1:PORT] "GET" "greeting"',
  '[2 127.0.0.1:PORT] "DBSIZE"',
];

/** Run the commands from a fresh client while a RespClient monitors; the lines it receives, normalized. */
async function monitorLines(port: number): Promise<string[]> {
  const watcher = await RespClient.connect(port);
  const sender = await RespClient.connect(port);
  try {
    expect(await watcher.call('MONITOR')).toEqual({ t: 'simple', v: 'OK' });
    for (const command of WATCHED_COMMANDS) await sender.call(...command.map((arg) => Buffer.from(arg, 'latin1')));
    const pushes = await watcher.waitForPushes(EXPECTED_LINES.length);
    return pushes.map((push: RespValue) => {
      expect(push.t).toBe('simple');
      const line = (push as { v: string }).v;
      expect(line).toMatch(/^\d+\.\d{6} \[/);
      return line.replace(/^\d+\.\d{6} /, '').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT');
    });
  } finally {
    watcher.close();
    sender.close();
  }
}

describe('MONITOR and INFO with ioredis', () => {
  let cairn: RunningServer;

  beforeAll(async () => {
    cairn = await startCairn();
  });

  afterAll(async () => {
    await cairn?.close();
  });

  it('ioredis connects with its INFO ready check and reads the INFO fields', async () => {
    const client = new Redis({ port: cairn.port, host: '127.0.0.1', lazyConnect: true, enableReadyCheck: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      expect(client.status).toBe('ready');
      const info = await client.info('server', 'persistence', 'replication');
      expect(info).toMatch(/\r\nredis_version:7\.0\.15\r\n/);
      expect(info).toMatch(/\r\nloading:0\r\n/);
      expect(info).toMatch(/\r\nrole:master\r\n/);
      expect(info).toMatch(new RegExp(`\\r\\ntcp_port:${cairn.port}\\r\\n`));
    } finally {
      client.disconnect();
    }
  });

  it('ioredis monitor mode receives other clients\' commands but not administrative ones', async () => {
    const client = new Redis({ port: cairn.port, host: '127.0.0.1', lazyConnect: true });
    const sender = new Redis({ port: cairn.port, host: '127.0.0.1', lazyConnect: true });
    await sender.connect();
    const monitor = await client.monitor();
    try {
      const seen: { args: string[]; database: string }[] = [];
      const allSeen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`monitor saw only ${JSON.stringify(seen)}`)), 5000);
        monitor.on('monitor', (_time: string, args: string[], _source: string, database: string) => {
          seen.push({ args, database });
          if (seen.length === 3) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await sender.set('k', 'v');
      await sender.config('GET', 'hz');
      await sender.select(3);
      await sender.echo('done');
      await allSeen;
      expect(seen).toEqual([
        { args: ['set', 'k', 'v'], database: '0' },
        { args: ['select', '3'], database: '3' },
        { args: ['echo', 'done'], database: '3' },
      ]);
    } finally {
      monitor.disconnect();
      sender.disconnect();
    }
  });

  it('MONITOR lines quote arguments as Redis\'s sdscatrepr and give the database after the command', async () => {
    expect(await monitorLines(cairn.port)).toEqual(EXPECTED_LINES);
  });
});

describe.skipIf(!redisServerAvailable())('MONITOR lines side by side with Redis 7', () => {
  it('cairn and Redis print the same lines for the same commands', async () => {
    const cairn = await startCairn();
    const redis = await startReferenceRedis();
    if (redis === null) throw new Error('redis-server could not be started');
    try {
      const fromCairn = await monitorLines(cairn.port);
      const fromRedis = await monitorLines(redis.port);
      expect(fromCairn).toEqual(fromRedis);
    } finally {
      await cairn.close();
      await redis.stop();
    }
  });
});
