/**
 * `cairn txlog` as real processes: three nodes started by hand as the README shows elect a
 * leader that `cairn txlog status` reports (exit 0); after kill -9 of the leader a new one is
 * reported and the dead node shows as unreachable; SIGTERM stops a node with exit code 0;
 * status with no node reachable exits 1; bad command lines exit 2. The build is run first when
 * dist/ is missing or older than the sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WAIT_MS = 15_000;

interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let scratch = '';

function cairn(...args: string[]): Running {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/cairn.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const running: Running = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (chunk: Buffer) => (running.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

/** Resolve with the first match of `pattern` in the process's stdout or stderr after `from` (checked on each chunk). */
function output(running: Running, pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', from = 0): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(running[stream].slice(from));
      if (match === null) return;
      finish();
      resolve(match);
    };
    const exited = (code: number | null) => {
      finish();
      reject(new Error(`cairn exited with ${code} before printing ${pattern}:\n${running.stdout}\n${running.stderr}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${pattern} within ${WAIT_MS} ms:\n${running.stdout}\n${running.stderr}`));
    }, WAIT_MS);
    const finish = () => {
      clearTimeout(timer);
      running.child[stream]?.off('data', check);
      running.child.off('exit', exited);
    };
    running.child[stream]?.on('data', check);
    running.child.once('exit', exited);
    check();
  });
}

async function exitCode(running: Running): Promise<number | null> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`cairn did not exit:\n${running.stderr}`)), WAIT_MS));
  return Promise.race([running.exited, timeout]);
}

/** Free loopback ports: bound on port 0, then released for the nodes to take. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

interface StatusReport {
  leader: number | null;
  nodes: { id: number | null; address: string; role: string | null; term: number | null; commit_index: number | null; last_index: number | null; applied_index: number | null; reachable: boolean }[];
}

async function status(addresses: string[]): Promise<{ code: number | null; report: StatusReport }> {
  const running = cairn('txlog', 'status', '--log', addresses.join(','));
  const code = await exitCode(running);
  return { code, report: JSON.parse(running.stdout) as StatusReport };
}

/** Start three nodes; resolves when each printed its ready line. */
async function startThree(): Promise<{ nodes: Running[]; addresses: string[] }> {
  const ports = await freePorts(3);
  const addresses = ports.map((port) => `127.0.0.1:${port}`);
  const peers = addresses.map((address, i) => `${i + 1}=${address}`).join(',');
  // Node 3 commits in a worker thread (--store-thread worker), the others on their own thread (the default).
  const storeThread = (id: number): string[] => (id === 3 ? ['--store-thread', 'worker'] : []);
  const nodes = [1, 2, 3].map((id) => cairn('txlog', '--id', String(id), '--peers', peers, '--dir', path.join(scratch, `node-${id}`), ...storeThread(id)));
  for (const [i, node] of nodes.entries()) expect((await output(node, /listening on (\S+)/))[1]).toBe(addresses[i]);
  return { nodes, addresses };
}

/** Resolves with the id of the first of `nodes` that logs that it became leader (from now on). */
function nextLeader(nodes: readonly Running[], ids: readonly number[]): Promise<number> {
  return Promise.any(nodes.map((node, i) => output(node, /"role":"leader"/, 'stderr', node.stderr.length).then(() => ids[i] as number)));
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cairn-txlog-cli-'));
}, 200_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('cairn txlog (processes)', () => {
  it('three nodes elect a leader that status reports; after kill -9 of it status reports a new one', async () => {
    const { nodes, addresses } = await startThree();
    const leader = await nextLeader(nodes, [1, 2, 3]);
    const first = await status(addresses);
    expect(first.code).toBe(0);
    expect(first.report.leader).toBe(leader);
    expect(first.report.nodes.map((node) => [node.id, node.address, node.reachable])).toEqual([
      [1, addresses[0], true],
      [2, addresses[1], true],
      [3, addresses[2], true],
    ]);
    for (const node of first.report.nodes) {
      expect(node.role).toBe(node.id === leader ? 'leader' : 'follower');
      expect(node.term).toBeGreaterThanOrEqual(1);
      expect(node).toHaveProperty('commit_index');
      expect(node).toHaveProperty('last_index');
      expect(node).toHaveProperty('applied_index');
    }

    const survivors = [1, 2, 3].filter((id) => id !== leader);
    const next = nextLeader(survivors.map((id) => nodes[id - 1] as Running), survivors);
    (nodes[leader - 1] as Running).child.kill('SIGKILL');
    const newLeader = await next;
    const second = await status(addresses);
    expect(second.code).toBe(0);
    expect(second.report.leader).toBe(newLeader);
    expect(second.report.nodes[leader - 1]?.reachable).toBe(false);

    for (const id of survivors) (nodes[id - 1] as Running).child.kill('SIGTERM');
    for (const id of survivors) expect(await exitCode(nodes[id - 1] as Running)).toBe(0);
  });

  it('status exits 1 with leader null when no node answers', async () => {
    const [port] = await freePorts(1);
    const { code, report } = await status([`127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(report.leader).toBeNull();
    expect(report.nodes[0]?.reachable).toBe(false);
  });

  it('a bad command line exits 2 with the reason', async () => {
    const missing = cairn('txlog', '--id', '1');
    expect(await exitCode(missing)).toBe(2);
    expect(missing.stderr).toContain('--id, --peers and --dir are required');
    const notAPeer = cairn('txlog', '--id', '4', '--peers', '1=127.0.0.1:1,2=127.0.0.1:2,3=127.0.0.1:3', '--dir', scratch);
    expect(await exitCode(notAPeer)).toBe(2);
    expect(notAPeer.stderr).toContain('--id 4 is not one of the ids in --peers');
    const badThread = cairn('txlog', '--id', '1', '--peers', '1=127.0.0.1:1,2=127.0.0.1:2,3=127.0.0.1:3', '--dir', scratch, '--store-thread', 'fiber');
    expect(await exitCode(badThread)).toBe(2);
    expect(badThread.stderr).toContain('--store-thread must be one of main, worker');
    const badStatus = cairn('txlog', 'status', '--log', 'nonsense');
    expect(await exitCode(badStatus)).toBe(2);
    expect(badStatus.stderr).toContain("'nonsense' is not HOST:PORT");
  });
});
