/**
 * A server node on the transaction log (`cairn server --log ... --dir ...`): the RESP server with
 * the durable node attached before it listens, so no command runs without the commit gate.
 */
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { type RunningServer, startServer } from '../server.js';
import { DurableNode } from './durable-node.js';

/** How a durable server starts. */
export interface DurableServerOptions {
  /** Setting overrides by Redis name (port, bind...). */
  readonly settings: Record<string, string | number>;
  readonly log: readonly string[];
  /** The node's directory (created if missing; reserved for snapshots). */
  readonly dir: string;
  /** The snapshotter's directory, where a restored seed snapshot may be (null: none). */
  readonly snapshotDir?: string | null;
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** A running durable server. */
export interface RunningDurableServer {
  readonly server: RunningServer;
  readonly node: DurableNode;
  close(): Promise<void>;
}

export async function startDurableServer(options: DurableServerOptions): Promise<RunningDurableServer> {
  mkdirSync(options.dir, { recursive: true });
  let node: DurableNode | null = null;
  const server = await startServer({
    settings: options.settings,
    logger: options.logger,
    role: 'replica',
    effectSink: (effects) => node?.backgroundEffects(effects),
    prepare: (state, dispatcher) => {
      node = new DurableNode(state, dispatcher, { log: options.log, leaseMs: options.leaseMs, logger: options.logger, snapshotDir: options.snapshotDir ?? null });
      state.commitGate = node.gate;
      const attachedNode = node;
      state.replicationView = () => attachedNode.view();
      state.snapshots = attachedNode.snapshotService();
    },
  });
  const attached = node as DurableNode | null;
  if (attached === null) throw new Error('assertion: the durable node was not attached');
  attached.start(`${server.host}:${server.port}`);
  return {
    server,
    node: attached,
    close: async () => {
      attached.stop();
      await server.close();
    },
  };
}
