/**
 * The keyspace: the numbered databases and what they share. A pure core: the caller sets `now`
 * (the command's time, ms) before each command, randomness is injected, and changes are reported
 * through events so the server can track WATCHed keys and record expiry as effects.
 */
import { Database } from './database.js';

export interface KeyspaceEvents {
  /** A key's value or expiry changed (Redis signalModifiedKey). */
  keyModified(db: number, key: string): void;
  /** A key was removed because its time passed: the primary records `DEL key` as an effect. */
  keyExpired(db: number, key: string): void;
}

export interface KeyspaceOptions {
  databases: number;
  /**
   * `primary`: expired keys are removed on access and by the active cycle.
   * `replica`: expired keys read as missing but stay until a logged DEL removes them.
   */
  expiryMode: 'primary' | 'replica';
  /** Uniform in [0, 1). */
  random: () => number;
  events?: KeyspaceEvents;
}

export interface KeyspaceStats {
  hits: number;
  misses: number;
  expiredKeys: number;
}

const NO_EVENTS: KeyspaceEvents = { keyModified: () => {}, keyExpired: () => {} };

export class Keyspace {
  /** The current command's time in ms. Set by the caller; the keyspace never reads a clock. */
  now = 0;
  readonly databases: Database[];
  readonly stats: KeyspaceStats = { hits: 0, misses: 0, expiredKeys: 0 };
  expiryMode: 'primary' | 'replica';
  /**
   * True while effects from the log are applied: no key counts as expired then (Redis: "when
   * replicating commands from the master, keys are never considered expired"), so a lagging
   * replica changes exactly what the primary changed; the primary's logged DEL removes keys.
   */
  applying = false;
  readonly random: () => number;
  events: KeyspaceEvents;

  constructor(options: KeyspaceOptions) {
    if (!Number.isInteger(options.databases) || options.databases < 1) {
      throw new Error(`assertion: databases must be a positive integer, got ${options.databases}`);
    }
    this.expiryMode = options.expiryMode;
    this.random = options.random;
    this.events = options.events ?? NO_EVENTS;
    this.databases = Array.from({ length: options.databases }, (_, index) => new Database(index, this));
  }

  get nowSeconds(): number {
    return Math.floor(this.now / 1000);
  }

  db(index: number): Database {
    const database = this.databases[index];
    if (database === undefined) throw new Error(`assertion: database ${index} does not exist`);
    return database;
  }

  swap(first: number, second: number): void {
    if (first === second) return;
    this.db(first).swapContents(this.db(second));
  }

  flushAll(): number {
    let removed = 0;
    for (const database of this.databases) removed += database.flush();
    return removed;
  }

  /** Total keys over all databases. */
  get size(): number {
    let total = 0;
    for (const database of this.databases) total += database.size;
    return total;
  }
}
