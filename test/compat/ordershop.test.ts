/**
 * The OrderShop pattern over real sockets with ioredis: services append customer and order events
 * to their streams, the order service's consumer group reads both streams with two consumers via
 * XREADGROUP BLOCK, one consumer disconnects with entries pending, and the other claims them
 * with XAUTOCLAIM. Every event must be processed and acknowledged exactly once by the group,
 * nothing lost and nothing delivered twice with `>`. Also blocking reads over sockets: XREAD
 * BLOCK with `$` woken by another connection, a blocked XREADGROUP whose group is destroyed.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { startCairn } from '../support/servers.js';

const CUSTOMERS = 60;
const ORDERS_PER_CUSTOMER = 3;
const TOTAL_EVENTS = CUSTOMERS * (1 + ORDERS_PER_CUSTOMER);
const STREAMS = ['customer-events', 'order-events'] as const;
const GROUP = 'order-service';
/** Events each producer batch appends per stream (the producers interleave with the consumers). */
const BATCH_EVENTS = 12;
/** Bounds on the loops that wait for progress: reads, XAUTOCLAIM pages, CLIENT LIST polls. */
const READS_MAX = 2_000;
const CLAIM_PAGES_MAX = 100;
const POLLS_MAX = 1_000;
/** A consumer's blocking read gives up after this long and loops (a bound, not a synchronisation). */
const BLOCK_MS = 200;

type StreamEntries = [string, [string, string[]][]][];

let server: RunningServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startCairn();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

afterAll(async () => {
  await server.close();
});

async function connect(name: string): Promise<Redis> {
  const client = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: true, connectionName: name });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

/** Every event each stream will hold, in the order the producers append them. */
function plannedEvents(): Record<(typeof STREAMS)[number], string[][]> {
  const customers: string[][] = [];
  const orders: string[][] = [];
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    customers.push(['type', 'CustomerCreated', 'customer', `c${customer}`, 'name', `Customer ${customer}`]);
    for (let order = 0; order < ORDERS_PER_CUSTOMER; order++) {
      orders.push(['type', 'OrderCreated', 'order', `o${customer}-${order}`, 'customer', `c${customer}`, 'amount', String(10 + order)]);
    }
  }
  return { 'customer-events': customers, 'order-events': orders };
}

/** What the order service's consumers did, shared by them. */
class OrderService {
  /** stream/id -> times processed and acknowledged. */
  readonly processed = new Map<string, number>();
  /** stream/id delivered by XREADGROUP `>` (to any consumer). */
  readonly deliveredNew = new Map<string, number>();
  readonly customers = new Set<string>();
  readonly orders = new Set<string>();
  acknowledged = 0;

  recordDelivery(stream: string, id: string): void {
    const key = `${stream}/${id}`;
    this.deliveredNew.set(key, (this.deliveredNew.get(key) ?? 0) + 1);
  }

  /** Process an event, then acknowledge it; XACK must confirm it was pending. */
  async handle(client: Redis, stream: string, id: string, fields: string[]): Promise<void> {
    const event = new Map<string, string>();
    for (let index = 0; index < fields.length; index += 2) event.set(fields[index] as string, fields[index + 1] as string);
    if (event.get('type') === 'CustomerCreated') this.customers.add(event.get('customer') as string);
    else this.orders.add(event.get('order') as string);
    const key = `${stream}/${id}`;
    this.processed.set(key, (this.processed.get(key) ?? 0) + 1);
    this.acknowledged += Number(await client.xack(stream, GROUP, id));
  }
}

/** XREADGROUP on both streams; null when the wait ended with nothing. */
async function readNew(client: Redis, consumer: string, count: number, blockMs: number): Promise<StreamEntries | null> {
  return (await client.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...STREAMS, '>', '>')) as StreamEntries | null;
}

/** Claim every pending entry idle for at least 0 ms, page by page, and handle each. */
async function recoverPending(client: Redis, consumer: string, service: OrderService): Promise<number> {
  let claimed = 0;
  for (const stream of STREAMS) {
    let cursor = '0-0';
    for (let page = 0; page < CLAIM_PAGES_MAX; page++) {
      const [next, entries] = (await client.xautoclaim(stream, GROUP, consumer, 0, cursor, 'COUNT', 5)) as [string, [string, string[]][], string[]];
      for (const [id, fields] of entries) await service.handle(client, stream, id, fields);
      claimed += entries.length;
      cursor = next;
      if (cursor === '0-0') break;
    }
  }
  return claimed;
}

describe('OrderShop: event streams read by a consumer group', () => {
  it('every event is processed and acknowledged exactly once, across a consumer crash and XAUTOCLAIM', async () => {
    const admin = await connect('admin');
    for (const stream of STREAMS) expect(await admin.xgroup('CREATE', stream, GROUP, '$', 'MKSTREAM')).toBe('OK');
    const planned = plannedEvents();
    const producers = { 'customer-events': await connect('customer-service'), 'order-events': await connect('order-producer') };
    const written: Record<(typeof STREAMS)[number], number> = { 'customer-events': 0, 'order-events': 0 };
    const produceBatch = async (): Promise<void> => {
      for (const stream of STREAMS) {
        const events = planned[stream].slice(written[stream], written[stream] + BATCH_EVENTS);
        const pipeline = producers[stream].pipeline();
        for (const event of events) pipeline.xadd(stream, '*', ...event);
        await pipeline.exec();
        written[stream] += events.length;
      }
    };

    const service = new OrderService();
    // Consumer B reads the first events, handles two of them, and goes away with the rest pending.
    const consumerB = await connect('consumer-b');
    await produceBatch();
    const received = (await readNew(consumerB, 'consumer-b', 4, 0)) as StreamEntries;
    let pendingAtB = 0;
    let handledByB = 0;
    for (const [stream, entries] of received) {
      for (const [id, fields] of entries) {
        service.recordDelivery(stream, id);
        if (handledByB < 2) {
          await service.handle(consumerB, stream, id, fields);
          handledByB++;
        } else {
          pendingAtB++;
        }
      }
    }
    expect(pendingAtB).toBeGreaterThan(0);
    consumerB.disconnect();
    let goneFromServer = false;
    for (let poll = 0; poll < POLLS_MAX && !goneFromServer; poll++) goneFromServer = !String(await admin.client('LIST')).includes('name=consumer-b');
    expect(goneFromServer).toBe(true);
    const pendingSummary = (await admin.xpending('customer-events', GROUP)) as [number, string, string, [string, string][]];
    expect(pendingSummary[3].map(([name]) => name)).toEqual(['consumer-b']);

    // Consumer A recovers B's entries with XAUTOCLAIM, then reads new events as the producers keep writing.
    const consumerA = await connect('consumer-a');
    const recovered = await recoverPending(consumerA, 'consumer-a', service);
    expect(recovered).toBe(pendingAtB);
    const consume = async (): Promise<void> => {
      for (let read = 0; read < READS_MAX && service.processed.size < TOTAL_EVENTS; read++) {
        const batch = await readNew(consumerA, 'consumer-a', 10, BLOCK_MS);
        for (const [stream, entries] of batch ?? []) {
          for (const [id, fields] of entries) {
            service.recordDelivery(stream, id);
            await service.handle(consumerA, stream, id, fields);
          }
        }
      }
    };
    const produce = async (): Promise<void> => {
      for (let batch = 0; batch < READS_MAX && written['customer-events'] + written['order-events'] < TOTAL_EVENTS; batch++) await produceBatch();
    };
    await Promise.all([consume(), produce()]);

    expect(service.processed.size).toBe(TOTAL_EVENTS);
    expect([...service.processed.values()].every((times) => times === 1)).toBe(true);
    expect(service.acknowledged).toBe(TOTAL_EVENTS);
    expect(service.deliveredNew.size).toBe(TOTAL_EVENTS);
    expect([...service.deliveredNew.values()].every((times) => times === 1)).toBe(true);
    expect(service.customers.size).toBe(CUSTOMERS);
    expect(service.orders.size).toBe(CUSTOMERS * ORDERS_PER_CUSTOMER);
    for (const stream of STREAMS) {
      expect(await admin.xlen(stream)).toBe(planned[stream].length);
      expect(await admin.xpending(stream, GROUP)).toEqual([0, null, null, null]);
      const [group] = (await admin.call('XINFO', 'GROUPS', stream)) as unknown[][];
      expect(group).toEqual(['name', GROUP, 'consumers', 2, 'pending', 0, 'last-delivered-id', expect.any(String), 'entries-read', planned[stream].length, 'lag', 0]);
    }
  });
});

/** Poll until `count` clients are blocked (INFO clients): an observable condition, not a sleep. */
async function waitForBlocked(admin: Redis, count: number): Promise<void> {
  for (let poll = 0; poll < POLLS_MAX; poll++) {
    if ((await admin.info('clients')).includes(`blocked_clients:${count}\r\n`)) return;
  }
  throw new Error(`never saw ${count} blocked clients`);
}

describe('blocking stream reads over sockets', () => {
  it('XREAD BLOCK with $ is woken by another connection and gets only the new entry', async () => {
    const admin = await connect('admin');
    const reader = await connect('reader');
    await admin.xadd('events', '1-0', 'old', 'x');
    const read = reader.call('XREAD', 'BLOCK', 0, 'STREAMS', 'events', '$');
    await waitForBlocked(admin, 1);
    await admin.xadd('events', '2-0', 'new', 'y');
    expect(await read).toEqual([['events', [['2-0', ['new', 'y']]]]]);
  });

  it('a blocked XREADGROUP gets NOGROUP when its group is destroyed, and a null reply on timeout', async () => {
    const admin = await connect('admin');
    const reader = await connect('reader');
    await admin.xgroup('CREATE', 'jobs', 'workers', '$', 'MKSTREAM');
    const failure = reader.call('XREADGROUP', 'GROUP', 'workers', 'w1', 'BLOCK', 0, 'STREAMS', 'jobs', '>').then(
      () => null,
      (error: Error) => error.message,
    );
    await waitForBlocked(admin, 1);
    await admin.xgroup('DESTROY', 'jobs', 'workers');
    expect(await failure).toBe('NOGROUP the consumer group this client was blocked on no longer exists');
    await admin.xgroup('CREATE', 'jobs', 'workers', '$');
    expect(await reader.call('XREADGROUP', 'GROUP', 'workers', 'w1', 'BLOCK', 20, 'STREAMS', 'jobs', '>')).toBeNull();
  });
});
