/**
 * The compiled CLI for process tests: `npm run build` once per test run when dist/ is missing or
 * older than the sources (vitest's globalSetup calls ensureBuilt, so test files never race to build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CAIRN_BIN = path.join(ROOT, 'bin/cairn.js');
const BUILT_ENTRY = path.join(ROOT, 'dist/cli/main.js');
const SOURCE_DIRECTORIES = ['cli', 'server/src', 'txlog/src', 'proto'];
const BUILD_TIMEOUT_MS = 180_000;

/** Newest modification time of the .ts files under `directory` (bounded walk). */
function newestSource(directory: string, depth = 0): number {
  if (!existsSync(directory) || depth > 10) return 0;
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full, depth + 1));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export function buildIsStale(): boolean {
  if (!existsSync(BUILT_ENTRY)) return true;
  const built = statSync(BUILT_ENTRY).mtimeMs;
  return SOURCE_DIRECTORIES.some((directory) => newestSource(path.join(ROOT, directory)) > built);
}

export function ensureBuilt(): void {
  if (!buildIsStale()) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}
