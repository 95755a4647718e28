/**
 * Many seeds in a row (the CLI's --seeds and the CI test): progress lines, a summary line, and
 * the first failure with the command that reproduces it.
 *
 * Between two seeds the campaign lets the event loop turn: a seed settles its stores' write
 * promises (every synced or failed simulated fsync), and their reactions run only as microtasks.
 * A campaign that never yielded kept every seed's pending reactions, and through them (a failed
 * write's error holds its call sites) whole worlds, until the heap ran out after a few thousand
 * seeds. When gc is exposed (node --expose-gc) the campaign also checks that the heap after a
 * forced collection does not keep growing, so such a leak fails fast instead of silently.
 */
import { runSeed, type RunOptions, type RunResult } from './world.js';

/** A failed run. */
export type RunFailure = Extract<RunResult, { ok: false }>;

/** What a campaign came to. */
export interface CampaignOutcome {
  readonly passed: number;
  readonly failure: RunFailure | null;
  /** Why the heap check failed (something survives from one seed to the next), or null. */
  readonly leak: string | null;
  readonly elapsedMs: number;
}

/** Seconds between two progress lines. */
const progressEverySeconds = 5;
/** Seeds run before the heap baseline is taken (code compiled and optimised, lazy state built). */
export const heapBaselineAfterSeeds = 50;
/** Seeds between two heap checks after the baseline. */
export const heapCheckEverySeeds = 100;
/** Growth of the collected heap over its baseline that counts as a leak (it stays near 13 MB; a world kept per seed, ~0.65 MB, trips this within ~50 seeds). */
export const heapGrowthMaxBytes = 32 * 1024 * 1024;

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

/** One turn of the event loop: the microtasks the last seed queued run, and its objects can be collected. */
function turnEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The forced collection node --expose-gc provides, or null. */
function exposedGc(): (() => void) | null {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => (gc as () => void)() : null;
}

/** Bytes on the heap after a forced collection. */
function collectedHeapBytes(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** Run seeds from..from+count-1, stopping at the first failure (or a growing heap); `print` gets progress and the result. */
export async function runCampaign(from: number, count: number, print: (line: string) => void, options: RunOptions = {}): Promise<CampaignOutcome> {
  const started = performance.now();
  const gc = exposedGc();
  let heapBaseline: number | null = null;
  let lastProgress = started;
  let passed = 0;
  let events = 0;
  for (let seed = from; seed < from + count; seed++) {
    const result = runSeed(seed, options);
    if (!result.ok) {
      print(formatFailure(result, options));
      print(`${passed} seeds passed before seed ${seed} failed; reproduce: ${reproduceCommand(seed, options)}`);
      return { passed, failure: result, leak: null, elapsedMs: performance.now() - started };
    }
    passed++;
    events += result.summary.events;
    await turnEventLoop();
    if (gc !== null && passed === heapBaselineAfterSeeds) heapBaseline = collectedHeapBytes(gc);
    if (gc !== null && heapBaseline !== null && (passed - heapBaselineAfterSeeds) % heapCheckEverySeeds === 0 && passed > heapBaselineAfterSeeds) {
      const heap = collectedHeapBytes(gc);
      if (heap - heapBaseline > heapGrowthMaxBytes) {
        const leak = `the heap grew from ${megabytes(heapBaseline)} to ${megabytes(heap)} after a forced gc over seeds ${from + heapBaselineAfterSeeds}..${seed} (limit ${megabytes(heapGrowthMaxBytes)} of growth): something survives from one seed to the next`;
        print(`${passed} seeds passed, but ${leak}`);
        return { passed, failure: null, leak, elapsedMs: performance.now() - started };
      }
    }
    const now = performance.now();
    if (now - lastProgress > progressEverySeconds * 1000) {
      lastProgress = now;
      const heap = heapBaseline === null ? '' : `, heap ${megabytes(process.memoryUsage().heapUsed)}`;
      print(`... ${passed}/${count} seeds passed (${((now - started) / passed).toFixed(1)} ms per seed${heap})`);
    }
  }
  const elapsedMs = performance.now() - started;
  print(`${passed} seeds passed (${from}..${from + count - 1}) in ${(elapsedMs / 1000).toFixed(1)} s, ${(elapsedMs / Math.max(1, passed)).toFixed(1)} ms and ${Math.round(events / Math.max(1, passed))} events per seed`);
  return { passed, failure: null, leak: null, elapsedMs };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
