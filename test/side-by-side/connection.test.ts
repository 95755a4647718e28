/**
 * Connection commands and the wire protocol side by side with Redis 7: PING, ECHO, SELECT, HELLO,
 * AUTH, QUIT, unknown commands; and raw sockets: inline commands as telnet sends them, malformed
 * frames (the exact protocol error, then the connection closed), limits.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { RespClient, type RespValue } from '../support/resp-client.js';
import { type ReferenceRedis, redisServerAvailable, startCairn, startReferenceRedis } from '../support/servers.js';
import { describeSideBySide } from '../support/side-by-side.js';

/** HELLO's id (and the reference's exact 7.0.x version) differ between servers: replace them. */
function withoutId(value: RespValue): RespValue {
  const placeholders = new Map<string, RespValue>([
    ['id', { t: 'int', v: 'ID' }],
    ['version', { t: 'bulk', v: '7.0.x' }],
  ]);
  const replacement = (key: RespValue | undefined) => (key?.t === 'bulk' && key.v !== null ? placeholders.get(key.v) : undefined);
  if (value.t === 'map') return { t: 'map', v: value.v.map(([key, item]) => [key, replacement(key) ?? item]) };
  if (value.t === 'array' && value.v !== null) {
    return { t: 'array', v: value.v.map((item, index, all) => (index % 2 === 1 ? (replacement(all[index - 1]) ?? item) : item)) };
  }
  return value;
}

describeSideBySide('PING, ECHO and unknown commands', [
  { name: 'PING with no argument, one argument, and two', commands: [['PING'], ['PING', 'hello'], ['PING', ''], ['PING', 'a', 'b'], ['ping'], ['PiNg', 'x']] },
  { name: 'ECHO of text, binary and empty strings; ECHO arity', commands: [['ECHO', 'hi'], ['ECHO', '\x00\r\n\xff'], ['ECHO', ''], ['ECHO'], ['ECHO', 'a', 'b']] },
  {
    name: 'unknown commands quote their arguments, cut to 128 bytes',
    commands: [['NOSUCH'], ['NOSUCH', 'a', 'b c', ''], ['nosuch', 'x'.repeat(200)], ['x'.repeat(300)], ['NOSUCH', ...Array.from({ length: 60 }, (_, index) => `arg${index}`)]],
  },
  { name: 'PING in RESP3', resp3: true, commands: [['PING'], ['PING', 'x'], ['ECHO', 'y']] },
]);

describeSideBySide('SELECT', [
  {
    name: 'SELECT in range, out of range, and not an integer',
    commands: [['SELECT', '15'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', '0'], ['SELECT', '1.0'], ['SELECT', 'abc'], ['SELECT', ' 1'], ['SELECT', '01'], ['SELECT', '2147483648'], ['SELECT', '-2147483649'], ['SELECT', '9223372036854775807'], ['SELECT', '9223372036854775808'], ['SELECT'], ['SELECT', '1', '2']],
  },
]);

describeSideBySide('HELLO and AUTH', [
  {
    name: 'HELLO answers the server map in the current protocol',
    commands: [['HELLO'], ['HELLO', '2'], ['HELLO', '3'], ['HELLO'], ['HELLO', '2']],
    normalize: withoutId,
  },
  {
    name: 'HELLO with bad protocol versions',
    commands: [['HELLO', '1'], ['HELLO', '4'], ['HELLO', '-1'], ['HELLO', 'abc'], ['HELLO', '3.0'], ['HELLO', '9007199254740993'], ['HELLO', '99999999999999999999'], ['HELLO', 'AUTH', 'default', 'x']],
  },
  {
    name: 'HELLO options: AUTH, SETNAME, and syntax errors',
    commands: [
      ['HELLO', '3', 'AUTH', 'default', 'anything'],
      ['HELLO', '2', 'AUTH', 'bob', 'pass'],
      ['HELLO', '2', 'AUTH', 'default'],
      ['HELLO', '2', 'SETNAME'],
      ['HELLO', '2', 'SETNAME', 'has space'],
      ['HELLO', '2', 'setname', 'ok-name', 'auth', 'default', 'x'],
      ['HELLO', '2', 'BOGUS'],
      ['HELLO', '2', 'SETNAME', 'first', 'BOGUS'],
    ],
    normalize: withoutId,
  },
  {
    name: 'HELLO switches a RESP3 connection back to RESP2',
    resp3: true,
    commands: [['HELLO'], ['HELLO', '2'], ['HELLO']],
    normalize: withoutId,
  },
  {
    name: 'AUTH without a configured password',
    commands: [['AUTH', 'secret'], ['AUTH', 'default', 'anything'], ['AUTH', 'bob', 'pass'], ['AUTH', 'a', 'b', 'c'], ['AUTH']],
  },
]);

/** What a raw connection saw: every byte received, and whether the server closed it. */
interface RawOutcome {
  received: string;
  closed: boolean;
}

/**
 * Send raw bytes (in the given pieces) and collect the answer until the server closes the
 * connection or stays quiet for `quietMs`.
 */
function rawExchange(port: number, pieces: readonly string[], quietMs = 300): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let received = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (closed: boolean) => {
      if (timer !== null) clearTimeout(timer);
      socket.destroy();
      resolve({ received, closed });
    };
    const quiet = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      quiet();
    });
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        socket.write(Buffer.from(piece, 'latin1'));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      quiet();
    });
  });
}

const KB64 = 64 * 1024;
const MB = 1024 * 1024;

/** [name, pieces sent]: each runs on a fresh connection to both servers. */
const RAW_CASES: [string, string[]][] = [
  ['inline commands as telnet sends them', ['PING\r\nECHO hello\r\nECHO "quoted \\x41 \\n"\r\nECHO \'single \\\' quote\'\r\n']],
  ['inline commands ended by LF alone, and blank lines skipped', ['PING\n\r\n   \r\n\nECHO  a  \n']],
  ['inline words are not split at VT or FF', ['ECHO a\x0bb\r\nECHO a\x0cb\r\nECHO "a"\x0b\r\n']],
  ['an inline command split across writes', ['EC', 'HO sp', 'lit\r', '\n']],
  ['a multibulk command split at every part', ['*2\r', '\n$4\r\nEC', 'HO\r\n$3', '\r\nab', 'c\r\n']],
  ['multibulk and inline commands pipelined together', ['*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$5\r\na\r\nb\x00\r\n']],
  ['empty multibulk counts are skipped', ['*0\r\n*-1\r\n*-5\r\nPING\r\n']],
  ['a bulk is taken by its length, its trailing bytes unchecked', ['*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n']],
  ['a bulk of CRLFs', ['*1\r\n$4\r\n\r\n\r\nPING\r\n']],
  ['unbalanced double quotes close the connection', ['PING\r\nECHO "abc\r\nPING\r\n']],
  ['unbalanced single quotes close the connection', ["ECHO 'abc\r\n"]],
  ['a closing quote followed by a letter is unbalanced', ['ECHO "a"b\r\n']],
  ['invalid multibulk length', ['*x\r\n']],
  ['multibulk length with a plus sign', ['*+1\r\n']],
  ['multibulk length with a leading zero', ['*01\r\n$4\r\nPING\r\n']],
  ['multibulk length minus zero', ['*-0\r\n']],
  ['multibulk length above INT_MAX', ['*2147483648\r\n']],
  ['invalid bulk length', ['*1\r\n$-1\r\n']],
  ['bulk length with a plus sign', ['*1\r\n$+4\r\nPING\r\n']],
  ['bulk length above proto-max-bulk-len', [`*2\r\n$4\r\nECHO\r\n$${MB + 1}\r\n`]],
  ["expected '$', got another byte", ['*1\r\nx4\r\n']],
  ["expected '$', got CR", ['*1\r\n\r\n']],
  ["expected '$' after a good argument", ['*2\r\n$4\r\nECHO\r\n:1\r\n']],
  ['commands before a malformed frame are answered first', ['PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n']],
  ['too big inline request', [`ECHO ${'a'.repeat(KB64)}`, 'aaaa']],
  ['too big mbulk count string', [`*${'1'.repeat(KB64)}`, '1111']],
  ['too big bulk count string', [`*1\r\n$${'1'.repeat(KB64)}`, '1111']],
  ['a NUL in a header line hides its end until the line is too big', ['*1\x00\r\n$4\r\nPING\r\n', 'x'.repeat(KB64 + 16)]],
  ['a NUL in an inline line hides its end', ['PING\x00\r\nPING\r\n']],
  ['a header without its LF waits', ['*1\r']],
  ['QUIT answers OK and closes, ignoring what follows', ['PING\r\nQUIT\r\nPING\r\n']],
  ['QUIT with arguments still quits', ['QUIT now please\r\n']],
  ['a pending bulk above client-query-buffer-limit closes without a reply', [`*2\r\n$4\r\nECHO\r\n$${MB}\r\n`, 'x'.repeat(MB / 2), 'x'.repeat(MB / 2 + 100)]],
];

const rawAvailable = redisServerAvailable();
describe.skipIf(!rawAvailable)('raw protocol (side by side with Redis 7)', () => {
  let cairn: RunningServer;
  let redis: ReferenceRedis | null;
  const limits = { 'proto-max-bulk-len': '1mb', 'client-query-buffer-limit': '1mb' };

  beforeAll(async () => {
    cairn = await startCairn({ settings: limits });
    redis = await startReferenceRedis(Object.entries(limits).flatMap(([name, value]) => [`--${name}`, value]));
    if (redis === null) throw new Error('redis-server could not be started');
  });

  afterAll(async () => {
    await cairn?.close();
    await redis?.stop();
  });

  for (const [name, pieces] of RAW_CASES) {
    it(name, async () => {
      const [fromCairn, fromRedis] = await Promise.all([
        rawExchange(cairn.port, pieces),
        rawExchange((redis as ReferenceRedis).port, pieces),
      ]);
      expect(fromCairn).toEqual(fromRedis);
    });
  }

  it('a malformed frame gets its protocol error, then the connection is closed', async () => {
    const outcome = await rawExchange(cairn.port, ['*x\r\n']);
    expect(outcome).toEqual({ received: '-ERR Protocol error: invalid multibulk length\r\n', closed: true });
  });
});

describe.skipIf(!rawAvailable)('connection limits (side by side with Redis 7)', () => {
  let cairn: RunningServer;
  let redis: ReferenceRedis | null;

  beforeAll(async () => {
    cairn = await startCairn({ settings: { maxclients: 2 } });
    redis = await startReferenceRedis(['--maxclients', '2']);
    if (redis === null) throw new Error('redis-server could not be started');
  });

  afterAll(async () => {
    await cairn?.close();
    await redis?.stop();
  });

  /** Run `scenario` against one server with two connections held open, then close them. */
  async function withTwo<T>(port: number, scenario: (first: RespClient, second: RespClient) => Promise<T>): Promise<T> {
    const first = await RespClient.connect(port);
    const second = await RespClient.connect(port);
    try {
      await first.call('PING');
      await second.call('PING');
      return await scenario(first, second);
    } finally {
      first.close();
      second.close();
      await Promise.all([first.waitForClose(), second.waitForClose()]);
    }
  }

  it('CONFIG SET proto-max-bulk-len applies to a client already connected', async () => {
    const scenario = (first: RespClient, second: RespClient) =>
      (async () => {
        await first.call('CONFIG', 'SET', 'proto-max-bulk-len', '1mb');
        second.writeRaw(`*2\r\n$4\r\nECHO\r\n$${2 * MB}\r\n`);
        const reply = await second.expect();
        await second.waitForClose();
        await first.call('CONFIG', 'SET', 'proto-max-bulk-len', '512mb');
        return reply;
      })();
    const fromCairn = await withTwo(cairn.port, scenario);
    const fromRedis = await withTwo((redis as ReferenceRedis).port, scenario);
    expect(fromCairn).toEqual({ t: 'error', v: 'ERR Protocol error: invalid bulk length' });
    expect(fromCairn).toEqual(fromRedis);
  });

  it('a connection above maxclients gets the error and is closed', async () => {
    const third = (port: number) => withTwo(port, () => rawExchange(port, ['PING\r\n']));
    const fromCairn = await third(cairn.port);
    const fromRedis = await third((redis as ReferenceRedis).port);
    expect(fromCairn).toEqual({ received: '-ERR max number of clients reached\r\n', closed: true });
    expect(fromCairn).toEqual(fromRedis);
  });
});
