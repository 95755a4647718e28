/** A system the suite started: how to load it, reach it, watch its processes and stop it. */
import { Connection } from '../../support/resp-connection.js';
import type { LoadClient } from '../load-loop.js';
import type { SystemId, WorkloadId } from '../results.js';
import { KeyPicker, RespLoadClient, respBatches } from '../workloads.js';

export interface ClientRequest {
  readonly workload: WorkloadId;
  readonly target: 'primary' | 'replica';
  readonly clients: number;
  readonly pipeline: number;
  /** Keys are drawn from key:0..key:<keys-1> (counter:N and list:N likewise). */
  readonly keys: number;
  /** Seeds the clients' key pickers (client i gets seed + i). */
  readonly seed: number;
}

export interface RunningSystem {
  readonly id: SystemId;
  /** One line: what persistence, how many nodes. */
  readonly description: string;
  /** The ids of its processes now running. */
  pids(): number[];
  /** Writes the keyspace (`key:0`..`key:<keys-1>`) and waits until every target has it; resolves with the seconds taken (0: it has nothing to read). */
  preload(keys: number): Promise<number>;
  /** Connected clients sending `request.workload`'s batches to `request.target`. */
  openClients(request: ClientRequest): Promise<LoadClient[]>;
  /** Kills its processes (by pid) and removes its data. */
  stop(): Promise<void>;
}

/** RESP clients on `port`, each with its own key picker. */
export async function respClients(port: number, request: ClientRequest, value: string, waitAfterWrites: boolean): Promise<LoadClient[]> {
  const opened = await Promise.allSettled(Array.from({ length: request.clients }, () => Connection.open(port)));
  const connections = opened.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const refused = opened.find((outcome) => outcome.status === 'rejected');
  if (refused !== undefined) {
    for (const connection of connections) connection.close();
    throw new Error(`cannot connect to port ${port}: ${refused.reason instanceof Error ? refused.reason.message : String(refused.reason)}`);
  }
  return connections.map((connection, index) => new RespLoadClient(connection, request.pipeline, respBatches(request.workload, request.pipeline, value, waitAfterWrites, new KeyPicker(request.seed + index, request.keys))));
}

/** A value of `bytes` printable bytes. */
export function benchValue(bytes: number): string {
  return 'v'.repeat(bytes);
}
