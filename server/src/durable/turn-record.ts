/**
 * Group commit into records: the units of effects the primary hands to the log during one
 * event-loop turn (every client's commands read in that turn, and background expiry) go out as one
 * data record, their effects in unit order, once the turn's I/O callbacks have run. The log and
 * every tail then carry, store and decode one record per turn instead of one per command; a
 * replica applies the effects in the same order, so nothing a client can see changes. A unit
 * whose effects would take the pending record past the record limits closes it first: a record
 * never exceeds the limits, and a unit is never split (it commits whole or not at all).
 */
import type { Effect } from '../keyspace/effect.js';
import { EFFECTS_RECORD_HEADER_BYTES, effectBytes } from './effects-record.js';

/** Bounds of one record's effects. */
export interface TurnRecordLimits {
  /** The log's limit on one record's payload, in bytes. */
  readonly recordBytesMax: number;
  /** Effects in one record (what a decoder accepts). */
  readonly effectsMax: number;
}

/** The record closed at the end of a turn: its effects, and the sequence number of its last unit. */
export type SendRecord = (effects: readonly Effect[], lastSeq: number) => void;

/** Gathers a turn's units into one record; `send` gets each closed record, in order. */
export class TurnRecords {
  private effects: Effect[] = [];
  /** Bytes of the pending effects as encoded, without the record's header (effects-record.ts). */
  private effectsBytes = 0;
  private lastSeq = 0;
  private scheduled = false;

  constructor(
    private readonly send: SendRecord,
    /** Calls back once the current I/O callbacks have run (setImmediate outside tests). */
    private readonly defer: (callback: () => void) => void,
    private readonly limits: TurnRecordLimits,
  ) {}

  /** Adds unit `seq` (sequence numbers rise) to the record of this turn. */
  add(effects: readonly Effect[], seq: number): void {
    if (effects.length === 0) throw new Error('assertion: a unit without effects');
    if (seq <= this.lastSeq) throw new Error(`assertion: unit ${seq} after unit ${this.lastSeq}`);
    let unitBytes = 0;
    for (const effect of effects) unitBytes += effectBytes(effect.argv);
    const fits = EFFECTS_RECORD_HEADER_BYTES + this.effectsBytes + unitBytes <= this.limits.recordBytesMax && this.effects.length + effects.length <= this.limits.effectsMax;
    if (!fits) this.close();
    for (const effect of effects) this.effects.push(effect);
    this.effectsBytes += unitBytes;
    this.lastSeq = seq;
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      this.close();
    });
  }

  /** Forgets the pending units without sending them (the node stopped being primary); numbering may start again. */
  drop(): void {
    this.effects = [];
    this.effectsBytes = 0;
    this.lastSeq = 0;
  }

  /** Sends the pending record, if any. */
  private close(): void {
    if (this.effects.length === 0) return;
    const effects = this.effects;
    this.effects = [];
    this.effectsBytes = 0;
    this.send(effects, this.lastSeq);
  }
}
