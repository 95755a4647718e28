/** Facts about the machine a run was measured on. */
import os from 'node:os';
import type { MachineFacts } from './results.js';
import { etcdVersion } from './systems/etcd-system.js';
import { redisVersion } from './systems/redis-system.js';

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis: redisVersion(),
    etcd: etcdVersion(),
  };
}

/** The 1-minute load average, for a note on how busy the machine was. */
export function loadAverage(): string {
  return (os.loadavg()[0] ?? 0).toFixed(2);
}
