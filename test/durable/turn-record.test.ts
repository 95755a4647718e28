import { describe, expect, it } from 'vitest';
import type { Effect } from '../../server/src/keyspace/effect.js';
import { decodeEffects, effectsRecordBytes, encodeEffects } from '../../server/src/durable/effects-record.js';
import { TurnRecords, type TurnRecordLimits } from '../../server/src/durable/turn-record.js';

/** TurnRecords with a hand-driven turn end: endTurn() runs what was deferred. */
function harness(limits: TurnRecordLimits = { recordBytesMax: 1 << 20, effectsMax: 1000 }) {
  const sent: { effects: readonly Effect[]; lastSeq: number }[] = [];
  let deferred: (() => void)[] = [];
  const records = new TurnRecords((effects, lastSeq) => sent.push({ effects, lastSeq }), (callback) => deferred.push(callback), limits);
  const endTurn = (): void => {
    const now = deferred;
    deferred = [];
    for (const callback of now) callback();
  };
  return { records, sent, endTurn, deferredCount: () => deferred.length };
}

const set = (key: string, value: string): Effect => ({ db: 0, argv: ['SET', key, value] });

describe('TurnRecords: one log record per event-loop turn', () => {
  it('sends the units of one turn as one record, in unit order, when the turn ends', () => {
    const { records, sent, endTurn, deferredCount } = harness();
    records.add([set('a', '1')], 1);
    records.add([set('b', '2'), { db: 3, argv: ['DEL', 'c'] }], 2);
    records.add([set('a', '3')], 3);
    expect(sent).toEqual([]);
    expect(deferredCount()).toBe(1);
    endTurn();
    expect(sent).toEqual([{ effects: [set('a', '1'), set('b', '2'), { db: 3, argv: ['DEL', 'c'] }, set('a', '3')], lastSeq: 3 }]);
    // The record decodes to the same effects a replica applies.
    const [record] = sent;
    expect(decodeEffects(encodeEffects(record?.effects ?? []))).toEqual(record?.effects);
    records.add([set('d', '4')], 4);
    endTurn();
    expect(sent.map((record) => record.lastSeq)).toEqual([3, 4]);
  });

  it('closes the pending record before a unit that would take it past the byte limit, and never splits a unit', () => {
    const unit = [set('key', 'v'.repeat(100))];
    const unitRecordBytes = effectsRecordBytes(unit.map((effect) => effect.argv));
    // Room for exactly two such units in one record.
    const limit = effectsRecordBytes([...unit, ...unit].map((effect) => effect.argv));
    const { records, sent, endTurn } = harness({ recordBytesMax: limit, effectsMax: 1000 });
    records.add(unit, 1);
    records.add(unit, 2);
    expect(sent).toEqual([]);
    records.add([...unit, ...unit], 3); // two effects, one unit: goes whole into the next record
    expect(sent).toEqual([{ effects: [...unit, ...unit], lastSeq: 2 }]);
    endTurn();
    expect(sent.map((record) => record.lastSeq)).toEqual([2, 3]);
    for (const record of sent) expect(encodeEffects(record.effects).length).toBeLessThanOrEqual(limit);
    expect(unitRecordBytes).toBeLessThan(limit);
  });

  it('closes the pending record before a unit that would take it past the effect count limit', () => {
    const { records, sent, endTurn } = harness({ recordBytesMax: 1 << 20, effectsMax: 3 });
    records.add([set('a', '1'), set('b', '1')], 1);
    records.add([set('c', '1')], 2);
    records.add([set('d', '1')], 3);
    endTurn();
    expect(sent.map((record) => [record.effects.length, record.lastSeq])).toEqual([
      [3, 2],
      [1, 3],
    ]);
  });

  it('drop() forgets the pending units: the turn end sends nothing, and numbering may start again', () => {
    const { records, sent, endTurn } = harness();
    records.add([set('a', '1')], 1);
    records.add([set('b', '1')], 2);
    records.drop();
    endTurn();
    expect(sent).toEqual([]);
    records.add([set('c', '1')], 1);
    endTurn();
    expect(sent).toEqual([{ effects: [set('c', '1')], lastSeq: 1 }]);
  });

  it('refuses a unit without effects or out of order', () => {
    const { records } = harness();
    expect(() => records.add([], 1)).toThrow(/assertion/);
    records.add([set('a', '1')], 2);
    expect(() => records.add([set('b', '1')], 2)).toThrow(/assertion/);
  });
});
