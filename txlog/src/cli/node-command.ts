/**
 * `cairn txlog --id N --listen HOST:PORT --peers 1=HOST:PORT,... --dir DIR`: run one log node.
 * The log lives in DIR (SQLite, fsynced on the node's thread, or in a worker thread with
 * --store-thread worker). Stops cleanly on SIGTERM/SIGINT (exit 0); a store failure or a corrupt
 * log stops it with exit code 1.
 */
import type { Logger } from 'pino';
import { createLogger } from '../../../server/src/log.js';
import type { NodeId } from '../core/types.js';
import { formatHostPort, parseHostPort, parsePeers } from '../node/addresses.js';
import { TxlogNode } from '../node/txlog-node.js';
import type { LogStore } from '../storage/log-store.js';
import { SqliteLogStore } from '../storage/sqlite-log-store.js';
import { WorkerSqliteLogStore } from '../storage/worker-sqlite-log-store.js';
import { parseOptions } from './arguments.js';

const HELP = `usage: cairn txlog --id N --peers 1=HOST:PORT,2=HOST:PORT,3=HOST:PORT --dir DIR
                   [--listen HOST:PORT] [--cluster NAME] [--store-thread main|worker]
                   [--log-level LEVEL]
       cairn txlog status --log HOST:PORT,HOST:PORT,...

  --id N             this node's id (one of the ids in --peers)
  --peers LIST       every node of the log cluster as id=host:port (3 or 5 nodes); one port per
                     node serves both the peer (Raft) and the client API
  --dir DIR          where this node keeps its log (created if missing)
  --listen HOST:PORT where to listen (default: this node's address in --peers; HOST defaults
                     to 127.0.0.1 when only a port is given)
  --cluster NAME     the cluster's name, the same on every node (default: cairn)
  --store-thread T   where SQLite commits and fsyncs: main, the node's own thread, which waits
                     for each fsync (default: fewest thread switches, fastest on a few cores), or
                     worker, a thread of its own, so the node serves the network meanwhile
  --log-level LEVEL  pino level: trace, debug, info, warn, error, fatal (default: info)
`;

/** What a valid command line gives. */
interface NodeSettings {
  readonly id: NodeId;
  readonly peers: ReadonlyMap<NodeId, string>;
  readonly dir: string;
  readonly listen: string;
  readonly cluster: string;
  readonly logLevel: string;
  readonly storeThread: StoreThread;
}

const STORE_THREADS = ['main', 'worker'] as const;
type StoreThread = (typeof STORE_THREADS)[number];

function isStoreThread(text: string): text is StoreThread {
  return (STORE_THREADS as readonly string[]).includes(text);
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function settingsOf(options: ReadonlyMap<string, string>): NodeSettings | string {
  const idText = options.get('id');
  const peersText = options.get('peers');
  const dir = options.get('dir');
  if (idText === undefined || peersText === undefined || dir === undefined) return '--id, --peers and --dir are required';
  const peers = parsePeers(peersText);
  if (typeof peers === 'string') return `--peers: ${peers}`;
  const id = Number(idText);
  if (!peers.has(id)) return `--id ${idText} is not one of the ids in --peers (${[...peers.keys()].join(', ')})`;
  const listenText = options.get('listen');
  let listen = peers.get(id) as string;
  if (listenText !== undefined) {
    const parsed = parseHostPort(/^\d+$/.test(listenText) ? `127.0.0.1:${listenText}` : listenText);
    if (typeof parsed === 'string') return `--listen: ${parsed}`;
    listen = formatHostPort(parsed);
  }
  const logLevel = options.get('log-level') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) return `--log-level must be one of ${LOG_LEVELS.join(', ')}`;
  const cluster = options.get('cluster') ?? 'cairn';
  if (cluster.length === 0 || cluster.length > 100) return '--cluster must be 1 to 100 characters';
  const storeThread = options.get('store-thread') ?? 'main';
  if (!isStoreThread(storeThread)) return `--store-thread must be one of ${STORE_THREADS.join(', ')}`;
  return { id, peers, dir, listen, cluster, logLevel, storeThread };
}

/** Open the store and the node, or say why either failed. */
async function openNode(settings: NodeSettings, logger: Logger): Promise<TxlogNode | string> {
  let store: LogStore;
  const storeOptions = { voters: [...settings.peers.keys()], clusterId: settings.cluster };
  try {
    store = settings.storeThread === 'worker' ? await WorkerSqliteLogStore.open(settings.dir, storeOptions) : SqliteLogStore.open(settings.dir, storeOptions);
  } catch (error) {
    return `cannot open the log in ${settings.dir}: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    return await TxlogNode.open({ id: settings.id, cluster: settings.cluster, listen: settings.listen, store, logger });
  } catch (error) {
    store.close();
    return `cannot start the node: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Run one log node until a stop signal (exit 0) or a fatal failure (exit 1). */
export async function runNodeCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOptions(args, ['id', 'peers', 'dir', 'listen', 'cluster', 'store-thread', 'log-level']);
  if (!parsed.ok) {
    process.stderr.write(`cairn txlog: ${parsed.error}\n${HELP}`);
    return 2;
  }
  if (parsed.options.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const settings = settingsOf(parsed.options);
  if (typeof settings === 'string') {
    process.stderr.write(`cairn txlog: ${settings}\n${HELP}`);
    return 2;
  }
  const logger = createLogger(settings.logLevel, 'cairn-txlog').child({ node: settings.id });
  // Listen for the stop signals before anything is printed: a supervisor may signal as soon as
  // it reads the ready line, and an unhandled SIGINT/SIGTERM would kill the process uncleanly.
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const node = await openNode(settings, logger);
  if (typeof node === 'string') {
    logger.fatal(node);
    process.stderr.write(`cairn txlog: ${node}\n`);
    return 1;
  }
  try {
    node.start(settings.peers);
  } catch (error) {
    const reason = `cannot start the node: ${error instanceof Error ? error.message : String(error)}`;
    logger.fatal(reason);
    process.stderr.write(`cairn txlog: ${reason}\n`);
    await node.stop();
    return 1;
  }
  const host = parseHostPort(settings.listen) as { host: string };
  process.stdout.write(`cairn txlog node ${settings.id} listening on ${formatHostPort({ host: host.host, port: node.port })}\n`);
  const ended = await Promise.race([stopSignal.then((signal) => ({ signal })), node.stopped.then((failure) => ({ failure }))]);
  if ('failure' in ended) {
    process.stderr.write(`cairn txlog: the node stopped: ${ended.failure?.message ?? 'unknown failure'}\n`);
    return 1;
  }
  logger.info({ signal: ended.signal }, 'shutting down');
  await node.stop();
  return 0;
}
