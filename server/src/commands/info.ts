/**
 * INFO: the server's state as `field:value` lines in `# Section` blocks, with Redis 7.0's section
 * and field names in Redis's order, so monitoring tools and client ready checks read it unchanged.
 */
import os from 'node:os';
import { type Reply, VerbatimReply } from '../resp/reply.js';
import { bytesToHuman, formatFixed2, memoryReport } from '../state/memory.js';
import { cairnVersion } from '../state/version.js';
import { REDIS_COMPAT_VERSION } from './connection.js';
import { splitAddress } from '../durable/replica-registry.js';
import { connectedReplicas, replicaLinkState } from './replication.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

type Field = readonly [name: string, value: string | number];

interface Section {
  /** Lower-case name INFO takes as an argument. */
  readonly name: string;
  /** The heading printed after `# `. */
  readonly title: string;
  readonly fields: (ctx: CommandContext) => readonly Field[];
}

/** Keys examined per database to estimate avg_ttl (Redis estimates it by sampling too). */
const AVG_TTL_SAMPLE_KEYS_MAX = 1024;
/** Redis's LRU clock: seconds, 24 bits (LRU_CLOCK_MAX). */
const LRU_CLOCK_MASK = 2 ** 24 - 1;
/** Replication backlog size Redis reports by default (repl-backlog-size). */
const REPLICATION_BACKLOG_BYTES = 1024 * 1024;

function serverFields(ctx: CommandContext): Field[] {
  const server = ctx.server;
  const nowMicros = server.clock.nowMicros();
  const uptimeSeconds = Math.max(0, Math.floor((nowMicros - server.startedAtMicros) / 1_000_000));
  return [
    ['redis_version', REDIS_COMPAT_VERSION],
    ['cairn_version', cairnVersion()],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', process.arch.endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'libuv hrtime'],
    ['multiplexing_api', 'libuv'],
    ['node_version', process.version],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', server.tcpPort],
    ['server_time_usec', nowMicros],
    ['uptime_in_seconds', uptimeSeconds],
    ['uptime_in_days', Math.floor(uptimeSeconds / 86_400)],
    ['hz', server.settings.integer('hz')],
    ['configured_hz', server.settings.integer('hz')],
    ['lru_clock', Math.floor(nowMicros / 1_000_000) & LRU_CLOCK_MASK],
    ['executable', process.argv[1] ?? process.execPath],
    ['config_file', ''],
    ['io_threads_active', 0],
  ];
}

function clientsFields(ctx: CommandContext): Field[] {
  let connected = 0;
  let inputMax = 0;
  let outputMax = 0;
  for (const client of ctx.server.clients.values()) {
    if (client.applier) continue;
    connected++;
    inputMax = Math.max(inputMax, client.transport.inputBytes);
    outputMax = Math.max(outputMax, client.transport.outputBytes);
  }
  return [
    ['connected_clients', connected],
    ['cluster_connections', 0],
    ['maxclients', ctx.server.settings.integer('maxclients')],
    ['client_recent_max_input_buffer', inputMax],
    ['client_recent_max_output_buffer', outputMax],
    ['blocked_clients', ctx.server.blocking.size],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', ctx.server.blocking.withDeadlineCount],
  ];
}

function memoryFields(ctx: CommandContext): Field[] {
  const report = memoryReport(ctx.server);
  const netBytes = Math.max(1, report.usedBytes - report.startupBytes);
  const ratio = (part: number, whole: number) => formatFixed2(whole > 0 ? part / whole : 0);
  return [
    ['used_memory', report.usedBytes],
    ['used_memory_human', bytesToHuman(report.usedBytes)],
    ['used_memory_rss', report.rssBytes],
    ['used_memory_rss_human', bytesToHuman(report.rssBytes)],
    ['used_memory_peak', report.peakBytes],
    ['used_memory_peak_human', bytesToHuman(report.peakBytes)],
    ['used_memory_peak_perc', `${ratio(report.usedBytes * 100, report.peakBytes)}%`],
    ['used_memory_overhead', report.overheadBytes],
    ['used_memory_startup', report.startupBytes],
    ['used_memory_dataset', report.datasetBytes],
    ['used_memory_dataset_perc', `${ratio(report.datasetBytes * 100, netBytes)}%`],
    ['allocator_allocated', report.usedBytes],
    ['allocator_active', report.activeBytes],
    ['allocator_resident', report.rssBytes],
    ['total_system_memory', report.systemBytes],
    ['total_system_memory_human', bytesToHuman(report.systemBytes)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', 0],
    ['maxmemory_human', '0B'],
    ['maxmemory_policy', 'noeviction'],
    ['allocator_frag_ratio', ratio(report.activeBytes, report.usedBytes)],
    ['allocator_frag_bytes', report.activeBytes - report.usedBytes],
    ['allocator_rss_ratio', ratio(report.rssBytes, report.activeBytes)],
    ['allocator_rss_bytes', report.rssBytes - report.activeBytes],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(report.rssBytes, report.usedBytes)],
    ['mem_fragmentation_bytes', report.rssBytes - report.usedBytes],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', report.clientsBytes],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

/**
 * Persistence: cairn's durability is the transaction log, not RDB/AOF; the RDB/AOF fields say
 * idle, except the last save (the newest snapshot) and the changes since (log records after it).
 * The snapshot_* fields describe the newest verified snapshot the log records (0 before one).
 */
function persistenceFields(ctx: CommandContext): Field[] {
  const snapshots = ctx.server.snapshots;
  const latest = snapshots?.latest() ?? null;
  const snapshotFields: Field[] =
    snapshots === null
      ? []
      : [
          ['snapshot_log_index', latest?.logIndex ?? 0],
          ['snapshot_time', latest === null ? 0 : Math.floor(latest.createdMs / 1000)],
          ['snapshot_bytes', latest?.sizeBytes ?? 0],
          ['snapshot_keys', latest?.keyCount ?? 0],
          ['log_records_since_snapshot', snapshots.recordsSince()],
        ];
  return [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', snapshots === null ? ctx.server.stats.changes : snapshots.recordsSince()],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', latest === null ? ctx.server.lastSaveSeconds : Math.floor(latest.createdMs / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
    ...snapshotFields,
  ];
}

function statsFields(ctx: CommandContext): Field[] {
  const stats = ctx.server.stats;
  const keyspace = ctx.keyspace.stats;
  const pubsub = ctx.server.pubsub;
  return [
    ['total_connections_received', stats.totalConnectionsReceived],
    ['total_commands_processed', stats.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', Math.floor(stats.commandsRate.rate)],
    ['total_net_input_bytes', stats.totalNetInputBytes],
    ['total_net_output_bytes', stats.totalNetOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', formatFixed2(stats.inputRate.rate / 1024)],
    ['instantaneous_output_kbps', formatFixed2(stats.outputRate.rate / 1024)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', stats.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', keyspace.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', keyspace.hits],
    ['keyspace_misses', keyspace.misses],
    ['pubsub_channels', pubsub.channelCount],
    ['pubsub_patterns', pubsub.patternCount],
    ['pubsubshard_channels', pubsub.shardChannelCount],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', stats.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
    ['client_query_buffer_limit_disconnections', stats.clientQueryBufferLimitDisconnections],
    ['client_output_buffer_limit_disconnections', stats.clientOutputBufferLimitDisconnections],
  ];
}

function replicationFields(ctx: CommandContext): Field[] {
  const view = ctx.server.replicationView?.() ?? null;
  const offset = view?.appliedId ?? 0;
  const replicaFields: Field[] = [];
  if (view !== null && view.role !== 'primary') {
    const primary = splitAddress(view.primaryAddress);
    const link = replicaLinkState(view);
    replicaFields.push(
      ['master_host', primary.host],
      ['master_port', primary.port],
      ['master_link_status', link === 'connected' ? 'up' : 'down'],
      ['master_last_io_seconds_ago', view.lastRecordAtMs === 0 ? -1 : Math.floor((view.nowMs - view.lastRecordAtMs) / 1000)],
      ['master_sync_in_progress', link === 'sync' ? 1 : 0],
      ['slave_read_repl_offset', offset],
      ['slave_repl_offset', offset],
      ['slave_priority', 100],
      ['slave_read_only', 1],
      ['replica_announced', 1],
    );
  }
  const cairnFields: Field[] =
    view === null
      ? []
      : [
          ['cairn_role', view.role],
          ['cairn_applied_id', view.appliedId],
          ['cairn_lag_entries', Math.max(0, view.knownLastId - view.appliedId)],
          ['cairn_lag_ms', view.role === 'primary' || view.knownLastId <= view.appliedId ? 0 : Math.max(0, view.nowMs - view.lastRecordAtMs)],
        ];
  const replicas = connectedReplicas(ctx);
  const replicaLines: Field[] = replicas.map((replica, index) => [
    `slave${index}`,
    `ip=${replica.host},port=${replica.port},state=online,offset=${replica.offset},lag=${Math.max(0, Math.floor((ctx.now - replica.acknowledgedAtMs) / 1000))}`,
  ]);
  return [
    ['role', view === null ? (ctx.server.role === 'primary' ? 'master' : 'slave') : view.role === 'primary' ? 'master' : 'slave'],
    ...replicaFields,
    ['connected_slaves', replicas.length],
    ...replicaLines,
    ['master_failover_state', 'no-failover'],
    ['master_replid', ctx.server.runId],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', offset],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', REPLICATION_BACKLOG_BYTES],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
    ...cairnFields,
  ];
}

/** Redis prints CPU seconds as `%ld.%06ld`. */
function cpuSeconds(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function cpuFields(): Field[] {
  const usage = process.cpuUsage();
  return [
    ['used_cpu_sys', cpuSeconds(usage.system)],
    ['used_cpu_user', cpuSeconds(usage.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', cpuSeconds(usage.system)],
    ['used_cpu_user_main_thread', cpuSeconds(usage.user)],
  ];
}

/** Commands that were called, rejected or failed since start or the last CONFIG RESETSTAT. */
function commandstatsFields(ctx: CommandContext): Field[] {
  const fields: Field[] = [];
  for (const [name, stats] of ctx.server.stats.commands) {
    if (stats.calls === 0 && stats.failedCalls === 0 && stats.rejectedCalls === 0) continue;
    const perCall = stats.calls > 0 ? stats.microseconds / stats.calls : 0;
    fields.push([
      `cmdstat_${name}`,
      `calls=${stats.calls},usec=${stats.microseconds},usec_per_call=${formatFixed2(perCall)},rejected_calls=${stats.rejectedCalls},failed_calls=${stats.failedCalls}`,
    ]);
  }
  return fields;
}

/** Error codes in byte order, as Redis's radix tree lists them. */
function errorstatsFields(ctx: CommandContext): Field[] {
  const codes = [...ctx.server.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return codes.map((code) => [`errorstat_${code}`, `count=${ctx.server.stats.errors.get(code) ?? 0}`]);
}

function keyspaceFields(ctx: CommandContext): Field[] {
  const fields: Field[] = [];
  for (const database of ctx.keyspace.databases) {
    if (database.size === 0) continue;
    const averageTtl = averageTtlMs(database.allEntries(), ctx.now);
    fields.push([`db${database.id}`, `keys=${database.size},expires=${database.expiresCount},avg_ttl=${averageTtl}`]);
  }
  return fields;
}

/** Mean remaining TTL (ms) of the keys with a future expiry among the first keys of a database. */
function averageTtlMs(entries: Iterable<readonly [string, unknown, number | undefined]>, now: number): number {
  let examined = 0;
  let counted = 0;
  let total = 0;
  for (const [, , expireAt] of entries) {
    if (++examined > AVG_TTL_SAMPLE_KEYS_MAX) break;
    if (expireAt === undefined || expireAt <= now) continue;
    counted++;
    total += expireAt - now;
  }
  return counted === 0 ? 0 : Math.floor(total / counted);
}

/** Every section in Redis's order. `modules` and `cluster` are here for tools that expect them. */
const SECTIONS: readonly Section[] = [
  { name: 'server', title: 'Server', fields: serverFields },
  { name: 'clients', title: 'Clients', fields: clientsFields },
  { name: 'memory', title: 'Memory', fields: memoryFields },
  { name: 'persistence', title: 'Persistence', fields: persistenceFields },
  { name: 'stats', title: 'Stats', fields: statsFields },
  { name: 'replication', title: 'Replication', fields: replicationFields },
  { name: 'cpu', title: 'CPU', fields: cpuFields },
  { name: 'modules', title: 'Modules', fields: () => [] },
  { name: 'commandstats', title: 'Commandstats', fields: commandstatsFields },
  { name: 'errorstats', title: 'Errorstats', fields: errorstatsFields },
  { name: 'cluster', title: 'Cluster', fields: () => [['cluster_enabled', 0]] },
  { name: 'keyspace', title: 'Keyspace', fields: keyspaceFields },
];

/** Sections INFO prints without arguments or with `default` (Redis 7.0). */
const DEFAULT_SECTIONS = new Set(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);
const ALL_SECTIONS = new Set(SECTIONS.map((section) => section.name));
/** Other names Redis accepts for a section. */
const SECTION_ALIASES: Readonly<Record<string, string>> = { module_list: 'modules' };

/** The set of section names the arguments ask for (Redis genInfoSectionDict). */
function requestedSections(args: readonly string[]): Set<string> {
  if (args.length === 0) return DEFAULT_SECTIONS;
  const wanted = new Set<string>();
  for (const arg of args) {
    const name = arg.toLowerCase();
    const group = name === 'default' ? DEFAULT_SECTIONS : name === 'all' || name === 'everything' ? ALL_SECTIONS : null;
    if (group !== null) for (const section of group) wanted.add(section);
    else wanted.add(SECTION_ALIASES[name] ?? name);
  }
  return wanted;
}

/** The INFO text for the given sections: blocks separated by an empty line, each line ending CRLF. */
function infoText(ctx: CommandContext, wanted: ReadonlySet<string>): string {
  const blocks: string[] = [];
  for (const section of SECTIONS) {
    if (!wanted.has(section.name)) continue;
    let block = `# ${section.title}\r\n`;
    for (const [name, value] of section.fields(ctx)) block += `${name}:${value}\r\n`;
    blocks.push(block);
  }
  return blocks.join('\r\n');
}

function info(ctx: CommandContext, argv: readonly string[]): Reply {
  return new VerbatimReply('txt', infoText(ctx, requestedSections(argv.slice(1))));
}

/** The INFO spec. */
export const infoCommands: readonly CommandSpec[] = [
  {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    categories: ['dangerous'],
    group: 'server',
    summary: 'Get information and statistics about the server',
    since: '1.0.0',
    complexity: 'O(1)',
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    handler: info,
  },
];
