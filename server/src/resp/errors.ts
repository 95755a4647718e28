/**
 * The error catalogue: every error a client can see, with Redis 7's exact wording.
 * Handlers return these values; they never throw for client mistakes.
 */
import { ErrorReply } from './reply.js';

const fixed = (text: string): ErrorReply => new ErrorReply(text);

export const errors = {
  syntax: fixed('ERR syntax error'),
  notInteger: fixed('ERR value is not an integer or out of range'),
  notFloat: fixed('ERR value is not a valid float'),
  wrongType: fixed('WRONGTYPE Operation against a key holding the wrong kind of value'),
  noSuchKey: fixed('ERR no such key'),
  overflow: fixed('ERR increment or decrement would overflow'),
  incrNanOrInfinity: fixed('ERR increment would produce NaN or Infinity'),
  dbIndexOutOfRange: fixed('ERR DB index is out of range'),
  invalidDbIndex: fixed('ERR invalid DB index'),
  stringTooLong: fixed('ERR string exceeds maximum allowed size (proto-max-bulk-len)'),
  bitOffset: fixed('ERR bit offset is not an integer or out of range'),
  bitValue: fixed('ERR bit is not an integer or out of range'),
  offsetOutOfRange: fixed('ERR offset is out of range'),
  sameSourceAndDestination: fixed('ERR source and destination objects are the same'),
  timeoutNegative: fixed('ERR timeout is negative'),
  timeoutNotFloat: fixed('ERR timeout is not a float or out of range'),
  execWithoutMulti: fixed('ERR EXEC without MULTI'),
  discardWithoutMulti: fixed('ERR DISCARD without MULTI'),
  nestedMulti: fixed('ERR MULTI calls can not be nested'),
  watchInMulti: fixed('ERR WATCH inside MULTI is not allowed'),
  execAbort: fixed('EXECABORT Transaction discarded because of previous errors.'),
  readonly: fixed("READONLY You can't write against a read only replica."),
  noAuthConfigured: fixed(
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  ),
  wrongPass: fixed('WRONGPASS invalid username-password pair or user is disabled.'),
  noProto: fixed('NOPROTO unsupported protocol version'),
  maxClients: fixed('ERR max number of clients reached'),
  invalidCursor: fixed('ERR invalid cursor'),
  clientNameSpaces: fixed('ERR Client names cannot contain spaces, newlines or special characters.'),
  noSuchClient: fixed('ERR No such client'),
  lfuNotSelected: fixed(
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  ),
  lruNotSelected: fixed(
    'ERR An LRU maxmemory policy is selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  ),
  // -- strings family errors (commands/strings.ts) --
  decrementOverflow: fixed('ERR decrement would overflow'),
  lcsWrongType: fixed('ERR The specified keys must contain string values'),
  lcsLengthAndIndexes: fixed('ERR If you want both the length and indexes, please just use IDX.'),
  lcsTableTooLarge: fixed('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'),
  lcsAllocationFailed: fixed('ERR Insufficient memory, failed allocating transient memory for LCS'),
  // -- bitmaps family errors (commands/bitmaps.ts) --
  bitopNotSingleSource: fixed('ERR BITOP NOT must be called with a single source key.'),
  bitArgument: fixed('ERR The bit argument must be 1 or 0.'),
  bitfieldType: fixed('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'),
  bitfieldOverflowType: fixed('ERR Invalid OVERFLOW type specified'),
  bitfieldReadOnly: fixed('ERR BITFIELD_RO only supports the GET subcommand'),
  // -- keys family errors (commands/keys.ts) --
  expireNxWithOthers: fixed('ERR NX and XX, GT or LT options at the same time are not compatible'),
  expireGtWithLt: fixed('ERR GT and LT options at the same time are not compatible'),
  invalidTtl: fixed('ERR Invalid TTL value, must be >= 0'),
  invalidIdleTime: fixed('ERR Invalid IDLETIME value, must be >= 0'),
  invalidFrequency: fixed('ERR Invalid FREQ value, must be >= 0 and <= 255'),
  busyKey: fixed('BUSYKEY Target key name already exists.'),
  dumpPayloadWrong: fixed('ERR DUMP payload version or checksum are wrong'),
  badDataFormat: fixed('ERR Bad data format'),
  intOutOfRange: fixed('ERR value is out of range, value must between -2147483648 and 2147483647'),
  // -- server family errors (commands/server-admin.ts, info.ts, config.ts) --
  monitorInTransaction: fixed("ERR MONITOR isn't allowed for DENY BLOCKING client"),
  invalidFirstDbIndex: fixed('ERR invalid first DB index'),
  invalidSecondDbIndex: fixed('ERR invalid second DB index'),
  slowlogCountRange: fixed('ERR count should be greater than or equal to -1'),
  noConfigFile: fixed('ERR The server is running without a config file'),
  /** CONFIG SET of a name that is no setting. */
  configSetUnknown: (name: string) => new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`),
  /** CONFIG SET refused a value (or an immutable or repeated name). */
  configSetFailed: (name: string, reason: string) =>
    new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`),
  /** Redis addReplySubcommandSyntaxError: a known subcommand with arguments it does not take (SLOWLOG GET 1 2). */
  subcommandSyntax: (sub: string, container: string) =>
    new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`),
  // -- client and introspection errors (commands/client.ts, introspection.ts) --
  clientIdNotPositive: fixed('ERR client-id should be greater than 0'),
  clientIdInvalid: fixed('ERR Invalid client ID'),
  clientPauseTimeoutNotInteger: fixed('ERR timeout is not an integer or out of range'),
  clientPauseMode: fixed('ERR CLIENT PAUSE mode must be WRITE or ALL'),
  clientUnblockReason: fixed('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'),
  clientCachingWithoutTracking: fixed(
    'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  ),
  clientTrackingRedirectTwice: fixed('ERR A client can only redirect to a single other client'),
  clientTrackingRedirectMissing: fixed('ERR The client ID you want redirect to does not exist'),
  clientTrackingUnsupported: fixed('ERR CLIENT TRACKING ON is not supported yet: cairn has no client-side caching'),
  commandInvalid: fixed('ERR Invalid command specified'),
  commandInvalidArgumentCount: fixed('ERR Invalid number of arguments specified for command'),
  commandNoKeys: fixed('ERR The command has no key arguments'),
  commandInvalidArguments: fixed('ERR Invalid arguments specified for command'),
  // -- replication and sentinel errors (commands/replication.ts, sentinel.ts) --
  waitOnReplica: fixed(
    'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
  ),
  waitaofOnReplica: fixed(
    'ERR WAITAOF cannot be used with replica instances. Please also note that writes to replicas are just local and are not propagated.',
  ),
  waitaofWithoutAppendOnly: fixed('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.'),
  timeoutNotInteger: fixed('ERR timeout is not an integer or out of range'),
  notZeroOrOne: fixed('ERR value is out of range, value must between 0 and 1'),
  notPositive: fixed('ERR value is out of range, must be positive'),
  /** REPLCONF with an option Redis does not know (named as the client spelled it). */
  replconfUnrecognized: (option: string) => new ErrorReply(`ERR Unrecognized REPLCONF option: ${option}`),
  /** REPLCONF ip-address longer than Redis's NET_HOST_STR_LEN allows. */
  replconfAddressTooLong: (bytes: number) => new ErrorReply(`ERR REPLCONF ip-address provided by replica instance is too long: ${bytes} bytes`),
  sentinelNoSuchMaster: fixed('ERR No such master with that name'),
  /** A write whose effects could not fit one record of the transaction log: refused before it runs. */
  recordTooLarge: (bytesMax: number) => new ErrorReply(`ERR the write is larger than the transaction log's record limit of ${bytesMax} bytes`),
  sentinelDontKnow: fixed('IDONTKNOW I have not enough information to reply. Please ask another Sentinel.'),
  /** DUMP of a collection: cairn writes RDB payloads of strings only. */
  dumpCollection: fixed('ERR DUMP of collection values is not supported by cairn yet; DUMP works on strings'),
  // -- blocking errors (commands/blocking.ts) --
  unblocked: fixed('UNBLOCKED client unblocked via CLIENT UNBLOCK'),
  // -- lists family errors (commands/lists.ts) --
  // -- hashes family errors (commands/hashes.ts) --
  // -- sets family errors (commands/sets.ts) --
  // -- sorted sets family errors (commands/sorted-sets.ts) --
  // -- streams family errors (commands/streams.ts) --
  // -- hyperloglog family errors (commands/hyperloglog.ts) --
  // -- geo family errors (commands/geo.ts) --
  // -- sort errors (commands/sort.ts) --
} as const;

export function wrongArity(commandName: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${commandName}' command`);
}

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (args cut to 128 chars each as Redis). */
export function unknownCommand(name: string, args: readonly string[]): ErrorReply {
  let quoted = '';
  for (const arg of args) {
    if (quoted.length >= 128) break;
    quoted += `'${clip(arg, 128 - quoted.length)}' `;
  }
  return new ErrorReply(`ERR unknown command '${clip(name)}', with args beginning with: ${quoted}`);
}

export function unknownSubcommand(sub: string, container: string): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand '${clip(sub)}'. Try ${container.toUpperCase()} HELP.`);
}

export function invalidExpireTime(commandName: string): ErrorReply {
  return new ErrorReply(`ERR invalid expire time in '${commandName}' command`);
}

export function protocolError(detail: string): ErrorReply {
  return new ErrorReply(`ERR Protocol error: ${detail}`);
}

export function genericError(message: string): ErrorReply {
  return new ErrorReply(`ERR ${message}`);
}

/** Redis truncates names and arguments it echoes in errors at 128 bytes. */
function clip(text: string, max = 128): string {
  return text.length > max ? text.slice(0, Math.max(0, max)) : text;
}
