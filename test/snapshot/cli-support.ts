/**
 * Shared by the `cairn snapshot` CLI tests: run the built CLI as a process and collect its exit
 * code, stdout (bytes: export writes binary) and stderr, with a time limit.
 */
import { spawn } from 'node:child_process';
import { CAIRN_BIN, ROOT } from '../support/build.js';

/** A CLI run that takes longer than this is killed and fails the test. */
const RUN_TIMEOUT_MS = 30_000;

/** What a finished run gave. */
export interface CliRun {
  readonly code: number | null;
  readonly stdoutBytes: Buffer;
  /** stdout as UTF-8 text. */
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `cairn snapshot ...args` to its end. */
export function runSnapshotCli(args: readonly string[], timeoutMs = RUN_TIMEOUT_MS): Promise<CliRun> {
  return runCairn(['snapshot', ...args], timeoutMs);
}

/** Run `cairn ...args` to its end (killed, and rejected, after `timeoutMs`). */
export function runCairn(args: readonly string[], timeoutMs = RUN_TIMEOUT_MS): Promise<CliRun> {
  const child = spawn(process.execPath, [CAIRN_BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cairn ${args.join(' ')} did not end within ${timeoutMs} ms:\n${Buffer.concat(stderr).toString()}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(stdout);
      resolve({ code, stdoutBytes: bytes, stdout: bytes.toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}
