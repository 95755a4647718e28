/**
 * What the charts and tables group runs by: a series is one system on one target (cairn's primary,
 * cairn's replica...), always in the same order and the same colour.
 */
import type { BenchResults, RunResult, SystemId, WorkloadId } from '../results.js';

/** Every system the suite knows, in the order the report lists them. */
export const systemOrder: readonly SystemId[] = ['cairn', 'redis', 'redis-aof', 'redis-wait', 'etcd'];

export const workloadOrder: readonly WorkloadId[] = ['set', 'get', 'incr', 'lpush', 'mixed'];

export const workloadNames: Readonly<Record<WorkloadId, string>> = {
  set: 'SET',
  get: 'GET',
  incr: 'INCR',
  lpush: 'LPUSH',
  mixed: 'mixed, 80% GET / 20% SET',
};

/** Short names for headings and legends; the systems table gives the full description. */
export const systemNames: Readonly<Record<SystemId, string>> = {
  cairn: 'cairn',
  redis: 'Redis (no persistence)',
  'redis-aof': 'Redis (appendfsync always)',
  'redis-wait': 'Redis WAIT 2',
  etcd: 'etcd',
};

export type Target = RunResult['target'];

export interface Series {
  readonly system: SystemId;
  readonly target: Target;
}

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), one per series. */
const colours: Readonly<Record<string, string>> = {
  'cairn/primary': '#0072B2',
  'cairn/replica': '#56B4E9',
  'redis/primary': '#E69F00',
  'redis-aof/primary': '#D55E00',
  'redis-wait/primary': '#009E73',
  'redis-wait/replica': '#CC79A7',
  'etcd/primary': '#666666',
};
const fallbackColour = '#222222';

export function seriesKey(series: Series): string {
  return `${series.system}/${series.target}`;
}

export function seriesColour(series: Series): string {
  return colours[seriesKey(series)] ?? fallbackColour;
}

/** "cairn", "cairn replica", "Redis WAIT 2 replica". */
export function seriesName(series: Series): string {
  return series.target === 'replica' ? `${systemNames[series.system]} replica` : systemNames[series.system];
}

/** Series order: by system, then the primary before the replica. */
export function compareSeries(a: Series, b: Series): number {
  const bySystem = systemOrder.indexOf(a.system) - systemOrder.indexOf(b.system);
  if (bySystem !== 0) return bySystem;
  return a.target === b.target ? 0 : a.target === 'primary' ? -1 : 1;
}

/** The distinct series among some runs, in series order. */
export function seriesOf(runs: readonly Series[]): Series[] {
  const seen = new Map<string, Series>();
  for (const run of runs) seen.set(seriesKey(run), { system: run.system, target: run.target });
  return [...seen.values()].sort(compareSeries);
}

/** Run order: series, then mode, pipeline, clients and offered rate. */
export function compareRuns(a: RunResult, b: RunResult): number {
  return (
    compareSeries(a, b) ||
    (a.mode === b.mode ? 0 : a.mode === 'closed' ? -1 : 1) ||
    a.pipeline - b.pipeline ||
    a.clients - b.clients ||
    (a.offeredRate ?? 0) - (b.offeredRate ?? 0)
  );
}

/** The distinct values of a number among runs, ascending. */
export function distinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The one closed-loop run of a system matching these, or null when it was not measured. */
export function findClosedRun(
  results: BenchResults,
  query: { readonly system: SystemId; readonly workload: WorkloadId; readonly target: Target; readonly clients: number; readonly pipeline: number },
): RunResult | null {
  const match = results.runs.find(
    (run) =>
      run.mode === 'closed' &&
      run.system === query.system &&
      run.workload === query.workload &&
      run.target === query.target &&
      run.clients === query.clients &&
      run.pipeline === query.pipeline,
  );
  return match ?? null;
}

export function clientsName(clients: number): string {
  return clients === 1 ? '1 client' : `${clients} clients`;
}
