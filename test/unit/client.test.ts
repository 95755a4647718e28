import { afterEach, describe, expect, it } from 'vitest';
import { Suspend } from '../../server/src/commands/dispatch.js';
import { Client } from '../../server/src/net/client.js';
import { encodeReply } from '../../server/src/resp/writer.js';
import { ErrorReply, MapReply, NO_REPLY, OK, type Reply, SetReply, Status, VerbatimReply } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, RecordingTransport } from '../support/executor.js';

const servers: Executor[] = [];

function newServer(): Executor {
  const server = new Executor();
  servers.push(server);
  return server;
}

afterEach(() => {
  for (const server of servers.splice(0)) server.state.unpauseClients();
});

/** A client with its own addresses (Executor.newClient gives every client the same ones). */
function connect(server: Executor, address: string, localAddress = '127.0.0.1:6379'): Client {
  const client = new Client(server.state.allocateClientId(), new RecordingTransport(), address, localAddress, server.state.nowMs());
  server.state.clients.set(client.id, client);
  return client;
}

function text(reply: Reply): string {
  if (!(reply instanceof VerbatimReply)) throw new Error(`expected a verbatim reply, got ${String(reply)}`);
  return reply.text;
}

/** CLIENT LIST lines as field maps. */
function parseLines(reply: Reply): Record<string, string>[] {
  return text(reply)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)])));
}

function lineOf(server: Executor, client: Client, as: Client = server.client): Record<string, string> {
  const line = parseLines(server.runAs(as, 'CLIENT', 'LIST', 'ID', client.id))[0];
  if (line === undefined) throw new Error(`client ${client.id} is not listed`);
  return line;
}

const LINE_FORMAT =
  /^id=\d+ addr=\S+ laddr=\S+ fd=\d+ name=\S* age=\d+ idle=\d+ flags=[A-Za-z]+ db=\d+ sub=\d+ psub=\d+ ssub=\d+ multi=-?\d+ qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=r cmd=\S+ user=default redir=-1 resp=[23]$/;

describe('CLIENT ID, SETNAME, GETNAME', () => {
  it('CLIENT ID answers the connection id, different for each connection', () => {
    const server = newServer();
    const other = server.newClient();
    expect(server.run('CLIENT', 'ID')).toBe(server.client.id);
    expect(server.runAs(other, 'CLIENT', 'ID')).toBe(other.id);
    expect(other.id).not.toBe(server.client.id);
  });

  it('CLIENT GETNAME is nil until SETNAME, and SETNAME "" clears the name', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'GETNAME')).toBeNull();
    expect(server.run('CLIENT', 'SETNAME', 'worker-1')).toBe(OK);
    expect(server.run('CLIENT', 'GETNAME')).toBe('worker-1');
    expect(server.run('CLIENT', 'SETNAME', '')).toBe(OK);
    expect(server.run('CLIENT', 'GETNAME')).toBeNull();
  });

  it('CLIENT SETNAME refuses spaces, newlines and bytes outside printable ASCII, keeping the old name', () => {
    const server = newServer();
    server.run('CLIENT', 'SETNAME', 'keep');
    const error = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');
    for (const name of ['a b', 'a\nb', 'a\x7f', '\xe9t\xe9', '\x00']) {
      expect(server.run('CLIENT', 'SETNAME', name)).toEqual(error);
    }
    expect(server.run('CLIENT', 'GETNAME')).toBe('keep');
    expect(server.run('CLIENT', 'SETNAME', '~!#')).toBe(OK);
  });

  it('wrong arity and unknown subcommands get the dispatcher errors', () => {
    const server = newServer();
    expect(server.run('CLIENT')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client' command"));
    expect(server.run('CLIENT', 'ID', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|id' command"));
    expect(server.run('CLIENT', 'SETNAME')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|setname' command"));
    expect(server.run('CLIENT', 'NOPE')).toEqual(new ErrorReply("ERR unknown subcommand 'NOPE'. Try CLIENT HELP."));
  });
});

describe('CLIENT LIST and CLIENT INFO', () => {
  it('CLIENT LIST has one line per connection in Redis 7.0 format', () => {
    const server = newServer();
    server.newClient();
    const reply = server.run('CLIENT', 'LIST');
    const lines = text(reply).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    for (const line of lines.slice(0, 2)) expect(line).toMatch(LINE_FORMAT);
  });

  it('the caller sees its own running command and its argument bytes; others show their last command', () => {
    const server = newServer();
    const other = server.newClient();
    const fresh = server.newClient();
    server.runAs(other, 'ECHO', 'hello');
    const [mine, theirs, untouched] = parseLines(server.run('CLIENT', 'LIST'));
    expect(mine).toMatchObject({ cmd: 'client|list', 'argv-mem': '10' });
    expect(theirs).toMatchObject({ id: String(other.id), cmd: 'echo', 'argv-mem': '0' });
    expect(untouched).toMatchObject({ id: String(fresh.id), cmd: 'NULL' });
  });

  it('a line reflects name, database, protocol and subscriptions', () => {
    const server = newServer();
    const other = server.newClient();
    server.runAs(other, 'CLIENT', 'SETNAME', 'sub');
    server.runAs(other, 'SELECT', '3');
    server.runAs(other, 'HELLO', '3');
    server.runAs(other, 'SUBSCRIBE', 'a', 'b');
    server.runAs(other, 'PSUBSCRIBE', 'p*');
    server.runAs(other, 'SSUBSCRIBE', 's');
    expect(lineOf(server, other)).toMatchObject({ name: 'sub', db: '3', resp: '3', flags: 'P', sub: '2', psub: '1', ssub: '1' });
  });

  it('flags show MULTI (x), a touched WATCH (d), NO-EVICT (e), NO-TOUCH (T), MONITOR (O), the log applier (M) and N otherwise', () => {
    const server = newServer();
    const other = server.newClient();
    expect(lineOf(server, other).flags).toBe('N');
    server.runAs(other, 'WATCH', 'k');
    server.state.keyspace.now = server.state.nowMs();
    server.state.keyspace.db(0).set('k', 'string', 'v');
    server.runAs(other, 'MULTI');
    server.runAs(other, 'PING');
    server.runAs(other, 'ECHO', 'abc');
    expect(lineOf(server, other)).toMatchObject({ flags: 'xd', multi: '2', 'multi-mem': String(4 + 8 + 4 + 3 + 16) });
    server.runAs(other, 'DISCARD');
    server.runAs(other, 'CLIENT', 'NO-EVICT', 'on');
    server.runAs(other, 'CLIENT', 'NO-TOUCH', 'on');
    expect(lineOf(server, other).flags).toBe('eT');
    const monitor = server.newClient();
    monitor.monitor = true;
    expect(lineOf(server, monitor).flags).toBe('O');
    const applier = server.newClient();
    applier.applier = true;
    expect(lineOf(server, applier).flags).toBe('M');
  });

  it('age and idle count whole seconds since connecting and since the last command', () => {
    const server = newServer();
    const other = server.newClient();
    server.clock.advanceMs(5000);
    other.lastInteractionAt = server.state.nowMs();
    server.clock.advanceMs(2500);
    expect(lineOf(server, other)).toMatchObject({ age: '7', idle: '2' });
  });

  it('CLIENT LIST TYPE filters by type; slave is replica; the log applier is master', () => {
    const server = newServer();
    const subscriber = server.newClient();
    server.runAs(subscriber, 'SUBSCRIBE', 'news');
    const applier = server.newClient();
    applier.applier = true;
    const ids = (type: string) => parseLines(server.run('CLIENT', 'LIST', 'TYPE', type)).map((line) => Number(line.id));
    expect(ids('normal')).toEqual([server.client.id]);
    expect(ids('PUBSUB')).toEqual([subscriber.id]);
    expect(ids('master')).toEqual([applier.id]);
    expect(ids('replica')).toEqual([]);
    expect(ids('slave')).toEqual([]);
    expect(server.run('CLIENT', 'LIST', 'TYPE', 'foo')).toEqual(new ErrorReply("ERR Unknown client type 'foo'"));
  });

  it('CLIENT LIST ID lists the given ids in order, skipping unknown ones', () => {
    const server = newServer();
    const a = server.newClient();
    const b = server.newClient();
    const ids = parseLines(server.run('CLIENT', 'LIST', 'ID', b.id, 999, a.id, -1, 0)).map((line) => Number(line.id));
    expect(ids).toEqual([b.id, a.id]);
    expect(server.run('CLIENT', 'LIST', 'ID', a.id, 'x')).toEqual(new ErrorReply('ERR Invalid client ID'));
  });

  it('CLIENT LIST with other arguments is a syntax error', () => {
    const server = newServer();
    const syntax = new ErrorReply('ERR syntax error');
    expect(server.run('CLIENT', 'LIST', 'foo')).toEqual(syntax);
    expect(server.run('CLIENT', 'LIST', 'TYPE')).toEqual(syntax);
    expect(server.run('CLIENT', 'LIST', 'ID')).toEqual(syntax);
    expect(server.run('CLIENT', 'LIST', 'TYPE', 'normal', 'extra')).toEqual(syntax);
  });

  it('CLIENT INFO is the caller line, a bulk string in RESP2 and a txt verbatim string in RESP3', () => {
    const server = newServer();
    const reply = server.run('CLIENT', 'INFO');
    expect(text(reply)).toMatch(/\n$/);
    expect(text(reply).trimEnd()).toMatch(LINE_FORMAT);
    expect(parseLines(reply)[0]).toMatchObject({ id: String(server.client.id), cmd: 'client|info', 'argv-mem': '10' });
    const encoded2 = encodeReply(reply, 2).toString('latin1');
    expect(encoded2).toBe(`$${text(reply).length}\r\n${text(reply)}\r\n`);
    const encoded3 = encodeReply(reply, 3).toString('latin1');
    expect(encoded3).toBe(`=${text(reply).length + 4}\r\ntxt:${text(reply)}\r\n`);
  });
});

describe('CLIENT KILL', () => {
  it('the old form kills by address and answers OK, or No such client', () => {
    const server = newServer();
    const victim = connect(server, '10.0.0.1:1000');
    expect(server.run('CLIENT', 'KILL', '10.0.0.1:1000')).toBe(OK);
    expect((victim.transport as RecordingTransport).closed).toBe(true);
    expect(server.state.clients.has(victim.id)).toBe(false);
    expect(server.run('CLIENT', 'KILL', '10.0.0.1:1000')).toEqual(new ErrorReply('ERR No such client'));
  });

  it('the old form can kill the caller: it answers OK and closes after the reply', () => {
    const server = newServer();
    const self = connect(server, '10.0.0.2:2000');
    expect(server.runAs(self, 'CLIENT', 'KILL', '10.0.0.2:2000')).toBe(OK);
    expect(self.closeAfterReply).toBe(true);
  });

  it('the new form filters by ID, ADDR, LADDR, TYPE and USER, and answers the number killed', () => {
    const server = newServer();
    const a = connect(server, '10.0.0.1:1', '127.0.0.1:6379');
    const b = connect(server, '10.0.0.2:2', '127.0.0.1:7000');
    const c = connect(server, '10.0.0.3:3', '127.0.0.1:7000');
    const d = connect(server, '10.0.0.4:4', '127.0.0.1:6379');
    server.runAs(d, 'SUBSCRIBE', 'x');
    expect(server.run('CLIENT', 'KILL', 'ID', a.id)).toBe(1);
    expect(server.run('CLIENT', 'KILL', 'ID', a.id)).toBe(0);
    expect(server.run('CLIENT', 'KILL', 'ADDR', '10.0.0.2:2', 'LADDR', '127.0.0.1:6379')).toBe(0);
    expect(server.run('CLIENT', 'KILL', 'LADDR', '127.0.0.1:7000', 'USER', 'default')).toBe(2);
    expect(server.run('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(1);
    for (const client of [a, b, c, d]) expect((client.transport as RecordingTransport).closed).toBe(true);
    expect([...server.state.clients.keys()]).toEqual([server.client.id]);
  });

  it('the new form skips the caller unless SKIPME no, and then closes it after the reply', () => {
    const server = newServer();
    const id = server.client.id;
    expect(server.run('CLIENT', 'KILL', 'ID', id)).toBe(0);
    expect(server.run('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'yes')).toBe(0);
    expect(server.client.closeAfterReply).toBe(false);
    expect(server.run('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'NO')).toBe(1);
    expect(server.client.closeAfterReply).toBe(true);
    expect((server.client.transport as RecordingTransport).closed).toBe(false);
  });

  it('a killed client leaves its channels at once', () => {
    const server = newServer();
    const subscriber = connect(server, '10.0.0.9:9');
    server.runAs(subscriber, 'SUBSCRIBE', 'news');
    expect(server.run('PUBLISH', 'news', 'a')).toBe(1);
    expect(server.run('CLIENT', 'KILL', 'ADDR', '10.0.0.9:9')).toBe(1);
    expect(server.run('PUBLISH', 'news', 'b')).toBe(0);
    expect(server.run('PUBSUB', 'NUMSUB', 'news')).toEqual(['news', 0]);
  });

  it('option errors are Redis errors', () => {
    const server = newServer();
    const positive = new ErrorReply('ERR client-id should be greater than 0');
    expect(server.run('CLIENT', 'KILL', 'ID', '0')).toEqual(positive);
    expect(server.run('CLIENT', 'KILL', 'ID', '-1')).toEqual(positive);
    expect(server.run('CLIENT', 'KILL', 'ID', 'abc')).toEqual(positive);
    expect(server.run('CLIENT', 'KILL', 'ID', '99999999999999999999')).toEqual(positive);
    expect(server.run('CLIENT', 'KILL', 'TYPE', 'foo')).toEqual(new ErrorReply("ERR Unknown client type 'foo'"));
    expect(server.run('CLIENT', 'KILL', 'USER', 'bob')).toEqual(new ErrorReply("ERR No such user 'bob'"));
    const syntax = new ErrorReply('ERR syntax error');
    expect(server.run('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'maybe')).toEqual(syntax);
    expect(server.run('CLIENT', 'KILL', 'foo', 'bar')).toEqual(syntax);
    expect(server.run('CLIENT', 'KILL', 'ID', '1', 'extra')).toEqual(syntax);
    expect(server.run('CLIENT', 'KILL', 'MAXAGE', '10')).toEqual(syntax);
    expect(server.run('CLIENT', 'KILL', 'ID')).toEqual(new ErrorReply('ERR No such client'));
    expect(server.run('CLIENT', 'KILL')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|kill' command"));
    expect(server.state.clients.size).toBe(1);
  });
});

describe('CLIENT PAUSE and UNPAUSE', () => {
  it('PAUSE WRITE suspends writes and may-replicate commands while reads run, until UNPAUSE', async () => {
    const server = newServer();
    const other = server.newClient();
    expect(server.run('CLIENT', 'PAUSE', 60_000, 'WRITE')).toBe(OK);
    const suspended = server.dispatcher.execute(other, ['PUBLISH', 'ch', 'm']);
    expect(suspended).toBeInstanceOf(Suspend);
    expect(server.runAs(other, 'PING')).toEqual(new Status('PONG'));
    let resumed = false;
    const until = (suspended as Suspend).until.then(() => {
      resumed = true;
    });
    await Promise.resolve();
    expect(resumed).toBe(false);
    expect(server.run('CLIENT', 'UNPAUSE')).toBe(OK);
    await until;
    expect(resumed).toBe(true);
    expect(server.runAs(other, 'PUBLISH', 'ch', 'm')).toBe(0);
  });

  it('PAUSE ALL (the default) suspends reads too', () => {
    const server = newServer();
    const other = server.newClient();
    expect(server.run('CLIENT', 'PAUSE', 60_000)).toBe(OK);
    expect(server.state.pauseMode).toBe('all');
    expect(server.dispatcher.execute(other, ['PING'])).toBeInstanceOf(Suspend);
  });

  it('a pause ends by itself when its timeout passes', async () => {
    const server = newServer();
    server.run('CLIENT', 'PAUSE', 5, 'write');
    expect(server.state.pauseMode).toBe('write');
    server.clock.advanceMs(5);
    await server.state.whenUnpaused();
    expect(server.state.pauseMode).toBeNull();
  });

  it('a timeout that overflows int64 when added to now ends at once, as in Redis 7.0', async () => {
    const server = newServer();
    expect(server.run('CLIENT', 'PAUSE', '9223372036854775807')).toBe(OK);
    await server.state.whenUnpaused();
    expect(server.state.pauseMode).toBeNull();
  });

  it('UNPAUSE without a pause answers OK', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'UNPAUSE')).toBe(OK);
  });

  it('PAUSE checks the mode before the timeout, and the number of arguments', () => {
    const server = newServer();
    const mode = new ErrorReply('ERR CLIENT PAUSE mode must be WRITE or ALL');
    expect(server.run('CLIENT', 'PAUSE', '10', 'foo')).toEqual(mode);
    expect(server.run('CLIENT', 'PAUSE', 'abc', 'foo')).toEqual(mode);
    const notInteger = new ErrorReply('ERR timeout is not an integer or out of range');
    expect(server.run('CLIENT', 'PAUSE', 'abc')).toEqual(notInteger);
    expect(server.run('CLIENT', 'PAUSE', '1.5')).toEqual(notInteger);
    expect(server.run('CLIENT', 'PAUSE', '99999999999999999999')).toEqual(notInteger);
    expect(server.run('CLIENT', 'PAUSE', '-1')).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(server.run('CLIENT', 'PAUSE', '1', '2', '3')).toEqual(
      new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."),
    );
    expect(server.state.pauseMode).toBeNull();
  });
});

describe('CLIENT REPLY', () => {
  it('OFF and SKIP answer nothing; ON answers OK and clears a pending skip', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'REPLY', 'SKIP')).toBe(NO_REPLY);
    expect(server.client.skipNextReply).toBe(true);
    expect(server.run('CLIENT', 'REPLY', 'on')).toBe(OK);
    expect(server.client.skipNextReply).toBe(false);
    expect(server.run('CLIENT', 'REPLY', 'OFF')).toBe(NO_REPLY);
    expect(server.client.replyMode).toBe('off');
    expect(server.run('CLIENT', 'REPLY', 'SKIP')).toBe(NO_REPLY);
    expect(server.client.skipNextReply).toBe(false);
    expect(server.run('CLIENT', 'REPLY', 'ON')).toBe(OK);
    expect(server.client.replyMode).toBe('on');
  });

  it('another mode is a syntax error', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'REPLY', 'foo')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.client.replyMode).toBe('on');
  });
});

describe('CLIENT SETINFO, NO-EVICT, NO-TOUCH', () => {
  it('SETINFO stores LIB-NAME and LIB-VER, in any case', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis')).toBe(OK);
    expect(server.run('CLIENT', 'SETINFO', 'lib-ver', '5.0.0')).toBe(OK);
    expect(server.client.libraryName).toBe('node-redis');
    expect(server.client.libraryVersion).toBe('5.0.0');
  });

  it('SETINFO refuses other attributes and values with spaces, naming the attribute as given', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'SETINFO', 'lib-foo', 'x')).toEqual(new ErrorReply("ERR Unrecognized option 'lib-foo'"));
    expect(server.run('CLIENT', 'SETINFO', 'LIB-Name', 'a b')).toEqual(
      new ErrorReply('ERR LIB-Name cannot contain spaces, newlines or special characters.'),
    );
    expect(server.client.libraryName).toBe('');
  });

  it('NO-EVICT and NO-TOUCH take ON or OFF', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'NO-EVICT', 'ON')).toBe(OK);
    expect(server.run('CLIENT', 'NO-TOUCH', 'on')).toBe(OK);
    expect([server.client.noEvict, server.client.noTouch]).toEqual([true, true]);
    expect(server.run('CLIENT', 'NO-EVICT', 'off')).toBe(OK);
    expect(server.run('CLIENT', 'NO-TOUCH', 'OFF')).toBe(OK);
    expect([server.client.noEvict, server.client.noTouch]).toEqual([false, false]);
    expect(server.run('CLIENT', 'NO-EVICT', 'maybe')).toEqual(new ErrorReply('ERR syntax error'));
    expect(server.run('CLIENT', 'NO-TOUCH', 'yes')).toEqual(new ErrorReply('ERR syntax error'));
  });
});

describe('CLIENT UNBLOCK and tracking', () => {
  it('UNBLOCK answers 0 (nothing blocks yet) once its arguments are valid', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'UNBLOCK', server.client.id)).toBe(0);
    expect(server.run('CLIENT', 'UNBLOCK', '1', 'TIMEOUT')).toBe(0);
    expect(server.run('CLIENT', 'UNBLOCK', '1', 'error')).toBe(0);
    const reason = new ErrorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    expect(server.run('CLIENT', 'UNBLOCK', '1', 'foo')).toEqual(reason);
    expect(server.run('CLIENT', 'UNBLOCK', 'abc', 'foo')).toEqual(reason);
    expect(server.run('CLIENT', 'UNBLOCK', 'abc')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('client', 'unblock', '1', 'a', 'b')).toEqual(
      new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP."),
    );
  });

  it('TRACKING OFF is accepted, TRACKING ON is not supported yet', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'TRACKING', 'off')).toBe(OK);
    expect(server.run('CLIENT', 'TRACKING', 'OFF', 'BCAST', 'PREFIX', 'a', 'NOLOOP')).toBe(OK);
    const reply = server.run('CLIENT', 'TRACKING', 'on');
    expect(reply).toBeInstanceOf(ErrorReply);
    expect((reply as ErrorReply).text).toMatch(/^ERR CLIENT TRACKING ON is not supported/);
  });

  it('TRACKING validates its options as Redis does', () => {
    const server = newServer();
    const other = server.newClient();
    const syntax = new ErrorReply('ERR syntax error');
    expect(server.run('CLIENT', 'TRACKING', 'foo')).toEqual(syntax);
    expect(server.run('CLIENT', 'TRACKING', 'off', 'foo')).toEqual(syntax);
    expect(server.run('CLIENT', 'TRACKING', 'off', 'PREFIX')).toEqual(syntax);
    expect(server.run('CLIENT', 'TRACKING', 'off', 'REDIRECT', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(server.run('CLIENT', 'TRACKING', 'off', 'REDIRECT', '999')).toEqual(new ErrorReply('ERR The client ID you want redirect to does not exist'));
    expect(server.run('CLIENT', 'TRACKING', 'off', 'REDIRECT', other.id, 'REDIRECT', other.id)).toEqual(
      new ErrorReply('ERR A client can only redirect to a single other client'),
    );
    expect(server.run('CLIENT', 'TRACKING', 'off', 'REDIRECT', other.id)).toBe(OK);
  });

  it('GETREDIR, TRACKINGINFO and CACHING answer as Redis does with tracking off', () => {
    const server = newServer();
    expect(server.run('CLIENT', 'GETREDIR')).toBe(-1);
    expect(server.run('CLIENT', 'TRACKINGINFO')).toEqual(new MapReply(['flags', new SetReply(['off']), 'redirect', -1, 'prefixes', []]));
    const caching = new ErrorReply(
      'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
    );
    expect(server.run('CLIENT', 'CACHING', 'yes')).toEqual(caching);
    expect(server.run('CLIENT', 'CACHING', 'foo')).toEqual(caching);
  });
});

describe('CLIENT HELP and effects', () => {
  it('CLIENT HELP is Redis 7.0 text', () => {
    const server = newServer();
    const reply = server.run('CLIENT', 'HELP') as Status[];
    expect(reply[0]).toEqual(new Status('CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(reply[1]).toEqual(new Status('CACHING (YES|NO)'));
    expect(reply.slice(-2)).toEqual([new Status('HELP'), new Status('    Prints this help.')]);
    expect(reply).toHaveLength(48);
  });

  it('CLIENT commands change no data and record no effects', () => {
    const pair = new EffectsPair();
    const commands: (string | number)[][] = [
      ['CLIENT', 'SETNAME', 'a'],
      ['CLIENT', 'LIST'],
      ['CLIENT', 'INFO'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['CLIENT', 'SETINFO', 'lib-name', 'x'],
      ['CLIENT', 'KILL', 'ID', '12345'],
      ['CLIENT', 'PAUSE', '0', 'WRITE'],
      ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'TRACKING', 'off'],
      ['CLIENT', 'UNBLOCK', '1'],
    ];
    for (const command of commands) pair.run(...command);
    pair.primary.state.unpauseClients();
    expect(pair.allEffects()).toEqual([]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });
});
