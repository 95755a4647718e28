/**
 * Recovery time against dataset size: for each system, with and without a recent snapshot, the
 * time from kill -9 until the restarted server serves both reads and writes.
 */
import type { RecoveryResult } from '../results.js';
import { formatCompact, formatMs } from './format.js';
import { chartHeight, chartWidth, legend, lineSwatch, plot, withTooltip, xNumericAxis, yAxis, type LegendEntry } from './frame.js';
import { linearScale, logScale, type Scale } from './scale.js';
import { compareSeries, seriesColour, systemNames } from './series.js';
import { coordinate, element, svgDocument, type Attributes } from './svg.js';

/** Dataset sizes spanning this factor or more go on a log x axis. */
const logAxisFromFactor = 10;

/** Until the server serves reads and writes again: the later of the two. */
export function readyMs(result: RecoveryResult): number {
  return Math.max(result.readsMs, result.writesMs);
}

interface Line {
  readonly system: RecoveryResult['system'];
  readonly snapshot: boolean;
  readonly points: readonly RecoveryResult[];
}

function linesOf(results: readonly RecoveryResult[]): Line[] {
  const lines = new Map<string, Line>();
  for (const result of results) {
    const key = `${result.system}/${result.snapshot}`;
    const line = lines.get(key) ?? { system: result.system, snapshot: result.snapshot, points: [] };
    lines.set(key, { ...line, points: [...line.points, result].sort((a, b) => a.keys - b.keys) });
  }
  const order = (line: Line): { system: Line['system']; target: 'primary' } => ({ system: line.system, target: 'primary' });
  return [...lines.values()].sort((a, b) => compareSeries(order(a), order(b)) || (a.snapshot === b.snapshot ? 0 : a.snapshot ? -1 : 1));
}

function lineName(line: Line): string {
  return `${systemNames[line.system]}, ${line.snapshot ? 'with' : 'without'} snapshot`;
}

function xAxis(results: readonly RecoveryResult[]): { readonly scale: Scale; readonly title: string } {
  const keys = results.map((result) => Math.max(1, result.keys));
  const min = Math.min(...keys);
  const max = Math.max(...keys);
  if (max / min >= logAxisFromFactor) return { scale: logScale(min, max, plot.left, plot.right), title: 'keys (log scale)' };
  return { scale: linearScale(max, plot.left, plot.right), title: 'keys' };
}

function drawLine(line: Line, x: Scale, y: Scale): string {
  const colour = seriesColour({ system: line.system, target: 'primary' });
  const at = (result: RecoveryResult): string => `${coordinate(x.position(Math.max(1, result.keys)))} ${coordinate(y.position(readyMs(result)))}`;
  const dash: Attributes = line.snapshot ? {} : { 'stroke-dasharray': '6 4' };
  const path = element('path', { d: `M${line.points.map(at).join('L')}`, fill: 'none', stroke: colour, 'stroke-width': 2, ...dash });
  const points = line.points.map((result) =>
    withTooltip(
      'circle',
      { cx: x.position(Math.max(1, result.keys)), cy: y.position(readyMs(result)), r: 4, fill: colour },
      `${lineName(line)}, ${formatCompact(result.keys)} keys: reads after ${formatMs(result.readsMs)} ms, writes after ${formatMs(result.writesMs)} ms`,
    ),
  );
  return element('g', {}, [path, ...points]);
}

/** A heading per system, then its lines: a line per system would not fit the legend's width. */
function legendEntries(lines: readonly Line[]): (LegendEntry | string)[] {
  const entries: (LegendEntry | string)[] = [];
  for (const line of lines) {
    if (!entries.includes(systemNames[line.system])) entries.push(systemNames[line.system]);
    entries.push({ name: line.snapshot ? 'with a snapshot' : 'without a snapshot', swatch: lineSwatch(seriesColour({ system: line.system, target: 'primary' }), !line.snapshot) });
  }
  return entries;
}

/** The chart as a standalone SVG file; `results` must not be empty. */
export function recoveryChart(results: readonly RecoveryResult[]): string {
  const lines = linesOf(results);
  const x = xAxis(results);
  const y = linearScale(Math.max(...results.map(readyMs)), plot.bottom, plot.top);
  return svgDocument({
    width: chartWidth,
    height: chartHeight,
    title: 'Recovery time after kill -9 against dataset size',
    description: `Time from kill -9 until the restarted server serves reads and writes, in ms, against the number of keys, for ${lines.map(lineName).join('; ')}.`,
    body: [
      ...yAxis(y, 'time until reads and writes are served, ms'),
      ...xNumericAxis(x.scale, x.title),
      ...lines.map((line) => drawLine(line, x.scale, y)),
      legend(legendEntries(lines)),
    ],
  });
}
