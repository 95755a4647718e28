/**
 * HyperLogLog commands (Redis 7.0 hyperloglog.c): PFADD, PFCOUNT, PFMERGE and PFDEBUG. HLLs are
 * string values in Redis's own `HYLL` representation (keyspace/hyperloglog.ts), so a value
 * read with GET from Redis and SET into cairn (or back) counts the same.
 *
 * Effects: PFADD, PFMERGE and PFDEBUG are deterministic and logged as sent. A single-key PFCOUNT
 * with a stale cached cardinality writes the count into the value as Redis does, and is logged
 * as sent (`PFCOUNT key`): the log's applier runs it and writes the same bytes, so primary and
 * replicas hold identical values. A replica serving a client's PFCOUNT counts without writing.
 * PFADD meeting a corrupt sparse value after changing registers keeps the change as Redis does
 * and logs it as `SET key value KEEPTTL`, since replaying the failing PFADD would fail.
 */
import {
  cachedCardinality,
  CORRUPT,
  countRegisters,
  HLL_REGISTERS,
  HyperLogLog,
  withCachedCardinality,
} from '../keyspace/hyperloglog.js';
import type { Entry, StringEntry } from '../keyspace/entry.js';
import { errors } from '../resp/errors.js';
import { ErrorReply, OK, type Reply, Status } from '../resp/reply.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

/** The HLL a looked-up entry holds: WRONGTYPE for another type, or for a string that is not an HLL. */
function asHyperLogLog(entry: Entry): HyperLogLog | ErrorReply {
  if (entry.type !== 'string') return errors.wrongType;
  return HyperLogLog.parse(entry.value) ?? errors.hllWrongType;
}

/** Store an HLL's bytes at `key`: in place (keeping the TTL) when the entry exists, else as a new key. */
function store(ctx: CommandContext, key: string, entry: Entry | undefined, hll: HyperLogLog): void {
  if (entry === undefined) ctx.db.set(key, 'string', hll.toString());
  else ctx.db.update(key, entry, 'string', hll.toString());
}

function sparseBytesMax(ctx: CommandContext): number {
  return ctx.server.settings.integer('hll-sparse-max-bytes');
}

function pfadd(ctx: CommandContext, argv: readonly string[]): Reply {
  const key = argv[1] as string;
  const entry = ctx.db.write(key);
  let hll: HyperLogLog;
  let updated = 0;
  if (entry === undefined) {
    hll = HyperLogLog.create();
    updated++;
  } else {
    const found = asHyperLogLog(entry);
    if (found instanceof ErrorReply) return found;
    hll = found;
  }
  const bytesMax = sparseBytesMax(ctx);
  for (let index = 2; index < argv.length; index++) {
    const result = hll.add(argv[index] as string, bytesMax);
    if (result === CORRUPT) return keepPartialAdd(ctx, key, entry, hll, updated);
    updated += result;
  }
  if (updated === 0) return 0;
  hll.invalidateCache();
  store(ctx, key, entry, hll);
  ctx.changed(updated);
  return 1;
}

/**
 * PFADD met a corrupt sparse code: registers raised before it stay raised, as in Redis; the
 * change is logged as the value it left, since replaying the PFADD would fail again.
 */
function keepPartialAdd(ctx: CommandContext, key: string, entry: Entry | undefined, hll: HyperLogLog, updated: number): Reply {
  if (updated > 0) {
    store(ctx, key, entry, hll);
    ctx.propagate(['SET', key, hll.toString(), 'KEEPTTL']);
  }
  return errors.hllCorrupt;
}

/** Whether PFCOUNT may write the cached cardinality back: on the primary and for the log's applier, not on a replica. */
function mayWriteCache(ctx: CommandContext): boolean {
  return ctx.server.role === 'primary' || ctx.client.applier;
}

function pfcount(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 2) return pfcountUnion(ctx, argv);
  const key = argv[1] as string;
  const entry = ctx.db.read(key);
  if (entry === undefined) return 0;
  const hll = asHyperLogLog(entry);
  if (hll instanceof ErrorReply) return hll;
  const value = (entry as StringEntry).value;
  const cached = cachedCardinality(value);
  if (cached !== null) return cached;
  const cardinality = hll.count();
  if (cardinality === null) return errors.hllCorrupt;
  if (mayWriteCache(ctx)) {
    ctx.db.update(key, entry, 'string', withCachedCardinality(value, cardinality));
    ctx.changed();
  }
  return cardinality;
}

/**
 * Raise `max` to the registers of every HLL among `keys` (missing keys count as empty). Also
 * reports whether one of them was dense. An error for a key that is no valid HLL.
 */
function mergeKeys(ctx: CommandContext, keys: readonly string[], max: Uint8Array): { anyDense: boolean } | ErrorReply {
  let anyDense = false;
  for (const key of keys) {
    const entry = ctx.db.read(key);
    if (entry === undefined) continue;
    const hll = asHyperLogLog(entry);
    if (hll instanceof ErrorReply) return hll;
    if (hll.encoding === 'dense') anyDense = true;
    if (!hll.mergeInto(max)) return errors.hllCorrupt;
  }
  return { anyDense };
}

/** PFCOUNT of several keys: the count of their union; nothing is written. */
function pfcountUnion(ctx: CommandContext, argv: readonly string[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  const merged = mergeKeys(ctx, argv.slice(1), max);
  if (merged instanceof ErrorReply) return merged;
  return countRegisters(max);
}

/**
 * PFMERGE: the union of every key given (the destination included) into the destination,
 * written register by register into its present encoding; dense when any input was dense.
 */
function pfmerge(ctx: CommandContext, argv: readonly string[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  const merged = mergeKeys(ctx, argv.slice(1), max);
  if (merged instanceof ErrorReply) return merged;
  const destination = argv[1] as string;
  const entry = ctx.db.write(destination);
  const hll = entry === undefined ? HyperLogLog.create() : asHyperLogLog(entry);
  if (hll instanceof ErrorReply) throw new Error('assertion: PFMERGE destination changed type after it was checked');
  if (merged.anyDense && !hll.toDense()) return errors.hllCorrupt;
  hll.raiseTo(max, sparseBytesMax(ctx));
  hll.invalidateCache();
  store(ctx, destination, entry, hll);
  ctx.changed();
  return OK;
}

/** PFDEBUG GETREG: the 16384 registers, converting a sparse value to dense first (a logged change). */
function debugRegisters(ctx: CommandContext, key: string, entry: Entry, hll: HyperLogLog): Reply {
  if (hll.encoding === 'sparse') {
    if (!hll.toDense()) return errors.hllCorrupt;
    store(ctx, key, entry, hll);
    ctx.changed();
  }
  return hll.registers();
}

/** PFDEBUG TODENSE: 1 when a sparse value was converted, 0 when it was dense already. */
function debugToDense(ctx: CommandContext, key: string, entry: Entry, hll: HyperLogLog): Reply {
  if (hll.encoding === 'dense') return 0;
  if (!hll.toDense()) return errors.hllCorrupt;
  store(ctx, key, entry, hll);
  ctx.changed();
  return 1;
}

/** PFDEBUG GETREG | DECODE | ENCODING | TODENSE key (the key is looked up first, as Redis). */
function pfdebug(ctx: CommandContext, argv: readonly string[]): Reply {
  const subcommand = argv[1] as string;
  const key = argv[2] as string;
  const entry = ctx.db.write(key);
  if (entry === undefined) return errors.pfdebugNoSuchKey;
  const hll = asHyperLogLog(entry);
  if (hll instanceof ErrorReply) return hll;
  switch (subcommand.toLowerCase()) {
    case 'getreg':
      return debugRegisters(ctx, key, entry, hll);
    case 'decode':
      return hll.encoding === 'sparse' ? hll.decode() : errors.pfdebugNotSparse;
    case 'encoding':
      return new Status(hll.encoding);
    case 'todense':
      return debugToDense(ctx, key, entry, hll);
    default:
      return errors.pfdebugUnknownSubcommand(subcommand);
  }
}

const hyperloglog = { group: 'hyperloglog', categories: ['hyperloglog'], firstKey: 1, lastKey: 1, keyStep: 1, since: '2.8.9' } as const;

export const hyperloglogCommands: readonly CommandSpec[] = [
  { ...hyperloglog, name: 'pfadd', arity: -2, flags: ['write', 'denyoom', 'fast'], summary: 'Adds the specified elements to the specified HyperLogLog.', complexity: 'O(1) to add every element.', handler: pfadd },
  { ...hyperloglog, name: 'pfcount', arity: -2, flags: ['readonly', 'may_replicate'], lastKey: -1, summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).', complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.', handler: pfcount },
  { ...hyperloglog, name: 'pfmerge', arity: -2, flags: ['write', 'denyoom'], lastKey: -1, summary: 'Merge N different HyperLogLogs into a single one.', complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.', handler: pfmerge },
  { ...hyperloglog, name: 'pfdebug', arity: 3, flags: ['write', 'denyoom', 'admin'], firstKey: 2, lastKey: 2, summary: 'Internal commands for debugging HyperLogLog values', complexity: 'N/A', handler: pfdebug },
];
