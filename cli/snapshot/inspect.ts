/** `cairn snapshot inspect FILE [--json]`: the header, key counts per type and per database, the largest keys. */
import type { ValueType } from '../../server/src/keyspace/entry.js';
import { TYPES_BY_CODE } from '../../server/src/snapshot/format.js';
import { inspectSnapshot, type SnapshotInspection, type TypeCounts } from '../../server/src/snapshot/snapshot-inspect.js';
import { parseCommandLine } from './arguments.js';
import { EXIT, type ExitCode } from './outcome.js';
import { withProgress } from './progress.js';
import { fields, formatBytes, formatTime, quoteKey, table } from './text.js';

/** Inspect the file and print what it holds. */
export async function runInspect(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: ['FILE'], options: [], flags: ['json'] });
  const file = line.positionals[0] as string;
  const inspection = await withProgress('inspect', 'keys', (progress) => inspectSnapshot(file, { onProgress: (done, total) => progress.update(done, total) }));
  process.stdout.write(line.flags.has('json') ? `${JSON.stringify(inspectionJson(file, inspection), null, 2)}\n` : inspectionText(file, inspection));
  return EXIT.ok;
}

/** Counts of the types that have keys, e.g. `string 3, hash 1` (`none` when empty). */
function typeSummary(counts: TypeCounts): string {
  const present = TYPES_BY_CODE.filter((type: ValueType) => counts[type] > 0).map((type) => `${type} ${counts[type]}`);
  return present.length === 0 ? 'none' : present.join(', ');
}

function inspectionText(file: string, inspection: SnapshotInspection): string {
  const { header } = inspection;
  let text = fields([
    ['file', file],
    ['format version', String(header.formatVersion)],
    ['log index', String(header.logIndex)],
    ['last accepted id', String(header.lastAcceptedId)],
    ['lease epoch', String(header.leaseEpoch)],
    ['created', formatTime(header.createdAtMs)],
    ['size', `${formatBytes(inspection.fileBytes)} (${inspection.fileBytes} bytes, ${inspection.blocks} blocks)`],
    ['keys', `${header.keyCount} (${inspection.keysWithExpiry} with an expiry)`],
    ['databases', `${header.databaseCount} (${inspection.databases.length} holding keys)`],
    ['digest', inspection.digest],
  ]);
  text += '\nkeys per type\n';
  text += table(TYPES_BY_CODE.map((type) => ['  ' + type, String(inspection.keysPerType[type])]));
  if (inspection.databases.length > 0) {
    text += '\nkeys per database\n';
    text += table(inspection.databases.map((database) => [`  db ${database.db}`, String(database.keys), typeSummary(database.keysPerType)]));
  }
  if (inspection.largestKeys.length > 0) {
    text += `\nlargest keys (record bytes)\n`;
    text += table(inspection.largestKeys.map((key) => ['  ' + formatBytes(key.bytes), `db ${key.db}`, key.type, quoteKey(key.key)]));
  }
  return text;
}

function inspectionJson(file: string, inspection: SnapshotInspection): unknown {
  const { header } = inspection;
  return {
    file,
    format_version: header.formatVersion,
    log_index: header.logIndex,
    last_accepted_id: header.lastAcceptedId,
    lease_epoch: header.leaseEpoch,
    created_ms: header.createdAtMs,
    created: formatTime(header.createdAtMs),
    size_bytes: inspection.fileBytes,
    blocks: inspection.blocks,
    key_count: header.keyCount,
    keys_with_expiry: inspection.keysWithExpiry,
    database_count: header.databaseCount,
    digest: inspection.digest,
    keys_per_type: inspection.keysPerType,
    databases: inspection.databases.map((database) => ({ db: database.db, keys: database.keys, keys_per_type: database.keysPerType })),
    largest_keys: inspection.largestKeys.map((key) => ({
      db: key.db,
      key: quoteKey(key.key),
      key_base64: Buffer.from(key.key, 'latin1').toString('base64'),
      type: key.type,
      bytes: key.bytes,
    })),
  };
}
