/**
 * The primary's record of the replicas connected to it (Redis's server.slaves). A connection
 * that sent `REPLCONF listening-port P` is announced; its first `REPLCONF ACK <offset>` makes it
 * an online replica at its peer IP (or the ip-address it gave) and port P, with that offset: the
 * id of the last log record it applied. It is forgotten once its connection closes (checked
 * whenever the registry is read, and every second while anything is registered). WAIT waits
 * here for enough acknowledgements. A durable node attaches one registry to its server state;
 * commands reach it through replicationOf().
 */
import type { Client } from '../net/client.js';
import type { ServerState } from '../state/server-state.js';
import type { DurableCommitGate } from './commit-gate.js';

/** An online replica as ROLE, INFO and SENTINEL report it. */
export interface ReplicaInfo {
  readonly host: string;
  readonly port: number;
  /** The last log record id it acknowledged. */
  readonly offset: number;
  /** Server time (ms) of its last acknowledgement. */
  readonly acknowledgedAtMs: number;
}

interface Registration {
  readonly client: Client;
  host: string;
  port: number;
  offset: number;
  acknowledgedAtMs: number;
  online: boolean;
}

/** A WAIT in progress: resolved once `needed` replicas acknowledged `target`, or at its timeout. */
interface Waiter {
  readonly client: Client;
  readonly needed: number;
  /** The record id to be acknowledged; null until the client's last write commits. */
  target: number | null;
  readonly finish: (count: number) => void;
  timer: NodeJS.Timeout | null;
}

/** How often closed connections are looked for while replicas or waiters are registered. */
const SWEEP_EVERY_MS = 1000;
/** setTimeout fires at once for delays above 2^31-1 ms; longer WAIT timeouts are re-armed in steps. */
const TIMER_DELAY_MS_MAX = 2_147_483_647;

/** host and port of a host:port address ('' and 0 when there is none). */
export function splitAddress(address: string | null): { host: string; port: number } {
  if (address === null) return { host: '', port: 0 };
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/** The host of a socket address (host:port) as Redis prints it: IPv4-mapped IPv6 addresses as plain IPv4. */
export function peerHost(address: string): string {
  const host = splitAddress(address).host;
  return host.startsWith('::ffff:') && host.includes('.') ? host.slice('::ffff:'.length) : host;
}

export class ReplicaRegistry {
  private readonly registrations = new Map<Client, Registration>();
  private readonly waiters = new Set<Waiter>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly state: ServerState) {}

  /** REPLCONF listening-port (and ip-address, null when not given): the connection announces where it serves. */
  announce(client: Client, port: number, host: string | null): void {
    const existing = this.registrations.get(client);
    const address = host ?? existing?.host ?? peerHost(client.address);
    if (existing !== undefined) {
      existing.host = address;
      existing.port = port;
      return;
    }
    this.registrations.set(client, { client, host: address, port, offset: 0, acknowledgedAtMs: 0, online: false });
    this.scheduleSweep();
  }

  /** REPLCONF ip-address without listening-port: remembered for when the port comes. */
  announceHost(client: Client, host: string): void {
    const existing = this.registrations.get(client);
    if (existing !== undefined) existing.host = host;
    else this.registrations.set(client, { client, host, port: 0, offset: 0, acknowledgedAtMs: 0, online: false });
    this.scheduleSweep();
  }

  /** REPLCONF ACK: false when the connection never announced a port (Redis ignores ACKs from non-replicas). */
  acknowledge(client: Client, offset: number, nowMs: number): boolean {
    const registration = this.registrations.get(client);
    if (registration === undefined || registration.port === 0) return false;
    registration.online = true;
    registration.offset = Math.max(registration.offset, offset);
    registration.acknowledgedAtMs = nowMs;
    this.wakeWaiters();
    return true;
  }

  /** Online replicas in the order they connected; closed connections are forgotten first. */
  online(): ReplicaInfo[] {
    this.forgetClosed();
    const replicas: ReplicaInfo[] = [];
    for (const registration of this.registrations.values()) {
      if (!registration.online) continue;
      replicas.push({ host: registration.host, port: registration.port, offset: registration.offset, acknowledgedAtMs: registration.acknowledgedAtMs });
    }
    return replicas;
  }

  /** Online replicas that acknowledged record `id` or later. */
  countAcknowledged(id: number): number {
    let count = 0;
    for (const replica of this.online()) if (replica.offset >= id) count++;
    return count;
  }

  /**
   * Resolves with the number of replicas that acknowledged `target` (a record id, or a promise
   * of it while the write is not committed) once at least `needed` have, or when `timeoutMs`
   * passes (0: no timeout). Rejects when `target` never commits.
   */
  waitFor(client: Client, target: number | Promise<number>, needed: number, timeoutMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        client,
        needed,
        target: typeof target === 'number' ? target : null,
        finish: (count) => {
          if (!this.waiters.delete(waiter)) return;
          if (waiter.timer !== null) clearTimeout(waiter.timer);
          resolve(count);
        },
        timer: null,
      };
      this.waiters.add(waiter);
      this.scheduleSweep();
      if (timeoutMs > 0) this.armTimeout(waiter, timeoutMs);
      if (typeof target !== 'number') {
        target.then(
          (id) => {
            waiter.target = id;
            this.wakeWaiters();
          },
          (error: unknown) => {
            if (waiter.timer !== null) clearTimeout(waiter.timer);
            if (this.waiters.delete(waiter)) reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
    });
  }

  /** Waiters whose target enough replicas acknowledged are answered. */
  private wakeWaiters(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) {
      if (waiter.target === null) continue;
      const count = this.countAcknowledged(waiter.target);
      if (count >= waiter.needed) waiter.finish(count);
    }
  }

  private armTimeout(waiter: Waiter, remainingMs: number): void {
    const delay = Math.min(remainingMs, TIMER_DELAY_MS_MAX);
    waiter.timer = setTimeout(() => {
      if (remainingMs > delay) return this.armTimeout(waiter, remainingMs - delay);
      waiter.finish(waiter.target === null ? 0 : this.countAcknowledged(waiter.target));
    }, delay);
  }

  private isOpen(client: Client): boolean {
    return this.state.clients.get(client.id) === client;
  }

  /** Forget replicas whose connection closed, and drop the WAITs of closed connections. */
  private forgetClosed(): void {
    for (const client of this.registrations.keys()) if (!this.isOpen(client)) this.registrations.delete(client);
    for (const waiter of [...this.waiters]) if (!this.isOpen(waiter.client)) waiter.finish(0);
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== null) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      this.forgetClosed();
      if (this.registrations.size > 0 || this.waiters.size > 0) this.scheduleSweep();
    }, SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }
}

/** What replication commands reach on a durable node. */
export interface DurableReplication {
  readonly registry: ReplicaRegistry;
  readonly gate: DurableCommitGate;
  /** The primary lease in ms (SENTINEL reports its timeouts from it). */
  readonly leaseMs: number;
}

const attached = new WeakMap<ServerState, DurableReplication>();

/** Makes a durable node's replication reachable from the commands of its server. */
export function attachReplication(state: ServerState, gate: DurableCommitGate, leaseMs: number): DurableReplication {
  const replication: DurableReplication = { registry: new ReplicaRegistry(state), gate, leaseMs };
  attached.set(state, replication);
  return replication;
}

/** The durable node's replication for this server; null on an ephemeral server. */
export function replicationOf(state: ServerState): DurableReplication | null {
  return attached.get(state) ?? null;
}
