/**
 * `cairn` as a child process for tests: spawn it, wait for lines it prints (event-driven, with a
 * time limit), signal it, and make sure none outlives the test file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { CAIRN_BIN, ROOT } from './build.js';

const WAIT_MS = 15_000;
const live = new Set<ChildProcess>();

afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
});

export class CairnProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      }),
    );
  }

  /** Start `cairn ...args` (the built CLI). */
  static start(...args: string[]): CairnProcess {
    const child = spawn(process.execPath, [CAIRN_BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    return new CairnProcess(child);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolve with the first match of `pattern` in what the process printed after `from`; reject if it exits first or after the time limit. */
  waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', from = 0, timeoutMs = WAIT_MS): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this[stream].slice(from));
        if (match === null) return;
        finish();
        resolve(match);
      };
      const exited = (code: number | null) => {
        finish();
        reject(new Error(`cairn exited with ${code} before printing ${pattern}:\n${this.stdout}\n${this.stderr}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.child[stream]?.off('data', check);
        this.child.off('exit', exited);
      };
      this.child[stream]?.on('data', check);
      this.child.once('exit', exited);
      check();
    });
  }

  /** Send a signal and wait for the exit (bounded). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = WAIT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cairn did not exit within ${timeoutMs} ms after ${signal}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
