/**
 * What the side-by-side durable write benchmarks share: their command-line options, the ratios of
 * one system against another per round with their medians, and the raw results file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { option } from './argv-option.js';
import { ROOT } from './cairn-processes.js';
import { type LoadFigures, median } from './closed-loop.js';

/** Offset of the warm-up's request indexes, so that warm-up keys differ from measured ones. */
export const WARMUP_INDEX_OFFSET = 10_000_000;
/** --rounds at most. */
const ROUNDS_MAX = 100;

export interface SideBySideOptions {
  readonly rounds: number;
  /** Each measurement records this long. */
  readonly seconds: number;
  /** Each measurement is preceded by this long of the same load, not recorded (JIT warm-up, connection set-up). */
  readonly warmupSeconds: number;
  readonly valueBytes: number;
  readonly clients: readonly number[];
}

/** --rounds (default 3), --seconds (5), --warmup-seconds (5), --value-bytes (100), --clients (1,50) from the command line. */
export function sideBySideOptions(): SideBySideOptions {
  const rounds = Number(option('rounds', '3'));
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > ROUNDS_MAX) throw new Error(`--rounds takes a whole number from 1 to ${ROUNDS_MAX}, got ${rounds}`);
  return {
    rounds,
    seconds: Number(option('seconds', '5')),
    warmupSeconds: Number(option('warmup-seconds', '5')),
    valueBytes: Number(option('value-bytes', '100')),
    clients: option('clients', '1,50').split(',').map(Number),
  };
}

/** One measurement: its round (1..rounds; 0 when measured once, outside the rounds) and system. */
export interface RoundResult extends LoadFigures {
  readonly round: number;
  readonly system: string;
}

/** A line giving `label`'s p50 and throughput ratios (`system` against `base`, `clients` clients) in each round, and their medians. */
export function ratioLine(results: readonly RoundResult[], label: string, system: string, base: string, clients: number): string {
  const latency: number[] = [];
  const throughput: number[] = [];
  const rounds = new Set(results.map((result) => result.round).filter((round) => round > 0));
  for (const round of [...rounds].sort((a, b) => a - b)) {
    const ours = results.find((result) => result.round === round && result.system === system && result.clients === clients);
    const theirs = results.find((result) => result.round === round && result.system === base && result.clients === clients);
    if (ours === undefined || theirs === undefined) continue;
    latency.push(ours.p50Ms / theirs.p50Ms);
    throughput.push(ours.perSecond / theirs.perSecond);
  }
  const each = (ratios: number[]) => ratios.map((ratio) => `${ratio.toFixed(2)}x`).join(' ');
  return `${clients} client(s), ${label}: p50 ${median(latency).toFixed(2)}x (rounds: ${each(latency)}); throughput ${median(throughput).toFixed(2)}x (rounds: ${each(throughput)}); medians over ${latency.length} round(s)\n`;
}

/** Writes bench/results/<date>-<name>.json (the command, the options, the core count and the results); returns its path from the repository's root. */
export function writeResults(name: string, options: SideBySideOptions, results: readonly RoundResult[]): string {
  const day = new Date().toISOString().slice(0, 10);
  const file = path.join(ROOT, 'bench', 'results', `${day}-${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const { valueBytes, seconds, rounds } = options;
  writeFileSync(file, `${JSON.stringify({ command: process.argv.slice(1).join(' '), valueBytes, seconds, rounds, cores: os.cpus().length, results }, null, 2)}\n`);
  return path.relative(ROOT, file);
}
