/** Counters for INFO stats, commandstats and errorstats. */
import type { CommandStats } from '../commands/spec.js';

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

  command(fullName: string): CommandStats {
    let stats = this.commands.get(fullName);
    if (stats === undefined) {
      stats = { calls: 0, microseconds: 0, rejectedCalls: 0, failedCalls: 0 };
      this.commands.set(fullName, stats);
    }
    return stats;
  }

  error(code: string): void {
    this.totalErrorReplies++;
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

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
