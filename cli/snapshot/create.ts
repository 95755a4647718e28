/**
 * `cairn snapshot create [--log HOST:PORT,...] [--dir D] [--timeout-ms MS] [--json]`: ask the
 * snapshotter for a snapshot now (through the log) and wait until the log's registry records one
 * that answers the request, i.e. written and verified after it.
 */
import type { NodeStatus, SnapshotView, TxlogClient } from '../../txlog/src/client/index.js';
import { integerOption, logAddresses, parseCommandLine } from './arguments.js';
import { clusterLogAddresses, dataDirectory, logClient } from './cluster-target.js';
import { CommandFailure, EXIT, type ExitCode, oneLine } from './outcome.js';
import { withProgress } from './progress.js';
import { fields, formatBytes, formatTime } from './text.js';

/** How long to wait for the snapshot by default, in ms (a large state takes a while to write and verify). */
const TIMEOUT_MS_DEFAULT = 120_000;
const TIMEOUT_MS_MAX = 3_600_000;
/** How often the registry is asked while waiting, in ms (the log has no way to push it). */
const POLL_MS = 200;
/** One log call gives up after this long at most, in ms, so a wait still ends near its deadline. */
const CALL_TIMEOUT_MS_MAX = 10_000;

/** Request a snapshot and wait for it; exit 4 when the log cannot be asked or nothing answers in time. */
export async function runCreate(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: [], options: ['dir', 'log', 'timeout-ms'], flags: ['json'] });
  const timeoutMs = integerOption(line, 'timeout-ms', TIMEOUT_MS_DEFAULT, 1, TIMEOUT_MS_MAX);
  const logOption = line.options.get('log');
  const addresses = logOption === undefined ? addressesOfDirectory(line.options.get('dir')) : logAddresses(logOption);
  const deadline = performance.now() + timeoutMs;
  const client = logClient(addresses, Math.min(timeoutMs, CALL_TIMEOUT_MS_MAX));
  try {
    const seq = await client.requestSnapshot().catch((error: unknown) => {
      throw new CommandFailure(EXIT.log, `the log at ${addresses.join(',')} did not take the request: ${errorText(error)}`);
    });
    const snapshot = await withProgress(`create: waiting for snapshot request ${seq}`, 's', (progress) => waitForAnswer(client, seq, deadline, timeoutMs, (ms) => progress.update(Math.round(ms / 1000), Math.round(timeoutMs / 1000))));
    process.stdout.write(line.flags.has('json') ? `${JSON.stringify(snapshotJson(snapshot, seq), null, 2)}\n` : snapshotText(snapshot));
    return EXIT.ok;
  } finally {
    client.close();
  }
}

/** The log's addresses from D/cluster.json (D default ./data). */
function addressesOfDirectory(dirText: string | undefined): string[] {
  const directory = dataDirectory(dirText);
  if (directory.clusterFile === null) throw new CommandFailure(EXIT.io, `no cluster.json for ${directory.snapshotsDir}: give --log HOST:PORT,... or --dir of a cairn start data directory`);
  return clusterLogAddresses(directory.clusterFile);
}

/** Ask the registry every POLL_MS until its newest snapshot answers `seq`, or throw (exit 4) at the deadline. */
async function waitForAnswer(client: TxlogClient, seq: number, deadline: number, timeoutMs: number, onWaited: (ms: number) => void): Promise<SnapshotView> {
  const started = performance.now();
  let last: NodeStatus | null = null;
  let lastError: string | null = null;
  for (let poll = 0; poll <= timeoutMs / POLL_MS + 1; poll++) {
    try {
      last = await client.status();
      lastError = null;
      const newest = last.snapshots[0];
      if (newest !== undefined && newest.answersRequestSeq >= seq) return newest;
    } catch (error) {
      lastError = errorText(error);
    }
    const now = performance.now();
    onWaited(now - started);
    if (now + POLL_MS > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new CommandFailure(EXIT.log, timeoutMessage(seq, timeoutMs, last, lastError));
}

function timeoutMessage(seq: number, timeoutMs: number, last: NodeStatus | null, lastError: string | null): string {
  if (lastError !== null && last === null) return `the log could not be asked about snapshot request ${seq} within ${timeoutMs} ms: ${lastError}`;
  const newest = last?.snapshots[0];
  const registry = newest === undefined ? 'the log records no snapshot yet' : `the newest recorded snapshot is at index ${newest.recordId} (${formatTime(newest.createdMs)})`;
  return (
    `no snapshot answered request ${seq} within ${timeoutMs} ms (${registry}): most likely no snapshotter is running ` +
    `(cairn start runs one: see DIR/cluster.json and DIR/logs/snapshotter.log; elsewhere start cairn snapshotter --log HOST:PORT,... --dir DIR)`
  );
}

function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

function snapshotText(snapshot: SnapshotView): string {
  return fields([
    ['index', String(snapshot.recordId)],
    ['file', snapshot.location],
    ['created', formatTime(snapshot.createdMs)],
    ['size', `${formatBytes(snapshot.sizeBytes)} (${snapshot.sizeBytes} bytes)`],
    ['keys', String(snapshot.keyCount)],
    ['digest', snapshot.digest],
  ]);
}

function snapshotJson(snapshot: SnapshotView, seq: number): unknown {
  return {
    log_index: snapshot.recordId,
    file: snapshot.location,
    created_ms: snapshot.createdMs,
    created: formatTime(snapshot.createdMs),
    size_bytes: snapshot.sizeBytes,
    key_count: snapshot.keyCount,
    digest: snapshot.digest,
    request_seq: seq,
    answers_request_seq: snapshot.answersRequestSeq,
  };
}
