/**
 * Replication commands on an ephemeral server (ROLE, WAIT, WAITAOF, REPLCONF, SENTINEL with the
 * server as its own master), the primary's replica registry (announce, acknowledge, forget,
 * WAIT's waiting), and the replica link's wire format. Durable behaviour over a real log is in
 * test/durable/replication-commands.test.ts.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaLink, encodeCommand, readReplies } from '../../server/src/durable/replica-link.js';
import { ReplicaRegistry, peerHost, splitAddress } from '../../server/src/durable/replica-registry.js';
import { silentLogger } from '../../server/src/log.js';
import { ErrorReply, MapReply, NO_REPLY, NULL_ARRAY, OK, type Reply, Status } from '../../server/src/resp/reply.js';
import { Executor } from '../support/executor.js';

/** An ephemeral server as if listening on 127.0.0.1:6400. */
function ephemeral(settings: Record<string, string | number> = {}, role: 'primary' | 'replica' = 'primary'): Executor {
  const server = new Executor({ settings, role });
  server.state.tcpPort = 6400;
  return server;
}

function entries(reply: Reply): Record<string, Reply> {
  expect(reply).toBeInstanceOf(MapReply);
  const flat = (reply as MapReply).entries;
  const out: Record<string, Reply> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) out[flat[index] as string] = flat[index + 1] as Reply;
  return out;
}

describe('ROLE, WAIT, WAITAOF and REPLCONF on an ephemeral server', () => {
  it('ROLE is a master at offset 0 without replicas; WAIT answers 0 at once; nothing is logged', () => {
    const server = ephemeral();
    expect(server.run('ROLE')).toEqual(['master', 0, []]);
    expect(server.run('SET', 'k', 'v')).toEqual(OK);
    expect(server.run('WAIT', '0', '0')).toBe(0);
    expect(server.run('WAIT', '3', '100')).toBe(0);
    expect(server.run('WAIT', '-1', '0')).toBe(0);
    server.effects.length = 0;
    server.run('WAIT', '1', '0');
    server.run('REPLCONF', 'listening-port', '1');
    server.run('SENTINEL', 'masters');
    expect(server.effects).toEqual([]);
  });

  it('WAIT argument errors in Redis order: a replica refuses before parsing, then numreplicas, then timeout', () => {
    const server = ephemeral();
    expect(server.run('WAIT', 'x', 'y')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('WAIT', '1', 'y')).toEqual(new ErrorReply('ERR timeout is not an integer or out of range'));
    expect(server.run('WAIT', '1', '-1')).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(server.run('WAIT', '1', '1.5')).toEqual(new ErrorReply('ERR timeout is not an integer or out of range'));
    const replica = ephemeral({}, 'replica');
    expect((replica.run('WAIT', 'x', 'y') as ErrorReply).text).toMatch(/^ERR WAIT cannot be used with replica instances\./);
  });

  it('WAITAOF answers as Redis with appendonly no: [0, 0], numlocal refused; arguments are checked first', () => {
    const server = ephemeral();
    expect(server.run('WAITAOF', '0', '0', '0')).toEqual([0, 0]);
    expect(server.run('WAITAOF', '0', '2', '10')).toEqual([0, 0]);
    expect(server.run('WAITAOF', '1', '0', '0')).toEqual(new ErrorReply('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.'));
    expect(server.run('WAITAOF', 'x', '0', '0')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('WAITAOF', '2', '0', '0')).toEqual(new ErrorReply('ERR value is out of range, value must between 0 and 1'));
    expect(server.run('WAITAOF', '-1', '0', '0')).toEqual(new ErrorReply('ERR value is out of range, value must between 0 and 1'));
    expect(server.run('WAITAOF', '1', 'x', '0')).toEqual(new ErrorReply('ERR value is out of range, must be positive'));
    expect(server.run('WAITAOF', '1', '-1', '0')).toEqual(new ErrorReply('ERR value is out of range, must be positive'));
    expect(server.run('WAITAOF', '1', '0', '-5')).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(server.run('WAITAOF', '0', '0', 'x')).toEqual(new ErrorReply('ERR timeout is not an integer or out of range'));
    expect(server.run('WAITAOF', '0', '0')).toEqual(new ErrorReply("ERR wrong number of arguments for 'waitaof' command"));
    const replica = ephemeral({}, 'replica');
    expect(replica.run('WAITAOF', '1', '0', '0')).toEqual(
      new ErrorReply('ERR WAITAOF cannot be used with replica instances. Please also note that writes to replicas are just local and are not propagated.'),
    );
    expect(replica.run('WAITAOF', '2', '0', '0')).toEqual(new ErrorReply('ERR value is out of range, value must between 0 and 1'));
  });

  it('REPLCONF takes option/value pairs: known options answer +OK, ACK and GETACK answer nothing', () => {
    const server = ephemeral();
    expect(server.run('REPLCONF')).toEqual(OK);
    expect(server.run('REPLCONF', 'listening-port', '6380', 'capa', 'eof', 'capa', 'psync2')).toEqual(OK);
    expect(server.run('REPLCONF', 'IP-ADDRESS', '10.0.0.1', 'rdb-only', '1')).toEqual(OK);
    expect(server.run('REPLCONF', 'listening-port')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('REPLCONF', 'listening-port', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('REPLCONF', 'rdb-only', '2')).toEqual(new ErrorReply('ERR value is out of range, value must between 0 and 1'));
    expect(server.run('REPLCONF', 'Bogus', '1')).toEqual(new ErrorReply('ERR Unrecognized REPLCONF option: Bogus'));
    expect(server.run('REPLCONF', 'ip-address', 'x'.repeat(256))).toEqual(
      new ErrorReply('ERR REPLCONF ip-address provided by replica instance is too long: 256 bytes'),
    );
    expect(server.run('REPLCONF', 'ack', '5', 'bogus', '1')).toBe(NO_REPLY);
    expect(server.run('REPLCONF', 'getack', '*')).toBe(NO_REPLY);
    expect(server.run('ROLE')).toEqual(['master', 0, []]);
  });
});

describe('SENTINEL on an ephemeral server (its own master)', () => {
  it('get-master-addr-by-name gives the server itself for its group and a null array for another name', () => {
    const server = ephemeral();
    expect(server.run('SENTINEL', 'get-master-addr-by-name', 'cairn')).toEqual(['127.0.0.1', '6400']);
    expect(server.run('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'cairn')).toEqual(['127.0.0.1', '6400']);
    expect(server.run('SENTINEL', 'get-master-addr-by-name', 'CAIRN')).toBe(NULL_ARRAY);
    expect(server.run('SENTINEL', 'get-master-addr-by-name', 'other')).toBe(NULL_ARRAY);
  });

  it('the group is named by cairn-group-name', () => {
    const server = ephemeral({ 'cairn-group-name': 'orders' });
    expect(server.run('SENTINEL', 'get-master-addr-by-name', 'orders')).toEqual(['127.0.0.1', '6400']);
    expect(server.run('SENTINEL', 'get-master-addr-by-name', 'cairn')).toBe(NULL_ARRAY);
    expect(server.run('CONFIG', 'GET', 'cairn-group-name')).toEqual(new MapReply(['cairn-group-name', 'orders']));
    expect(server.run('CONFIG', 'SET', 'cairn-group-name', 'x')).toBeInstanceOf(ErrorReply);
    expect(() => ephemeral({ 'cairn-group-name': 'two words' })).toThrow();
  });

  it('master and masters describe the server with Sentinel 7.0 fields, every value a string', () => {
    const server = ephemeral();
    const master = entries(server.run('SENTINEL', 'master', 'cairn'));
    expect(Object.keys(master)).toEqual([
      'name', 'ip', 'port', 'runid', 'flags', 'link-pending-commands', 'link-refcount', 'last-ping-sent', 'last-ok-ping-reply',
      'last-ping-reply', 'down-after-milliseconds', 'info-refresh', 'role-reported', 'role-reported-time', 'config-epoch',
      'num-slaves', 'num-other-sentinels', 'quorum', 'failover-timeout', 'parallel-syncs',
    ]);
    expect(Object.values(master).every((value) => typeof value === 'string')).toBe(true);
    expect([master.name, master.ip, master.port, master.runid, master.flags, master['num-slaves']]).toEqual([
      'cairn', '127.0.0.1', '6400', server.state.runId, 'master', '0',
    ]);
    expect(server.run('SENTINEL', 'masters')).toEqual([server.run('SENTINEL', 'master', 'cairn')]);
    expect(server.run('SENTINEL', 'myid')).toBe(server.state.runId);
  });

  it('replicas, slaves and sentinels are empty; unknown names and arity are errors as in Sentinel', () => {
    const server = ephemeral();
    expect(server.run('SENTINEL', 'replicas', 'cairn')).toEqual([]);
    expect(server.run('SENTINEL', 'slaves', 'cairn')).toEqual([]);
    expect(server.run('SENTINEL', 'sentinels', 'cairn')).toEqual([]);
    for (const sub of ['master', 'replicas', 'slaves', 'sentinels']) {
      expect(server.run('SENTINEL', sub, 'other')).toEqual(new ErrorReply('ERR No such master with that name'));
    }
    expect(server.run('SENTINEL')).toEqual(new ErrorReply("ERR wrong number of arguments for 'sentinel' command"));
    expect(server.run('SENTINEL', 'master')).toEqual(new ErrorReply("ERR wrong number of arguments for 'sentinel|master' command"));
    expect(server.run('SENTINEL', 'masters', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'sentinel|masters' command"));
    expect(server.run('SENTINEL', 'failover', 'cairn')).toEqual(new ErrorReply("ERR unknown subcommand 'failover'. Try SENTINEL HELP."));
    const help = server.run('SENTINEL', 'HELP') as Status[];
    expect(help[0]).toEqual(new Status('SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.map((line) => line.text)).toContain('GET-MASTER-ADDR-BY-NAME <master-name>');
  });

  it('a server bound to every address names the address the client connected to', () => {
    const server = ephemeral({ bind: '0.0.0.0' });
    const client = server.newClient();
    (client as { localAddress: string }).localAddress = '::ffff:10.1.2.3:6400';
    expect(server.runAs(client, 'SENTINEL', 'get-master-addr-by-name', 'cairn')).toEqual(['10.1.2.3', '6400']);
  });

  it('a replica that knows no primary answers IDONTKNOW', () => {
    const replica = ephemeral({}, 'replica');
    const dontKnow = new ErrorReply('IDONTKNOW I have not enough information to reply. Please ask another Sentinel.');
    expect(replica.run('SENTINEL', 'get-master-addr-by-name', 'cairn')).toEqual(dontKnow);
    expect(replica.run('SENTINEL', 'master', 'cairn')).toEqual(dontKnow);
    expect(replica.run('SENTINEL', 'masters')).toEqual(dontKnow);
    expect(replica.run('SENTINEL', 'replicas', 'cairn')).toEqual([]);
  });
});

describe('the replica registry', () => {
  it('a connection is a replica from its first ACK after announcing a port, at its peer IP, until it closes', () => {
    const server = ephemeral();
    const registry = new ReplicaRegistry(server.state);
    const replica = server.newClient();
    const stranger = server.newClient();
    expect(registry.acknowledge(stranger, 10, 1000)).toBe(false);
    registry.announce(replica, 6380, null);
    expect(registry.online()).toEqual([]);
    expect(registry.acknowledge(replica, 7, 1000)).toBe(true);
    expect(registry.acknowledge(replica, 5, 2000)).toBe(true); // an older offset never moves it back
    expect(registry.online()).toEqual([{ host: '127.0.0.1', port: 6380, offset: 7, acknowledgedAtMs: 2000 }]);
    expect(registry.countAcknowledged(7)).toBe(1);
    expect(registry.countAcknowledged(8)).toBe(0);
    server.state.clients.delete(replica.id);
    expect(registry.online()).toEqual([]);
  });

  it('REPLCONF ip-address names the replica instead of its peer address, before or after the port', () => {
    const server = ephemeral();
    const registry = new ReplicaRegistry(server.state);
    const first = server.newClient();
    const second = server.newClient();
    registry.announceHost(first, '10.0.0.1');
    registry.announce(first, 6380, null);
    registry.announce(second, 6381, null);
    registry.announceHost(second, '10.0.0.2');
    registry.acknowledge(first, 1, 0);
    registry.acknowledge(second, 1, 0);
    expect(registry.online().map((replica) => `${replica.host}:${replica.port}`)).toEqual(['10.0.0.1:6380', '10.0.0.2:6381']);
  });

  it('waitFor resolves once enough replicas acknowledged the target, at the timeout otherwise, and waits for a target not yet known', async () => {
    const server = ephemeral();
    const registry = new ReplicaRegistry(server.state);
    const waiting = server.newClient();
    const replicas = [server.newClient(), server.newClient()];
    replicas.forEach((replica, index) => registry.announce(replica, 7000 + index, null));
    const two = registry.waitFor(waiting, 10, 2, 0);
    registry.acknowledge(replicas[0]!, 10, 0);
    registry.acknowledge(replicas[1]!, 9, 0);
    const settled: number[] = [];
    void two.then((count) => settled.push(count));
    await Promise.resolve();
    expect(settled).toEqual([]);
    registry.acknowledge(replicas[1]!, 10, 0);
    expect(await two).toBe(2);
    const startedAt = Date.now();
    expect(await registry.waitFor(waiting, 11, 1, 50)).toBe(0);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    let commit: (id: number) => void = () => undefined;
    const later = registry.waitFor(waiting, new Promise<number>((resolve) => (commit = resolve)), 1, 0);
    registry.acknowledge(replicas[0]!, 12, 0);
    commit(12);
    expect(await later).toBe(1);
    await expect(registry.waitFor(waiting, Promise.reject(new Error('stepped down')), 1, 0)).rejects.toThrow('stepped down');
  });

  it('the WAIT of a connection that closed ends', async () => {
    const server = ephemeral();
    const registry = new ReplicaRegistry(server.state);
    const waiting = server.newClient();
    const replica = server.newClient();
    registry.announce(replica, 7000, null);
    const pending = registry.waitFor(waiting, 5, 1, 0);
    server.state.clients.delete(waiting.id);
    registry.acknowledge(replica, 1, 0);
    expect(await pending).toBe(0);
  });

  it('addresses: host:port split at the last colon; IPv4-mapped IPv6 peers print as IPv4', () => {
    expect(splitAddress('127.0.0.1:6379')).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(splitAddress('::1:6379')).toEqual({ host: '::1', port: 6379 });
    expect(splitAddress(null)).toEqual({ host: '', port: 0 });
    expect(peerHost('::ffff:127.0.0.1:5000')).toBe('127.0.0.1');
    expect(peerHost('::1:5000')).toBe('::1');
  });
});

describe('the replica link', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('writes commands as RESP arrays and reads status, error and integer lines, keeping a partial one', () => {
    expect(encodeCommand(['REPLCONF', 'ACK', '12'])).toBe('*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$2\r\n12\r\n');
    expect(readReplies(Buffer.from('+OK\r\n-ERR no\r\n:5\r\n+PAR', 'latin1'))).toEqual({
      replies: [{ kind: 'status', text: 'OK' }, { kind: 'error', text: 'ERR no' }, { kind: 'integer', text: '5' }],
      consumed: 18,
    });
    expect(readReplies(Buffer.from('$3\r\nabc\r\n', 'latin1'))).toBeInstanceOf(Error);
  });

  /** A fake primary: records each command it receives, per connection, and answers REPLCONF listening-port with +OK. */
  async function fakePrimary(): Promise<{ port: number; commands: string[][]; connections: net.Socket[] }> {
    const commands: string[][] = [];
    const connections: net.Socket[] = [];
    const tcp = net.createServer((socket) => {
      connections.push(socket);
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        for (let parsed = 0; parsed < 1000; parsed++) {
          const match = /^\*(\d+)\r\n/.exec(buffered);
          if (match === null) break;
          let offset = match[0].length;
          const argv: string[] = [];
          for (let index = 0; index < Number(match[1]); index++) {
            const header = /^\$(\d+)\r\n/.exec(buffered.slice(offset));
            if (header === null) return;
            argv.push(buffered.slice(offset + header[0].length, offset + header[0].length + Number(header[1])));
            offset += header[0].length + Number(header[1]) + 2;
          }
          if (offset > buffered.length) return;
          buffered = buffered.slice(offset);
          commands.push(argv);
          if (argv[1] === 'listening-port') socket.write('+OK\r\n');
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    stops.push(() => {
      for (const socket of connections) socket.destroy();
      tcp.close();
    });
    return { port: (tcp.address() as net.AddressInfo).port, commands, connections };
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      if (condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('announces its port, acknowledges what it applied (a burst as one ACK), and reconnects after a drop', async () => {
    const primary = await fakePrimary();
    const link = new ReplicaLink({ self: '127.0.0.1:6390', logger: silentLogger() });
    stops.push(() => link.stop());
    link.update(`127.0.0.1:${primary.port}`, 3);
    await until(() => primary.commands.length >= 2, 'the announcement and the first ACK');
    expect(primary.commands.slice(0, 2)).toEqual([['REPLCONF', 'listening-port', '6390'], ['REPLCONF', 'ACK', '3']]);
    for (let id = 4; id <= 20; id++) link.update(`127.0.0.1:${primary.port}`, id);
    await until(() => primary.commands.some((argv) => argv[2] === '20'), 'the ACK of the burst');
    expect(primary.commands.filter((argv) => argv[1] === 'ACK').length).toBeLessThanOrEqual(3);
    primary.connections[0]?.destroy();
    await until(() => primary.connections.length === 2 && primary.commands.filter((argv) => argv[1] === 'listening-port').length === 2, 'a reconnection');
    await until(() => primary.commands.at(-1)?.[2] === '20', 'an ACK on the new connection');
  });

  it('follows a new primary, never links to itself, and acknowledges every second while idle', async () => {
    const first = await fakePrimary();
    const second = await fakePrimary();
    const link = new ReplicaLink({ self: '127.0.0.1:6391', logger: silentLogger() });
    stops.push(() => link.stop());
    link.update(`127.0.0.1:${first.port}`, 1);
    await until(() => first.commands.length >= 2, 'the link to the first primary');
    link.update(`127.0.0.1:${second.port}`, 2);
    await until(() => second.commands.length >= 2, 'the link to the second primary');
    await until(() => first.connections[0]?.destroyed === true || first.connections[0]?.readableEnded === true, 'the first link to close');
    await until(() => second.commands.filter((argv) => argv[1] === 'ACK' && argv[2] === '2').length >= 2, 'a heartbeat ACK');
    link.update('127.0.0.1:6391', 3);
    await until(() => second.connections[0]?.readableEnded === true || second.connections[0]?.destroyed === true, 'the link to close when the node itself is primary');
  });
});
