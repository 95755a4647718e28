/**
 * The `cairn` command: subcommands dispatch to the part of the system they run.
 *   cairn server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]
 *   cairn start [--dir D] [--port P]         (a local cluster: three txlog nodes, two servers)
 *   cairn txlog --id N --peers ... --dir D   (one transaction log node), cairn txlog status --log ...
 *   cairn snapshot list|inspect|verify|create|restore|export ...   (snapshot files; cli/snapshot/)
 *   cairn bench [--quick] ...                (the benchmark suite, bench/suite/; needs the dev dependencies)
 */
import { runBenchCommand } from './bench/bench-command.js';
import { runServerCommand } from '../server/src/cli/server-command.js';
import { runSnapshotterCommand } from '../server/src/cli/snapshotter-command.js';
import { runSnapshotCommand } from './snapshot/snapshot-command.js';
import { runStartCommand } from './start/start-command.js';
import { runTxlogCommand } from '../txlog/src/cli/txlog-command.js';

const USAGE = `usage: cairn <command> [options]

commands:
  server --ephemeral --port P [--bind ADDR] [--<setting> VALUE ...]
                 run one server node keeping data in memory only (not durable)
  start [--dir D] [--port P]
                 run a local cluster until Ctrl-C: three txlog nodes (ports P+10000..P+10002)
                 and two servers (P, P+1); data in D (default ./data), P default 6379
  snapshotter --log HOST:PORT,... --dir D [--every-records N] [--every-bytes B]
                 follow the log and write verified snapshots to D (the log is trimmed below them)
  snapshot list|inspect|verify|create|restore|export ...
                 list, check and take snapshots, seed a new cluster from one, export one as
                 Redis commands (cairn snapshot --help for the options and exit codes)
  txlog --id N --peers 1=HOST:PORT,... --dir D [--listen HOST:PORT] [--cluster NAME] [--log-level L]
                 run one node of the transaction log (Raft, SQLite)
  txlog status --log HOST:PORT,...
                 print the log cluster's leader and nodes as JSON (exit 1: no leader)
  bench [--quick] [--label L] [--keys N] [--systems A,B] [--plan] [--help]
                 run the benchmark suite: cairn side by side with Redis and etcd (started and
                 stopped by the suite, loopback only); writes bench/results/<date>-<label>.json and
                 a report. Needs the source checkout with its dev dependencies (npm ci)
  help           show this text
`;

export async function main(args: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  switch (command) {
    case 'server':
      return runServerCommand(rest, { banner: null });
    case 'start':
      return runStartCommand(rest);
    case 'txlog':
      return runTxlogCommand(rest);
    case 'snapshotter':
      return runSnapshotterCommand(rest);
    case 'snapshot':
      return runSnapshotCommand(rest);
    case 'bench':
      return runBenchCommand(rest);
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
