import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { headlineEndMarker, headlineRows, headlineStartMarker, headlineTable, parseResults, renderReport, updateReadmeHeadline, writeReport } from '../../bench/suite/report.js';
import type { BenchResults } from '../../bench/suite/results.js';
import { benchResults, run } from './fixture.js';
import { xmlProblems } from './xml.js';

const scratch: string[] = [];

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-report-'));
  scratch.push(directory);
  return directory;
}

afterEach(async () => {
  for (const directory of scratch.splice(0)) await rm(directory, { recursive: true, force: true });
});

function rowOf(results: BenchResults, start: string): ReturnType<typeof headlineRows>[number] {
  const row = headlineRows(results).find((candidate) => candidate.measure.startsWith(start));
  if (row === undefined) throw new Error(`no headline row starting ${start}`);
  return row;
}

/** The headline table's body row whose first cell starts with `start`, split into cells. */
function tableRow(markdown: string, start: string): string[] {
  const line = markdown.split('\n').find((candidate) => candidate.startsWith(`| ${start}`));
  if (line === undefined) throw new Error(`no table row starting ${start}`);
  return line.slice(2, -2).split(' | ');
}

describe('headline table', () => {
  it('durable SET ratios are cairn over Redis WAIT 2 and over Redis appendfsync always', () => {
    const results = benchResults();
    expect(rowOf(results, 'durable SET p50, 1 client, against Redis WAIT 2')).toMatchObject({ cairn: 3, redis: 1.5, ratio: 2 });
    expect(rowOf(results, 'durable SET throughput, 50 clients, against Redis WAIT 2')).toMatchObject({ cairn: 5000, redis: 10000, ratio: 0.5 });
    expect(rowOf(results, 'durable SET p50, 1 client, against Redis (appendfsync always)').ratio).toBeCloseTo(7.5, 10);
    expect(rowOf(results, 'durable SET throughput, 50 clients, against Redis (appendfsync always)').ratio).toBeCloseTo(0.25, 10);

    const markdown = headlineTable(results);
    expect(tableRow(markdown, 'durable SET p50, 1 client, against Redis WAIT 2')).toEqual(['durable SET p50, 1 client, against Redis WAIT 2', '3.00 ms', '1.50 ms', '2.00x']);
    expect(tableRow(markdown, 'durable SET throughput, 50 clients, against Redis WAIT 2')).toEqual([
      'durable SET throughput, 50 clients, against Redis WAIT 2',
      '5,000 ops/s',
      '10,000 ops/s',
      '0.50x',
    ]);
    expect(tableRow(markdown, 'durable SET p50, 1 client, against Redis (appendfsync always)').at(-1)).toBe('7.50x');
    expect(tableRow(markdown, 'durable SET throughput, 50 clients, against Redis (appendfsync always)').at(-1)).toBe('0.25x');
  });

  it('GET compares cairn\'s replica, not its primary, with Redis without persistence', () => {
    const results = benchResults();
    expect(rowOf(results, "GET p50 on cairn's replica, 1 client")).toMatchObject({ cairn: 0.12, redis: 0.1 });
    expect(rowOf(results, "GET p50 on cairn's replica, 1 client").ratio).toBeCloseTo(1.2, 10);
    // The primary's 45,000 ops/s must not be taken for the replica's 40,000.
    expect(rowOf(results, "GET throughput on cairn's replica, 50 clients")).toMatchObject({ cairn: 40000, redis: 50000, ratio: 0.8 });
    expect(tableRow(headlineTable(results), "GET throughput on cairn's replica").at(-1)).toBe('0.80x');
  });

  it('failover is the median of the trials; recovery is the later of reads and writes at the largest dataset', () => {
    const results = benchResults();
    expect(rowOf(results, 'failover')).toMatchObject({ cairn: 1000, redis: 4500 });
    expect(rowOf(results, 'failover').ratio).toBeCloseTo(1000 / 4500, 10);
    expect(rowOf(results, 'recovery of 1,000,000 keys after kill -9, with a recent snapshot')).toMatchObject({ cairn: 1000, redis: 400, ratio: 2.5 });
    expect(rowOf(results, 'recovery of 1,000,000 keys after kill -9, without a snapshot')).toMatchObject({ cairn: 6100, redis: 3050, ratio: 2 });
    expect(tableRow(headlineTable(results), 'failover').slice(1)).toEqual(['1000 ms', '4500 ms', '0.22x']);
  });

  it('gives the command that produced the figures and the note on machines', () => {
    const markdown = headlineTable(benchResults({ command: 'npm run bench -- --quick', mode: 'quick' }));
    expect(markdown).toContain('`npm run bench -- --quick`');
    expect(markdown).toContain('--quick');
    expect(markdown).toContain('Absolute figures depend on the machine');
  });

  it('says "not measured" for a skipped system and keeps the other figures', () => {
    const results = benchResults({
      systems: benchResults().systems.filter((system) => system.id !== 'redis-aof'),
      runs: benchResults().runs.filter((one) => one.system !== 'redis-aof'),
      recovery: [],
      failover: [],
    });
    const markdown = headlineTable(results);
    expect(tableRow(markdown, 'durable SET p50, 1 client, against Redis (appendfsync always)').slice(1)).toEqual(['3.00 ms', 'not measured', 'not measured']);
    expect(tableRow(markdown, 'durable SET p50, 1 client, against Redis WAIT 2').at(-1)).toBe('2.00x');
    expect(tableRow(markdown, 'failover').slice(1)).toEqual(['not measured', 'not measured', 'not measured']);
    expect(tableRow(markdown, 'recovery after kill -9, with a recent snapshot').slice(1)).toEqual(['not measured', 'not measured', 'not measured']);
    expect(markdown).toContain('(`redis-aof`): not measured in this run.');
  });

  it('uses closed-loop runs with pipelines of 1 only', () => {
    const results = benchResults({
      runs: [
        run({ system: 'cairn', workload: 'set', clients: 1, pipeline: 16, p50: 50, throughput: 1 }),
        run({ system: 'cairn', workload: 'set', clients: 1, mode: 'open', offeredRate: 100, p50: 60, throughput: 100 }),
        run({ system: 'cairn', workload: 'set', clients: 1, p50: 2, throughput: 400 }),
        run({ system: 'redis-wait', workload: 'set', clients: 1, p50: 1, throughput: 800 }),
      ],
    });
    expect(rowOf(results, 'durable SET p50, 1 client, against Redis WAIT 2')).toMatchObject({ cairn: 2, redis: 1, ratio: 2 });
  });
});

describe('report', () => {
  it('writes the markdown and its charts next to the results file, referenced by relative paths', async () => {
    const directory = await temporaryDirectory();
    const jsonPath = path.join(directory, '2026-11-24-synthetic.json');
    const { markdownPath } = await writeReport(benchResults(), jsonPath);
    expect(markdownPath).toBe(path.join(directory, '2026-11-24-synthetic.md'));
    const markdown = await readFile(markdownPath, 'utf8');
    const files = (await readdir(path.join(directory, '2026-11-24-synthetic'))).sort();
    const referenced = [...markdown.matchAll(/!\[[^\]]*\]\(2026-11-24-synthetic\/([^)]+)\)/g)].map((match) => match[1]).sort();
    expect(referenced).toEqual(files);
    expect(files).toContain('latency-set-closed-p1.svg');
    expect(files).toContain('throughput-set-p1.svg');
    expect(files).toContain('throughput-set-p16.svg');
    expect(files).toContain('latency-set-open-p1.svg');
    expect(files).toContain('recovery.svg');
    expect(markdown).toContain('`npm run bench -- --label synthetic`');
    expect(markdown).toContain('Test CPU @ 2.0GHz');
    expect(markdown).toContain('are what to compare');
    expect(markdown).toContain('## Failover');
  });

  it('says "not measured" for a workload, a system, a pipeline depth, recovery and failover that were not run', () => {
    const results = benchResults({
      mode: 'quick',
      systems: benchResults().systems.filter((system) => system.id !== 'etcd'),
      runs: benchResults().runs.filter((one) => one.workload !== 'lpush' && one.pipeline === 1),
      recovery: [],
      failover: [],
    });
    const { markdown, charts } = renderReport(results, 'quick');
    const section = (heading: string): string => markdown.split(heading)[1]?.split('\n## ')[0] ?? '';
    expect(section('## Workload: LPUSH')).toContain('not measured in this run');
    expect(section('## Workload: SET')).toContain('SET throughput, closed loop, pipeline 16: not measured.');
    expect(section('## Recovery time against dataset size')).toContain('not measured in this run');
    expect(section('## Failover')).toContain('not measured in this run');
    expect(section('## Systems')).toMatch(/\| etcd \| `etcd` \| not measured/);
    expect([...charts.keys()].some((name) => name.includes('lpush') || name.includes('p16') || name === 'recovery.svg')).toBe(false);
  });

  it('draws well-formed SVG with titles for every chart', () => {
    const { charts } = renderReport(benchResults(), 'synthetic');
    expect(charts.size).toBeGreaterThan(5);
    for (const [name, svg] of charts) {
      expect({ name, problems: xmlProblems(svg) }).toEqual({ name, problems: [] });
      expect(svg).toContain('<title id="chart-title">');
      expect(svg).toContain('<desc id="chart-description">');
    }
  });

  it('the well-formedness check finds what it should', () => {
    expect(xmlProblems('<?xml version="1.0"?>\n<a x="1"><b/>t &amp; &#38; &#x26;</a>\n')).toEqual([]);
    for (const bad of ['<a><b></a>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>x < y</a>', '<a/><b/>', '<a>', 'text<a/>']) {
      expect({ bad, found: xmlProblems(bad).length > 0 }).toEqual({ bad, found: true });
    }
  });

  it('escapes text that XML would misread', () => {
    const results = benchResults({ label: 'a<b>&"c"', systems: [{ id: 'cairn', description: 'x & y <z>' }] });
    const { charts } = renderReport(results, 'escaped');
    for (const svg of charts.values()) expect(xmlProblems(svg)).toEqual([]);
  });

  it('writes the same bytes for the same results', async () => {
    const first = await temporaryDirectory();
    const second = await temporaryDirectory();
    await writeReport(benchResults(), path.join(first, 'run.json'));
    await writeReport(benchResults(), path.join(second, 'run.json'));
    const names = (await readdir(path.join(first, 'run'))).sort();
    expect((await readdir(path.join(second, 'run'))).sort()).toEqual(names);
    for (const name of names) expect(await readFile(path.join(second, 'run', name))).toEqual(await readFile(path.join(first, 'run', name)));
    expect(await readFile(path.join(second, 'run.md'))).toEqual(await readFile(path.join(first, 'run.md')));
  });

  it('removes charts an earlier report of the same file drew and this one does not', async () => {
    const directory = await temporaryDirectory();
    const jsonPath = path.join(directory, 'run.json');
    await writeReport(benchResults(), jsonPath);
    await writeReport(benchResults({ runs: benchResults().runs.filter((one) => one.pipeline === 1) }), jsonPath);
    expect((await readdir(path.join(directory, 'run'))).filter((name) => name.includes('p16'))).toEqual([]);
  });

  it('re-runs from an existing results file on the command line', async () => {
    const directory = await temporaryDirectory();
    const jsonPath = path.join(directory, 'from-cli.json');
    await writeFile(jsonPath, JSON.stringify(benchResults()));
    const tsx = path.resolve('node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['bench/suite/report.ts', jsonPath], { timeout: 20_000 });
    expect(stdout).toContain(path.join(directory, 'from-cli.md'));
    expect(await readFile(path.join(directory, 'from-cli.md'), 'utf8')).toContain('## Headline');
  });

  it('rejects a results file of another version', () => {
    expect(() => parseResults(JSON.stringify({ ...benchResults(), version: 2 }))).toThrow(/version 2/);
    expect(() => parseResults('[]')).toThrow(/not a JSON object/);
  });
});

describe('updateReadmeHeadline', () => {
  const before = '# cairn\n\nIntro.\n\n## Benchmarks\n\n';
  const after = '\n\nMore text.\n';

  it('replaces only what is between the markers', async () => {
    const readme = path.join(await temporaryDirectory(), 'README.md');
    await writeFile(readme, `${before}${headlineStartMarker}\nold table\n${headlineEndMarker}${after}`);
    await updateReadmeHeadline(readme, benchResults());
    const text = await readFile(readme, 'utf8');
    expect(text.startsWith(`${before}${headlineStartMarker}\n`)).toBe(true);
    expect(text.endsWith(`\n${headlineEndMarker}${after}`)).toBe(true);
    expect(text).not.toContain('old table');
    const between = text.slice(text.indexOf(headlineStartMarker) + headlineStartMarker.length, text.indexOf(headlineEndMarker));
    expect(between).toBe(`\n${headlineTable(benchResults())}\n`);

    await updateReadmeHeadline(readme, benchResults());
    expect(await readFile(readme, 'utf8')).toBe(text);
  });

  it('fails clearly, and leaves the file alone, when a marker is missing or out of order', async () => {
    const readme = path.join(await temporaryDirectory(), 'README.md');
    for (const text of [`${before}${after}`, `${before}${headlineStartMarker}${after}`, `${headlineEndMarker}\n${headlineStartMarker}`]) {
      await writeFile(readme, text);
      await expect(updateReadmeHeadline(readme, benchResults())).rejects.toThrow(/bench:headline/);
      expect(await readFile(readme, 'utf8')).toBe(text);
    }
  });
});
