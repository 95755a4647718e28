#!/usr/bin/env node
/**
 * `npm run test:crash -- [--minutes M] [--seed S]`: the crash-recovery campaign
 * (test/crash/crash.test.ts) with M minutes of faults (default 30), against the built CLI.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
function option(name, fallback) {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
}
const minutes = Number(option('minutes', '30'));
if (!(minutes > 0 && minutes <= 24 * 60)) {
  process.stderr.write('usage: npm run test:crash -- [--minutes M] [--seed S]   (M in minutes, up to 1440)\n');
  process.exit(2);
}
const env = { ...process.env, CAIRN_CRASH_SECONDS: String(Math.round(minutes * 60)) };
const seed = option('seed', undefined);
if (seed !== undefined) env.CAIRN_CRASH_SEED = seed;
const result = spawnSync('npx', ['vitest', 'run', 'test/crash/crash.test.ts'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
