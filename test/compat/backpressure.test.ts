/**
 * Slow readers: a client that pipelines large requests and never reads its replies must not
 * make the server buffer without bound (the session stops running its commands while its socket
 * backlog is above limits.socketBacklogBytesMax), and a subscriber that does not read is
 * disconnected by client-output-buffer-limit pubsub (hard limit at once, soft limit after its
 * seconds).
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limits } from '../../server/src/config/limits.js';
import type { Client } from '../../server/src/net/client.js';
import type { RunningServer } from '../../server/src/server.js';
import { ManualClock } from '../../server/src/state/clock.js';
import { encodeCommand, RespClient } from '../support/resp-client.js';
import { startCairn } from '../support/servers.js';

const MB = 1024 * 1024;

const servers: RunningServer[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: Parameters<typeof startCairn>[0] = {}): Promise<RunningServer> {
  const server = await startCairn(options);
  servers.push(server);
  return server;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A raw connection whose replies are not read until `resume()` (the socket stays paused). */
function openSilent(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
    socket.pause();
    sockets.push(socket);
  });
}

/**
 * Write `command` up to `count` times, respecting the socket's own backpressure, and stop once
 * the server has not accepted more for `stallMs`. Returns how many were written.
 */
async function writeUntilStalled(socket: net.Socket, command: Buffer, count: number, stallMs = 300): Promise<number> {
  let written = 0;
  while (written < count) {
    if (!socket.write(command)) {
      const drained = await Promise.race([
        new Promise<boolean>((resolve) => socket.once('drain', () => resolve(true))),
        sleep(stallMs).then(() => false),
      ]);
      if (!drained) return written + 1;
    }
    written++;
  }
  return written;
}

/** Wait (bounded) until the server has stopped running commands: the count holds still for `quietMs`. */
async function commandsSettle(server: RunningServer, quietMs = 300): Promise<number> {
  let last = -1;
  for (let attempt = 0; attempt < 100; attempt++) {
    const now = server.state.stats.totalCommandsProcessed;
    if (now === last) return now;
    last = now;
    await sleep(quietMs);
  }
  throw new Error('the server kept running commands of a client that does not read');
}

/** Wait (bounded) until `condition` holds. */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** The server-side state of the newest connection. */
function newestClient(server: RunningServer): Client {
  const clients = [...server.state.clients.values()];
  return clients[clients.length - 1] as Client;
}

/** Read `expectedBytes` of replies from a paused socket, bounded by a timeout. */
function drain(socket: net.Socket, expectedBytes: number, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const timer = setTimeout(() => reject(new Error(`received ${received} of ${expectedBytes} bytes`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= expectedBytes) {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      }
    });
    socket.resume();
  });
}

describe('a client that does not read its replies', () => {
  it('stops being served once its backlog is full, holds bounded memory, and gets every reply once it reads', async () => {
    const server = await start();
    const socket = await openSilent(server.port);
    const argument = 'e'.repeat(100_000);
    const command = encodeCommand(['ECHO', argument]);
    const requested = 3000; // 300 MB of replies if the server kept running them
    const before = process.memoryUsage();
    const written = await writeUntilStalled(socket, command, requested);
    expect(written).toBeLessThan(requested);

    const client = newestClient(server);
    const processed = await commandsSettle(server);
    expect(processed).toBeLessThan(requested);
    expect(client.transport.outputBytes).toBeLessThanOrEqual(limits.socketBacklogBytesMax + 2 * command.length);
    expect(client.transport.inputBytes).toBeLessThanOrEqual(4 * MB);
    const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers;
    expect(grown, 'buffer memory grew').toBeLessThan(64 * MB);

    const reply = `$${argument.length}\r\n${argument}\r\n`;
    const replies = await drain(socket, written * reply.length);
    expect(replies.length).toBe(written * reply.length);
    expect(replies.subarray(-reply.length).toString('latin1')).toBe(reply);
  });

  it('a flood of GETs of a large value is held back the same way (strings family)', async () => {
    const server = await start();
    const setup = await RespClient.connect(server.port);
    await setup.call('SET', 'large', Buffer.alloc(MB, 120));
    setup.close();
    const socket = await openSilent(server.port);
    const command = encodeCommand(['GET', 'large']);
    const written = await writeUntilStalled(socket, command, 200); // 200 MB of replies if unbounded
    const client = newestClient(server);
    const processed = await commandsSettle(server);
    expect(processed).toBeLessThan(written);
    expect(client.transport.outputBytes).toBeLessThanOrEqual(limits.socketBacklogBytesMax + 2 * MB);
    const replyBytes = `$${MB}\r\n`.length + MB + 2;
    const replies = await drain(socket, written * replyBytes, 60_000);
    expect(replies.length).toBe(written * replyBytes);
  });

  it('other connections are served while one client is held back', async () => {
    const server = await start();
    const socket = await openSilent(server.port);
    await writeUntilStalled(socket, encodeCommand(['ECHO', 'x'.repeat(100_000)]), 3000);
    const other = await RespClient.connect(server.port);
    expect(await other.call('PING')).toEqual({ t: 'simple', v: 'PONG' });
    other.close();
  });
});

describe('a subscriber that does not read (client-output-buffer-limit pubsub)', () => {
  const settings = { 'client-output-buffer-limit': 'pubsub 1mb 256kb 60' };

  /** A subscriber on `channel` that reads its confirmation, then stops reading. */
  async function silentSubscriber(port: number, channel: string): Promise<net.Socket> {
    const socket = await openSilent(port);
    socket.on('error', () => {});
    socket.write(encodeCommand(['SUBSCRIBE', channel]));
    const confirmation = await new Promise<Buffer>((resolve) => {
      socket.once('readable', () => resolve(socket.read() as Buffer));
    });
    expect(confirmation.toString()).toContain('subscribe');
    return socket;
  }

  it('is disconnected above the hard limit; a subscriber that reads keeps every message', async () => {
    const server = await start({ settings });
    await silentSubscriber(server.port, 'feed');
    const silent = newestClient(server);
    const reader = await RespClient.connect(server.port);
    await reader.call('SUBSCRIBE', 'feed');
    const publisher = await RespClient.connect(server.port);
    const message = 'm'.repeat(10_000);
    const stats = server.state.stats;
    let published = 0;
    for (let batch = 0; batch < 200 && stats.clientOutputBufferLimitDisconnections === 0; batch++) {
      await publisher.pipeline(Array.from({ length: 50 }, () => ['PUBLISH', 'feed', message]));
      published += 50;
    }
    expect(stats.clientOutputBufferLimitDisconnections).toBe(1);
    expect(await eventually(() => !server.state.clients.has(silent.id))).toBe(true);
    expect(published * message.length, 'disconnected only after well over the hard limit was sent').toBeGreaterThan(MB);
    expect(await publisher.call('PUBSUB', 'NUMSUB', 'feed')).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'feed' }, { t: 'int', v: '1' }] });
    const pushes = await reader.waitForPushes(published, 20_000);
    expect(pushes).toHaveLength(published);
    reader.close();
    publisher.close();
  });

  it('is disconnected after staying above the soft limit for its seconds', async () => {
    const clock = new ManualClock(Date.now() * 1000);
    const server = await start({ settings, clock });
    await silentSubscriber(server.port, 'slow');
    const subscriber = newestClient(server);
    const publisher = await RespClient.connect(server.port);
    const message = 's'.repeat(16 * 1024);
    for (let step = 0; step < 2000 && subscriber.transport.outputBytes < 300 * 1024; step++) {
      await publisher.call('PUBLISH', 'slow', message);
    }
    expect(subscriber.transport.outputBytes).toBeGreaterThanOrEqual(256 * 1024);
    expect(subscriber.transport.outputBytes).toBeLessThan(MB);
    clock.advanceMs(30_000);
    await publisher.call('PUBLISH', 'slow', 'x');
    expect(server.state.stats.clientOutputBufferLimitDisconnections, 'closed before its soft seconds').toBe(0);
    clock.advanceMs(31_000);
    await publisher.call('PUBLISH', 'slow', 'x');
    expect(server.state.stats.clientOutputBufferLimitDisconnections).toBe(1);
    expect(await eventually(() => !server.state.clients.has(subscriber.id))).toBe(true);
    publisher.close();
  });
});
