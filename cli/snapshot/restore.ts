/**
 * `cairn snapshot restore FILE --dir DIR`: seed a fresh cluster data directory with the state of
 * FILE, so that `cairn start --dir DIR` serves exactly that data. FILE is verified first; DIR
 * must not exist or be empty. The seed is DIR/snapshots/<snapshotFileName(0)>: the same state
 * written anew with log index 0, last accepted id 0 and lease epoch 0, which the servers and the
 * snapshotter of a fresh log start from (server/src/durable/snapshot-start.ts).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeSnapshot } from '../../server/src/snapshot/snapshot-writer.js';
import { snapshotFileName } from '../../server/src/snapshot/snapshotter.js';
import { parseCommandLine } from './arguments.js';
import { loadVerified } from './loaded-snapshot.js';
import { CommandFailure, EXIT, type ExitCode, usageError } from './outcome.js';
import { withProgress } from './progress.js';
import { fields } from './text.js';

/** Verify FILE and write the seed; exit 3 when DIR is not empty. */
export async function runRestore(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: ['FILE'], options: ['dir'], flags: [] });
  const file = line.positionals[0] as string;
  const dirText = line.options.get('dir');
  if (dirText === undefined || dirText.length === 0) throw usageError('give --dir DIR (a new or empty directory)');
  const dir = path.resolve(dirText);
  const existed = await checkFresh(dir);
  const { keyspace, result } = await loadVerified(file, 'restore: verifying');
  const snapshotsDir = path.join(dir, 'snapshots');
  const seed = path.join(snapshotsDir, snapshotFileName(0));
  try {
    await mkdir(snapshotsDir, { recursive: true });
    const written = await withProgress('restore: writing', 'keys', (progress) =>
      writeSnapshot(seed, keyspace, { logIndex: 0, lastAcceptedId: 0, leaseEpoch: 0, createdAtMs: Date.now() }, { onProgress: (done, total) => progress.update(done, total) }),
    );
    if (written.digest !== result.digest || written.keyCount !== result.keyCount) {
      throw new Error(`assertion: the seed was written with digest ${written.digest} (${written.keyCount} keys), the file holds ${result.digest} (${result.keyCount} keys)`);
    }
  } catch (error) {
    // Leave DIR as it was found: a half-made seed must not be started from.
    await rm(existed ? snapshotsDir : dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  process.stdout.write(
    fields([
      ['restored', `${result.keyCount} keys from ${file} (log index ${result.header.logIndex})`],
      ['seed', seed],
      ['digest', result.digest],
      ['next', `cairn start --dir ${dir}`],
    ]),
  );
  return EXIT.ok;
}

/** Whether `dir` exists; refuses (exit 3) one that is not an empty directory. */
async function checkFresh(dir: string): Promise<boolean> {
  const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new CommandFailure(EXIT.io, `cannot look at ${dir}: ${error.message}`);
  });
  if (found === null) return false;
  if (!found.isDirectory()) throw new CommandFailure(EXIT.io, `${dir} is not a directory`);
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new CommandFailure(EXIT.io, `cannot list ${dir}: ${error.message}`);
  });
  if (entries.length > 0) throw new CommandFailure(EXIT.io, `directory not empty: ${dir} (restore seeds a new cluster; give a new or empty directory)`);
  return true;
}
