/**
 * DIR/cluster.json: what `cairn start` runs, for people and programs (an interface, documented
 * in README.md). Pure: the content from the supervisor's view, its text, parsing it back, and
 * what a file left by an earlier run means. Reading and writing the file is in cluster-file-io.ts.
 */
import type { Slot } from './layout.js';

/** A child's state. `failed`: given up on, not restarted any more. */
export type ProcessState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';
/** ROLE's first element, as Redis 7 answers it. */
export type ServerRole = 'master' | 'slave';
/** The supervisor's state: `stopped` is written last by a clean stop. */
export type SupervisorState = 'starting' | 'running' | 'stopping' | 'stopped';

export interface TxlogEntry {
  readonly id: number;
  readonly address: string;
  readonly pid: number | null;
  readonly dir: string;
  readonly state: ProcessState;
  readonly restarts: number;
}

export interface ServerEntry {
  readonly address: string;
  readonly port: number;
  readonly pid: number | null;
  /** null while the server is not running or does not answer ROLE. */
  readonly role: ServerRole | null;
  readonly dir: string;
  readonly state: ProcessState;
  readonly restarts: number;
}

export interface SnapshotterEntry {
  readonly pid: number | null;
  /** Where it writes snapshot files. */
  readonly dir: string;
  readonly state: ProcessState;
  readonly restarts: number;
}

export interface ClusterFile {
  readonly version: 1;
  readonly dir: string;
  /** The base port: the first server's. */
  readonly port: number;
  /** The `cairn start` process. */
  readonly pid: number;
  readonly state: SupervisorState;
  readonly txlog: readonly TxlogEntry[];
  readonly servers: readonly ServerEntry[];
  /** null in a file from before snapshots. */
  readonly snapshotter: SnapshotterEntry | null;
  /** ISO 8601, when the content last changed. */
  readonly updatedAt: string;
}

/** One child as the supervisor sees it. */
export interface ProcessView {
  readonly slot: Slot;
  readonly pid: number | null;
  readonly state: ProcessState;
  readonly role: ServerRole | null;
  readonly restarts: number;
}

export interface ClusterView {
  readonly dir: string;
  readonly port: number;
  readonly pid: number;
  readonly state: SupervisorState;
  readonly processes: readonly ProcessView[];
}

/** The file's content for a view (children in the layout's order). */
export function clusterFileOf(view: ClusterView, updatedAt: Date): ClusterFile {
  const txlog: TxlogEntry[] = [];
  const servers: ServerEntry[] = [];
  let snapshotter: SnapshotterEntry | null = null;
  for (const child of view.processes) {
    const { slot, pid, state, restarts } = child;
    if (slot.kind === 'txlog') txlog.push({ id: slot.id, address: slot.address, pid, dir: slot.dir, state, restarts });
    else if (slot.kind === 'snapshotter') snapshotter = { pid, dir: slot.dir, state, restarts };
    else servers.push({ address: slot.address, port: slot.port, pid, role: state === 'running' ? child.role : null, dir: slot.dir, state, restarts });
  }
  return { version: 1, dir: view.dir, port: view.port, pid: view.pid, state: view.state, txlog, servers, snapshotter, updatedAt: updatedAt.toISOString() };
}

/** Pretty JSON with a final newline. */
export function clusterFileText(file: ClusterFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Whether two contents differ in anything but updatedAt (the file is rewritten only then). */
export function sameContent(a: ClusterFile, b: ClusterFile): boolean {
  return clusterFileText({ ...a, updatedAt: '' }) === clusterFileText({ ...b, updatedAt: '' });
}

/** The parts of a file left by an earlier run that `cairn start` acts on. */
export interface PreviousFile {
  readonly pid: number;
  readonly state: string;
  readonly children: readonly { readonly name: string; readonly pid: number; readonly dir: string }[];
}

function isPid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Read back what a previous run wrote, or say why it cannot be read. */
export function parsePreviousFile(text: string): PreviousFile | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const file = record(json);
  if (file === null) return 'not a JSON object';
  if (!isPid(file.pid)) return "no valid 'pid'";
  if (typeof file.state !== 'string') return "no valid 'state'";
  const children: { name: string; pid: number; dir: string }[] = [];
  for (const [list, name] of [
    [file.txlog, (entry: Record<string, unknown>) => `txlog ${String(entry.id)}`],
    [file.servers, (entry: Record<string, unknown>) => `server ${String(entry.address)}`],
  ] as const) {
    if (!Array.isArray(list)) return "no valid 'txlog' and 'servers' lists";
    for (const item of list as unknown[]) {
      const entry = record(item);
      if (entry === null || typeof entry.dir !== 'string') return 'a process entry without a dir';
      if (isPid(entry.pid)) children.push({ name: name(entry), pid: entry.pid, dir: entry.dir });
    }
  }
  const snapshotter = record(file.snapshotter);
  if (snapshotter !== null && typeof snapshotter.dir === 'string' && isPid(snapshotter.pid)) children.push({ name: 'snapshotter', pid: snapshotter.pid, dir: snapshotter.dir });
  return { pid: file.pid, state: file.state, children };
}

/** What an earlier run's file means for this one. */
export type PreviousRun =
  | { readonly kind: 'none' }
  /** Another `cairn start` is running in this directory: refuse. */
  | { readonly kind: 'running'; readonly pid: number }
  /** Its supervisor is gone; `orphans` are its children that still run (to be stopped). */
  | { readonly kind: 'stale'; readonly pid: number; readonly orphans: PreviousFile['children'] };

export interface ProcessProbe {
  /** Whether `pid` is a running `cairn start`. */
  isStart(pid: number): boolean;
  /** Whether `pid` is a running cairn child that uses `dir`. */
  isChild(pid: number, dir: string): boolean;
}

/** Judge a previous file (null: none) with a probe of the running processes; `selfPid` is never "another run". */
export function judgePreviousRun(previous: PreviousFile | null, probe: ProcessProbe, selfPid: number): PreviousRun {
  if (previous === null) return { kind: 'none' };
  if (previous.state !== 'stopped' && previous.pid !== selfPid && probe.isStart(previous.pid)) return { kind: 'running', pid: previous.pid };
  const orphans = previous.children.filter((child) => child.pid !== selfPid && probe.isChild(child.pid, child.dir));
  if (previous.state === 'stopped' && orphans.length === 0) return { kind: 'none' };
  return { kind: 'stale', pid: previous.pid, orphans };
}

/** One human-readable line per child, e.g. `server-6379   127.0.0.1:6379        pid 4242     running  master`. */
export function processLine(child: ProcessView): string {
  const pid = child.pid === null ? '-' : String(child.pid);
  const role = child.slot.kind === 'server' && child.state === 'running' ? `  ${child.role ?? 'role unknown'}` : '';
  return `${child.slot.name.padEnd(14)}${child.slot.address.padEnd(22)}pid ${pid.padEnd(9)}${child.state}${role}`;
}
