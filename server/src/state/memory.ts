/**
 * Process memory as INFO memory and MEMORY STATS report it. Node has no allocator statistics like
 * jemalloc's, so V8's heap stands in: "used" is the heap in use plus memory held outside it
 * (buffers), "active" is the heap reserved, "resident" is the process RSS.
 */
import { totalmem } from 'node:os';
import type { ServerState } from './server-state.js';

export interface MemorySample {
  /** Heap in use plus external memory (Redis used_memory). */
  readonly usedBytes: number;
  /** Heap in use by V8. */
  readonly heapUsedBytes: number;
  /** Heap reserved by V8. */
  readonly heapTotalBytes: number;
  /** Resident set size of the process (Redis used_memory_rss). */
  readonly rssBytes: number;
  /** Physical memory of the machine (Redis total_system_memory). */
  readonly systemBytes: number;
}

/** Read the process's memory now. */
export function sampleMemory(): MemorySample {
  const usage = process.memoryUsage();
  return {
    usedBytes: usage.heapUsed + usage.external,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    rssBytes: usage.rss,
    systemBytes: totalmem(),
  };
}

const HUMAN_UNITS = ['K', 'M', 'G', 'T', 'P'] as const;

/** Redis bytesToHuman: `512B`, `967.12K`, `11.83M`, ... */
export function bytesToHuman(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let scale = 1024;
  for (const unit of HUMAN_UNITS) {
    if (bytes < scale * 1024) return `${formatFixed2(bytes / scale)}${unit}`;
    scale *= 1024;
  }
  return `${bytes}B`;
}

/**
 * C's `%.2f`: two decimals, exact ties rounded to even as printf does (toFixed rounds them up).
 * A double is exactly halfway between two hundredths only when it equals (2n+1)/200 with 25
 * dividing 2n+1 (the rest of 200 must be a power of two).
 */
export function formatFixed2(value: number): string {
  const scaled = value * 100;
  const floor = Math.floor(scaled);
  const exactTie = scaled - floor === 0.5 && (2 * floor + 1) % 25 === 0;
  if (exactTie && floor % 2 === 0) return (floor / 100).toFixed(2);
  return value.toFixed(2);
}

/** Dictionary overhead of one database, as MEMORY STATS lists it. */
export interface DatabaseOverhead {
  readonly id: number;
  readonly mainBytes: number;
  readonly expiresBytes: number;
}

/** What INFO memory and MEMORY STATS report (Redis getMemoryOverheadData). */
export interface MemoryReport {
  readonly usedBytes: number;
  readonly peakBytes: number;
  readonly startupBytes: number;
  /** Heap reserved plus external memory (allocator_active). */
  readonly activeBytes: number;
  readonly rssBytes: number;
  readonly systemBytes: number;
  /** Query and reply bytes waiting in client connections (mem_clients_normal). */
  readonly clientsBytes: number;
  /** Databases that hold keys. */
  readonly databases: readonly DatabaseOverhead[];
  readonly overheadBytes: number;
  readonly datasetBytes: number;
  readonly keys: number;
}

/** Bytes of a dictionary entry and of a bucket pointer in Redis 7.0's dict. */
const DICT_ENTRY_BYTES = 24;
const DICT_BUCKET_BYTES = 8;
/** Buckets of the smallest dict table (DICT_HT_INITIAL_SIZE). */
const DICT_BUCKETS_MIN = 4;
/** Redis counts a key object header per key in the main dictionary's overhead. */
const KEY_OBJECT_BYTES = 16;

/** Sample memory and derive the overheads; also advances the recorded peak. */
export function memoryReport(server: ServerState): MemoryReport {
  const sample = sampleMemory();
  const peakBytes = server.stats.observeMemory(sample.usedBytes);
  const startupBytes = server.stats.memoryStartupBytes;
  let clientsBytes = 0;
  for (const client of server.clients.values()) clientsBytes += client.transport.inputBytes + client.transport.outputBytes;
  const databases: DatabaseOverhead[] = [];
  let keys = 0;
  let overheadBytes = startupBytes + clientsBytes;
  for (const database of server.keyspace.databases) {
    if (database.size === 0) continue;
    keys += database.size;
    const overhead = { id: database.id, mainBytes: dictBytes(database.size) + database.size * KEY_OBJECT_BYTES, expiresBytes: dictBytes(database.expiresCount) };
    overheadBytes += overhead.mainBytes + overhead.expiresBytes;
    databases.push(overhead);
  }
  return {
    usedBytes: sample.usedBytes,
    peakBytes,
    startupBytes,
    activeBytes: sample.heapTotalBytes + (sample.usedBytes - sample.heapUsedBytes),
    rssBytes: sample.rssBytes,
    systemBytes: sample.systemBytes,
    clientsBytes,
    databases,
    overheadBytes,
    datasetBytes: Math.max(0, sample.usedBytes - overheadBytes),
    keys,
  };
}

/** A Redis dict of `size` entries: the entries plus a power-of-two bucket table. */
function dictBytes(size: number): number {
  if (size === 0) return 0;
  const buckets = Math.max(DICT_BUCKETS_MIN, 2 ** Math.ceil(Math.log2(size)));
  return size * DICT_ENTRY_BYTES + buckets * DICT_BUCKET_BYTES;
}
