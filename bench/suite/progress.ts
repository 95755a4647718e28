/** What the suite prints while it runs: the plan up front, then one line per step. */
import type { SuitePlan, Step } from './plan.js';
import { estimateMs } from './plan.js';
import type { RunResult, RunSpec } from './results.js';

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function describeRun(run: RunSpec, rate: number | null = null): string {
  const target = run.target === 'replica' ? ' on the replica' : '';
  const mode = run.mode === 'closed' ? 'closed loop' : rate === null ? 'open loop' : `open loop at ${Math.round(rate)}/s`;
  return `${run.system} ${run.workload.toUpperCase()}${target}, ${run.clients} client${run.clients === 1 ? '' : 's'}, pipeline ${run.pipeline}, ${mode}`;
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'start':
      return `start ${step.system}${step.preloadKeys > 0 ? ` and preload ${step.preloadKeys} keys` : ''}`;
    case 'run':
      return describeRun(step.run);
    case 'failover':
      return `${step.trials} failover trials on ${step.system}`;
    case 'stop':
      return `stop ${step.system}`;
    case 'recovery':
      return `recovery of cairn with ${step.keys} keys, without and with a snapshot`;
  }
}

/** The plan, summarised: runs per system and the estimated duration. */
export function planSummary(plan: SuitePlan): string {
  const lines: string[] = [];
  const runs = plan.steps.flatMap((step) => (step.kind === 'run' ? [step.run] : []));
  const systems = [...new Set(runs.map((run) => run.system))];
  lines.push(`plan: ${runs.length} runs (${runs.filter((run) => run.mode === 'open').length} of them open loop), ${plan.warmupMs / 1000} s warm-up + ${plan.measureMs / 1000} s measured each`);
  for (const system of systems) {
    const own = runs.filter((run) => run.system === system);
    lines.push(`  ${system.padEnd(10)} ${String(own.length).padStart(3)} runs: ${[...new Set(own.map((run) => `${run.workload}${run.target === 'replica' ? '@replica' : ''}`))].join(', ')}; clients ${[...new Set(own.map((run) => run.clients))].join('/')}; pipelines ${[...new Set(own.map((run) => run.pipeline))].join('/')}`);
  }
  for (const step of plan.steps) if (step.kind === 'failover' || step.kind === 'recovery') lines.push(`  ${describeStep(step)} (~${duration(step.estimateMs)})`);
  lines.push(`estimated duration: ${duration(estimateMs(plan.steps))} (m:ss)`);
  return lines.join('\n');
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** A run's headline figures on one line. */
export function runFigures(result: RunResult): string {
  const latency = result.latencyMs;
  const errors = result.errors > 0 ? `, ${result.errors} errors` : '';
  return `${Math.round(result.throughput)} ops/s, p50 ${fixed(latency.p50, 3)} p99 ${fixed(latency.p99, 3)} p99.9 ${fixed(latency.p999, 2)} max ${fixed(latency.max, 1)} ms, cpu ${Math.round(result.resources.cpuPercent)}%, rss ${Math.round(result.resources.rssBytes / 1048576)} MB${errors}`;
}

/** Prints one progress line: where the run is, what happened, what comes next. */
export class Progress {
  private readonly startedAt = performance.now();

  constructor(private readonly total: number) {}

  line(index: number, text: string, next: Step | undefined, remainingMs: number): void {
    const elapsed = duration(performance.now() - this.startedAt);
    const then = next === undefined ? 'done' : `next: ${describeStep(next)}`;
    process.stdout.write(`[${String(index + 1).padStart(String(this.total).length)}/${this.total} ${elapsed}, ~${duration(remainingMs)} left] ${text} — ${then}\n`);
  }
}
