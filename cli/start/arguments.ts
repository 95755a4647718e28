/** `cairn start [--dir D] [--port P]`: the command line, checked once. */
import path from 'node:path';
import { parseOptions } from '../../txlog/src/cli/arguments.js';
import { startLimits } from './limits.js';

export const DIR_DEFAULT = './data';
export const PORT_DEFAULT = 6379;
const PORT_MAX = 65_535;
/** The highest base port whose txlog ports (port + 10000 + 0..2) still fit in 16 bits. */
export const BASE_PORT_MAX = PORT_MAX - startLimits.txlogPortOffset - (startLimits.txlogNodes - 1);

export const START_HELP = `usage: cairn start [--dir DIR] [--port PORT]

Starts a local cluster as child processes of this one and keeps it running until Ctrl-C:
  three txlog nodes   on 127.0.0.1:PORT+10000, PORT+10001, PORT+10002 (data in DIR/txlog-N)
  two server nodes    on 127.0.0.1:PORT (started first) and PORT+1 (data in DIR/server-PORT)
The endpoints, roles and pids are printed and kept in DIR/cluster.json; a child that dies is
restarted. Ctrl-C (SIGINT) or SIGTERM stops every child and exits 0.

  --dir DIR    where the cluster keeps its data (default ${DIR_DEFAULT}; created if missing)
  --port PORT  the first server's port, 1 to ${BASE_PORT_MAX} (default ${PORT_DEFAULT})
`;

/** What a valid command line gives. */
export interface StartArguments {
  /** Absolute. */
  readonly dir: string;
  readonly port: number;
}

export type ParsedStart = { readonly help: true } | { readonly help: false; readonly arguments: StartArguments } | { readonly error: string };

/** Parse the options of `cairn start`; `cwd` resolves a relative --dir. */
export function parseStartArguments(args: readonly string[], cwd: string): ParsedStart {
  const parsed = parseOptions(args, ['dir', 'port']);
  if (!parsed.ok) return { error: parsed.error };
  if (parsed.options.has('help')) return { help: true };
  const dirText = parsed.options.get('dir') ?? DIR_DEFAULT;
  if (dirText.length === 0) return { error: '--dir must not be empty' };
  const portText = parsed.options.get('port') ?? String(PORT_DEFAULT);
  const port = checkBasePort(portText);
  if (typeof port === 'string') return { error: port };
  return { help: false, arguments: { dir: path.resolve(cwd, dirText), port } };
}

/** The base port, or why it cannot be one: the servers use it and the next, the txlog nodes port + 10000 on. */
export function checkBasePort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `--port must be an integer from 1 to ${BASE_PORT_MAX}, not '${text}'`;
  const port = Number(text);
  if (port < 1) return `--port must be an integer from 1 to ${BASE_PORT_MAX}, not ${port}`;
  const highest = port + startLimits.txlogPortOffset + startLimits.txlogNodes - 1;
  if (highest > PORT_MAX) {
    return (
      `--port ${port} is too high: the txlog nodes listen on port + ${startLimits.txlogPortOffset} and up, ` +
      `and ${highest} exceeds ${PORT_MAX}; use a port of at most ${BASE_PORT_MAX}`
    );
  }
  return port;
}
