/**
 * Where every process of a local cluster listens and keeps its data, and the command line each
 * one runs with: a pure function of the directory and the base port.
 *
 *   DIR/txlog-N          txlog node N (N = 1..3), listening on 127.0.0.1:PORT+10000+N-1
 *   DIR/server-P         the server on 127.0.0.1:P (P = PORT, PORT+1)
 *   DIR/snapshots        the snapshotter's snapshot files (servers find a restored seed there)
 *   DIR/logs/NAME.log    what each child prints (NAME = txlog-N or server-P)
 *   DIR/cluster.json     endpoints, roles and pids (see cluster-file.ts)
 */
import path from 'node:path';
import { startLimits } from './limits.js';

export const HOST = '127.0.0.1';

export interface TxlogSlot {
  readonly kind: 'txlog';
  /** `txlog-N`: the name in messages and of the log file. */
  readonly name: string;
  readonly id: number;
  readonly port: number;
  readonly address: string;
  readonly dir: string;
}

export interface ServerSlot {
  readonly kind: 'server';
  /** `server-P`. */
  readonly name: string;
  readonly port: number;
  readonly address: string;
  readonly dir: string;
}

export interface SnapshotterSlot {
  readonly kind: 'snapshotter';
  /** `snapshotter`. */
  readonly name: string;
  /** Listens on nothing: ''. */
  readonly address: string;
  readonly dir: string;
}

export type Slot = TxlogSlot | ServerSlot | SnapshotterSlot;

export interface ClusterLayout {
  readonly dir: string;
  readonly port: number;
  readonly txlog: readonly TxlogSlot[];
  /** In start order: the first is meant to become the primary. */
  readonly servers: readonly ServerSlot[];
  readonly snapshotter: SnapshotterSlot;
  readonly logDir: string;
  readonly clusterFile: string;
}

/** The layout for a checked base port (see checkBasePort) and an absolute directory. */
export function clusterLayout(dir: string, port: number): ClusterLayout {
  const txlog: TxlogSlot[] = [];
  for (let id = 1; id <= startLimits.txlogNodes; id++) {
    const txlogPort = port + startLimits.txlogPortOffset + id - 1;
    txlog.push({ kind: 'txlog', name: `txlog-${id}`, id, port: txlogPort, address: `${HOST}:${txlogPort}`, dir: path.join(dir, `txlog-${id}`) });
  }
  const servers: ServerSlot[] = [];
  for (let index = 0; index < startLimits.serverNodes; index++) {
    const serverPort = port + index;
    servers.push({ kind: 'server', name: `server-${serverPort}`, port: serverPort, address: `${HOST}:${serverPort}`, dir: path.join(dir, `server-${serverPort}`) });
  }
  const snapshotter: SnapshotterSlot = { kind: 'snapshotter', name: 'snapshotter', address: '', dir: path.join(dir, 'snapshots') };
  return { dir, port, txlog, servers, snapshotter, logDir: path.join(dir, 'logs'), clusterFile: path.join(dir, 'cluster.json') };
}

/** Every port the cluster listens on. */
export function portsOf(layout: ClusterLayout): number[] {
  return [...layout.servers.map((slot) => slot.port), ...layout.txlog.map((slot) => slot.port)];
}

/** The `cairn` arguments a slot's process runs with. */
export function commandOf(layout: ClusterLayout, slot: Slot): string[] {
  if (slot.kind === 'txlog') {
    const peers = layout.txlog.map((node) => `${node.id}=${node.address}`).join(',');
    return ['txlog', '--id', String(slot.id), '--peers', peers, '--dir', slot.dir];
  }
  const log = layout.txlog.map((node) => node.address).join(',');
  if (slot.kind === 'snapshotter') return ['snapshotter', '--log', log, '--dir', slot.dir];
  return ['server', '--port', String(slot.port), '--log', log, '--dir', slot.dir, '--snapshots', layout.snapshotter.dir];
}
