/**
 * `cairn snapshot inspect | verify | export | restore | list` as real processes, on files that
 * writeSnapshot made from an Executor holding every type: what they print, and their exit codes
 * for good, corrupt, truncated, wrong-version and missing files, usage errors, a directory that
 * is not empty, and a log that cannot be reached (list, create).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValueType } from '../../server/src/keyspace/entry.js';
import { HEADER } from '../../server/src/snapshot/format.js';
import { readSnapshotHeader } from '../../server/src/snapshot/snapshot-reader.js';
import { writeSnapshot, type WriteResult } from '../../server/src/snapshot/snapshot-writer.js';
import { snapshotFileName } from '../../server/src/snapshot/snapshotter.js';
import { CAIRN_BIN, ROOT } from '../support/build.js';
import type { Executor } from '../support/executor.js';
import { startReferenceRedis } from '../support/servers.js';
import { runSnapshotCli } from './cli-support.js';
import { exportToBuffer } from './resp-export-support.js';
import { everyTypeServer, FIELDS, temporaryDirectory } from './snapshot-support.js';

const temporary = temporaryDirectory();
const good = path.join(temporary.path, 'good.cairn');
let server: Executor;
let written: WriteResult;

/** A copy of the good file changed by `change`, under `name`. */
function variant(name: string, change: (bytes: Buffer) => Buffer): string {
  const file = path.join(temporary.path, name);
  writeFileSync(file, change(readFileSync(good)));
  return file;
}

/** Flip the bits of `mask` in the byte of `bytes` at `at`. */
function flip(bytes: Buffer, at: number, mask: number): void {
  bytes[at] = (bytes[at] as number) ^ mask;
}

/** Keys per type and per database of the Executor's keyspace, expired ones included (as a snapshot holds them). */
function expectedCounts(): { perType: Record<ValueType, number>; perDatabase: { db: number; keys: number }[] } {
  const perType: Record<ValueType, number> = { string: 0, list: 0, hash: 0, set: 0, zset: 0, stream: 0 };
  const perDatabase: { db: number; keys: number }[] = [];
  for (const database of server.state.keyspace.databases) {
    let keys = 0;
    for (const [, entry] of database.allEntries()) {
      perType[entry.type]++;
      keys++;
    }
    if (keys > 0) perDatabase.push({ db: database.id, keys });
  }
  return { perType, perDatabase };
}

beforeAll(async () => {
  server = everyTypeServer();
  // Small blocks: several of them, so errors can name a block past the first.
  written = await writeSnapshot(good, server.state.keyspace, FIELDS, { blockTargetBytes: 64 * 1024 });
});

afterAll(() => temporary.remove());

describe('cairn snapshot verify', () => {
  it('prints OK with the key count and the footer digest, and exits 0', async () => {
    const run = await runSnapshotCli(['verify', good]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`OK ${written.keyCount} keys, digest ${written.digest}\n`);
  });

  it('refuses a flipped byte inside a block with exit 1, naming the file and the block', async () => {
    const file = variant('flipped.cairn', (bytes) => {
      flip(bytes, Math.floor(bytes.length / 2), 0x5a);
      return bytes;
    });
    const run = await runSnapshotCli(['verify', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^cairn snapshot verify: snapshot ${file} \\(block \\d+, offset \\d+\\): .*checksum.*\\n$`));
  });

  it('refuses a truncated file with exit 1', async () => {
    const file = variant('truncated.cairn', (bytes) => bytes.subarray(0, bytes.length - 100));
    const run = await runSnapshotCli(['verify', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cairn snapshot verify: snapshot ${file}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a file of another format version with exit 1, saying which version it has', async () => {
    const file = variant('version.cairn', (bytes) => {
      bytes.writeUInt16LE(7, HEADER.formatVersion);
      return bytes;
    });
    const run = await runSnapshotCli(['verify', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/format version 7/);
  });

  it('exits 3 for a missing file, saying it does not exist', async () => {
    const file = path.join(temporary.path, 'no-such.cairn');
    const run = await runSnapshotCli(['verify', file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`cairn snapshot verify: snapshot ${file}: does not exist\n`);
  });

  it('exits 2 for usage errors: no FILE, an unknown option, an unknown subcommand', async () => {
    const runs = await Promise.all([runSnapshotCli(['verify']), runSnapshotCli(['verify', good, '--fast']), runSnapshotCli(['frobnicate'])]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2]);
    expect(runs[0]?.stderr).toContain('give FILE');
    expect(runs[1]?.stderr).toContain("unknown option '--fast'");
    expect(runs[2]?.stderr).toContain("unknown subcommand 'frobnicate'");
  });

  it('--help prints the subcommands and the exit codes, and exits 0', async () => {
    const run = await runSnapshotCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['list [--dir D]', 'inspect FILE', 'verify FILE', 'create [--log', 'restore FILE --dir DIR', 'export FILE --format resp', 'exit codes:']) expect(run.stdout).toContain(text);
  });
});

describe('cairn snapshot inspect', () => {
  it('--json gives the header, key counts per type and per database, and the largest keys', async () => {
    const run = await runSnapshotCli(['inspect', good, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { largest_keys: { key: string; type: string; bytes: number }[]; databases: { db: number; keys: number }[] };
    const expected = expectedCounts();
    expect(report).toMatchObject({
      format_version: 1,
      log_index: FIELDS.logIndex,
      last_accepted_id: FIELDS.lastAcceptedId,
      lease_epoch: FIELDS.leaseEpoch,
      created_ms: FIELDS.createdAtMs,
      created: new Date(FIELDS.createdAtMs).toISOString(),
      size_bytes: written.bytes,
      key_count: written.keyCount,
      digest: written.digest,
      keys_per_type: expected.perType,
    });
    expect(report.databases.map(({ db, keys }) => ({ db, keys }))).toEqual(expected.perDatabase);
    expect(report.largest_keys).toHaveLength(10);
    expect(report.largest_keys[0]).toMatchObject({ key: '"large"', type: 'string' });
    const sizes = report.largest_keys.map((key) => key.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('prints a readable report by default, binary keys escaped', async () => {
    const run = await runSnapshotCli(['inspect', good]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^log index +1234$/m);
    expect(run.stdout).toMatch(new RegExp(`^keys +${written.keyCount} \\(\\d+ with an expiry\\)$`, 'm'));
    expect(run.stdout).toMatch(/^ {2}stream +2$/m);
    expect(run.stdout).toMatch(/^ {2}db 15 +2 +string 1, set 1$/m);
    expect(run.stdout).toMatch(/^largest keys/m);
    expect(run.stdout).toContain('"large"');
  });

  it('exits 1 on a corrupt file', async () => {
    const file = variant('inspect-flipped.cairn', (bytes) => {
      flip(bytes, bytes.length - 30, 0xff);
      return bytes;
    });
    const run = await runSnapshotCli(['inspect', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('cairn snapshot export', () => {
  it('--out writes the same RESP stream as the export of the original keyspace, and a summary on stdout', async () => {
    const out = path.join(temporary.path, 'export.resp');
    const run = await runSnapshotCli(['export', good, '--format', 'resp', '--out', out]);
    expect(run.code).toBe(0);
    const expected = await exportToBuffer(server, { now: Date.now() });
    expect(readFileSync(out).equals(expected.stream)).toBe(true);
    expect(run.stdout).toContain(`exported ${expected.summary.keys} keys (${expected.summary.expiredKeys} already expired, left out): ${expected.summary.commands} commands`);
  });

  it('refuses an unknown format with exit 2 and a corrupt file with exit 1, writing nothing to stdout', async () => {
    const unknown = await runSnapshotCli(['export', good, '--format', 'rdb']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--format rdb is not known');
    const file = variant('export-truncated.cairn', (bytes) => bytes.subarray(0, 5000));
    const corrupt = await runSnapshotCli(['export', file, '--format', 'resp']);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stdoutBytes.length).toBe(0);
  });

  it('to stdout, piped into redis-cli --pipe, loads every live key into a real Redis', async () => {
    const redis = await startReferenceRedis();
    if (redis === null) return;
    try {
      const exporter = spawn(process.execPath, [CAIRN_BIN, 'snapshot', 'export', good, '--format', 'resp'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const loader = spawn('redis-cli', ['-p', String(redis.port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
      exporter.stdout.pipe(loader.stdin);
      let report = '';
      loader.stdout.on('data', (chunk: Buffer) => (report += chunk.toString()));
      const [[exportCode], [loadCode]] = await Promise.all([once(exporter, 'close'), once(loader, 'close')]);
      expect([exportCode, loadCode]).toEqual([0, 0]);
      expect(report).toMatch(/errors: 0, replies: \d+/);
      const now = Date.now();
      for (const database of server.state.keyspace.databases) {
        const live = [...database.allEntries()].filter(([, , expireAt]) => expireAt === undefined || expireAt >= now).length;
        const size = spawn('redis-cli', ['-p', String(redis.port), '-n', String(database.id), 'DBSIZE'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let answer = '';
        size.stdout.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        await once(size, 'close');
        expect(Number(answer.trim()), `database ${database.id}`).toBe(live);
      }
    } finally {
      await redis.stop();
    }
  });
});

describe('cairn snapshot restore', () => {
  it('refuses a directory that is not empty with exit 3 and leaves it untouched', async () => {
    const dir = path.join(temporary.path, 'busy');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    const run = await runSnapshotCli(['restore', good, '--dir', dir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cairn snapshot restore: directory not empty: /);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('refuses a corrupt file with exit 1 and leaves no directory behind', async () => {
    const file = variant('restore-flipped.cairn', (bytes) => {
      flip(bytes, Math.floor(bytes.length / 3), 0x01);
      return bytes;
    });
    const dir = path.join(temporary.path, 'never');
    const run = await runSnapshotCli(['restore', file, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });

  it('seeds a new directory with the same state at log index 0, last accepted id 0, lease epoch 0', async () => {
    const dir = path.join(temporary.path, 'fresh');
    const run = await runSnapshotCli(['restore', good, '--dir', dir]);
    expect(run.code).toBe(0);
    const seed = path.join(dir, 'snapshots', snapshotFileName(0));
    expect(run.stdout).toContain(seed);
    expect(run.stdout).toContain(written.digest);
    const header = await readSnapshotHeader(seed);
    expect(header).toMatchObject({ logIndex: 0, lastAcceptedId: 0, leaseEpoch: 0, keyCount: written.keyCount });
    const verified = await runSnapshotCli(['verify', seed]);
    expect(verified.stdout).toBe(`OK ${written.keyCount} keys, digest ${written.digest}\n`);
  });
});

describe('cairn snapshot list', () => {
  it('lists a directory newest first, verified unknown when there is no log to ask', async () => {
    const dir = path.join(temporary.path, 'listed');
    mkdirSync(dir);
    await writeSnapshot(path.join(dir, snapshotFileName(5)), server.state.keyspace, { ...FIELDS, logIndex: 5 });
    await writeSnapshot(path.join(dir, snapshotFileName(9)), server.state.keyspace, { ...FIELDS, logIndex: 9 });
    writeFileSync(path.join(dir, `${snapshotFileName(11)}.tmp-1-0`), 'an unfinished write');
    const run = await runSnapshotCli(['list', '--dir', dir, '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { log: string; snapshots: { file: string; log_index: number; key_count: number; size_bytes: number; verified: string }[] };
    expect(listed.log).toBe('none');
    expect(listed.snapshots.map((item) => [path.basename(item.file), item.log_index, item.key_count, item.verified])).toEqual([
      [snapshotFileName(9), 9, written.keyCount, 'unknown'],
      [snapshotFileName(5), 5, written.keyCount, 'unknown'],
    ]);
    const table = await runSnapshotCli(['list', '--dir', dir]);
    expect(table.stdout.split('\n')[0]).toMatch(/^INDEX +CREATED +SIZE +KEYS +VERIFIED +FILE$/);
    expect(table.stdout).toMatch(new RegExp(`^9 +${new Date(FIELDS.createdAtMs).toISOString()} +[\\d.]+ [KM]B +${written.keyCount} +unknown +${snapshotFileName(9)}$`, 'm'));
  });

  it('exits 4 when an explicit --log cannot be reached, still listing the files', async () => {
    const dir = path.join(temporary.path, 'fresh');
    const run = await runSnapshotCli(['list', '--dir', dir, '--log', '127.0.0.1:1', '--timeout-ms', '500']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('the log at 127.0.0.1:1 cannot be reached');
    expect(run.stdout).toContain(snapshotFileName(0));
  });

  it('exits 0 with verified unknown when the log cluster.json names is down', async () => {
    const dir = path.join(temporary.path, 'fresh');
    writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify({ txlog: [{ address: '127.0.0.1:1' }, { address: '127.0.0.1:2' }] }));
    const run = await runSnapshotCli(['list', '--dir', dir, '--timeout-ms', '500']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ unknown +snapshot-0000000000000000\.cairn$/m);
  });

  it('exits 3 for a directory that does not exist', async () => {
    const run = await runSnapshotCli(['list', '--dir', path.join(temporary.path, 'nowhere')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('does not exist');
  });
});

describe('cairn snapshot create', () => {
  it('exits 4 when the log cannot be reached, and 3 when --dir names no cluster', async () => {
    const [unreachable, noCluster] = await Promise.all([
      runSnapshotCli(['create', '--log', '127.0.0.1:1', '--timeout-ms', '500']),
      runSnapshotCli(['create', '--dir', temporary.path, '--timeout-ms', '500']),
    ]);
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toMatch(/^cairn snapshot create: the log at 127\.0\.0\.1:1 did not take the request: /);
    expect(noCluster.code).toBe(3);
    expect(noCluster.stderr).toContain('no cluster.json');
  });
});
