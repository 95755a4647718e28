/**
 * CLIENT: the connection's own state (ID, SETNAME, REPLY, SETINFO...) and the other connections
 * (LIST, KILL, PAUSE), with Redis 7.0's replies and error texts. Client tracking is not
 * implemented: TRACKING ON answers an error, the read-only tracking queries answer "off".
 */
import type { Client } from '../net/client.js';
import { errors, genericError } from '../resp/errors.js';
import { type ErrorReply, MapReply, NO_REPLY, OK, type Reply, SetReply, VerbatimReply } from '../resp/reply.js';
import type { PauseMode, ServerState } from '../state/server-state.js';
import { INT64_MAX, parseInt64 } from '../util/number.js';
import { validClientName } from './client-state.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';

/** A client's type, as CLIENT LIST TYPE and CLIENT KILL TYPE filter on it. */
type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

/** Redis's query buffer capacity after a first read (PROTO_IOBUF_LEN in its jemalloc class), shown as qbuf-free. */
const QUERY_BUFFER_BYTES = 20474;
/** Redis's per-client static reply buffer (PROTO_REPLY_CHUNK_BYTES), shown as rbs. */
const REPLY_BUFFER_BYTES = 16384;
/** What an idle Redis 7.0 client weighs besides its reply buffer, so tot-mem looks like Redis's. */
const CLIENT_BASE_BYTES = 21248;
/** Redis accounts each queued argument of a MULTI with a pointer (sizeof(robj *)). */
const ARGUMENT_POINTER_BYTES = 8;

// ---- CLIENT LIST / INFO lines ------------------------------------------------

/** The type Redis reports: the log applier plays the part of Redis's master link. */
function clientType(client: Client): ClientType {
  if (client.applier) return 'master';
  if (client.subscriptionCount > 0) return 'pubsub';
  return 'normal';
}

/** The `flags=` letters of CLIENT LIST, in Redis's order; N when none applies. */
function clientFlags(client: Client): string {
  let flags = '';
  if (client.monitor) flags += 'O';
  if (client.applier) flags += 'M';
  if (client.subscriptionCount > 0) flags += 'P';
  if (client.multi !== null) flags += 'x';
  if (client.blocked) flags += 'b';
  if (client.watchTouched) flags += 'd';
  if (client.closeAfterReply) flags += 'c';
  if (client.noEvict) flags += 'e';
  if (client.noTouch) flags += 'T';
  return flags === '' ? 'N' : flags;
}

/** The command a client is running right now (the caller of CLIENT LIST/INFO): Redis shows it as cmd= and argv-mem=. */
interface RunningCommand {
  readonly name: string;
  readonly argv: readonly string[];
}

function argumentBytes(argv: readonly string[]): number {
  let bytes = 0;
  for (const argument of argv) bytes += argument.length;
  return bytes;
}

/** multi-mem: the queued commands' arguments plus one pointer per argument, as Redis counts them. */
function queuedBytes(client: Client): number {
  if (client.multi === null) return 0;
  let bytes = 0;
  for (const queued of client.multi) bytes += argumentBytes(queued.argv) + ARGUMENT_POINTER_BYTES * queued.argv.length;
  return bytes;
}

/** One line of CLIENT LIST (without its newline), with Redis 7.0's fields in Redis 7.0's order. */
function clientInfoLine(client: Client, nowMs: number, running: RunningCommand | null): string {
  const nowSeconds = Math.floor(nowMs / 1000);
  const queryBytes = client.transport.inputBytes;
  const outputBytes = client.transport.outputBytes;
  const argvBytes = running === null ? 0 : argumentBytes(running.argv);
  const multiBytes = queuedBytes(client);
  const bufferedBytes = Math.min(outputBytes, REPLY_BUFFER_BYTES);
  const listBytes = outputBytes - bufferedBytes;
  const fields = [
    `id=${client.id}`,
    `addr=${client.address}`,
    `laddr=${client.localAddress}`,
    `fd=${client.id + 7}`, // no descriptor to show: a stable positive number per connection, as small as Redis's
    `name=${client.name}`,
    `age=${nowSeconds - Math.floor(client.createdAt / 1000)}`,
    `idle=${nowSeconds - Math.floor(client.lastInteractionAt / 1000)}`,
    `flags=${clientFlags(client)}`,
    `db=${client.db}`,
    `sub=${client.channels.size}`,
    `psub=${client.patterns.size}`,
    `ssub=${client.shardChannels.size}`,
    `multi=${client.multi === null ? -1 : client.multi.length}`,
    `qbuf=${queryBytes}`,
    `qbuf-free=${Math.max(0, QUERY_BUFFER_BYTES - queryBytes)}`,
    `argv-mem=${argvBytes}`,
    `multi-mem=${multiBytes}`,
    `rbs=${REPLY_BUFFER_BYTES}`,
    `rbp=${running === null ? 0 : REPLY_BUFFER_BYTES}`,
    `obl=${bufferedBytes}`,
    `oll=${Math.ceil(listBytes / REPLY_BUFFER_BYTES)}`,
    `omem=${listBytes}`,
    `tot-mem=${CLIENT_BASE_BYTES + REPLY_BUFFER_BYTES + queryBytes + argvBytes + multiBytes + listBytes}`,
    'events=r',
    `cmd=${running === null ? client.lastCommand : running.name}`,
    'user=default',
    'redir=-1',
    `resp=${client.protocol}`,
  ];
  return fields.join(' ');
}

function lineOf(ctx: CommandContext, client: Client, running: RunningCommand): string {
  return `${clientInfoLine(client, ctx.now, client === ctx.client ? running : null)}\n`;
}

// ---- argument parsing ----------------------------------------------------------

/** CLIENT LIST TYPE / CLIENT KILL TYPE names (`slave` is the old name of `replica`). */
function parseClientType(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'master':
      return 'master';
    case 'replica':
    case 'slave':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    default:
      return null;
  }
}

function unknownClientType(name: string): ErrorReply {
  return genericError(`Unknown client type '${name}'`);
}

/** An ON/OFF switch argument (NO-EVICT, NO-TOUCH); null when it is neither. */
function parseSwitch(argument: string): boolean | null {
  const lower = argument.toLowerCase();
  if (lower === 'on') return true;
  if (lower === 'off') return false;
  return null;
}

function clientById(server: ServerState, id: bigint): Client | undefined {
  if (id < 1n || id > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return server.clients.get(Number(id));
}

// ---- handlers ------------------------------------------------------------------

function clientList(ctx: CommandContext, argv: readonly string[]): Reply {
  const running = { name: 'client|list', argv };
  if (argv.length === 4 && (argv[2] as string).toLowerCase() === 'type') {
    const type = parseClientType(argv[3] as string);
    if (type === null) return unknownClientType(argv[3] as string);
    let text = '';
    for (const client of ctx.server.clients.values()) {
      if (clientType(client) === type) text += lineOf(ctx, client, running);
    }
    return new VerbatimReply('txt', text);
  }
  if (argv.length > 3 && (argv[2] as string).toLowerCase() === 'id') {
    let text = '';
    for (let index = 3; index < argv.length; index++) {
      const id = parseInt64(argv[index] as string);
      if (id === null) return errors.clientIdInvalid;
      const client = clientById(ctx.server, id);
      if (client !== undefined) text += lineOf(ctx, client, running);
    }
    return new VerbatimReply('txt', text);
  }
  if (argv.length !== 2) return errors.syntax;
  let text = '';
  for (const client of ctx.server.clients.values()) text += lineOf(ctx, client, running);
  return new VerbatimReply('txt', text);
}

function clientInfo(ctx: CommandContext, argv: readonly string[]): Reply {
  return new VerbatimReply('txt', lineOf(ctx, ctx.client, { name: 'client|info', argv }));
}

/** Which clients CLIENT KILL closes; a field left undefined matches every client. */
interface KillFilter {
  address?: string;
  localAddress?: string;
  type?: ClientType;
  id?: bigint;
  skipMe: boolean;
}

function parseKillOption(filter: KillFilter, option: string, value: string): ErrorReply | null {
  switch (option.toLowerCase()) {
    case 'id': {
      const id = parseInt64(value);
      if (id === null || id < 1n) return errors.clientIdNotPositive;
      filter.id = id;
      return null;
    }
    case 'type': {
      const type = parseClientType(value);
      if (type === null) return unknownClientType(value);
      filter.type = type;
      return null;
    }
    case 'addr':
      filter.address = value;
      return null;
    case 'laddr':
      filter.localAddress = value;
      return null;
    case 'user':
      // Only the default user exists, and every connection is authenticated as it.
      return value === 'default' ? null : genericError(`No such user '${value}'`);
    case 'skipme': {
      const lower = value.toLowerCase();
      if (lower !== 'yes' && lower !== 'no') return errors.syntax;
      filter.skipMe = lower === 'yes';
      return null;
    }
    default:
      return errors.syntax;
  }
}

/** CLIENT KILL ip:port (old form: may kill the caller) or CLIENT KILL <option> <value> ... (skips the caller by default). */
function parseKillFilter(argv: readonly string[]): KillFilter | ErrorReply {
  if (argv.length === 3) return { address: argv[2] as string, skipMe: false };
  const filter: KillFilter = { skipMe: true };
  for (let index = 2; index < argv.length; index += 2) {
    if (index + 1 >= argv.length) return errors.syntax;
    const failure = parseKillOption(filter, argv[index] as string, argv[index + 1] as string);
    if (failure !== null) return failure;
  }
  return filter;
}

function killMatches(filter: KillFilter, client: Client, caller: Client): boolean {
  if (filter.address !== undefined && client.address !== filter.address) return false;
  if (filter.localAddress !== undefined && client.localAddress !== filter.localAddress) return false;
  if (filter.type !== undefined && clientType(client) !== filter.type) return false;
  if (filter.id !== undefined && BigInt(client.id) !== filter.id) return false;
  return !(filter.skipMe && client === caller);
}

/**
 * Disconnect another client at once, as Redis's freeClient: it leaves the client list, its
 * subscriptions, WATCHes and MONITOR now, and its socket is closed at once.
 */
function disconnect(server: ServerState, client: Client): void {
  server.clients.delete(client.id);
  server.pubsub.removeClient(client);
  server.watches.unwatchAll(client);
  server.monitors.delete(client);
  client.monitor = false;
  client.transport.kill();
}

function clientKill(ctx: CommandContext, argv: readonly string[]): Reply {
  const filter = parseKillFilter(argv);
  if (!('skipMe' in filter)) return filter;
  const victims: Client[] = [];
  for (const client of ctx.server.clients.values()) {
    if (killMatches(filter, client, ctx.client)) victims.push(client);
  }
  for (const client of victims) {
    if (client === ctx.client) client.closeAfterReply = true;
    else disconnect(ctx.server, client);
  }
  if (argv.length === 3) return victims.length === 0 ? errors.noSuchClient : OK;
  return victims.length;
}

/** When a pause of `timeoutMs` from `nowMs` ends; Redis 7.0 adds in int64 and wraps, so an overflowing timeout ends at once. */
function pauseEnd(nowMs: number, timeoutMs: bigint): number {
  if (timeoutMs === 0n) return 0;
  if (timeoutMs > INT64_MAX - BigInt(nowMs)) return nowMs;
  return nowMs + Number(timeoutMs);
}

function clientPause(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 4) return errors.subcommandSyntax(argv[1] as string, 'client');
  let mode: PauseMode = 'all';
  if (argv.length === 4) {
    const lower = (argv[3] as string).toLowerCase();
    if (lower !== 'write' && lower !== 'all') return errors.clientPauseMode;
    mode = lower;
  }
  const timeout = parseInt64(argv[2] as string);
  if (timeout === null) return errors.clientPauseTimeoutNotInteger;
  if (timeout < 0n) return errors.timeoutNegative;
  ctx.server.pauseClients(mode, pauseEnd(ctx.now, timeout));
  return OK;
}

function clientUnpause(ctx: CommandContext): Reply {
  ctx.server.unpauseClients();
  return OK;
}

/** CLIENT REPLY OFF and SKIP acknowledge nothing: Redis sends no reply to them. */
function clientReply(ctx: CommandContext, argv: readonly string[]): Reply {
  const client = ctx.client;
  switch ((argv[2] as string).toLowerCase()) {
    case 'on':
      client.replyMode = 'on';
      client.skipNextReply = false;
      return OK;
    case 'off':
      client.replyMode = 'off';
      return NO_REPLY;
    case 'skip':
      if (client.replyMode === 'on') client.skipNextReply = true;
      return NO_REPLY;
    default:
      return errors.syntax;
  }
}

function clientSetName(ctx: CommandContext, argv: readonly string[]): Reply {
  const name = argv[2] as string;
  if (!validClientName(name)) return errors.clientNameSpaces;
  ctx.client.name = name;
  return OK;
}

function clientGetName(ctx: CommandContext): Reply {
  return ctx.client.name === '' ? null : ctx.client.name;
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2; node-redis sends it on connect). */
function clientSetInfo(ctx: CommandContext, argv: readonly string[]): Reply {
  const attribute = argv[2] as string;
  const lower = attribute.toLowerCase();
  if (lower !== 'lib-name' && lower !== 'lib-ver') return genericError(`Unrecognized option '${attribute}'`);
  const value = argv[3] as string;
  if (!validClientName(value)) return genericError(`${attribute} cannot contain spaces, newlines or special characters.`);
  if (lower === 'lib-name') ctx.client.libraryName = value;
  else ctx.client.libraryVersion = value;
  return OK;
}

function clientNoEvict(ctx: CommandContext, argv: readonly string[]): Reply {
  const enabled = parseSwitch(argv[2] as string);
  if (enabled === null) return errors.syntax;
  ctx.client.noEvict = enabled;
  return OK;
}

function clientNoTouch(ctx: CommandContext, argv: readonly string[]): Reply {
  const enabled = parseSwitch(argv[2] as string);
  if (enabled === null) return errors.syntax;
  ctx.client.noTouch = enabled;
  return OK;
}

/** CLIENT UNBLOCK id [TIMEOUT|ERROR]: end a blocked command's wait as a timeout or with -UNBLOCKED; 1 when the client was blocked. */
function clientUnblock(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 4) return errors.subcommandSyntax(argv[1] as string, 'client');
  let withError = false;
  if (argv.length === 4) {
    const reason = (argv[3] as string).toLowerCase();
    if (reason !== 'timeout' && reason !== 'error') return errors.clientUnblockReason;
    withError = reason === 'error';
  }
  const id = parseInt64(argv[2] as string);
  if (id === null) return errors.notInteger;
  if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) return 0;
  return ctx.server.blocking.unblock(Number(id), withError ? errors.unblocked : null) ? 1 : 0;
}

/** Validate the options as Redis does; OFF is accepted (tracking is always off), ON is not supported. */
function clientTracking(ctx: CommandContext, argv: readonly string[]): Reply {
  let redirect = 0n;
  for (let index = 3; index < argv.length; index++) {
    const option = (argv[index] as string).toLowerCase();
    const hasValue = index + 1 < argv.length;
    if (option === 'redirect' && hasValue) {
      index++;
      if (redirect !== 0n) return errors.clientTrackingRedirectTwice;
      const id = parseInt64(argv[index] as string);
      if (id === null) return errors.notInteger;
      if (clientById(ctx.server, id) === undefined) return errors.clientTrackingRedirectMissing;
      redirect = id;
    } else if (option === 'prefix' && hasValue) {
      index++;
    } else if (option !== 'bcast' && option !== 'optin' && option !== 'optout' && option !== 'noloop') {
      return errors.syntax;
    }
  }
  const status = (argv[2] as string).toLowerCase();
  if (status === 'on') return errors.clientTrackingUnsupported;
  if (status === 'off') return OK;
  return errors.syntax;
}

function clientTrackingInfo(): Reply {
  return new MapReply(['flags', new SetReply(['off']), 'redirect', -1, 'prefixes', []]);
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

// ---- specs ---------------------------------------------------------------------

const connection = { group: 'connection', categories: ['connection'], firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const plain = ['noscript', 'loading', 'stale'] as const;
const admin = ['admin', 'noscript', 'loading', 'stale'] as const;

/** CLIENT and its subcommands (SETINFO and NO-TOUCH from Redis 7.2, the rest as Redis 7.0). */
export const clientCommands: readonly CommandSpec[] = [
  {
    ...connection,
    name: 'client',
    arity: -2,
    flags: [],
    categories: [],
    summary: 'A container for client connection commands',
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...connection, name: 'client|caching', arity: 3, flags: plain, summary: 'Instruct the server about tracking or not keys in the next request', since: '6.0.0', complexity: 'O(1)', handler: () => errors.clientCachingWithoutTracking },
      { ...connection, name: 'client|getname', arity: 2, flags: plain, summary: 'Get the current connection name', since: '2.6.9', complexity: 'O(1)', handler: clientGetName },
      { ...connection, name: 'client|getredir', arity: 2, flags: plain, summary: 'Get tracking notifications redirection client ID if any', since: '6.0.0', complexity: 'O(1)', handler: () => -1 },
      { ...connection, name: 'client|help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => helpReply('client', CLIENT_HELP) },
      { ...connection, name: 'client|id', arity: 2, flags: plain, summary: 'Returns the client ID for the current connection', since: '5.0.0', complexity: 'O(1)', handler: (ctx) => ctx.client.id },
      { ...connection, name: 'client|info', arity: 2, flags: plain, summary: 'Returns information about the current client connection.', since: '6.2.0', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: clientInfo },
      { ...connection, name: 'client|kill', arity: -3, flags: admin, summary: 'Kill the connection of a client', since: '2.4.0', complexity: 'O(N) where N is the number of client connections', handler: clientKill },
      { ...connection, name: 'client|list', arity: -2, flags: admin, summary: 'Get the list of client connections', since: '2.4.0', complexity: 'O(N) where N is the number of client connections', tips: ['nondeterministic_output'], handler: clientList },
      { ...connection, name: 'client|no-evict', arity: 3, flags: admin, summary: 'Set client eviction mode for the current connection', since: '7.0.0', complexity: 'O(1)', handler: clientNoEvict },
      { ...connection, name: 'client|no-touch', arity: 3, flags: plain, summary: 'Controls whether commands sent by the client affect the LRU/LFU of accessed keys.', since: '7.2.0', complexity: 'O(1)', handler: clientNoTouch },
      { ...connection, name: 'client|pause', arity: -3, flags: admin, summary: 'Stop processing commands from clients for some time', since: '2.9.50', complexity: 'O(1)', handler: clientPause },
      { ...connection, name: 'client|reply', arity: 3, flags: plain, summary: 'Instruct the server whether to reply to commands', since: '3.2.0', complexity: 'O(1)', handler: clientReply },
      { ...connection, name: 'client|setinfo', arity: 4, flags: plain, summary: 'Sets information specific to the client or connection.', since: '7.2.0', complexity: 'O(1)', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: clientSetInfo },
      { ...connection, name: 'client|setname', arity: 3, flags: plain, summary: 'Set the current connection name', since: '2.6.9', complexity: 'O(1)', handler: clientSetName },
      { ...connection, name: 'client|tracking', arity: -3, flags: plain, summary: 'Enable or disable server assisted client side caching support', since: '6.0.0', complexity: 'O(1). Some options may introduce additional complexity.', handler: clientTracking },
      { ...connection, name: 'client|trackinginfo', arity: 2, flags: plain, summary: 'Return information about server assisted client side caching for the current connection', since: '6.2.0', complexity: 'O(1)', handler: clientTrackingInfo },
      { ...connection, name: 'client|unblock', arity: -3, flags: admin, summary: 'Unblock a client blocked in a blocking command from a different connection', since: '5.0.0', complexity: 'O(log N) where N is the number of client connections', handler: clientUnblock },
      { ...connection, name: 'client|unpause', arity: 2, flags: admin, summary: 'Resume processing of clients that were paused', since: '6.2.0', complexity: 'O(N) Where N is the number of paused clients', handler: clientUnpause },
    ],
  },
];
