/** Synthetic benchmark results for the report's tests: round figures, so that ratios are easy to check by hand. */
import type { BenchResults, FailoverResult, RecoveryResult, RunResult, SystemId, WorkloadId } from '../../bench/suite/results.js';

export interface RunSpec {
  readonly system: SystemId;
  readonly workload: WorkloadId;
  readonly target?: RunResult['target'];
  readonly clients: number;
  readonly pipeline?: number;
  readonly mode?: RunResult['mode'];
  readonly offeredRate?: number | null;
  readonly p50: number;
  readonly throughput: number;
}

/** A run whose other percentiles follow from p50 (p90 = 2×, p99 = 4×, p99.9 = 8×, max = 20×). */
export function run(spec: RunSpec): RunResult {
  const seconds = 5;
  return {
    system: spec.system,
    workload: spec.workload,
    target: spec.target ?? 'primary',
    clients: spec.clients,
    pipeline: spec.pipeline ?? 1,
    mode: spec.mode ?? 'closed',
    offeredRate: spec.offeredRate ?? null,
    operations: spec.throughput * seconds,
    errors: 0,
    seconds,
    throughput: spec.throughput,
    latencyMs: { p50: spec.p50, p90: spec.p50 * 2, p99: spec.p50 * 4, p999: spec.p50 * 8, max: spec.p50 * 20 },
    resources: { cpuPercent: 50 + spec.clients, rssBytes: 100 * 2 ** 20 + spec.clients * 2 ** 20 },
  };
}

const systems: BenchResults['systems'] = [
  { id: 'cairn', description: 'three txlog nodes, a primary and a replica' },
  { id: 'redis', description: 'Redis 7, no persistence' },
  { id: 'redis-aof', description: 'Redis 7, appendonly yes, appendfsync always' },
  { id: 'redis-wait', description: 'Redis 7 primary and two replicas, appendfsync always, WAIT 2 0 after each write' },
  { id: 'etcd', description: 'three etcd nodes' },
];

/** Every workload with SET and GET figures the headline reads, both pipeline depths, one open-loop run. */
export function fullRuns(): RunResult[] {
  const runs: RunResult[] = [
    // SET: cairn p50 3 ms (1 client), 5000 ops/s (50 clients); WAIT 2: 1.5 ms, 10000 ops/s; AOF: 0.4 ms, 20000 ops/s.
    run({ system: 'cairn', workload: 'set', clients: 1, p50: 3, throughput: 330 }),
    run({ system: 'cairn', workload: 'set', clients: 50, p50: 9, throughput: 5000 }),
    run({ system: 'redis-wait', workload: 'set', clients: 1, p50: 1.5, throughput: 660 }),
    run({ system: 'redis-wait', workload: 'set', clients: 50, p50: 4, throughput: 10000 }),
    run({ system: 'redis-aof', workload: 'set', clients: 1, p50: 0.4, throughput: 2500 }),
    run({ system: 'redis-aof', workload: 'set', clients: 50, p50: 2, throughput: 20000 }),
    run({ system: 'redis', workload: 'set', clients: 1, p50: 0.1, throughput: 9000 }),
    run({ system: 'redis', workload: 'set', clients: 50, p50: 0.9, throughput: 50000 }),
    run({ system: 'cairn', workload: 'set', clients: 50, pipeline: 16, p50: 12, throughput: 30000 }),
    run({ system: 'redis-wait', workload: 'set', clients: 50, pipeline: 16, p50: 6, throughput: 60000 }),
    run({ system: 'cairn', workload: 'set', clients: 10, mode: 'open', offeredRate: 1000, p50: 4, throughput: 1000 }),
    run({ system: 'redis-wait', workload: 'set', clients: 10, mode: 'open', offeredRate: 1000, p50: 2, throughput: 1000 }),
    // GET on cairn's replica: 0.12 ms, 40000 ops/s; Redis without persistence: 0.1 ms, 50000 ops/s.
    run({ system: 'cairn', workload: 'get', target: 'replica', clients: 1, p50: 0.12, throughput: 5700 }),
    run({ system: 'cairn', workload: 'get', target: 'replica', clients: 50, p50: 1, throughput: 40000 }),
    run({ system: 'cairn', workload: 'get', clients: 50, p50: 0.9, throughput: 45000 }),
    run({ system: 'redis', workload: 'get', clients: 1, p50: 0.1, throughput: 7000 }),
    run({ system: 'redis', workload: 'get', clients: 50, p50: 0.8, throughput: 50000 }),
    run({ system: 'redis-wait', workload: 'get', target: 'replica', clients: 50, p50: 0.85, throughput: 48000 }),
  ];
  for (const workload of ['incr', 'lpush', 'mixed'] as const) {
    runs.push(run({ system: 'cairn', workload, clients: 10, p50: 2.5, throughput: 3000 }));
    runs.push(run({ system: 'redis-aof', workload, clients: 10, p50: 0.5, throughput: 15000 }));
  }
  return runs;
}

export const failover: readonly FailoverResult[] = [
  { system: 'cairn', trialsMs: [1200, 800, 1000] },
  { system: 'redis-wait', trialsMs: [4000, 5000] },
];

export const recovery: readonly RecoveryResult[] = [
  { system: 'cairn', keys: 100_000, snapshot: true, readsMs: 150, writesMs: 200 },
  { system: 'cairn', keys: 1_000_000, snapshot: true, readsMs: 900, writesMs: 1000 },
  { system: 'cairn', keys: 100_000, snapshot: false, readsMs: 700, writesMs: 650 },
  { system: 'cairn', keys: 1_000_000, snapshot: false, readsMs: 6000, writesMs: 6100 },
  { system: 'redis-aof', keys: 1_000_000, snapshot: true, readsMs: 400, writesMs: 400 },
  { system: 'redis-aof', keys: 1_000_000, snapshot: false, readsMs: 3000, writesMs: 3050 },
];

export function benchResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    version: 1,
    label: 'synthetic',
    startedAt: '2026-11-24T10:00:00.000Z',
    mode: 'full',
    command: 'npm run bench -- --label synthetic',
    machine: { cpus: 2, cpuModel: 'Test CPU @ 2.0GHz', memoryBytes: 8 * 2 ** 30, os: 'Linux 6.1.0 x64', node: 'v20.19.0', redis: 'Redis server v=7.0.15', etcd: 'etcd Version: 3.4.23' },
    systems,
    valueBytes: 100,
    keys: 1_000_000,
    runs: fullRuns(),
    failover,
    recovery,
    ...overrides,
  };
}
