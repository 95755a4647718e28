/** Reading and writing DIR/cluster.json (the content is cluster-file.ts's). */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { type ClusterFile, clusterFileText, parsePreviousFile, type PreviousFile } from './cluster-file.js';
import { startLimits } from './limits.js';

/** The file an earlier run left: null when there is none, an error message when it cannot be read. */
export function readPreviousFile(file: string): PreviousFile | null | { readonly error: string } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (size > startLimits.clusterFileBytesMax) return { error: `${size} bytes, more than ${startLimits.clusterFileBytesMax}` };
  const parsed = parsePreviousFile(readFileSync(file, 'utf8'));
  return typeof parsed === 'string' ? { error: parsed } : parsed;
}

/** Replace the file in one step (write a temporary file, fsync it, rename): a reader sees the old or the new content. */
export function writeClusterFile(file: string, content: ClusterFile): void {
  const temporary = `${file}.tmp`;
  const descriptor = openSync(temporary, 'w', 0o644);
  try {
    writeSync(descriptor, clusterFileText(content));
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, file);
}
