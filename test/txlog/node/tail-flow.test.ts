/**
 * Tail respects gRPC flow control: a reader that stops reading makes the node stop building
 * responses (it waits for the stream to drain) long before the log is exhausted; when the reader
 * resumes, every record arrives in order without gaps or repeats.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { afterEach, expect, it } from 'vitest';
import { RecordKind, type TailResponse } from '../../../proto/gen/txlog.js';
import { Cluster } from './cluster.js';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

const RECORDS = 2000;
const PAYLOAD_BYTES = 10_000;

it('a Tail whose reader stops is held at the slow reader, then delivers everything in order when it reads again', async () => {
  cluster = await Cluster.start(3, 'memory', { tailBatchEntriesMax: 10 });
  const three = cluster;
  const leader = await three.leader();
  for (let batch = 0; batch < RECORDS / 100; batch++) {
    const records = Array.from({ length: 100 }, (_, i) => ({ kind: RecordKind.RECORD_KIND_DATA, payload: Buffer.alloc(PAYLOAD_BYTES, (batch * 100 + i) % 251) }));
    const response = await three.append(leader, { clientId: 1n, requestSeq: BigInt(batch + 1), expectedPrevId: BigInt(batch * 100), records });
    expect(response.result?.$case).toBe('committed');
  }
  const node = three.node(leader);
  const ids: bigint[] = [];
  const stream = three.client(leader).tail({ fromId: 1n });
  const received = new Promise<void>((resolve, reject) => {
    stream.on('data', (response: TailResponse) => {
      // The reader takes the first response, then stops reading.
      if (ids.length === 0) stream.pause();
      for (const record of response.records) {
        if (record.payload[0] !== Number((record.id - 1n) % 251n)) reject(new Error(`record ${record.id} has the wrong payload`));
        ids.push(record.id);
      }
      if (ids.length >= RECORDS) resolve();
    });
    stream.on('error', (error: ServiceError) => reject(error));
  });
  let furthest = await new Promise<number>((resolve) => node.events.once('tailBlocked', resolve));
  const track = (nextId: number) => (furthest = Math.max(furthest, nextId));
  node.events.on('tailBlocked', track);
  // Proving that nothing more happens takes a time window: the stream must stay held while nobody reads.
  await new Promise((resolve) => setTimeout(resolve, 500));
  node.events.off('tailBlocked', track);
  expect(furthest).toBeLessThan(RECORDS / 4);
  stream.resume();
  await received;
  stream.cancel();
  expect(ids).toEqual(Array.from({ length: RECORDS }, (_, i) => BigInt(i + 1)));
});
