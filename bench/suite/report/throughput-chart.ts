/** Throughput of one workload at one pipeline depth (closed loop): for each client count, a bar per series. */
import type { RunResult } from '../results.js';
import { formatCompact, formatInteger } from './format.js';
import { bands, chartHeight, chartWidth, colourSwatch, legend, plot, withTooltip, xCategoryAxis, yAxis } from './frame.js';
import { linearScale, type Scale } from './scale.js';
import { clientsName, distinct, seriesColour, seriesKey, seriesName, seriesOf, type Series } from './series.js';
import { element, label, svgDocument } from './svg.js';

export interface ThroughputChart {
  readonly title: string;
  /** Closed-loop runs of one workload and one pipeline depth. */
  readonly runs: readonly RunResult[];
}

/** Room above the highest bar for its value label, as a share of the highest value. */
const labelHeadroom = 0.18;
/** Below this bar width a value label is turned upright so that neighbours do not overlap. */
const uprightLabelBelowPx = 34;

function bar(run: RunResult, series: Series, left: number, width: number, scale: Scale): string {
  const top = scale.position(run.throughput);
  const text = `${seriesName(series)}, ${clientsName(run.clients)}, pipeline ${run.pipeline}: ${formatInteger(run.throughput)} ops/s`;
  const shape = withTooltip('rect', { x: left + 1, y: top, width: Math.max(1, width - 2), height: plot.bottom - top, fill: seriesColour(series) }, text);
  const middle = left + width / 2;
  const value = formatCompact(run.throughput);
  const caption =
    width < uprightLabelBelowPx
      ? label(middle + 3, top - 4, value, { 'font-size': 10, transform: `rotate(-90 ${middle + 3} ${top - 4})`, fill: '#222222' })
      : label(middle, top - 4, value, { 'font-size': 10, 'text-anchor': 'middle', fill: '#222222' });
  return element('g', {}, [shape, caption]);
}

/** The chart as a standalone SVG file; `chart.runs` must not be empty. */
export function throughputChart(chart: ThroughputChart): string {
  const series = seriesOf(chart.runs);
  const clients = distinct(chart.runs.map((run) => run.clients));
  const categories = bands(clients.map(clientsName));
  const scale = linearScale(Math.max(...chart.runs.map((run) => run.throughput)) * (1 + labelHeadroom), plot.bottom, plot.top);
  const bars = clients.flatMap((count, index) => {
    const band = categories[index] as (typeof categories)[number];
    const slot = ((band.right - band.left) * 0.8) / series.length;
    return series.flatMap((one, position) => {
      const run = chart.runs.find((candidate) => seriesKey(candidate) === seriesKey(one) && candidate.clients === count);
      return run === undefined ? [] : [bar(run, one, band.left + (band.right - band.left) * 0.1 + position * slot, slot, scale)];
    });
  });
  return svgDocument({
    width: chartWidth,
    height: chartHeight,
    title: chart.title,
    description: `Operations per second of ${series.map(seriesName).join('; ')} at ${clients.map(clientsName).join('; ')}; higher is better.`,
    body: [...yAxis(scale, 'operations per second'), ...xCategoryAxis(categories, 'clients'), ...bars, legend(['Systems', ...series.map((one) => ({ name: seriesName(one), swatch: colourSwatch(seriesColour(one)) }))])],
  });
}
