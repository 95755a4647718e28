/**
 * When a child of `cairn start` dies: restart it after a short backoff that doubles with each
 * recent restart, or give up on it. Pure: the caller passes the clock and the restart history.
 */
import { startLimits } from './limits.js';

/** How a child ended, as node reports it. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface RestartPolicy {
  readonly backoffMsMin: number;
  readonly backoffMsMax: number;
  /** Restarts allowed within windowMs; the next death after that many is given up on. */
  readonly restartsMax: number;
  readonly windowMs: number;
}

export const restartPolicyDefault: RestartPolicy = {
  backoffMsMin: startLimits.restartBackoffMsMin,
  backoffMsMax: startLimits.restartBackoffMsMax,
  restartsMax: startLimits.restartsMax,
  windowMs: startLimits.restartWindowMs,
};

/** Exit code of a cairn command whose command line was refused: running it again cannot help. */
export const USAGE_EXIT_CODE = 2;

export type RestartDecision = { readonly action: 'restart'; readonly delayMs: number } | { readonly action: 'give-up'; readonly reason: string };

/** Restart times (ms) that still count at `nowMs`. */
export function recentRestarts(restartTimesMs: readonly number[], nowMs: number, policy: RestartPolicy = restartPolicyDefault): number[] {
  return restartTimesMs.filter((time) => time > nowMs - policy.windowMs && time <= nowMs);
}

/** What to do about a child that just exited, given when it was restarted before. */
export function decideRestart(exit: ChildExit, restartTimesMs: readonly number[], nowMs: number, policy: RestartPolicy = restartPolicyDefault): RestartDecision {
  if (exit.code === USAGE_EXIT_CODE) {
    return { action: 'give-up', reason: `it refused its command line (exit code ${USAGE_EXIT_CODE}); restarting it would not help` };
  }
  const recent = recentRestarts(restartTimesMs, nowMs, policy).length;
  if (recent >= policy.restartsMax) {
    return { action: 'give-up', reason: `it died ${recent + 1} times within ${Math.round(policy.windowMs / 1000)} s` };
  }
  const delayMs = Math.min(policy.backoffMsMax, policy.backoffMsMin * 2 ** recent);
  return { action: 'restart', delayMs };
}

/** `exit code 1`, `signal SIGKILL`: how an exit reads in messages. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal !== null) return `signal ${exit.signal}`;
  return `exit code ${exit.code ?? 'unknown'}`;
}
