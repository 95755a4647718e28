/** `cairn start`: its command line and the ports and directories of the cluster it runs. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_PORT_MAX, checkBasePort, parseStartArguments } from '../../cli/start/arguments.js';
import { clusterLayout, commandOf, portsOf } from '../../cli/start/layout.js';

describe('cairn start arguments', () => {
  it('defaults to ./data (resolved against the working directory) and port 6379', () => {
    expect(parseStartArguments([], '/home/me')).toEqual({ help: false, arguments: { dir: '/home/me/data', port: 6379 } });
  });

  it('takes --dir and --port in any order; a relative --dir is resolved, an absolute one kept', () => {
    expect(parseStartArguments(['--port', '7000', '--dir', 'cluster'], '/srv')).toEqual({ help: false, arguments: { dir: '/srv/cluster', port: 7000 } });
    expect(parseStartArguments(['--dir', '/var/lib/cairn'], '/srv')).toEqual({ help: false, arguments: { dir: '/var/lib/cairn', port: 6379 } });
  });

  it('answers --help and -h with help', () => {
    expect(parseStartArguments(['--help'], '/')).toEqual({ help: true });
    expect(parseStartArguments(['-h'], '/')).toEqual({ help: true });
  });

  it('refuses unknown options, stray arguments, options without a value and repeated options', () => {
    expect(parseStartArguments(['--bogus', '1'], '/')).toEqual({ error: "unknown option '--bogus'" });
    expect(parseStartArguments(['data'], '/')).toEqual({ error: "unexpected argument 'data'" });
    expect(parseStartArguments(['--port'], '/')).toEqual({ error: "option '--port' needs a value" });
    expect(parseStartArguments(['--dir', '--port', '1'], '/')).toEqual({ error: "option '--dir' needs a value" });
    expect(parseStartArguments(['--port', '1', '--port', '2'], '/')).toEqual({ error: "option '--port' given twice" });
  });

  it('refuses ports that are not integers from 1 on', () => {
    for (const text of ['0', '-1', 'abc', '1.5', '', '123456', ' 80']) {
      const checked = checkBasePort(text);
      expect(typeof checked, text).toBe('string');
      expect(checked as string).toContain('--port must be an integer from 1 to 55533');
    }
  });

  it('refuses a port whose txlog ports (port + 10000 .. port + 10002) would exceed 65535, saying which is the highest allowed', () => {
    expect(BASE_PORT_MAX).toBe(55_533);
    expect(checkBasePort('55533')).toBe(55_533);
    const refused = checkBasePort('55534');
    expect(refused).toContain('65536 exceeds 65535');
    expect(refused).toContain('at most 55533');
    expect(parseStartArguments(['--port', '60000'], '/')).toHaveProperty('error');
    expect(checkBasePort('1')).toBe(1);
  });
});

describe('cairn start layout', () => {
  const layout = clusterLayout('/data', 6379);

  it('puts the txlog nodes on port + 10000 + (id - 1) and the servers on port and port + 1, on loopback', () => {
    expect(layout.txlog.map((slot) => [slot.id, slot.address])).toEqual([
      [1, '127.0.0.1:16379'],
      [2, '127.0.0.1:16380'],
      [3, '127.0.0.1:16381'],
    ]);
    expect(layout.servers.map((slot) => slot.address)).toEqual(['127.0.0.1:6379', '127.0.0.1:6380']);
    expect(portsOf(layout)).toEqual([6379, 6380, 16379, 16380, 16381]);
  });

  it('gives each process its own directory under DIR, and keeps cluster.json and logs/ there', () => {
    expect(layout.txlog.map((slot) => slot.dir)).toEqual(['/data/txlog-1', '/data/txlog-2', '/data/txlog-3']);
    expect(layout.servers.map((slot) => slot.dir)).toEqual(['/data/server-6379', '/data/server-6380']);
    expect(layout.clusterFile).toBe(path.join('/data', 'cluster.json'));
    expect(layout.logDir).toBe('/data/logs');
    expect([...layout.txlog, ...layout.servers].map((slot) => slot.name)).toEqual(['txlog-1', 'txlog-2', 'txlog-3', 'server-6379', 'server-6380']);
  });

  it('runs each txlog node with the whole peer list and its own id and directory', () => {
    expect(commandOf(layout, layout.txlog[1]!)).toEqual([
      'txlog',
      '--id',
      '2',
      '--peers',
      '1=127.0.0.1:16379,2=127.0.0.1:16380,3=127.0.0.1:16381',
      '--dir',
      '/data/txlog-2',
    ]);
  });

  it('runs each server on its port with every txlog node as --log, its own directory and the snapshotter\'s', () => {
    expect(commandOf(layout, layout.servers[1]!)).toEqual([
      'server',
      '--port',
      '6380',
      '--log',
      '127.0.0.1:16379,127.0.0.1:16380,127.0.0.1:16381',
      '--dir',
      '/data/server-6380',
      '--snapshots',
      '/data/snapshots',
    ]);
  });

  it('runs the snapshotter on every txlog node, writing to DIR/snapshots', () => {
    expect(commandOf(layout, layout.snapshotter)).toEqual(['snapshotter', '--log', '127.0.0.1:16379,127.0.0.1:16380,127.0.0.1:16381', '--dir', '/data/snapshots']);
  });

  it('fits the highest allowed base port exactly', () => {
    expect(portsOf(clusterLayout('/d', BASE_PORT_MAX))).toEqual([55_533, 55_534, 65_533, 65_534, 65_535]);
  });
});
