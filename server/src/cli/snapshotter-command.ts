/** `cairn snapshotter`: follow the log without clients and write verified snapshots (server/src/snapshot/snapshotter.ts). */
import os from 'node:os';
import { createLogger } from '../log.js';
import { startSnapshotterNode } from '../snapshot/snapshotter-node.js';

/** Defaults: a snapshot after this many records or payload bytes since the latest one. */
const DEFAULT_EVERY_RECORDS = 100_000;
const DEFAULT_EVERY_BYTES = 64 * 1024 * 1024;
/** How often the snapshotter looks at the registry and its progress, in ms. */
const CHECK_EVERY_MS = 200;
const COUNT_MAX = 2 ** 40;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The snapshotter yields the CPU to the servers and the log unless told otherwise (Unix nice value). */
const DEFAULT_NICE = 19;

const HELP = `usage: cairn snapshotter --log HOST:PORT,... --dir DIR [--every-records N] [--every-bytes B] [--databases N] [--nice N] [--log-level L]

  --log HOST:PORT,...  the transaction log's nodes
  --dir DIR            where snapshot files are written (created if missing)
  --every-records N    a snapshot once N records were applied since the latest one (default ${DEFAULT_EVERY_RECORDS})
  --every-bytes B      ... or once B payload bytes were (default ${DEFAULT_EVERY_BYTES})
  --databases N        the servers' number of databases (default 16)
  --nice N             its CPU priority as a Unix nice value, 0..19 (default ${DEFAULT_NICE}: writing and
                       verifying a snapshot takes CPU only when the servers and the log leave some)
  --log-level L        ${LOG_LEVELS.join(', ')} (default info)

Snapshots are also written on request: SAVE or BGSAVE on a server, \`cairn snapshot create\`.
`;

interface SnapshotterSettings {
  readonly log: string[];
  readonly dir: string;
  readonly everyRecords: number;
  readonly everyBytes: number;
  readonly databases: number;
  readonly nice: number;
  readonly logLevel: string;
}

function parse(args: readonly string[]): SnapshotterSettings | { error: string } | 'help' {
  const values = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (!['--log', '--dir', '--every-records', '--every-bytes', '--databases', '--nice', '--log-level'].includes(arg)) return { error: `unknown option '${arg}'` };
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) return { error: `option '${arg}' needs a value` };
    values.set(arg.slice(2), value);
    index++;
  }
  const log = (values.get('log') ?? '').split(',').filter((address) => address.length > 0);
  if (log.length === 0 || log.some((address) => !/^[^\s:]+:\d{1,5}$/.test(address))) return { error: 'give --log HOST:PORT,...' };
  const dir = values.get('dir');
  if (dir === undefined) return { error: 'give --dir DIR' };
  const count = (name: string, fallback: number, min: number, max: number): number | string => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    return Number.isSafeInteger(value) && value >= min && value <= max ? value : `--${name} must be an integer in ${min}..${max}`;
  };
  const everyRecords = count('every-records', DEFAULT_EVERY_RECORDS, 1, COUNT_MAX);
  const everyBytes = count('every-bytes', DEFAULT_EVERY_BYTES, 1, COUNT_MAX);
  const databases = count('databases', 16, 1, 1024);
  const nice = count('nice', DEFAULT_NICE, 0, 19);
  if (typeof nice === 'string') return { error: nice };
  if (typeof everyRecords === 'string') return { error: everyRecords };
  if (typeof everyBytes === 'string') return { error: everyBytes };
  if (typeof databases === 'string') return { error: databases };
  const logLevel = values.get('log-level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) return { error: `--log-level must be one of ${LOG_LEVELS.join(', ')}` };
  return { log, dir, everyRecords, everyBytes, databases, nice, logLevel };
}

/** Run the snapshotter until SIGINT/SIGTERM (exit 0) or until it cannot follow the log (exit 1). */
export async function runSnapshotterCommand(args: readonly string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`cairn snapshotter: ${parsed.error}\n${HELP}`);
    return 2;
  }
  const stop = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const logger = createLogger(parsed.logLevel, 'cairn-snapshotter');
  try {
    os.setPriority(parsed.nice);
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), nice: parsed.nice }, 'could not lower the CPU priority');
  }
  let running;
  try {
    running = startSnapshotterNode({ ...parsed, checkEveryMs: CHECK_EVERY_MS, logger });
  } catch (error) {
    process.stderr.write(`cairn snapshotter: cannot create ${parsed.dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`cairn snapshotter writing to ${parsed.dir}\n`);
  const outcome = await Promise.race([stop.then((signal) => ({ signal, error: null })), running.ended.then((error) => ({ signal: null, error }))]);
  await running.stop();
  if (outcome.error !== null) {
    process.stderr.write(`cairn snapshotter: ${outcome.error.message}\n`);
    return 1;
  }
  logger.info({ signal: outcome.signal }, 'shutting down');
  return 0;
}
