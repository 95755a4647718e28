/** The benchmark suite's pure parts: the plan, its options, the requests it sends, and the load loop's latency accounting. */
import { describe, expect, it } from 'vitest';
import type { LoadClient } from '../../bench/suite/load-loop.js';
import { runLoad } from '../../bench/suite/load-loop.js';
import { parseOptions, type SuiteOptions } from '../../bench/suite/options.js';
import { estimateMs, makePlan } from '../../bench/suite/plan.js';
import { KeyPicker, respBatches } from '../../bench/suite/workloads.js';

function options(args: string[]): SuiteOptions {
  const parsed = parseOptions(args);
  if (parsed.kind !== 'run') throw new Error(`expected options, got ${parsed.kind}`);
  return parsed.options;
}

/** A client whose batches take `serviceMs`, except the ones `stallMs` picks by their index. */
function fakeClient(serviceMs: number, stallMs: (batch: number) => number): LoadClient {
  let batch = 0;
  return {
    sendBatch: () => new Promise((resolve) => setTimeout(() => resolve(0), serviceMs + stallMs(batch++))),
    close: () => undefined,
  };
}

describe('bench suite plan', () => {
  it('the quick plan has SET and GET only, 1 and 50 clients, pipeline 1, and fits in about 3 minutes', () => {
    const plan = makePlan(options(['--quick']));
    const runs = plan.steps.flatMap((step) => (step.kind === 'run' ? [step.run] : []));
    expect(runs).toHaveLength(33);
    expect(new Set(runs.map((run) => run.workload))).toEqual(new Set(['set', 'get']));
    expect(new Set(runs.map((run) => run.clients))).toEqual(new Set([1, 50]));
    expect(new Set(runs.map((run) => run.pipeline))).toEqual(new Set([1]));
    expect(estimateMs(plan.steps)).toBeLessThan(200_000);
  });

  it('the full plan covers every workload, client count and pipeline, replica reads, and fits in 20 minutes', () => {
    const plan = makePlan(options([]));
    const runs = plan.steps.flatMap((step) => (step.kind === 'run' ? [step.run] : []));
    expect(new Set(runs.map((run) => run.workload))).toEqual(new Set(['set', 'get', 'incr', 'lpush', 'mixed']));
    expect(new Set(runs.map((run) => run.clients))).toEqual(new Set([1, 10, 50]));
    expect(new Set(runs.map((run) => run.pipeline))).toEqual(new Set([1, 16]));
    expect(new Set(runs.filter((run) => run.target === 'replica').map((run) => run.system))).toEqual(new Set(['cairn', 'redis-wait']));
    expect(runs.filter((run) => run.system === 'etcd').every((run) => run.workload === 'set')).toBe(true);
    expect(plan.steps.some((step) => step.kind === 'failover')).toBe(true);
    expect(estimateMs(plan.steps)).toBeLessThan(20 * 60_000);
  });

  it('every open-loop run follows the closed-loop run it takes its rate from', () => {
    const steps = makePlan(options([])).steps;
    steps.forEach((step, index) => {
      if (step.kind !== 'run' || step.run.mode !== 'open') return;
      const before = steps[index - 1];
      expect(before?.kind === 'run' && { ...before.run, mode: 'open' }).toEqual(step.run);
    });
  });

  it('options: unknown options and out-of-range values are refused', () => {
    expect(parseOptions(['--bogus']).kind).toBe('error');
    expect(parseOptions(['--keys', '10']).kind).toBe('error');
    expect(parseOptions(['--systems', 'cairn,mysql']).kind).toBe('error');
    expect(parseOptions(['--label', '../x']).kind).toBe('error');
    expect(options(['--quick']).label).toBe('quick');
    expect(options(['--systems', 'etcd,cairn']).systems).toEqual(['cairn', 'etcd']);
  });
});

describe('bench suite requests', () => {
  it('a pipelined batch of writes for the Redis WAIT set-up ends with one WAIT 2 0', () => {
    const batch = respBatches('set', 16, 'v'.repeat(100), true, new KeyPicker(1, 1000))();
    const text = batch.request.toString('latin1');
    expect(batch.replies).toBe(17);
    expect(text.match(/\$3\r\nSET\r\n/g)).toHaveLength(16);
    expect(text.endsWith('*3\r\n$4\r\nWAIT\r\n$1\r\n2\r\n$1\r\n0\r\n')).toBe(true);
  });

  it('a batch of reads gets no WAIT', () => {
    const batch = respBatches('get', 4, 'v', true, new KeyPicker(1, 1000))();
    expect(batch.replies).toBe(4);
    expect(batch.request.toString('latin1')).not.toContain('WAIT');
  });

  it('key pickers stay within the keyspace and repeat for the same seed', () => {
    const first = new KeyPicker(7, 100);
    const second = new KeyPicker(7, 100);
    for (let index = 0; index < 1000; index++) {
      const key = first.index();
      expect(key).toBeGreaterThanOrEqual(0);
      expect(key).toBeLessThan(100);
      expect(second.index()).toBe(key);
    }
  });
});

describe('bench suite load loop', () => {
  it('open loop: a stall delays every batch due during it (coordinated omission corrected)', async () => {
    // 100 batches/s for 1 s; the batch sent at about 100 ms stalls for 300 ms, so about 30 batches are due while it stalls.
    const open = await runLoad({ clients: [fakeClient(1, (batch) => (batch === 10 ? 300 : 0))], pipeline: 1, warmupMs: 0, measureMs: 1000, rate: 100 });
    expect(open.latencyMs.max).toBeGreaterThanOrEqual(290);
    expect(open.latencyMs.p90).toBeGreaterThan(100);
  });

  it('closed loop: the same stall is one slow request', async () => {
    const closed = await runLoad({ clients: [fakeClient(1, (batch) => (batch === 10 ? 300 : 0))], pipeline: 1, warmupMs: 0, measureMs: 1000, rate: null });
    expect(closed.latencyMs.max).toBeGreaterThanOrEqual(290);
    expect(closed.latencyMs.p90).toBeLessThan(100);
    expect(closed.errors).toBe(0);
    expect(closed.operations).toBeGreaterThan(10);
  });
});
