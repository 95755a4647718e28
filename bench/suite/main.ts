/**
 * The benchmark suite, one command (`npm run bench`, `cairn bench`): cairn side by side with Redis
 * (no persistence; appendfsync always; a primary and two replicas with WAIT 2 0) and a three-node
 * etcd, all started here on loopback and stopped by pid. Writes
 * bench/results/<YYYY-MM-DD>-<label>.json (bench/suite/results.ts) and its report beside it.
 *
 *   npm run bench -- [--quick] [--label L] [--keys N] [--lease-ms MS] [--systems a,b] [--plan]
 *
 * Ctrl-C stops every process it started, removes its scratch data and exits 130.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cairn-processes.js';
import { Cleanup } from './cleanup.js';
import { valueBytes } from './limits.js';
import { loadAverage, machineFacts } from './machine.js';
import { parseOptions, usage } from './options.js';
import { makePlan } from './plan.js';
import { describeStep, duration, planSummary } from './progress.js';
import { writeReport } from './report.js';
import type { BenchResults } from './results.js';
import { SuiteRunner } from './runner.js';

/** How this run was invoked, for the results file. */
function invocation(args: readonly string[]): string {
  const rest = args.join(' ');
  if (process.env.CAIRN_BENCH_VIA === 'cli') return `cairn bench${rest === '' ? '' : ` ${rest}`}`;
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${rest === '' ? '' : ` -- ${rest}`}`;
  return `npx tsx bench/suite/main.ts${rest === '' ? '' : ` ${rest}`}`;
}

/** Lines that say how to read the figures, kept with them. */
function standingNotes(leaseMs: number, openFraction: number): string[] {
  return [
    'Redis has no automatic failover (it takes Sentinel, which the suite does not run): failover is measured on cairn only.',
    `cairn's servers ran with a ${leaseMs} ms primary lease: a replica claims the lease a full lease after the last renewal it saw.`,
    'etcd stands for the replicated log alone: puts of the same value size, SET only.',
    `Open-loop runs offer ${Math.round(openFraction * 100)}% of the closed-loop throughput measured just before them; their latency runs from each batch's due time (coordinated omission corrected; ~1 ms timer granularity included).`,
    'The load generator is one Node.js process on the same machine as every system: the fastest runs are bounded by it, and all processes share the cores.',
    'With the Redis WAIT set-up, a pipelined batch ends with one WAIT 2 0, which covers every write before it.',
  ];
}

async function main(args: readonly string[]): Promise<number> {
  const parsed = parseOptions(args);
  if (parsed.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`bench: ${parsed.message}\n${usage}`);
    return 2;
  }
  const options = parsed.options;
  const plan = makePlan(options);
  process.stdout.write(`cairn benchmark suite, ${options.mode} run: ${options.systems.join(', ')}; ${valueBytes}-byte values over ${options.keys} keys\n${planSummary(plan)}\n`);
  if (options.planOnly) return 0;
  const first = plan.steps[0];
  if (first !== undefined) process.stdout.write(`first: ${describeStep(first)}\n`);
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stderr.write('bench: dist/ is missing: run `npm run build` first (npm run bench does)\n');
    return 1;
  }

  const cleanup = new Cleanup();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping everything the suite started...\n`);
    void cleanup.runAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));

  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const machine = machineFacts();
  let outcome;
  try {
    outcome = await new SuiteRunner(options, plan, cleanup).execute();
  } finally {
    await cleanup.runAll();
  }
  const notes = [...standingNotes(options.leaseMs, options.openFraction), `1-minute load average: ${loadAtStart} at the start, ${loadAverage()} at the end (${machine.cpus} cores).`, ...outcome.notes];
  const results: BenchResults = {
    version: 1,
    label: options.label,
    startedAt: startedAt.toISOString(),
    mode: options.mode,
    command: invocation(args),
    machine,
    systems: outcome.systems,
    valueBytes,
    keys: options.keys,
    runs: outcome.runs,
    failover: outcome.failover,
    recovery: outcome.recovery,
    notes,
  };
  const jsonPath = path.join(ROOT, 'bench', 'results', `${startedAt.toISOString().slice(0, 10)}-${options.label}.json`);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${outcome.runs.length} runs in ${duration(performance.now())} (m:ss); raw figures: ${path.relative(ROOT, jsonPath)}\n`);
  for (const note of outcome.notes) process.stdout.write(`note: ${note}\n`);
  const { markdownPath } = await writeReport(results, jsonPath);
  process.stdout.write(`report: ${path.relative(ROOT, markdownPath)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
