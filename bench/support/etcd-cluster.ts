/**
 * A three-node etcd cluster on loopback for side-by-side benchmarks (Debian's etcd-server), and a
 * minimal gRPC client for KV.Put. Everything started here is stopped by pid.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { credentials, Client } from '@grpc/grpc-js';

export function etcdAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { encoding: 'utf8' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface EtcdCluster {
  readonly clientAddresses: string[];
  /** The etcd processes' ids (for CPU and memory figures). */
  readonly pids: number[];
  stop(): Promise<void>;
}

/** The client address of the node that leads, by `etcdctl endpoint status` (the first address when it cannot tell). */
export function etcdLeaderAddress(clientAddresses: readonly string[]): string {
  const status = spawnSync('etcdctl', ['--endpoints', clientAddresses.join(','), 'endpoint', 'status', '-w', 'json'], { encoding: 'utf8' });
  try {
    const nodes = JSON.parse(status.stdout) as { Endpoint?: string; Status?: { leader?: number | string; header?: { member_id?: number | string } } }[];
    const leader = nodes.find((node) => node.Status?.leader !== undefined && String(node.Status.leader) === String(node.Status.header?.member_id));
    if (leader?.Endpoint !== undefined) return leader.Endpoint.replace(/^https?:\/\//, '');
  } catch {
    // not JSON: fall back to the first node
  }
  return clientAddresses[0] ?? '';
}

/** Starts `size` etcd nodes; `onSpawned` gets their stop function as soon as they are spawned (before they are healthy). */
export async function startEtcdCluster(size = 3, onSpawned?: (stop: () => Promise<void>) => void): Promise<EtcdCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-etcd-'));
  const nodes: { name: string; clientPort: number; peerPort: number }[] = [];
  for (let index = 1; index <= size; index++) nodes.push({ name: `etcd${index}`, clientPort: await freePort(), peerPort: await freePort() });
  const initialCluster = nodes.map((node) => `${node.name}=http://127.0.0.1:${node.peerPort}`).join(',');
  const children: ChildProcess[] = [];
  for (const node of nodes) {
    const child = spawn(
      'etcd',
      [
        '--name', node.name,
        '--data-dir', path.join(dir, node.name),
        '--listen-client-urls', `http://127.0.0.1:${node.clientPort}`,
        '--advertise-client-urls', `http://127.0.0.1:${node.clientPort}`,
        '--listen-peer-urls', `http://127.0.0.1:${node.peerPort}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${node.peerPort}`,
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', 'cairn-bench',
        '--log-level', 'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
  }
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  onSpawned?.(stop);
  const clientAddresses = nodes.map((node) => `127.0.0.1:${node.clientPort}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = spawnSync('etcdctl', ['--endpoints', clientAddresses.join(','), 'endpoint', 'health'], { encoding: 'utf8' });
    if (healthy.status === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy: ${healthy.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { clientAddresses, pids: children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])), stop };
}

/** etcdserverpb.KV/Put with key (field 1) and value (field 2); the reply is not decoded. */
export class EtcdPutClient {
  private readonly client: Client;

  constructor(address: string) {
    this.client = new Client(address, credentials.createInsecure());
  }

  /** One put; with `deadlineMs`, it fails once that many ms passed without a reply. */
  put(key: Uint8Array, value: Uint8Array, deadlineMs?: number): Promise<void> {
    const request = new BinaryWriter().uint32(10).bytes(key).uint32(18).bytes(value).finish();
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        '/etcdserverpb.KV/Put',
        (message: Uint8Array) => Buffer.from(message),
        (bytes: Buffer) => bytes,
        request,
        deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
