/**
 * The log client's settings: each with a default, a range and a line of documentation.
 * Validated once when the client is made, then frozen.
 */
import { TxlogError } from './errors.js';
import { type Scheduler, systemScheduler } from './scheduler.js';

/** What a caller may set; everything has a default. */
export interface TxlogClientOptions {
  /** One gRPC call (one attempt) is cancelled after this long and retried if time is left. */
  readonly attemptTimeoutMs?: number;
  /** An operation (a Status, a Trim, one append request with its retries) gives up after this long. */
  readonly operationTimeoutMs?: number;
  /** First wait between retries; it doubles per retry up to backoffMaxMs. */
  readonly backoffMinMs?: number;
  /** Longest wait between retries. */
  readonly backoffMaxMs?: number;
  /** Clock and timers (tests inject their own). */
  readonly scheduler?: Scheduler;
  /** Uniform in [0, 1), for backoff jitter. */
  readonly random?: () => number;
}

/** The resolved, frozen settings. */
export type ClientSettings = Readonly<Required<TxlogClientOptions>>;

type NumericSetting = 'attemptTimeoutMs' | 'operationTimeoutMs' | 'backoffMinMs' | 'backoffMaxMs';

const NUMERIC: Readonly<Record<NumericSetting, { readonly fallback: number; readonly min: number; readonly max: number }>> = {
  attemptTimeoutMs: { fallback: 2_000, min: 1, max: 600_000 },
  operationTimeoutMs: { fallback: 10_000, min: 1, max: 3_600_000 },
  backoffMinMs: { fallback: 10, min: 1, max: 60_000 },
  backoffMaxMs: { fallback: 500, min: 1, max: 60_000 },
};

/** Checks integer settings against their range. */
export function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TxlogError('config', `${name} must be an integer in ${min}..${max}, got ${value}`);
  }
  return value;
}

function numeric(options: TxlogClientOptions, name: NumericSetting): number {
  const { fallback, min, max } = NUMERIC[name];
  return checkedInteger(name, options[name] ?? fallback, min, max);
}

/** The settings for `options`, validated and frozen. */
export function resolveClientSettings(options: TxlogClientOptions): ClientSettings {
  const settings: ClientSettings = {
    attemptTimeoutMs: numeric(options, 'attemptTimeoutMs'),
    operationTimeoutMs: numeric(options, 'operationTimeoutMs'),
    backoffMinMs: numeric(options, 'backoffMinMs'),
    backoffMaxMs: numeric(options, 'backoffMaxMs'),
    scheduler: options.scheduler ?? systemScheduler,
    random: options.random ?? Math.random,
  };
  if (settings.backoffMaxMs < settings.backoffMinMs) {
    throw new TxlogError('config', `backoffMaxMs (${settings.backoffMaxMs}) must not be below backoffMinMs (${settings.backoffMinMs})`);
  }
  return Object.freeze(settings);
}
