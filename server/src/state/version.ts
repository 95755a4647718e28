/** cairn's own version (INFO cairn_version), read once from the package.json above this module. */
import { readFileSync } from 'node:fs';

/** Directories walked up from this module looking for cairn's package.json (source and dist differ in depth). */
const PARENT_DIRECTORIES_MAX = 6;

let cached: string | null = null;

/** The `version` of the `cairn` package.json, or "unknown" when it cannot be found. */
export function cairnVersion(): string {
  cached ??= findVersion();
  return cached;
}

function findVersion(): string {
  let directory = new URL('./', import.meta.url);
  for (let depth = 0; depth <= PARENT_DIRECTORIES_MAX; depth++) {
    const version = readVersion(new URL('package.json', directory));
    if (version !== null) return version;
    directory = new URL('../', directory);
  }
  return 'unknown';
}

function readVersion(file: URL): string | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { name, version } = parsed as { name?: unknown; version?: unknown };
    return name === 'cairn' && typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}
