/**
 * `cairn snapshot <subcommand>`: list, inspect, verify, create, restore and export snapshot
 * files (one module per subcommand in this folder). Results go to stdout, progress and
 * messages to stderr; the exit codes are in outcome.ts and the help text.
 */
import { runCreate } from './create.js';
import { runExport } from './export.js';
import { runInspect } from './inspect.js';
import { runList } from './list.js';
import { EXIT, failureOf } from './outcome.js';
import { runRestore } from './restore.js';
import { runVerify } from './verify.js';

/** The help text of `cairn snapshot`, exit codes included. */
export const SNAPSHOT_HELP = `usage: cairn snapshot <subcommand> [options]

  list [--dir D] [--log HOST:PORT,...] [--timeout-ms MS] [--json]
        the snapshot files of D (a cairn start data directory, default ./data, or a snapshot
        directory), newest first: index, creation time, size, keys, and verified (yes when the
        log's registry records the file; the log is --log, else the one D/cluster.json names;
        unknown when it cannot be reached)
  inspect FILE [--json]
        the header, key counts per type and per database, the 10 largest keys
  verify FILE
        every check: framing, each checksum, a full load, the state digest;
        prints OK <keys> keys, digest <hex>
  create [--log HOST:PORT,...] [--dir D] [--timeout-ms MS] [--json]
        ask the snapshotter for a snapshot now and wait (default 120000 ms) until the log
        records it verified; prints its index, file, size and keys
  restore FILE --dir DIR
        verify FILE and seed DIR (new or empty) with its state, so that
        cairn start --dir DIR serves exactly that data
  export FILE --format resp [--out PATH]
        the state as Redis commands (keys already expired left out), to stdout by default:
        cairn snapshot export FILE --format resp | redis-cli --pipe

Progress is shown on stderr (a bar on a terminal, a line every few seconds otherwise).

exit codes:
  0  done
  1  the snapshot is bad: truncated, bad checksum, wrong magic or version, malformed, digest mismatch
  2  usage error
  3  missing file or directory, directory not empty, I/O failure
  4  the log or the snapshotter did not answer (create timed out; list with an explicit --log)
`;

const SUBCOMMANDS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  list: runList,
  inspect: runInspect,
  verify: runVerify,
  create: runCreate,
  restore: runRestore,
  export: runExport,
};

/** Run `cairn snapshot ...args`; resolves with the exit code (failures are printed on one line). */
export async function runSnapshotCommand(args: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
    process.stdout.write(SNAPSHOT_HELP);
    return subcommand === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = Object.hasOwn(SUBCOMMANDS, subcommand) ? SUBCOMMANDS[subcommand] : undefined;
  if (run === undefined) {
    process.stderr.write(`cairn snapshot: unknown subcommand '${subcommand}'\n${SNAPSHOT_HELP}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(SNAPSHOT_HELP);
    return EXIT.ok;
  }
  try {
    return await run(rest);
  } catch (error) {
    const failure = failureOf(error);
    const usage = failure.exitCode === EXIT.usage ? ' (cairn snapshot --help shows the usage)' : '';
    process.stderr.write(`cairn snapshot ${subcommand}: ${failure.message}${usage}\n`);
    return failure.exitCode;
  }
}
