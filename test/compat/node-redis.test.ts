/**
 * node-redis v5 (the `redis` package) against cairn over loopback, in RESP2 and RESP3: connect
 * (HELLO), deep pipelines, pub/sub, MULTI/EXEC, and WATCH races between two clients. Cases that
 * write use the strings family (SET, GET, INCR).
 */
import { createClient, WatchError } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { Collector } from '../support/collector.js';
import { startCairn } from '../support/servers.js';

const PIPELINE_COMMANDS = 10_000;
const RACE_ROUNDS = 50;

let server: RunningServer;
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  server = await startCairn();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server.close();
});

/** A connected node-redis client speaking `protocol`, which does not reconnect. */
async function connect(protocol: 2 | 3) {
  const client = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false }, RESP: protocol });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

describe.each([2, 3] as const)('node-redis v5 in RESP%i', (protocol) => {
  const prefix = `nr${protocol}`;

  it('connects (HELLO when RESP3) and answers PING and ECHO', async () => {
    const client = await connect(protocol);
    expect(await client.ping()).toBe('PONG');
    expect(await client.echo('hello')).toBe('hello');
    const hello = await client.hello();
    expect(hello).toMatchObject({ server: 'redis', version: '7.0.15', proto: protocol, mode: 'standalone', role: 'master' });
  });

  it('reports server errors with their exact text', async () => {
    const client = await connect(protocol);
    await expect(client.sendCommand(['NOSUCH', 'a'])).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: 'a' ");
  });

  it(`pipelines ${PIPELINE_COMMANDS} ECHO commands issued together`, async () => {
    const client = await connect(protocol);
    const replies = await Promise.all(Array.from({ length: PIPELINE_COMMANDS }, (_, index) => client.echo(`message-${index}`)));
    expect(replies.every((reply, index) => reply === `message-${index}`)).toBe(true);
  });

  it(`runs a batch of ${PIPELINE_COMMANDS} SET and one of ${PIPELINE_COMMANDS} GET as pipelines`, async () => {
    const client = await connect(protocol);
    const writes = client.multi();
    for (let index = 0; index < PIPELINE_COMMANDS; index++) writes.set(`${prefix}:key:${index}`, `value-${index}`);
    const written = await writes.execAsPipeline();
    expect(written).toEqual(Array.from({ length: PIPELINE_COMMANDS }, () => 'OK'));
    const reads = client.multi();
    for (let index = 0; index < PIPELINE_COMMANDS; index++) reads.get(`${prefix}:key:${index}`);
    const read = await reads.execAsPipeline();
    expect(read).toEqual(Array.from({ length: PIPELINE_COMMANDS }, (_, index) => `value-${index}`));
  });

  it('pub/sub: subscribe and pSubscribe, messages arrive in order, unsubscribe stops them', async () => {
    const subscriber = await connect(protocol);
    const publisher = await connect(protocol);
    const messages = new Collector<string>();
    const patternMessages = new Collector<string>();
    await subscriber.subscribe([`${prefix}:a`, `${prefix}:b`], (message, channel) => messages.push(`${channel}:${message}`));
    await subscriber.pSubscribe(`${prefix}:p*`, (message, channel) => patternMessages.push(`${channel}:${message}`));
    const counts = await Promise.all(
      Array.from({ length: 1000 }, (_, index) => publisher.publish(index % 2 === 0 ? `${prefix}:a` : `${prefix}:b`, String(index))),
    );
    expect(counts.every((count) => count === 1)).toBe(true);
    expect(await publisher.publish(`${prefix}:pattern`, 'via pattern')).toBe(1);
    expect(await messages.waitFor(1000)).toEqual(Array.from({ length: 1000 }, (_, index) => `${prefix}:${index % 2 === 0 ? 'a' : 'b'}:${index}`));
    expect(await patternMessages.waitFor(1)).toEqual([`${prefix}:pattern:via pattern`]);
    // A bare UNSUBSCRIBE counts patterns too and node-redis waits for zero (against Redis too): patterns by name first.
    await subscriber.pUnsubscribe(`${prefix}:p*`);
    await subscriber.unsubscribe();
    expect(await publisher.publish(`${prefix}:a`, 'nobody')).toBe(0);
    expect(String(await subscriber.ping())).toBe('PONG'); // node-redis hands this one back as a Buffer in RESP2, against Redis too
  });

  it('MULTI/EXEC returns every reply in order', async () => {
    const client = await connect(protocol);
    const results = await client.multi().set(`${prefix}:tx`, '5').incr(`${prefix}:tx`).get(`${prefix}:tx`).echo('x').exec();
    expect(results).toEqual(['OK', 6, '6', 'x']);
  });

  it(`WATCH race: exactly one of two concurrent WATCH/MULTI/INCR/EXEC attempts wins each of ${RACE_ROUNDS} rounds`, async () => {
    const first = await connect(protocol);
    const second = await connect(protocol);
    const key = `${prefix}:counter`;
    await first.set(key, '0');
    let wins = 0;
    for (let round = 0; round < RACE_ROUNDS; round++) {
      await Promise.all([first.watch(key), second.watch(key)]);
      const attempt = (client: typeof first) =>
        client
          .multi()
          .incr(key)
          .exec()
          .then(
            () => 1,
            (error: unknown) => {
              if (error instanceof WatchError) return 0;
              throw error;
            },
          );
      const won = (await Promise.all([attempt(first), attempt(second)])).reduce((sum, value) => sum + value, 0);
      expect(won, `round ${round}`).toBe(1);
      wins += won;
    }
    expect(wins).toBe(RACE_ROUNDS);
    expect(await first.get(key)).toBe(String(RACE_ROUNDS));
  });
});
