/**
 * redis-benchmark (redis-tools) with its default test list (PING, SET, GET, INCR, LPUSH, RPUSH,
 * LPOP, RPOP, SADD, HSET, SPOP, ZADD, ZPOPMIN, LRANGE_*, MSET) runs against cairn without an error
 * reply and reports every test. Throughput is bench/'s business; this checks correctness only.
 * Skipped, loudly, when redis-benchmark is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { startCairn } from '../support/servers.js';

const available = spawnSync('redis-benchmark', ['--version']).status === 0;
if (!available) process.stderr.write('\n*** redis-benchmark compat SKIPPED: redis-benchmark not installed ***\n\n');

/** The tests redis-benchmark 7.0 runs when given no -t (the second LPUSH fills the list LRANGE reads). */
const DEFAULT_TESTS = [
  'PING_INLINE', 'PING_MBULK', 'SET', 'GET', 'INCR', 'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'SADD', 'HSET', 'SPOP', 'ZADD', 'ZPOPMIN',
  'LPUSH', 'LRANGE_100', 'LRANGE_300', 'LRANGE_500', 'LRANGE_600', 'MSET',
];
const BENCHMARK_TIMEOUT_MS = 120_000;

function redisBenchmark(port: number, args: readonly string[]): Promise<{ output: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), BENCHMARK_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ output, status });
    });
  });
}

describe.skipIf(!available)('redis-benchmark against cairn', () => {
  let cairn: RunningServer;
  beforeAll(async () => {
    cairn = await startCairn();
  });
  afterAll(async () => {
    await cairn?.close();
  });

  it('runs its default test list with no error', async () => {
    const { output, status } = await redisBenchmark(cairn.port, ['-q', '-n', '2000', '-c', '10']);
    expect(status, output).toBe(0);
    expect(output, output).not.toMatch(/error/i);
    const reported = output
      .split(/[\r\n]+/)
      .filter((line) => line.includes('requests per second'))
      .map((line) => (line.trim().split(/[:\s]/)[0] as string));
    expect(reported).toEqual(DEFAULT_TESTS);
  }, BENCHMARK_TIMEOUT_MS + 10_000);
});
