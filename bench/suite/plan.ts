/**
 * The suite's plan, computed up front from the options: a list of steps (start a system and
 * preload it, one measured run, failover trials, stop a system, one recovery point), each with
 * its estimated duration, so the whole run's length is known before it starts.
 */
import * as limits from './limits.js';
import type { SuiteOptions } from './options.js';
import type { RunSpec, SystemId, WorkloadId } from './results.js';

export type Step =
  | { readonly kind: 'start'; readonly system: SystemId; readonly preloadKeys: number; readonly estimateMs: number }
  | { readonly kind: 'run'; readonly run: RunSpec; readonly estimateMs: number }
  | { readonly kind: 'failover'; readonly system: 'cairn'; readonly trials: number; readonly estimateMs: number }
  | { readonly kind: 'stop'; readonly system: SystemId; readonly estimateMs: number }
  | { readonly kind: 'recovery'; readonly keys: number; readonly estimateMs: number };

export interface SuitePlan {
  readonly steps: readonly Step[];
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly systemWarmupMs: number;
}

/** Systems with a replica to read from. */
export const systemsWithReplica: readonly SystemId[] = ['cairn', 'redis-wait'];

/** Estimated start-up of each system (processes ready, replicas in sync), in ms. */
const startEstimateMs: Readonly<Record<SystemId, number>> = { cairn: 8000, redis: 1000, 'redis-aof': 1000, 'redis-wait': 3000, etcd: 4000 };
/** Estimated preload time per key (MSETs of 1000 keys, replicas catching up), in ms. */
const preloadMsPerKey: Readonly<Record<SystemId, number>> = { cairn: 0.03, redis: 0.004, 'redis-aof': 0.008, 'redis-wait': 0.012, etcd: 0 };
/** Estimated set-up and tear-down of one run beyond its windows (connections, figures), in ms. */
const runOverheadMs = 300;
/** Estimated replay per key of a restarted server (snapshot load plus log tail), in ms. */
const replayMsPerKey = 0.006;
/** Estimated load, SAVE and two restarts per key of a recovery point, in ms. */
const recoveryMsPerKey = 0.05;
/** Estimated fixed cost of a recovery point (cluster start, restarts, lease claims beyond the lease), in ms. */
const recoveryFixedMs = 8000;

function workloadsOf(system: SystemId, quick: boolean): readonly WorkloadId[] {
  if (system === 'etcd') return ['set'];
  return quick ? ['set', 'get'] : ['set', 'get', 'incr', 'lpush', 'mixed'];
}

/** Whether a closed run of this shape is followed by an open-loop run at a fraction of its throughput. */
function hasOpenLoop(workload: WorkloadId, pipeline: number, clients: number, quick: boolean): boolean {
  return (workload === 'set' || workload === 'get') && pipeline === 1 && (!quick || clients === 50);
}

/** The measured runs of one system, in the order they run. */
export function runsOf(system: SystemId, quick: boolean): RunSpec[] {
  const clientCounts = quick ? [1, 50] : [1, 10, 50];
  const pipelines = quick ? [1] : [1, 16];
  const runs: RunSpec[] = [];
  for (const workload of workloadsOf(system, quick)) {
    const targets: ('primary' | 'replica')[] = workload === 'get' && systemsWithReplica.includes(system) ? ['primary', 'replica'] : ['primary'];
    for (const target of targets) {
      for (const clients of clientCounts) {
        for (const pipeline of pipelines) {
          runs.push({ system, workload, target, clients, pipeline, mode: 'closed' });
          if (hasOpenLoop(workload, pipeline, clients, quick)) runs.push({ system, workload, target, clients, pipeline, mode: 'open' });
        }
      }
    }
  }
  return runs;
}

/** The recovery points: fractions of the keyspace, at least recoveryKeysMin keys, no duplicates. */
function recoveryKeys(options: SuiteOptions): number[] {
  const fractions = options.mode === 'quick' ? limits.recoveryFractionsQuick : limits.recoveryFractionsFull;
  const keys = fractions.map((fraction) => Math.max(limits.recoveryKeysMin, Math.round(options.keys * fraction)));
  return [...new Set(keys)].sort((a, b) => a - b);
}

export function makePlan(options: SuiteOptions): SuitePlan {
  const quick = options.mode === 'quick';
  const warmupMs = quick ? limits.warmupMsQuick : limits.warmupMsFull;
  const measureMs = quick ? limits.measureMsQuick : limits.measureMsFull;
  const systemWarmupMs = quick ? limits.systemWarmupMsQuick : limits.systemWarmupMsFull;
  const steps: Step[] = [];
  for (const system of options.systems) {
    const runs = runsOf(system, quick);
    const preloadKeys = runs.some((run) => run.workload === 'get' || run.workload === 'mixed') ? options.keys : 0;
    const targets = systemsWithReplica.includes(system) ? 2 : 1;
    steps.push({ kind: 'start', system, preloadKeys, estimateMs: startEstimateMs[system] + preloadKeys * preloadMsPerKey[system] + targets * systemWarmupMs });
    for (const run of runs) steps.push({ kind: 'run', run, estimateMs: warmupMs + measureMs + runOverheadMs });
    if (system === 'cairn') {
      const trials = quick ? limits.failoverTrialsQuick : limits.failoverTrialsFull;
      steps.push({ kind: 'failover', system, trials, estimateMs: trials * (2.5 * options.leaseMs + 3000 + options.keys * replayMsPerKey) });
    }
    steps.push({ kind: 'stop', system, estimateMs: 500 });
  }
  if (options.systems.includes('cairn')) {
    for (const keys of recoveryKeys(options)) steps.push({ kind: 'recovery', keys, estimateMs: recoveryFixedMs + 2 * options.leaseMs + keys * recoveryMsPerKey });
  }
  return { steps, warmupMs, measureMs, systemWarmupMs };
}

/** The estimated duration of `steps`, in ms. */
export function estimateMs(steps: readonly Step[]): number {
  return steps.reduce((sum, step) => sum + step.estimateMs, 0);
}
