/**
 * A snapshotter as a process runs it: a keyspace and command table of its own, a durable node
 * that follows the log and never claims the lease, and the Snapshotter on top. The CLI and the
 * tests start one with startSnapshotterNode.
 */
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { TxlogClient } from '../../../txlog/src/client/index.js';
import { buildCommandTable } from '../commands/index.js';
import { Dispatcher } from '../commands/dispatch.js';
import { Settings } from '../config/settings.js';
import { DurableNode } from '../durable/durable-node.js';
import { systemClock } from '../state/clock.js';
import { ServerState } from '../state/server-state.js';
import { Snapshotter } from './snapshotter.js';

/** How a snapshotter node starts. */
export interface SnapshotterNodeOptions {
  /** The log's client addresses. */
  readonly log: readonly string[];
  /** Where snapshot files are written (created if missing). */
  readonly dir: string;
  readonly everyRecords: number;
  readonly everyBytes: number;
  /** The servers' number of databases. */
  readonly databases: number;
  /** How often it looks at the registry and its progress, in ms. */
  readonly checkEveryMs: number;
  readonly logger: Logger;
}

/** A running snapshotter node. */
export interface SnapshotterNode {
  readonly node: DurableNode;
  readonly state: ServerState;
  /** Resolves with the error that stopped the node (a log it cannot follow), or null after stop(). */
  readonly ended: Promise<Error | null>;
  stop(): Promise<void>;
}

/** The lease a node that never claims it still reads lease records with (any value works). */
const LEASE_MS = 2000;

/** Start following the log and snapshotting; throws when the directory cannot be created. */
export function startSnapshotterNode(options: SnapshotterNodeOptions): SnapshotterNode {
  mkdirSync(options.dir, { recursive: true });
  const state = new ServerState({ settings: new Settings({ databases: options.databases }), clock: systemClock, random: Math.random, role: 'replica' });
  const dispatcher = new Dispatcher(state, buildCommandTable());
  const node = new DurableNode(state, dispatcher, { log: options.log, leaseMs: LEASE_MS, logger: options.logger, claimsLease: false, snapshotDir: options.dir });
  state.commitGate = node.gate;
  const client = new TxlogClient([...options.log]);
  const snapshotter = new Snapshotter(node, state.keyspace, client, {
    dir: options.dir,
    everyRecords: options.everyRecords,
    everyBytes: options.everyBytes,
    checkEveryMs: options.checkEveryMs,
    logger: options.logger,
    clock: Date.now,
  });
  node.start(`snapshotter/${process.pid}`);
  snapshotter.start();
  let stopping: Promise<void> | null = null;
  return {
    node,
    state,
    ended: node.ended,
    stop: () => {
      stopping ??= (async () => {
        await snapshotter.stop();
        node.stop();
        client.close();
      })();
      return stopping;
    },
  };
}
