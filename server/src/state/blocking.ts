/**
 * Clients blocked on keys (BLPOP, BZPOPMIN, XREAD BLOCK...): who waits on which key, first
 * blocked first served, and which keys changed since the last serving round. A command that
 * blocks is run again, with the same arguments, when a key it waits on changes; if it still finds
 * nothing it stays blocked in its place. Serving happens after each top-level command (so pushes
 * inside MULTI/EXEC wake clients once EXEC ends, as in Redis) and after log entries are applied.
 * Pure bookkeeping: the owner of each blocked client (its session) runs the retries and the
 * timers, and asks `expireDue` at the deadlines it armed.
 */
import type { Client } from '../net/client.js';
import type { Reply } from '../resp/reply.js';

/** What a handler asks for when it blocks (CommandContext.block). */
export interface BlockRequest {
  /** Keys of the client's database whose change may let the command proceed. */
  readonly keys: readonly string[];
  /** Absolute deadline in ms of server time; 0 waits forever. */
  readonly deadlineMs: number;
  /** The reply when the deadline passes or CLIENT UNBLOCK ... TIMEOUT ends the wait. */
  readonly timeoutReply: Reply;
  /** The arguments to run again (XREAD with `$` resolved to the ids it saw); null: the same. */
  readonly retryArgv: readonly string[] | null;
}

/** A blocked client as its owner registers it. */
export interface BlockedClient {
  readonly client: Client;
  readonly db: number;
  readonly request: BlockRequest;
  /** The arguments a retry runs. */
  argv: readonly string[];
  /** Run the command again now (a key changed). The owner removes the entry once it is served. */
  retry(): void;
  /** End the wait with this reply (timeout, CLIENT UNBLOCK). The entry is already removed. */
  finish(reply: Reply): void;
}

/** Serving rounds per call: a round retries the clients of one changed key. Beyond it the rest waits for the next call. */
const SERVING_ROUNDS_MAX = 100_000;

export class BlockingRegistry {
  private readonly byClient = new Map<number, BlockedClient>();
  /** `db:key` -> clients blocked on it, oldest first. */
  private readonly byKey = new Map<string, BlockedClient[]>();
  /** Keys with waiters that changed since the last round, in the order they changed. */
  private ready: string[] = [];
  private readonly readySet = new Set<string>();
  private serving = false;
  /** The key whose waiters are being retried now (Redis 7.0 serves a client from the key that became ready). */
  private servingKeyNow: string | null = null;

  /** During a retry: the key (of the retried client's database) whose change is being served; null otherwise. */
  get servingKey(): string | null {
    return this.servingKeyNow;
  }

  /** Clients blocked now (INFO blocked_clients). */
  get size(): number {
    return this.byClient.size;
  }

  /** Blocked clients with a deadline (INFO clients_in_timeout_table). */
  get withDeadlineCount(): number {
    let count = 0;
    for (const blocked of this.byClient.values()) if (blocked.request.deadlineMs > 0) count++;
    return count;
  }

  isBlocked(client: Client): boolean {
    return this.byClient.has(client.id);
  }

  /** The entry of a blocked client, or undefined. */
  get(client: Client): BlockedClient | undefined {
    return this.byClient.get(client.id);
  }

  add(blocked: BlockedClient): void {
    if (this.byClient.has(blocked.client.id)) throw new Error('assertion: a client blocks twice');
    this.byClient.set(blocked.client.id, blocked);
    blocked.client.blocked = true;
    for (const key of new Set(blocked.request.keys)) {
      const id = keyId(blocked.db, key);
      let queue = this.byKey.get(id);
      if (queue === undefined) {
        queue = [];
        this.byKey.set(id, queue);
      }
      queue.push(blocked);
    }
  }

  /** Forget a client's wait (served, timed out, disconnected). True when it was blocked. */
  remove(client: Client): boolean {
    const blocked = this.byClient.get(client.id);
    if (blocked === undefined) return false;
    this.byClient.delete(client.id);
    client.blocked = false;
    for (const key of new Set(blocked.request.keys)) {
      const id = keyId(blocked.db, key);
      const queue = this.byKey.get(id);
      if (queue === undefined) continue;
      const position = queue.indexOf(blocked);
      if (position !== -1) queue.splice(position, 1);
      if (queue.length === 0) this.byKey.delete(id);
    }
    return true;
  }

  /** A key changed (Redis signalKeyAsReady): its waiters are retried in the next round. */
  signal(db: number, key: string): void {
    if (this.byKey.size === 0) return;
    const id = keyId(db, key);
    if (!this.byKey.has(id) || this.readySet.has(id)) return;
    this.readySet.add(id);
    this.ready.push(id);
  }

  /** Every waited-on key of a database counts as changed (SWAPDB, FLUSHDB). */
  signalDatabase(db: number): void {
    const prefix = `${db}:`;
    for (const id of this.byKey.keys()) {
      if (id.startsWith(prefix) && !this.readySet.has(id)) {
        this.readySet.add(id);
        this.ready.push(id);
      }
    }
  }

  /**
   * Retry the waiters of every changed key, oldest first (Redis handleClientsBlockedOnKeys).
   * A retry may change more keys (BLMOVE pushes); those are served in the same call.
   */
  serveReady(): void {
    if (this.serving || this.ready.length === 0) return;
    this.serving = true;
    try {
      for (let round = 0; round < SERVING_ROUNDS_MAX && this.ready.length > 0; round++) {
        const id = this.ready.shift() as string;
        this.readySet.delete(id);
        const queue = this.byKey.get(id);
        if (queue === undefined) continue;
        this.servingKeyNow = id.slice(id.indexOf(':') + 1);
        for (const blocked of queue.slice()) {
          if (this.byClient.get(blocked.client.id) === blocked) blocked.retry();
        }
      }
    } finally {
      this.serving = false;
      this.servingKeyNow = null;
    }
  }

  /** Finish the waits whose deadline is at or before `nowMs` with their timeout reply. Returns how many. */
  expireDue(nowMs: number): number {
    let expired = 0;
    for (const blocked of [...this.byClient.values()]) {
      const deadline = blocked.request.deadlineMs;
      if (deadline === 0 || deadline > nowMs) continue;
      this.remove(blocked.client);
      blocked.finish(blocked.request.timeoutReply);
      expired++;
    }
    return expired;
  }

  /** CLIENT UNBLOCK: end a client's wait with its timeout reply or `error`. False when it is not blocked. */
  unblock(clientId: number, error: Reply | null): boolean {
    const blocked = this.byClient.get(clientId);
    if (blocked === undefined) return false;
    this.remove(blocked.client);
    blocked.finish(error ?? blocked.request.timeoutReply);
    return true;
  }
}

function keyId(db: number, key: string): string {
  return `${db}:${key}`;
}
