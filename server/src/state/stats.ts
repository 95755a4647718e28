/** Counters for INFO stats, commandstats and errorstats, and the memory marks INFO memory reports. */
import type { CommandStats } from '../commands/spec.js';
import { InstantaneousRate } from './instantaneous.js';
import { sampleMemory } from './memory.js';

/** Distinct error codes counted in errorstats; later new codes are not tracked (Redis ERROR_STATS_NUMBER). */
const ERROR_CODES_MAX = 128;

/** Server-wide counters; keyspace hits, misses and expired keys live in the keyspace's own stats. */
export class ServerStats {
  totalConnectionsReceived = 0;
  rejectedConnections = 0;
  totalCommandsProcessed = 0;
  totalNetInputBytes = 0;
  totalNetOutputBytes = 0;
  totalErrorReplies = 0;
  /** Clients disconnected for their output buffer (client-output-buffer-limit). */
  clientOutputBufferLimitDisconnections = 0;
  clientQueryBufferLimitDisconnections = 0;
  readonly commands = new Map<string, CommandStats>();
  readonly errors = new Map<string, number>();
  /** Changes made since start (Redis's `dirty`: INFO rdb_changes_since_last_save until snapshots exist). */
  changes = 0;
  readonly commandsRate = new InstantaneousRate();
  readonly inputRate = new InstantaneousRate();
  readonly outputRate = new InstantaneousRate();
  /** Memory in use when the server started (INFO used_memory_startup). */
  readonly memoryStartupBytes = sampleMemory().usedBytes;
  /** Highest memory in use seen by INFO or MEMORY STATS (INFO used_memory_peak). */
  memoryPeakBytes = this.memoryStartupBytes;

  /** The stats of one command or subcommand (`config|get`), created on first use. */
  command(fullName: string): CommandStats {
    let stats = this.commands.get(fullName);
    if (stats === undefined) {
      stats = { calls: 0, microseconds: 0, rejectedCalls: 0, failedCalls: 0 };
      this.commands.set(fullName, stats);
    }
    return stats;
  }

  /** Count an error reply by its code (`ERR`, `WRONGTYPE`...). */
  error(code: string): void {
    this.totalErrorReplies++;
    const count = this.errors.get(code);
    if (count !== undefined) this.errors.set(code, count + 1);
    else if (this.errors.size < ERROR_CODES_MAX) this.errors.set(code, 1);
  }

  /** Sample the instantaneous rates (the cron calls this every tick; readings are taken every 100 ms). */
  sampleRates(nowMs: number): void {
    if (!this.commandsRate.due(nowMs)) return;
    this.commandsRate.sample(nowMs, this.totalCommandsProcessed);
    this.inputRate.sample(nowMs, this.totalNetInputBytes);
    this.outputRate.sample(nowMs, this.totalNetOutputBytes);
  }

  /** Record a memory reading; returns the peak including it. */
  observeMemory(usedBytes: number): number {
    if (usedBytes > this.memoryPeakBytes) this.memoryPeakBytes = usedBytes;
    return this.memoryPeakBytes;
  }

  /** CONFIG RESETSTAT: counters, command stats and error stats start over (memory marks stay). */
  reset(): void {
    this.totalConnectionsReceived = 0;
    this.rejectedConnections = 0;
    this.totalCommandsProcessed = 0;
    this.totalNetInputBytes = 0;
    this.totalNetOutputBytes = 0;
    this.totalErrorReplies = 0;
    this.clientOutputBufferLimitDisconnections = 0;
    this.clientQueryBufferLimitDisconnections = 0;
    this.commands.clear();
    this.errors.clear();
  }
}
