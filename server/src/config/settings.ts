/**
 * Server settings: every one has a default, a range and a line of documentation. They are
 * validated once at start-up; CONFIG SET changes only the mutable ones, validated the same way.
 * Names and value formats are Redis's, so CONFIG GET answers as Redis does.
 */
import { parseInt64 } from '../util/number.js';

export type SettingValue = number | string | boolean;

interface SettingBase {
  readonly name: string;
  readonly doc: string;
  /** false: fixed at start-up; CONFIG SET refuses it. */
  readonly mutable: boolean;
}

interface IntegerSetting extends SettingBase {
  readonly kind: 'integer';
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  /** Values accepted by min..max but outside this range are stored clamped to it (Redis's hz). */
  readonly clamp?: { readonly min: number; readonly max: number };
}

/** A byte count; accepts Redis memory units (1kb, 5mb, 1gb, 100k...). CONFIG GET prints bytes. */
interface MemorySetting extends SettingBase {
  readonly kind: 'memory';
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

interface EnumSetting extends SettingBase {
  readonly kind: 'enum';
  readonly defaultValue: string;
  readonly values: readonly string[];
}

interface StringSetting extends SettingBase {
  readonly kind: 'string';
  readonly defaultValue: string;
  /** Returns an error message when the value is not acceptable. */
  readonly validate?: (value: string) => string | null;
}

export type SettingSpec = IntegerSetting | MemorySetting | EnumSetting | StringSetting;

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const settingSpecs: readonly SettingSpec[] = [
  { name: 'port', kind: 'integer', defaultValue: 6379, min: 0, max: 65535, mutable: false, doc: 'TCP port to listen on; 0 picks a free port and prints it.' },
  { name: 'bind', kind: 'string', defaultValue: '127.0.0.1', mutable: false, doc: 'Address to listen on. Loopback by default; set 0.0.0.0 to accept remote clients.' },
  { name: 'databases', kind: 'integer', defaultValue: 16, min: 1, max: 1024, mutable: false, doc: 'Number of numbered databases (SELECT 0..N-1).' },
  { name: 'maxclients', kind: 'integer', defaultValue: 10000, min: 1, max: 1_000_000, mutable: true, doc: 'Connections accepted at once; further ones get "ERR max number of clients reached".' },
  { name: 'timeout', kind: 'integer', defaultValue: 0, min: 0, max: 2_147_483_647, mutable: true, doc: 'Close a client idle for this many seconds (0: never). Subscribers are never closed for idleness.' },
  { name: 'tcp-keepalive', kind: 'integer', defaultValue: 300, min: 0, max: 2_147_483_647, mutable: true, doc: 'TCP keepalive interval in seconds for new connections (0: off).' },
  { name: 'hz', kind: 'integer', defaultValue: 10, min: 0, max: 2_147_483_647, clamp: { min: 1, max: 500 }, mutable: true, doc: 'Background task frequency per second (active expiry, idle client checks); values outside 1..500 are clamped to that range.' },
  { name: 'proto-max-bulk-len', kind: 'memory', defaultValue: 512 * MB, min: MB, max: 512 * MB, mutable: true, doc: 'Largest bulk string accepted in a request, in bytes.' },
  { name: 'client-query-buffer-limit', kind: 'memory', defaultValue: GB, min: MB, max: GB, mutable: true, doc: 'Most bytes one pending request may hold; a client above it is disconnected.' },
  {
    name: 'client-output-buffer-limit',
    kind: 'string',
    defaultValue: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    mutable: true,
    doc: 'Per class (normal, replica, pubsub): hard limit bytes, soft limit bytes, soft seconds. Above the hard limit, or above the soft limit for that long, the client is disconnected. Normal clients are also held by backpressure: the server stops reading from a client whose replies are not being read.',
    validate: (value) => (parseOutputBufferLimits(value, null) === null ? 'Wrong number of arguments in buffer limit configuration.' : null),
  },
  { name: 'slowlog-log-slower-than', kind: 'integer', defaultValue: 10000, min: -1, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'Log commands slower than this many microseconds in SLOWLOG (-1: never, 0: all).' },
  { name: 'slowlog-max-len', kind: 'integer', defaultValue: 128, min: 0, max: 2_147_483_647, mutable: true, doc: 'Entries kept in the SLOWLOG.' },
  {
    name: 'save',
    kind: 'string',
    defaultValue: '',
    mutable: true,
    doc: 'Accepted for compatibility with Redis tools and scripts (pairs of seconds and changes, or empty); it has no effect: cairn writes no RDB files.',
    validate: (value) => (/^\s*(\d+\s+\d+\s*)*$/.test(value) ? null : 'Invalid save parameters'),
  },
  {
    name: 'appendonly',
    kind: 'string',
    defaultValue: 'no',
    mutable: true,
    doc: 'Always "no": cairn has no append-only file. Durability comes from the transaction log, not from this setting.',
    validate: (value) =>
      value.toLowerCase() === 'no' ? null : value.toLowerCase() === 'yes' ? 'cairn has no append-only file; durability comes from its transaction log' : "argument must be 'yes' or 'no'",
  },
  { name: 'loglevel', kind: 'enum', defaultValue: 'notice', values: ['debug', 'verbose', 'notice', 'warning', 'nothing'], mutable: true, doc: 'Log verbosity (Redis names; logs are pino JSON on stderr).' },
  // Compact encodings of small collections: the limits Redis 7.0 uses to choose them (OBJECT ENCODING).
  { name: 'list-max-listpack-size', kind: 'integer', defaultValue: -2, min: -2_147_483_648, max: 2_147_483_647, mutable: true, doc: 'Quicklist node size: positive is entries per node, -1..-5 is 4, 8, 16, 32 or 64 KB per node (below -5 counts as -5).' },
  { name: 'list-compress-depth', kind: 'integer', defaultValue: 0, min: 0, max: 2_147_483_647, mutable: true, doc: 'Quicklist nodes at each end left uncompressed (accepted for compatibility; cairn does not compress).' },
  { name: 'hash-max-listpack-entries', kind: 'integer', defaultValue: 512, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A hash with more fields than this is a hashtable.' },
  { name: 'hash-max-listpack-value', kind: 'integer', defaultValue: 64, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A hash with a field or value longer than this many bytes is a hashtable.' },
  { name: 'set-max-intset-entries', kind: 'integer', defaultValue: 512, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A set of integers with more members than this is a hashtable.' },
  { name: 'zset-max-listpack-entries', kind: 'integer', defaultValue: 128, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A sorted set with more members than this is a skiplist.' },
  { name: 'zset-max-listpack-value', kind: 'integer', defaultValue: 64, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A sorted set with a member longer than this many bytes is a skiplist.' },
  { name: 'stream-node-max-bytes', kind: 'memory', defaultValue: 4096, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'Bytes per stream node (radix tree leaf) before a new node starts (0: no limit).' },
  { name: 'stream-node-max-entries', kind: 'integer', defaultValue: 100, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'Entries per stream node before a new node starts (0: no limit).' },
  { name: 'hll-sparse-max-bytes', kind: 'memory', defaultValue: 3000, min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true, doc: 'A HyperLogLog in sparse encoding longer than this many bytes is converted to dense.' },
  {
    name: 'cairn-group-name',
    kind: 'string',
    defaultValue: 'cairn',
    mutable: false,
    doc: 'The name the SENTINEL commands give this cluster (the master name Sentinel clients ask for); the same on every server of a cluster.',
    validate: (value) => (/^[\x21-\x7e]{1,128}$/.test(value) ? null : 'the group name must be 1 to 128 printable characters without spaces'),
  },
];

export type OutputBufferClass = 'normal' | 'replica' | 'pubsub';

export interface OutputBufferLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

export type OutputBufferLimits = Record<OutputBufferClass, OutputBufferLimit>;

/**
 * Parse `class hard soft seconds [class hard soft seconds ...]` onto `base` (or the defaults).
 * Returns null when malformed.
 */
export function parseOutputBufferLimits(text: string, base: OutputBufferLimits | null): OutputBufferLimits | null {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || words.length % 4 !== 0) return null;
  const result: OutputBufferLimits = base
    ? { normal: { ...base.normal }, replica: { ...base.replica }, pubsub: { ...base.pubsub } }
    : {
        normal: { hardBytes: 0, softBytes: 0, softSeconds: 0 },
        replica: { hardBytes: 256 * MB, softBytes: 64 * MB, softSeconds: 60 },
        pubsub: { hardBytes: 32 * MB, softBytes: 8 * MB, softSeconds: 60 },
      };
  for (let index = 0; index < words.length; index += 4) {
    const name = (words[index] as string).toLowerCase();
    const klass: OutputBufferClass | null =
      name === 'normal' ? 'normal' : name === 'slave' || name === 'replica' ? 'replica' : name === 'pubsub' ? 'pubsub' : null;
    const hard = parseMemory(words[index + 1] as string);
    const soft = parseMemory(words[index + 2] as string);
    const seconds = Number(words[index + 3]);
    if (klass === null || hard === null || soft === null || !Number.isInteger(seconds) || seconds < 0) return null;
    result[klass] = { hardBytes: hard, softBytes: soft, softSeconds: seconds };
  }
  return result;
}

export function formatOutputBufferLimits(limits: OutputBufferLimits): string {
  const part = (name: string, limit: OutputBufferLimit) => `${name} ${limit.hardBytes} ${limit.softBytes} ${limit.softSeconds}`;
  return `${part('normal', limits.normal)} ${part('slave', limits.replica)} ${part('pubsub', limits.pubsub)}`;
}

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1000 * 1000, mb: MB, g: 1000 * 1000 * 1000, gb: GB };

/** Redis memtoull: digits with an optional unit (k, kb, m, mb, g, gb; case-insensitive); no digits reads as 0. */
export function parseMemory(text: string): number | null {
  const match = /^(\d*)([a-zA-Z]*)$/.exec(text);
  if (!match) return null;
  const unit = MEMORY_UNITS[(match[2] as string).toLowerCase()];
  if (unit === undefined) return null;
  const value = Number(match[1]) * unit;
  return Number.isSafeInteger(value) ? value : null;
}

/** The validated, current settings. Read by everything; changed only through `set`. */
export class Settings {
  /**
   * Current values. A plain object with every setting present from the start (a stable shape),
   * because some are read on every command and a property read is cheaper than a Map lookup.
   */
  private readonly values: Record<string, SettingValue> = Object.fromEntries(settingSpecs.map((spec) => [spec.name, spec.defaultValue]));
  outputBufferLimits: OutputBufferLimits;

  constructor(overrides: Record<string, string | number> = {}) {
    for (const [name, value] of Object.entries(overrides)) {
      const error = this.set(name, String(value), true);
      if (error !== null) throw new Error(`invalid setting ${name}=${value}: ${error}`);
    }
    this.outputBufferLimits = parseOutputBufferLimits(this.string('client-output-buffer-limit'), null) as OutputBufferLimits;
  }

  static spec(name: string): SettingSpec | undefined {
    return settingSpecs.find((spec) => spec.name === name.toLowerCase());
  }

  integer(name: string): number {
    const value = this.values[name];
    if (typeof value !== 'number') throw new Error(`assertion: setting ${name} is not numeric`);
    return value;
  }

  string(name: string): string {
    const value = this.values[name];
    if (typeof value !== 'string') throw new Error(`assertion: setting ${name} is not a string`);
    return value;
  }

  /** The value as CONFIG GET prints it. */
  format(name: string): string {
    if (name === 'client-output-buffer-limit') return formatOutputBufferLimits(this.outputBufferLimits);
    return String(this.values[name]);
  }

  /**
   * Validate and set one value. Returns null on success or an error message (Redis's CONFIG SET
   * wording after "argument 'name' - ").
   */
  set(name: string, text: string, startup = false): string | null {
    const spec = Settings.spec(name);
    if (spec === undefined) return 'Unknown option or number of arguments for CONFIG SET';
    if (!spec.mutable && !startup) return "can't set immutable config";
    const parsed = parseSetting(spec, text);
    if (typeof parsed === 'object') return parsed.error;
    this.values[spec.name] = parsed;
    if (spec.name === 'client-output-buffer-limit') {
      this.outputBufferLimits = parseOutputBufferLimits(text, this.outputBufferLimits ?? null) as OutputBufferLimits;
    }
    return null;
  }

  /** Validate without setting (CONFIG SET checks every pair before applying any). */
  check(name: string, text: string): string | null {
    const spec = Settings.spec(name);
    if (spec === undefined) return 'Unknown option or number of arguments for CONFIG SET';
    if (!spec.mutable) return "can't set immutable config";
    const parsed = parseSetting(spec, text);
    return typeof parsed === 'object' ? parsed.error : null;
  }
}

function parseSetting(spec: SettingSpec, text: string): SettingValue | { error: string } {
  switch (spec.kind) {
    case 'integer': {
      const parsed = parseInt64(text);
      if (parsed === null) return { error: 'argument couldn\'t be parsed into an integer' };
      if (parsed < BigInt(spec.min) || parsed > BigInt(spec.max)) {
        return { error: `argument must be between ${spec.min} and ${spec.max} inclusive` };
      }
      const value = Number(parsed);
      return spec.clamp === undefined ? value : Math.min(spec.clamp.max, Math.max(spec.clamp.min, value));
    }
    case 'memory': {
      const value = parseMemory(text);
      if (value === null) return { error: 'argument must be a memory value' };
      if (value < spec.min || value > spec.max) return { error: `argument must be between ${spec.min} and ${spec.max} inclusive` };
      return value;
    }
    case 'enum': {
      const value = text.toLowerCase();
      if (!spec.values.includes(value)) return { error: `argument(s) must be one of the following: ${spec.values.join(', ')}` };
      return value;
    }
    case 'string': {
      const error = spec.validate?.(text) ?? null;
      return error === null ? text : { error };
    }
  }
}
