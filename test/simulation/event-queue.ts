/**
 * Virtual time and the queue of things that will happen: a binary heap ordered by (time, order
 * of scheduling), so events at the same millisecond run in the order they were scheduled and a
 * run is reproducible bit for bit.
 */

/** Something that happens at a virtual time. */
export interface SimEvent {
  /** Virtual ms of the global clock. */
  readonly at: number;
  /** Scheduling order: breaks ties between events at the same time. */
  readonly sequence: number;
  /** Short description for the trace. */
  readonly label: string;
  readonly run: () => void;
}

export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private sequence = 0;
  /** The global virtual clock: the time of the event being run. */
  now = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Run `run` after `delayMs` (>= 0) of global time. */
  after(delayMs: number, label: string, run: () => void): void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new Error(`assertion: delay ${delayMs} ms is not a finite non-negative number`);
    this.push({ at: this.now + delayMs, sequence: this.sequence++, label, run });
  }

  /** The next event, with the clock moved to its time; undefined when nothing is scheduled. */
  pop(): SimEvent | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const last = this.heap.pop() as SimEvent;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    if (top.at < this.now) throw new Error(`assertion: time going back from ${this.now} to ${top.at}`);
    this.now = top.at;
    return top;
  }

  private push(event: SimEvent): void {
    this.heap.push(event);
    let child = this.heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!before(event, this.heap[parent] as SimEvent)) break;
      this.heap[child] = this.heap[parent] as SimEvent;
      child = parent;
    }
    this.heap[child] = event;
  }

  private siftDown(start: number): void {
    const event = this.heap[start] as SimEvent;
    let parent = start;
    const length = this.heap.length;
    while (true) {
      const left = 2 * parent + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(this.heap[right] as SimEvent, this.heap[left] as SimEvent) ? right : left;
      if (!before(this.heap[child] as SimEvent, event)) break;
      this.heap[parent] = this.heap[child] as SimEvent;
      parent = child;
    }
    this.heap[parent] = event;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}
