/**
 * The snapshotter: a node that follows the log like a replica (it never claims the lease and has
 * no clients) and, when enough records or bytes have been applied since the latest snapshot or
 * when someone asked for one (SAVE, BGSAVE, `cairn snapshot create`), writes its state at log
 * index n to a snapshot file, verifies it by loading it back into a fresh keyspace and comparing
 * the state digests, records it in the log's registry (every node then knows it), and lets the
 * log be trimmed below the previous verified snapshot: the newest snapshot plus its tail, and the
 * one before it plus its (longer) tail, always remain, so a corrupt newest file is survivable.
 * Snapshot files older than the two newest recorded ones are deleted.
 *
 * The state holds still while it is written (applying pauses, the snapshotter falls behind and
 * catches up afterwards); the primary never pauses.
 */
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { NodeStatus, SnapshotView, TxlogClient } from '../../../txlog/src/client/index.js';
import type { DurableNode } from '../durable/durable-node.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { isSnapshotTempFile } from './format.js';
import { readSnapshotHeader, verifySnapshot } from './snapshot-reader.js';
import { writeSnapshot } from './snapshot-writer.js';

/** When the snapshotter writes a snapshot, and where. */
export interface SnapshotterOptions {
  /** The directory the snapshot files go to (created by the caller). */
  readonly dir: string;
  /** A snapshot once this many records were applied since the latest one. */
  readonly everyRecords: number;
  /** A snapshot once this many payload bytes were applied since the latest one. */
  readonly everyBytes: number;
  /** How often the snapshotter looks at the log's registry and its own progress, in ms. */
  readonly checkEveryMs: number;
  readonly logger: Logger;
  /** Unix ms, for the snapshots' creation times. */
  readonly clock: () => number;
}

/** Snapshot files the snapshotter keeps: the newest and the one before it. */
export const SNAPSHOTS_KEPT = 2;
/** Files looked at when cleaning the directory (a bound on the listing). */
const DIRECTORY_FILES_MAX = 10_000;

/** The file name of the snapshot at `logIndex` (zero-padded, so names sort by index). */
export function snapshotFileName(logIndex: number): string {
  return `snapshot-${String(logIndex).padStart(16, '0')}.cairn`;
}

/** A request for a snapshot that a snapshot must answer: it must include every record up to `atLeastId`. */
interface PendingRequest {
  readonly seq: number;
  readonly atLeastId: number;
}

export class Snapshotter {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  /** Applied bytes (the node's counter) when the latest snapshot was taken by this process. */
  private bytesAtLatest = 0;
  private pending: PendingRequest | null = null;
  /** Resolves when the check under way (if any) has finished. */
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly node: DurableNode,
    private readonly keyspace: Keyspace,
    private readonly client: TxlogClient,
    private readonly options: SnapshotterOptions,
  ) {}

  /** Starts checking every checkEveryMs. */
  start(): void {
    this.schedule();
  }

  /** Stops after the snapshot under way, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checking = this.check().finally(() => this.schedule());
    }, this.options.checkEveryMs);
  }

  /** One look: take a snapshot when one is due; failures are logged and retried at the next look. */
  private async check(): Promise<void> {
    if (this.running || !this.node.following) return;
    this.running = true;
    try {
      const status = await this.client.status();
      const latest = status.snapshots[0] ?? null;
      this.notePending(status, latest);
      if (!this.due(latest)) return;
      await this.take(status, latest);
    } catch (error) {
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'snapshot not taken this time');
    } finally {
      this.running = false;
    }
  }

  private notePending(status: NodeStatus, latest: SnapshotView | null): void {
    const answered = latest?.answersRequestSeq ?? 0;
    if (status.snapshotRequestSeq <= answered) {
      this.pending = null;
      return;
    }
    // The registry answers requests in order: a request is satisfied by a snapshot that holds
    // every record accepted when it was seen, so the newest request's bound covers the older ones.
    if (this.pending === null || this.pending.seq < status.snapshotRequestSeq) this.pending = { seq: status.snapshotRequestSeq, atLeastId: status.lastAcceptedId };
  }

  private due(latest: SnapshotView | null): boolean {
    const applied = this.node.appliedRecordId;
    // A snapshot's record id must be above the latest one's (renewals keep the log moving).
    if (latest !== null && applied <= latest.recordId) return false;
    if (applied === 0) return false;
    if (this.pending !== null) return applied >= this.pending.atLeastId;
    const records = applied - (latest?.recordId ?? 0);
    return records >= this.options.everyRecords || this.node.appliedBytes - this.bytesAtLatest >= this.options.everyBytes;
  }

  /** Write, verify, record, trim, clean up. */
  private async take(status: NodeStatus, previous: SnapshotView | null): Promise<void> {
    const answers = this.pending !== null && this.node.appliedRecordId >= this.pending.atLeastId ? this.pending.seq : (previous?.answersRequestSeq ?? 0);
    const started = performance.now();
    const resume = this.node.pauseApplying();
    const logIndex = this.node.appliedRecordId;
    const file = path.join(this.options.dir, snapshotFileName(logIndex));
    // The file's header and the log's registry give the same creation time.
    const createdAtMs = this.options.clock();
    let written;
    try {
      written = await writeSnapshot(file, this.keyspace, { logIndex, lastAcceptedId: logIndex, leaseEpoch: this.node.leaseEpoch, createdAtMs });
      this.bytesAtLatest = this.node.appliedBytes;
    } finally {
      resume();
    }
    const writtenMs = performance.now() - started;
    const verified = await verifySnapshot(file).catch(async (error: unknown) => {
      await unlink(file).catch(() => undefined);
      throw error;
    });
    if (verified.digest !== written.digest || verified.keyCount !== written.keyCount) {
      await unlink(file).catch(() => undefined);
      throw new Error(`the snapshot at ${logIndex} read back as digest ${verified.digest} (${verified.keyCount} keys), written as ${written.digest} (${written.keyCount} keys): discarded`);
    }
    const view: SnapshotView = {
      recordId: logIndex,
      location: path.resolve(file),
      sizeBytes: written.bytes,
      keyCount: written.keyCount,
      digest: written.digest,
      createdMs: createdAtMs,
      answersRequestSeq: answers,
    };
    const outcome = await this.client.recordSnapshot(view);
    if (!outcome.accepted) {
      await unlink(file).catch(() => undefined);
      throw new Error(`the log refused the snapshot at ${logIndex}: ${outcome.reason}`);
    }
    if (this.pending !== null && answers >= this.pending.seq) this.pending = null;
    this.options.logger.info(
      { logIndex, keys: written.keyCount, bytes: written.bytes, writeMs: Math.round(writtenMs), totalMs: Math.round(performance.now() - started), answers },
      'snapshot written, verified and recorded',
    );
    if (previous !== null && previous.recordId + 1 > status.firstRetainedId) {
      const firstRetained = await this.client.trim(previous.recordId + 1);
      this.options.logger.info({ firstRetained }, 'trimmed the log below the previous snapshot');
    }
    if (previous !== null) await this.removeOldFiles(previous.recordId);
  }

  /** Deletes snapshot files below `keepFrom` (and leftovers of interrupted writes). */
  private async removeOldFiles(keepFrom: number): Promise<void> {
    const names = await readdir(this.options.dir);
    for (const name of names.slice(0, DIRECTORY_FILES_MAX)) {
      const file = path.join(this.options.dir, name);
      if (isSnapshotTempFile(name)) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      const header = await readSnapshotHeader(file).catch(() => null);
      if (header === null || header.logIndex >= keepFrom) continue;
      await unlink(file).catch(() => undefined);
      this.options.logger.info({ file, logIndex: header.logIndex }, 'removed an old snapshot');
    }
  }
}
