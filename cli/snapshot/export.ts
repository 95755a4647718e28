/**
 * `cairn snapshot export FILE --format resp [--out PATH]`: the state of FILE (verified as it is
 * loaded) as a RESP command stream that `redis-cli --pipe` loads into an empty Redis 7; to stdout
 * unless --out names a file. Keys already expired now are left out (server/src/snapshot/resp-export.ts).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { exportResp } from '../../server/src/snapshot/resp-export.js';
import { parseCommandLine } from './arguments.js';
import { loadVerified } from './loaded-snapshot.js';
import { CommandFailure, EXIT, type ExitCode, usageError } from './outcome.js';
import { withProgress } from './progress.js';

/** The formats export writes. */
const FORMATS = ['resp'];

/** Load FILE and write its commands; exit 3 when the output cannot be written. */
export async function runExport(args: readonly string[]): Promise<ExitCode> {
  const line = parseCommandLine(args, { positionals: ['FILE'], options: ['format', 'out'], flags: [] });
  const file = line.positionals[0] as string;
  const format = line.options.get('format');
  if (format === undefined) throw usageError('give --format resp');
  if (!FORMATS.includes(format)) throw usageError(`--format ${format} is not known (formats: ${FORMATS.join(', ')})`);
  const outPath = line.options.get('out');
  const { keyspace } = await loadVerified(file, 'export: loading');
  const output = outPath === undefined ? new Output(process.stdout, 'stdout') : await Output.toFile(outPath);
  const summary = await withProgress('export: writing', 'keys', (progress) =>
    exportResp(keyspace, (chunk) => output.write(chunk), { now: Date.now(), onProgress: (done, total) => progress.update(done, total) }),
  );
  await output.close(outPath !== undefined);
  const text = `exported ${summary.keys} keys (${summary.expiredKeys} already expired, left out): ${summary.commands} commands, ${summary.bytes} bytes${outPath === undefined ? '' : ` to ${outPath}`}\n`;
  // The stream is the result when it goes to stdout; the summary then goes to stderr.
  (outPath === undefined ? process.stderr : process.stdout).write(text);
  return EXIT.ok;
}

/** A writable the export goes to, whose failure (a full disk, a closed pipe) becomes exit 3. */
class Output {
  private failure: Error | null = null;

  constructor(
    private readonly stream: Writable,
    private readonly name: string,
  ) {
    stream.on('error', (error: Error) => (this.failure ??= error));
  }

  /** A new file at `file` (replaced if it exists), opened. */
  static async toFile(file: string): Promise<Output> {
    const stream = createWriteStream(file);
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new CommandFailure(EXIT.io, `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new Output(stream, file);
  }

  /** Write `chunk`; when the stream's buffer is full, the promise settles once it drained. */
  write(chunk: Buffer): void | Promise<void> {
    this.check();
    if (this.stream.write(chunk)) return undefined;
    return once(this.stream, 'drain').then(
      () => this.check(),
      () => this.check(),
    );
  }

  /** Everything written out (and the file closed when `end`). */
  async close(end: boolean): Promise<void> {
    this.check();
    if (end) {
      this.stream.end();
      await once(this.stream, 'finish').catch(() => undefined);
    } else if (this.stream.writableNeedDrain) {
      await once(this.stream, 'drain').catch(() => undefined);
    }
    this.check();
  }

  private check(): void {
    if (this.failure !== null) throw new CommandFailure(EXIT.io, `cannot write ${this.name}: ${this.failure.message}`);
  }
}
