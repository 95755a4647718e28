/**
 * The primary's side of the write path for each command: its effects become one log record
 * (group commit happens in the LogWriter, which sends what a turn produced as one Append), its
 * reply waits for the commit of what it depends on (HazardTracker), and while the node cannot
 * serve (loading, stepping down) commands are refused with an error a client may retry.
 */
import type { Execution } from '../commands/dispatch.js';
import type { CommandSpec } from '../commands/spec.js';
import { CommandTable } from '../commands/table.js';
import type { Effect } from '../keyspace/effect.js';
import type { Client } from '../net/client.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommitGate } from '../state/server-state.js';
import { errors } from '../resp/errors.js';
import { effectsRecordBytes } from './effects-record.js';
import { HazardTracker } from './hazards.js';

/** Keys as [db, key] pairs; null when they cannot be named (the whole keyspace). */
type Keys = (readonly [number, string])[] | null;

/** Commands whose keys may live in another database than the one they run in. */
const CROSS_DATABASE = new Set(['move', 'copy', 'swapdb', 'flushall', 'flushdb']);

/** Sent while the node replays the log. */
export const loadingError = new ErrorReply('LOADING Redis is loading the dataset in memory');
/** Sent while the primary steps down. */
export const tryAgainError = new ErrorReply('TRYAGAIN this node is stepping down as primary; retry on the new primary');

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined); // a waiter that went away must not become an unhandled rejection
  return { promise, resolve, reject };
}

/** What the gate needs from the node. */
export interface GateHooks {
  /** Hands one unit of effects to the log; its outcome comes back through committed() or the node stepping down. */
  readonly append: (effects: readonly Effect[], seq: number) => void;
  /** An error for every command now (loading, stepping down, lease lapsed), or null while serving. */
  readonly refusal: () => ErrorReply | null;
}

/** A connection's last unit of effects: its sequence number, and its log record id once committed (WAIT). */
interface LoggedUnit {
  readonly seq: number;
  id: number | null;
}

export class DurableCommitGate implements CommitGate {
  private readonly hazards = new HazardTracker();
  private readonly waiters = new Map<number, Deferred>();
  /** Each connection's last unit of effects. */
  private readonly lastUnits = new WeakMap<Client, LoggedUnit>();
  /** Connections' last units whose record id is not known yet, by sequence number. */
  private readonly unitsAwaitingId = new Map<number, LoggedUnit>();
  /** A reply the command now running asked to hold until `until` settles (WAIT), claimed by its admit(). */
  private heldReply: { readonly reply: Reply; readonly until: Promise<void> } | null = null;
  /**
   * Held replies by ticket. Tickets are negative, so they never name a unit: admit() returns one
   * as the "unit" the reply waits for, and whenCommitted() hands back what it waits on.
   */
  private readonly holds = new Map<number, Promise<void>>();
  private lastTicket = 0;

  constructor(
    private readonly table: CommandTable,
    private readonly hooks: GateHooks,
    /** The log's limit on one record's payload. */
    private readonly recordBytesMax: number,
  ) {}

  /** Units handed to the log and not committed yet. */
  get uncommitted(): number {
    return this.hazards.uncommitted;
  }

  /** The sequence number of the last unit handed to the log. */
  get lastSeq(): number {
    return this.hazards.lastSeq;
  }

  refusal(spec: CommandSpec, argv: readonly string[], client: Client): ErrorReply | null {
    const refusal = this.hooks.refusal();
    // Connection-level commands still work (HELLO, PING, ROLE...); anything touching data does not.
    const touchesData = spec.flags.includes('write') || spec.flags.includes('readonly') || spec.name === 'exec';
    if (refusal !== null) return touchesData ? refusal : null;
    return this.sizeRefusal(spec, argv, client);
  }

  /**
   * A write whose record could not fit the log is refused before it runs (otherwise its append
   * would fail and the node step down): its own arguments, or for EXEC the queued commands'.
   * Effects are at most as large as the arguments for nearly every command; a rare larger one
   * still fails its append safely.
   */
  private sizeRefusal(spec: CommandSpec, argv: readonly string[], client: Client): ErrorReply | null {
    let bytes = 0;
    if (spec.flags.includes('write')) bytes = effectsRecordBytes([argv]);
    else if (spec.name === 'exec' && client.multi !== null) bytes = effectsRecordBytes(client.multi.map((queued) => queued.argv));
    return bytes > this.recordBytesMax ? errors.recordTooLarge(this.recordBytesMax) : null;
  }

  admit(execution: Execution, argv: readonly string[]): number {
    const hold = this.heldReply;
    this.heldReply = null;
    if (hold !== null && hold.reply === execution.reply) return this.ticket(hold.until);
    if (execution.effects.length > 0) return this.logFor(execution.client, execution.effects);
    const spec = execution.spec;
    if (spec === null || spec === undefined) return 0;
    return this.hazards.waitFor(this.readKeys(spec, argv, execution.db ?? 0));
  }

  /** Background effects (active expiry): logged like a command's, nobody waits for them. */
  logBackground(effects: readonly Effect[]): void {
    if (effects.length > 0) this.log(effects);
  }

  /** Holds `reply` (returned by the command now running) until `until` settles: WAIT's reply waits for acknowledgements. */
  holdReply(reply: Reply, until: Promise<void>): void {
    this.heldReply = { reply, until };
  }

  /** The log record id of the client's last write: 0 when it wrote nothing, a promise while it is not committed. */
  lastWriteId(client: Client): number | Promise<number> {
    const unit = this.lastUnits.get(client);
    if (unit === undefined) return 0;
    if (unit.id !== null) return unit.id;
    if (this.unitsAwaitingId.get(unit.seq) !== unit) return Promise.reject(new Error('the write was abandoned: the node stepped down'));
    return this.whenCommitted(unit.seq).then(() => {
      if (unit.id === null) throw new Error('assertion: a committed unit has no record id');
      return unit.id;
    });
  }

  whenCommitted(seq: number): Promise<void> {
    if (seq < 0) {
      const hold = this.holds.get(seq) ?? Promise.resolve();
      this.holds.delete(seq);
      return hold;
    }
    if (seq <= this.hazards.committedSeq) return Promise.resolve();
    let waiter = this.waiters.get(seq);
    if (waiter === undefined) {
      waiter = deferred();
      this.waiters.set(seq, waiter);
    }
    return waiter.promise;
  }

  /** The log committed every unit up to `seq`, unit `seq` as record `id`. */
  committed(seq: number, id: number): void {
    const from = this.hazards.committedSeq + 1;
    this.hazards.commit(seq);
    // Earlier units in the range (not expected: each unit's commit is reported) get `id` as a bound from above.
    for (let unit = Math.min(from, seq); unit <= seq; unit++) {
      const logged = this.unitsAwaitingId.get(unit);
      if (logged === undefined) continue;
      logged.id = id;
      this.unitsAwaitingId.delete(unit);
    }
    for (let unit = from; unit <= seq; unit++) {
      const waiter = this.waiters.get(unit);
      if (waiter === undefined) continue;
      this.waiters.delete(unit);
      waiter.resolve();
    }
  }

  /** The node stops being primary: nothing uncommitted will be acknowledged. */
  abandon(reason: string): void {
    const error = new Error(reason);
    for (const waiter of this.waiters.values()) waiter.reject(error);
    this.waiters.clear();
    this.unitsAwaitingId.clear();
    this.hazards.reset();
  }

  private ticket(until: Promise<void>): number {
    const ticket = --this.lastTicket;
    this.holds.set(ticket, until);
    return ticket;
  }

  private logFor(client: Client | undefined, effects: readonly Effect[]): number {
    const seq = this.log(effects);
    if (client === undefined) return seq;
    const unit: LoggedUnit = { seq, id: null };
    this.lastUnits.set(client, unit);
    this.unitsAwaitingId.set(seq, unit);
    return seq;
  }

  private log(effects: readonly Effect[]): number {
    const seq = this.hazards.add(this.writtenKeys(effects));
    this.hooks.append(effects, seq);
    return seq;
  }

  /** The keys `effects` change, or null when one of them cannot name its keys. */
  private writtenKeys(effects: readonly Effect[]): Keys {
    const keys: (readonly [number, string])[] = [];
    for (const effect of effects) {
      const spec = this.table.lookup(effect.argv);
      if (spec instanceof ErrorReply || CROSS_DATABASE.has(spec.name)) return null;
      const positions = CommandTable.keyPositions(spec, effect.argv);
      if (positions.length === 0) return null;
      for (const position of positions) keys.push([effect.db, effect.argv[position] as string]);
    }
    return keys;
  }

  /** The keys a command without effects read; null when it reads the whole keyspace (or cannot say). */
  private readKeys(spec: CommandSpec, argv: readonly string[], db: number): Keys {
    const touchesData = spec.flags.includes('write') || spec.flags.includes('readonly');
    if (spec.name === 'exec' || CROSS_DATABASE.has(spec.name) || spec.readsUnnamedKeys?.(argv) === true) return null;
    const positions = CommandTable.keyPositions(spec, argv);
    if (positions.length === 0) return touchesData ? null : [];
    return positions.map((position) => [db, argv[position] as string] as const);
  }
}
