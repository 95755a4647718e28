/** DIR/cluster.json: its content from the supervisor's view, reading it back, and what a file left by an earlier run means. */
import { describe, expect, it } from 'vitest';
import {
  type ClusterView,
  clusterFileOf,
  clusterFileText,
  judgePreviousRun,
  parsePreviousFile,
  type PreviousFile,
  type ProcessProbe,
  processLine,
  type ProcessView,
  sameContent,
} from '../../cli/start/cluster-file.js';
import { clusterLayout } from '../../cli/start/layout.js';
import { deathReason, whyLines } from '../../cli/start/supervisor.js';

const layout = clusterLayout('/data', 7000);
const [t1, t2, t3] = layout.txlog as [ProcessView['slot'], ProcessView['slot'], ProcessView['slot']];
const [s1, s2] = layout.servers as [ProcessView['slot'], ProcessView['slot']];

function view(overrides: Partial<ClusterView> = {}): ClusterView {
  return {
    dir: '/data',
    port: 7000,
    pid: 100,
    state: 'running',
    processes: [
      { slot: t1, pid: 101, state: 'running', role: null, restarts: 0 },
      { slot: t2, pid: 102, state: 'running', role: null, restarts: 1 },
      { slot: t3, pid: null, state: 'restarting', role: null, restarts: 0 },
      { slot: s1, pid: 104, state: 'running', role: 'master', restarts: 0 },
      { slot: s2, pid: 105, state: 'starting', role: 'slave', restarts: 0 },
      { slot: layout.snapshotter, pid: 106, state: 'running', role: null, restarts: 2 },
    ],
    ...overrides,
  };
}

const AT = new Date('2025-01-02T03:04:05.678Z');

describe('cluster.json content', () => {
  it('lists the supervisor, the txlog nodes, the servers and the snapshotter with addresses, pids, dirs, states and roles', () => {
    expect(clusterFileOf(view(), AT)).toEqual({
      version: 1,
      dir: '/data',
      port: 7000,
      pid: 100,
      state: 'running',
      txlog: [
        { id: 1, address: '127.0.0.1:17000', pid: 101, dir: '/data/txlog-1', state: 'running', restarts: 0 },
        { id: 2, address: '127.0.0.1:17001', pid: 102, dir: '/data/txlog-2', state: 'running', restarts: 1 },
        { id: 3, address: '127.0.0.1:17002', pid: null, dir: '/data/txlog-3', state: 'restarting', restarts: 0 },
      ],
      servers: [
        { address: '127.0.0.1:7000', port: 7000, pid: 104, role: 'master', dir: '/data/server-7000', state: 'running', restarts: 0 },
        // A role is only reported for a running server.
        { address: '127.0.0.1:7001', port: 7001, pid: 105, role: null, dir: '/data/server-7001', state: 'starting', restarts: 0 },
      ],
      snapshotter: { pid: 106, dir: '/data/snapshots', state: 'running', restarts: 2 },
      updatedAt: '2025-01-02T03:04:05.678Z',
    });
  });

  it('names the fields of every entry in the documented order', () => {
    const file = clusterFileOf(view(), AT);
    expect(Object.keys(file)).toEqual(['version', 'dir', 'port', 'pid', 'state', 'txlog', 'servers', 'snapshotter', 'updatedAt']);
    expect(Object.keys(file.snapshotter as object)).toEqual(['pid', 'dir', 'state', 'restarts']);
    expect(Object.keys(file.txlog[0] as object)).toEqual(['id', 'address', 'pid', 'dir', 'state', 'restarts']);
    expect(Object.keys(file.servers[0] as object)).toEqual(['address', 'port', 'pid', 'role', 'dir', 'state', 'restarts']);
  });

  it('is pretty JSON with a final newline that parses back to the same content', () => {
    const file = clusterFileOf(view(), AT);
    const text = clusterFileText(file);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "txlog": [\n    {\n      "id": 1,');
    expect(JSON.parse(text)).toEqual(file);
  });

  it('counts as changed when anything but updatedAt changes (a pid, a role, a state)', () => {
    const base = clusterFileOf(view(), AT);
    expect(sameContent(base, clusterFileOf(view(), new Date(AT.getTime() + 5000)))).toBe(true);
    const processes = view().processes;
    const newPid = processes.map((child, index) => (index === 1 ? { ...child, pid: 999 } : child));
    expect(sameContent(base, clusterFileOf(view({ processes: newPid }), AT))).toBe(false);
    const newRole = processes.map((child, index) => (index === 3 ? { ...child, role: 'slave' as const } : child));
    expect(sameContent(base, clusterFileOf(view({ processes: newRole }), AT))).toBe(false);
    expect(sameContent(base, clusterFileOf(view({ state: 'stopping' }), AT))).toBe(false);
  });
});

describe('a cluster.json left by an earlier run', () => {
  const written = clusterFileText(clusterFileOf(view(), AT));
  const previous = parsePreviousFile(written) as PreviousFile;

  it('reads back the supervisor pid, state and every child with a pid', () => {
    expect(previous).toEqual({
      pid: 100,
      state: 'running',
      children: [
        { name: 'txlog 1', pid: 101, dir: '/data/txlog-1' },
        { name: 'txlog 2', pid: 102, dir: '/data/txlog-2' },
        { name: 'server 127.0.0.1:7000', pid: 104, dir: '/data/server-7000' },
        { name: 'server 127.0.0.1:7001', pid: 105, dir: '/data/server-7001' },
        { name: 'snapshotter', pid: 106, dir: '/data/snapshots' },
      ],
    });
  });

  it('says why a damaged file cannot be read', () => {
    expect(parsePreviousFile('{"pid": 1')).toMatch(/^not JSON/);
    expect(parsePreviousFile('[]')).toBe('not a JSON object');
    expect(parsePreviousFile('{"pid": -4, "state": "running"}')).toBe("no valid 'pid'");
    expect(parsePreviousFile('{"pid": 4}')).toBe("no valid 'state'");
    expect(parsePreviousFile('{"pid": 4, "state": "running", "txlog": []}')).toBe("no valid 'txlog' and 'servers' lists");
    expect(parsePreviousFile('{"pid": 4, "state": "running", "txlog": [{"pid": 5}], "servers": []}')).toBe('a process entry without a dir');
  });

  const probe = (starts: number[], children: number[]): ProcessProbe => ({
    isStart: (pid) => starts.includes(pid),
    isChild: (pid) => children.includes(pid),
  });

  it('means another cairn start is running when its pid is a live cairn start: refuse', () => {
    expect(judgePreviousRun(previous, probe([100], [101, 102]), 200)).toEqual({ kind: 'running', pid: 100 });
  });

  it('is stale when its supervisor is gone: the children still alive are orphans to stop', () => {
    expect(judgePreviousRun(previous, probe([], [101, 105, 106]), 200)).toEqual({
      kind: 'stale',
      pid: 100,
      orphans: [
        { name: 'txlog 1', pid: 101, dir: '/data/txlog-1' },
        { name: 'server 127.0.0.1:7001', pid: 105, dir: '/data/server-7001' },
        { name: 'snapshotter', pid: 106, dir: '/data/snapshots' },
      ],
    });
    expect(judgePreviousRun(previous, probe([], []), 200)).toEqual({ kind: 'stale', pid: 100, orphans: [] });
  });

  it('a pid reused by something else is neither the earlier supervisor nor one of its children', () => {
    // The probe checks command lines: a live pid that is not cairn does not count.
    expect(judgePreviousRun(previous, probe([], []), 200).kind).toBe('stale');
  });

  it('means nothing when the earlier run stopped cleanly, and never names this process itself', () => {
    const stopped = { ...previous, state: 'stopped' };
    expect(judgePreviousRun(stopped, probe([100], []), 200)).toEqual({ kind: 'none' });
    expect(judgePreviousRun(null, probe([100], []), 200)).toEqual({ kind: 'none' });
    expect(judgePreviousRun(previous, probe([100], []), 100).kind).toBe('stale');
  });
});

describe('what cairn start prints', () => {
  it('one line per process: name, address, pid, state and, for a running server, its role', () => {
    const [first, , third, fourth] = view().processes as ProcessView[];
    expect(processLine(first as ProcessView)).toBe('txlog-1       127.0.0.1:17000       pid 101      running');
    expect(processLine(third as ProcessView)).toBe('txlog-3       127.0.0.1:17002       pid -        restarting');
    expect(processLine(fourth as ProcessView)).toBe('server-7000   127.0.0.1:7000        pid 104      running  master');
    expect(processLine({ ...(fourth as ProcessView), role: null })).toBe('server-7000   127.0.0.1:7000        pid 104      running  role unknown');
  });

  it('says why a child died from its last stderr lines: plain lines, and pino lines from warn on by their message (and error)', () => {
    expect(
      whyLines([
        '{"level":30,"msg":"holding the primary lease"}',
        '{"level":60,"msg":"cannot open the log","err":{"message":"disk full"}}',
        '{"level":40,"msg":"lease lost"}',
        'cairn server: only --ephemeral is available so far',
        '',
        '{"no":"msg"}',
      ]),
    ).toEqual(['cannot open the log (disk full)', 'lease lost', 'cairn server: only --ephemeral is available so far', '{"no":"msg"}']);
    expect(whyLines(['{"level":30,"msg":"ready"}'])).toEqual([]);
  });

  it("prefers the child's own `cairn ...: reason` line to the usage text that follows it", () => {
    const refused = ["cairn server: unknown option '--log'", 'usage: cairn server --ephemeral --port P', '', '  --port P           TCP port'];
    expect(deathReason(refused)).toBe("cairn server: unknown option '--log'");
    expect(deathReason(['{"level":50,"msg":"lease lost"}', 'plain words', '{"level":30,"msg":"bye"}'])).toBe('lease lost | plain words');
    expect(deathReason(['{"level":30,"msg":"serving writes"}'])).toBe('');
  });
});
