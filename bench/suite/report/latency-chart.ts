/**
 * Latency percentiles of one workload in one load mode and pipeline depth: for each client count
 * (and offered rate), a column per series from p50 up to max, one marker shape per percentile, on
 * a log-scale y axis.
 */
import type { LatencyPercentiles, RunResult } from '../results.js';
import { formatInteger, formatMs } from './format.js';
import { bands, chartHeight, chartWidth, colourSwatch, legend, plot, withTooltip, xCategoryAxis, yAxis, type LegendEntry } from './frame.js';
import { logScale, type Scale } from './scale.js';
import { clientsName, seriesColour, seriesKey, seriesName, seriesOf, type Series } from './series.js';
import { coordinate, element, svgDocument } from './svg.js';

export const percentiles: readonly { readonly key: keyof LatencyPercentiles; readonly name: string }[] = [
  { key: 'p50', name: 'p50' },
  { key: 'p90', name: 'p90' },
  { key: 'p99', name: 'p99' },
  { key: 'p999', name: 'p99.9' },
  { key: 'max', name: 'max' },
];

/** The lowest latency a log axis shows (1 µs): a recorded 0 sits on the floor instead of breaking the scale. */
const latencyFloorMs = 0.001;

export interface LatencyChart {
  readonly title: string;
  /** Runs of one workload, one mode, one pipeline depth. */
  readonly runs: readonly RunResult[];
}

/** One marker shape per percentile, centred on (x, y). */
function marker(percentile: keyof LatencyPercentiles, x: number, y: number, colour: string, text: string): string {
  const paint = { fill: colour, stroke: '#ffffff', 'stroke-width': 1 };
  const at = (dx: number, dy: number): string => `${coordinate(x + dx)} ${coordinate(y + dy)}`;
  switch (percentile) {
    case 'p50':
      return withTooltip('circle', { cx: x, cy: y, r: 4.5, ...paint }, text);
    case 'p90':
      return withTooltip('rect', { x: x - 4, y: y - 4, width: 8, height: 8, ...paint }, text);
    case 'p99':
      return withTooltip('path', { d: `M${at(-5, 4)}L${at(5, 4)}L${at(0, -5)}Z`, ...paint }, text);
    case 'p999':
      return withTooltip('path', { d: `M${at(0, -5.5)}L${at(5.5, 0)}L${at(0, 5.5)}L${at(-5.5, 0)}Z`, ...paint }, text);
    case 'max':
      return withTooltip('line', { x1: x - 6, y1: y, x2: x + 6, y2: y, stroke: colour, 'stroke-width': 3 }, text);
  }
}

/** A group of columns: the runs at one client count (and, in open loop, one offered rate). */
interface Group {
  readonly clients: number;
  readonly offeredRate: number | null;
}

function groupsOf(runs: readonly RunResult[]): Group[] {
  const keys = new Map<string, Group>();
  for (const run of runs) keys.set(`${run.clients}/${run.offeredRate ?? ''}`, { clients: run.clients, offeredRate: run.offeredRate });
  return [...keys.values()].sort((a, b) => a.clients - b.clients || (a.offeredRate ?? 0) - (b.offeredRate ?? 0));
}

function groupName(group: Group): string {
  return group.offeredRate === null ? clientsName(group.clients) : `${clientsName(group.clients)}, ${formatInteger(group.offeredRate)}/s`;
}

function column(run: RunResult, series: Series, x: number, scale: Scale): string {
  const colour = seriesColour(series);
  const y = (ms: number): number => scale.position(Math.max(latencyFloorMs, ms));
  const name = `${seriesName(series)}, ${groupName(run)}`;
  const parts = [element('line', { x1: x, y1: y(run.latencyMs.p50), x2: x, y2: y(run.latencyMs.max), stroke: colour, 'stroke-width': 2 })];
  for (const { key, name: percentile } of percentiles) {
    parts.push(marker(key, x, y(run.latencyMs[key]), colour, `${name}: ${percentile} ${formatMs(run.latencyMs[key])} ms`));
  }
  return element('g', {}, parts);
}

function yScale(runs: readonly RunResult[]): Scale {
  const values = runs.flatMap((run) => percentiles.map(({ key }) => Math.max(latencyFloorMs, run.latencyMs[key])));
  return logScale(Math.min(...values), Math.max(...values), plot.bottom, plot.top);
}

function legendEntries(series: readonly Series[]): (LegendEntry | string)[] {
  const markers = percentiles.map(({ key, name }) => ({ name, swatch: marker(key, 7, 7, '#555555', name) }));
  return ['Systems', ...series.map((one) => ({ name: seriesName(one), swatch: colourSwatch(seriesColour(one)) })), 'Percentiles', ...markers];
}

/** The chart as a standalone SVG file; `chart.runs` must not be empty. */
export function latencyChart(chart: LatencyChart): string {
  const series = seriesOf(chart.runs);
  const groups = groupsOf(chart.runs);
  const categories = bands(groups.map(groupName));
  const scale = yScale(chart.runs);
  const columns = groups.flatMap((group, index) => {
    const band = categories[index] as (typeof categories)[number];
    const slot = ((band.right - band.left) * 0.8) / series.length;
    return series.flatMap((one, position) => {
      const run = chart.runs.find((candidate) => seriesKey(candidate) === seriesKey(one) && candidate.clients === group.clients && candidate.offeredRate === group.offeredRate);
      return run === undefined ? [] : [column(run, one, band.left + (band.right - band.left) * 0.1 + (position + 0.5) * slot, scale)];
    });
  });
  return svgDocument({
    width: chartWidth,
    height: chartHeight,
    title: chart.title,
    description: `Latency percentiles (p50, p90, p99, p99.9 and max, in ms on a log scale) of ${series.map(seriesName).join('; ')} at ${groups.map(groupName).join('; ')}.`,
    body: [...yAxis(scale, 'latency, ms (log scale)'), ...xCategoryAxis(categories, groups.some((group) => group.offeredRate !== null) ? 'clients, offered operations per second' : 'clients'), ...columns, legend(legendEntries(series))],
  });
}
