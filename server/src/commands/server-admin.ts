/**
 * Server administration: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SLOWLOG, MONITOR,
 * MEMORY and OBJECT. (INFO is in info.ts, CONFIG in config.ts.)
 */
import type { Entry } from '../keyspace/entry.js';
import { errors } from '../resp/errors.js';
import { DoubleReply, MapReply, NO_REPLY, OK, type Reply, VerbatimReply } from '../resp/reply.js';
import { memoryReport } from '../state/memory.js';
import { parseInt64, parseSafeInteger } from '../util/number.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import { entryMemoryUsage, objectEncoding, objectRefcount } from './object-inspection.js';
import type { CommandSpec } from './spec.js';

/** SLOWLOG GET without a count returns this many entries (Redis's default). */
const SLOWLOG_DEFAULT_COUNT = 10;
/** MEMORY USAGE samples this many elements of a collection by default (Redis OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
const MEMORY_USAGE_DEFAULT_SAMPLES = 5;
/** MEMORY DOCTOR has nothing to say below this much data, as Redis (5 MB). */
const DOCTOR_DATASET_BYTES_MIN = 5 * 1024 * 1024;

// ---- keyspace-wide writes ------------------------------------------------------------------

/** FLUSHDB/FLUSHALL take one optional SYNC or ASYNC (both flush at once here). */
function flushOptionsError(argv: readonly string[]): Reply | null {
  if (argv.length > 2) return errors.syntax;
  if (argv.length === 2) {
    const mode = (argv[1] as string).toLowerCase();
    if (mode !== 'sync' && mode !== 'async') return errors.syntax;
  }
  return null;
}

function flushdb(ctx: CommandContext, argv: readonly string[]): Reply {
  const error = flushOptionsError(argv);
  if (error !== null) return error;
  const database = ctx.db;
  ctx.server.watches.touchDatabase(database, null);
  ctx.server.blocking.signalDatabase(database.id);
  if (database.flush() > 0) ctx.changed();
  return OK;
}

function flushall(ctx: CommandContext, argv: readonly string[]): Reply {
  const error = flushOptionsError(argv);
  if (error !== null) return error;
  for (const database of ctx.keyspace.databases) {
    ctx.server.watches.touchDatabase(database, null);
    ctx.server.blocking.signalDatabase(database.id);
  }
  if (ctx.keyspace.flushAll() > 0) ctx.changed();
  return OK;
}

/** A database index as Redis's getIntFromObject reads it (an int32), or null. */
function parseDatabaseIndex(text: string): number | null {
  const value = parseSafeInteger(text);
  return value === null || value < -2147483648 || value > 2147483647 ? null : value;
}

function swapdb(ctx: CommandContext, argv: readonly string[]): Reply {
  const first = parseDatabaseIndex(argv[1] as string);
  if (first === null) return errors.invalidFirstDbIndex;
  const second = parseDatabaseIndex(argv[2] as string);
  if (second === null) return errors.invalidSecondDbIndex;
  const count = ctx.keyspace.databases.length;
  if (first < 0 || first >= count || second < 0 || second >= count) return errors.dbIndexOutOfRange;
  if (first === second) return OK;
  const one = ctx.keyspace.db(first);
  const other = ctx.keyspace.db(second);
  ctx.server.watches.touchDatabase(one, other);
  ctx.server.watches.touchDatabase(other, one);
  const movesKeys = one.size > 0 || other.size > 0;
  ctx.keyspace.swap(first, second);
  ctx.server.blocking.signalDatabase(first);
  ctx.server.blocking.signalDatabase(second);
  if (movesKeys) ctx.changed();
  return OK;
}

/** Collections run by MEMORY PURGE: after one, V8 still counts some freed typed-array memory as external. */
const PURGE_COLLECTIONS = 2;

/** MEMORY PURGE: full garbage collections when the process runs with --expose-gc (the memory benchmark does); otherwise nothing to do. */
function memoryPurge(): Reply {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; gc !== undefined && round < PURGE_COLLECTIONS; round++) gc();
  return OK;
}

// ---- time ------------------------------------------------------------------------------------

function time(ctx: CommandContext): Reply {
  const micros = ctx.server.clock.nowMicros();
  return [String(Math.floor(micros / 1_000_000)), String(micros % 1_000_000)];
}

// ---- SLOWLOG ---------------------------------------------------------------------------------

function slowlogGet(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 3) return errors.subcommandSyntax(argv[1] as string, argv[0] as string);
  let count = SLOWLOG_DEFAULT_COUNT;
  if (argv.length === 3) {
    const parsed = parseInt64(argv[2] as string);
    if (parsed === null || parsed < -1n) return errors.slowlogCountRange;
    count = parsed === -1n ? ctx.server.slowlog.length : Number(parsed);
  }
  return ctx.server.slowlog
    .newest(count)
    .map((entry) => [entry.id, entry.timestampSeconds, entry.microseconds, [...entry.argv], entry.clientAddress, entry.clientName]);
}

function slowlogReset(ctx: CommandContext): Reply {
  ctx.server.slowlog.reset();
  return OK;
}

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

// ---- MONITOR ---------------------------------------------------------------------------------

/** Start streaming every command to this client. A second MONITOR answers nothing, as Redis. */
function monitor(ctx: CommandContext): Reply {
  const client = ctx.client;
  if (client.multi !== null) return errors.monitorInTransaction;
  if (client.monitor) return NO_REPLY;
  client.monitor = true;
  ctx.server.monitors.add(client);
  return OK;
}

// ---- MEMORY ----------------------------------------------------------------------------------

function memoryUsage(ctx: CommandContext, argv: readonly string[]): Reply {
  let samples = MEMORY_USAGE_DEFAULT_SAMPLES;
  for (let index = 3; index < argv.length; index += 2) {
    if ((argv[index] as string).toLowerCase() !== 'samples' || index + 1 >= argv.length) return errors.syntax;
    const parsed = parseInt64(argv[index + 1] as string);
    if (parsed === null) return errors.notInteger;
    if (parsed < 0n) return errors.syntax;
    samples = parsed === 0n ? Number.MAX_SAFE_INTEGER : Number(parsed);
  }
  const key = argv[2] as string;
  const entry = ctx.db.peek(key);
  return entry === undefined ? null : entryMemoryUsage(key, entry, samples);
}

function memoryStats(ctx: CommandContext): Reply {
  const report = memoryReport(ctx.server);
  const databases: Reply[] = [];
  for (const database of report.databases) {
    databases.push(
      `db.${database.id}`,
      new MapReply([
        'overhead.hashtable.main', database.mainBytes,
        'overhead.hashtable.expires', database.expiresBytes,
        'overhead.hashtable.slot-to-keys', 0,
      ]),
    );
  }
  const netBytes = Math.max(1, report.usedBytes - report.startupBytes);
  const ratio = (part: number, whole: number) => new DoubleReply(Math.fround(whole > 0 ? part / whole : 0));
  return new MapReply([
    'peak.allocated', report.peakBytes,
    'total.allocated', report.usedBytes,
    'startup.allocated', report.startupBytes,
    'replication.backlog', 0,
    'clients.slaves', 0,
    'clients.normal', report.clientsBytes,
    'cluster.links', 0,
    'aof.buffer', 0,
    'lua.caches', 0,
    'functions.caches', 0,
    ...databases,
    'overhead.total', report.overheadBytes,
    'keys.count', report.keys,
    'keys.bytes-per-key', report.keys > 0 ? Math.floor(netBytes / report.keys) : 0,
    'dataset.bytes', report.datasetBytes,
    'dataset.percentage', ratio(report.datasetBytes * 100, netBytes),
    'peak.percentage', ratio(report.usedBytes * 100, report.peakBytes),
    'allocator.allocated', report.usedBytes,
    'allocator.active', report.activeBytes,
    'allocator.resident', report.rssBytes,
    'allocator-fragmentation.ratio', ratio(report.activeBytes, report.usedBytes),
    'allocator-fragmentation.bytes', report.activeBytes - report.usedBytes,
    'allocator-rss.ratio', ratio(report.rssBytes, report.activeBytes),
    'allocator-rss.bytes', report.rssBytes - report.activeBytes,
    'rss-overhead.ratio', ratio(1, 1),
    'rss-overhead.bytes', 0,
    'fragmentation', ratio(report.rssBytes, report.usedBytes),
    'fragmentation.bytes', report.rssBytes - report.usedBytes,
  ]);
}

/** MEMORY DOCTOR: Redis's two plain verdicts (cairn has no allocator fragmentation to diagnose). */
function memoryDoctor(ctx: CommandContext): Reply {
  const report = memoryReport(ctx.server);
  const text =
    report.datasetBytes < DOCTOR_DATASET_BYTES_MIN
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.";
  return new VerbatimReply('txt', text);
}

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

// ---- OBJECT ----------------------------------------------------------------------------------

/** OBJECT subcommands look the key up without touching it; a missing key answers null. */
function objectInspect(inspect: (ctx: CommandContext, entry: Entry) => Reply) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const entry = ctx.db.peek(argv[2] as string);
    return entry === undefined ? null : inspect(ctx, entry);
  };
}

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

// ---- the table -------------------------------------------------------------------------------

const server = { group: 'server', categories: [] } as const;
const noKeys = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const adminStale = ['admin', 'loading', 'stale'] as const;
const helpFlags = ['loading', 'stale'] as const;
const objectKey = { group: 'generic', categories: ['keyspace'], firstKey: 2, lastKey: 2, keyStep: 1, arity: 3, flags: ['readonly'], tips: ['nondeterministic_output'] } as const;

/** Specs of the server administration commands. */
export const serverCommands: readonly CommandSpec[] = [
  { ...server, ...noKeys, name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], categories: ['keyspace'], summary: 'Return the number of keys in the selected database', since: '1.0.0', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_sum'], handler: (ctx) => ctx.db.size },
  { ...server, ...noKeys, name: 'flushdb', arity: -1, flags: ['write'], categories: ['keyspace', 'dangerous'], summary: 'Remove all keys from the current database', since: '1.0.0', complexity: 'O(N) where N is the number of keys in the selected database', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushdb },
  { ...server, ...noKeys, name: 'flushall', arity: -1, flags: ['write'], categories: ['keyspace', 'dangerous'], summary: 'Remove all keys from all databases', since: '1.0.0', complexity: 'O(N) where N is the total number of keys in all databases', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushall },
  { ...server, ...noKeys, name: 'swapdb', arity: 3, flags: ['write', 'fast'], categories: ['keyspace', 'dangerous'], summary: 'Swaps two Redis databases', since: '4.0.0', complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.', handler: swapdb },
  { ...server, ...noKeys, name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], summary: 'Return the current server time', since: '2.6.0', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: time },
  { ...server, ...noKeys, name: 'monitor', arity: 1, flags: ['admin', 'noscript', 'loading', 'stale'], summary: 'Listen for all requests received by the server in real time', since: '1.0.0', complexity: '', handler: monitor },
  {
    ...server,
    ...noKeys,
    name: 'slowlog',
    arity: -2,
    flags: [],
    summary: 'A container for slow log commands',
    since: '2.2.12',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...server, ...noKeys, name: 'slowlog|get', arity: -2, flags: adminStale, summary: "Get the slow log's entries", since: '2.2.12', complexity: 'O(N) where N is the number of entries returned', tips: ['request_policy:all_nodes', 'nondeterministic_output'], handler: slowlogGet },
      { ...server, ...noKeys, name: 'slowlog|len', arity: 2, flags: adminStale, summary: "Get the slow log's length", since: '2.2.12', complexity: 'O(1)', tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'], handler: (ctx) => ctx.server.slowlog.length },
      { ...server, ...noKeys, name: 'slowlog|reset', arity: 2, flags: adminStale, summary: 'Clear all entries from the slow log', since: '2.2.12', complexity: 'O(N) where N is the number of entries in the slowlog', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: slowlogReset },
      { ...server, ...noKeys, name: 'slowlog|help', arity: 2, flags: helpFlags, summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)', handler: () => helpReply('slowlog', SLOWLOG_HELP) },
    ],
  },
  {
    ...server,
    ...noKeys,
    name: 'memory',
    arity: -2,
    flags: [],
    summary: 'A container for memory diagnostics commands',
    since: '4.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...server, name: 'memory|usage', arity: -3, flags: ['readonly'], firstKey: 2, lastKey: 2, keyStep: 1, summary: 'Estimate the memory usage of a key', since: '4.0.0', complexity: 'O(N) where N is the number of samples.', handler: memoryUsage },
      { ...server, ...noKeys, name: 'memory|stats', arity: 2, flags: [], summary: 'Show memory usage details', since: '4.0.0', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: memoryStats },
      { ...server, ...noKeys, name: 'memory|doctor', arity: 2, flags: [], summary: 'Outputs memory problems report', since: '4.0.0', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: memoryDoctor },
      { ...server, ...noKeys, name: 'memory|malloc-stats', arity: 2, flags: [], summary: 'Show allocator internal stats', since: '4.0.0', complexity: 'Depends on how much memory is allocated, could be slow', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: () => 'Stats not supported for the current allocator' },
      { ...server, ...noKeys, name: 'memory|purge', arity: 2, flags: [], summary: 'Ask the allocator to release memory', since: '4.0.0', complexity: 'Depends on how much memory is allocated, could be slow', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: memoryPurge },
      { ...server, ...noKeys, name: 'memory|help', arity: 2, flags: helpFlags, summary: 'Show helpful text about the different subcommands', since: '4.0.0', complexity: 'O(1)', handler: () => helpReply('memory', MEMORY_HELP) },
    ],
  },
  {
    ...noKeys,
    group: 'generic',
    categories: [],
    name: 'object',
    arity: -2,
    flags: [],
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...objectKey, name: 'object|encoding', summary: 'Inspect the internal encoding of a Redis object', since: '2.2.3', complexity: 'O(1)', handler: objectInspect((_ctx, entry) => objectEncoding(entry)) },
      { ...objectKey, name: 'object|refcount', summary: 'Get the number of references to the value of the key', since: '2.2.3', complexity: 'O(1)', handler: objectInspect((_ctx, entry) => objectRefcount(entry)) },
      { ...objectKey, name: 'object|idletime', summary: 'Get the time since a Redis object was last accessed', since: '2.2.3', complexity: 'O(1)', handler: objectInspect((ctx, entry) => Math.max(0, Math.floor(ctx.now / 1000) - entry.accessSeconds)) },
      { ...objectKey, name: 'object|freq', summary: 'Get the logarithmic access frequency counter of a Redis object', since: '4.0.0', complexity: 'O(1)', handler: objectInspect(() => errors.lfuNotSelected) },
      { ...noKeys, group: 'generic', categories: ['keyspace'], name: 'object|help', arity: 2, flags: helpFlags, summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)', handler: () => helpReply('object', OBJECT_HELP) },
    ],
  },
];
