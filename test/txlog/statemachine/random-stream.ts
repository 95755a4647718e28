/**
 * Seeded random streams of committed entries for equivalence tests: several writers pipelining,
 * racing, retrying, going stale, claiming and renewing leases, with trims, no-ops and garbage.
 */
import { RecordKind } from '../../../proto/gen/txlog.js';
import { type Entry, EntryType } from '../../../txlog/src/core/types.js';
import { seededRandom } from '../../support/executor.js';
import { type AppendSpec, appendData, claim, data, entryAt, renewal, trimData } from './commands.js';

interface Writer {
  client: bigint;
  seq: bigint;
  /** The id this writer believes is last (it may be wrong: then it is fenced). */
  prev: number;
  sent: AppendSpec[];
}

/** `count` entries from `seed`; the stream only knows the chain through the writers' guesses. */
export function randomStream(seed: number, count: number): Entry[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const writers: Writer[] = Array.from({ length: 4 }, (_, n) => ({ client: BigInt(n + 1), seq: 0n, prev: 0, sent: [] }));
  let nextClient = 100n;
  let guessedLast = 0;
  const entries: Entry[] = [];
  for (let index = 1; index <= count; index++) {
    const writer = writers[pick(writers.length)] as Writer;
    const roll = random();
    let bytes: Uint8Array;
    if (roll < 0.05) bytes = new Uint8Array(0);
    else if (roll < 0.09) bytes = trimData(pick(guessedLast + 3));
    else if (roll < 0.11) bytes = Uint8Array.from({ length: 1 + pick(8) }, () => pick(256));
    else if (roll < 0.18 && writer.sent.length > 0) bytes = appendData(writer.sent[pick(writer.sent.length)] as AppendSpec); // a retry, maybe stale
    else if (roll < 0.22) {
      writer.client = nextClient++; // a new session
      writer.seq = 0n;
      writer.prev = guessedLast;
      bytes = appendData(next(writer, [claim(`w${writer.client}`, 1000 + pick(5000))]));
    } else {
      if (random() < 0.3) writer.prev = guessedLast; // catches up with the chain
      const records = random() < 0.2 ? [renewal(`w${writer.client}`)] : data(1 + pick(3), `${index}:`);
      if (random() < 0.03) records.push({ kind: RecordKind.RECORD_KIND_UNSPECIFIED, payload: Buffer.alloc(0) });
      bytes = appendData(next(writer, records));
      guessedLast = Math.max(guessedLast, writer.prev);
    }
    entries.push(entryAt(index, bytes, random() < 0.01 ? EntryType.ConfigChange : EntryType.Normal));
  }
  return entries;
}

function next(writer: Writer, records: AppendSpec['records']): AppendSpec {
  writer.seq += 1n;
  const spec: AppendSpec = { client: writer.client, seq: writer.seq, prev: writer.prev, records };
  writer.prev += records.length;
  writer.sent.push(spec);
  if (writer.sent.length > 8) writer.sent.shift();
  return spec;
}
