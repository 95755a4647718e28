/**
 * WATCH bookkeeping: which clients watch which keys. A change to a watched key marks each
 * watching client, so its EXEC answers the null array.
 */
import type { Database } from '../keyspace/database.js';
import type { Client } from '../net/client.js';

export class WatchRegistry {
  /** db -> key -> clients watching it. */
  private readonly byDb = new Map<number, Map<string, Set<Client>>>();

  get size(): number {
    let count = 0;
    for (const keys of this.byDb.values()) count += keys.size;
    return count;
  }

  watch(client: Client, db: number, key: string, alreadyExpired: boolean): void {
    let keys = client.watched.get(db);
    if (keys === undefined) client.watched.set(db, (keys = new Map()));
    if (keys.has(key)) return;
    keys.set(key, alreadyExpired);
    let watchers = this.byDb.get(db);
    if (watchers === undefined) this.byDb.set(db, (watchers = new Map()));
    let clients = watchers.get(key);
    if (clients === undefined) watchers.set(key, (clients = new Set()));
    clients.add(client);
  }

  unwatchAll(client: Client): void {
    for (const [db, keys] of client.watched) {
      const watchers = this.byDb.get(db);
      if (watchers === undefined) continue;
      for (const key of keys.keys()) {
        const clients = watchers.get(key);
        if (clients === undefined) continue;
        clients.delete(client);
        if (clients.size === 0) watchers.delete(key);
      }
      if (watchers.size === 0) this.byDb.delete(db);
    }
    client.watched.clear();
    client.watchTouched = false;
  }

  /**
   * A key changed (Redis 7 touchWatchedKey). A key that was already expired when watched and is
   * now gone has not logically changed: only its flag is cleared.
   */
  touch(database: Database, key: string): void {
    const clients = this.byDb.get(database.id)?.get(key);
    if (clients === undefined) return;
    for (const client of clients) {
      const keys = client.watched.get(database.id);
      if (keys?.get(key) === true) {
        if (!database.contains(key)) {
          keys.set(key, false);
          continue;
        }
      }
      client.watchTouched = true;
    }
  }

  /**
   * A database is about to be emptied (FLUSHDB, FLUSHALL) or replaced by another's contents
   * (SWAPDB): Redis 7 touchAllWatchedKeysInDb, which marks only keys that existed or will exist.
   */
  touchDatabase(emptied: Database, replacedWith: Database | null): void {
    const watchers = this.byDb.get(emptied.id);
    if (watchers === undefined) return;
    for (const [key, clients] of watchers) {
      const existsInEmptied = emptied.contains(key);
      const existsInReplacement = replacedWith?.contains(key) ?? false;
      if (!existsInEmptied && !existsInReplacement) continue;
      for (const client of clients) {
        const keys = client.watched.get(emptied.id);
        if (keys === undefined) continue;
        if (keys.get(key) === true) {
          if (!existsInReplacement) {
            keys.set(key, false);
            continue;
          }
          if (replacedWith?.isExpired(key)) continue;
        } else if (!existsInEmptied && replacedWith?.isExpired(key)) {
          keys.set(key, true);
          continue;
        }
        client.watchTouched = true;
      }
    }
  }

  /** EXEC's check (Redis isWatchedKeyExpired): a key that expired since it was watched counts as touched. */
  expiredSinceWatched(client: Client, database: (id: number) => Database): boolean {
    for (const [db, keys] of client.watched) {
      const data = database(db);
      for (const [key, wasExpired] of keys) {
        if (!wasExpired && data.isExpired(key)) return true;
      }
    }
    return false;
  }
}
