/**
 * `cairn start` as a real process on loopback, in a temp dir and on a free base port: it starts
 * three txlog nodes and two servers as its children, prints them and writes DIR/cluster.json; the
 * txlog nodes form a log; a second `cairn start` in the same dir refuses; a txlog node killed with
 * -9 is restarted; SIGINT stops every child and exits 0; started again with the same dir it finds
 * its log again; after a kill -9 of `cairn start` itself, the next one takes over. The parts that
 * need the durable `cairn server` (redis on PORT, roles) skip loudly while it is not available.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFile } from '../../cli/start/cluster-file.js';
import { childPids, freeBasePort, killLeftInDirectory } from '../support/start-cluster.js';
import { CairnProcess } from '../support/processes.js';

const READY = /^cairn start: (ready|running WITHOUT)\b/m;
const START_MS = 60_000;
const PHASE_MS = 20_000;
const POLL_MS = 100;

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-start-'));
const clusterFile = path.join(dir, 'cluster.json');
/** Every pid any cluster.json named: the safety net kills those still running after the tests. */
const seenPids = new Set<number>();
let port = 0;
let supervisor: CairnProcess;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readCluster(): ClusterFile {
  const file = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
  for (const pid of childPids(file)) seenPids.add(pid);
  return file;
}

/** Poll until `probe` gives a value (there is no event to await across processes), bounded. */
async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = PHASE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt <= timeoutMs / POLL_MS; attempt++) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms\n${supervisor?.stdout ?? ''}`);
}

/** The exit of a process that ends by itself, bounded. */
async function exitOf(running: CairnProcess, timeoutMs = PHASE_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${running.stderr}`)), timeoutMs)));
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function txlogStatus(file: ClusterFile): Promise<{ code: number | null; report: { leader: number | null; nodes: { commit_index: number | null }[] } | null }> {
  const status = CairnProcess.start('txlog', 'status', '--log', file.txlog.map((node) => node.address).join(','));
  const { code } = await exitOf(status);
  return { code, report: status.stdout.trim() === '' ? null : (JSON.parse(status.stdout) as never) };
}

/** The highest commit index any node reports, once the log has a leader. */
async function committedIndex(file: ClusterFile): Promise<number> {
  return eventually('a txlog leader', async () => {
    const { code, report } = await txlogStatus(file);
    if (code !== 0 || report === null) return undefined;
    return Math.max(...report.nodes.map((node) => node.commit_index ?? 0));
  });
}

async function startCluster(): Promise<CairnProcess> {
  const started = CairnProcess.start('start', '--dir', dir, '--port', String(port));
  await started.waitFor(READY, 'stdout', 0, START_MS);
  return started;
}

/** The durable parts need both servers running: fail loudly if `cairn start` gave up on one. */
function requireDurable(): void {
  expect(`${supervisor.stdout}${supervisor.stderr}`).not.toMatch(/giving up on server-\d+/);
}

beforeAll(async () => {
  port = await freeBasePort();
});

afterAll(async () => {
  // A clean stop first, then SIGKILL for anything a cluster.json named that still runs in our dir.
  if (supervisor?.running) await supervisor.stop('SIGTERM', PHASE_MS).catch(() => undefined);
  try {
    readCluster();
  } catch {
    // no readable cluster file: the pids seen so far are all there is
  }
  killLeftInDirectory(seenPids, dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}, PHASE_MS + 5000);

describe('cairn start (processes)', () => {
  it('refuses, with exit code 2, a --port whose txlog ports would exceed 65535', async () => {
    const refused = CairnProcess.start('start', '--dir', dir, '--port', '60000');
    expect(await exitOf(refused)).toEqual({ code: 2, signal: null });
    expect(refused.stderr).toContain('exceeds 65535');
    expect(refused.stderr).toContain('at most 55533');
  });

  it('starts three txlog nodes and two servers, prints one line per process and writes cluster.json', { timeout: START_MS + 10_000 }, async () => {
    supervisor = await startCluster();
    const file = readCluster();
    expect(file).toMatchObject({ version: 1, dir, port, pid: supervisor.pid, state: 'running' });
    expect(file.txlog.map((node) => [node.id, node.address, node.dir, node.state])).toEqual(
      [1, 2, 3].map((id) => [id, `127.0.0.1:${port + 10_000 + id - 1}`, path.join(dir, `txlog-${id}`), 'running']),
    );
    expect(file.servers.map((server) => [server.address, server.port, server.dir])).toEqual(
      [port, port + 1].map((serverPort) => [`127.0.0.1:${serverPort}`, serverPort, path.join(dir, `server-${serverPort}`)]),
    );
    expect(Number.isNaN(Date.parse(file.updatedAt))).toBe(false);
    for (const node of file.txlog) {
      expect(isAlive(node.pid as number)).toBe(true);
      expect(supervisor.stdout).toMatch(new RegExp(`txlog-${node.id} +127\\.0\\.0\\.1:${port + 10_000 + node.id - 1} +pid ${node.pid} +running`));
    }
    for (const server of file.servers) expect(supervisor.stdout).toContain(`127.0.0.1:${server.port}`);
  });

  it('its txlog nodes form a log (cairn txlog status exits 0)', { timeout: PHASE_MS + 5000 }, async () => {
    const file = readCluster();
    expect(await committedIndex(file)).toBeGreaterThanOrEqual(0);
    const { code, report } = await txlogStatus(file);
    expect(code).toBe(0);
    expect([1, 2, 3]).toContain(report?.leader);
  });

  it('a second cairn start in the same directory refuses and names the running one', async () => {
    const second = CairnProcess.start('start', '--dir', dir, '--port', String(port));
    expect((await exitOf(second)).code).toBe(1);
    expect(second.stderr).toContain(`a cairn start (pid ${supervisor.pid}) is already running in ${dir}`);
    expect(readCluster().pid).toBe(supervisor.pid);
  });

  it('restarts a txlog node killed with -9: a new pid in cluster.json, and the log works again', { timeout: 2 * PHASE_MS }, async () => {
    const before = readCluster();
    const victim = before.txlog[1]!;
    const printed = supervisor.stdout.length;
    process.kill(victim.pid as number, 'SIGKILL');
    const restarted = await eventually('txlog-2 restarted', () => {
      const node = readCluster().txlog[1]!;
      return node.pid !== victim.pid && node.pid !== null && node.state === 'running' ? node : undefined;
    });
    expect(isAlive(restarted.pid as number)).toBe(true);
    expect(restarted.restarts).toBe(victim.restarts + 1);
    await supervisor.waitFor(/txlog-2 is running again/, 'stdout', printed);
    expect(supervisor.stdout.slice(printed)).toContain(`txlog-2 (pid ${victim.pid}) exited with signal SIGKILL`);
    expect(supervisor.stdout.slice(printed)).toMatch(/restarting txlog-2 in \d+ ms/);
    await committedIndex(readCluster());
  });

  it('durable: redis on PORT (primary) and PORT+1 (replica): PING, SET, GET, roles master and slave', { timeout: 2 * PHASE_MS }, async () => {
    requireDurable();
    await eventually('roles master and slave in cluster.json', () => {
      const roles = readCluster().servers.map((server) => server.role);
      return roles[0] === 'master' && roles[1] === 'slave' ? roles : undefined;
    });
    const primary = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
    const replica = new Redis({ host: '127.0.0.1', port: port + 1, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await primary.connect();
      await replica.connect();
      expect(await primary.ping()).toBe('PONG');
      expect(await primary.set('cairn-start:greeting', 'hello')).toBe('OK');
      expect(await primary.get('cairn-start:greeting')).toBe('hello');
      expect(await eventually('the replica has the write', async () => ((await replica.get('cairn-start:greeting')) === 'hello' ? true : undefined))).toBe(true);
    } finally {
      primary.disconnect();
      replica.disconnect();
    }
  });

  let committedBeforeStop = 0;

  it('stops every child on SIGINT and exits 0; cluster.json then says stopped', { timeout: PHASE_MS + 5000 }, async () => {
    committedBeforeStop = await committedIndex(readCluster());
    const pids = childPids(readCluster());
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(await supervisor.stop('SIGINT', PHASE_MS)).toEqual({ code: 0, signal: null });
    expect(pids.filter(isAlive)).toEqual([]);
    const file = readCluster();
    expect(file.state).toBe('stopped');
    expect(childPids(file)).toEqual([]);
    expect(supervisor.stdout).toContain('cairn start: stopped');
  });

  it('started again with the same --dir, it finds its log again', { timeout: START_MS + PHASE_MS }, async () => {
    supervisor = await startCluster();
    expect(supervisor.stdout).not.toContain('taking over');
    expect(await committedIndex(readCluster())).toBeGreaterThanOrEqual(committedBeforeStop);
  });

  it('durable: after the restart, the value written before it is still there', { timeout: PHASE_MS + 5000 }, async () => {
    requireDurable();
    const primary = await eventually('a primary', () => readCluster().servers.find((server) => server.role === 'master'));
    const client = new Redis({ host: '127.0.0.1', port: primary.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      expect(await client.get('cairn-start:greeting')).toBe('hello');
    } finally {
      client.disconnect();
    }
  });

  it('after a kill -9 of cairn start, the next one takes over: it stops the children left running and starts afresh', { timeout: START_MS + 2 * PHASE_MS }, async () => {
    const orphans = childPids(readCluster());
    expect(await supervisor.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(orphans.filter(isAlive)).toEqual(orphans);
    supervisor = await startCluster();
    expect(supervisor.stdout).toContain(`taking over ${dir} from an earlier cairn start`);
    for (const pid of orphans) expect(supervisor.stdout).toContain(`(pid ${pid}), left running by it`);
    expect(orphans.filter(isAlive)).toEqual([]);
    const file = readCluster();
    expect(file.pid).toBe(supervisor.pid);
    expect(childPids(file).some((pid) => orphans.includes(pid))).toBe(false);
    await committedIndex(file);
    const pids = childPids(file);
    expect(await supervisor.stop('SIGTERM', PHASE_MS)).toEqual({ code: 0, signal: null });
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
