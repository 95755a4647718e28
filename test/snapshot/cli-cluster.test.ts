/**
 * `cairn snapshot restore`, `create` and `list` against a real local cluster: a snapshot of an
 * Executor's keyspace is restored into a fresh directory, `cairn start --dir` runs on it (three
 * txlog nodes, two servers, the snapshotter, as processes on loopback), its primary serves every
 * key as the Executor holds it, `create` records a verified snapshot whose state digest is the
 * original file's, `list` shows it verified, and `create` times out with exit 4 while the
 * snapshotter cannot answer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterFile } from '../../cli/start/cluster-file.js';
import { childPids, freeBasePort, killLeftInDirectory } from '../support/start-cluster.js';
import { encodeReply } from '../../server/src/resp/writer.js';
import { writeSnapshot, type WriteResult } from '../../server/src/snapshot/snapshot-writer.js';
import { snapshotFileName } from '../../server/src/snapshot/snapshotter.js';
import { Executor } from '../support/executor.js';
import { CairnProcess } from '../support/processes.js';
import { parseReply, plain, RespClient, type RespValue } from '../support/resp-client.js';
import { runSnapshotCli } from './cli-support.js';
import { ALL_BYTES, FIELDS, temporaryDirectory } from './snapshot-support.js';

const READY = /^cairn start: (ready|running WITHOUT)\b/m;
const START_MS = 60_000;
const STOP_MS = 20_000;
/** An expiry far in the future (2100): no key of the test expires while the cluster runs. */
const FAR_EXPIRY_MS = 4_102_444_800_000;
/** SCAN rounds per database at most (the data set holds a few hundred keys). */
const SCAN_ROUNDS_MAX = 1000;
const DATABASES = 16;

const temporary = temporaryDirectory();
const source = path.join(temporary.path, 'source.cairn');
const dir = path.join(temporary.path, 'cluster');
const clusterFile = path.join(dir, 'cluster.json');
let data: Executor;
let written: WriteResult;
let port = 0;
let supervisor: CairnProcess | null = null;
/** Every pid a cluster.json named: the safety net kills those still running in our directory. */
const seenPids = new Set<number>();

function readCluster(): ClusterFile {
  const file = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
  for (const pid of childPids(file)) seenPids.add(pid);
  return file;
}

/** Every type, binary keys and values, a stream with groups and pending entries, expiries far away, keys in three databases. */
function buildData(): Executor {
  const server = new Executor({ seed: 11 });
  server.run('SET', 'plain', 'value');
  server.run('SET', '\x00binary\xff', ALL_BYTES);
  server.run('SET', 'empty', '');
  server.run('SET', 'big', 'x'.repeat(300_000));
  server.run('SET', 'counter', 7);
  server.run('PEXPIREAT', 'counter', FAR_EXPIRY_MS);
  server.run('RPUSH', 'list', 'a', '', '\x00\xff', 'd');
  for (let index = 0; index < 200; index++) server.run('RPUSH', 'list-long', `element-${index}`);
  server.run('HSET', 'hash', 'f1', 'v1', 'f2', '\xff');
  for (let index = 0; index < 300; index++) server.run('HSET', 'hash-large', `field-${index}`, `value-${index}`);
  server.run('SADD', 'set-intset', 1, 2, 3, -5);
  for (let index = 0; index < 150; index++) server.run('SADD', 'set-strings', `member-${index}`);
  server.run('ZADD', 'zset', '-inf', 'low', 1.5, 'mid', 'inf', 'high');
  for (let index = 0; index < 200; index++) server.run('ZADD', 'zset-large', index / 7, `member-${index}`);
  for (let index = 1; index <= 120; index++) server.run('XADD', 'stream', `${index}-1`, 'field', `value-${index}`);
  server.run('XDEL', 'stream', '5-1');
  server.run('XGROUP', 'CREATE', 'stream', 'readers', '0');
  server.run('XREADGROUP', 'GROUP', 'readers', 'alice', 'COUNT', 10, 'STREAMS', 'stream', '>');
  server.run('XACK', 'stream', 'readers', '2-1');
  server.run('PEXPIREAT', 'hash', FAR_EXPIRY_MS);
  server.run('SELECT', 3);
  server.run('SET', 'stream', 'a string in database 3');
  server.run('SELECT', 15);
  server.run('SADD', 'set', 'in', 'database', '15');
  server.run('SELECT', 0);
  return server;
}

/** One reply as plain values; a hash's pairs and a set's members sorted (their order is the server's own). */
function comparable(value: RespValue, command: string): unknown {
  const reply = plain(value);
  if (!Array.isArray(reply)) return reply;
  if (command === 'SMEMBERS') return [...(reply as string[])].sort();
  if (command === 'HGETALL') {
    const pairs: string[] = [];
    for (let index = 0; index < reply.length; index += 2) pairs.push(`${String(reply[index])}=${String(reply[index + 1])}`);
    return pairs.sort();
  }
  return reply;
}

/** The reads that show a key's whole value, by type. */
function readsOf(type: string, key: string): string[][] {
  const reads: Record<string, string[][]> = {
    string: [['GET', key]],
    list: [['LRANGE', key, '0', '-1']],
    hash: [['HGETALL', key]],
    set: [['SMEMBERS', key]],
    zset: [['ZRANGE', key, '0', '-1', 'WITHSCORES']],
    stream: [
      ['XRANGE', key, '-', '+'],
      ['XINFO', 'GROUPS', key],
    ],
  };
  return [['TYPE', key], ['PEXPIRETIME', key], ...(reads[type] ?? [])];
}

/** Every key of database `db` on the server, by SCAN (bounded). */
async function scanKeys(client: RespClient): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  for (let round = 0; round < SCAN_ROUNDS_MAX; round++) {
    const [next, batch] = plain(await client.call('SCAN', cursor, 'COUNT', 1000)) as [string, string[]];
    keys.push(...batch);
    cursor = next;
    if (cursor === '0') return keys;
  }
  throw new Error(`SCAN did not finish in ${SCAN_ROUNDS_MAX} rounds`);
}

function executorReply(argv: string[]): RespValue {
  const parsed = parseReply(encodeReply(data.run(...argv), 2), 0);
  if (parsed === null) throw new Error(`the Executor's reply to ${argv[0]} did not parse`);
  return parsed.value;
}

beforeAll(async () => {
  data = buildData();
  written = await writeSnapshot(source, data.state.keyspace, FIELDS);
  port = await freeBasePort();
});

afterAll(async () => {
  if (supervisor?.running) await supervisor.stop('SIGTERM', STOP_MS).catch(() => undefined);
  try {
    readCluster();
  } catch {
    // no readable cluster file: the pids seen so far are all there is
  }
  killLeftInDirectory(seenPids, dir);
  temporary.remove();
}, STOP_MS + 5000);

describe('cairn snapshot on a cluster (processes)', () => {
  it('restore seeds a fresh directory that cairn start then serves: every key as the snapshot holds it', { timeout: START_MS + 20_000 }, async () => {
    const restored = await runSnapshotCli(['restore', source, '--dir', dir]);
    expect(restored.code, restored.stderr).toBe(0);
    supervisor = CairnProcess.start('start', '--dir', dir, '--port', String(port));
    await supervisor.waitFor(READY, 'stdout', 0, START_MS);
    expect(supervisor.stdout).not.toMatch(/running WITHOUT|giving up/);
    readCluster();
    const client = await RespClient.connect(port);
    try {
      let compared = 0;
      for (let db = 0; db < DATABASES; db++) {
        data.run('SELECT', db);
        await client.call('SELECT', db);
        const expected = (plain(executorReply(['KEYS', '*'])) as string[]).sort();
        expect((await scanKeys(client)).sort(), `keys of database ${db}`).toEqual(expected);
        for (const key of expected) {
          const type = plain(executorReply(['TYPE', key])) as string;
          for (const read of readsOf(type, key)) {
            const command = read[0] as string;
            expect(comparable(await client.call(...read), command), `${read.join(' ')} in database ${db}`).toEqual(comparable(executorReply(read), command));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(written.keyCount * 2);
    } finally {
      data.run('SELECT', 0);
      client.close();
    }
  });

  it('create records a verified snapshot of the restored state (with the digest of the original file), and list shows it verified', { timeout: 40_000 }, async () => {
    const created = await runSnapshotCli(['create', '--dir', dir, '--timeout-ms', '30000', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const snapshot = JSON.parse(created.stdout) as { log_index: number; file: string; key_count: number; digest: string; size_bytes: number };
    expect(snapshot.log_index).toBeGreaterThan(0);
    expect(snapshot.file).toBe(path.join(dir, 'snapshots', snapshotFileName(snapshot.log_index)));
    expect(snapshot.key_count).toBe(written.keyCount);
    expect(snapshot.digest).toBe(written.digest);
    const verified = await runSnapshotCli(['verify', snapshot.file]);
    expect(verified.stdout).toBe(`OK ${written.keyCount} keys, digest ${written.digest}\n`);
    // The first snapshot of the cluster: the seed is still kept (it goes once a second one is recorded).
    const run = await runSnapshotCli(['list', '--dir', dir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as { log: string; snapshots: { file: string; log_index: number; verified: string }[] };
    expect(listed.log).toBe('reachable');
    expect(listed.snapshots.map((item) => [item.file, item.log_index, item.verified])).toEqual([
      [snapshot.file, snapshot.log_index, 'yes'],
      [path.join(dir, 'snapshots', snapshotFileName(0)), 0, 'no'],
    ]);
  });

  it('create prints index, file, size and keys; list with --log on the snapshot directory shows the newest verified', { timeout: 40_000 }, async () => {
    const created = await runSnapshotCli(['create', '--dir', dir, '--timeout-ms', '30000']);
    expect(created.code, created.stderr).toBe(0);
    const match = /^index +(\d+)\nfile +(\S+\.cairn)\ncreated +\S+\nsize +.+\nkeys +(\d+)\ndigest +([0-9a-f]{64})\n$/.exec(created.stdout);
    expect(match, created.stdout).not.toBeNull();
    const [, index, file, keys, digest] = match as RegExpExecArray;
    expect([Number(keys), digest]).toEqual([written.keyCount, written.digest]);
    const log = readCluster().txlog.map((node) => node.address).join(',');
    const run = await runSnapshotCli(['list', '--dir', path.join(dir, 'snapshots'), '--log', log]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(new RegExp(`^${index} .* ${written.keyCount} +yes +${path.basename(file as string)}$`));
  });

  it('create exits 4 naming the snapshotter when none answers in time', { timeout: 20_000 }, async () => {
    const pid = readCluster().snapshotter?.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid as number, 'SIGSTOP');
    try {
      const run = await runSnapshotCli(['create', '--dir', dir, '--timeout-ms', '1500']);
      expect(run.code).toBe(4);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^cairn snapshot create: no snapshot answered request \d+ within 1500 ms .*no snapshotter is running/);
    } finally {
      process.kill(pid as number, 'SIGCONT');
    }
  });

  it('after the cluster stops, list still lists its files, verified unknown, and exits 0', { timeout: STOP_MS + 10_000 }, async () => {
    const stopped = await (supervisor as CairnProcess).stop('SIGTERM', STOP_MS);
    expect(stopped.code).toBe(0);
    const run = await runSnapshotCli(['list', '--dir', dir, '--timeout-ms', '500']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('cannot be reached');
    expect(run.stdout).toMatch(/ unknown +snapshot-\d{16}\.cairn$/m);
    expect(run.stdout).not.toMatch(/ (yes|no) +snapshot-/);
  });
});
