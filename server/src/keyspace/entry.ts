/**
 * What the keyspace stores per key. Strings are binary strings; each collection type has its own
 * module (list.ts, hash.ts, set.ts, zset.ts, stream.ts); the Entry union names them all.
 */
import type { HashValue } from './hash.js';
import type { ListValue } from './list.js';
import type { SetValue } from './set.js';
import type { StreamValue } from './stream.js';
import type { SortedSetValue } from './zset.js';

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

export interface ListEntry extends EntryBase {
  type: 'list';
  value: ListValue;
}

export interface HashEntry extends EntryBase {
  type: 'hash';
  value: HashValue;
}

export interface SetEntry extends EntryBase {
  type: 'set';
  value: SetValue;
}

export interface SortedSetEntry extends EntryBase {
  type: 'zset';
  value: SortedSetValue;
}

export interface StreamEntry extends EntryBase {
  type: 'stream';
  value: StreamValue;
}

export type Entry = StringEntry | ListEntry | HashEntry | SetEntry | SortedSetEntry | StreamEntry;

export type ValueOf<T extends ValueType> = Extract<Entry, { type: T }>['value'];
