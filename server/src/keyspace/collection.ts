/**
 * What every collection value (list, hash, set, sorted set, stream) offers the generic key
 * commands: COPY clones it, OBJECT ENCODING and MEMORY USAGE describe it as Redis 7.0 would,
 * and tests and digests compare values through their canonical form.
 */
export interface CollectionValue {
  /** Elements held (members, fields, entries). Only streams are kept when they hold none. */
  readonly size: number;
  /** A deep copy that shares nothing mutable (COPY). */
  clone(): CollectionValue;
  /** OBJECT ENCODING as Redis 7.0 reports it for this value (listpack, quicklist, intset, hashtable, skiplist, stream). */
  encoding(): string;
  /**
   * The value's bytes as Redis 7.0's objectComputeSize estimates them (MEMORY USAGE without the
   * key and dict entry). `samples` bounds how many elements are measured (0: all).
   */
  memoryBytes(samples: number): number;
  /** A plain, JSON-comparable form of the whole value: equal values give deeply equal forms. */
  canonical(): unknown;
}
