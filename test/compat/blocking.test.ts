/**
 * Blocking list commands over real sockets, with several clients: fairness, multi-key serving,
 * wake-ups after EXEC, BLMOVE chains, timeouts, CLIENT UNBLOCK, CLIENT LIST and INFO while
 * blocked, disconnects, pipelining behind a blocked command, and ioredis's blocking calls.
 * Every scenario runs against cairn and, side by side, against a real Redis 7 (when installed):
 * what the clients observe must be equal, and equal to what the scenario expects. Waits are on
 * events (a client shown blocked by CLIENT LIST, blocked_clients in INFO), never on sleeps.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { plain, RespClient } from '../support/resp-client.js';
import { type ReferenceRedis, redisServerAvailable, startCairn, startReferenceRedis } from '../support/servers.js';

/** Polls of CLIENT LIST or INFO before a wait for a blocked state gives up. */
const POLLS_MAX = 2000;

let cairn: RunningServer;
let redis: ReferenceRedis | null = null;

beforeAll(async () => {
  cairn = await startCairn();
  if (redisServerAvailable()) redis = await startReferenceRedis();
  else process.stderr.write('\n*** blocking compat: redis-server not installed, comparing with Redis SKIPPED ***\n\n');
});

afterAll(async () => {
  await cairn?.close();
  await redis?.stop();
});

/** The connections of one scenario run, closed at its end. */
class Connections {
  private readonly open: RespClient[] = [];
  constructor(readonly port: number) {}

  async client(): Promise<RespClient> {
    const client = await RespClient.connect(this.port);
    this.open.push(client);
    return client;
  }

  closeAll(): void {
    for (const client of this.open.splice(0)) client.close();
  }
}

async function clientId(client: RespClient): Promise<number> {
  return plain(await client.call('CLIENT', 'ID')) as number;
}

/** The CLIENT LIST line of one client, or '' when it is gone. */
async function clientLine(admin: RespClient, id: number): Promise<string> {
  return String(plain(await admin.call('CLIENT', 'LIST', 'ID', id))).trim();
}

/** Wait until CLIENT LIST shows the client blocked (flag b). */
async function waitUntilBlocked(admin: RespClient, id: number): Promise<void> {
  for (let poll = 0; poll < POLLS_MAX; poll++) {
    if (/ flags=\S*b/.test(await clientLine(admin, id))) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`client ${id} never blocked`);
}

/** INFO clients' blocked_clients. */
async function blockedClients(admin: RespClient): Promise<number> {
  const info = String(plain(await admin.call('INFO', 'clients')));
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1]);
}

/** Wait until INFO reports `count` blocked clients. */
async function waitForBlockedCount(admin: RespClient, count: number): Promise<void> {
  for (let poll = 0; poll < POLLS_MAX; poll++) {
    if ((await blockedClients(admin)) === count) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`blocked_clients never reached ${count}`);
}

/** A reply still to come (wrapped: an async function returning a bare promise would wait for it). */
interface Pending {
  readonly reply: Promise<unknown>;
}

/** Send a blocking command on `client`; resolves once the server shows the client blocked. */
async function blockOn(admin: RespClient, client: RespClient, ...argv: (string | number)[]): Promise<Pending> {
  const id = await clientId(client);
  const reply = client.call(...argv).then(plain);
  await waitUntilBlocked(admin, id);
  return { reply };
}

/** A scenario: drives clients against a server on `port` and returns what they observed. */
type Scenario = (connections: Connections, admin: RespClient) => Promise<unknown[]>;

/** Run a scenario on a fresh server state. */
async function runScenario(port: number, scenario: Scenario): Promise<unknown[]> {
  const connections = new Connections(port);
  try {
    const admin = await connections.client();
    await admin.call('FLUSHALL');
    return await scenario(connections, admin);
  } finally {
    connections.closeAll();
  }
}

/** A test running `scenario` on cairn (expecting `expected`) and on Redis (expecting what cairn gave). */
function scenarioTest(name: string, expected: unknown[], scenario: Scenario): void {
  it(name, async () => {
    const fromCairn = await runScenario(cairn.port, scenario);
    expect(fromCairn).toEqual(expected);
    if (redis !== null) expect(await runScenario(redis.port, scenario), 'real Redis observed otherwise').toEqual(fromCairn);
  });
}

const nullArray = null;

describe('blocking list commands over sockets', () => {
  scenarioTest('several clients blocked on one key are served first blocked, first served', [['k', 'one'], 'still blocked', ['k', 'two']], async (connections, admin) => {
    const first = await connections.client();
    const second = await connections.client();
    const secondId = await clientId(second);
    const firstPending = await blockOn(admin, first, 'BLPOP', 'k', 0);
    const secondPending = await blockOn(admin, second, 'BLPOP', 'k', 0);
    await admin.call('RPUSH', 'k', 'one');
    const observed: unknown[] = [await firstPending.reply];
    observed.push(/ flags=\S*b/.test(await clientLine(admin, secondId)) ? 'still blocked' : 'served');
    await admin.call('RPUSH', 'k', 'two');
    observed.push(await secondPending.reply);
    return observed;
  });

  scenarioTest('a client blocked on several keys is served by the first key pushed', [['c', 'z'], ['b', 'x'], ['y']], async (connections, admin) => {
    const client = await connections.client();
    const single = await blockOn(admin, client, 'BLPOP', 'a', 'b', 'c', 0);
    await admin.call('RPUSH', 'c', 'z');
    const observed: unknown[] = [await single.reply];
    const multi = await blockOn(admin, client, 'BLPOP', 'a', 'b', 0);
    await admin.pipeline([['MULTI'], ['RPUSH', 'b', 'x'], ['RPUSH', 'a', 'y'], ['EXEC']]);
    observed.push(await multi.reply, plain(await admin.call('LRANGE', 'a', 0, -1)));
    return observed;
  });

  scenarioTest('a push inside MULTI wakes the client after EXEC, with the data as of the end of the transaction', [1, 'queued while blocked', ['k', 'b'], ['c']], async (connections, admin) => {
    const client = await connections.client();
    const id = await clientId(client);
    const pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.call('MULTI');
    await admin.call('RPUSH', 'k', 'a', 'b');
    await admin.call('LPOP', 'k');
    await admin.call('RPUSH', 'k', 'c');
    const other = await connections.client();
    const observed: unknown[] = [await blockedClients(other)];
    observed.push(/ flags=\S*b/.test(await clientLine(other, id)) ? 'queued while blocked' : 'served early');
    await admin.call('EXEC');
    observed.push(await pending.reply, plain(await admin.call('LRANGE', 'k', 0, -1)));
    return observed;
  });

  scenarioTest('LPUSH of several elements serves both clients blocked on the key', [3, ['k', 'c'], ['k', 'a'], ['b']], async (connections, admin) => {
    const first = await connections.client();
    const second = await connections.client();
    const firstPending = await blockOn(admin, first, 'BLPOP', 'k', 0);
    const secondPending = await blockOn(admin, second, 'BRPOP', 'k', 0);
    const pushed = plain(await admin.call('LPUSH', 'k', 'a', 'b', 'c'));
    return [pushed, await firstPending.reply, await secondPending.reply, plain(await admin.call('LRANGE', 'k', 0, -1))];
  });

  scenarioTest("BLMOVE's push to its destination wakes a client blocked on the destination", ['x', ['dst', 'x'], 0], async (connections, admin) => {
    const onDestination = await connections.client();
    const mover = await connections.client();
    const destinationPending = await blockOn(admin, onDestination, 'BLPOP', 'dst', 0);
    const moverPending = await blockOn(admin, mover, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
    await admin.call('RPUSH', 'src', 'x');
    return [await moverPending.reply, await destinationPending.reply, plain(await admin.call('EXISTS', 'src', 'dst'))];
  });

  scenarioTest('BRPOPLPUSH and BLMPOP are served when their keys get elements', ['3', [['b', ['2', '1']]], ['3']], async (connections, admin) => {
    const mover = await connections.client();
    const popper = await connections.client();
    const moved = await blockOn(admin, mover, 'BRPOPLPUSH', 'a', 'd', 0);
    const popped = await blockOn(admin, popper, 'BLMPOP', 0, 2, 'a', 'b', 'RIGHT', 'COUNT', 2);
    await admin.call('RPUSH', 'a', '3');
    await admin.call('RPUSH', 'b', '1', '2');
    return [await moved.reply, [await popped.reply], plain(await admin.call('LRANGE', 'd', 0, -1))];
  });

  scenarioTest('a served BLMOVE whose destination holds another type gets WRONGTYPE and pops nothing', [{ error: 'WRONGTYPE Operation against a key holding the wrong kind of value' }, ['x']], async (connections, admin) => {
    const client = await connections.client();
    const pending = await blockOn(admin, client, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0);
    await admin.call('SET', 'dst', 'v');
    await admin.call('RPUSH', 'src', 'x');
    return [await pending.reply, plain(await admin.call('LRANGE', 'src', 0, -1))];
  });

  scenarioTest('a client stays blocked when its key gets another type, and is served when it holds a list again', ['still blocked', ['k', 'x']], async (connections, admin) => {
    const client = await connections.client();
    const id = await clientId(client);
    const pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.call('SET', 'k', 'v');
    const observed: unknown[] = [/ flags=\S*b/.test(await clientLine(admin, id)) ? 'still blocked' : 'unblocked'];
    await admin.call('DEL', 'k');
    await admin.call('RPUSH', 'k', 'x');
    observed.push(await pending.reply);
    return observed;
  });

  scenarioTest('RENAME, COPY and SWAPDB that put a list under a waited key serve the client', [['k', 'a'], ['k', 'b'], ['k', 'c']], async (connections, admin) => {
    const client = await connections.client();
    let pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.call('RPUSH', 'src', 'a');
    await admin.call('RENAME', 'src', 'k');
    const observed: unknown[] = [await pending.reply];
    pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.call('RPUSH', 'src', 'b');
    await admin.call('COPY', 'src', 'k');
    observed.push(await pending.reply);
    pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.pipeline([['SELECT', 1], ['RPUSH', 'k', 'c'], ['SWAPDB', 0, 1], ['SELECT', 0]]);
    observed.push(await pending.reply);
    return observed;
  });

  scenarioTest('a blocked command counts once in INFO commandstats and shows once in MONITOR, however often it is retried', ['calls=1', 1], async (connections, admin) => {
    const monitor = await connections.client();
    await monitor.call('MONITOR');
    const client = await connections.client();
    await admin.call('CONFIG', 'RESETSTAT');
    const pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    await admin.pipeline([['MULTI'], ['RPUSH', 'k', 'a'], ['DEL', 'k'], ['EXEC']]);
    await admin.call('RPUSH', 'k', 'v');
    await pending.reply;
    await admin.call('ECHO', 'monitor-mark');
    const seen = (text: string) => monitor.pushes.filter((line) => String(plain(line)).includes(text)).length;
    for (let poll = 0; poll < POLLS_MAX && seen('monitor-mark') === 0; poll++) await monitor.waitForPushes(monitor.pushes.length + 1);
    const stats = String(plain(await admin.call('INFO', 'commandstats')));
    return [/cmdstat_blpop:(calls=\d+)/.exec(stats)?.[1], seen('"BLPOP"')];
  });

  scenarioTest('fractional timeouts end with the null array: *-1 in RESP2', [nullArray, nullArray, nullArray, nullArray, nullArray], async (connections) => {
    const client = await connections.client();
    return [
      plain(await client.call('BLPOP', 'k', '0.05')),
      plain(await client.call('BRPOP', 'k', 'j', '.02')),
      plain(await client.call('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.02')),
      plain(await client.call('BRPOPLPUSH', 'k', 'd', '0.02')),
      plain(await client.call('BLMPOP', '0.02', 1, 'k', 'LEFT')),
    ];
  });

  scenarioTest('fractional timeouts are the RESP3 null', [{ t: 'null' }, { t: 'null' }, { t: 'null' }, { t: 'array', v: null }], async (connections) => {
    const client = await connections.client();
    await client.call('HELLO', '3');
    const raw = [await client.call('BLPOP', 'k', '0.03'), await client.call('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.02'), await client.call('BLMPOP', '0.02', 1, 'k', 'LEFT')];
    await client.call('HELLO', '2');
    raw.push(await client.call('BLPOP', 'k', '0.02'));
    return raw;
  });

  scenarioTest('a blocking command inside MULTI answers at once as a timeout', [[nullArray, null, nullArray, ['k', 'a']]], async (connections) => {
    const client = await connections.client();
    await client.call('MULTI');
    await client.call('BLPOP', 'k', 0);
    await client.call('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0);
    await client.call('BLMPOP', 0, 1, 'k', 'LEFT');
    await client.call('RPUSH', 'k', 'a');
    const exec = plain(await client.call('EXEC')) as unknown[];
    return [[exec[0], exec[1], exec[2], plain(await client.call('BLPOP', 'k', 0))]];
  });

  scenarioTest(
    'CLIENT UNBLOCK ends a wait as a timeout or with an error, and answers 0 for a client that is not blocked',
    [1, nullArray, 1, { error: 'UNBLOCKED client unblocked via CLIENT UNBLOCK' }, 1, nullArray, 0, 0, { error: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR' }],
    async (connections, admin) => {
      const client = await connections.client();
      const id = await clientId(client);
      const observed: unknown[] = [];
      let pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
      observed.push(plain(await admin.call('CLIENT', 'UNBLOCK', id)), await pending.reply);
      pending = await blockOn(admin, client, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 0);
      observed.push(plain(await admin.call('CLIENT', 'UNBLOCK', id, 'ERROR')), await pending.reply);
      pending = await blockOn(admin, client, 'BLMPOP', 0, 1, 'k', 'LEFT');
      observed.push(plain(await admin.call('CLIENT', 'UNBLOCK', id, 'timeout')), await pending.reply);
      observed.push(plain(await admin.call('CLIENT', 'UNBLOCK', id)), plain(await admin.call('CLIENT', 'UNBLOCK', 999_999)));
      observed.push(plain(await admin.call('CLIENT', 'UNBLOCK', id, 'maybe')));
      return observed;
    },
  );

  scenarioTest('CLIENT LIST shows flag b and INFO counts blocked_clients while a client is blocked', [true, true, 1, ['k', 'v'], false, 0], async (connections, admin) => {
    const client = await connections.client();
    const id = await clientId(client);
    const pending = await blockOn(admin, client, 'BLPOP', 'k', 0);
    const line = await clientLine(admin, id);
    const observed: unknown[] = [/ flags=b /.test(line), / cmd=blpop /.test(line), await blockedClients(admin)];
    await admin.call('RPUSH', 'k', 'v');
    observed.push(await pending.reply, / flags=\S*b/.test(await clientLine(admin, id)), await blockedClients(admin));
    return observed;
  });

  scenarioTest('a client that disconnects while blocked is forgotten: a later push is not consumed', [1, 0, 1, ['v']], async (connections, admin) => {
    const client = await connections.client();
    void client.call('BLPOP', 'k', 0).catch(() => undefined);
    await waitForBlockedCount(admin, 1);
    const observed: unknown[] = [await blockedClients(admin)];
    client.close();
    await waitForBlockedCount(admin, 0);
    observed.push(await blockedClients(admin), plain(await admin.call('RPUSH', 'k', 'v')), plain(await admin.call('LRANGE', 'k', 0, -1)));
    return observed;
  });

  scenarioTest("the blocked client's next pipelined command runs only after the blocked one is answered", [0, [['k', 'v'], 1, 'PONG'], 1], async (connections, admin) => {
    const client = await connections.client();
    const id = await clientId(client);
    const replies = client.pipeline([['BLPOP', 'k', 0], ['RPUSH', 'after', 'x'], ['PING']]);
    await waitUntilBlocked(admin, id);
    const observed: unknown[] = [plain(await admin.call('EXISTS', 'after'))];
    await admin.call('RPUSH', 'k', 'v');
    observed.push((await replies).map(plain), plain(await admin.call('EXISTS', 'after')));
    return observed;
  });
});

describe('blocking list commands with ioredis', () => {
  it('a BRPOP consumer gets the jobs a producer LPUSHes, in order, and times out when the queue is empty', async () => {
    const options = { host: '127.0.0.1', port: cairn.port, retryStrategy: () => null, maxRetriesPerRequest: 0 };
    const producer = new Redis(options);
    const consumer = new Redis(options);
    const admin = await RespClient.connect(cairn.port);
    try {
      await producer.del('jobs');
      const consumerId = await consumer.client('ID');
      const first = consumer.brpop('jobs', 0);
      await waitUntilBlocked(admin, Number(consumerId));
      await producer.lpush('jobs', 'job-1', 'job-2');
      expect(await first).toEqual(['jobs', 'job-1']);
      expect(await consumer.brpop('jobs', 0)).toEqual(['jobs', 'job-2']);
      expect(await consumer.brpop('jobs', 0.05)).toBeNull();
      expect(await consumer.blmove('jobs', 'done', 'RIGHT', 'LEFT', 0.05)).toBeNull();
      await producer.rpush('jobs', 'job-3');
      expect(await consumer.blmove('jobs', 'done', 'RIGHT', 'LEFT', 0)).toBe('job-3');
      expect(await producer.lrange('done', 0, -1)).toEqual(['job-3']);
    } finally {
      producer.disconnect();
      consumer.disconnect();
      admin.close();
    }
  });
});
