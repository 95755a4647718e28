/**
 * One numbered database: the key dictionary, the expiry table, and the structures for random
 * sampling, SCAN and active expiry. Pure: time comes from the owning Keyspace's `now`, randomness
 * from its injected source, and changes are reported through its events.
 */
import type { Entry, ValueOf, ValueType } from './entry.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { Keyspace } from './keyspace.js';

/** Stale pairs tolerated in the expiry queue before it is rebuilt, beyond twice the live count. */
const EXPIRY_QUEUE_SLACK_MAX = 1024;
/** RANDOMKEY tries before giving up on a database where every sampled key is expired (as Redis). */
const RANDOM_KEY_TRIES_MAX = 100;

export class Database {
  private dict = new Map<string, Entry>();
  /** Every key, in no particular order; entry.slot is its index. Deletion moves the last key into the hole. */
  private slots: string[] = [];
  private expires = new Map<string, number>();
  private expiryQueue = new ExpiryQueue();

  constructor(
    public id: number,
    private readonly keyspace: Keyspace,
  ) {}

  /** Keys held, including expired keys not yet removed (as Redis's DBSIZE). */
  get size(): number {
    return this.dict.size;
  }

  get expiresCount(): number {
    return this.expires.size;
  }

  /** Look a key up for reading: expired keys are missing; counts hits and misses; touches the key. */
  read(key: string): Entry | undefined {
    const entry = this.lookup(key);
    if (entry === undefined) {
      this.keyspace.stats.misses++;
      return undefined;
    }
    this.keyspace.stats.hits++;
    entry.accessSeconds = this.keyspace.nowSeconds;
    return entry;
  }

  /** Look a key up before changing it: expired keys are missing; touches the key. */
  write(key: string): Entry | undefined {
    const entry = this.lookup(key);
    if (entry !== undefined) entry.accessSeconds = this.keyspace.nowSeconds;
    return entry;
  }

  /** Look a key up for reading without touching it: counts hits and misses (TYPE, EXISTS, TTL: Redis LOOKUP_NOTOUCH). */
  readWithoutTouch(key: string): Entry | undefined {
    const entry = this.lookup(key);
    if (entry === undefined) {
      this.keyspace.stats.misses++;
      return undefined;
    }
    this.keyspace.stats.hits++;
    return entry;
  }

  /** Look a key up without touching it or counting (OBJECT, TYPE-free inspection, SCAN filters). */
  peek(key: string): Entry | undefined {
    return this.lookup(key);
  }

  /** True when the key is held at all, expired or not (WATCH bookkeeping). */
  contains(key: string): boolean {
    return this.dict.has(key);
  }

  /** True when the key exists and is not expired. */
  exists(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  /**
   * Store a value under a key, replacing any old value. The key's expiry is cleared unless
   * `keepTtl` (Redis setKey). Returns the entry.
   */
  set<T extends ValueType>(key: string, type: T, value: ValueOf<T>, keepTtl = false): Entry {
    let entry = this.dict.get(key);
    if (entry === undefined) {
      entry = { type, value, slot: this.slots.length, accessSeconds: this.keyspace.nowSeconds } as Entry;
      this.dict.set(key, entry);
      this.slots.push(key);
    } else {
      entry.type = type as Entry['type'];
      entry.value = value as Entry['value'];
      entry.accessSeconds = this.keyspace.nowSeconds;
      if (!keepTtl) this.expires.delete(key);
    }
    this.keyspace.events.keyModified(this.id, key);
    return entry;
  }

  /**
   * Store a value under a key with the given expiry (RENAME, MOVE, COPY carry it over), replacing
   * what is there. The caller copies a mutable value it keeps elsewhere.
   */
  place<T extends ValueType>(key: string, type: T, value: ValueOf<T>, expireAt: number | undefined): Entry {
    const entry = this.set(key, type, value);
    if (expireAt !== undefined) this.setExpireAt(key, expireAt);
    return entry;
  }

  /** Replace the value of an existing entry in place (keeps its expiry). */
  update<T extends ValueType>(key: string, entry: Entry, type: T, value: ValueOf<T>): void {
    entry.type = type as Entry['type'];
    entry.value = value as Entry['value'];
    this.keyspace.events.keyModified(this.id, key);
  }

  /** Tell watchers a key's value was changed in place (collections change their value objects). */
  modified(key: string): void {
    this.keyspace.events.keyModified(this.id, key);
  }

  /** Remove a key; true when it existed (expired or not). */
  delete(key: string): boolean {
    if (!this.remove(key)) return false;
    this.keyspace.events.keyModified(this.id, key);
    return true;
  }

  /** The key's absolute expiry in ms, or undefined when it has none. Does not check existence. */
  expireAt(key: string): number | undefined {
    return this.expires.get(key);
  }

  /** Set an absolute expiry (ms) on an existing key. */
  setExpireAt(key: string, at: number): void {
    if (!this.dict.has(key)) throw new Error('assertion: expiry set on a missing key');
    this.expires.set(key, at);
    this.expiryQueue.push(at, key);
    if (this.expiryQueue.size > 2 * this.expires.size + EXPIRY_QUEUE_SLACK_MAX) {
      this.expiryQueue.rebuild(this.expires);
    }
    this.keyspace.events.keyModified(this.id, key);
  }

  /** Remove a key's expiry; true when it had one. */
  persist(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.keyspace.events.keyModified(this.id, key);
    return true;
  }

  /** True when the key has an expiry that has passed (whether or not it was removed yet); as Redis, `now > at`. */
  isExpired(key: string): boolean {
    const at = this.expires.get(key);
    return at !== undefined && at < this.keyspace.now;
  }

  /** Entries in the active expiry queue, stale ones included (its compaction keeps this near expiresCount). */
  get expiryQueueLength(): number {
    return this.expiryQueue.size;
  }

  /** Every key held, expired or not, with its entry and expiry (digests, dumps, snapshots). */
  *allEntries(): IterableIterator<[string, Entry, number | undefined]> {
    for (const [key, entry] of this.dict) yield [key, entry, this.expires.get(key)];
  }

  /** Every live key with its entry (KEYS). Expired keys are skipped, not removed. */
  *entries(): IterableIterator<[string, Entry]> {
    const now = this.keyspace.now;
    for (const [key, entry] of this.dict) {
      const at = this.expires.get(key);
      if (at !== undefined && at < now) continue;
      yield [key, entry];
    }
  }

  /**
   * A random key, or null when empty. In primary mode expired keys met on the way are removed
   * (each miss removes one, so the loop ends). In replica mode expired keys stay; after
   * RANDOM_KEY_TRIES_MAX expired samples a walk from the last sample looks for a live key, and
   * when every key is expired that expired key is returned, as Redis does.
   */
  randomKey(): string | null {
    for (let tries = 0; this.slots.length > 0; tries++) {
      const position = Math.floor(this.keyspace.random() * this.slots.length);
      const key = this.slots[position] as string;
      if (!this.isExpired(key)) return key;
      if (this.keyspace.expiryMode === 'primary') {
        this.expire(key);
      } else if (tries >= RANDOM_KEY_TRIES_MAX) {
        return this.liveKeyFrom(position) ?? key;
      }
    }
    return null;
  }

  /**
   * One SCAN step: visits up to `count` key positions below `cursor` (0 = start) and returns the
   * next cursor (0 = done). Keys only ever move to lower positions (a deletion fills its hole
   * with the last key) and the walk goes downward, so every key present for the whole scan is
   * visited at least once. Keys are reported as they are; the caller filters and expires.
   */
  scan(cursor: number, count: number, visit: (key: string) => void): number {
    let position = cursor === 0 ? this.slots.length : Math.min(cursor, this.slots.length);
    for (let visited = 0; visited < count && position > 0; visited++) {
      position--;
      visit(this.slots[position] as string);
    }
    return position;
  }

  /** Remove the key if its time has passed (primary mode). Returns true when it is expired. */
  expireIfNeeded(key: string): boolean {
    if (!this.isExpired(key)) return false;
    if (this.keyspace.expiryMode === 'primary') this.expire(key);
    return true;
  }

  /**
   * Active expiry: examine up to `entriesMax` due entries of the expiry queue, earliest first,
   * and remove the keys whose expiry they still are (stale entries are dropped). Returns how
   * many keys were removed; `hasDueExpiry` tells whether more work is due.
   */
  expireDue(entriesMax: number): number {
    const now = this.keyspace.now;
    let removed = 0;
    for (let examined = 0; examined < entriesMax && this.expiryQueue.peekTime() < now; examined++) {
      const { at, key } = this.expiryQueue.pop();
      if (this.expires.get(key) !== at) continue;
      this.expire(key);
      removed++;
    }
    return removed;
  }

  /** True when the expiry queue has an entry whose time has passed: the active cycle has work. */
  hasDueExpiry(): boolean {
    return this.expiryQueue.peekTime() < this.keyspace.now;
  }

  /** Drop every key. Returns how many there were. */
  flush(): number {
    const count = this.dict.size;
    this.dict = new Map();
    this.slots = [];
    this.expires = new Map();
    this.expiryQueue.clear();
    return count;
  }

  /** Exchange contents with another database (SWAPDB); ids stay with their positions. */
  swapContents(other: Database): void {
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.slots, other.slots] = [other.slots, this.slots];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.expiryQueue, other.expiryQueue] = [other.expiryQueue, this.expiryQueue];
  }

  /** The first live key at or after `start`, wrapping around; null when every key is expired. */
  private liveKeyFrom(start: number): string | null {
    const count = this.slots.length;
    for (let offset = 0; offset < count; offset++) {
      const key = this.slots[(start + offset) % count] as string;
      if (!this.isExpired(key)) return key;
    }
    return null;
  }

  private lookup(key: string): Entry | undefined {
    const entry = this.dict.get(key);
    if (entry === undefined) return undefined;
    if (this.keyspace.applying) return entry; // effects from the log see keys as the primary saw them
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    return entry;
  }

  /** Delete an expired key and report it: watchers see a change, the server logs `DEL key`. */
  private expire(key: string): void {
    this.remove(key);
    this.keyspace.stats.expiredKeys++;
    this.keyspace.events.keyModified(this.id, key);
    this.keyspace.events.keyExpired(this.id, key);
  }

  private remove(key: string): boolean {
    const entry = this.dict.get(key);
    if (entry === undefined) return false;
    this.dict.delete(key);
    this.expires.delete(key);
    const last = this.slots.pop() as string;
    if (entry.slot < this.slots.length) {
      this.slots[entry.slot] = last;
      (this.dict.get(last) as Entry).slot = entry.slot;
    }
    return true;
  }
}
