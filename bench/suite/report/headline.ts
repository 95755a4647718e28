/**
 * The headline: cairn's figures as ratios against Redis, all from one run. Durable SET against
 * the Redis setups that also sync every write, reads on cairn's replica against Redis without
 * persistence, then failover and recovery times.
 */
import type { BenchResults, RecoveryResult, SystemId, WorkloadId } from '../results.js';
import { code, formatInteger, formatMs, formatRatio, median, notMeasured, ratio, table } from './format.js';
import { readyMs } from './recovery-chart.js';
import { findClosedRun, systemNames, type Target } from './series.js';

export type Unit = 'ms' | 'ops/s';

export interface HeadlineRow {
  readonly measure: string;
  /** The Redis setup cairn is compared with. */
  readonly against: SystemId;
  readonly unit: Unit;
  readonly cairn: number | null;
  readonly redis: number | null;
  /** cairn / Redis; null when either was not measured. */
  readonly ratio: number | null;
}

/** The client counts the headline quotes: latency of a lone client, throughput of many. */
export const latencyClients = 1;
export const throughputClients = 50;

interface RunFigure {
  readonly workload: WorkloadId;
  readonly figure: 'p50' | 'throughput';
  readonly clients: number;
}

function runFigure(results: BenchResults, system: SystemId, target: Target, query: RunFigure): number | null {
  const run = findClosedRun(results, { system, target, workload: query.workload, clients: query.clients, pipeline: 1 });
  if (run === null) return null;
  return query.figure === 'p50' ? run.latencyMs.p50 : run.throughput;
}

function row(measure: string, against: SystemId, unit: Unit, cairn: number | null, redis: number | null): HeadlineRow {
  return { measure, against, unit, cairn, redis, ratio: ratio(cairn, redis) };
}

function runRows(results: BenchResults): HeadlineRow[] {
  const p50: RunFigure = { workload: 'set', figure: 'p50', clients: latencyClients };
  const throughput: RunFigure = { workload: 'set', figure: 'throughput', clients: throughputClients };
  const rows: HeadlineRow[] = [];
  for (const against of ['redis-wait', 'redis-aof'] as const) {
    const name = systemNames[against];
    rows.push(row(`durable SET p50, ${latencyClients} client, against ${name}`, against, 'ms', runFigure(results, 'cairn', 'primary', p50), runFigure(results, against, 'primary', p50)));
    rows.push(
      row(`durable SET throughput, ${throughputClients} clients, against ${name}`, against, 'ops/s', runFigure(results, 'cairn', 'primary', throughput), runFigure(results, against, 'primary', throughput)),
    );
  }
  const name = systemNames.redis;
  const get = (query: Omit<RunFigure, 'workload'>): RunFigure => ({ ...query, workload: 'get' });
  rows.push(row(`GET p50 on cairn's replica, ${latencyClients} client, against ${name}`, 'redis', 'ms', runFigure(results, 'cairn', 'replica', get(p50)), runFigure(results, 'redis', 'primary', get(p50))));
  rows.push(
    row(
      `GET throughput on cairn's replica, ${throughputClients} clients, against ${name}`,
      'redis',
      'ops/s',
      runFigure(results, 'cairn', 'replica', get(throughput)),
      runFigure(results, 'redis', 'primary', get(throughput)),
    ),
  );
  return rows;
}

function failoverMedian(results: BenchResults, system: SystemId): { readonly ms: number | null; readonly trials: number } {
  const trials = results.failover.find((failover) => failover.system === system)?.trialsMs ?? [];
  return { ms: median(trials), trials: trials.length };
}

function failoverRow(results: BenchResults): HeadlineRow {
  const cairn = failoverMedian(results, 'cairn');
  const redis = failoverMedian(results, 'redis-wait');
  const trials = cairn.trials === 0 ? '' : `, median of ${cairn.trials} trial${cairn.trials === 1 ? '' : 's'}`;
  return row(`failover (kill -9 of the primary until the next acknowledged write${trials}), against ${systemNames['redis-wait']}`, 'redis-wait', 'ms', cairn.ms, redis.ms);
}

function recoveryFor(results: BenchResults, system: SystemId, snapshot: boolean, keys: number): RecoveryResult | null {
  return results.recovery.find((one) => one.system === system && one.snapshot === snapshot && one.keys === keys) ?? null;
}

/** Recovery of cairn's largest measured dataset, with or without a snapshot, against Redis AOF at the same size. */
function recoveryRow(results: BenchResults, snapshot: boolean): HeadlineRow {
  const sizes = results.recovery.filter((one) => one.system === 'cairn' && one.snapshot === snapshot).map((one) => one.keys);
  const manner = snapshot ? 'with a recent snapshot' : 'without a snapshot';
  const against = 'redis-aof';
  if (sizes.length === 0) return row(`recovery after kill -9, ${manner}, against ${systemNames[against]}`, against, 'ms', null, null);
  const keys = Math.max(...sizes);
  const cairn = recoveryFor(results, 'cairn', snapshot, keys);
  const redis = recoveryFor(results, against, snapshot, keys);
  const measure = `recovery of ${formatInteger(keys)} keys after kill -9, ${manner}, against ${systemNames[against]}`;
  return row(measure, against, 'ms', cairn === null ? null : readyMs(cairn), redis === null ? null : readyMs(redis));
}

/** Every headline figure, in table order. */
export function headlineRows(results: BenchResults): HeadlineRow[] {
  return [...runRows(results), failoverRow(results), recoveryRow(results, true), recoveryRow(results, false)];
}

function figure(value: number | null, unit: Unit): string {
  if (value === null) return notMeasured;
  return unit === 'ms' ? `${formatMs(value)} ms` : `${formatInteger(value)} ops/s`;
}

function provenance(results: BenchResults): string {
  const kind = results.mode === 'quick' ? 'a `--quick` run: short and noisy, not for quoting' : 'a full run';
  return `From ${code(results.command)} (${kind}; label ${code(results.label)}, started ${results.startedAt}, ${results.machine.cpus} × ${results.machine.cpuModel}).`;
}

function legendLines(results: BenchResults, rows: readonly HeadlineRow[]): string[] {
  const compared = [...new Set(rows.map((one) => one.against))];
  return compared.map((id) => {
    const description = results.systems.find((system) => system.id === id)?.description;
    return `- ${systemNames[id]} (${code(id)}): ${description === undefined ? `${notMeasured} in this run` : description.replace(/\.$/, '')}.`;
  });
}

/** The headline as markdown: where it came from, the table, what the ratios mean. */
export function headlineTable(results: BenchResults): string {
  const rows = headlineRows(results);
  const body = rows.map((one) => [one.measure, figure(one.cairn, one.unit), figure(one.redis, one.unit), formatRatio(one.ratio)]);
  return [
    provenance(results),
    '',
    table(['measure', 'cairn', 'Redis', 'cairn / Redis'], body),
    '',
    'Recovery is the time until the restarted server serves both reads and writes. ' +
      'A latency or time ratio above 1 means cairn takes longer; a throughput ratio above 1 means cairn serves more. ' +
      'Absolute figures depend on the machine; the ratios, measured side by side in one run, are what to compare.',
    '',
    ...legendLines(results, rows),
  ].join('\n');
}
