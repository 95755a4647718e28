/** Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH. (CLIENT is in client.ts.) */
import { errors, genericError, wrongArity } from '../resp/errors.js';
import { MapReply, OK, PONG, PushReply, type Reply, Status } from '../resp/reply.js';
import { parseInt64 } from '../util/number.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';
import { resetClient, validClientName } from './client-state.js';

/** The Redis version whose behaviour cairn follows (HELLO, INFO redis_version). */
export const REDIS_COMPAT_VERSION = '7.0.15';

function ping(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 2) return wrongArity('ping');
  if (ctx.client.protocol === 2 && ctx.client.subscriptionCount > 0) {
    return new PushReply(['pong', argv.length > 1 ? (argv[1] as string) : '']);
  }
  return argv.length > 1 ? (argv[1] as string) : PONG;
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;

/** SELECT reads its index as Redis's getIntFromObjectOrReply: an int64, then the C int range. */
function select(ctx: CommandContext, argv: readonly string[]): Reply {
  const index = parseInt64(argv[1] as string);
  if (index === null) return errors.notInteger;
  if (index < INT_MIN || index > INT_MAX) return errors.intOutOfRange;
  if (index < 0n || index >= BigInt(ctx.keyspace.databases.length)) return errors.dbIndexOutOfRange;
  ctx.client.db = Number(index);
  return OK;
}

/**
 * HELLO [protover [AUTH user pass] [SETNAME name]]. As in Redis 7.0, options take effect in order
 * as they are read: a SETNAME before a bad option stays applied; the protocol switches last.
 */
function hello(ctx: CommandContext, argv: readonly string[]): Reply {
  const client = ctx.client;
  let protocol = client.protocol;
  let index = 1;
  if (argv.length > 1) {
    const version = parseInt64(argv[1] as string);
    if (version === null) return genericError('Protocol version is not an integer or out of range');
    if (version !== 2n && version !== 3n) return errors.noProto;
    protocol = version === 2n ? 2 : 3;
    index = 2;
  }
  for (; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const more = argv.length - index - 1;
    if (option === 'auth' && more >= 2) {
      const failure = authenticate(argv[index + 1] as string);
      if (failure !== null) return failure;
      index += 2;
    } else if (option === 'setname' && more >= 1) {
      const name = argv[index + 1] as string;
      if (!validClientName(name)) return errors.clientNameSpaces;
      client.name = name;
      index += 1;
    } else {
      return genericError(`Syntax error in HELLO option '${argv[index] as string}'`);
    }
  }
  client.protocol = protocol;
  return new MapReply([
    'server', 'redis',
    'version', REDIS_COMPAT_VERSION,
    'proto', protocol,
    'id', client.id,
    'mode', 'standalone',
    'role', ctx.server.role === 'primary' ? 'master' : 'replica',
    'modules', [],
  ]);
}

/** No password is configured: the default user accepts any password, other users do not exist. */
function authenticate(username: string): Reply | null {
  return username === 'default' ? null : errors.wrongPass;
}

function auth(_ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length === 2) return errors.noAuthConfigured;
  if (argv.length === 3) return authenticate(argv[1] as string) ?? OK;
  return errors.syntax;
}

function quit(ctx: CommandContext): Reply {
  ctx.client.closeAfterReply = true;
  return OK;
}

function reset(ctx: CommandContext): Reply {
  resetClient(ctx);
  return new Status('RESET');
}

/** HELLO ... AUTH username password ...: the two arguments after AUTH are secret. */
function helloSecrets(argv: readonly string[]): number[] {
  const positions: number[] = [];
  for (let index = 2; index < argv.length; index++) {
    if ((argv[index] as string).toLowerCase() === 'auth') positions.push(index + 1, index + 2);
  }
  return positions;
}

const connection = { group: 'connection', categories: ['connection'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;

export const connectionCommands: readonly CommandSpec[] = [
  { ...connection, name: 'ping', arity: -1, flags: ['fast'], summary: 'Ping the server', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], since: '1.0.0', complexity: 'O(1)', handler: ping },
  { ...connection, name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], summary: 'Echo the given string', since: '1.0.0', complexity: 'O(1)', handler: (_ctx, argv) => argv[1] as string },
  { ...connection, name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], summary: 'Change the selected database for the current connection', since: '1.0.0', complexity: 'O(1)', handler: select },
  { ...connection, name: 'quit', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], summary: 'Close the connection', since: '1.0.0', complexity: 'O(1)', handler: quit },
  { ...connection, name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], summary: 'Reset the connection', since: '6.2.0', complexity: 'O(1)', handler: reset },
  { ...connection, name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], summary: 'Handshake with Redis', since: '6.0.0', complexity: 'O(1)', secretArguments: helloSecrets, handler: hello },
  { ...connection, name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], summary: 'Authenticate to the server', since: '1.0.0', complexity: 'O(N) where N is the number of passwords defined for the user', secretArguments: (argv) => argv.map((_, index) => index).slice(1), handler: auth },
];
