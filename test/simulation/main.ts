/**
 * The simulator's command line (`npm run sim -- ...`):
 *
 *   --seed N                 run one seed verbosely: the trace on failure, a summary on success
 *   --seeds N [--from A]     a campaign over seeds A..A+N-1 (A defaults to 1): progress, then a
 *                            summary line; stops at the first failure with the command to reproduce it
 *   --trace                  with --seed: print every trace line as it happens
 *   --expose-known-issues [ID,ID]  do not avoid the bugs listed in known-issues.ts (all, or those named)
 *
 * Run under `node --expose-gc` and a campaign also fails when the heap keeps growing from seed to
 * seed (see campaign.ts).
 *
 * Exit status: 0 when every seed passed, 1 on a failure (or a growing heap), 2 on bad arguments.
 */
import { formatFailure, runCampaign } from './campaign.js';
import { runSeed } from './world.js';

interface Arguments {
  readonly seed: number | null;
  readonly seeds: number | null;
  readonly from: number;
  readonly trace: boolean;
  readonly exposeKnownIssues: boolean | readonly string[];
}

function parseArguments(argv: readonly string[]): Arguments | string {
  let seed: number | null = null;
  let seeds: number | null = null;
  let from = 1;
  let trace = false;
  let exposeKnownIssues: boolean | readonly string[] = false;
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === '--trace') {
      trace = true;
      continue;
    }
    if (flag === '--expose-known-issues') {
      const ids = argv[index + 1];
      if (ids === undefined || ids.startsWith('--')) exposeKnownIssues = true;
      else {
        exposeKnownIssues = ids.split(',');
        index++;
      }
      continue;
    }
    const value = Number(argv[index + 1]);
    if (!Number.isSafeInteger(value) || value < 0) return `${flag} needs a non-negative integer`;
    index++;
    if (flag === '--seed') seed = value;
    else if (flag === '--seeds') seeds = value;
    else if (flag === '--from') from = value;
    else return `unknown argument ${flag}`;
  }
  if ((seed === null) === (seeds === null)) return 'give --seed N or --seeds N';
  return { seed, seeds, from, trace, exposeKnownIssues };
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\nusage: npm run sim -- --seed N [--trace] | --seeds N [--from A]; [--expose-known-issues]\n`);
    return 2;
  }
  if (parsed.seed !== null) {
    const started = performance.now();
    const options = { exposeKnownIssues: parsed.exposeKnownIssues, ...(parsed.trace ? { echo: (line: string) => process.stdout.write(`${line}\n`) } : {}) };
    const result = runSeed(parsed.seed, options);
    const elapsed = (performance.now() - started).toFixed(0);
    if (!result.ok) {
      process.stdout.write(`${formatFailure(result, options)}\n`);
      return 1;
    }
    process.stdout.write(`seed ${parsed.seed} passed in ${elapsed} ms\n${JSON.stringify(result.summary, null, 2)}\n`);
    return 0;
  }
  const outcome = await runCampaign(parsed.from, parsed.seeds as number, (line) => process.stdout.write(`${line}\n`), { exposeKnownIssues: parsed.exposeKnownIssues });
  return outcome.failure === null && outcome.leak === null ? 0 : 1;
}

process.exitCode = await main();
