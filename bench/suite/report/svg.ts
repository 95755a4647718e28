/**
 * Hand-written SVG: elements as strings, every text escaped, every number printed the same way,
 * so that the same figures always give the same bytes.
 */

export type Attributes = Readonly<Record<string, string | number>>;

/** The font of every chart: the reader's sans-serif, at a size that stays readable when the chart is scaled down. */
export const fontFamily = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
export const fontSizePx = 12;
export const titleFontSizePx = 14;

/** Text and attribute values with the five XML special characters escaped. */
export function escapeXml(value: string): string {
  let out = '';
  for (const character of value) {
    if (character === '&') out += '&amp;';
    else if (character === '<') out += '&lt;';
    else if (character === '>') out += '&gt;';
    else if (character === '"') out += '&quot;';
    else if (character === "'") out += '&apos;';
    else out += character;
  }
  return out;
}

/** A coordinate or size: at most two decimals, no trailing zeros, never "-0". */
export function coordinate(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`a chart coordinate must be finite, got ${value}`);
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function attributeText(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    const printed = typeof value === 'number' ? coordinate(value) : escapeXml(value);
    out += ` ${name}="${printed}"`;
  }
  return out;
}

/** One element; children are already-built markup (use `textNode` for text). */
export function element(name: string, attributes: Attributes = {}, children: readonly string[] = []): string {
  if (children.length === 0) return `<${name}${attributeText(attributes)}/>`;
  return `<${name}${attributeText(attributes)}>${children.join('')}</${name}>`;
}

/** Escaped character data. */
export function textNode(value: string): string {
  return escapeXml(value);
}

/** A `<text>` element. */
export function label(x: number, y: number, value: string, attributes: Attributes = {}): string {
  return element('text', { x, y, ...attributes }, [textNode(value)]);
}

/** A `<title>` child, which screen readers and browsers (as a tooltip) show for its parent. */
export function tooltip(value: string): string {
  return element('title', {}, [textNode(value)]);
}

export interface Document {
  readonly width: number;
  readonly height: number;
  /** The accessible name of the chart, also drawn as its heading. */
  readonly title: string;
  /** A sentence on what the chart shows, for readers who cannot see it. */
  readonly description: string;
  readonly body: readonly string[];
}

/** A standalone SVG file: a white background (readable in dark themes too), the heading, then the body. */
export function svgDocument(document: Document): string {
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: document.width,
    height: document.height,
    viewBox: `0 0 ${document.width} ${document.height}`,
    role: 'img',
    'aria-labelledby': 'chart-title chart-description',
    'font-family': fontFamily,
    'font-size': fontSizePx,
  };
  const children = [
    element('title', { id: 'chart-title' }, [textNode(document.title)]),
    element('desc', { id: 'chart-description' }, [textNode(document.description)]),
    element('rect', { x: 0, y: 0, width: document.width, height: document.height, fill: '#ffffff' }),
    label(document.width / 2, 22, document.title, { 'text-anchor': 'middle', 'font-size': titleFontSizePx, 'font-weight': 'bold', fill: '#222222' }),
    ...document.body,
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('svg', root, children.map((child) => `\n${child}`).concat('\n'))}\n`;
}
