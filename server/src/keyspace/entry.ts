/**
 * What the keyspace stores per key. Each data type has its own module (string.ts, and later
 * list.ts, hash.ts, ...); the Entry union names them all.
 */

export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

interface EntryBase {
  /** Position in the database's key array (random sampling and SCAN). Owned by Database. */
  slot: number;
  /** Last access, in seconds of keyspace time (OBJECT IDLETIME); Redis keeps it at 1 s resolution too. */
  accessSeconds: number;
}

/** A string value: a binary string, one char per byte (latin1). */
export interface StringEntry extends EntryBase {
  type: 'string';
  value: string;
}

export type Entry = StringEntry;

export type ValueOf<T extends ValueType> = Extract<Entry, { type: T }>['value'];
