/** The parts every chart shares: the plot area, axes with ticks and labels, gridlines, a legend. */
import { formatTick } from './format.js';
import type { Scale } from './scale.js';
import { element, label, tooltip, type Attributes } from './svg.js';

/** Chart size and plot area in pixels; the legend sits right of the plot. */
export const chartWidth = 800;
export const chartHeight = 400;

export interface Plot {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export const plot: Plot = { left: 76, top: 44, right: 560, bottom: 330 };
const legendLeft = 580;
const legendRowPx = 18;

const axisColour = '#444444';
const gridColour = '#e3e3e3';
const textColour = '#222222';

/** The y axis: line, gridlines and tick labels at each tick, and its title turned upright along it. */
export function yAxis(scale: Scale, title: string): string[] {
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(element('line', { x1: plot.left, y1: tick.position, x2: plot.right, y2: tick.position, stroke: gridColour }));
    parts.push(element('line', { x1: plot.left - 5, y1: tick.position, x2: plot.left, y2: tick.position, stroke: axisColour }));
    parts.push(label(plot.left - 8, tick.position + 4, formatTick(tick.value), { 'text-anchor': 'end', fill: textColour }));
  }
  parts.push(element('line', { x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: axisColour }));
  const middle = (plot.top + plot.bottom) / 2;
  parts.push(label(18, middle, title, { 'text-anchor': 'middle', transform: `rotate(-90 18 ${middle})`, fill: textColour }));
  return parts;
}

export interface Category {
  readonly label: string;
  readonly left: number;
  readonly right: number;
}

/** `count` equal bands across the plot, left to right. */
export function bands(labels: readonly string[]): Category[] {
  const width = (plot.right - plot.left) / Math.max(1, labels.length);
  return labels.map((text, index) => ({ label: text, left: plot.left + index * width, right: plot.left + (index + 1) * width }));
}

/** The x axis of a categorical chart: a label under each band, a faint line between bands. */
export function xCategoryAxis(categories: readonly Category[], title: string): string[] {
  const parts: string[] = [element('line', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: axisColour })];
  categories.forEach((category, index) => {
    const middle = (category.left + category.right) / 2;
    parts.push(element('line', { x1: middle, y1: plot.bottom, x2: middle, y2: plot.bottom + 5, stroke: axisColour }));
    parts.push(label(middle, plot.bottom + 20, category.label, { 'text-anchor': 'middle', fill: textColour }));
    if (index > 0) parts.push(element('line', { x1: category.left, y1: plot.top, x2: category.left, y2: plot.bottom, stroke: gridColour }));
  });
  parts.push(label((plot.left + plot.right) / 2, plot.bottom + 46, title, { 'text-anchor': 'middle', fill: textColour }));
  return parts;
}

/** The x axis of a numeric chart: gridlines and labels at the scale's ticks. */
export function xNumericAxis(scale: Scale, title: string): string[] {
  const parts: string[] = [element('line', { x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: axisColour })];
  for (const tick of scale.ticks) {
    parts.push(element('line', { x1: tick.position, y1: plot.top, x2: tick.position, y2: plot.bottom, stroke: gridColour }));
    parts.push(element('line', { x1: tick.position, y1: plot.bottom, x2: tick.position, y2: plot.bottom + 5, stroke: axisColour }));
    parts.push(label(tick.position, plot.bottom + 20, formatTick(tick.value), { 'text-anchor': 'middle', fill: textColour }));
  }
  parts.push(label((plot.left + plot.right) / 2, plot.bottom + 46, title, { 'text-anchor': 'middle', fill: textColour }));
  return parts;
}

export interface LegendEntry {
  readonly name: string;
  /** The swatch: markup drawn in a 14 × 14 box whose top-left corner is (0, 0). */
  readonly swatch: string;
}

/** A swatch of solid colour. */
export function colourSwatch(colour: string): string {
  return element('rect', { x: 0, y: 0, width: 14, height: 14, fill: colour });
}

/** A swatch of a line, dashed or not, with a point in its middle. */
export function lineSwatch(colour: string, dashed: boolean): string {
  const dash: Attributes = dashed ? { 'stroke-dasharray': '4 3' } : {};
  return (
    element('line', { x1: 0, y1: 7, x2: 14, y2: 7, stroke: colour, 'stroke-width': 2, ...dash }) +
    element('circle', { cx: 7, cy: 7, r: 3, fill: colour })
  );
}

/** The legend, right of the plot: optional headings (entries with no swatch) and entries, one per row. */
export function legend(entries: readonly (LegendEntry | string)[]): string {
  const rows = entries.map((entry, index) => {
    const y = plot.top + index * legendRowPx;
    if (typeof entry === 'string') return label(legendLeft, y + 11, entry, { 'font-weight': 'bold', fill: textColour });
    return element('g', { transform: `translate(${legendLeft} ${y})` }, [entry.swatch, label(20, 11, entry.name, { fill: textColour })]);
  });
  return element('g', { 'aria-label': 'legend' }, rows);
}

/** A shape with its tooltip as a child (the `<title>` a screen reader reads for it). */
export function withTooltip(name: string, attributes: Attributes, text: string): string {
  return element(name, attributes, [tooltip(text)]);
}
