/**
 * Everything a run's seed decides before it starts: cluster size, the workload, how hostile the
 * network, the disks and the clocks are, and the limits the cores run with (shrunk so a short
 * run still exercises flow control, snapshots and dedup eviction).
 */
import { txlogLimits, type TxlogLimits } from '../../txlog/src/core/limits.js';
import type { NetworkFaults } from './network.js';
import { Prng } from './prng.js';

/** Which actors append to the log. */
export type Workload = 'writers' | 'leases' | 'mixed';

export interface SimConfig {
  readonly seed: number;
  readonly nodeCount: 3 | 5;
  /**
   * Global ms of chaos (faults on), then calmMs with every fault healed: appends made from one
   * deadline into the calm must be decided, and everything must settle and converge by its end.
   */
  readonly chaosMs: number;
  readonly calmMs: number;
  readonly workload: Workload;
  readonly writerCount: number;
  readonly leaseActorCount: number;
  /** Append requests one writer keeps in flight. */
  readonly writerPipelineMax: number;
  /** Global ms between two appends of one writer (mean). */
  readonly appendEveryMs: number;
  readonly faults: NetworkFaults;
  /** Per fault window (every faultEveryMs on average) the chance of each kind of fault. */
  readonly faultEveryMs: number;
  readonly partitionChance: number;
  readonly crashChance: number;
  readonly fsyncFailChance: number;
  readonly trimChance: number;
  /** Fsync latency range, and a rarer slow range. */
  readonly fsyncMsMin: number;
  readonly fsyncMsMax: number;
  readonly fsyncSlowChance: number;
  readonly fsyncSlowMsMax: number;
  /** Whether slow fsyncs go on in the calm (a slow disk is not a fault that heals). */
  readonly slowDisksInCalm: boolean;
  /** At a crash, the chance that an unsynced write reached the disk whole, or torn. */
  readonly crashKeepsUnsyncedChance: number;
  readonly crashTearsChance: number;
  /** Node tick clock rates: 1 ± tickSkewMax. */
  readonly tickSkewMax: number;
  /** Lease keepers' clock rates stay within their declared drift bound (assumption A1). */
  readonly leaseDriftRateMax: number;
  readonly leaseDurationMs: number;
  /** Client request timeout (per attempt) and an append's deadline (its outcome is unknown after it), scaled like the real client's 2 s / 10 s to a 1 s election timeout. */
  readonly attemptTimeoutMs: number;
  readonly appendDeadlineMs: number;
  readonly limits: TxlogLimits;
}

/** Events one run may process: a runaway run fails instead of hanging. */
export const eventsPerRunMax = 2_000_000;

/** The configuration of `seed`: drawn from its own stream, so it does not move when other streams change. */
export function configFor(seed: number): SimConfig {
  const random = new Prng(seed, 'config');
  const nodeCount = random.chance(0.3) ? 5 : 3;
  const workload = random.pick<Workload>(['writers', 'writers', 'leases', 'mixed']);
  const hostile = random.chance(0.3);
  const tickMs = 10;
  const appendDeadlineMs = random.int(500, 1000);
  const base = {
    seed,
    nodeCount,
    chaosMs: random.int(1500, 3000),
    calmMs: 2 * appendDeadlineMs + 800,
    workload,
    writerCount: workload === 'leases' ? 0 : workload === 'mixed' ? 1 : random.int(1, 3),
    leaseActorCount: workload === 'writers' ? 0 : random.int(2, 3),
    writerPipelineMax: random.int(1, 4),
    appendEveryMs: random.int(5, 40),
    faults: {
      delayMsMin: 1,
      delayMsMax: random.int(2, 8),
      dropChance: hostile ? 0.05 : random.pick([0, 0.005, 0.02]),
      duplicateChance: random.pick([0, 0.01, 0.03]),
      reorderChance: random.pick([0, 0.02, 0.1]),
      reorderMsMax: random.int(5, 40),
    },
    faultEveryMs: random.int(100, 400),
    partitionChance: hostile ? 0.5 : random.pick([0, 0.2, 0.35]),
    crashChance: hostile ? 0.3 : random.pick([0, 0.1, 0.2]),
    fsyncFailChance: random.pick([0, 0, 0.02]),
    trimChance: random.pick([0, 0.1, 0.3]),
    fsyncMsMin: 0,
    fsyncMsMax: random.int(1, 4),
    fsyncSlowChance: random.pick([0, 0.01, 0.05]),
    fsyncSlowMsMax: random.int(10, 60),
    crashKeepsUnsyncedChance: 0.3,
    crashTearsChance: 0.3,
    tickSkewMax: random.pick([0, 0.05, 0.1]),
    leaseDriftRateMax: 0.01,
    leaseDurationMs: random.int(200, 500),
    attemptTimeoutMs: random.int(100, 200),
    appendDeadlineMs,
    limits: {
      ...txlogLimits,
      tickMs,
      electionTicks: 10,
      heartbeatTicks: 1,
      messageBytesMax: random.pick([256, 4096, 64 * 1024]),
      inflightBytesMax: random.pick([1024, 64 * 1024]),
      inflightMessagesMax: random.pick([2, 8, 64]),
      uncommittedBytesMax: random.pick([4096, 1024 * 1024]),
      applyEntriesPerTurnMax: random.pick([1, 16, 4096]),
      dedupClientsMax: random.pick([2, 4, 10_000]),
      tailBatchEntriesMax: random.pick([1, 8, 64]),
      leaseDurationMsMax: 10_000,
    },
    // Draws added later go last, so the draws above keep their values for every seed.
    slowDisksInCalm: random.chance(0.5),
  } satisfies SimConfig;
  // A session's remembered requests (at least what a writer pipelines) and all sessions' together.
  const clientInflightAppendsMax = random.pick([4, 8, 1024]);
  const dedupResultsMax = clientInflightAppendsMax * random.pick([1, 3, 1024]);
  return { ...base, limits: { ...base.limits, clientInflightAppendsMax, dedupResultsMax } };
}
