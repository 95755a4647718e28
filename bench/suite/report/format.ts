/** How figures print in the report and on the charts: the same figure always prints the same way. */

/** Written where a figure is missing: a system skipped, a workload not run. */
export const notMeasured = 'not measured';

/** Milliseconds with two or three significant digits ("0.134", "2.75", "27.4", "312"). */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 0.1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** An integer with a comma between thousands ("38,695"), the same on every locale. */
export function formatInteger(value: number): string {
  const digits = Math.round(Math.abs(value)).toString();
  let out = '';
  for (let index = 0; index < digits.length; index++) {
    if (index > 0 && (digits.length - index) % 3 === 0) out += ',';
    out += digits[index];
  }
  return value < 0 && out !== '0' ? `-${out}` : out;
}

/** A count in short form for chart labels: "950", "12.5k", "1M", "1.5M". */
export function formatCompact(value: number): string {
  const trimmed = (scaled: number): string => String(Number(scaled.toFixed(scaled >= 100 ? 0 : 1)));
  if (value >= 1e6) return `${trimmed(value / 1e6)}M`;
  if (value >= 1e3) return `${trimmed(value / 1e3)}k`;
  return trimmed(value);
}

/** An axis tick: no more digits than the value has. */
export function formatTick(value: number): string {
  if (value >= 1e3) return formatCompact(value);
  return String(Number(value.toPrecision(6)));
}

/** cairn's figure over the comparison's, as "3.48x"; null when either is missing or the divisor is not positive. */
export function ratio(cairn: number | null, other: number | null): number | null {
  if (cairn === null || other === null || !(other > 0) || !Number.isFinite(cairn)) return null;
  return cairn / other;
}

export function formatRatio(value: number | null): string {
  return value === null ? notMeasured : `${value.toFixed(2)}x`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** A markdown table cell: pipes escaped, line breaks flattened. */
export function cell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Inline code that survives backticks inside the value. */
export function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  const padding = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${value}${padding}${fence}`;
}

/** A markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
