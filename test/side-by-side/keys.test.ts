/**
 * Generic key commands side by side with Redis 7: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX,
 * COPY, MOVE, KEYS, SCAN, RANDOMKEY, the EXPIRE family, TTL and its kin, PERSIST, TOUCH, DUMP and
 * RESTORE: options, error texts, order of checks. Replies that depend on hash order (KEYS, SCAN)
 * are compared sorted; times are absolute or coarse (TTL in seconds) so both servers agree.
 * Then DUMP payloads are moved between the two servers both ways, and the command specs are
 * compared with Redis's COMMAND INFO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyCommands } from '../../server/src/commands/keys.js';
import { seededRandom } from '../support/executor.js';
import { expectSpecsAgreeWithRedis } from '../support/command-specs.js';
import { plain, RespClient, type RespValue } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { type Command, describeSideBySide, useBothServers } from '../support/side-by-side.js';

/** 2100-01-01T00:00:00Z: an absolute expiry both servers report the same way. */
const FAR_SECONDS = 4102444800;
const FAR_MS = FAR_SECONDS * 1000;

/** Sort the key list of KEYS (the reply) or SCAN (its second element) at the given command indexes. */
function sortedKeysAt(indexes: number[]): (value: RespValue, index: number) => RespValue {
  const sortArray = (value: RespValue): RespValue =>
    value.t === 'array' && value.v !== null ? { t: 'array', v: [...value.v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) } : value;
  return (value, index) => {
    if (!indexes.includes(index) || value.t !== 'array' || value.v === null) return value;
    if (value.v.length === 2 && value.v[0]?.t === 'bulk' && value.v[1]?.t === 'array') {
      return { t: 'array', v: [value.v[0], sortArray(value.v[1])] };
    }
    return sortArray(value);
  };
}

const STRING_VALUES = [
  '', 'a', '0', '-1', '127', '128', '-128', '-129', '32767', '32768', '-32768', '2147483647', '2147483648', '-2147483648',
  '-2147483649', '12345678901', '9223372036854775807', '00', '01', '+1', '-0', ' 1', '1.5', 'a'.repeat(20), 'a'.repeat(21),
  'abcdefghijklmnopqrstuvwxyz', 'ab'.repeat(200), 'x'.repeat(20_000), '\x00\xff\r\n'.repeat(50),
];

describeSideBySide('keys', [
  {
    name: 'DEL, UNLINK and EXISTS count keys, repeats included',
    commands: [
      ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3'],
      ['EXISTS', 'a', 'a', 'b', 'z'], ['DEL', 'a', 'z', 'a'], ['EXISTS', 'a'], ['UNLINK', 'b', 'c', 'b'], ['EXISTS', 'b', 'c'],
      ['DEL', 'nothing'], ['DEL'], ['UNLINK'], ['EXISTS'],
    ],
  },
  {
    name: 'TYPE and TOUCH',
    commands: [['SET', 'a', '1'], ['TYPE', 'a'], ['TYPE', 'missing'], ['TOUCH', 'a', 'missing', 'a'], ['TOUCH'], ['TYPE'], ['TYPE', 'a', 'b']],
  },
  {
    name: 'RENAME moves value and TTL, overwrites, and refuses missing keys',
    commands: [
      ['SET', 'a', '1', 'EX', '100'], ['RENAME', 'a', 'b'], ['GET', 'b'], ['EXISTS', 'a'], ['TTL', 'b'],
      ['SET', 'c', '3', 'EX', '500'], ['SET', 'd', '4'], ['RENAME', 'd', 'c'], ['GET', 'c'], ['TTL', 'c'],
      ['RENAME', 'c', 'c'], ['GET', 'c'], ['RENAME', 'missing', 'x'], ['RENAME', 'missing', 'missing'], ['RENAME', 'a'],
      ['SET', 'e', '5', 'PXAT', '1'], ['RENAME', 'e', 'f'],
    ],
  },
  {
    name: 'RENAMENX',
    commands: [
      ['SET', 'a', '1'], ['SET', 'b', '2'], ['RENAMENX', 'a', 'b'], ['GET', 'a'], ['GET', 'b'], ['RENAMENX', 'a', 'c'],
      ['GET', 'c'], ['RENAMENX', 'c', 'c'], ['RENAMENX', 'missing', 'b'], ['RENAMENX', 'missing', 'missing'],
      ['SET', 'e', '5', 'PX', '100000'], ['RENAMENX', 'e', 'f'], ['TTL', 'f'],
    ],
  },
  {
    name: 'COPY in one database and across databases',
    commands: [
      ['SET', 'a', 'v', 'EX', '100'], ['COPY', 'a', 'b'], ['GET', 'b'], ['TTL', 'b'], ['GET', 'a'],
      ['SET', 'c', 'other'], ['COPY', 'a', 'c'], ['GET', 'c'], ['COPY', 'a', 'c', 'REPLACE'], ['GET', 'c'], ['TTL', 'c'],
      ['COPY', 'a', 'a', 'DB', '3'], ['COPY', 'a', 'a', 'DB', '3'], ['COPY', 'a', 'a', 'DB', '3', 'REPLACE', 'REPLACE'],
      ['SELECT', '3'], ['GET', 'a'], ['TTL', 'a'], ['SELECT', '0'],
      ['COPY', 'missing', 'x'], ['COPY', 'missing', 'missing'], ['COPY', 'a', 'a', 'DB', '0'],
    ],
  },
  {
    name: 'COPY option errors and their order',
    commands: [
      ['SET', 'a', 'v'], ['COPY', 'a', 'a'], ['COPY', 'a', 'b', 'DB', '16'], ['COPY', 'a', 'b', 'DB', '-1'],
      ['COPY', 'a', 'b', 'DB', 'x'], ['COPY', 'a', 'b', 'DB', '2147483648'], ['COPY', 'a', 'b', 'DB'], ['COPY', 'a', 'b', 'FOO'],
      ['COPY', 'a', 'b', 'FOO', 'DB', 'x'], ['COPY', 'a', 'b', 'DB', 'x', 'FOO'], ['COPY', 'a'], ['EXISTS', 'b'],
    ],
  },
  {
    name: 'MOVE',
    commands: [
      ['SET', 'a', 'v', 'EX', '100'], ['MOVE', 'a', '1'], ['EXISTS', 'a'], ['SELECT', '1'], ['GET', 'a'], ['TTL', 'a'],
      ['MOVE', 'a', '1'], ['SET', 'b', 'one'], ['SELECT', '0'], ['SET', 'b', 'zero'], ['MOVE', 'b', '1'], ['GET', 'b'],
      ['MOVE', 'missing', '1'], ['MOVE', 'b', '16'], ['MOVE', 'b', '-1'], ['MOVE', 'b', 'x'], ['MOVE', 'missing', '0'],
      ['MOVE', 'b', '99999999999'], ['MOVE', 'b'],
    ],
  },
  {
    name: 'KEYS with glob patterns',
    commands: [
      ['MSET', 'one', '1', 'two', '2', 'three', '3', 'four', '4', 'h?llo', '5', 'hello', '6', 'hallo', '7'],
      ['KEYS', '*'], ['KEYS', 't*'], ['KEYS', '*o'], ['KEYS', 'h?llo'], ['KEYS', 'h[ae]llo'], ['KEYS', 'h[^e]llo'],
      ['KEYS', 'h\\?llo'], ['KEYS', '[a-f]*'], ['KEYS', 'nothing*'], ['KEYS'], ['KEYS', 'a', 'b'],
    ],
    normalize: sortedKeysAt([1, 2, 3, 4, 5, 6, 7, 8, 9]),
  },
  {
    name: 'SCAN with MATCH, COUNT and TYPE',
    commands: [
      ['MSET', 'user:1', 'a', 'user:2', 'b', 'item:1', 'c', 'item:2', 'd'],
      ['SCAN', '0', 'COUNT', '1000'], ['SCAN', '0', 'MATCH', 'user:*', 'COUNT', '1000'], ['SCAN', '0', 'match', '*', 'count', '1000'],
      ['SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'], ['SCAN', '0', 'TYPE', 'STRING', 'COUNT', '1000'],
      ['SCAN', '0', 'TYPE', 'list', 'COUNT', '1000'], ['SCAN', '0', 'COUNT', '1000', 'MATCH', 'item:*', 'TYPE', 'string'],
      ['SCAN', '', 'COUNT', '1000'], ['SCAN', '+0', 'COUNT', '1000'], ['SCAN', '0', 'COUNT', '1', 'COUNT', '1000'],
      ['SCAN', '-0', 'COUNT', '1000'], ['SCAN', '000', 'COUNT', '1000'], ['SCAN', '0', 'TYPE', 'nosuchtype', 'COUNT', '1000'],
    ],
    normalize: sortedKeysAt([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
  },
  {
    name: 'exactly * matches the empty key in KEYS and SCAN, other patterns do not',
    commands: [
      ['SET', '', 'empty'], ['SET', 'a', '1'],
      ['KEYS', '*'], ['KEYS', '**'], ['KEYS', '?*'], ['SCAN', '0', 'MATCH', '*', 'COUNT', '100'], ['SCAN', '0', 'MATCH', '**', 'COUNT', '100'],
    ],
    normalize: sortedKeysAt([2, 3, 4, 5, 6]),
  },
  {
    name: 'SCAN errors',
    commands: [
      ['SCAN', 'abc'], ['SCAN', ' 1'], ['SCAN', '1 '], ['SCAN', '-'], ['SCAN', '+'], ['SCAN', '+-1'], ['SCAN', '18446744073709551616'],
      ['SCAN', '0x10'], ['SCAN', '-18446744073709551616'], ['SCAN', `${'0'.repeat(30)}18446744073709551616`],
      ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', 'x'], ['SCAN', '0', 'COUNT', '9223372036854775808'],
      ['SCAN', '0', 'MATCH'], ['SCAN', '0', 'TYPE'], ['SCAN', '0', 'FOO', 'bar'], ['SCAN', 'abc', 'FOO'], ['SCAN'],
    ],
  },
  {
    name: 'RANDOMKEY',
    commands: [['RANDOMKEY'], ['SET', 'only', '1'], ['RANDOMKEY'], ['RANDOMKEY', 'x']],
  },
  {
    name: 'EXPIRE family sets times; TTL rounds to seconds',
    commands: [
      ['SET', 'a', 'v'], ['EXPIRE', 'a', '100'], ['TTL', 'a'], ['PEXPIRE', 'a', '200000'], ['TTL', 'a'],
      ['EXPIREAT', 'a', FAR_SECONDS], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', FAR_MS + 499], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', FAR_MS + 500], ['EXPIRETIME', 'a'],
      ['EXPIRE', 'missing', '10'], ['PEXPIREAT', 'missing', FAR_MS], ['TTL', 'missing'], ['PTTL', 'missing'],
      ['EXPIRETIME', 'missing'], ['PEXPIRETIME', 'missing'],
      ['SET', 'b', 'v'], ['TTL', 'b'], ['PTTL', 'b'], ['EXPIRETIME', 'b'], ['PEXPIRETIME', 'b'],
    ],
  },
  {
    name: 'EXPIRE NX, XX, GT and LT',
    commands: [
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'XX'], ['EXPIRE', 'k', '100', 'GT'], ['EXPIRE', 'k', '100', 'LT'], ['TTL', 'k'],
      ['EXPIRE', 'k', '200', 'NX'], ['EXPIRE', 'k', '200', 'LT'], ['EXPIRE', 'k', '50', 'GT'], ['EXPIRE', 'k', '200', 'GT'],
      ['TTL', 'k'], ['EXPIRE', 'k', '50', 'xx', 'lt'], ['TTL', 'k'], ['PERSIST', 'k'], ['EXPIRE', 'k', '10', 'nx'], ['TTL', 'k'],
      ['PEXPIRE', 'k', '5000', 'GT'], ['PEXPIREAT', 'k', FAR_MS, 'XX', 'GT'], ['PEXPIRETIME', 'k'],
      ['EXPIREAT', 'k', FAR_SECONDS - 1, 'LT'], ['EXPIRETIME', 'k'], ['EXPIRE', 'k', '-1', 'GT'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'EXPIRE option and time errors',
    commands: [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', 'abc', 'NX', 'XX'], ['EXPIRE', 'k', '10', 'NX', 'GT'], ['EXPIRE', 'k', '10', 'NX', 'LT'],
      ['EXPIRE', 'k', '10', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'XX', 'GT', 'LT'], ['EXPIRE', 'k', '10', 'foo'],
      ['EXPIRE', 'k', 'abc', 'foo'], ['EXPIRE', 'k', 'abc'], ['EXPIRE', 'k', '1.5'], ['EXPIRE', 'k', ''],
      ['EXPIRE', 'k', '9223372036854776'], ['EXPIRE', 'k', '9223370399119966'], ['EXPIRE', 'k', '-9223372036854776'],
      ['EXPIRE', 'k', '-9999999999999999'], ['EXPIRE', 'k', '10000000000000000'], ['EXPIRE', 'k', '18446744073709561'],
      ['PEXPIRE', 'k', '9223372036854770000'], ['EXPIREAT', 'k', '9223372036854776'], ['EXPIRE', 'k', '9223372036854775808'],
      ['TTL', 'k'], ['EXPIRE', 'k'], ['PEXPIRE'], ['EXPIREAT', 'k'], ['PEXPIREAT', 'k'], ['TTL'], ['PTTL', 'a', 'b'],
      ['EXPIRETIME'], ['PEXPIRETIME', 'a', 'b'], ['PERSIST'],
    ],
  },
  {
    name: 'an expiry already past deletes the key',
    commands: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['EXPIRE', 'a', '-1'], ['PEXPIRE', 'b', '0'], ['EXPIREAT', 'c', '1'],
      ['PEXPIREAT', 'd', '-9223372036854770000'], ['DBSIZE'], ['EXISTS', 'a', 'b', 'c', 'd'],
      ['SET', 'e', '5'], ['PEXPIREAT', 'e', '9223372036854770000'], ['EXISTS', 'e'],
    ],
  },
  {
    name: 'PERSIST',
    commands: [
      ['SET', 'k', 'v', 'EX', '100'], ['PERSIST', 'k'], ['TTL', 'k'], ['PERSIST', 'k'], ['PERSIST', 'missing'],
      ['PERSIST', 'k', 'x'],
    ],
  },
  {
    name: 'expiry inside MULTI',
    commands: [
      ['SET', 'k', 'v'], ['MULTI'], ['EXPIRE', 'k', '100'], ['TTL', 'k'], ['PERSIST', 'k'], ['EXPIREAT', 'k', FAR_SECONDS],
      ['EXPIRETIME', 'k'], ['EXPIRE', 'k', '-5'], ['EXISTS', 'k'], ['EXEC'],
    ],
  },
  {
    name: 'DUMP gives Redis payloads for strings of every encoding',
    commands: [...STRING_VALUES.flatMap((value, index): Command[] => [['SET', `v${index}`, value], ['DUMP', `v${index}`]]), ['DUMP', 'missing'], ['DUMP'], ['DUMP', 'a', 'b']],
  },
  {
    name: 'RESTORE of DUMP payloads with TTL, ABSTTL, REPLACE, IDLETIME and FREQ',
    commands: [
      ['SET', 'src', 'hello world, hello world, hello world'],
      ['RESTORE', 'copy', '0', restoredPayload('hello world, hello world, hello world')], ['GET', 'copy'], ['TTL', 'copy'],
      ['RESTORE', 'ttl', '100000', restoredPayload('x')], ['TTL', 'ttl'],
      ['RESTORE', 'abs', FAR_MS, restoredPayload('y'), 'ABSTTL'], ['PEXPIRETIME', 'abs'],
      ['RESTORE', 'copy', '0', restoredPayload('z')], ['RESTORE', 'copy', '0', restoredPayload('z'), 'REPLACE'], ['GET', 'copy'],
      ['RESTORE', 'idle', '0', restoredPayload('i'), 'IDLETIME', '1000'], ['GET', 'idle'],
      ['RESTORE', 'freq', '0', restoredPayload('f'), 'FREQ', '100'], ['GET', 'freq'],
      ['RESTORE', 'past', '1000', restoredPayload('p'), 'ABSTTL'], ['EXISTS', 'past'],
      ['RESTORE', 'copy', '1000', restoredPayload('p'), 'ABSTTL', 'REPLACE'], ['EXISTS', 'copy'],
      ['RESTORE', 'huge', '9223372036854775807', restoredPayload('h')], ['EXISTS', 'huge'],
      ['RESTORE', 'opts', '0', restoredPayload('o'), 'replace', 'absttl', 'idletime', '5'], ['GET', 'opts'],
    ],
  },
  {
    name: 'RESTORE errors and their order',
    commands: [
      ['SET', 'k', 'v'],
      ['RESTORE', 'k', '0', 'x'], ['RESTORE', 'k', 'abc', 'x'], ['RESTORE', 'k', '0', 'x', 'REPLACE'],
      ['RESTORE', 'k', 'abc', 'x', 'REPLACE'], ['RESTORE', 'n', '-1', 'x'], ['RESTORE', 'n', '0', 'x', 'FOO'],
      ['RESTORE', 'k', '0', 'x', 'FOO'], ['RESTORE', 'n', '0', 'x', 'IDLETIME', '-1'], ['RESTORE', 'n', '0', 'x', 'IDLETIME', 'x'],
      ['RESTORE', 'n', '0', 'x', 'FREQ', '256'], ['RESTORE', 'n', '0', 'x', 'FREQ', '-1'], ['RESTORE', 'n', '0', 'x', 'FREQ', 'x'],
      ['RESTORE', 'n', '0', 'x', 'FREQ', '1', 'IDLETIME', '1'], ['RESTORE', 'n', '0', 'x', 'IDLETIME', '1', 'FREQ', '1'],
      ['RESTORE', 'n', '0', 'x', 'IDLETIME'], ['RESTORE', 'n', '0', ''], ['RESTORE', 'n', '0', '123456789'],
      ['RESTORE', 'n', '0', corrupt(restoredPayload('abc'))], ['RESTORE', 'n', '0', withFooter('\x00\x01a', 11)],
      ['RESTORE', 'n', '0', withFooter('\x00\x05ab', 10)], ['RESTORE', 'n', '0', withFooter('\x00\xc4', 10)],
      ['RESTORE', 'n', '0', withFooter('\x00\xc3\x02\x05\x01a', 10)], ['RESTORE', 'n', '0', withFooter('\x00\x80\x00\x00\x00\x02ab', 10)],
      ['RESTORE', 'n', '0', withFooter('\x00\x7f\x01ab', 10)], ['RESTORE', 'n', '0', withFooter('', 10)],
      ['RESTORE', 'n', '0', withFooter('\x00', 10)], ['RESTORE', 'n', '0', withFooter('\x08\x00', 10)],
      ['RESTORE', 'n', '0', withFooter('\x13\x00', 10)], ['RESTORE', 'n', '0', withFooter('\x00\xc3\xc2\x02\x01ab', 10)],
      ['RESTORE', 'n', '0'], ['EXISTS', 'n'],
    ],
  },
  {
    name: 'RESTORE reads payloads as Redis 7.0 does: odd length forms, trailing bytes, reads into the footer',
    commands: [
      ['RESTORE', 't1', '0', withFooter('\x00\x01ab', 10)], ['GET', 't1'],
      ['RESTORE', 't2', '0', withFooter('\x00\x80\x00\x00\x00\x02ab', 10)], ['GET', 't2'],
      ['RESTORE', 't3', '0', withFooter('\x00\x81\x00\x00\x00\x00\x00\x00\x00\x02ab', 10)], ['GET', 't3'],
      ['RESTORE', 't4', '0', withFooter('\x00\xc3\x03\x02\x01ab', 10)], ['GET', 't4'],
      ['RESTORE', 't5', '0', withFooter('\x00\xc0', 10)], ['GET', 't5'],
      ['RESTORE', 't6', '0', withFooter('\x00\xc3\x03\x00\x01ab', 10)], ['GET', 't6'],
      ['RESTORE', 't7', '0', withFooter('\x00\x01a', 9)], ['GET', 't7'],
      ['RESTORE', 't8', '0', withFooter('\x00\x40\x02ab', 10)], ['GET', 't8'],
      ['RESTORE', 't9', '0', withFooter('\x00\xc1\xff\xff', 10)], ['GET', 't9'],
      ['RESTORE', 't10', '0', withFooter('\x00\xc2\x00\x00\x00\x80', 10)], ['GET', 't10'],
    ],
  },
  {
    name: 'key commands in RESP3',
    resp3: true,
    commands: [
      ['SET', 'a', '1', 'EX', '100'], ['TTL', 'a'], ['TYPE', 'a'], ['KEYS', '*'], ['SCAN', '0'], ['RANDOMKEY'], ['DEL', 'a'],
      ['RANDOMKEY'], ['DUMP', 'a'],
    ],
  },
]);

/** The payload Redis's DUMP gives for a string value (cairn's codec; the DUMP case checks they agree). */
function restoredPayload(value: string): string {
  let body = '\x00';
  if (value.length < 64) body += String.fromCharCode(value.length) + value;
  else throw new Error('restoredPayload is for short values');
  return withFooter(body, 10);
}

/** A payload body with a version and a correct CRC-64, as Redis appends them. */
function withFooter(body: string, version: number): string {
  const versioned = body + String.fromCharCode(version & 0xff, version >> 8);
  let crc = 0n;
  const polynomial = 0x95ac9329ac4bc9b5n;
  for (let index = 0; index < versioned.length; index++) {
    crc ^= BigInt(versioned.charCodeAt(index));
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ polynomial : crc >> 1n;
  }
  let footer = '';
  for (let byte = 0; byte < 8; byte++) footer += String.fromCharCode(Number((crc >> BigInt(8 * byte)) & 0xffn));
  return versioned + footer;
}

function corrupt(payload: string): string {
  return payload.slice(0, 1) + String.fromCharCode(payload.charCodeAt(1) ^ 0x01) + payload.slice(2);
}

describe.skipIf(!redisServerAvailable())('keys: payloads and specs shared with Redis 7', () => {
  const servers = useBothServers();
  let toCairn: RespClient;
  let toRedis: RespClient;

  beforeAll(async () => {
    toCairn = await RespClient.connect(servers.cairn.port);
    toRedis = await RespClient.connect(servers.redis.port);
  });

  afterAll(() => {
    toCairn?.close();
    toRedis?.close();
  });

  /** Random values: short and long, compressible and not, binary. */
  function randomValues(seed: number, count: number): string[] {
    const random = seededRandom(seed);
    const values: string[] = [];
    for (let index = 0; index < count; index++) {
      const length = Math.floor(random() * (index % 5 === 0 ? 50_000 : 600));
      const alphabet = 1 + Math.floor(random() * (index % 3 === 0 ? 256 : 5));
      let value = '';
      for (let position = 0; position < length; position++) value += String.fromCharCode(Math.floor(random() * alphabet));
      values.push(index % 2 === 0 ? value + value.slice(0, length >> 1) : value);
    }
    return values;
  }

  it('DUMP payloads are equal, and each server restores the other one\'s', async () => {
    const values = [...STRING_VALUES, ...randomValues(42, 120)];
    for (const [index, value] of values.entries()) {
      const label = `value #${index} of length ${value.length}`;
      for (const client of [toCairn, toRedis]) await client.call('SET', 'source', value);
      const fromCairn = plain(await toCairn.call('DUMP', 'source'));
      const fromRedis = plain(await toRedis.call('DUMP', 'source'));
      expect(fromCairn, label).toEqual(fromRedis);
      expect(plain(await toCairn.call('RESTORE', 'restored', '0', fromRedis as string, 'REPLACE')), label).toBe('OK');
      expect(plain(await toRedis.call('RESTORE', 'restored', '0', fromCairn as string, 'REPLACE')), label).toBe('OK');
      expect(plain(await toCairn.call('GET', 'restored')), label).toBe(value);
      expect(plain(await toRedis.call('GET', 'restored')), label).toBe(value);
    }
  });

  it('command specs agree with COMMAND INFO', async () => {
    await expectSpecsAgreeWithRedis(toRedis, keyCommands);
  });
});
