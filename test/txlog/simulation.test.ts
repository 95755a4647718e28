/**
 * The deterministic simulator in CI: hundreds of seeds of the whole log cluster under network,
 * disk, clock and crash faults, every invariant checked at every step; a seed replays bit for
 * bit; the checker itself catches deliberately broken drivers; and the seeds that found bugs stay
 * as tests (`.fails` while their bug is open, see test/simulation/known-issues.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatFailure, reproduceCommand } from '../simulation/campaign.js';
import { runSeed, type RunOptions, type RunResult } from '../simulation/world.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Seeds the CI campaign runs, split over parallel processes (the machine has two cores). */
const campaignSeeds = 500;
const campaignProcesses = 2;
/** Upper bound for one process's share of the campaign. */
const campaignTimeoutMs = 120_000;
/** Old-space limit of a campaign process: far above one seed's needs, far below what seeds leaking into each other reach. */
const campaignHeapMb = 128;

/**
 * Run `npm run sim -- --seeds N --from A` as a child process with gc exposed (the campaign then
 * fails when the heap keeps growing from seed to seed) and a small heap; resolves with its exit
 * code and output.
 */
function campaign(from: number, count: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const flags = ['--expose-gc', `--max-old-space-size=${campaignHeapMb}`, '--import', 'tsx'];
    const child = spawn(process.execPath, [...flags, 'test/simulation/main.ts', '--seeds', String(count), '--from', String(from)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seeds ${from}..${from + count - 1} did not finish within ${campaignTimeoutMs} ms:\n${output.slice(-4000)}`));
    }, campaignTimeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A run's verdict as a test expects it: the failure report when it failed. */
function verdict(result: RunResult, options: RunOptions = {}): string {
  return result.ok ? 'passed' : formatFailure(result, options);
}

describe('deterministic simulation', () => {
  it(`${campaignSeeds} seeds keep every invariant, recover after the faults stop, and leave nothing behind for the next seed`, async () => {
    const share = Math.ceil(campaignSeeds / campaignProcesses);
    const runs = await Promise.all(Array.from({ length: campaignProcesses }, (_, index) => campaign(1 + index * share, share)));
    for (const run of runs) {
      // On failure the output names the failing seed and the command that reproduces it.
      expect(run.code, run.output.slice(-12_000)).toBe(0);
      expect(run.output).toMatch(new RegExp(`${share} seeds passed`));
    }
  }, campaignTimeoutMs + 10_000);

  it('one seed is one whole run, reproducible bit for bit', () => {
    const traces: string[][] = [[], []];
    const results = traces.map((lines) => runSeed(3, { echo: (line) => lines.push(line) }));
    expect(verdict(results[0] as RunResult)).toBe('passed');
    expect(results[1]).toEqual(results[0]);
    expect(traces[0]?.length).toBeGreaterThan(1000);
    expect(traces[1]).toEqual(traces[0]);
  });

  it('a failure names the seed and the command that reproduces it', () => {
    const result = runSeed(1, { sabotage: 'acknowledgeBeforeSync' });
    expect(result.ok).toBe(false);
    const report = verdict(result);
    expect(report).toContain('seed 1 FAILED at');
    expect(report).toContain(`reproduce: ${reproduceCommand(1)}`);
    expect(report).toContain('last events:');
  });
});

describe('the checker catches broken implementations', () => {
  it('a follower that acknowledges (or a node that votes) before its fsync completes breaks durability on a majority', () => {
    // The leader's own appends going out before its fsync is the design; acknowledgements and votes must wait.
    for (const seed of [1, 2, 3]) {
      expect(verdict(runSeed(seed)), `seed ${seed}`).toBe('passed');
      const result = runSeed(seed, { sabotage: 'acknowledgeBeforeSync' });
      expect(result.ok ? 'passed' : result.message, `seed ${seed}`).toMatch(/committed entry \d+\/\d+ is durable on \d+ nodes only \(a majority is \d+\)/);
    }
  });

  it('lease keepers whose clocks drift beyond their bound can both be valid at once', () => {
    expect(verdict(runSeed(117))).toBe('passed');
    const result = runSeed(117, { sabotage: 'leaseClockDrift' });
    expect(result.ok ? 'passed' : result.message).toMatch(/two valid lease holders at once/);
  });
});

describe('seeds that found bugs', () => {
  // Found with dedupClientsMax 2: the session was forgotten before its retry came; the old state
  // machine answered "rejected" though the records were committed (log-state-machine.ts).
  it('seed 469: a retry of a forgotten session\'s committed first request is not reported rejected', () => {
    expect(verdict(runSeed(469))).toBe('passed');
  });

  // Late retries of requests a writer had pipelined past: with one remembered request per session
  // the old state machine answered them "stale" (outcome unknown) twice in this run.
  it('seed 961: a writer whose answers came late gets their outcomes, never "stale"', () => {
    const result = runSeed(961);
    expect(verdict(result)).toBe('passed');
    expect(result.ok && result.summary.staleAnswers).toBe(0);
  });
});
