/**
 * ioredis (RESP2; it has no RESP3) against cairn over loopback: connect, deep pipelines,
 * pub/sub, MULTI/EXEC, and WATCH races between two clients. Cases that write use the strings
 * family (SET, GET, INCR).
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { Collector } from '../support/collector.js';
import { startCairn } from '../support/servers.js';

const PIPELINE_COMMANDS = 10_000;
const RACE_ROUNDS = 50;

let server: RunningServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startCairn();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
});

afterAll(async () => {
  await server.close();
});

/** A connected ioredis client that fails fast instead of reconnecting. */
async function connect(): Promise<Redis> {
  const client = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: true });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

describe('ioredis', () => {
  it('connects and answers PING and ECHO, binary-safe', async () => {
    const client = await connect();
    expect(await client.ping()).toBe('PONG');
    expect(await client.ping('hello')).toBe('hello');
    const binary = Buffer.from([0, 255, 13, 10, 42]);
    expect((await client.echoBuffer(binary)).equals(binary)).toBe(true);
  });

  it('reports server errors with their exact text', async () => {
    const client = await connect();
    await expect(client.call('NOSUCH', 'a')).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: 'a' ");
    await expect(client.call('SELECT', '99')).rejects.toThrow('ERR DB index is out of range');
  });

  it(`runs a pipeline of ${PIPELINE_COMMANDS} ECHO commands in order`, async () => {
    const client = await connect();
    const pipeline = client.pipeline();
    for (let index = 0; index < PIPELINE_COMMANDS; index++) pipeline.echo(`message-${index}`);
    const results = await pipeline.exec();
    expect(results).toHaveLength(PIPELINE_COMMANDS);
    expect(results?.every(([error, value], index) => error === null && value === `message-${index}`)).toBe(true);
  });

  it(`runs pipelines of ${PIPELINE_COMMANDS} SET and ${PIPELINE_COMMANDS} GET commands`, async () => {
    const client = await connect();
    const writes = client.pipeline();
    for (let index = 0; index < PIPELINE_COMMANDS; index++) writes.set(`io:key:${index}`, `value-${index}`);
    const written = await writes.exec();
    expect(written?.every(([error, value]) => error === null && value === 'OK')).toBe(true);
    const reads = client.pipeline();
    for (let index = 0; index < PIPELINE_COMMANDS; index++) reads.get(`io:key:${index}`);
    const read = await reads.exec();
    expect(read?.every(([error, value], index) => error === null && value === `value-${index}`)).toBe(true);
  });

  it('pub/sub: subscribe and psubscribe, messages arrive in order, unsubscribe returns to normal mode', async () => {
    const subscriber = await connect();
    const publisher = await connect();
    const messages = new Collector<string>();
    const patternMessages = new Collector<string>();
    subscriber.on('message', (channel: string, message: string) => messages.push(`${channel}:${message}`));
    subscriber.on('pmessage', (pattern: string, channel: string, message: string) => patternMessages.push(`${pattern}:${channel}:${message}`));
    expect(await subscriber.subscribe('io:a', 'io:b')).toBe(2);
    expect(await subscriber.psubscribe('io:p*')).toBe(3);
    const sent = publisher.pipeline();
    for (let index = 0; index < 1000; index++) sent.publish(index % 2 === 0 ? 'io:a' : 'io:b', String(index));
    sent.publish('io:pattern', 'via pattern');
    const receivers = await sent.exec();
    expect(receivers?.map(([, value]) => value)).toEqual([...Array.from({ length: 1000 }, () => 1), 1]);
    expect(await messages.waitFor(1000)).toEqual(Array.from({ length: 1000 }, (_, index) => `${index % 2 === 0 ? 'io:a' : 'io:b'}:${index}`));
    expect(await patternMessages.waitFor(1)).toEqual(['io:p*:io:pattern:via pattern']);
    // A bare (P)UNSUBSCRIBE resolves in ioredis only when the count reaches zero (against Redis too): patterns by name first.
    expect(await subscriber.punsubscribe('io:p*')).toBe(2);
    expect(await subscriber.unsubscribe()).toBe(0);
    expect(await publisher.publish('io:a', 'nobody')).toBe(0);
    expect(await subscriber.ping()).toBe('PONG');
    expect(await subscriber.echo('normal again')).toBe('normal again');
  });

  it('MULTI/EXEC returns every reply, errors included, in order', async () => {
    const client = await connect();
    const results = await client.multi().set('io:tx', '5').incr('io:tx').get('io:tx').echo('x').exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, 6],
      [null, '6'],
      [null, 'x'],
    ]);
  });

  it('a queuing error makes EXEC fail with EXECABORT', async () => {
    const client = await connect();
    await expect(client.multi().call('NOSUCH').echo('x').exec()).rejects.toThrow('EXECABORT Transaction discarded because of previous errors.');
  });

  it(`WATCH race: exactly one of two concurrent WATCH/MULTI/INCR/EXEC attempts wins each of ${RACE_ROUNDS} rounds`, async () => {
    const first = await connect();
    const second = await connect();
    await first.set('io:counter', '0');
    let wins = 0;
    for (let round = 0; round < RACE_ROUNDS; round++) {
      await Promise.all([first.watch('io:counter'), second.watch('io:counter')]);
      const outcomes = await Promise.all([first.multi().incr('io:counter').exec(), second.multi().incr('io:counter').exec()]);
      const won = outcomes.filter((outcome) => outcome !== null);
      expect(won, `round ${round}`).toHaveLength(1);
      wins += won.length;
    }
    expect(wins).toBe(RACE_ROUNDS);
    expect(await first.get('io:counter')).toBe(String(RACE_ROUNDS));
  });
});
