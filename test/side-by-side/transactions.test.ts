/**
 * Transactions side by side with Redis 7: MULTI/EXEC/DISCARD, queuing errors (EXECABORT),
 * nested MULTI, WATCH inside MULTI, runtime errors inside EXEC, and WATCH with a second client.
 * Cases that write use the strings family (SET, GET, INCR).
 */
import { describe, expect, it } from 'vitest';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { describeSideBySide, useBothServers } from '../support/side-by-side.js';

describeSideBySide('MULTI, EXEC and DISCARD', [
  { name: 'EXEC runs the queued commands in order', commands: [['MULTI'], ['PING'], ['ECHO', 'a'], ['PING', 'b'], ['EXEC']] },
  { name: 'an empty transaction answers an empty array', commands: [['MULTI'], ['EXEC']] },
  { name: 'EXEC and DISCARD without MULTI', commands: [['EXEC'], ['DISCARD']] },
  { name: 'DISCARD drops the queue and ends the transaction', commands: [['MULTI'], ['PING'], ['DISCARD'], ['EXEC']] },
  { name: 'nested MULTI is refused and the transaction goes on', commands: [['MULTI'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'WATCH inside MULTI is refused and the transaction goes on', commands: [['MULTI'], ['WATCH', 'k'], ['PING'], ['EXEC']] },
  { name: 'an unknown command while queuing aborts EXEC with EXECABORT', commands: [['MULTI'], ['PING'], ['NOSUCHCOMMAND', 'x'], ['PING'], ['EXEC'], ['EXEC']] },
  { name: 'a wrong argument count while queuing aborts EXEC with EXECABORT', commands: [['MULTI'], ['ECHO'], ['PING'], ['EXEC']] },
  { name: 'MULTI with arguments is an arity error', commands: [['MULTI', 'x'], ['EXEC']] },
  { name: 'an arity error of MULTI inside MULTI aborts the transaction', commands: [['MULTI'], ['MULTI', 'x'], ['EXEC']] },
  { name: 'an arity error of DISCARD inside MULTI aborts the transaction', commands: [['MULTI'], ['DISCARD', 'x'], ['EXEC']] },
  { name: 'WATCH and UNWATCH arity', commands: [['WATCH'], ['UNWATCH', 'x'], ['UNWATCH']] },
  { name: 'SELECT inside MULTI changes the database for the rest of the connection', commands: [['MULTI'], ['SELECT', '9'], ['SET', 'k', 'in9'], ['EXEC'], ['GET', 'k'], ['SELECT', '0'], ['GET', 'k']] },
  { name: 'a runtime error inside EXEC is one reply; the other commands still run', commands: [['SET', 'text', 'abc'], ['MULTI'], ['INCR', 'text'], ['SET', 'n', '1'], ['INCR', 'n'], ['SELECT', '99'], ['EXEC'], ['GET', 'n']] },
  { name: 'RESET inside MULTI ends the transaction', commands: [['MULTI'], ['PING'], ['RESET'], ['EXEC']] },
  { name: 'EXEC in RESP3', resp3: true, commands: [['MULTI'], ['PING'], ['SET', 'a', '1'], ['GET', 'a'], ['EXEC'], ['MULTI'], ['EXEC']] },
]);

describeSideBySide('WATCH on one connection', [
  { name: 'a watched key changed by the same client before MULTI fails EXEC with the null array', commands: [['SET', 'k', '1'], ['WATCH', 'k'], ['SET', 'k', '2'], ['MULTI'], ['GET', 'k'], ['EXEC'], ['MULTI'], ['GET', 'k'], ['EXEC']] },
  { name: 'a watched key set to the same value still counts as changed', commands: [['SET', 'k', 'v'], ['WATCH', 'k'], ['SET', 'k', 'v'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'a change made inside the transaction does not fail it', commands: [['WATCH', 'k'], ['MULTI'], ['SET', 'k', '1'], ['EXEC'], ['GET', 'k']] },
  { name: 'deleting a missing watched key changes nothing', commands: [['WATCH', 'missing'], ['DEL', 'missing'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'UNWATCH forgets the watched keys', commands: [['WATCH', 'k'], ['UNWATCH'], ['SET', 'k', '1'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'DISCARD forgets the watched keys', commands: [['WATCH', 'k'], ['MULTI'], ['DISCARD'], ['SET', 'k', '1'], ['MULTI'], ['PING'], ['EXEC']] },
  { name: 'a failed EXEC in RESP3 answers null', resp3: true, commands: [['WATCH', 'k'], ['SET', 'k', '1'], ['MULTI'], ['PING'], ['EXEC']] },
]);

// Redis answers any rejection of EXEC itself (here its arity) with EXECABORT and discards the
// transaction (rejectCommand -> execCommandAbort). Waits on dispatch.ts (reported).
describeSideBySide('EXEC rejected before it runs', [
  { name: 'EXEC with arguments inside MULTI aborts and discards the transaction', commands: [['MULTI'], ['PING'], ['EXEC', 'x'], ['EXEC']] },
  { name: 'EXEC with arguments outside MULTI answers EXECABORT too', commands: [['EXEC', 'x']] },
  { name: 'EXEC with arguments forgets the watched keys', commands: [['WATCH', 'k'], ['MULTI'], ['EXEC', 'x'], ['SET', 'k', '1'], ['MULTI'], ['PING'], ['EXEC']] },
]);

type Connect = () => Promise<RespClient>;
/** A scenario returns what it observed; cairn's and Redis's observations must be equal. */
type Scenario = (connect: Connect) => Promise<RespValue[]>;

function describeScenarios(title: string, scenarios: Record<string, Scenario>): void {
  const available = redisServerAvailable();
  describe.skipIf(!available)(`${title} (side by side with Redis 7)`, () => {
    const servers = useBothServers();

    async function observe(port: number, scenario: Scenario): Promise<RespValue[]> {
      const clients: RespClient[] = [];
      const connect = async () => {
        const client = await RespClient.connect(port);
        clients.push(client);
        return client;
      };
      try {
        await (await connect()).call('FLUSHALL');
        return await scenario(connect);
      } finally {
        for (const client of clients) client.close();
      }
    }

    for (const [name, scenario] of Object.entries(scenarios)) {
      it(name, async () => {
        const fromCairn = await observe(servers.cairn.port, scenario);
        const fromRedis = await observe(servers.redis.port, scenario);
        expect(fromCairn).toEqual(fromRedis);
      });
    }
  });
}

describeScenarios('WATCH with two clients', {
  'a key changed by another client fails EXEC; the other write stays': async (connect) => {
    const watcher = await connect();
    const other = await connect();
    return [
      await watcher.call('WATCH', 'k'),
      await other.call('SET', 'k', 'theirs'),
      await watcher.call('MULTI'),
      await watcher.call('SET', 'k', 'mine'),
      await watcher.call('EXEC'),
      await watcher.call('GET', 'k'),
    ];
  },

  'a change to another key, or to the same name in another database, does not fail EXEC': async (connect) => {
    const watcher = await connect();
    const other = await connect();
    return [
      await watcher.call('SELECT', '1'),
      await watcher.call('WATCH', 'k'),
      await other.call('SET', 'k', 'db0'),
      await other.call('SET', 'other', 'x'),
      await watcher.call('MULTI'),
      await watcher.call('SET', 'k', 'mine'),
      await watcher.call('EXEC'),
    ];
  },

  'FLUSHALL fails EXEC only when a watched key existed': async (connect) => {
    const watcher = await connect();
    const other = await connect();
    return [
      await watcher.call('WATCH', 'missing'),
      await other.call('FLUSHALL'),
      await watcher.call('MULTI'),
      await watcher.call('PING'),
      await watcher.call('EXEC'),
      await other.call('SET', 'present', '1'),
      await watcher.call('WATCH', 'present'),
      await other.call('FLUSHALL'),
      await watcher.call('MULTI'),
      await watcher.call('PING'),
      await watcher.call('EXEC'),
    ];
  },

  'a transaction queued by one client is invisible to the other until EXEC': async (connect) => {
    const writer = await connect();
    const reader = await connect();
    return [
      await writer.call('MULTI'),
      await writer.call('SET', 'k', '1'),
      await writer.call('INCR', 'k'),
      await reader.call('GET', 'k'),
      await writer.call('EXEC'),
      await reader.call('GET', 'k'),
    ];
  },

  'two interleaved WATCH/MULTI/INCR/EXEC attempts: exactly the first EXEC wins': async (connect) => {
    const first = await connect();
    const second = await connect();
    await first.call('SET', 'counter', '0');
    return [
      await first.call('WATCH', 'counter'),
      await second.call('WATCH', 'counter'),
      await first.call('GET', 'counter'),
      await second.call('GET', 'counter'),
      await first.call('MULTI'),
      await second.call('MULTI'),
      await first.call('INCR', 'counter'),
      await second.call('INCR', 'counter'),
      await second.call('EXEC'),
      await first.call('EXEC'),
      await first.call('GET', 'counter'),
    ];
  },
});
