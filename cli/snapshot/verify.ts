/** `cairn snapshot verify FILE`: every check (framing, checksums, a full load, the state digest); `OK <keys> keys, digest <hex>`. */
import { verifySnapshot } from '../../server/src/snapshot/snapshot-reader.js';
import { parseCommandLine } from './arguments.js';
import { EXIT, type ExitCode } from './outcome.js';
import { withProgress } from './progress.js';

/** Verify the file; a bad one throws a SnapshotError (exit 1, or 3 when missing or unreadable). */
export async function runVerify(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: ['FILE'], options: [], flags: [] });
  const file = line.positionals[0] as string;
  const result = await withProgress('verify', 'keys', (progress) => verifySnapshot(file, { onProgress: (done, total) => progress.update(done, total) }));
  process.stdout.write(`OK ${result.keyCount} keys, digest ${result.digest}\n`);
  return EXIT.ok;
}
