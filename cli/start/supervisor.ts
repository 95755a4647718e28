/**
 * The supervisor of a local cluster: starts the three txlog nodes, then the server on the base
 * port, then (once that one is primary) the server on the next port; restarts children that die
 * (restart-policy.ts); polls ROLE; keeps DIR/cluster.json current; stops everything on request.
 */
import path from 'node:path';
import { ChildRun, type Launcher } from './child-run.js';
import {
  type ClusterFile,
  clusterFileOf,
  type ClusterView,
  processLine,
  type ProcessState,
  type ProcessView,
  sameContent,
  type ServerRole,
  type SupervisorState,
} from './cluster-file.js';
import { writeClusterFile } from './cluster-file-io.js';
import { type ClusterLayout, commandOf, type Slot } from './layout.js';
import { startLimits } from './limits.js';
import { LogFile } from './log-file.js';
import { decideRestart, describeExit, type ChildExit } from './restart-policy.js';
import { askRole } from './role-probe.js';

/** One slot of the cluster across the runs of its process. */
interface Member {
  readonly slot: Slot;
  readonly log: LogFile;
  run: ChildRun | null;
  state: ProcessState;
  role: ServerRole | null;
  /** When each restart happened (ms), for the restart policy; trimmed to the policy's window. */
  restartTimes: number[];
  restarts: number;
  restartTimer: ReturnType<typeof setTimeout> | null;
  readyTimer: ReturnType<typeof setTimeout> | null;
}

/** pino's level numbers from warn on: what a person wants to see about a death. */
const PINO_WARN_LEVEL = 40;

/**
 * The stderr lines that say why a child stopped, as a person wants them: plain lines as they are,
 * pino JSON lines from warn on as their message (and error); info and debug lines are left out.
 * Exported for tests.
 */
export function whyLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (line.trim() !== '') out.push(line);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || !('msg' in parsed) || typeof parsed.msg !== 'string') {
      out.push(line);
      continue;
    }
    if ('level' in parsed && typeof parsed.level === 'number' && parsed.level < PINO_WARN_LEVEL) continue;
    const error = 'err' in parsed && typeof parsed.err === 'object' && parsed.err !== null && 'message' in parsed.err ? ` (${String(parsed.err.message)})` : '';
    out.push(`${parsed.msg}${error}`);
  }
  return out;
}

/** How the cairn commands report a fatal error on stderr: `cairn server: ...`, `cairn txlog: ...`. */
const CLI_ERROR_LINE = /^cairn [a-z ]+: /;

/**
 * Why a child died, from its last stderr lines: its own `cairn ...: reason` line when it printed
 * one (a refused command line is followed by the usage text), else its last warnings or plain
 * lines. Empty when it said nothing useful (killed by a signal, for example). Exported for tests.
 */
export function deathReason(lines: readonly string[]): string {
  const why = whyLines(lines);
  const errors = why.filter((line) => CLI_ERROR_LINE.test(line));
  return (errors.length > 0 ? errors.slice(-1) : why.slice(-2)).join(' | ');
}

export class Supervisor {
  private readonly members: Member[];
  private state: SupervisorState = 'starting';
  private stopping = false;
  private exitCode = 0;
  private lastFile: ClusterFile | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private polling = false;
  private readonly listeners = new Set<() => void>();
  private stopRequested: () => void = () => undefined;
  private readonly stopRequest = new Promise<void>((resolve) => (this.stopRequested = resolve));
  private fileWriteFailed = false;

  constructor(
    private readonly layout: ClusterLayout,
    private readonly launcher: Launcher,
    private readonly print: (line: string) => void,
  ) {
    this.members = [...layout.txlog, ...layout.servers, layout.snapshotter].map((slot) => ({
      slot,
      log: new LogFile(path.join(layout.logDir, `${slot.name}.log`)),
      run: null,
      state: 'stopped',
      role: null,
      restartTimes: [],
      restarts: 0,
      restartTimer: null,
      readyTimer: null,
    }));
  }

  /** Start the cluster, keep it running until stop() (exit code 0) or until every process failed (1). */
  async run(): Promise<number> {
    this.changed();
    this.pollTimer = setInterval(() => void this.pollRoles(), startLimits.rolePollMs);
    const txlog = this.members.filter((member) => member.slot.kind === 'txlog');
    const servers = this.members.filter((member) => member.slot.kind === 'server');
    for (const member of txlog) this.spawn(member);
    await this.until(() => txlog.every(settled));
    for (const [index, member] of servers.entries()) {
      if (this.stopping) break;
      if (index > 0) await this.awaitPrimary(servers[0] as Member);
      if (this.stopping) break;
      this.spawn(member);
      await this.until(() => settled(member));
    }
    const snapshotter = this.members.find((member) => member.slot.kind === 'snapshotter');
    if (snapshotter !== undefined && !this.stopping) {
      this.spawn(snapshotter);
      await this.until(() => settled(snapshotter));
    }
    // Give the last server's first ROLE answer a moment, so the table shows every role.
    await this.until(() => servers.every((member) => member.state !== 'running' || member.role !== null), startLimits.rolePollMs * 3);
    if (!this.stopping) this.announceReady();
    await this.stopRequest;
    await this.shutdown();
    return this.exitCode;
  }

  /** Stop every child (a second call while stopping kills them at once). */
  stop(reason: string): void {
    if (this.stopping) {
      this.print(`cairn start: ${reason} again: killing every child now`);
      for (const member of this.members) member.run?.kill('SIGKILL');
      return;
    }
    this.print(`cairn start: ${reason}: stopping the cluster (Ctrl-C again kills every child at once)`);
    this.stopping = true;
    this.stopRequested();
    this.notify();
  }

  /** Kill every child at once (the process is exiting without a clean stop). */
  killAll(): void {
    for (const member of this.members) member.run?.kill('SIGKILL');
  }

  private spawn(member: Member): void {
    if (this.stopping) return;
    const run = new ChildRun(this.launcher, commandOf(this.layout, member.slot), member.log);
    member.run = run;
    member.state = 'starting';
    member.role = null;
    this.changed();
    member.readyTimer = setTimeout(() => {
      if (member.run !== run || !run.running) return;
      this.print(`cairn start: ${member.slot.name} (pid ${run.pid}) did not become ready within ${startLimits.readyTimeoutMs / 1000} s; killing it`);
      run.kill('SIGKILL');
    }, startLimits.readyTimeoutMs);
    void run.ready.then((address) => {
      if (address === null || member.run !== run) return;
      this.clearReadyTimer(member);
      member.state = 'running';
      if (member.restarts > 0 || this.state === 'running') this.print(`cairn start: ${member.slot.name} is running again (pid ${run.pid}, ${address})`);
      this.changed();
      if (member.slot.kind === 'server') void this.pollRoles();
    });
    void run.exited.then((exit) => this.onExit(member, run, exit));
  }

  private onExit(member: Member, run: ChildRun, exit: ChildExit): void {
    if (member.run !== run) return;
    member.run = null;
    member.role = null;
    this.clearReadyTimer(member);
    if (this.stopping) {
      member.state = 'stopped';
      this.changed();
      return;
    }
    const why = deathReason(run.lastStderr());
    this.print(`cairn start: ${member.slot.name} (pid ${run.pid}) exited with ${describeExit(exit)}${why === '' ? '' : `: ${why}`}`);
    const now = Date.now();
    member.restartTimes = member.restartTimes.filter((time) => time > now - startLimits.restartWindowMs);
    const decision = decideRestart(exit, member.restartTimes, now);
    if (decision.action === 'give-up') {
      member.state = 'failed';
      this.print(`cairn start: giving up on ${member.slot.name}: ${decision.reason} (its output: ${member.log.file})`);
      this.changed();
      if (this.members.every((other) => other.state === 'failed')) {
        this.exitCode = 1;
        this.stop('every process failed');
      }
      return;
    }
    member.state = 'restarting';
    this.print(`cairn start: restarting ${member.slot.name} in ${decision.delayMs} ms`);
    this.changed();
    member.restartTimer = setTimeout(() => {
      member.restartTimer = null;
      if (this.stopping) return;
      member.restartTimes.push(Date.now());
      member.restarts++;
      this.spawn(member);
    }, decision.delayMs);
  }

  private clearReadyTimer(member: Member): void {
    if (member.readyTimer !== null) clearTimeout(member.readyTimer);
    member.readyTimer = null;
  }

  /** Wait until the first server is primary (or failed, or the wait is over). */
  private async awaitPrimary(first: Member): Promise<void> {
    const primary = await this.until(() => first.role === 'master' || first.state === 'failed', startLimits.primaryWaitMs);
    if (!primary && !this.stopping) {
      this.print(`cairn start: ${first.slot.name} is not primary after ${startLimits.primaryWaitMs / 1000} s; starting the next server anyway`);
    }
  }

  private announceReady(): void {
    this.state = 'running';
    this.changed();
    for (const member of this.members) this.print(`  ${processLine(this.viewOf(member))}`);
    const failed = this.members.filter((member) => member.state === 'failed').map((member) => member.slot.name);
    const notes = `cluster file: ${this.layout.clusterFile}, logs: ${this.layout.logDir}; Ctrl-C stops it`;
    if (failed.length === 0) this.print(`cairn start: ready (${notes})`);
    else this.print(`cairn start: running WITHOUT ${failed.join(', ')} (failed, see above; ${notes})`);
  }

  private async pollRoles(): Promise<void> {
    if (this.polling || this.stopping) return;
    this.polling = true;
    try {
      const servers = this.members.filter((member) => member.slot.kind === 'server' && member.state === 'running' && member.run !== null);
      await Promise.all(
        servers.map(async (member) => {
          const run = member.run;
          if (member.slot.kind !== 'server') return;
          const answer = await askRole('127.0.0.1', member.slot.port);
          if (member.run !== run || member.state !== 'running' || this.stopping) return;
          const role = 'role' in answer ? answer.role : null;
          if (role === member.role) return;
          if (this.state === 'running') this.print(`cairn start: ${member.slot.name} is now ${role ?? `of unknown role (${'error' in answer ? answer.error : ''})`}${member.role === null ? '' : ` (was ${member.role})`}`);
          member.role = role;
          this.changed();
        }),
      );
    } finally {
      this.polling = false;
    }
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopping';
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    for (const member of this.members) {
      if (member.restartTimer !== null) clearTimeout(member.restartTimer);
      member.restartTimer = null;
      this.clearReadyTimer(member);
      if (member.run === null && member.state !== 'failed') member.state = 'stopped';
    }
    this.changed();
    // The servers and the snapshotter first (they may still talk to the log while stopping), then the log nodes.
    await this.stopMembers(this.members.filter((member) => member.slot.kind !== 'txlog'));
    await this.stopMembers(this.members.filter((member) => member.slot.kind === 'txlog'));
    this.state = 'stopped';
    this.changed();
    for (const member of this.members) member.log.close();
    this.print('cairn start: stopped');
  }

  private async stopMembers(members: readonly Member[]): Promise<void> {
    const runs = members.flatMap((member) => (member.run === null ? [] : [member.run]));
    for (const run of runs) run.kill('SIGTERM');
    if (await exitsWithin(runs, startLimits.stopTimeoutMs)) return;
    for (const run of runs) {
      if (!run.running) continue;
      this.print(`cairn start: pid ${run.pid} did not stop within ${startLimits.stopTimeoutMs / 1000} s; killing it`);
      run.kill('SIGKILL');
    }
    if (!(await exitsWithin(runs, startLimits.killTimeoutMs))) this.print('cairn start: some children did not exit even after SIGKILL');
  }

  /** Resolves true once `condition` holds, false after `timeoutMs` (default: no limit but stop). Re-checked on every change. */
  private until(condition: () => boolean, timeoutMs?: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const check = () => {
        const holds = condition();
        if (!holds && !this.stopping) return;
        finish(holds);
      };
      const finish = (holds: boolean) => {
        this.listeners.delete(check);
        if (timer !== null) clearTimeout(timer);
        resolve(holds);
      };
      if (timeoutMs !== undefined) timer = setTimeout(() => finish(condition()), timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private viewOf(member: Member): ProcessView {
    return { slot: member.slot, pid: member.run?.pid ?? null, state: member.state, role: member.role, restarts: member.restarts };
  }

  /** Something changed: rewrite cluster.json when its content differs, and wake the waiters. */
  private changed(): void {
    const view: ClusterView = { dir: this.layout.dir, port: this.layout.port, pid: process.pid, state: this.state, processes: this.members.map((member) => this.viewOf(member)) };
    const file = clusterFileOf(view, new Date());
    if (this.lastFile === null || !sameContent(this.lastFile, file)) {
      try {
        writeClusterFile(this.layout.clusterFile, file);
        this.lastFile = file;
      } catch (error) {
        if (!this.fileWriteFailed) this.print(`cairn start: cannot write ${this.layout.clusterFile}: ${error instanceof Error ? error.message : String(error)}`);
        this.fileWriteFailed = true;
      }
    }
    this.notify();
  }
}

function settled(member: Member): boolean {
  return member.state === 'running' || member.state === 'failed';
}

/** Resolves true when every run has exited, false after `timeoutMs`. */
async function exitsWithin(runs: readonly ChildRun[], timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const all = Promise.all(runs.map((run) => run.exited)).then(() => true as const);
  try {
    return await Promise.race([all, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
