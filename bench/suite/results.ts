/**
 * The benchmark suite's results file (bench/results/<date>-<label>.json): what the runner writes
 * and the report reads. Times in ms, rates in operations per second, sizes in bytes.
 */

/** Systems the suite compares; cairn is measured on its primary and on its replica. */
export type SystemId = 'cairn' | 'redis' | 'redis-aof' | 'redis-wait' | 'etcd';

export type WorkloadId = 'set' | 'get' | 'incr' | 'lpush' | 'mixed';

/** Latency percentiles of one run, in ms (HdrHistogram, 3 significant digits). */
export interface LatencyPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** CPU and memory of one system's processes while a run lasted (summed over its processes). */
export interface ResourceUse {
  /** CPU time over wall time, in percent of one core (200 = two cores busy). */
  readonly cpuPercent: number;
  /** Resident memory at the end of the run. */
  readonly rssBytes: number;
}

/** What one measurement is of: one system, workload, target, client count, pipeline depth and load mode (the plan's runs). */
export interface RunSpec {
  readonly system: SystemId;
  readonly workload: WorkloadId;
  /** Where the operations went: the primary (writes always), or the replica (cairn and redis-wait reads). */
  readonly target: 'primary' | 'replica';
  readonly clients: number;
  /** Requests in flight per client connection. */
  readonly pipeline: number;
  /** closed: each client sends the next request when a reply arrives; open: requests at a fixed rate, latency from the intended send time (coordinated omission corrected). */
  readonly mode: 'closed' | 'open';
}

/** One measurement and what it measured. */
export interface RunResult extends RunSpec {
  /** The offered rate of an open-loop run (operations per second, all clients together); null for closed. */
  readonly offeredRate: number | null;
  readonly operations: number;
  readonly errors: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly latencyMs: LatencyPercentiles;
  readonly resources: ResourceUse;
}

/** Failover: kill -9 of the primary until the next acknowledged write, per trial. */
export interface FailoverResult {
  readonly system: SystemId;
  readonly trialsMs: readonly number[];
  /** The primary lease the servers ran with, in ms (a replica claims the lease a full lease after the last renewal it saw). Optional: added by the runner. */
  readonly leaseMs?: number;
}

/** Recovery: kill -9 of a server holding `keys` keys until it serves reads and writes again. */
export interface RecoveryResult {
  readonly system: SystemId;
  readonly keys: number;
  /** Whether a snapshot taken just before the kill was there to start from. */
  readonly snapshot: boolean;
  readonly readsMs: number;
  readonly writesMs: number;
}

export interface MachineFacts {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  /** `redis-server --version`, or null when not installed. */
  readonly redis: string | null;
  /** `etcd --version`, or null when not installed. */
  readonly etcd: string | null;
}

export interface BenchResults {
  readonly version: 1;
  readonly label: string;
  /** ISO 8601, when the run started. */
  readonly startedAt: string;
  readonly mode: 'quick' | 'full';
  /** The command that produced this file. */
  readonly command: string;
  readonly machine: MachineFacts;
  /** The systems measured, with a one-line description each (what persistence, how many nodes). */
  readonly systems: readonly { readonly id: SystemId; readonly description: string }[];
  readonly valueBytes: number;
  readonly keys: number;
  readonly runs: readonly RunResult[];
  readonly failover: readonly FailoverResult[];
  readonly recovery: readonly RecoveryResult[];
  /** What the run left out or could not do, and caveats, one sentence each (a system skipped because its binary is missing, Redis having no automatic failover...). Optional: added by the runner. */
  readonly notes?: readonly string[];
}
