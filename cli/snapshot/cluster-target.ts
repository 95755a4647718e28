/**
 * Which cluster a `cairn snapshot` command means: a `cairn start` data directory D (its
 * snapshots in D/snapshots, its log nodes in D/cluster.json), or a snapshot directory itself
 * (D/../cluster.json names its cluster then), or log addresses given with --log.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DIR_DEFAULT } from '../start/arguments.js';
import { startLimits } from '../start/limits.js';
import { TxlogClient } from '../../txlog/src/client/index.js';
import { CommandFailure, EXIT } from './outcome.js';

/** Where a data directory's snapshots and cluster file are. */
export interface DataDirectory {
  /** Absolute; may not exist yet (a cluster that never took a snapshot). */
  readonly snapshotsDir: string;
  /** Absolute path of the cluster.json that names the log, or null when there is none. */
  readonly clusterFile: string | null;
}

/** The gRPC attempt timeout of the CLI's log calls at most, in ms: a dead node is passed over quickly. */
const ATTEMPT_TIMEOUT_MS_MAX = 1000;

/** The layout of `dirText` (default ./data), which must be an existing directory (else exit 3). */
export function dataDirectory(dirText: string | undefined): DataDirectory {
  const dir = path.resolve(dirText ?? DIR_DEFAULT);
  if (!isDirectory(dir)) throw new CommandFailure(EXIT.io, `directory ${dir} does not exist`);
  const clusterFile = path.join(dir, 'cluster.json');
  const snapshots = path.join(dir, 'snapshots');
  if (isDirectory(snapshots) || isFile(clusterFile)) return { snapshotsDir: snapshots, clusterFile: isFile(clusterFile) ? clusterFile : null };
  const parentFile = path.join(path.dirname(dir), 'cluster.json');
  return { snapshotsDir: dir, clusterFile: isFile(parentFile) ? parentFile : null };
}

/** The log nodes' addresses that `file` (a cluster.json) names; exit 3 when it cannot be read. */
export function clusterLogAddresses(file: string): string[] {
  let text: string;
  try {
    const bytes = statSync(file).size;
    if (bytes > startLimits.clusterFileBytesMax) throw new Error(`${bytes} bytes, more than ${startLimits.clusterFileBytesMax}`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandFailure(EXIT.io, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let addresses: unknown;
  try {
    const parsed = JSON.parse(text) as { txlog?: unknown };
    addresses = Array.isArray(parsed.txlog) ? parsed.txlog.map((node: { address?: unknown }) => node?.address) : undefined;
  } catch (error) {
    throw new CommandFailure(EXIT.io, `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(addresses) || addresses.length === 0 || !addresses.every((address): address is string => typeof address === 'string' && address.length > 0)) {
    throw new CommandFailure(EXIT.io, `${file} names no txlog addresses`);
  }
  return addresses;
}

/** A log client whose every operation gives up after `timeoutMs`. */
export function logClient(addresses: readonly string[], timeoutMs: number): TxlogClient {
  return new TxlogClient(addresses, { operationTimeoutMs: timeoutMs, attemptTimeoutMs: Math.min(ATTEMPT_TIMEOUT_MS_MAX, timeoutMs) });
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}
