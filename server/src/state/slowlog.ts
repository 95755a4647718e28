/** SLOWLOG: the most recent commands that took longer than slowlog-log-slower-than. */

/** Redis keeps at most 32 arguments of a logged command and 128 bytes of each. */
const ARGUMENTS_MAX = 32;
const ARGUMENT_BYTES_MAX = 128;

export interface SlowlogEntry {
  readonly id: number;
  readonly timestampSeconds: number;
  readonly microseconds: number;
  readonly argv: readonly string[];
  readonly clientAddress: string;
  readonly clientName: string;
}

export class Slowlog {
  private entries: SlowlogEntry[] = []; // newest first
  private nextId = 0;

  get length(): number {
    return this.entries.length;
  }

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
    this.entries.unshift({ ...entry, id: this.nextId++, argv: kept });
    this.trim(lengthMax);
  }

  trim(lengthMax: number): void {
    if (this.entries.length > lengthMax) this.entries.length = Math.max(0, lengthMax);
  }

  newest(count: number): readonly SlowlogEntry[] {
    return this.entries.slice(0, count);
  }

  reset(): void {
    this.entries = [];
  }
}
