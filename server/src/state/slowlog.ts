/** SLOWLOG: the most recent commands that took longer than slowlog-log-slower-than. */

/** Redis keeps at most 32 arguments of a logged command and 128 bytes of each. */
const ARGUMENTS_MAX = 32;
const ARGUMENT_BYTES_MAX = 128;
/** Dropped entries tolerated at the front of the array before it is compacted. */
const COMPACT_AFTER_DROPPED = 1024;

/** One logged command, as SLOWLOG GET reports it. */
export interface SlowlogEntry {
  readonly id: number;
  readonly timestampSeconds: number;
  readonly microseconds: number;
  readonly argv: readonly string[];
  readonly clientAddress: string;
  readonly clientName: string;
}

/**
 * The entries, bounded by slowlog-max-len. Kept oldest first from `head`, so adding and trimming
 * are amortized O(1) whatever the length limit.
 */
export class Slowlog {
  private entries: SlowlogEntry[] = [];
  /** Index of the oldest live entry; the dropped ones before it are compacted away in batches. */
  private head = 0;
  private nextId = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Log a command, keeping at most 32 of its arguments and 128 bytes of each, then trim to `lengthMax`. */
  add(entry: Omit<SlowlogEntry, 'id' | 'argv'>, argv: readonly string[], lengthMax: number): void {
    const kept: string[] = [];
    const count = Math.min(argv.length, ARGUMENTS_MAX);
    for (let index = 0; index < count; index++) {
      if (index === ARGUMENTS_MAX - 1 && argv.length > ARGUMENTS_MAX) {
        kept.push(`... (${argv.length - ARGUMENTS_MAX + 1} more arguments)`);
        break;
      }
      const arg = argv[index] as string;
      kept.push(
        arg.length > ARGUMENT_BYTES_MAX ? `${arg.slice(0, ARGUMENT_BYTES_MAX)}... (${arg.length - ARGUMENT_BYTES_MAX} more bytes)` : arg,
      );
    }
    this.entries.push({ ...entry, id: this.nextId++, argv: kept });
    this.trim(lengthMax);
  }

  /** Drop the oldest entries beyond `lengthMax` (CONFIG SET slowlog-max-len). */
  trim(lengthMax: number): void {
    const excess = this.length - Math.max(0, lengthMax);
    if (excess <= 0) return;
    this.head += excess;
    if (this.head >= COMPACT_AFTER_DROPPED && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Up to `count` entries, newest first. */
  newest(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    for (let index = this.entries.length - 1; index >= this.head && out.length < count; index--) {
      out.push(this.entries[index] as SlowlogEntry);
    }
    return out;
  }

  /** SLOWLOG RESET: forget every entry (ids keep increasing). */
  reset(): void {
    this.entries = [];
    this.head = 0;
  }
}
