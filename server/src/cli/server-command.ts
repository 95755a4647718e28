/** `cairn server`: parse options, start one node, stop cleanly on SIGINT/SIGTERM. */
import { settingSpecs } from '../config/settings.js';
import { createLogger } from '../log.js';
import { startDurableServer } from '../durable/durable-server.js';
import { startServer } from '../server.js';

export interface ServerCommandOptions {
  /** A line printed before start (`cairn start` says it is not durable yet). */
  banner: string | null;
}

/** The primary lease unless --lease-ms says otherwise. */
const DEFAULT_LEASE_MS = 2000;
const LEASE_MS_MIN = 100;
const LEASE_MS_MAX = 600_000;

const HELP = `usage: cairn server --port P --log HOST:PORT,... --dir DIR [--snapshots DIR] [--lease-ms MS] [--bind ADDR] [--<setting> VALUE ...]
       cairn server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]

  --log HOST:PORT,...  the transaction log's nodes: every write is acknowledged only once the log
                     has committed it; the node starts as a replica and claims the primary lease
  --dir DIR          this node's directory (created if missing)
  --snapshots DIR    the snapshotter's directory, where a seed snapshot left by
                     \`cairn snapshot restore\` is found (snapshots the log records are found anyway)
  --lease-ms MS      the primary lease (default ${DEFAULT_LEASE_MS}; every server of a cluster the same)
  --ephemeral        keep data in memory only, not durable (tests, experiments)
  --port P           TCP port (default 6379; 0 picks a free port and prints it)
  --bind ADDR        address to listen on (default 127.0.0.1)
  --<setting> VALUE  any setting of the configuration reference, e.g. --maxclients 100
`;

export async function runServerCommand(args: readonly string[], options: ServerCommandOptions): Promise<number | undefined> {
  const parsed = parseArguments(args);
  if ('error' in parsed) {
    process.stderr.write(`cairn server: ${parsed.error}\n${HELP}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!parsed.ephemeral) return runDurable(parsed);
  const logger = createLogger(String(parsed.settings.loglevel ?? 'notice'), 'cairn-server');
  if (options.banner !== null) process.stdout.write(`${options.banner}\n`);
  logger.warn('running with --ephemeral: data is kept in memory only and is lost when the server stops (not durable)');
  // Listen for the stop signals before anything is printed: a supervisor may signal as soon as it
  // reads the ready line, and an unhandled SIGINT/SIGTERM would kill the process uncleanly.
  const stopped = stopSignal();
  let running;
  try {
    running = await startServer({ settings: parsed.settings, logger });
  } catch (error) {
    process.stderr.write(`cairn server: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`cairn server (ephemeral, NOT durable) listening on ${running.host}:${running.port}\n`);
  logger.info({ host: running.host, port: running.port }, 'ready to accept connections');
  const signal = await stopped;
  logger.info({ signal }, 'shutting down');
  await running.close();
  return 0;
}

interface ParsedOptions {
  ephemeral: boolean;
  help: boolean;
  settings: Record<string, string>;
  log: string[] | null;
  dir: string | null;
  snapshots: string | null;
  leaseMs: number;
}

type Parsed = ParsedOptions | { error: string };

/** Resolves with the signal that asks the process to stop. */
function stopSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** `cairn server --log ... --dir ...`: a node on the transaction log. */
async function runDurable(parsed: ParsedOptions): Promise<number> {
  if (parsed.log === null || parsed.dir === null) {
    process.stderr.write(`cairn server: give --log HOST:PORT,... and --dir DIR (or --ephemeral for a server that is not durable)\n${HELP}`);
    return 2;
  }
  const logger = createLogger(String(parsed.settings.loglevel ?? 'notice'), 'cairn-server');
  const stop = stopSignal();
  let running;
  try {
    running = await startDurableServer({ settings: parsed.settings, log: parsed.log, dir: parsed.dir, snapshotDir: parsed.snapshots, leaseMs: parsed.leaseMs, logger });
  } catch (error) {
    process.stderr.write(`cairn server: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const { host, port } = running.server;
  process.stdout.write(`cairn server listening on ${host}:${port}\n`);
  logger.info({ host, port, log: parsed.log }, 'ready to accept connections (replica until it holds the primary lease)');
  const outcome = await Promise.race([stop.then((signal) => ({ signal, error: null })), running.node.ended.then((error) => ({ signal: null, error }))]);
  if (outcome.error !== null) {
    process.stderr.write(`cairn server: ${outcome.error.message}\n`);
    await running.close();
    return 1;
  }
  logger.info({ signal: outcome.signal }, 'shutting down');
  await running.close();
  return 0;
}

function parseArguments(args: readonly string[]): Parsed {
  const settings: Record<string, string> = {};
  let ephemeral = false;
  let help = false;
  let log: string[] | null = null;
  let dir: string | null = null;
  let snapshots: string | null = null;
  let leaseMs = DEFAULT_LEASE_MS;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--ephemeral') {
      ephemeral = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) return { error: `unexpected argument '${arg}'` };
    const name = arg.slice(2);
    if (name === 'log' || name === 'dir' || name === 'snapshots' || name === 'lease-ms') {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) return { error: `option '${arg}' needs a value` };
      index++;
      if (name === 'dir') dir = value;
      else if (name === 'snapshots') snapshots = value;
      else if (name === 'log') {
        log = value.split(',').filter((address) => address.length > 0);
        if (log.length === 0 || log.some((address) => !/^[^\s:]+:\d{1,5}$/.test(address))) return { error: `--log needs HOST:PORT,... (got '${value}')` };
      } else {
        leaseMs = Number(value);
        if (!Number.isSafeInteger(leaseMs) || leaseMs < LEASE_MS_MIN || leaseMs > LEASE_MS_MAX) return { error: `--lease-ms must be an integer in ${LEASE_MS_MIN}..${LEASE_MS_MAX}` };
      }
      continue;
    }
    if (!settingSpecs.some((spec) => spec.name === name)) return { error: `unknown option '${arg}'` };
    const value = args[index + 1];
    if (value === undefined) return { error: `option '${arg}' needs a value` };
    settings[name] = value;
    index++;
  }
  if (ephemeral && (log !== null || dir !== null || snapshots !== null)) return { error: '--ephemeral keeps data in memory only: it takes no --log, --dir or --snapshots' };
  return { ephemeral, help, settings, log, dir, snapshots, leaseMs };
}
