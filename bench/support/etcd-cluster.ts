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
  stop(): Promise<void>;
}

export async function startEtcdCluster(size = 3): Promise<EtcdCluster> {
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
  const clientAddresses = nodes.map((node) => `127.0.0.1:${node.clientPort}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = spawnSync('etcdctl', ['--endpoints', clientAddresses.join(','), 'endpoint', 'health'], { encoding: 'utf8' });
    if (healthy.status === 0) break;
    if (Date.now() > deadline) throw new Error(`etcd did not become healthy: ${healthy.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    clientAddresses,
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** etcdserverpb.KV/Put with key (field 1) and value (field 2); the reply is not decoded. */
export class EtcdPutClient {
  private readonly client: Client;

  constructor(address: string) {
    this.client = new Client(address, credentials.createInsecure());
  }

  put(key: Uint8Array, value: Uint8Array): Promise<void> {
    const request = new BinaryWriter().uint32(10).bytes(key).uint32(18).bytes(value).finish();
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        '/etcdserverpb.KV/Put',
        (message: Uint8Array) => Buffer.from(message),
        (bytes: Buffer) => bytes,
        request,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
