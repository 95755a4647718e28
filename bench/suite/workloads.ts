/**
 * The workloads' requests. Keys are drawn uniformly from the keyspace, per client from a seeded
 * generator (the same run sends the same keys):
 *   set    SET key:<n> <value>           (the preloaded keys, overwritten)
 *   get    GET key:<n>                   (the preloaded keys)
 *   incr   INCR counter:<n>
 *   lpush  LPUSH list:<n> <value>
 *   mixed  80% GET key:<n>, 20% SET key:<n> <value>, drawn per operation
 * With `waitAfterWrites` (the Redis primary with two replicas), a batch holding a write ends with
 * WAIT 2 0, sent with it: the batch is answered once both replicas have every write before the WAIT
 * (one WAIT covers every earlier write of the connection, so a pipeline needs only one).
 * etcd gets puts of key:<n> with a value of the same size, `pipeline` of them in flight per client.
 */
import { loadedKey } from '../support/key-loader.js';
import type { EtcdPutClient } from '../support/etcd-cluster.js';
import type { Connection } from '../support/resp-connection.js';
import { etcdPutDeadlineMs } from './limits.js';
import type { LoadClient } from './load-loop.js';
import type { WorkloadId } from './results.js';

/** Share of GETs in the mixed workload. */
const mixedGetFraction = 0.8;

/** xorshift32: a small seeded generator, uniform enough for picking keys. */
export class KeyPicker {
  private state: number;

  constructor(
    seed: number,
    private readonly keys: number,
  ) {
    this.state = (seed * 2654435761) >>> 0 || 1;
  }

  /** A number in [0, 1). */
  fraction(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  /** A key index in [0, keys). */
  index(): number {
    return Math.floor(this.fraction() * this.keys);
  }
}

/** One command's RESP encoding as text (keys and values here are ASCII). */
function encode(argv: readonly string[]): string {
  let text = `*${argv.length}\r\n`;
  for (const arg of argv) text += `$${arg.length}\r\n${arg}\r\n`;
  return text;
}

export interface RespBatch {
  readonly request: Buffer;
  readonly replies: number;
}

/** The next batch of `pipeline` operations of `workload` for one client. */
export function respBatches(workload: WorkloadId, pipeline: number, value: string, waitAfterWrites: boolean, picker: KeyPicker): () => RespBatch {
  const operation = (): { text: string; write: boolean } => {
    const n = picker.index();
    switch (workload) {
      case 'set':
        return { text: encode(['SET', loadedKey(n), value]), write: true };
      case 'get':
        return { text: encode(['GET', loadedKey(n)]), write: false };
      case 'incr':
        return { text: encode(['INCR', `counter:${n}`]), write: true };
      case 'lpush':
        return { text: encode(['LPUSH', `list:${n}`, value]), write: true };
      case 'mixed':
        return picker.fraction() < mixedGetFraction ? { text: encode(['GET', loadedKey(n)]) , write: false } : { text: encode(['SET', loadedKey(n), value]), write: true };
    }
  };
  const wait = encode(['WAIT', '2', '0']);
  return () => {
    let text = '';
    let writes = 0;
    for (let index = 0; index < pipeline; index++) {
      const next = operation();
      text += next.text;
      if (next.write) writes++;
    }
    const waits = waitAfterWrites && writes > 0 ? 1 : 0;
    if (waits === 1) text += wait;
    return { request: Buffer.from(text, 'latin1'), replies: pipeline + waits };
  };
}

/** A RESP connection sending one workload's batches. */
export class RespLoadClient implements LoadClient {
  constructor(
    private readonly connection: Connection,
    private readonly pipeline: number,
    private readonly next: () => RespBatch,
  ) {}

  async sendBatch(): Promise<number> {
    const batch = this.next();
    return Math.min(this.pipeline, await this.connection.sendCountingErrors(batch.request, batch.replies));
  }

  close(): void {
    this.connection.close();
  }
}

/** An etcd client putting `pipeline` keys at once; a failed put counts as an error. */
export class EtcdLoadClient implements LoadClient {
  private readonly encoder = new TextEncoder();
  private readonly value: Uint8Array;

  constructor(
    private readonly client: EtcdPutClient,
    private readonly pipeline: number,
    value: string,
    private readonly picker: KeyPicker,
  ) {
    this.value = this.encoder.encode(value);
  }

  async sendBatch(): Promise<number> {
    const puts: Promise<number>[] = [];
    for (let index = 0; index < this.pipeline; index++) {
      const key = this.encoder.encode(loadedKey(this.picker.index()));
      puts.push(this.client.put(key, this.value, etcdPutDeadlineMs).then(() => 0, () => 1));
    }
    const failed = await Promise.all(puts);
    return failed.reduce((sum, one) => sum + one, 0);
  }

  close(): void {
    this.client.close();
  }
}
