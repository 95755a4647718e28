/**
 * Composition root of a server node: settings, state, command table, listener and cron, wired
 * together. Used by the CLI and by in-process tests.
 */
import type { Logger } from 'pino';
import { buildCommandTable } from './commands/index.js';
import { Dispatcher } from './commands/dispatch.js';
import { Settings } from './config/settings.js';
import type { Effect } from './keyspace/effect.js';
import { silentLogger } from './log.js';
import { Listener } from './net/listener.js';
import { type Clock, systemClock } from './state/clock.js';
import { Cron } from './state/cron.js';
import { ServerState } from './state/server-state.js';

export interface ServerOptions {
  /** Setting overrides by Redis name (`port`, `bind`, `databases`, ...). */
  settings?: Record<string, string | number>;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  effectSink?: (effects: readonly Effect[]) => void;
  /** `replica` refuses client writes and never expires keys itself (default `primary`). */
  role?: 'primary' | 'replica';
  /** Called with the state and dispatcher before the server listens (the durable path attaches here). */
  prepare?: (state: ServerState, dispatcher: Dispatcher) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  readonly state: ServerState;
  readonly dispatcher: Dispatcher;
  readonly cron: Cron;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger();
  const settings = new Settings(options.settings ?? {});
  const state = new ServerState({
    settings,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    ...(options.effectSink ? { effectSink: options.effectSink } : {}),
    ...(options.role ? { role: options.role } : {}),
  });
  state.onInternalError = (error, argv) => logger.error({ err: error, command: argv[0] }, 'internal error while running a command');
  const dispatcher = new Dispatcher(state, buildCommandTable());
  options.prepare?.(state, dispatcher);
  const listener = new Listener(state, dispatcher, logger);
  const host = settings.string('bind');
  const port = await listener.listen(settings.integer('port'), host);
  const cron = new Cron(state);
  cron.start();
  let closed: Promise<void> | null = null;
  return {
    port,
    host,
    state,
    dispatcher,
    cron,
    close: () => {
      closed ??= (async () => {
        cron.stop();
        state.unpauseClients();
        await listener.close();
      })();
      return closed;
    },
  };
}
