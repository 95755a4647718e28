/**
 * The simulator's only source of randomness: a seeded PRNG (sfc32) that is split into
 * independent streams by purpose name, so adding a fault kind (a new stream) does not reshuffle
 * what the other streams draw for the same seed.
 */

/** One stream of deterministic random numbers. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for `seed` (any safe integer) and `purpose` (any string). */
  constructor(seed: number, purpose: string) {
    if (!Number.isSafeInteger(seed)) throw new Error(`assertion: seed ${seed} is not a safe integer`);
    const low = seed >>> 0;
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    const name = hashString(purpose);
    this.a = mix32(low ^ 0x9e3779b9);
    this.b = mix32(high ^ 0x85ebca6b);
    this.c = mix32(name ^ 0xc2b2ae35);
    this.d = mix32(low ^ name ^ 0x27d4eb2f);
    for (let warm = 0; warm < 12; warm++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Uniform integer in [low, high] (both included). */
  int(low: number, high: number): number {
    if (high < low) throw new Error(`assertion: empty range [${low}, ${high}]`);
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('assertion: pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A uniform 64-bit unsigned integer (client ids). */
  nextUint64(): bigint {
    return (BigInt(this.nextUint32()) << 32n) | BigInt(this.nextUint32());
  }
}

/** The seeded streams of one run, created on first use by purpose name. */
export class PrngStreams {
  private readonly streams = new Map<string, Prng>();

  constructor(readonly seed: number) {}

  /** The stream for `purpose` (the same object on every call). */
  get(purpose: string): Prng {
    let stream = this.streams.get(purpose);
    if (stream === undefined) {
      stream = new Prng(this.seed, purpose);
      this.streams.set(purpose, stream);
    }
    return stream;
  }
}

/** FNV-1a over the UTF-16 code units of `text`. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** murmur3's 32-bit finalizer: spreads a seed's bits over the whole word. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
