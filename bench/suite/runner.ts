/**
 * Carries out a plan step by step: starts each system (skipped with a note when its binary is
 * missing or it fails to start), preloads and warms it, runs its measurements, the failover trials
 * on cairn, stops it, then the recovery points. A failing step becomes a note, never a crash;
 * every step is bounded in time (runs by their window plus a grace, waits by their limits).
 */
import type { Cleanup } from './cleanup.js';
import { runLoad } from './load-loop.js';
import type { SuiteOptions } from './options.js';
import { type Step, type SuitePlan, estimateMs, systemsWithReplica } from './plan.js';
import { usageDuring } from './process-usage.js';
import { Progress, describeRun, describeStep, runFigures } from './progress.js';
import { measureRecovery } from './recovery.js';
import type { FailoverResult, RecoveryResult, RunResult, RunSpec, SystemId } from './results.js';
import { CairnSystem } from './systems/cairn-system.js';
import { EtcdSystem, etcdVersion } from './systems/etcd-system.js';
import { RedisSystem, redisVersion } from './systems/redis-system.js';
import type { RunningSystem } from './systems/running-system.js';

export interface SuiteOutcome {
  readonly systems: { readonly id: SystemId; readonly description: string }[];
  readonly runs: RunResult[];
  readonly failover: FailoverResult[];
  readonly recovery: RecoveryResult[];
  readonly notes: string[];
}

/** Clients of the load that warms a system up after it started. */
const warmupClients = 10;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class SuiteRunner {
  private readonly running = new Map<SystemId, RunningSystem>();
  private readonly skipped = new Set<SystemId>();
  private readonly outcome: SuiteOutcome = { systems: [], runs: [], failover: [], recovery: [], notes: [] };
  private seed = 1;

  constructor(
    private readonly options: SuiteOptions,
    private readonly plan: SuitePlan,
    private readonly cleanup: Cleanup,
  ) {}

  async execute(): Promise<SuiteOutcome> {
    const steps = this.plan.steps;
    const progress = new Progress(steps.length);
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as Step;
      let text: string | null;
      try {
        text = await this.step(step);
      } catch (error) {
        text = `${describeStep(step)}: FAILED: ${message(error)}`;
        this.outcome.notes.push(text);
        if (step.kind === 'start') this.skipped.add(step.system);
      }
      if (text === null) continue;
      const later = steps.slice(index + 1).filter((candidate) => this.willRun(candidate));
      progress.line(index, text, later[0], estimateMs(later));
    }
    return this.outcome;
  }

  private willRun(step: Step): boolean {
    if (step.kind === 'recovery') return !this.skipped.has('cairn');
    return !this.skipped.has(step.kind === 'run' ? step.run.system : step.system);
  }

  /** Carries out one step; resolves with its progress line (null: nothing to say, it was skipped). */
  private async step(step: Step): Promise<string | null> {
    if (!this.willRun(step)) return null;
    switch (step.kind) {
      case 'start':
        return this.start(step.system, step.preloadKeys);
      case 'run':
        return this.run(step.run);
      case 'failover':
        return this.failover(step.trials);
      case 'stop': {
        await this.running.get(step.system)?.stop();
        this.running.delete(step.system);
        return `stopped ${step.system}`;
      }
      case 'recovery': {
        const results = await measureRecovery(this.cleanup, step.keys, this.options.leaseMs);
        this.outcome.recovery.push(...results);
        const figures = results.map((result) => `${result.snapshot ? 'with' : 'without'} a snapshot: reads after ${Math.round(result.readsMs)} ms, writes after ${Math.round(result.writesMs)} ms`);
        return `recovery of cairn with ${step.keys} keys: ${figures.join('; ')}`;
      }
    }
  }

  private async start(id: SystemId, preloadKeys: number): Promise<string> {
    const missing = id === 'etcd' ? (etcdVersion() === null ? 'etcd or etcdctl is not installed (apt-get install -y etcd-server etcd-client)' : null) : id === 'cairn' ? null : redisVersion() === null ? 'redis-server is not installed (apt-get install -y redis-server)' : null;
    if (missing !== null) {
      this.skipped.add(id);
      this.outcome.notes.push(`${id} skipped: ${missing}`);
      return `${id} skipped: ${missing}`;
    }
    const system = await this.launch(id);
    this.running.set(id, system);
    this.outcome.systems.push({ id, description: system.description });
    const preloadSeconds = preloadKeys > 0 ? await system.preload(preloadKeys) : 0;
    await this.warmUp(system, preloadKeys > 0);
    const preloaded = preloadKeys > 0 ? `, preloaded ${preloadKeys} keys in ${preloadSeconds.toFixed(1)} s` : '';
    return `started ${id}${preloaded}, warmed up for ${(this.plan.systemWarmupMs / 1000).toFixed(1)} s per target`;
  }

  private launch(id: SystemId): Promise<RunningSystem> {
    switch (id) {
      case 'cairn':
        return CairnSystem.start(this.cleanup, this.options.leaseMs);
      case 'etcd':
        return EtcdSystem.start(this.cleanup);
      default:
        return RedisSystem.start(this.cleanup, id);
    }
  }

  /** Unrecorded load on every target, so that the first run does not pay for JIT and connection set-up. */
  private async warmUp(system: RunningSystem, preloaded: boolean): Promise<void> {
    const targets: ('primary' | 'replica')[] = systemsWithReplica.includes(system.id) && preloaded ? ['primary', 'replica'] : ['primary'];
    for (const target of targets) {
      const workload = system.id === 'etcd' ? 'set' : target === 'replica' ? 'get' : preloaded ? 'mixed' : 'set';
      const clients = await system.openClients({ workload, target, clients: warmupClients, pipeline: 1, keys: this.options.keys, seed: this.nextSeed() });
      try {
        const outcome = await runLoad({ clients, pipeline: 1, warmupMs: this.plan.systemWarmupMs, measureMs: 1, rate: null });
        if (outcome.failure !== null) throw new Error(`warm-up on the ${target}: ${outcome.failure}`);
      } finally {
        for (const client of clients) client.close();
      }
    }
  }

  private nextSeed(): number {
    this.seed += 1009;
    return this.seed;
  }

  private async run(run: RunSpec): Promise<string> {
    const system = this.running.get(run.system);
    if (system === undefined) throw new Error(`assertion: ${run.system} is not running`);
    let rate: number | null = null;
    if (run.mode === 'open') {
      const closed = this.outcome.runs.find((result) => result.mode === 'closed' && result.system === run.system && result.workload === run.workload && result.target === run.target && result.clients === run.clients && result.pipeline === run.pipeline);
      if (closed === undefined || !(closed.throughput > 0)) throw new Error('no closed-loop throughput to take the open-loop rate from');
      rate = this.options.openFraction * closed.throughput;
    }
    const { warmupMs, measureMs } = this.plan;
    const clients = await system.openClients({ workload: run.workload, target: run.target, clients: run.clients, pipeline: run.pipeline, keys: this.options.keys, seed: this.nextSeed() });
    const usage = usageDuring(() => system.pids(), warmupMs, measureMs);
    let outcome;
    try {
      outcome = await runLoad({ clients, pipeline: run.pipeline, warmupMs, measureMs, rate });
    } finally {
      for (const client of clients) client.close();
    }
    const resources = await usage;
    const result: RunResult = { ...run, offeredRate: rate, operations: outcome.operations, errors: outcome.errors, seconds: outcome.seconds, throughput: outcome.throughput, latencyMs: outcome.latencyMs, resources };
    this.outcome.runs.push(result);
    const failure = outcome.failure === null ? '' : ` (a client stopped: ${outcome.failure})`;
    if (failure !== '') this.outcome.notes.push(`${describeRun(run, rate)}:${failure}`);
    if (outcome.operations === 0) this.outcome.notes.push(`${describeRun(run, rate)}: no operation was answered within the window; its figures are zeros`);
    return `${describeRun(run, rate)}: ${runFigures(result)}${failure}`;
  }

  private async failover(trials: number): Promise<string> {
    const system = this.running.get('cairn');
    if (!(system instanceof CairnSystem)) throw new Error('assertion: cairn is not running');
    const trialsMs: number[] = [];
    try {
      for (let trial = 0; trial < trials; trial++) trialsMs.push(await system.failover(trial));
    } catch (error) {
      this.outcome.notes.push(`cairn failover trial ${trialsMs.length + 1} failed: ${message(error)}`);
    }
    if (trialsMs.length > 0) this.outcome.failover.push({ system: 'cairn', trialsMs, leaseMs: this.options.leaseMs });
    return `cairn failover (lease ${this.options.leaseMs} ms), kill -9 of the primary to the next acknowledged write: ${trialsMs.map((ms) => `${Math.round(ms)} ms`).join(', ') || 'no trial succeeded'}`;
  }
}
