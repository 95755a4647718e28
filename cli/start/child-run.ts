/**
 * One run of a child process of `cairn start`: spawned with the real `cairn` executable, its
 * output kept in the slot's log file, its ready line watched for, its exit reported once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { LogFile } from './log-file.js';
import { startLimits } from './limits.js';
import type { ChildExit } from './restart-policy.js';

/** How to run `cairn`: the executable and the arguments before the subcommand (node flags, bin/cairn.js). */
export interface Launcher {
  readonly executable: string;
  readonly prefix: readonly string[];
}

/** The line a child prints on stdout when it accepts connections (`cairn txlog node N listening on ...`, `cairn server listening on ...`). */
export const READY_LINE = /^cairn (?:(?:txlog node \d+|server)\b.* listening on|snapshotter writing to) (\S+)$/;

export class ChildRun {
  readonly pid: number | null;
  /** Resolves once, when the process has exited (or could not be started). */
  readonly exited: Promise<ChildExit>;
  /** Resolves with the address from the ready line, or null when the process exits first. */
  readonly ready: Promise<string | null>;
  private readonly stderrLines: string[] = [];
  private readonly child: ChildProcess;
  private exitInfo: ChildExit | null = null;

  constructor(launcher: Launcher, args: readonly string[], private readonly log: LogFile) {
    // Its own process group: Ctrl-C in the terminal reaches only the supervisor, which then stops
    // the children in order (servers first, then the log).
    this.child = spawn(launcher.executable, [...launcher.prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.pid = this.child.pid ?? null;
    log.write(`--- cairn start: ${new Date().toISOString()} started pid ${this.pid ?? '(none)'}: cairn ${args.join(' ')}\n`);
    let markReady: (address: string | null) => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.exited = new Promise((resolve) => {
      const done = (exit: ChildExit) => {
        if (this.exitInfo !== null) return;
        this.exitInfo = exit;
        markReady(null);
        log.write(`--- cairn start: ${new Date().toISOString()} pid ${this.pid ?? '(none)'} ended: ${exit.signal ?? `exit code ${exit.code}`}\n`);
        resolve(exit);
      };
      this.child.once('exit', (code, signal) => done({ code, signal }));
      this.child.once('error', (error) => {
        this.keepStderr(`cannot run ${launcher.executable}: ${error.message}`);
        if (this.pid === null) done({ code: null, signal: null });
      });
    });
    this.lines('stdout', (line) => {
      const match = READY_LINE.exec(line);
      if (match !== null) markReady(match[1] as string);
    });
    this.lines('stderr', (line) => this.keepStderr(line));
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  /** The last lines the child wrote on stderr (for saying why it died). */
  lastStderr(): readonly string[] {
    return this.stderrLines;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  private keepStderr(line: string): void {
    this.stderrLines.push(line.length > startLimits.lineCharsMax ? `${line.slice(0, startLimits.lineCharsMax)}...` : line);
    if (this.stderrLines.length > startLimits.stderrLinesKept) this.stderrLines.shift();
  }

  /** Copy a stream to the log file and hand each complete line (bounded) to `onLine`. */
  private lines(stream: 'stdout' | 'stderr', onLine: (line: string) => void): void {
    let partial = '';
    this.child[stream]?.setEncoding('utf8');
    this.child[stream]?.on('data', (chunk: string) => {
      this.log.write(chunk);
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > startLimits.lineCharsMax * 4) partial = partial.slice(0, startLimits.lineCharsMax * 4);
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    });
  }
}
