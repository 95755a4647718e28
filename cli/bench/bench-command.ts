/**
 * `cairn bench [options]`: runs the benchmark suite (bench/suite/main.ts) from the package's root
 * with tsx's loader, in a child Node process with the same executable, passing the options through;
 * resolves with the suite's exit code. It needs the package's dev dependencies (`npm ci`, not
 * `npm ci --omit=dev`) and a build (which `cairn` itself is). Ctrl-C reaches the suite, which stops
 * what it started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The suite's entry, relative to the package's root. */
const suiteEntry = path.join('bench', 'suite', 'main.ts');
/** Folders walked up from this file looking for the package's root (dist/cli/bench/ is three deep). */
const rootSearchDepthMax = 6;
/** Signals passed on to the suite instead of ending this process. */
const forwardedSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The package's root: the nearest folder above this file that holds the suite, or null. */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < rootSearchDepthMax; depth++) {
    if (existsSync(path.join(dir, suiteEntry)) && existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

export async function runBenchCommand(args: readonly string[]): Promise<number> {
  const root = packageRoot();
  if (root === null) {
    process.stderr.write(`cairn bench: ${suiteEntry} is not in this installation (the suite ships with the source checkout)\n`);
    return 1;
  }
  if (!existsSync(path.join(root, 'node_modules', 'tsx', 'package.json'))) {
    process.stderr.write('cairn bench: needs the dev dependencies (tsx, hdr-histogram-js): run `npm ci` in the checkout\n');
    return 1;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', suiteEntry, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, CAIRN_BENCH_VIA: 'cli' } });
  const forward = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null) child.kill(signal);
  };
  for (const signal of forwardedSignals) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        process.stderr.write(`cairn bench: ${error.message}\n`);
        resolve(1);
      });
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
    });
  } finally {
    for (const signal of forwardedSignals) process.off(signal, forward);
  }
}
