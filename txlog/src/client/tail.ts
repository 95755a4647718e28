/**
 * Tailing the log as an async iterator: committed records in id order from any node, resumed
 * after a dropped stream from the next id (it remembers the last id it yielded, skips repeats
 * and refuses gaps). It ends only when the caller stops iterating, which cancels the stream.
 */
import { type ServiceError, status } from '@grpc/grpc-js';
import type { TailResponse } from '../../../proto/gen/txlog.js';
import type { ClientCore } from './client-core.js';
import { isRetryable } from './client-core.js';
import { idToProto, type TailedRecord, tailRecordFromProto } from './codec.js';
import { TxlogError } from './errors.js';

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/**
 * Records from `fromId` on, from the node at `firstNode` (an index into the configured addresses),
 * moving to the next node after each failure.
 */
export async function* tailRecords(core: ClientCore, fromId: number, firstNode: number): AsyncGenerator<TailedRecord, void, undefined> {
  if (!Number.isSafeInteger(fromId) || fromId < 1) throw new TxlogError('limit', `tail starts at a record id of 1 or more, got ${fromId}`);
  const addresses = core.pool.configured;
  const backoff = core.backoff();
  let next = fromId;
  for (let node = firstNode; ; node++) {
    if (core.closed) throw new TxlogError('closed', 'the log client was closed');
    const address = addresses[node % addresses.length];
    if (address === undefined) throw new Error('assertion: the pool has addresses');
    const call = core.pool.stub(address).tail({ fromId: idToProto(next) });
    call.on('error', () => undefined); // errors are read through the iterator; this keeps late ones from crashing
    const untrack = core.pool.track(call);
    try {
      for await (const response of call as AsyncIterable<TailResponse>) {
        for (const wire of response.records) {
          const record = tailRecordFromProto(wire);
          if (record.id < next) continue;
          if (record.id > next) throw new TxlogError('protocol', `${address} sent record ${record.id} when ${next} was next`);
          next++;
          backoff.reset();
          yield record;
        }
      }
    } catch (error) {
      if (error instanceof TxlogError) throw error;
      if (core.closed) throw new TxlogError('closed', 'the log client was closed');
      if (!isServiceError(error)) throw error;
      if (error.code === status.OUT_OF_RANGE) {
        throw new TxlogError('trimmed', `records from id ${next} were trimmed from the log (${address}: ${error.details})`);
      }
      if (!isRetryable(error.code)) throw new TxlogError('refused', `${address} refused to tail from id ${next}: ${error.details}`);
    } finally {
      untrack();
      call.cancel();
    }
    await core.sleep(backoff.next());
  }
}
