/** How `cairn snapshot` shows sizes, times, keys and tables to people. */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1.5 MB`: bytes in 1024-steps, one decimal above bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Unix ms as ISO 8601 (UTC); `-` when out of Date's range. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '-' : date.toISOString();
}

/** A binary key (one char per byte) quoted as redis-cli shows it: printable ASCII as is, the rest as \xHH. */
export function quoteKey(key: string): string {
  let quoted = '"';
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code === 0x22 || code === 0x5c) quoted += `\\${key[index]}`;
    else if (code >= 0x20 && code < 0x7f) quoted += key[index];
    else quoted += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return `${quoted}"`;
}

/** Rows as aligned columns (the last column is not padded), one line each. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')).join('\n') + '\n';
}

/** `name  value` lines, names aligned. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  return table(pairs.map(([name, value]) => [name, value]));
}
