import { once } from 'node:events';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Suspend } from '../../server/src/commands/dispatch.js';
import type { RunningServer } from '../../server/src/server.js';
import { encodeCommand, RespClient, type RespValue } from '../support/resp-client.js';
import { startCairn } from '../support/servers.js';

let server: RunningServer;
const open: { quit(): unknown }[] = [];

beforeAll(async () => {
  server = await startCairn();
});

afterEach(() => {
  server.state.unpauseClients();
  for (const client of open.splice(0)) void Promise.resolve(client.quit()).catch(() => {});
});

afterAll(async () => {
  await server.close();
});

/** An ioredis client that does not reconnect once the server closes it. */
async function ioredis(options: { connectionName?: string } = {}): Promise<Redis> {
  const client = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null, maxRetriesPerRequest: 0, ...options });
  client.on('error', () => {});
  open.push(client);
  await client.ping();
  return client;
}

function field(line: string, name: string): string {
  const match = new RegExp(`(?:^| )${name}=(\\S*)`).exec(line);
  if (match === null) throw new Error(`no ${name}= in ${line}`);
  return match[1] as string;
}

describe('CLIENT KILL with ioredis', () => {
  it('CLIENT KILL ID closes another connection and answers 1', async () => {
    const admin = await ioredis();
    const victim = await ioredis({ connectionName: 'victim' });
    const id = await victim.client('ID');
    const ended = once(victim, 'end');
    expect(await admin.client('KILL', 'ID', String(id))).toBe(1);
    await ended;
    expect(victim.status).toBe('end');
    expect(await admin.client('LIST')).not.toContain('name=victim');
  });

  it('CLIENT KILL of its own address (old form) answers OK and then the server closes the connection', async () => {
    const client = await ioredis();
    const address = field((await client.client('INFO')) as string, 'addr');
    const ended = once(client, 'end');
    expect(await client.client('KILL', address)).toBe('OK');
    await ended;
    expect(client.status).toBe('end');
  });

  it('CLIENT KILL SKIPME yes spares the caller among the matches', async () => {
    const admin = await ioredis();
    const other = await ioredis();
    const ended = once(other, 'end');
    expect(await admin.client('KILL', 'USER', 'default', 'SKIPME', 'yes')).toBeGreaterThanOrEqual(1);
    await ended;
    expect(await admin.ping()).toBe('PONG');
  });
});

describe('CLIENT PAUSE WRITE with ioredis', () => {
  it('a write from another client waits until UNPAUSE while reads answer', async () => {
    const admin = await ioredis();
    const writer = await ioredis();
    const reader = await ioredis();
    const dispatcher = server.dispatcher;
    const execute = dispatcher.execute.bind(dispatcher);
    let suspendedWrite: () => void = () => {};
    const writeSuspended = new Promise<void>((resolve) => (suspendedWrite = resolve));
    dispatcher.execute = (client, argv) => {
      const result = execute(client, argv);
      if (result instanceof Suspend && argv[0]?.toLowerCase() === 'set') suspendedWrite();
      return result;
    };
    try {
      expect(await admin.client('PAUSE', '60000', 'WRITE')).toBe('OK');
      let written = false;
      const write = writer.set('paused-key', 'v').then((reply) => {
        written = true;
        return reply;
      });
      await writeSuspended;
      expect(await reader.get('paused-key')).toBeNull();
      expect(await reader.ping()).toBe('PONG');
      expect(written).toBe(false);
      expect(await admin.client('UNPAUSE')).toBe('OK');
      expect(await write).toBe('OK');
      expect(await reader.get('paused-key')).toBe('v');
    } finally {
      dispatcher.execute = execute;
    }
  });
});

describe('CLIENT REPLY over a raw connection (client libraries expect one reply per command)', () => {
  let raw: RespClient;

  beforeAll(async () => {
    raw = await RespClient.connect(server.port);
  });

  afterAll(() => raw.close());

  function send(...commands: string[][]): void {
    raw.writeRaw(Buffer.concat(commands.map((argv) => encodeCommand(argv))));
  }

  /** Wait for `count` replies, registered before sending so replies arriving in one packet all find a waiter. */
  async function replies(count: number, sendCommands: () => void): Promise<RespValue[]> {
    const waiting = Array.from({ length: count }, () => raw.expect());
    sendCommands();
    const received = await Promise.all(waiting);
    expect(await raw.call('PING')).toEqual<RespValue>({ t: 'simple', v: 'PONG' });
    expect(raw.pushes).toEqual([]);
    return received;
  }

  it('CLIENT REPLY OFF silences replies and errors until CLIENT REPLY ON answers OK', async () => {
    const received = await replies(2, () =>
      send(['CLIENT', 'REPLY', 'OFF'], ['ECHO', 'a'], ['NOSUCHCOMMAND'], ['ECHO', 'b'], ['CLIENT', 'REPLY', 'ON'], ['ECHO', 'c']),
    );
    expect(received).toEqual<RespValue[]>([{ t: 'simple', v: 'OK' }, { t: 'bulk', v: 'c' }]);
  });

  it('CLIENT REPLY SKIP drops only the next reply', async () => {
    const received = await replies(1, () => send(['CLIENT', 'REPLY', 'SKIP'], ['ECHO', 'skipped'], ['ECHO', 'kept']));
    expect(received).toEqual<RespValue[]>([{ t: 'bulk', v: 'kept' }]);
  });
});

describe('node-redis', () => {
  it('connects, registers its library with CLIENT SETINFO, and parses CLIENT LIST and CLIENT INFO', async () => {
    const client = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    open.push({ quit: () => client.close() });
    const id = await client.clientId();
    const connection = server.state.clients.get(id);
    expect(connection?.libraryName).toBe('node-redis');
    expect(connection?.libraryVersion).toMatch(/^\d+\.\d+\.\d+/);
    const info = await client.clientInfo();
    expect(info).toMatchObject({ id, db: 0, flags: 'N', cmd: 'client|info', user: 'default', resp: 2, redir: -1 });
    const list = await client.clientList();
    expect(list.map((entry) => entry.id)).toContain(id);
  });
});
