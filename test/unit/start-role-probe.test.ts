/** The ROLE question `cairn start` asks its servers every second: parsing the reply, and one real exchange over loopback. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { askRole, parseInfoRole, parseRoleReply } from '../../cli/start/role-probe.js';

describe('parsing a ROLE reply', () => {
  it('takes the first element of the array, as Redis 7 answers for a primary and a replica', () => {
    expect(parseRoleReply(Buffer.from('*3\r\n$6\r\nmaster\r\n:3129659\r\n*0\r\n'))).toEqual({ role: 'master' });
    expect(parseRoleReply(Buffer.from('*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:6379\r\n$9\r\nconnected\r\n:3167038\r\n'))).toEqual({ role: 'slave' });
    expect(parseRoleReply(Buffer.from('*1\r\n+master\r\n'))).toEqual({ role: 'master' });
  });

  it('waits for more bytes while the first element is incomplete', () => {
    const whole = '*3\r\n$6\r\nmaster\r\n:1\r\n*0\r\n';
    for (const cut of [0, 1, 3, 4, 7, 8, 12, 14]) expect(parseRoleReply(Buffer.from(whole.slice(0, cut))), `cut at ${cut}`).toBeNull();
    expect(parseRoleReply(Buffer.from(whole.slice(0, 16)))).toEqual({ role: 'master' });
  });

  it('reports errors, other roles and unexpected replies as errors', () => {
    expect(parseRoleReply(Buffer.from("-ERR unknown command 'ROLE'\r\n"))).toEqual({ error: "ERR unknown command 'ROLE'" });
    expect(parseRoleReply(Buffer.from('*3\r\n$8\r\nsentinel\r\n'))).toEqual({ error: "unknown role 'sentinel'" });
    expect(parseRoleReply(Buffer.from('+OK\r\n'))).toEqual({ error: "unexpected reply '+OK'" });
    expect(parseRoleReply(Buffer.from('*0\r\n'))).toEqual({ error: 'empty ROLE reply' });
    expect(parseRoleReply(Buffer.from('*1\r\n:1\r\n'))).toEqual({ error: "unexpected role element ':1'" });
    expect(parseRoleReply(Buffer.from('*1\r\n$100000\r\n'))).toEqual({ error: 'unexpected role length 100000' });
  });
});

describe('parsing INFO replication (asked when a server does not know ROLE)', () => {
  const info = (text: string) => Buffer.from(`$${text.length}\r\n${text}\r\n`);

  it('finds the role line', () => {
    expect(parseInfoRole(info('# Replication\r\nrole:master\r\nconnected_slaves:0\r\n'))).toEqual({ role: 'master' });
    expect(parseInfoRole(info('# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\n'))).toEqual({ role: 'slave' });
  });

  it('waits for the whole bulk string, and reports a missing or odd role', () => {
    const whole = info('# Replication\r\nrole:master\r\n');
    expect(parseInfoRole(whole.subarray(0, whole.length - 3))).toBeNull();
    expect(parseInfoRole(info('# Replication\r\n'))).toEqual({ error: 'no role in INFO replication' });
    expect(parseInfoRole(info('role:sentinel\r\n'))).toEqual({ error: "unknown role 'sentinel'" });
    expect(parseInfoRole(Buffer.from('-ERR nope\r\n'))).toEqual({ error: 'ERR nope' });
  });
});

describe('asking a server for its role', () => {
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A loopback server that answers whatever it receives with `reply` (or never, for null). */
  async function fakeServer(reply: string | null): Promise<{ port: number; received: string[] }> {
    const received: string[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk.toString('latin1'));
        if (reply !== null) socket.write(reply);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as net.AddressInfo).port, received };
  }

  it('sends ROLE as a RESP array and returns the role', async () => {
    const server = await fakeServer('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n');
    expect(await askRole('127.0.0.1', server.port)).toEqual({ role: 'master' });
    expect(server.received.join('')).toBe('*1\r\n$4\r\nROLE\r\n');
  });

  it('asks INFO replication on the same connection when the server does not know ROLE', async () => {
    const received: string[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        received.push(text);
        const body = '# Replication\r\nrole:slave\r\n';
        socket.write(text.includes('ROLE') ? "-ERR unknown command 'ROLE', with args beginning with: \r\n" : `$${body.length}\r\n${body}\r\n`);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(await askRole('127.0.0.1', (server.address() as net.AddressInfo).port)).toEqual({ role: 'slave' });
    expect(received.join('')).toBe('*1\r\n$4\r\nROLE\r\n*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n');
  });

  it('gives up after its timeout when the server does not answer', async () => {
    const server = await fakeServer(null);
    const started = Date.now();
    expect(await askRole('127.0.0.1', server.port, 200)).toEqual({ error: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection as an error', async () => {
    const server = await fakeServer(null);
    const port = server.port;
    await new Promise((resolve) => (servers.pop() as net.Server).close(resolve));
    const answer = await askRole('127.0.0.1', port, 2000);
    expect(answer).toHaveProperty('error');
    expect((answer as { error: string }).error).toMatch(/ECONNREFUSED|closed/);
  });
});
