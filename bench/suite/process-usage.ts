/**
 * CPU time and resident memory of a set of processes, from /proc/<pid>/stat (utime + stime, in
 * clock ticks) and /proc/<pid>/status (VmRSS). A process that is gone counts as nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { usageSampleMs } from './limits.js';
import type { ResourceUse } from './results.js';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux nearly always). */
const ticksPerSecond = (() => {
  const answer = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  return Number.isInteger(answer) && answer > 0 ? answer : 100;
})();

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces: fields after it start at 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

function rssBytesOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Samples `pids` every usageSampleMs from now until stop(), which gives CPU over the whole span
 * (percent of one core) and RSS at the end. Sampling along the way keeps the CPU of a process
 * that exits mid-run (a kill) in the figure up to its last sample.
 */
export class UsageSampler {
  private readonly startedAtMs = performance.now();
  private readonly firstCpuSeconds: number;
  private readonly lastCpuByPid = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: () => readonly number[]) {
    for (const pid of pids()) this.lastCpuByPid.set(pid, cpuSecondsOf(pid));
    this.firstCpuSeconds = [...this.lastCpuByPid.values()].reduce((sum, seconds) => sum + seconds, 0);
    this.timer = setInterval(() => this.note(), usageSampleMs);
  }

  private note(): void {
    for (const pid of this.pids()) {
      const cpu = cpuSecondsOf(pid);
      if (cpu > 0 || !this.lastCpuByPid.has(pid)) this.lastCpuByPid.set(pid, cpu);
    }
  }

  stop(): ResourceUse {
    clearInterval(this.timer);
    this.note();
    let cpuSeconds = 0;
    for (const seconds of this.lastCpuByPid.values()) cpuSeconds += seconds;
    const wallSeconds = Math.max(performance.now() - this.startedAtMs, 1) / 1000;
    let rssBytes = 0;
    for (const pid of this.pids()) rssBytes += rssBytesOf(pid);
    return { cpuPercent: (100 * Math.max(0, cpuSeconds - this.firstCpuSeconds)) / wallSeconds, rssBytes };
  }
}

/** CPU and memory of `pids` over the span from `delayMs` from now to `durationMs` later (a run's measurement window). */
export function usageDuring(pids: () => readonly number[], delayMs: number, durationMs: number): Promise<ResourceUse> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const sampler = new UsageSampler(pids);
      setTimeout(() => resolve(sampler.stop()), durationMs);
    }, delayMs);
  });
}
