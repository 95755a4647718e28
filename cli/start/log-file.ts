/** A child's output on disk (DIR/logs/NAME.log), rotated to NAME.log.1 when it grows too large. */
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { startLimits } from './limits.js';

export class LogFile {
  private descriptor: number | null = null;
  private bytes = 0;
  private failed = false;

  constructor(readonly file: string) {}

  /** Append; a disk problem stops the logging (once, with a message), never the cluster. */
  write(text: string): void {
    if (this.failed) return;
    try {
      if (this.descriptor === null) this.open();
      if (this.bytes > startLimits.logFileBytesMax) this.rotate();
      this.bytes += writeSync(this.descriptor as number, text);
    } catch (error) {
      this.failed = true;
      process.stderr.write(`cairn start: cannot write ${this.file} (${error instanceof Error ? error.message : String(error)}); its output is no longer kept\n`);
    }
  }

  close(): void {
    if (this.descriptor !== null) closeSync(this.descriptor);
    this.descriptor = null;
  }

  private open(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.descriptor = openSync(this.file, 'a', 0o644);
    this.bytes = statSync(this.file).size;
  }

  private rotate(): void {
    this.close();
    renameSync(this.file, `${this.file}.1`);
    this.open();
  }
}
