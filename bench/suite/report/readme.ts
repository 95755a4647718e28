/** The README's headline table lives between two markers; this replaces what is between them and nothing else. */
import { readFile, writeFile } from 'node:fs/promises';
import type { BenchResults } from '../results.js';
import { headlineTable } from './headline.js';

export const headlineStartMarker = '<!-- bench:headline:start -->';
export const headlineEndMarker = '<!-- bench:headline:end -->';

function onlyIndex(text: string, marker: string, readmePath: string): number {
  const first = text.indexOf(marker);
  if (first === -1) throw new Error(`${readmePath} has no ${marker} marker: add ${headlineStartMarker} and ${headlineEndMarker} on their own lines where the headline table goes`);
  if (text.indexOf(marker, first + marker.length) !== -1) throw new Error(`${readmePath} has ${marker} more than once`);
  return first;
}

/** `text` with what is between the markers replaced by `content`, on lines of its own. */
export function replaceBetweenMarkers(text: string, content: string, readmePath = 'the README'): string {
  const start = onlyIndex(text, headlineStartMarker, readmePath);
  const end = onlyIndex(text, headlineEndMarker, readmePath);
  if (end < start) throw new Error(`${readmePath} has ${headlineEndMarker} before ${headlineStartMarker}`);
  const before = text.slice(0, start + headlineStartMarker.length);
  return `${before}\n${content.trimEnd()}\n${text.slice(end)}`;
}

/** Rewrites the headline table between the markers of the README at `readmePath`; throws when the markers are missing. */
export async function updateReadmeHeadline(readmePath: string, results: BenchResults): Promise<void> {
  const text = await readFile(readmePath, 'utf8');
  await writeFile(readmePath, replaceBetweenMarkers(text, headlineTable(results), readmePath));
}
