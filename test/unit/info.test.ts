import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeReply } from '../../server/src/resp/writer.js';
import { VerbatimReply } from '../../server/src/resp/reply.js';
import { bytesToHuman, formatFixed2 } from '../../server/src/state/memory.js';
import { Executor } from '../support/executor.js';

function infoText(server: Executor, ...sections: string[]): string {
  const reply = server.run('INFO', ...sections);
  expect(reply).toBeInstanceOf(VerbatimReply);
  return (reply as VerbatimReply).text;
}

function headings(text: string): string[] {
  return text.split('\r\n').filter((line) => line.startsWith('# '));
}

/** Every `field:value` line of an INFO text, by field. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    expect(colon, line).toBeGreaterThan(0);
    out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

const DEFAULT_HEADINGS = ['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Errorstats', '# Cluster', '# Keyspace'];

describe('INFO sections', () => {
  it('prints the default sections in Redis order without arguments or with "default"', () => {
    const server = new Executor();
    expect(headings(infoText(server))).toEqual(DEFAULT_HEADINGS);
    expect(headings(infoText(server, 'default'))).toEqual(DEFAULT_HEADINGS);
  });

  it('"all" and "everything" add commandstats', () => {
    const server = new Executor();
    const all = [...DEFAULT_HEADINGS.slice(0, 8), '# Commandstats', ...DEFAULT_HEADINGS.slice(8)];
    expect(headings(infoText(server, 'all'))).toEqual(all);
    expect(headings(infoText(server, 'EVERYTHING'))).toEqual(all);
  });

  it('prints the asked sections in Redis order whatever the argument order and case', () => {
    const server = new Executor();
    expect(headings(infoText(server, 'keyspace', 'CPU', 'server'))).toEqual(['# Server', '# CPU', '# Keyspace']);
    expect(headings(infoText(server, 'commandstats', 'default'))).toEqual([...DEFAULT_HEADINGS.slice(0, 8), '# Commandstats', ...DEFAULT_HEADINGS.slice(8)]);
  });

  it('answers an empty text for unknown sections', () => {
    const server = new Executor();
    expect(infoText(server, 'bogus')).toBe('');
  });

  it('lays sections out as Redis: CRLF lines, one empty line between sections', () => {
    const server = new Executor();
    expect(infoText(server, 'cluster', 'errorstats', 'keyspace')).toBe('# Errorstats\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n');
  });

  it('is a verbatim text in RESP3 and a bulk string in RESP2', () => {
    const server = new Executor();
    const reply = server.run('INFO', 'cluster');
    expect(encodeReply(reply, 3).toString('latin1')).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    expect(encodeReply(reply, 2).toString('latin1')).toBe('$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
  });

  it('every line of every section is a field:value pair', () => {
    const server = new Executor();
    server.run('PING');
    const parsed = fields(infoText(server, 'everything'));
    expect(parsed.size).toBeGreaterThan(150);
  });
});

describe('INFO fields', () => {
  it('server: Redis 7.0.15 for clients, cairn\'s own version, port and uptime from the clock', () => {
    const server = new Executor();
    server.clock.advanceMs(90_061_000);
    const parsed = fields(infoText(server, 'server'));
    const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(parsed.get('redis_version')).toBe('7.0.15');
    expect(parsed.get('cairn_version')).toBe(packageVersion);
    expect(parsed.get('redis_mode')).toBe('standalone');
    expect(parsed.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed.get('uptime_in_seconds')).toBe('90061');
    expect(parsed.get('uptime_in_days')).toBe('1');
    expect(parsed.get('server_time_usec')).toBe(String(server.clock.nowMicros()));
    expect(parsed.get('hz')).toBe('10');
    expect(parsed.get('process_id')).toBe(String(process.pid));
  });

  it('persistence says loading:0 (ioredis waits while it is 1)', () => {
    const parsed = fields(infoText(new Executor(), 'persistence'));
    expect(parsed.get('loading')).toBe('0');
    expect(parsed.get('rdb_last_save_time')).toBe('1700000000');
    expect(parsed.get('aof_enabled')).toBe('0');
  });

  it('replication gives the role', () => {
    expect(fields(infoText(new Executor(), 'replication')).get('role')).toBe('master');
    const replica = fields(infoText(new Executor({ role: 'replica' }), 'replication'));
    expect(replica.get('role')).toBe('slave');
    expect(replica.get('connected_slaves')).toBe('0');
  });

  it('clients counts connections and reports maxclients', () => {
    const server = new Executor({ settings: { maxclients: 77 } });
    server.newClient();
    const parsed = fields(infoText(server, 'clients'));
    expect(parsed.get('connected_clients')).toBe('2');
    expect(parsed.get('maxclients')).toBe('77');
    expect(parsed.get('blocked_clients')).toBe('0');
  });

  it('memory reports bytes with their human forms and the fixed policy', () => {
    const parsed = fields(infoText(new Executor(), 'memory'));
    const used = Number(parsed.get('used_memory'));
    expect(used).toBeGreaterThan(0);
    expect(parsed.get('used_memory_human')).toBe(bytesToHuman(used));
    expect(Number(parsed.get('used_memory_peak'))).toBeGreaterThanOrEqual(used);
    expect(parsed.get('used_memory_peak_perc')).toMatch(/^\d+\.\d\d%$/);
    expect(parsed.get('mem_fragmentation_ratio')).toMatch(/^\d+\.\d\d$/);
    expect(parsed.get('maxmemory_policy')).toBe('noeviction');
    expect(parsed.get('maxmemory')).toBe('0');
  });

  it('cpu reports seconds with six decimals', () => {
    const parsed = fields(infoText(new Executor(), 'cpu'));
    for (const name of ['used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_main_thread']) {
      expect(parsed.get(name), name).toMatch(/^\d+\.\d{6}$/);
    }
  });

  it('stats counts commands, errors and keyspace hits', () => {
    const server = new Executor();
    server.run('PING');
    server.run('NOSUCH');
    server.state.keyspace.stats.hits = 3;
    server.state.keyspace.stats.misses = 4;
    const parsed = fields(infoText(server, 'stats'));
    expect(parsed.get('total_commands_processed')).toBe('1');
    expect(parsed.get('total_error_replies')).toBe('1');
    expect(parsed.get('keyspace_hits')).toBe('3');
    expect(parsed.get('keyspace_misses')).toBe('4');
    expect(parsed.get('instantaneous_ops_per_sec')).toBe('0');
  });

  it('commandstats lists called, failed and rejected commands; errorstats lists codes in order', () => {
    const server = new Executor();
    server.run('PING');
    server.run('PING');
    server.run('SELECT', 'x');
    server.run('SELECT');
    server.run('CONFIG', 'GET');
    server.run('NOSUCH');
    server.run('MULTI');
    server.run('MULTI');
    server.run('DISCARD');
    expect(infoText(server, 'commandstats')).toBe(
      '# Commandstats\r\n' +
        'cmdstat_ping:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n' +
        'cmdstat_select:calls=1,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=1\r\n' +
        'cmdstat_config|get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n' +
        'cmdstat_multi:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\n' +
        'cmdstat_discard:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n',
    );
    server.state.stats.error('WRONGTYPE');
    expect(infoText(server, 'errorstats')).toBe('# Errorstats\r\nerrorstat_ERR:count=5\r\nerrorstat_WRONGTYPE:count=1\r\n');
  });

  it('errorstats tracks at most 128 distinct codes, and still counts every error reply', () => {
    const server = new Executor();
    for (let index = 0; index < 130; index++) server.state.stats.error(`CODE${index}`);
    expect(server.state.stats.errors.size).toBe(128);
    expect(server.state.stats.totalErrorReplies).toBe(130);
  });

  it('keyspace lists databases holding keys with their expiry count and mean TTL', () => {
    const server = new Executor();
    const now = server.state.nowMs();
    server.state.keyspace.now = now;
    const zero = server.state.keyspace.db(0);
    zero.set('a', 'string', '1');
    zero.set('b', 'string', '2');
    zero.setExpireAt('b', now + 10_000);
    zero.set('c', 'string', '3');
    zero.setExpireAt('c', now + 20_000);
    server.state.keyspace.db(9).set('d', 'string', '4');
    expect(infoText(server, 'keyspace')).toBe('# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=15000\r\ndb9:keys=1,expires=0,avg_ttl=0\r\n');
  });
});

describe('INFO number formats', () => {
  it('bytesToHuman follows Redis: B below 1024, then two decimals of K, M, G', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(990336)).toBe('967.12K');
    expect(bytesToHuman(12402688)).toBe('11.83M');
    expect(bytesToHuman(25276510208)).toBe('23.54G');
  });

  it('formatFixed2 rounds exact ties to even as printf does', () => {
    expect(formatFixed2(1.125)).toBe('1.12');
    expect(formatFixed2(1.375)).toBe('1.38');
    expect(formatFixed2(0.005)).toBe('0.01'); // not an exact tie in binary: above it
    expect(formatFixed2(100.18)).toBe('100.18');
    expect(bytesToHuman(1152)).toBe('1.12K');
  });
});
