import { describe, expect, it } from 'vitest';
import { parseMemory, settingSpecs, Settings } from '../../server/src/config/settings.js';
import { ErrorReply, MapReply, OK, Status } from '../../server/src/resp/reply.js';
import { Executor } from '../support/executor.js';

function configGet(server: Executor, ...patterns: string[]): Record<string, unknown> {
  const reply = server.run('CONFIG', 'GET', ...patterns);
  expect(reply).toBeInstanceOf(MapReply);
  const entries = (reply as MapReply).entries;
  const out: Record<string, unknown> = {};
  for (let index = 0; index < entries.length; index += 2) out[entries[index] as string] = entries[index + 1];
  return out;
}

const failed = (name: string, reason: string) => new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);

describe('CONFIG GET', () => {
  it('answers an exact name with the name as it was asked', () => {
    const server = new Executor();
    expect(configGet(server, 'maxclients')).toEqual({ maxclients: '10000' });
    expect(configGet(server, 'HZ')).toEqual({ HZ: '10' });
  });

  it('matches glob patterns case-insensitively and lists each setting once', () => {
    const server = new Executor();
    expect(configGet(server, 'SLOWLOG*', 'slowlog-max-len', 'hz', 'h?')).toEqual({
      'slowlog-log-slower-than': '10000',
      'slowlog-max-len': '128',
      hz: '10',
    });
    expect(Object.keys(configGet(server, '*')).sort()).toEqual(settingSpecs.map((spec) => spec.name).sort());
    expect(configGet(server, '[mt]*out*')).toEqual({ timeout: '0' });
  });

  it('answers an empty map for unknown names and checks arity', () => {
    const server = new Executor();
    expect(configGet(server, 'nosuch', 'no*such')).toEqual({});
    expect(server.run('CONFIG', 'GET')).toEqual(new ErrorReply("ERR wrong number of arguments for 'config|get' command"));
  });

  it('prints memory settings in bytes and the output buffer limits in Redis form', () => {
    const server = new Executor({ settings: { 'proto-max-bulk-len': '2mb' } });
    expect(configGet(server, 'proto-max-bulk-len', 'client-output-buffer-limit')).toEqual({
      'proto-max-bulk-len': '2097152',
      'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    });
  });
});

describe('CONFIG SET', () => {
  it('sets several settings at once', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'timeout', '30', 'MAXCLIENTS', '50', 'loglevel', 'WARNING')).toBe(OK);
    expect(configGet(server, 'timeout', 'maxclients', 'loglevel')).toEqual({ timeout: '30', maxclients: '50', loglevel: 'warning' });
    expect(server.state.settings.integer('maxclients')).toBe(50);
  });

  it('applies nothing when any value is refused', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'timeout', '30', 'maxclients', 'many')).toEqual(
      failed('maxclients', "argument couldn't be parsed into an integer"),
    );
    expect(configGet(server, 'timeout')).toEqual({ timeout: '0' });
  });

  it('reports the first unknown, immutable or repeated name before any value error', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'maxclients', 'x', 'nosuch', '1')).toEqual(
      new ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"),
    );
    expect(server.run('CONFIG', 'SET', 'databases', '3', 'nosuch', '1')).toEqual(failed('databases', "can't set immutable config"));
    expect(server.run('CONFIG', 'SET', 'maxclients', 'x', 'databases', '3')).toEqual(failed('databases', "can't set immutable config"));
    expect(server.run('CONFIG', 'SET', 'hz', '5', 'HZ', '6')).toEqual(failed('HZ', 'duplicate parameter'));
    expect(server.run('CONFIG', 'SET', 'port', '1')).toEqual(failed('port', "can't set immutable config"));
  });

  it('refuses an odd number of arguments and checks arity', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'hz', '5', 'timeout')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('CONFIG', 'SET', 'hz')).toEqual(new ErrorReply("ERR wrong number of arguments for 'config|set' command"));
  });

  it('parses integers as Redis string2ll does and checks their range', () => {
    const server = new Executor();
    for (const text of ['05', '+5', ' 5', '5 ', '1e3', '-0', '']) {
      expect(server.run('CONFIG', 'SET', 'slowlog-max-len', text), text).toEqual(failed('slowlog-max-len', "argument couldn't be parsed into an integer"));
    }
    expect(server.run('CONFIG', 'SET', 'timeout', '-1')).toEqual(failed('timeout', 'argument must be between 0 and 2147483647 inclusive'));
    expect(server.run('CONFIG', 'SET', 'slowlog-log-slower-than', '-1')).toBe(OK);
    expect(server.run('CONFIG', 'SET', 'slowlog-log-slower-than', '-2')).toEqual(
      failed('slowlog-log-slower-than', 'argument must be between -1 and 9007199254740991 inclusive'),
    );
  });

  it('reads memory units and refuses other suffixes', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'proto-max-bulk-len', '2MB')).toBe(OK);
    expect(configGet(server, 'proto-max-bulk-len')).toEqual({ 'proto-max-bulk-len': '2097152' });
    expect(server.run('CONFIG', 'SET', 'proto-max-bulk-len', '2.5mb')).toEqual(failed('proto-max-bulk-len', 'argument must be a memory value'));
    expect(server.run('CONFIG', 'SET', 'proto-max-bulk-len', '-2mb')).toEqual(failed('proto-max-bulk-len', 'argument must be a memory value'));
    expect(server.run('CONFIG', 'SET', 'proto-max-bulk-len', '1')).toEqual(
      failed('proto-max-bulk-len', 'argument must be between 1048576 and 536870912 inclusive'),
    );
  });

  it('clamps hz to 1..500 as Redis does', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'hz', '1000')).toBe(OK);
    expect(configGet(server, 'hz')).toEqual({ hz: '500' });
    expect(server.run('CONFIG', 'SET', 'hz', '0')).toBe(OK);
    expect(configGet(server, 'hz')).toEqual({ hz: '1' });
    expect(server.run('CONFIG', 'SET', 'hz', '-1')).toEqual(failed('hz', 'argument must be between 0 and 2147483647 inclusive'));
  });

  it('lowering slowlog-max-len trims the slowlog at once', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0 } });
    for (let index = 0; index < 6; index++) server.run('PING');
    expect(server.run('CONFIG', 'SET', 'slowlog-max-len', '2')).toBe(OK);
    expect(server.state.slowlog.length).toBe(2);
  });

  it('checks the output buffer limits format', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2')).toEqual(
      failed('client-output-buffer-limit', 'Wrong number of arguments in buffer limit configuration.'),
    );
    expect(server.run('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 10')).toBe(OK);
    expect(server.state.settings.outputBufferLimits.pubsub).toEqual({ hardBytes: 1048576, softBytes: 524288, softSeconds: 10 });
  });
});

describe('CONFIG RESETSTAT, REWRITE, HELP', () => {
  it('RESETSTAT clears command, error and keyspace counters but keeps the slowlog', () => {
    const server = new Executor({ settings: { 'slowlog-log-slower-than': 0 } });
    server.state.keyspace.stats.hits = 5;
    server.state.keyspace.stats.misses = 6;
    server.state.keyspace.stats.expiredKeys = 7;
    server.run('PING');
    server.run('NOSUCH');
    expect(server.run('CONFIG', 'RESETSTAT')).toBe(OK);
    const stats = server.state.stats;
    expect([...stats.commands.keys()]).toEqual(['config|resetstat']);
    expect(stats.errors.size).toBe(0);
    expect(stats.totalErrorReplies).toBe(0);
    expect(stats.totalCommandsProcessed).toBe(1);
    expect(server.state.keyspace.stats).toEqual({ hits: 0, misses: 0, expiredKeys: 0 });
    expect(server.state.slowlog.length).toBe(2); // PING and RESETSTAT; the unknown command never ran
  });

  it('REWRITE refuses: there is no config file', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'REWRITE')).toEqual(new ErrorReply('ERR The server is running without a config file'));
  });

  it('HELP lists the subcommands; unknown ones are refused', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'HELP')).toEqual(
      [
        'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
        'GET <pattern>',
        '    Return parameters matching the glob-like <pattern> and their values.',
        'SET <directive> <value>',
        '    Set the configuration <directive> to <value>.',
        'RESETSTAT',
        '    Reset statistics reported by the INFO command.',
        'REWRITE',
        '    Rewrite the configuration file.',
        'HELP',
        '    Prints this help.',
      ].map((line) => new Status(line)),
    );
    expect(server.run('CONFIG', 'foo')).toEqual(new ErrorReply("ERR unknown subcommand 'foo'. Try CONFIG HELP."));
    expect(server.run('CONFIG')).toEqual(new ErrorReply("ERR wrong number of arguments for 'config' command"));
  });
});

describe('settings', () => {
  it('parseMemory reads Redis memory units, and no digits as 0 as memtoull does', () => {
    expect(parseMemory('100')).toBe(100);
    expect(parseMemory('1k')).toBe(1000);
    expect(parseMemory('1KB')).toBe(1024);
    expect(parseMemory('3gb')).toBe(3 * 1024 ** 3);
    expect(parseMemory('5b')).toBe(5);
    expect(parseMemory('mb')).toBe(0);
    expect(parseMemory('1tb')).toBeNull();
    expect(parseMemory('-1')).toBeNull();
  });

  it('every setting has a doc line, and its default passes its own validation', () => {
    for (const spec of settingSpecs) {
      expect(spec.doc.length, spec.name).toBeGreaterThan(10);
      expect(new Settings().format(spec.name), spec.name).toBe(String(spec.defaultValue));
      expect(new Settings({ [spec.name]: String(spec.defaultValue) }).format(spec.name), spec.name).toBe(String(spec.defaultValue));
    }
  });
});

describe('compatibility settings', () => {
  it('CONFIG GET save and appendonly answer as a Redis without RDB or AOF (redis-benchmark reads them)', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'GET', 'save')).toEqual(new MapReply(['save', '']));
    expect(server.run('CONFIG', 'GET', 'appendonly')).toEqual(new MapReply(['appendonly', 'no']));
  });

  it('save accepts Redis syntax; appendonly refuses yes with the reason', () => {
    const server = new Executor();
    expect(server.run('CONFIG', 'SET', 'save', '3600 1 300 100')).toBe(OK);
    expect(server.run('CONFIG', 'SET', 'save', 'abc')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"),
    );
    expect(server.run('CONFIG', 'SET', 'appendonly', 'no')).toBe(OK);
    expect(server.run('CONFIG', 'SET', 'appendonly', 'yes')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'appendonly') - cairn has no append-only file; durability comes from its transaction log"),
    );
  });
});
