/** `cairn server`: parse options, start one node, stop cleanly on SIGINT/SIGTERM. */
import { settingSpecs } from '../config/settings.js';
import { createLogger } from '../log.js';
import { startServer } from '../server.js';

export interface ServerCommandOptions {
  /** A line printed before start (`cairn start` says it is not durable yet). */
  banner: string | null;
}

const HELP = `usage: cairn server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]

  --ephemeral        keep data in memory only (required until the durable path exists)
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
  if (!parsed.ephemeral) {
    process.stderr.write('cairn server: only --ephemeral is available so far (the durable path needs the transaction log)\n');
    return 2;
  }
  const logger = createLogger(String(parsed.settings.loglevel ?? 'notice'), 'cairn-server');
  if (options.banner !== null) process.stdout.write(`${options.banner}\n`);
  logger.warn('running with --ephemeral: data is kept in memory only and is lost when the server stops (not durable)');
  // Listen for the stop signals before anything is printed: a supervisor may signal as soon as it
  // reads the ready line, and an unhandled SIGINT/SIGTERM would kill the process uncleanly.
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  let running;
  try {
    running = await startServer({ settings: parsed.settings, logger });
  } catch (error) {
    process.stderr.write(`cairn server: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(`cairn server (ephemeral, NOT durable) listening on ${running.host}:${running.port}\n`);
  logger.info({ host: running.host, port: running.port }, 'ready to accept connections');
  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  await running.close();
  return 0;
}

type Parsed = { ephemeral: boolean; help: boolean; settings: Record<string, string> } | { error: string };

function parseArguments(args: readonly string[]): Parsed {
  const settings: Record<string, string> = {};
  let ephemeral = false;
  let help = false;
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
    if (!settingSpecs.some((spec) => spec.name === name)) return { error: `unknown option '${arg}'` };
    const value = args[index + 1];
    if (value === undefined) return { error: `option '${arg}' needs a value` };
    settings[name] = value;
    index++;
  }
  return { ephemeral, help, settings };
}
