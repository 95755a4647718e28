/**
 * The `cairn` command: subcommands dispatch to the part of the system they run.
 *   cairn server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]
 *   cairn start  (until the durable cluster exists: the in-memory server, with a warning)
 */
import { runServerCommand } from '../server/src/cli/server-command.js';

const USAGE = `usage: cairn <command> [options]

commands:
  server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]
                 run one server node keeping data in memory only (not durable)
  start [--port P] [--dir D]
                 start cairn locally (for now: the in-memory server; not durable yet)
  help           show this text
`;

export async function main(args: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  switch (command) {
    case 'server':
      return runServerCommand(rest, { banner: null });
    case 'start':
      return runServerCommand(['--ephemeral', ...rest.filter((arg, i, all) => arg !== '--dir' && all[i - 1] !== '--dir')], {
        banner: 'cairn start: the durable cluster is not built yet; this runs ONE IN-MEMORY server. Data is lost when it stops.',
      });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`cairn: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
