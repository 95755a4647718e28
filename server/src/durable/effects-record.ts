/**
 * The payload of a data record in the log: one unit of effects (a command's, or a whole
 * MULTI/EXEC's), committed whole or not at all. Layout, all integers big-endian:
 *   u8 version (1) | u32 effect count | per effect: u32 db, u32 argc, per arg: u32 length, bytes
 * Arguments are binary strings (one char per byte), written as latin1. Decoding checks every
 * length against the payload and the limits: a record that does not parse is refused, never
 * guessed at (the log's own CRC32C already guards against disk damage).
 */
import type { Effect } from '../keyspace/effect.js';

const VERSION = 1;

/** Bounds a decoder holds a record to (the log's record limit bounds the bytes anyway). */
export const effectsRecordLimits = {
  /** Effects in one unit (a big MULTI/EXEC). */
  effectsMax: 1_000_000,
  /** Arguments of one effect. */
  argumentsMax: 1_048_576,
  /** Databases a db index may name. */
  databasesMax: 1_048_576,
} as const;

/** Why a payload is not an effects record. */
export class EffectsRecordError extends Error {}

/** Bytes of a record's header: version and effect count. */
export const EFFECTS_RECORD_HEADER_BYTES = 1 + 4;

/** Bytes one effect with arguments `argv` takes in a record (its database does not change the size). */
export function effectBytes(argv: readonly string[]): number {
  let size = 8;
  for (const argument of argv) size += 4 + argument.length;
  return size;
}

/** Bytes of the record of a unit whose effects are `argvs`. */
export function effectsRecordBytes(argvs: readonly (readonly string[])[]): number {
  let size = EFFECTS_RECORD_HEADER_BYTES;
  for (const argv of argvs) size += effectBytes(argv);
  return size;
}

/** The payload of one unit of effects. */
export function encodeEffects(effects: readonly Effect[]): Buffer {
  if (effects.length === 0 || effects.length > effectsRecordLimits.effectsMax) throw new Error(`assertion: a unit of ${effects.length} effects`);
  const size = effectsRecordBytes(effects.map((effect) => effect.argv));
  const buffer = Buffer.allocUnsafe(size);
  let offset = buffer.writeUInt8(VERSION, 0);
  offset = buffer.writeUInt32BE(effects.length, offset);
  for (const effect of effects) {
    offset = buffer.writeUInt32BE(effect.db, offset);
    offset = buffer.writeUInt32BE(effect.argv.length, offset);
    for (const argument of effect.argv) {
      offset = buffer.writeUInt32BE(argument.length, offset);
      offset += buffer.write(argument, offset, 'latin1');
    }
  }
  if (offset !== size) throw new Error(`assertion: encoded ${offset} of ${size} bytes`);
  return buffer;
}

/** The unit of effects in `payload`; an EffectsRecordError when it is not one. */
export function decodeEffects(payload: Uint8Array): Effect[] {
  const buffer = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let offset = 0;
  const need = (bytes: number): void => {
    if (offset + bytes > buffer.length) throw new EffectsRecordError(`an effects record ends early (${buffer.length} bytes)`);
  };
  const u32 = (): number => {
    need(4);
    const value = buffer.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  need(1);
  const version = buffer.readUInt8(0);
  offset = 1;
  if (version !== VERSION) throw new EffectsRecordError(`unknown effects record version ${version}`);
  const count = u32();
  if (count === 0 || count > effectsRecordLimits.effectsMax) throw new EffectsRecordError(`an effects record with ${count} effects`);
  const effects: Effect[] = [];
  for (let index = 0; index < count; index++) {
    const db = u32();
    if (db >= effectsRecordLimits.databasesMax) throw new EffectsRecordError(`an effect in database ${db}`);
    const argc = u32();
    if (argc === 0 || argc > effectsRecordLimits.argumentsMax) throw new EffectsRecordError(`an effect with ${argc} arguments`);
    const argv: string[] = [];
    for (let position = 0; position < argc; position++) {
      const length = u32();
      need(length);
      argv.push(buffer.toString('latin1', offset, offset + length));
      offset += length;
    }
    effects.push({ db, argv });
  }
  if (offset !== buffer.length) throw new EffectsRecordError(`${buffer.length - offset} bytes after the last effect`);
  return effects;
}
