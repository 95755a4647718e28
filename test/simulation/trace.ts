/**
 * The run's recent history for a failure report: the last lines in a ring (bounded), each with
 * the global time. A line is a string, a function that formats it, or an item (a message)
 * formatted by the trace's formatter, so a quiet run does not pay for formatting what it never
 * prints. In verbose mode every line is printed as it happens.
 */

/** Lines kept for the failure report. */
export const traceLinesMax = 400;

type Text<T> = string | (() => string) | { readonly item: T };

interface Line<T> {
  readonly at: number;
  readonly text: Text<T>;
}

export class Trace<T> {
  private readonly lines: Line<T>[] = [];
  private next = 0;
  private count = 0;

  constructor(
    private readonly clock: () => number,
    /** Formats items recorded with item(). */
    private readonly formatItem: (item: T) => string,
    /** Called with every line as it is recorded (verbose runs), or null. */
    private readonly echo: ((line: string) => void) | null = null,
  ) {}

  /** Record one line (or a function that formats it) at the current global time. */
  add(text: string | (() => string)): void {
    this.record(text);
  }

  /** Record an item, formatted only if printed. */
  item(item: T): void {
    this.record({ item });
  }

  /** An item of routine detail (heartbeats): printed in verbose runs, not kept for the failure report. */
  detail(item: T): void {
    if (this.echo !== null) this.echo(this.format({ at: this.clock(), text: { item } }));
  }

  /** The last `limit` lines, oldest first, formatted. */
  tail(limit = traceLinesMax): string[] {
    const ordered = this.lines.length < traceLinesMax ? [...this.lines] : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    return ordered.slice(Math.max(0, ordered.length - limit)).map((line) => this.format(line));
  }

  /** Lines recorded over the whole run. */
  get total(): number {
    return this.count;
  }

  private record(text: Text<T>): void {
    const line: Line<T> = { at: this.clock(), text };
    if (this.lines.length < traceLinesMax) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % traceLinesMax;
    this.count++;
    if (this.echo !== null) this.echo(this.format(line));
  }

  private format(line: Line<T>): string {
    const { text } = line;
    const body = typeof text === 'string' ? text : typeof text === 'function' ? text() : this.formatItem(text.item);
    return `${line.at.toFixed(1).padStart(8)}ms ${body}`;
  }
}
