/**
 * Replication commands side by side with Redis 7 on a master without replicas: ROLE, INFO
 * replication, WAIT (its argument errors, its answer inside MULTI), REPLCONF (options, errors, and
 * ACK/GETACK, which answer nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { describeSideBySide, useBothServers } from '../support/side-by-side.js';
import { redisServerAvailable } from '../support/servers.js';

/** INFO replication with the replication id (random per server) replaced. */
function withoutReplicationId(value: RespValue): RespValue {
  if (value.t !== 'bulk' || value.v === null) return value;
  return { t: 'bulk', v: value.v.replace(/master_replid:[0-9a-f]{40}/, 'master_replid:ID') };
}

describeSideBySide('ROLE and INFO replication on a master without replicas', [
  { name: 'ROLE, and ROLE with arguments', commands: [['ROLE'], ['ROLE', 'x']] },
  { name: 'INFO replication', commands: [['INFO', 'replication']], normalize: withoutReplicationId },
]);

describeSideBySide('WAIT on a master without replicas', [
  {
    name: 'WAIT for none, for more than exist (until the timeout), after a write',
    commands: [['WAIT', '0', '0'], ['WAIT', '-1', '0'], ['WAIT', '1', '30'], ['SET', 'k', 'v'], ['WAIT', '0', '0'], ['WAIT', '2', '20']],
  },
  {
    name: 'WAIT argument errors and arity',
    commands: [['WAIT', 'x', '0'], ['WAIT', '0', 'x'], ['WAIT', '0', '-1'], ['WAIT', '0', '1.5'], ['WAIT', '1'], ['WAIT', '1', '2', '3'], ['WAIT', '99999999999999999999', '0']],
  },
  { name: 'WAIT inside MULTI answers at once', commands: [['MULTI'], ['SET', 'k', 'v'], ['WAIT', '1', '0'], ['EXEC']] },
  { name: 'WAIT in RESP3', resp3: true, commands: [['WAIT', '0', '0']] },
]);

describeSideBySide('REPLCONF', [
  {
    name: 'options with values answer +OK; an odd count is a syntax error; unknown options are named',
    commands: [
      ['REPLCONF'], ['REPLCONF', 'listening-port', '6380'], ['REPLCONF', 'LISTENING-PORT', '99999999999'], ['REPLCONF', 'capa', 'eof', 'capa', 'psync2'],
      ['REPLCONF', 'ip-address', '10.0.0.1'], ['REPLCONF', 'rdb-only', '0'], ['REPLCONF', 'listening-port'], ['REPLCONF', 'capa'],
      ['REPLCONF', 'listening-port', 'x'], ['REPLCONF', 'rdb-only', '2'], ['REPLCONF', 'rdb-only', 'x'], ['REPLCONF', 'NoSuch', '1'],
      ['REPLCONF', 'listening-port', '1', 'nosuch', '1'], ['REPLCONF', 'ip-address', 'x'.repeat(255)], ['REPLCONF', 'ip-address', 'x'.repeat(256)],
    ],
  },
]);

describe.skipIf(!redisServerAvailable())('REPLCONF ACK and GETACK answer nothing (side by side with Redis 7)', () => {
  const servers = useBothServers();
  const clients: RespClient[] = [];

  beforeAll(async () => {
    clients.push(await RespClient.connect(servers.cairn.port), await RespClient.connect(servers.redis.port));
  });

  afterAll(() => {
    for (const client of clients) client.close();
  });

  it('the reply after REPLCONF ACK, GETACK and an ACK with a bad offset is the next command\'s', async () => {
    const replies: RespValue[][] = [];
    for (const client of clients) {
      client.writeRaw('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$1\r\n5\r\n*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n');
      client.writeRaw('*3\r\n$8\r\nREPLCONF\r\n$3\r\nack\r\n$1\r\nx\r\n*5\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$1\r\n1\r\n$3\r\nack\r\n$1\r\n1\r\n');
      replies.push(await client.pipeline([['PING'], ['ROLE']]));
    }
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0]?.[0]).toEqual({ t: 'simple', v: 'PONG' });
  });
});
