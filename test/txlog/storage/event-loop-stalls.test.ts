/**
 * How long persist blocks the event loop, for typical units (1 entry of 100 bytes, 100 entries
 * of 1 KB, 1 entry of 1 MB), with synchronous=FULL: on the calling thread the whole commit and
 * its fsync block it; with the worker store only the checks, checksums and the copy to the worker
 * do. Prints the figures. Asserts what does not depend on the machine's speed: the event loop
 * never turns during a commit on the calling thread, and does turn during the worker's commits; and
 * that the worker store holds the thread well under a millisecond for a small unit.
 */
import { describe, expect, it } from 'vitest';
import { type Entry, EntryType } from '../../../txlog/src/core/types.js';
import { type OpenedStore, STORE_KINDS, hardState, temporaryDirectory, unit } from './fixtures.js';

interface Shape {
  readonly name: string;
  readonly entriesPerUnit: number;
  readonly entryBytes: number;
  readonly units: number;
}

const SHAPES: readonly Shape[] = [
  { name: '1 x 100 B', entriesPerUnit: 1, entryBytes: 100, units: 200 },
  { name: '100 x 1 KB', entriesPerUnit: 100, entryBytes: 1024, units: 50 },
  { name: '1 x 1 MB', entriesPerUnit: 1, entryBytes: 1024 * 1024, units: 20 },
];

interface Figures {
  /** Time persist() held the thread (the call itself), in ms. */
  readonly blocked: number[];
  /** Time until persist() resolved (durable), in ms. */
  readonly durable: number[];
  /** Whether the event loop turned (a setImmediate callback ran) while each unit was being made durable. */
  readonly turned: boolean[];
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function measure(store: OpenedStore, shape: Shape): Promise<Figures> {
  const data = new Uint8Array(shape.entryBytes).fill(0x61);
  const figures: Figures = { blocked: [], durable: [], turned: [] };
  let next = store.lastIndex() + 1;
  for (let round = 0; round < shape.units; round++) {
    const batch: Entry[] = Array.from({ length: shape.entriesPerUnit }, (_, offset) => ({ index: next + offset, term: 1, type: EntryType.Normal, data }));
    next += shape.entriesPerUnit;
    const started = performance.now();
    const written = store.persist(unit({ entries: batch, hardState: hardState(1, next - 1) }));
    figures.blocked.push(performance.now() - started);
    let turned = false;
    const turn = setImmediate(() => (turned = true));
    await written;
    figures.durable.push(performance.now() - started);
    figures.turned.push(turned);
    clearImmediate(turn);
  }
  return figures;
}

function line(kind: string, shape: Shape, figures: Figures): string {
  const ms = (value: number): string => value.toFixed(3).padStart(8);
  const { blocked, durable } = figures;
  return `${kind.padEnd(22)} ${shape.name.padEnd(11)} blocked p50 ${ms(percentile(blocked, 0.5))} p99 ${ms(percentile(blocked, 0.99))} max ${ms(Math.max(...blocked))} | durable p50 ${ms(percentile(durable, 0.5))} p99 ${ms(percentile(durable, 0.99))} ms`;
}

describe('event-loop stalls of persist (synchronous=FULL)', () => {
  it('a commit on the calling thread holds the event loop; the worker store lets it run and holds it under a millisecond for a small unit', async () => {
    const report: string[] = [];
    const measured = new Map<string, Figures>();
    for (const kind of STORE_KINDS) {
      const store = await kind.open(temporaryDirectory());
      const name = kind.name.split(' ')[0] ?? kind.name;
      for (const shape of SHAPES) {
        const figures = await measure(store, shape);
        measured.set(`${name} ${shape.name}`, figures);
        report.push(line(name, shape, figures));
      }
      await store.close();
    }
    console.log(`persist on this machine (ms):\n${report.join('\n')}`);
    for (const shape of SHAPES) {
      const direct = measured.get(`SqliteLogStore ${shape.name}`);
      const worker = measured.get(`WorkerSqliteLogStore ${shape.name}`);
      expect(direct?.turned.some((turned) => turned), shape.name).toBe(false);
      const turned = worker?.turned.filter((turned) => turned).length ?? 0;
      expect(turned, shape.name).toBeGreaterThan(shape.units / 2);
    }
    expect(percentile(measured.get('WorkerSqliteLogStore 1 x 100 B')?.blocked ?? [], 0.5)).toBeLessThan(1);
  });
});
