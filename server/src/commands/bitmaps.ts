/**
 * Bitmaps: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO (Redis 7.0 bitops.c).
 * Bitmaps are string values; the bit arithmetic lives in keyspace/bitmap.ts. Every write here is
 * deterministic, so a command that changed something is logged as it was sent.
 */
import { limits } from '../config/limits.js';
import {
  type BitOperation,
  bitAt,
  bitwise,
  countBits,
  FieldEditor,
  findBit,
  fitField,
  type Overflow,
  padTo,
  popcount,
  withBit,
} from '../keyspace/bitmap.js';
import type { StringEntry } from '../keyspace/entry.js';
import { errors } from '../resp/errors.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import { parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

const SAFE_INTEGER_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A bit offset argument (Redis getBitOffsetFromArgument): a non-negative int64 whose byte lies
 * below proto-max-bulk-len. With `hashBits` > 0 (BITFIELD) `#N` means N * hashBits, multiplied
 * in 64-bit two's complement as Redis does. The log's applier is not held to the client limit.
 */
function parseBitOffset(ctx: CommandContext, text: string, hashBits = 0): number | ErrorReply {
  const hashed = hashBits > 0 && text.charCodeAt(0) === 35; /* # */
  let offset = parseInt64(hashed ? text.slice(1) : text);
  if (offset === null) return errors.bitOffset;
  if (hashed) offset = BigInt.asIntN(64, offset * BigInt(hashBits));
  const protoMax = ctx.server.settings.integer('proto-max-bulk-len');
  const bytesMax = ctx.client.applier ? Math.max(protoMax, limits.stringBytesMax) : protoMax;
  if (offset < 0n || offset >> 3n >= BigInt(bytesMax)) return errors.bitOffset;
  return Number(offset);
}

/** Whether a string may grow to `length` bytes: within proto-max-bulk-len (not for the applier) and V8's limit. */
function mayGrowTo(ctx: CommandContext, length: number): boolean {
  if (length > limits.stringBytesMax) return false;
  return ctx.client.applier || length <= ctx.server.settings.integer('proto-max-bulk-len');
}

/** The string entry at `key` for reading: undefined when missing, an error for another type. */
function readString(ctx: CommandContext, key: string): StringEntry | undefined | ErrorReply {
  const entry = ctx.db.read(key);
  if (entry !== undefined && entry.type !== 'string') return errors.wrongType;
  return entry;
}

/** The string entry at `key` before changing it: undefined when missing, an error for another type. */
function writeString(ctx: CommandContext, key: string): StringEntry | undefined | ErrorReply {
  const entry = ctx.db.write(key);
  if (entry !== undefined && entry.type !== 'string') return errors.wrongType;
  return entry;
}

/** Store `value` at `key`: in place (keeping the TTL) when the entry exists, else as a new key. */
function storeString(ctx: CommandContext, key: string, entry: StringEntry | undefined, value: string): void {
  if (entry === undefined) ctx.db.set(key, 'string', value);
  else ctx.db.update(key, entry, 'string', value);
  ctx.changed();
}

function setbit(ctx: CommandContext, argv: readonly string[]): Reply {
  const offset = parseBitOffset(ctx, argv[2] as string);
  if (offset instanceof ErrorReply) return offset;
  const bitText = argv[3] as string;
  if (bitText !== '0' && bitText !== '1') return errors.bitValue;
  const bit = bitText === '1' ? 1 : 0;
  const key = argv[1] as string;
  const entry = writeString(ctx, key);
  if (entry instanceof ErrorReply) return entry;
  const old = entry?.value ?? '';
  const grows = entry === undefined || Math.floor(offset / 8) >= old.length;
  if (grows && !mayGrowTo(ctx, Math.floor(offset / 8) + 1)) return errors.stringTooLong;
  const previous = bitAt(old, offset);
  if (grows || previous !== bit) storeString(ctx, key, entry, withBit(old, offset, bit));
  return previous;
}

function getbit(ctx: CommandContext, argv: readonly string[]): Reply {
  const offset = parseBitOffset(ctx, argv[2] as string);
  if (offset instanceof ErrorReply) return offset;
  const entry = readString(ctx, argv[1] as string);
  if (entry instanceof ErrorReply) return entry;
  return entry === undefined ? 0 : bitAt(entry.value, offset);
}

/** A range of bits of a string, both ends inclusive and inside the string. */
interface BitRange {
  startBit: number;
  endBit: number;
}

/**
 * Redis's range rules for BITCOUNT and BITPOS: negative indexes count from the end, both ends are
 * clamped into [0, total-1], and the unit is bytes or bits. Null when the range is empty.
 */
function resolveRange(start: bigint, end: bigint, length: number, inBits: boolean): BitRange | null {
  const total = BigInt(inBits ? length * 8 : length);
  let first = start < 0n ? start + total : start;
  let last = end < 0n ? end + total : end;
  if (first < 0n) first = 0n;
  if (last < 0n) last = 0n;
  if (last >= total) last = total - 1n;
  if (first > last) return null;
  const scale = inBits ? 1 : 8;
  return { startBit: Number(first) * scale, endBit: Number(last) * scale + (inBits ? 0 : 7) };
}

/** BIT or BYTE, case-insensitive; null for anything else. */
function parseUnit(text: string): 'bit' | 'byte' | null {
  const lower = text.toLowerCase();
  return lower === 'bit' || lower === 'byte' ? lower : null;
}

function bitcount(ctx: CommandContext, argv: readonly string[]): Reply {
  const entry = readString(ctx, argv[1] as string);
  if (entry instanceof ErrorReply) return entry;
  if (entry === undefined) return 0;
  const value = entry.value;
  if (argv.length === 2) return popcount(value, 0, value.length);
  if (argv.length !== 4 && argv.length !== 5) return errors.syntax;
  const start = parseInt64(argv[2] as string);
  const end = parseInt64(argv[3] as string);
  if (start === null || end === null) return errors.notInteger;
  if (start < 0n && end < 0n && start > end) return 0;
  const unit = argv.length === 5 ? parseUnit(argv[4] as string) : 'byte';
  if (unit === null) return errors.syntax;
  const range = resolveRange(start, end, value.length, unit === 'bit');
  return range === null ? 0 : countBits(value, range.startBit, range.endBit);
}

function bitpos(ctx: CommandContext, argv: readonly string[]): Reply {
  const bitValue = parseInt64(argv[2] as string);
  if (bitValue === null) return errors.notInteger;
  if (bitValue !== 0n && bitValue !== 1n) return errors.bitArgument;
  const bit = bitValue === 1n ? 1 : 0;
  const entry = readString(ctx, argv[1] as string);
  if (entry instanceof ErrorReply) return entry;
  if (entry === undefined) return bit === 1 ? -1 : 0;
  if (argv.length > 6) return errors.syntax;
  const value = entry.value;
  let start = 0n;
  let end = BigInt(value.length - 1);
  let unit: 'bit' | 'byte' | null = 'byte';
  if (argv.length >= 4) {
    const parsedStart = parseInt64(argv[3] as string);
    if (parsedStart === null) return errors.notInteger;
    start = parsedStart;
    if (argv.length === 6) unit = parseUnit(argv[5] as string);
    if (unit === null) return errors.syntax;
    const parsedEnd = argv.length >= 5 ? parseInt64(argv[4] as string) : end;
    if (parsedEnd === null) return errors.notInteger;
    end = parsedEnd;
  }
  const range = resolveRange(start, end, value.length, unit === 'bit');
  if (range === null) return -1;
  const position = findBit(value, bit, range.startBit, range.endBit);
  // Without an explicit end the string counts as zero-padded on the right (Redis's rule).
  if (position === -1 && bit === 0 && argv.length < 5) return range.endBit + 1;
  return position;
}

const BIT_OPERATIONS: ReadonlySet<string> = new Set(['and', 'or', 'xor', 'not']);

function bitop(ctx: CommandContext, argv: readonly string[]): Reply {
  const operation = (argv[1] as string).toLowerCase();
  if (!BIT_OPERATIONS.has(operation)) return errors.syntax;
  if (operation === 'not' && argv.length !== 4) return errors.bitopNotSingleSource;
  const sources: string[] = [];
  for (let index = 3; index < argv.length; index++) {
    const entry = readString(ctx, argv[index] as string);
    if (entry instanceof ErrorReply) return entry;
    sources.push(entry?.value ?? '');
  }
  const result = bitwise(operation as BitOperation, sources);
  const destination = argv[2] as string;
  ctx.db.write(destination); // an expired destination is removed (and its DEL logged) first, as Redis's setKey
  if (result.length > 0) {
    ctx.db.set(destination, 'string', result);
    ctx.changed();
  } else if (ctx.db.delete(destination)) {
    ctx.changed();
  }
  return result.length;
}

/** One parsed BITFIELD subcommand. */
interface FieldOperation {
  readonly kind: 'get' | 'set' | 'incrby';
  readonly signed: boolean;
  readonly bits: number;
  readonly offset: number;
  /** SET's value or INCRBY's increment (0 for GET). */
  readonly argument: bigint;
  readonly overflow: Overflow;
}

/**
 * A field type: `i1`..`i64` or `u1`..`u63`. As Redis (which reads it as a C string) the digits
 * end at the first NUL byte.
 */
function parseFieldType(text: string): { signed: boolean; bits: number } | ErrorReply {
  const sign = text.charAt(0);
  if (sign !== 'i' && sign !== 'u') return errors.bitfieldType;
  const nul = text.indexOf('\0', 1);
  const bits = parseInt64(text.slice(1, nul === -1 ? text.length : nul));
  const bitsMax = sign === 'i' ? 64n : 63n;
  if (bits === null || bits < 1n || bits > bitsMax) return errors.bitfieldType;
  return { signed: sign === 'i', bits: Number(bits) };
}

function parseOverflow(text: string): Overflow | ErrorReply {
  const lower = text.toLowerCase();
  return lower === 'wrap' || lower === 'sat' || lower === 'fail' ? lower : errors.bitfieldOverflowType;
}

/** Arguments each subcommand takes after its name. */
const FIELD_ARGUMENTS = { get: 2, set: 3, incrby: 3 } as const;

/** Parse every subcommand, reporting the first error in argument order as Redis does. */
function parseFieldOperations(ctx: CommandContext, argv: readonly string[]): FieldOperation[] | ErrorReply {
  const operations: FieldOperation[] = [];
  let overflow: Overflow = 'wrap';
  for (let index = 2; index < argv.length; index++) {
    const remaining = argv.length - index - 1;
    const name = (argv[index] as string).toLowerCase();
    if (name === 'overflow' && remaining >= 1) {
      const parsed = parseOverflow(argv[++index] as string);
      if (parsed instanceof ErrorReply) return parsed;
      overflow = parsed;
      continue;
    }
    if (name !== 'get' && name !== 'set' && name !== 'incrby') return errors.syntax;
    if (remaining < FIELD_ARGUMENTS[name]) return errors.syntax;
    const type = parseFieldType(argv[index + 1] as string);
    if (type instanceof ErrorReply) return type;
    const offset = parseBitOffset(ctx, argv[index + 2] as string, type.bits);
    if (offset instanceof ErrorReply) return offset;
    let argument = 0n;
    if (name !== 'get') {
      const parsed = parseInt64(argv[index + 3] as string);
      if (parsed === null) return errors.notInteger;
      argument = parsed;
    }
    operations.push({ kind: name, ...type, offset, argument, overflow });
    index += FIELD_ARGUMENTS[name];
  }
  return operations;
}

/** An integer reply: a number when exact, a bigint beyond 2^53. */
function integerReply(value: bigint): number | bigint {
  return value <= SAFE_INTEGER_MAX && value >= -SAFE_INTEGER_MAX ? Number(value) : value;
}

function readField(editor: FieldEditor, operation: FieldOperation): bigint {
  return operation.signed
    ? editor.getSigned(operation.offset, operation.bits)
    : editor.getUnsigned(operation.offset, operation.bits);
}

/** BITFIELD with GETs only: reads in place, creates nothing. */
function bitfieldRead(ctx: CommandContext, key: string, operations: readonly FieldOperation[]): Reply {
  const entry = readString(ctx, key);
  if (entry instanceof ErrorReply) return entry;
  const editor = new FieldEditor(entry?.value ?? '');
  return operations.map((operation) => integerReply(readField(editor, operation)));
}

/**
 * The result of one SET or INCRBY through `editor`: the reply (the old value for SET, the new one for
 * INCRBY, null when FAIL refused it) and whether the field changed.
 */
function writeField(editor: FieldEditor, operation: FieldOperation): { reply: Reply; changed: boolean } {
  const old = readField(editor, operation);
  // An unsigned SET sees its value as uint64 (Redis): a negative value overflows upward.
  const target =
    operation.kind === 'incrby'
      ? old + operation.argument
      : operation.signed
        ? operation.argument
        : BigInt.asUintN(64, operation.argument);
  const stored = fitField(target, operation.signed, operation.bits, operation.overflow);
  if (stored === null) return { reply: null, changed: false };
  editor.set(operation.offset, operation.bits, stored);
  return { reply: integerReply(operation.kind === 'set' ? old : stored), changed: stored !== old };
}

/**
 * BITFIELD with writes: the string is first grown to hold the farthest written field (as Redis,
 * even when every write then fails), then the subcommands run in order.
 */
function bitfieldWrite(ctx: CommandContext, key: string, operations: readonly FieldOperation[]): Reply {
  const entry = writeString(ctx, key);
  if (entry instanceof ErrorReply) return entry;
  const old = entry?.value ?? '';
  let needed = 0;
  for (const operation of operations) {
    if (operation.kind !== 'get') needed = Math.max(needed, Math.floor((operation.offset + operation.bits - 1) / 8) + 1);
  }
  const grows = entry === undefined || needed > old.length;
  if (grows && !mayGrowTo(ctx, needed)) return errors.stringTooLong;
  const editor = new FieldEditor(padTo(old, needed));
  const replies: Reply[] = [];
  let changed = grows;
  for (const operation of operations) {
    if (operation.kind === 'get') {
      replies.push(integerReply(readField(editor, operation)));
      continue;
    }
    const result = writeField(editor, operation);
    replies.push(result.reply);
    changed ||= result.changed;
  }
  if (changed) storeString(ctx, key, entry, editor.applied());
  return replies;
}

function bitfieldCommand(readOnly: boolean) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const operations = parseFieldOperations(ctx, argv);
    if (operations instanceof ErrorReply) return operations;
    const key = argv[1] as string;
    if (operations.every((operation) => operation.kind === 'get')) return bitfieldRead(ctx, key, operations);
    if (readOnly) return errors.bitfieldReadOnly;
    return bitfieldWrite(ctx, key, operations);
  };
}

const bitmap = { group: 'bitmap', categories: ['bitmap'], firstKey: 1, lastKey: 1, keyStep: 1 } as const;

export const bitmapCommands: readonly CommandSpec[] = [
  { ...bitmap, name: 'setbit', arity: 4, flags: ['write', 'denyoom'], summary: 'Sets or clears the bit at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)', handler: setbit },
  { ...bitmap, name: 'getbit', arity: 3, flags: ['readonly', 'fast'], summary: 'Returns the bit value at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)', handler: getbit },
  { ...bitmap, name: 'bitcount', arity: -2, flags: ['readonly'], summary: 'Count set bits in a string', since: '2.6.0', complexity: 'O(N)', handler: bitcount },
  { ...bitmap, name: 'bitpos', arity: -3, flags: ['readonly'], summary: 'Find first bit set or clear in a string', since: '2.8.7', complexity: 'O(N)', handler: bitpos },
  { ...bitmap, name: 'bitop', arity: -4, flags: ['write', 'denyoom'], firstKey: 2, lastKey: -1, summary: 'Perform bitwise operations between strings', since: '2.6.0', complexity: 'O(N)', handler: bitop },
  { ...bitmap, name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], summary: 'Perform arbitrary bitfield integer operations on strings', since: '3.2.0', complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand(false) },
  { ...bitmap, name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', since: '6.0.0', complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand(true) },
];
