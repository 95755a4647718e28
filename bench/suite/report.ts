/**
 * The benchmark report: from a results file (results.ts) to markdown with SVG charts, written next
 * to it (bench/results/X.json → bench/results/X.md and bench/results/X/*.svg).
 *
 *   npx tsx bench/suite/report.ts bench/results/X.json [--readme README.md]
 *
 * re-writes the report of an existing results file (and, with --readme, the README's headline
 * table between its markers).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Charts } from './report/charts.js';
import { headlineTable } from './report/headline.js';
import { updateReadmeHeadline } from './report/readme.js';
import { failoverSection, headerSection, recoverySection, systemsSection, workloadSection } from './report/sections.js';
import { workloadOrder } from './report/series.js';
import type { BenchResults } from './results.js';

export { headlineRows, headlineTable, type HeadlineRow } from './report/headline.js';
export { headlineEndMarker, headlineStartMarker, updateReadmeHeadline } from './report/readme.js';

/** The markdown of the report and its charts, without touching the disk; `chartDirectory` is the charts' folder relative to the markdown. */
export function renderReport(results: BenchResults, chartDirectory: string): { readonly markdown: string; readonly charts: ReadonlyMap<string, string> } {
  const charts = new Charts(chartDirectory);
  const sections = [
    headerSection(results),
    ['## Headline', '', headlineTable(results)].join('\n'),
    systemsSection(results),
    ...workloadOrder.map((workload) => workloadSection(results, workload, charts)),
    recoverySection(results, charts),
    failoverSection(results),
  ];
  return { markdown: `${sections.join('\n\n')}\n`, charts: charts.files };
}

/** Removes SVG files of an earlier report of the same results that this one no longer draws. */
async function removeStaleCharts(directory: string, keep: ReadonlyMap<string, string>): Promise<void> {
  for (const name of await readdir(directory)) {
    if (name.endsWith('.svg') && !keep.has(name)) await rm(path.join(directory, name));
  }
}

/** Writes `<name>.md` and `<name>/*.svg` next to the results file `<name>.json`. */
export async function writeReport(results: BenchResults, jsonPath: string): Promise<{ markdownPath: string }> {
  const parsed = path.parse(jsonPath);
  const markdownPath = path.join(parsed.dir, `${parsed.name}.md`);
  const chartPath = path.join(parsed.dir, parsed.name);
  const report = renderReport(results, parsed.name);
  await mkdir(chartPath, { recursive: true });
  await removeStaleCharts(chartPath, report.charts);
  for (const [name, svg] of report.charts) await writeFile(path.join(chartPath, name), svg);
  await writeFile(markdownPath, report.markdown);
  return { markdownPath };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The results in a results file's text, after a check of its outline (version and the fields the report reads). */
export function parseResults(text: string, source = 'the results file'): BenchResults {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw new Error(`${source} is not a JSON object`);
  if (value.version !== 1) throw new Error(`${source} has version ${String(value.version)}; this report reads version 1`);
  for (const field of ['runs', 'failover', 'recovery', 'systems']) {
    if (!Array.isArray(value[field])) throw new Error(`${source} has no ${field} array`);
  }
  for (const field of ['label', 'startedAt', 'mode', 'command']) {
    if (typeof value[field] !== 'string') throw new Error(`${source} has no ${field} string`);
  }
  if (!isObject(value.machine)) throw new Error(`${source} has no machine object`);
  return value as unknown as BenchResults;
}

async function main(argv: readonly string[]): Promise<void> {
  const jsonPath = argv[0];
  const readmeIndex = argv.indexOf('--readme');
  const readmePath = readmeIndex === -1 ? null : argv[readmeIndex + 1];
  if (jsonPath === undefined || jsonPath.startsWith('--') || readmePath === undefined) {
    throw new Error('usage: npx tsx bench/suite/report.ts bench/results/<name>.json [--readme README.md]');
  }
  const results = parseResults(await readFile(jsonPath, 'utf8'), jsonPath);
  const { markdownPath } = await writeReport(results, jsonPath);
  console.log(`report: ${markdownPath}`);
  if (readmePath !== null) {
    await updateReadmeHeadline(readmePath, results);
    console.log(`headline table: ${readmePath}`);
  }
}

const entry = process.argv[1];
if (entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
