/**
 * How `cairn snapshot` ends: its exit codes, a typed failure carrying one, and the mapping from
 * the errors its parts throw (SnapshotError, the log client's TxlogError) to code and message.
 */
import { SnapshotError } from '../../server/src/snapshot/format.js';

/** The exit codes of `cairn snapshot` (documented in its help text). */
export const EXIT = {
  ok: 0,
  /** The snapshot is bad: checksum, truncation, wrong magic or version, malformed, digest. */
  badSnapshot: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A missing file, a directory that is not empty, an I/O failure. */
  io: 3,
  /** The log or the snapshotter could not answer. */
  log: 4,
} as const;

/** One of the exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the command reports in one line and exits with. */
export class CommandFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** A usage error (exit 2). */
export function usageError(message: string): CommandFailure {
  return new CommandFailure(EXIT.usage, message);
}

/** The exit code and one-line message for anything a subcommand threw. */
export function failureOf(error: unknown): { readonly exitCode: ExitCode; readonly message: string } {
  if (error instanceof CommandFailure) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof SnapshotError) {
    const exitCode = error.kind === 'missing' || error.kind === 'io' ? EXIT.io : EXIT.badSnapshot;
    return { exitCode, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.badSnapshot, message: oneLine(message) };
}

/** `text` with its line breaks folded, for a one-line message. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}
