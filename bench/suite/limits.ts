/** The benchmark suite's fixed figures, each with why. Times in ms unless named otherwise. */

/** Value size of every write (the figure). */
export const valueBytes = 100;
/** Keys over which workloads spread, full run (`--keys` changes it). */
export const keysFull = 1_000_000;
/** Keys over which workloads spread, --quick. */
export const keysQuick = 100_000;

/** Load before each run's measurement, not recorded (connections, JIT, caches), full run. */
export const warmupMsFull = 1000;
/** Each run's measurement window, full run: 171 runs must fit in about 12 minutes. */
export const measureMsFull = 3000;
/** Warm-up per run, --quick. */
export const warmupMsQuick = 500;
/** Measurement window per run, --quick (about 3 minutes in all). */
export const measureMsQuick = 2000;
/** Load on each target right after a system started and was preloaded, not recorded (JIT of every process). */
export const systemWarmupMsFull = 3000;
export const systemWarmupMsQuick = 1000;

/**
 * An open-loop run offers this fraction of the closed-loop throughput measured just before it
 * (`--open-fraction` changes it). At 0.7, on 2 cores shared by the load generator and the systems,
 * the generator itself fell behind on the fastest Redis runs (p50 of 50-70 ms for GET at 50 clients);
 * at 0.5 those stay near their closed-loop latency.
 */
export const openLoopRateFraction = 0.5;
/** A run that has not ended this long after its window closes is cut off: its connections are closed. */
export const runGraceMs = 15_000;
/** Batches one client sends in a run at most, whatever the window (a bound on every loop). */
export const batchesPerClientMax = 10_000_000;
/** One etcd put without a reply for this long fails. */
export const etcdPutDeadlineMs = 30_000;

/** Failover trials (kill -9 of the cairn primary until the next acknowledged write), full run. */
export const failoverTrialsFull = 3;
export const failoverTrialsQuick = 2;
/** Longest wait for the replica to acknowledge a write after the primary was killed. */
export const failoverWaitMs = 60_000;
/** Longest wait for a restarted server to catch up as a replica. */
export const catchUpWaitMs = 300_000;
/** The primary lease of every cairn server the suite starts: cairn server's default (`--lease-ms` changes it). */
export const leaseMsDefault = 2000;

/** Recovery is measured at these fractions of the keyspace (full run); each on a fresh cluster. */
export const recoveryFractionsFull = [0.1, 0.3, 1] as const;
export const recoveryFractionsQuick = [0.1, 1] as const;
/** No recovery point below this many keys. */
export const recoveryKeysMin = 1000;

/** How often CPU and memory of a system's processes are read during a run. */
export const usageSampleMs = 500;
