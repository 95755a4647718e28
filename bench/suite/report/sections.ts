/** The report's sections, each a function from the results to markdown. */
import type { BenchResults, RunResult, SystemId, WorkloadId } from '../results.js';
import type { Charts } from './charts.js';
import { code, formatGiB, formatInteger, formatMiB, formatMs, median, notMeasured, table } from './format.js';
import { latencyChart } from './latency-chart.js';
import { recoveryChart } from './recovery-chart.js';
import { compareRuns, distinct, seriesKey, seriesName, seriesOf, systemNames, systemOrder, workloadNames } from './series.js';
import { throughputChart } from './throughput-chart.js';

/** The pipeline depths the suite is specified to measure; a depth without runs is reported as not measured. */
export const pipelineDepths: readonly number[] = [1, 16];

export const machineNote =
  'Absolute figures depend on the machine they were measured on; the ratios between systems, measured side by side in this one run, are what to compare.';

export function headerSection(results: BenchResults): string {
  const machine = results.machine;
  const mode = results.mode === 'quick' ? 'quick (`--quick`: short runs, noisy figures)' : 'full';
  const rows = [
    ['command', code(results.command)],
    ['started', results.startedAt],
    ['mode', mode],
    ['label', code(results.label)],
    ['machine', `${machine.cpus} × ${machine.cpuModel}, ${formatGiB(machine.memoryBytes)} memory, ${machine.os}`],
    ['Node', machine.node],
    ['Redis', machine.redis ?? 'not installed'],
    ['etcd', machine.etcd ?? 'not installed'],
    ['data', `${formatInteger(results.valueBytes)}-byte values over ${formatInteger(results.keys)} keys`],
  ];
  return [`# cairn benchmark report: ${results.label}`, '', table(['fact', 'value'], rows), '', machineNote].join('\n');
}

export function systemsSection(results: BenchResults): string {
  const rows = systemOrder.map((id) => {
    const description = results.systems.find((system) => system.id === id)?.description;
    return [systemNames[id], code(id), description ?? `${notMeasured} (skipped in this run)`];
  });
  return ['## Systems', '', table(['system', 'id', 'setup'], rows)].join('\n');
}

function modeName(mode: RunResult['mode']): string {
  return mode === 'closed' ? 'closed loop' : 'open loop';
}

function latencyCharts(workload: WorkloadId, mode: RunResult['mode'], runs: readonly RunResult[], charts: Charts): string[] {
  return distinct([...pipelineDepths, ...runs.map((run) => run.pipeline)]).map((pipeline) => {
    const selected = runs.filter((run) => run.pipeline === pipeline);
    const title = `${workloadNames[workload]} latency, ${modeName(mode)}, pipeline ${pipeline}`;
    if (selected.length === 0) return `${title}: ${notMeasured}.`;
    return charts.add(`latency-${workload}-${mode}-p${pipeline}.svg`, latencyChart({ title, runs: selected }), title);
  });
}

function throughputCharts(workload: WorkloadId, runs: readonly RunResult[], charts: Charts): string[] {
  return distinct([...pipelineDepths, ...runs.map((run) => run.pipeline)]).map((pipeline) => {
    const selected = runs.filter((run) => run.pipeline === pipeline);
    const title = `${workloadNames[workload]} throughput, closed loop, pipeline ${pipeline}`;
    if (selected.length === 0) return `${title}: ${notMeasured}.`;
    return charts.add(`throughput-${workload}-p${pipeline}.svg`, throughputChart({ title, runs: selected }), title);
  });
}

function resourceRows(runs: readonly RunResult[]): string[][] {
  return seriesOf(runs).map((series) => {
    const own = runs.filter((run) => seriesKey(run) === seriesKey(series));
    const cpu = own.map((run) => run.resources.cpuPercent);
    const cpuRange = `${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}`;
    return [seriesName(series), String(own.length), cpuRange, formatMiB(Math.max(...own.map((run) => run.resources.rssBytes)))];
  });
}

function runRow(run: RunResult): string[] {
  const latency = run.latencyMs;
  return [
    seriesName(run),
    run.mode,
    run.offeredRate === null ? '' : formatInteger(run.offeredRate),
    String(run.clients),
    String(run.pipeline),
    formatInteger(run.operations),
    formatInteger(run.errors),
    run.seconds.toFixed(1),
    formatInteger(run.throughput),
    ...[latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map(formatMs),
    run.resources.cpuPercent.toFixed(0),
    formatMiB(run.resources.rssBytes),
  ];
}

function allRunsTable(runs: readonly RunResult[]): string {
  const header = ['system', 'mode', 'offered ops/s', 'clients', 'pipeline', 'operations', 'errors', 's', 'ops/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'CPU %', 'RSS'];
  return ['<details>', `<summary>All ${runs.length} runs</summary>`, '', table(header, runs.map(runRow)), '', '</details>'].join('\n');
}

function missingSystems(runs: readonly RunResult[]): SystemId[] {
  return systemOrder.filter((id) => !runs.some((run) => run.system === id));
}

function modeSection(workload: WorkloadId, mode: RunResult['mode'], runs: readonly RunResult[], charts: Charts): string[] {
  const heading = mode === 'closed' ? '### Closed loop: each client sends its next request when the reply arrives' : '### Open loop: requests at a fixed rate, latency from the intended send time (coordinated omission corrected)';
  if (runs.length === 0) return [heading, '', 'Not measured.'];
  const parts = [heading, '', ...latencyCharts(workload, mode, runs, charts).flatMap((line) => [line, ''])];
  if (mode === 'closed') parts.push(...throughputCharts(workload, runs, charts).flatMap((line) => [line, '']));
  return parts.slice(0, -1);
}

export function workloadSection(results: BenchResults, workload: WorkloadId, charts: Charts): string {
  const heading = `## Workload: ${workloadNames[workload]}`;
  const runs = results.runs.filter((run) => run.workload === workload).sort(compareRuns);
  if (runs.length === 0) return [heading, '', `${notMeasured} in this run.`].join('\n');
  const missing = missingSystems(runs);
  return [
    heading,
    '',
    ...(missing.length === 0 ? [] : [`Systems ${notMeasured} on this workload: ${missing.map((id) => systemNames[id]).join('; ')}.`, '']),
    ...modeSection(workload, 'closed', runs.filter((run) => run.mode === 'closed'), charts),
    '',
    ...modeSection(workload, 'open', runs.filter((run) => run.mode === 'open'), charts),
    '',
    '### CPU and memory',
    '',
    'CPU time over wall time in percent of one core, summed over the system\'s processes; resident memory at the end of a run.',
    '',
    table(['system', 'runs', 'CPU % (lowest–highest)', 'RSS (highest)'], resourceRows(runs)),
    '',
    allRunsTable(runs),
  ].join('\n');
}

export function recoverySection(results: BenchResults, charts: Charts): string {
  const heading = '## Recovery time against dataset size';
  if (results.recovery.length === 0) return [heading, '', `${notMeasured} in this run.`].join('\n');
  const title = 'Recovery time after kill -9 against dataset size';
  const sorted = [...results.recovery].sort(
    (a, b) => systemOrder.indexOf(a.system) - systemOrder.indexOf(b.system) || Number(b.snapshot) - Number(a.snapshot) || a.keys - b.keys,
  );
  const rows = sorted.map((one) => [systemNames[one.system], formatInteger(one.keys), one.snapshot ? 'yes' : 'no', formatMs(one.readsMs), formatMs(one.writesMs)]);
  return [
    heading,
    '',
    'kill -9 of a server holding the dataset until the restarted server serves reads, and until it serves writes; with a snapshot taken just before the kill, and without one. The chart shows the later of the two.',
    '',
    charts.add('recovery.svg', recoveryChart(sorted), title),
    '',
    table(['system', 'keys', 'snapshot', 'reads after, ms', 'writes after, ms'], rows),
  ].join('\n');
}

export function failoverSection(results: BenchResults): string {
  const heading = '## Failover';
  const measured = results.failover.filter((one) => one.trialsMs.length > 0);
  if (measured.length === 0) return [heading, '', `${notMeasured} in this run.`].join('\n');
  const sorted = [...measured].sort((a, b) => systemOrder.indexOf(a.system) - systemOrder.indexOf(b.system));
  const rows = sorted.map((one) => [
    systemNames[one.system],
    String(one.trialsMs.length),
    formatMs(median(one.trialsMs) as number),
    formatMs(Math.min(...one.trialsMs)),
    formatMs(Math.max(...one.trialsMs)),
    one.trialsMs.map(formatMs).join(', '),
  ]);
  return [heading, '', 'kill -9 of the primary until the next acknowledged write, per trial.', '', table(['system', 'trials', 'median ms', 'fastest ms', 'slowest ms', 'each trial, ms'], rows)].join('\n');
}
