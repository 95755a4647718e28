import { describe, expect, it } from 'vitest';
import { decodeEffects, EffectsRecordError, encodeEffects } from '../../server/src/durable/effects-record.js';
import type { Effect } from '../../server/src/keyspace/effect.js';

describe('effects records', () => {
  it('round-trips a unit of effects with binary arguments, empty strings and several databases', () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, byte) => byte));
    const effects: Effect[] = [
      { db: 0, argv: ['SET', 'k', binary, 'PXAT', '1700000000000'] },
      { db: 15, argv: ['DEL', ''] },
      { db: 3, argv: ['FLUSHDB'] },
    ];
    expect(decodeEffects(encodeEffects(effects))).toEqual(effects);
  });

  it('refuses a payload that was cut short, has bytes left over, or an unknown version', () => {
    const payload = encodeEffects([{ db: 0, argv: ['SET', 'key', 'value'] }]);
    for (let length = 0; length < payload.length; length++) {
      expect(() => decodeEffects(payload.subarray(0, length)), `cut at ${length}`).toThrow(EffectsRecordError);
    }
    expect(() => decodeEffects(Buffer.concat([payload, Buffer.from([0])]))).toThrow(/after the last effect/);
    const otherVersion = Buffer.from(payload);
    otherVersion[0] = 2;
    expect(() => decodeEffects(otherVersion)).toThrow(/unknown effects record version 2/);
  });

  it('refuses absurd counts instead of allocating for them', () => {
    const header = Buffer.alloc(5);
    header.writeUInt8(1, 0);
    header.writeUInt32BE(0xffffffff, 1);
    expect(() => decodeEffects(header)).toThrow(/4294967295 effects/);
    const noArguments = Buffer.alloc(13);
    noArguments.writeUInt8(1, 0);
    noArguments.writeUInt32BE(1, 1);
    noArguments.writeUInt32BE(0, 5);
    noArguments.writeUInt32BE(0, 9);
    expect(() => decodeEffects(noArguments)).toThrow(/0 arguments/);
  });
});
