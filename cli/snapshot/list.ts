/**
 * `cairn snapshot list [--dir D] [--log HOST:PORT,...] [--json]`: the snapshot files of a data
 * directory, newest first, each with its index, creation time, size, keys and whether the log's
 * registry records it (verified: yes, no, or unknown when the log cannot be asked).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SnapshotView } from '../../txlog/src/client/index.js';
import { isSnapshotTempFile, SnapshotError, type SnapshotHeader } from '../../server/src/snapshot/format.js';
import { readSnapshotHeader } from '../../server/src/snapshot/snapshot-reader.js';
import { integerOption, logAddresses, parseCommandLine } from './arguments.js';
import { clusterLogAddresses, dataDirectory, logClient } from './cluster-target.js';
import { CommandFailure, EXIT, type ExitCode, oneLine } from './outcome.js';
import { formatBytes, formatTime, table } from './text.js';

/** How long the log may take to answer, in ms, by default. */
const TIMEOUT_MS_DEFAULT = 3000;
const TIMEOUT_MS_MAX = 600_000;
/** Files of a directory looked at, at most (a bound on the listing). */
const DIRECTORY_FILES_MAX = 10_000;

/** One file of the directory. */
interface Listed {
  readonly file: string;
  readonly header: SnapshotHeader | null;
  readonly sizeBytes: number;
  /** Why the header could not be read. */
  readonly error: string | null;
  readonly verified: boolean | null;
}

/** What the log's registry says, or why it could not be asked. */
type Registry = { readonly snapshots: readonly SnapshotView[] } | { readonly error: string };

/** List the snapshots; exit 4 only when an explicitly given --log cannot answer. */
export async function runList(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: [], options: ['dir', 'log', 'timeout-ms'], flags: ['json'] });
  const timeoutMs = integerOption(line, 'timeout-ms', TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX);
  const logOption = line.options.get('log');
  const explicitLog = logOption === undefined ? null : logAddresses(logOption);
  const directory = dataDirectory(line.options.get('dir'));
  const addresses = explicitLog ?? (directory.clusterFile === null ? null : clusterLogAddresses(directory.clusterFile));
  const [files, registry] = await Promise.all([snapshotFiles(directory.snapshotsDir), addresses === null ? null : askRegistry(addresses, timeoutMs)]);
  const listed = await Promise.all(files.map((file) => describeFile(file, registry)));
  listed.sort(newestFirst);
  if (registry === null) process.stderr.write(`cairn snapshot list: no log to ask (no --log and no cluster.json for ${directory.snapshotsDir}): verified is unknown\n`);
  else if ('error' in registry) process.stderr.write(`cairn snapshot list: the log at ${(addresses as string[]).join(',')} cannot be reached (${registry.error}): verified is unknown\n`);
  process.stdout.write(line.flags.has('json') ? `${JSON.stringify(listJson(directory.snapshotsDir, registry, listed), null, 2)}\n` : listText(directory.snapshotsDir, listed));
  return explicitLog !== null && registry !== null && 'error' in registry ? EXIT.log : EXIT.ok;
}

/** The snapshot files of `dir` (temporary files of unfinished writes left out); none when it does not exist. */
async function snapshotFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CommandFailure(EXIT.io, `cannot list ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const files: string[] = [];
  for (const name of names.slice(0, DIRECTORY_FILES_MAX)) {
    if (isSnapshotTempFile(name)) continue;
    const file = path.join(dir, name);
    if ((await stat(file).catch(() => null))?.isFile() === true) files.push(file);
  }
  return files;
}

async function askRegistry(addresses: readonly string[], timeoutMs: number): Promise<Registry> {
  const client = logClient(addresses, timeoutMs);
  try {
    return { snapshots: (await client.status()).snapshots };
  } catch (error) {
    return { error: oneLine(error instanceof Error ? error.message : String(error)) };
  } finally {
    client.close();
  }
}

/** The header, size and registry standing of one file (an unreadable header is reported, not thrown). */
async function describeFile(file: string, registry: Registry | null): Promise<Listed> {
  const sizeBytes = (await stat(file).catch(() => null))?.size ?? 0;
  let header: SnapshotHeader;
  try {
    header = await readSnapshotHeader(file);
  } catch (error) {
    const reason = error instanceof SnapshotError ? `${error.kind}: ${error.message}` : String(error);
    return { file, header: null, sizeBytes, error: oneLine(reason), verified: registry === null || 'error' in registry ? null : false };
  }
  return { file, header, sizeBytes, error: null, verified: await isRecorded(file, header, registry) };
}

/** Whether the registry records `file` at its log index (null: unknown). */
async function isRecorded(file: string, header: SnapshotHeader, registry: Registry | null): Promise<boolean | null> {
  if (registry === null || 'error' in registry) return null;
  const real = await realpath(file).catch(() => path.resolve(file));
  for (const snapshot of registry.snapshots) {
    if (snapshot.recordId !== header.logIndex) continue;
    const location = await realpath(snapshot.location).catch(() => path.resolve(snapshot.location));
    if (location === real) return true;
  }
  return false;
}

/** By log index, newest first; unreadable files last, by name. */
function newestFirst(a: Listed, b: Listed): number {
  if (a.header !== null && b.header !== null) return b.header.logIndex - a.header.logIndex || b.header.createdAtMs - a.header.createdAtMs;
  if (a.header !== null) return -1;
  if (b.header !== null) return 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function verifiedText(verified: boolean | null): string {
  return verified === null ? 'unknown' : verified ? 'yes' : 'no';
}

function listText(dir: string, listed: readonly Listed[]): string {
  if (listed.length === 0) return `no snapshot files in ${dir}\n`;
  const rows = listed.map((item) => {
    const name = path.basename(item.file);
    if (item.header === null) return ['-', '-', formatBytes(item.sizeBytes), '-', verifiedText(item.verified), `${name}  (unreadable: ${item.error ?? ''})`];
    return [String(item.header.logIndex), formatTime(item.header.createdAtMs), formatBytes(item.sizeBytes), String(item.header.keyCount), verifiedText(item.verified), name];
  });
  return table([['INDEX', 'CREATED', 'SIZE', 'KEYS', 'VERIFIED', 'FILE'], ...rows]);
}

function listJson(dir: string, registry: Registry | null, listed: readonly Listed[]): unknown {
  return {
    dir,
    log: registry === null ? 'none' : 'error' in registry ? 'unreachable' : 'reachable',
    log_error: registry !== null && 'error' in registry ? registry.error : null,
    snapshots: listed.map((item) => ({
      file: item.file,
      log_index: item.header?.logIndex ?? null,
      created_ms: item.header?.createdAtMs ?? null,
      created: item.header === null ? null : formatTime(item.header.createdAtMs),
      size_bytes: item.sizeBytes,
      key_count: item.header?.keyCount ?? null,
      verified: verifiedText(item.verified),
      error: item.error,
    })),
  };
}
