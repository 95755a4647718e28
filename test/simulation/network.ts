/**
 * The simulated network between endpoints (log nodes "n1".. and clients "c1"..): every packet
 * gets a random delay, and may be dropped, duplicated or held back (reordered); directed links
 * can be cut (partitions, symmetric or not). A packet is checked against the cuts when it
 * arrives, so a partition also loses what was in flight. Reachability is what a sender's
 * transport would see: a cut link looks like a broken stream.
 */
import type { EventQueue } from './event-queue.js';
import type { Prng } from './prng.js';

/** How unreliable the network is; probabilities per packet. */
export interface NetworkFaults {
  /** Usual one-way delay range, in ms. */
  readonly delayMsMin: number;
  readonly delayMsMax: number;
  readonly dropChance: number;
  readonly duplicateChance: number;
  /** A packet held back by up to reorderMsMax extra, so later ones overtake it. */
  readonly reorderChance: number;
  readonly reorderMsMax: number;
}

/** A network that does nothing wrong but delay (the calm period at the end of a run). */
export function calmFaults(delayMsMin: number, delayMsMax: number): NetworkFaults {
  return { delayMsMin, delayMsMax, dropChance: 0, duplicateChance: 0, reorderChance: 0, reorderMsMax: 0 };
}

/** Counters for the run's summary. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  cut: number;
}

export class Network {
  faults: NetworkFaults;
  /** Directed links that are down: `${from}>${to}`. */
  private readonly cuts = new Set<string>();
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, cut: 0 };

  constructor(
    private readonly queue: EventQueue,
    private readonly random: Prng,
    faults: NetworkFaults,
  ) {
    this.faults = faults;
  }

  /**
   * Send a packet from `from` to `to`; `deliver` runs when (and if) it arrives. Returns false
   * when the link is cut now (the sender's transport would notice the broken stream).
   */
  send(from: string, to: string, label: string, deliver: () => void): boolean {
    this.stats.sent++;
    if (!this.linkUp(from, to)) {
      this.stats.cut++;
      return false;
    }
    if (this.random.chance(this.faults.dropChance)) {
      this.stats.dropped++;
      return true;
    }
    const copies = this.random.chance(this.faults.duplicateChance) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let copy = 0; copy < copies; copy++) {
      this.queue.after(this.delay(), label, () => {
        if (!this.linkUp(from, to)) {
          this.stats.cut++;
          return;
        }
        this.stats.delivered++;
        deliver();
      });
    }
    return true;
  }

  /** Whether packets from `from` reach `to` now. */
  linkUp(from: string, to: string): boolean {
    return !this.cuts.has(`${from}>${to}`);
  }

  /** Cut the directed link from -> to. */
  cut(from: string, to: string): void {
    this.cuts.add(`${from}>${to}`);
  }

  /** Restore every link. */
  healAll(): void {
    this.cuts.clear();
  }

  /** The links that are down, for the trace. */
  describeCuts(): string {
    return [...this.cuts].sort().join(' ');
  }

  private delay(): number {
    const { delayMsMin, delayMsMax, reorderChance, reorderMsMax } = this.faults;
    let delay = this.random.int(delayMsMin, delayMsMax);
    if (this.random.chance(reorderChance)) delay += this.random.int(1, Math.max(1, reorderMsMax));
    return delay;
  }
}
