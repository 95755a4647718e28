/**
 * Building the snapshot registry's commands for state machine tests, and random streams that mix
 * them into the random append streams (renumbered so the indexes stay consecutive).
 */
import { LogCommand, type SnapshotInfo } from '../../../proto/gen/txlog.js';
import type { Entry } from '../../../txlog/src/core/types.js';
import { seededRandom } from '../../support/executor.js';
import { entryAt } from './commands.js';
import { randomStream } from './random-stream.js';

/** A snapshot at `recordId` with recognisable fields; `overrides` changes any of them. */
export function snapshotInfo(recordId: number, overrides: Partial<SnapshotInfo> = {}): SnapshotInfo {
  return {
    recordId: BigInt(recordId),
    location: `/var/lib/cairn/snapshots/snapshot-${recordId}.cairn`,
    sizeBytes: BigInt(1000 + recordId),
    keyCount: BigInt(10 * recordId),
    digest: `digest-${recordId}`,
    createdMs: BigInt(1_700_000_000_000 + recordId),
    answersRequestSeq: 0n,
    ...overrides,
  };
}

export function recordSnapshotData(info: SnapshotInfo): Uint8Array {
  return LogCommand.encode({ command: { $case: 'recordSnapshot', value: info } }).finish();
}

export function requestSnapshotData(): Uint8Array {
  return LogCommand.encode({ command: { $case: 'requestSnapshot', value: {} } }).finish();
}

/**
 * The random stream of `seed` with registry commands mixed in: requests, and snapshots at record
 * ids around the chain's end as the stream guesses it (some refused: not above the latest, beyond
 * the chain, answering requests out of range), and retries of earlier ones.
 */
export function randomStreamWithRegistry(seed: number, count: number): Entry[] {
  const random = seededRandom(seed * 7919);
  const pick = (n: number) => Math.floor(random() * n);
  const sent: SnapshotInfo[] = [];
  let requests = 0;
  let guessedLast = 0;
  const mixed: Entry[] = [];
  for (const entry of randomStream(seed, count)) {
    mixed.push(entryAt(mixed.length + 1, entry.data, entry.type));
    const command = entry.data.length > 0 ? safeDecode(entry.data) : undefined;
    if (command?.$case === 'append') guessedLast = Math.max(guessedLast, Number(command.value.expectedPrevId) + command.value.records.length);
    const roll = random();
    let data: Uint8Array | null = null;
    if (roll < 0.05) {
      requests++;
      data = requestSnapshotData();
    } else if (roll < 0.1) {
      const info = snapshotInfo(Math.max(1, guessedLast - pick(4) + pick(3)), { answersRequestSeq: BigInt(Math.max(0, requests - pick(3) + pick(2))) });
      sent.push(info);
      data = recordSnapshotData(info);
    } else if (roll < 0.12 && sent.length > 0) {
      data = recordSnapshotData(sent[pick(sent.length)] as SnapshotInfo);
    }
    if (data !== null) mixed.push(entryAt(mixed.length + 1, data));
  }
  return mixed;
}

function safeDecode(data: Uint8Array): LogCommand['command'] {
  try {
    return LogCommand.decode(data).command;
  } catch {
    return undefined;
  }
}
