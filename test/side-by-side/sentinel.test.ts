/**
 * SENTINEL replies of cairn nodes (a durable primary and a replica on a log cluster, in process)
 * against a real Redis Sentinel 7.0 watching a real master and replica (with a second Sentinel,
 * so the first lists one other): the same fields in the same order for master, replica and
 * sentinel entries, every value a bulk string, the same RESP3 types, and the same replies for
 * unknown names, unknown subcommands and wrong arity. Values (addresses, timings, ids) differ.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDurableServer, startDurableServer } from '../../server/src/durable/durable-server.js';
import { silentLogger } from '../../server/src/log.js';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { freePort, type ReferenceRedis, redisServerAvailable, startReferenceRedis } from '../support/servers.js';
import { Cluster } from '../txlog/node/cluster.js';

const WAIT_MS = 20_000;
const POLL_MS = 50;
const LEASE_MS = 600;

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; Date.now() < deadline && attempt < WAIT_MS / POLL_MS + 10; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A real Sentinel watching the master named cairn at masterPort; its config file lives in `dir`. */
async function startSentinel(dir: string, masterPort: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const config = path.join(dir, `sentinel-${port}.conf`);
  writeFileSync(config, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor cairn 127.0.0.1 ${masterPort} 2\nsentinel down-after-milliseconds cairn 60000\n`);
  const child: ChildProcess = spawn('redis-server', [config, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sentinel did not start:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('+monitor master')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sentinel exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The field names of a flat field/value array or a map. */
function fieldNames(value: RespValue | undefined): string[] {
  if (value?.t === 'map') return value.v.map(([key]) => (key.t === 'bulk' ? (key.v ?? '') : '?'));
  if (value?.t !== 'array' || value.v === null) throw new Error(`not a field list: ${JSON.stringify(value)}`);
  return value.v.filter((_, index) => index % 2 === 0).map((key) => (key.t === 'bulk' ? (key.v ?? '') : '?'));
}

/** The types of a reply's parts: what stays equal when the values differ. */
function typesOf(value: RespValue): unknown {
  if (value.t === 'array') return value.v === null ? 'null array' : value.v.map(typesOf);
  if (value.t === 'map') return { map: value.v.map(([key, item]) => [typesOf(key), typesOf(item)]) };
  return value.t;
}

function items(value: RespValue): RespValue[] {
  if (value.t !== 'array' || value.v === null) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value.v;
}

describe.skipIf(!redisServerAvailable())('SENTINEL replies (side by side with a real Redis Sentinel 7.0)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  let sentinel: RespClient;
  const nodes: RespClient[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-sentinel-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const master = (await startReferenceRedis()) as ReferenceRedis;
    cleanups.push(() => master.stop());
    const replica = (await startReferenceRedis(['--replicaof', '127.0.0.1', String(master.port)])) as ReferenceRedis;
    cleanups.push(() => replica.stop());
    for (let index = 0; index < 2; index++) {
      const running = await startSentinel(dir, master.port);
      cleanups.push(() => running.stop());
      if (index === 0) sentinel = await RespClient.connect(running.port);
    }
    cleanups.push(() => sentinel.close());
    await until(async () => items(await sentinel.call('SENTINEL', 'replicas', 'cairn')).length === 1, 'the Sentinel to find the replica');
    await until(async () => items(await sentinel.call('SENTINEL', 'sentinels', 'cairn')).length === 1, 'the Sentinel to find the other one');

    const cluster = await Cluster.start(3, 'sqlite');
    cleanups.push(() => cluster.stop());
    await cluster.leader();
    const start = async (name: string): Promise<RunningDurableServer> => {
      const running = await startDurableServer({
        settings: { port: 0, bind: '127.0.0.1' },
        log: [...cluster.addresses.values()],
        dir: path.join(dir, name),
        leaseMs: LEASE_MS,
        logger: silentLogger(),
      });
      cleanups.push(() => running.close());
      return running;
    };
    const primary = await start('primary');
    await until(() => primary.node.view().role === 'primary', 'a cairn primary');
    const second = await start('replica');
    await until(() => second.node.view().role === 'replica', 'a cairn replica');
    for (const node of [primary, second]) {
      const connection = await RespClient.connect(node.server.port);
      cleanups.push(() => connection.close());
      nodes.push(connection);
    }
    await until(async () => items(await (nodes[0] as RespClient).call('SENTINEL', 'replicas', 'cairn')).length === 1, 'the cairn replica to link');
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('SENTINEL master, masters, replicas and sentinels entries have Sentinel\'s fields in its order, every value a bulk string', async () => {
    const expected = {
      master: fieldNames(await sentinel.call('SENTINEL', 'master', 'cairn')),
      replica: fieldNames(items(await sentinel.call('SENTINEL', 'replicas', 'cairn'))[0]),
      sentinel: fieldNames(items(await sentinel.call('SENTINEL', 'sentinels', 'cairn'))[0]),
    };
    expect(expected.master.slice(0, 5)).toEqual(['name', 'ip', 'port', 'runid', 'flags']);
    for (const node of nodes) {
      const master = await node.call('SENTINEL', 'master', 'cairn');
      expect(fieldNames(master)).toEqual(expected.master);
      expect(typesOf(master)).toEqual(typesOf(await sentinel.call('SENTINEL', 'master', 'cairn')));
      expect(items(await node.call('SENTINEL', 'masters')).map(fieldNames)).toEqual([expected.master]);
      const replicas = items(await node.call('SENTINEL', 'replicas', 'cairn'));
      expect(replicas.map(fieldNames)).toEqual([expected.replica]);
      expect(replicas.map(typesOf)).toEqual(items(await sentinel.call('SENTINEL', 'replicas', 'cairn')).map(typesOf));
      expect(items(await node.call('SENTINEL', 'slaves', 'cairn')).map(fieldNames)).toEqual([expected.replica]);
      const sentinels = items(await node.call('SENTINEL', 'sentinels', 'cairn'));
      expect(sentinels.map(fieldNames)).toEqual([expected.sentinel]);
      expect(sentinels.map(typesOf)).toEqual(items(await sentinel.call('SENTINEL', 'sentinels', 'cairn')).map(typesOf));
    }
  });

  it('get-master-addr-by-name is [ip, port] as bulk strings; another name is a null array', async () => {
    const commands = [['SENTINEL', 'get-master-addr-by-name', 'cairn'], ['SENTINEL', 'get-master-addr-by-name', 'CAIRN'], ['SENTINEL', 'get-master-addr-by-name', 'other']];
    for (const node of nodes) {
      for (const command of commands) expect(typesOf(await node.call(...command)), command.join(' ')).toEqual(typesOf(await sentinel.call(...command)));
    }
  });

  it('unknown names, unknown subcommands and wrong arity get the same replies', async () => {
    const commands = [
      ['SENTINEL', 'master', 'other'], ['SENTINEL', 'replicas', 'other'], ['SENTINEL', 'slaves', 'other'], ['SENTINEL', 'sentinels', 'other'],
      ['SENTINEL'], ['SENTINEL', 'nosuch'], ['SENTINEL', 'master'], ['SENTINEL', 'masters', 'x'], ['SENTINEL', 'get-master-addr-by-name'],
      ['SENTINEL', 'replicas', 'cairn', 'x'], ['SENTINEL', 'sentinels'], ['SENTINEL', 'myid', 'x'],
    ];
    for (const node of nodes) {
      for (const command of commands) expect(await node.call(...command), command.join(' ')).toEqual(await sentinel.call(...command));
    }
  });

  it('in RESP3, entries are maps', async () => {
    await sentinel.call('HELLO', '3');
    for (const node of nodes) {
      await node.call('HELLO', '3');
      for (const command of [['SENTINEL', 'master', 'cairn'], ['SENTINEL', 'masters'], ['SENTINEL', 'replicas', 'cairn'], ['SENTINEL', 'sentinels', 'cairn']]) {
        expect(typesOf(await node.call(...command)), command.join(' ')).toEqual(typesOf(await sentinel.call(...command)));
      }
      await node.call('HELLO', '2');
    }
    await sentinel.call('HELLO', '2');
  });
});
