/**
 * `cairn start [--dir D] [--port P]`: run a local cluster (three txlog nodes, two servers) as
 * child processes of this one until Ctrl-C. See supervisor.ts for what runs when, layout.ts for
 * ports and directories, cluster-file.ts for DIR/cluster.json.
 */
import { mkdirSync } from 'node:fs';
import { parseStartArguments, START_HELP } from './arguments.js';
import type { Launcher } from './child-run.js';
import { judgePreviousRun } from './cluster-file.js';
import { readPreviousFile } from './cluster-file-io.js';
import { type ClusterLayout, clusterLayout, HOST, portsOf } from './layout.js';
import { portsInUse, stopProcesses, systemProbe } from './os-processes.js';
import { Supervisor } from './supervisor.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** `cairn` as this process was launched: the same node, node flags and script. */
export function currentLauncher(): Launcher | string {
  const script = process.argv[1];
  if (script === undefined) return 'cannot tell how cairn was launched (no script in process.argv)';
  return { executable: process.execPath, prefix: [...process.execArgv, script] };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function refuse(message: string): number {
  process.stderr.write(`cairn start: ${message}\n`);
  return 1;
}

/** Make sure no earlier run still owns the directory; stop what a dead one left running. Null when we may go on, else the exit code. */
async function takeOver(layout: ClusterLayout): Promise<number | null> {
  const previous = readPreviousFile(layout.clusterFile);
  if (previous !== null && 'error' in previous) {
    return refuse(`${layout.clusterFile} cannot be read (${previous.error}); if no cairn start runs in ${layout.dir}, remove that file`);
  }
  const judged = judgePreviousRun(previous, systemProbe, process.pid);
  if (judged.kind === 'running') {
    return refuse(`a cairn start (pid ${judged.pid}) is already running in ${layout.dir}; stop it first (Ctrl-C in its terminal, or kill ${judged.pid})`);
  }
  if (judged.kind === 'stale') {
    say(`cairn start: taking over ${layout.dir} from an earlier cairn start (pid ${judged.pid}) that is no longer running`);
    for (const orphan of judged.orphans) say(`cairn start: stopping ${orphan.name} (pid ${orphan.pid}), left running by it`);
    const alive = await stopProcesses(judged.orphans.map((orphan) => orphan.pid));
    if (alive.length > 0) return refuse(`could not stop pids ${alive.join(', ')} left by the earlier run`);
  }
  return null;
}

export async function runStartCommand(args: readonly string[], launcher: Launcher | string = currentLauncher()): Promise<number> {
  const parsed = parseStartArguments(args, process.cwd());
  if ('error' in parsed) {
    process.stderr.write(`cairn start: ${parsed.error}\n${START_HELP}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(START_HELP);
    return 0;
  }
  if (typeof launcher === 'string') return refuse(launcher);
  const layout = clusterLayout(parsed.arguments.dir, parsed.arguments.port);
  try {
    mkdirSync(layout.dir, { recursive: true });
  } catch (error) {
    return refuse(`cannot create ${layout.dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const refused = await takeOver(layout);
  if (refused !== null) return refused;
  const busy = await portsInUse(HOST, portsOf(layout));
  if (busy.length > 0) {
    return refuse(`port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} on ${HOST} already in use (the cluster needs ${portsOf(layout).join(', ')}); choose another --port`);
  }
  say(`cairn start: starting a local cluster in ${layout.dir} (pid ${process.pid}): txlog on ${layout.txlog.map((slot) => slot.port).join(', ')}, servers on ${layout.servers.map((slot) => slot.port).join(', ')}`);
  const supervisor = new Supervisor(layout, launcher, say);
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => supervisor.stop(`got ${signal}`);
    process.on(signal, handler);
    return { signal, handler };
  });
  const killOnExit = () => supervisor.killAll();
  process.once('exit', killOnExit);
  try {
    return await supervisor.run();
  } finally {
    for (const { signal, handler } of handlers) process.off(signal, handler);
    process.off('exit', killOnExit);
  }
}
