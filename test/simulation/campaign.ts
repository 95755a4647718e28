/**
 * Many seeds in a row (the CLI's --seeds and the CI test): progress lines, a summary line, and
 * the first failure with the command that reproduces it.
 */
import { runSeed, type RunOptions, type RunResult } from './world.js';

/** A failed run. */
export type RunFailure = Extract<RunResult, { ok: false }>;

/** What a campaign came to. */
export interface CampaignOutcome {
  readonly passed: number;
  readonly failure: RunFailure | null;
  readonly elapsedMs: number;
}

/** Seconds between two progress lines. */
const progressEverySeconds = 5;

/** The command that runs `seed` alone. */
export function reproduceCommand(seed: number, options: RunOptions = {}): string {
  const exposed = options.exposeKnownIssues;
  const flag = exposed === true ? ' --expose-known-issues' : Array.isArray(exposed) && exposed.length > 0 ? ` --expose-known-issues ${exposed.join(',')}` : '';
  return `npm run sim -- --seed ${seed}${flag}`;
}

/** A failure as the report people read: what broke, when, the last events, how to reproduce. */
export function formatFailure(failure: RunFailure, options: RunOptions = {}): string {
  return [
    `seed ${failure.seed} FAILED at ${failure.atMs.toFixed(1)} ms of virtual time: ${failure.message}`,
    '',
    'last events:',
    ...failure.trace.map((line) => `  ${line}`),
    '',
    failure.stack,
    '',
    `reproduce: ${reproduceCommand(failure.seed, options)}`,
  ].join('\n');
}

/** Run seeds from..from+count-1, stopping at the first failure; `print` gets progress and the result. */
export function runCampaign(from: number, count: number, print: (line: string) => void, options: RunOptions = {}): CampaignOutcome {
  const started = performance.now();
  let lastProgress = started;
  let passed = 0;
  let events = 0;
  for (let seed = from; seed < from + count; seed++) {
    const result = runSeed(seed, options);
    if (!result.ok) {
      print(formatFailure(result, options));
      print(`${passed} seeds passed before seed ${seed} failed; reproduce: ${reproduceCommand(seed, options)}`);
      return { passed, failure: result, elapsedMs: performance.now() - started };
    }
    passed++;
    events += result.summary.events;
    const now = performance.now();
    if (now - lastProgress > progressEverySeconds * 1000) {
      lastProgress = now;
      print(`... ${passed}/${count} seeds passed (${((now - started) / passed).toFixed(1)} ms per seed)`);
    }
  }
  const elapsedMs = performance.now() - started;
  print(`${passed} seeds passed (${from}..${from + count - 1}) in ${(elapsedMs / 1000).toFixed(1)} s, ${(elapsedMs / Math.max(1, passed)).toFixed(1)} ms and ${Math.round(events / Math.max(1, passed))} events per seed`);
  return { passed, failure: null, elapsedMs };
}
