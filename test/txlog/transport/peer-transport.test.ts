/**
 * The peer transport over loopback: messages arrive in order with their content; messages from
 * another cluster, to another node, or that do not decode are dropped without ending the node;
 * a peer that restarts is reached again; the queue towards a peer that does not answer stays
 * within its bound and every drop is reported as unreachable.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { RaftClient, RaftService } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../../../txlog/src/core/limits.js';
import type { Message, NodeId } from '../../../txlog/src/core/types.js';
import { encodeMessage } from '../../../txlog/src/transport/codec.js';
import type { PeerLinkLimits } from '../../../txlog/src/transport/peer-link.js';
import { PeerTransport } from '../../../txlog/src/transport/peer-transport.js';
import { Endpoint, quiet, waitForEvent } from './endpoint.js';

const CLUSTER = 'test-cluster';
const VOTERS = [1, 2, 3];

function heartbeat(from: NodeId, to: NodeId, term: number, commit = 0): Message {
  return { type: 'heartbeat', from, to, term, logTerm: 0, index: 0, entries: [], commit, reject: false, rejectHint: 0, rejectHintTerm: 0, snapshot: null };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A transport from `selfId` to the given addresses, recording unreachable and snapshot reports. */
function transport(selfId: NodeId, peers: [NodeId, string][], limits: PeerLinkLimits = txlogLimits) {
  const events = new EventEmitter();
  const unreachable: NodeId[] = [];
  const snapshots: [NodeId, boolean][] = [];
  const sender = new PeerTransport({
    selfId,
    cluster: CLUSTER,
    peers: new Map(peers),
    logger: quiet,
    limits,
    onUnreachable: (peer) => {
      unreachable.push(peer);
      events.emit('report');
    },
    onSnapshotSent: (peer, ok) => {
      snapshots.push([peer, ok]);
      events.emit('report');
    },
  });
  cleanups.push(() => sender.close());
  const waitForReport = (condition: () => boolean, what: string) => waitForEvent(events, 'report', condition, 5000, what);
  return { sender, unreachable, snapshots, waitForReport };
}

async function endpoint(id: NodeId): Promise<Endpoint> {
  const started = new Endpoint(id, CLUSTER, VOTERS);
  await started.start();
  cleanups.push(() => started.kill());
  return started;
}

/** Send `message` every `everyMs` until `done` resolves (at most `count` times). */
async function keepSending(sender: PeerTransport, message: Message, done: Promise<void>, everyMs = 20, count = 500): Promise<void> {
  let sent = 0;
  const timer = setInterval(() => {
    if (++sent <= count) sender.send([message]);
  }, everyMs);
  try {
    await done;
  } finally {
    clearInterval(timer);
  }
}

describe('peer transport', () => {
  it('delivers two nodes’ messages to each other in order, entries and snapshots intact', async () => {
    const one = await endpoint(1);
    const two = await endpoint(2);
    const fromOne = transport(1, [[2, two.address]]);
    const fromTwo = transport(2, [[1, one.address]]);
    const count = 1000;
    for (let term = 1; term <= count; term++) {
      fromOne.sender.send([heartbeat(1, 2, term)]);
      fromTwo.sender.send([heartbeat(2, 1, term)]);
    }
    const entries = [{ term: 3, index: 5, type: 0 as const, data: new Uint8Array([1, 2, 3]) }];
    fromOne.sender.send([{ ...heartbeat(1, 2, count + 1), type: 'app', index: 4, logTerm: 2, entries }]);
    fromOne.sender.send([{ ...heartbeat(1, 2, count + 2), type: 'snapshot', snapshot: { meta: { index: 9, term: 3, voters: VOTERS }, data: new Uint8Array([7, 7]) } }]);
    await two.waitFor((received) => received.length === count + 2);
    await one.waitFor((received) => received.length === count);
    expect(two.received.map((message) => message.term)).toEqual(Array.from({ length: count + 2 }, (_, i) => i + 1));
    expect(one.received.map((message) => message.term)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const app = two.received[count] as Message;
    expect(app.entries.map((entry) => [entry.term, entry.index, [...entry.data]])).toEqual([[3, 5, [1, 2, 3]]]);
    const snapshot = (two.received[count + 1] as Message).snapshot;
    expect(snapshot?.meta).toEqual({ index: 9, term: 3, voters: VOTERS });
    expect([...(snapshot?.data ?? [])]).toEqual([7, 7]);
    await fromOne.waitForReport(() => fromOne.snapshots.length === 1, 'snapshot report');
    expect(fromOne.snapshots).toEqual([[2, true]]);
    expect(fromOne.sender.isReachable(2)).toBe(true);
    expect(fromOne.sender.stats(2)).toMatchObject({ state: 'connected', queued: 0, sent: count + 2, dropped: 0 });
  });

  it('drops messages from another cluster, to another node or from a stranger, and delivers the next good one of the same stream', async () => {
    const two = await endpoint(2);
    const client = new RaftClient(two.address, credentials.createInsecure());
    cleanups.push(() => client.close());
    const ended = new Promise<ServiceError | null>((resolve) => {
      const call = client.stream((error) => resolve(error));
      call.write({ ...encodeMessage(heartbeat(1, 2, 1), 'another-cluster') });
      call.write(encodeMessage(heartbeat(1, 3, 2), CLUSTER));
      call.write(encodeMessage(heartbeat(9, 2, 3), CLUSTER));
      call.write(encodeMessage(heartbeat(2, 2, 4), CLUSTER));
      call.write({ ...encodeMessage(heartbeat(1, 2, 5), CLUSTER), term: 2n ** 60n });
      call.write(encodeMessage(heartbeat(1, 2, 6), CLUSTER));
      call.end();
    });
    expect(await ended).toBeNull();
    await two.waitFor((received) => received.length >= 1);
    expect(two.received.map((message) => message.term)).toEqual([6]);
  });

  it('a stream of bytes that are not a RaftMessage is ended by gRPC; the node keeps serving other streams', async () => {
    const two = await endpoint(2);
    const Garbage = makeGenericClientConstructor(
      { stream: { ...RaftService.stream, requestSerialize: (value: Buffer) => value } },
      'cairn.txlog.v1.Raft',
    );
    const garbage = new Garbage(two.address, credentials.createInsecure());
    cleanups.push(() => garbage.close());
    const failed = await new Promise<ServiceError | null>((resolve) => {
      const call = garbage.makeClientStreamRequest(
        RaftService.stream.path,
        (value: Buffer) => value,
        RaftService.stream.responseDeserialize,
        (error: ServiceError | null) => resolve(error),
      );
      call.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
      call.end();
    });
    expect(failed?.details).toMatch(/deserializ/i);
    const one = transport(1, [[2, two.address]]);
    one.sender.send([heartbeat(1, 2, 8)]);
    await two.waitFor((received) => received.length === 1);
    expect(two.received[0]?.term).toBe(8);
  });

  it('reports a peer unreachable when its stream breaks, and reaches it again after it restarts on the same port', async () => {
    const two = await endpoint(2);
    const one = transport(1, [[2, two.address]]);
    await keepSending(one.sender, heartbeat(1, 2, 1), two.waitFor((received) => received.length > 0));
    two.kill();
    await one.waitForReport(() => one.unreachable.length > 0, 'unreachable report after the peer stopped');
    expect(one.unreachable.every((peer) => peer === 2)).toBe(true);
    expect(one.sender.isReachable(2)).toBe(false);
    await two.start();
    const before = two.received.length;
    await keepSending(one.sender, heartbeat(1, 2, 2), two.waitFor((received) => received.slice(before).some((message) => message.term === 2)));
    expect(one.sender.isReachable(2)).toBe(true);
  });

  it('drops messages beyond the queue bound while a peer does not answer, reports each drop, and gives up on it after the connect limit', async () => {
    // Accepts TCP connections and never speaks HTTP/2: the stream is never confirmed.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const port = (silent.address() as net.AddressInfo).port;
    const limits: PeerLinkLimits = { ...txlogLimits, peerQueueMessagesMax: 4, peerConnectMsMax: 500, peerBackoffMsMin: 10_000 };
    const one = transport(1, [[2, `127.0.0.1:${port}`]], limits);
    for (let term = 1; term <= 10; term++) one.sender.send([heartbeat(1, 2, term)]);
    expect(one.sender.stats(2)).toMatchObject({ state: 'connecting', queued: 4, sent: 0, dropped: 6 });
    expect(one.unreachable).toEqual([2, 2, 2, 2, 2, 2]);
    await one.waitForReport(() => one.unreachable.length === 7, 'the queue is dropped when the connect limit passes');
    expect(one.sender.stats(2)).toMatchObject({ state: 'backoff', queued: 0, sent: 0, dropped: 10 });
    one.sender.send([{ ...heartbeat(1, 2, 11), type: 'snapshot', snapshot: { meta: { index: 1, term: 1, voters: VOTERS }, data: new Uint8Array(0) } }]);
    expect(one.snapshots).toEqual([[2, false]]);
    expect(one.sender.stats(2)?.dropped).toBe(11);
  });

  it('bounds the queue by bytes too: one large message is always accepted, a second that would pass the bound is dropped', async () => {
    const limits: PeerLinkLimits = { ...txlogLimits, peerQueueBytesMax: 1000 };
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const one = transport(1, [[2, `127.0.0.1:${(silent.address() as net.AddressInfo).port}`]], limits);
    const big = { ...heartbeat(1, 2, 1), type: 'app' as const, entries: [{ term: 1, index: 1, type: 0 as const, data: new Uint8Array(5000) }] };
    one.sender.send([big, heartbeat(1, 2, 2)]);
    expect(one.sender.stats(2)).toMatchObject({ queued: 1, dropped: 1 });
  });

  it('refuses to send to a node it does not know (a programming error)', () => {
    const one = transport(1, [[2, '127.0.0.1:1']]);
    expect(() => one.sender.send([heartbeat(1, 3, 1)])).toThrow(/assertion: message to unknown node 3/);
  });
});
