/**
 * Progress of a long operation on stderr (stdout carries only the result): on a terminal, a bar
 * redrawn in place with \r at most every TTY_REDRAW_MS and cleared when done; elsewhere (a pipe,
 * a log file), a plain line at most every PLAIN_EVERY_MS, none at all for an operation shorter
 * than that.
 */

/** Where progress goes: stderr, or a test's recorder. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** How a progress report behaves (tests set the clock and the intervals). */
export interface ProgressOptions {
  readonly output?: ProgressOutput;
  /** ms, monotonic. */
  readonly now?: () => number;
  readonly ttyRedrawMs?: number;
  readonly plainEveryMs?: number;
}

/** The bar is redrawn at most this often on a terminal, in ms. */
const TTY_REDRAW_MS = 100;
/** A plain line is printed at most this often elsewhere, in ms. */
const PLAIN_EVERY_MS = 3000;
/** Characters of the bar between its brackets. */
const BAR_CHARS = 30;
/** Erases from the cursor to the end of the line. */
const CLEAR_LINE = '\x1b[K';

/** One operation's progress, e.g. `verify: loading` over `keys`. */
export class Progress {
  private readonly output: ProgressOutput;
  private readonly now: () => number;
  private readonly tty: boolean;
  private readonly everyMs: number;
  private lastShownMs: number;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    options: ProgressOptions = {},
  ) {
    this.output = options.output ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.tty = this.output.isTTY === true;
    this.everyMs = this.tty ? (options.ttyRedrawMs ?? TTY_REDRAW_MS) : (options.plainEveryMs ?? PLAIN_EVERY_MS);
    // A plain line waits a whole interval (quick operations print none); the bar shows at once.
    this.lastShownMs = this.tty ? -Infinity : this.now();
  }

  /** `done` of `total` so far; shown when the interval since the last showing has passed. */
  update(done: number, total: number): void {
    const now = this.now();
    if (now - this.lastShownMs < this.everyMs) return;
    this.lastShownMs = now;
    if (this.tty) {
      this.output.write(`\r${this.label} ${bar(done, total)} ${percent(done, total)} ${done}/${total} ${this.unit}${CLEAR_LINE}`);
      this.drawn = true;
    } else {
      this.output.write(`${this.label}: ${percent(done, total)} (${done}/${total} ${this.unit})\n`);
    }
  }

  /** The operation ended (well or not): the bar is erased so the terminal shows only the result. */
  finish(): void {
    if (this.drawn) this.output.write(`\r${CLEAR_LINE}`);
    this.drawn = false;
  }
}

/** Run `operation` with a progress report that is finished whatever happens. */
export async function withProgress<T>(label: string, unit: string, operation: (progress: Progress) => Promise<T>, options?: ProgressOptions): Promise<T> {
  const progress = new Progress(label, unit, options);
  try {
    return await operation(progress);
  } finally {
    progress.finish();
  }
}

function fraction(done: number, total: number): number {
  return total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
}

function percent(done: number, total: number): string {
  return `${Math.floor(fraction(done, total) * 100)}%`.padStart(4);
}

function bar(done: number, total: number): string {
  const filled = Math.round(fraction(done, total) * BAR_CHARS);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_CHARS - filled)}]`;
}
