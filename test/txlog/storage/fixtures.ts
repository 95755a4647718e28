/**
 * Helpers for the storage tests: entries, hard states and snapshots in one line each, temporary
 * directories removed after each test, and the two SQLite stores behind one opener.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type Entry, EntryType, type HardState, type Snapshot } from '../../../txlog/src/core/types.js';
import type { LogStore, PersistUnit } from '../../../txlog/src/storage/log-store.js';
import { SqliteLogStore, type SqliteLogStoreOptions } from '../../../txlog/src/storage/sqlite-log-store.js';
import { WorkerSqliteLogStore } from '../../../txlog/src/storage/worker-sqlite-log-store.js';

/** An entry whose data names it (`entry 7 term 2`), so it is easy to find in a file. */
export function entry(index: number, term: number, data = `entry ${index} term ${term}`): Entry {
  return { index, term, type: EntryType.Normal, data: new TextEncoder().encode(data) };
}

/** Entries from..to (inclusive), all of `term`. */
export function entries(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => entry(from + offset, term));
}

export function hardState(term: number, commit: number, vote = 1): HardState {
  return { term, vote, commit };
}

export function snapshot(index: number, term: number, data = `state at ${index}`): Snapshot {
  return { meta: { index, term, voters: [1, 2, 3] }, data: new TextEncoder().encode(data) };
}

/** A persist unit; what is not given is empty. */
export function unit(parts: Partial<PersistUnit>): PersistUnit {
  return { snapshot: null, entries: [], hardState: null, ...parts };
}

/** The data of an entry as text. */
export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

/** Every entry a store holds, as [index, term, text]. */
export function dump(store: LogStore): [number, number, string][] {
  const low = store.firstIndex();
  const high = store.lastIndex() + 1;
  if (low === high) return [];
  return store.entries(low, high, Number.MAX_SAFE_INTEGER).map((held) => [held.index, held.term, text(held.data)]);
}

const directories: string[] = [];

/** A fresh directory under the OS temporary directory, removed after the test. */
export function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'cairn-storage-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

export const CLUSTER = { voters: [1, 2, 3], clusterId: 'test-cluster' } as const;

/** A SQLite store of either kind, as the tests use it. */
export type OpenedStore = LogStore & { readonly file: string; close(): void | Promise<void> };

/** One of the two SQLite stores, opened the same way. */
export interface StoreKind {
  readonly name: string;
  open(dir: string, options?: Partial<SqliteLogStoreOptions>): Promise<OpenedStore>;
}

export const STORE_KINDS: readonly StoreKind[] = [
  { name: 'SqliteLogStore (calling thread)', open: async (dir, options) => SqliteLogStore.open(dir, { ...CLUSTER, ...options }) },
  { name: 'WorkerSqliteLogStore (worker thread)', open: (dir, options) => WorkerSqliteLogStore.open(dir, { ...CLUSTER, ...options }) },
];
