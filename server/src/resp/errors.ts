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
  indexOutOfRange: fixed('ERR index out of range'),
  numkeysNotPositive: fixed('ERR numkeys should be greater than 0'),
  countNotPositive: fixed('ERR count should be greater than 0'),
  lposRankZero: fixed(
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  ),
  lposCountNegative: fixed("ERR COUNT can't be negative"),
  lposMaxlenNegative: fixed("ERR MAXLEN can't be negative"),
  // -- hashes family errors (commands/hashes.ts) --
  hashValueNotInteger: fixed('ERR hash value is not an integer'),
  hashValueNotFloat: fixed('ERR hash value is not a float'),
  incrementNanOrInfinity: fixed('ERR value is NaN or Infinity'),
  valueOutOfRange: fixed('ERR value is out of range'),
  countOutOfLongRange: fixed('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
  /** HRANDFIELD with a negative count beyond what cairn builds into one reply (Redis would try and run out of memory). */
  hashRandomCountTooLarge: fixed('ERR count is too large: a reply of more than 10000000 fields is refused'),
  // -- sets family errors (commands/sets.ts) --
  setNumkeysNotPositive: fixed('ERR numkeys should be greater than 0'),
  setNumkeysBeyondArguments: fixed("ERR Number of keys can't be greater than number of args"),
  setLimitNegative: fixed("ERR LIMIT can't be negative"),
  /** SRANDMEMBER's count outside -LONG_MAX..LONG_MAX (Redis 7.0's wording, "must between" included). */
  setRandomCountRange: fixed('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
  /** SRANDMEMBER with a negative count beyond what cairn builds into one reply (Redis would try and run out of memory). */
  setRandomCountTooLarge: fixed('ERR count is too large: a reply of more than 10000000 members is refused'),
  // -- sorted sets family errors (commands/sorted-sets.ts) --
  zaddXxAndNx: fixed('ERR XX and NX options at the same time are not compatible'),
  zaddGtLtNx: fixed('ERR GT, LT, and/or NX options at the same time are not compatible'),
  zaddIncrPairs: fixed('ERR INCR option supports a single increment-element pair'),
  zsetScoreNan: fixed('ERR resulting score is not a number (NaN)'),
  zsetRangeNotFloat: fixed('ERR min or max is not a float'),
  zsetLexRangeInvalid: fixed('ERR min or max not valid string range item'),
  zsetWeightNotFloat: fixed('ERR weight value is not a float'),
  zsetLimitNegative: fixed("ERR LIMIT can't be negative"),
  zsetLimitNeedsRange: fixed('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'),
  zsetWithscoresByLex: fixed('ERR syntax error, WITHSCORES not supported in combination with BYLEX'),
  zsetNumkeysNotPositive: fixed('ERR numkeys should be greater than 0'),
  zsetCountNotPositive: fixed('ERR count should be greater than 0'),
  zsetRandomCountRange: fixed('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
  zsetRandomWithScoresRange: fixed('ERR value is out of range'),
  /** ZRANDMEMBER with a negative count beyond cairn's bound on one reply (Redis would try to send it all). */
  zsetRandomCountTooLarge: fixed('ERR count is too large: cairn returns at most 4194304 random members per call'),
  /** ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD with numkeys below 1. */
  zsetNoInputKeys: (commandName: string) => new ErrorReply(`ERR at least 1 input key is needed for '${commandName}' command`),
  // -- streams family errors (commands/streams.ts) --
  streamIdInvalid: fixed('ERR Invalid stream ID specified as stream command argument'),
  streamIdZero: fixed('ERR The ID specified in XADD must be greater than 0-0'),
  streamIdTooSmall: fixed('ERR The ID specified in XADD is equal or smaller than the target stream top item'),
  streamExhausted: fixed('ERR The stream has exhausted the last possible ID, unable to add more items'),
  streamElementsTooLarge: fixed('ERR Elements are too large to be stored'),
  streamMaxlenNegative: fixed('ERR The MAXLEN argument must be >= 0.'),
  streamLimitNegative: fixed('ERR The LIMIT argument must be >= 0.'),
  streamTrimConflict: fixed('ERR syntax error, MAXLEN and MINID options at the same time are not compatible'),
  streamLimitWithoutStrategy: fixed('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy'),
  streamXtrimWithoutStrategy: fixed('ERR syntax error, XTRIM must be called with a trimming strategy'),
  streamLimitWithoutApproximate: fixed('ERR syntax error, LIMIT cannot be used without the special ~ option'),
  streamInvalidStart: fixed('ERR invalid start ID for the interval'),
  streamInvalidEnd: fixed('ERR invalid end ID for the interval'),
  streamUnbalanced: fixed("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."),
  streamGroupOptionInXread: fixed('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.'),
  streamNoackOptionInXread: fixed('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.'),
  streamMissingGroup: fixed('ERR Missing GROUP option for XREADGROUP'),
  streamDollarInXreadgroup: fixed(
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  ),
  streamGreaterInXread: fixed('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.'),
  streamKeyRequired: fixed(
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  ),
  streamEntriesReadNegative: fixed('ERR value for ENTRIESREAD must be positive or -1'),
  streamBusyGroup: fixed('BUSYGROUP Consumer Group name already exists'),
  streamXclaimMinIdle: fixed('ERR Invalid min-idle-time argument for XCLAIM'),
  streamXclaimIdle: fixed('ERR Invalid IDLE option argument for XCLAIM'),
  streamXclaimTime: fixed('ERR Invalid TIME option argument for XCLAIM'),
  streamXclaimRetryCount: fixed('ERR Invalid RETRYCOUNT option argument for XCLAIM'),
  streamXautoclaimMinIdle: fixed('ERR Invalid min-idle-time argument for XAUTOCLAIM'),
  streamXautoclaimCount: fixed('ERR COUNT must be > 0'),
  streamEntriesAddedNegative: fixed('ERR entries_added must be positive'),
  streamXsetidBelowGivenMaxDeleted: fixed('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id'),
  streamXsetidBelowTop: fixed('ERR The ID specified in XSETID is smaller than the target stream top item'),
  streamXsetidEntriesAddedBelowLength: fixed('ERR The entries_added specified in XSETID is smaller than the target stream length'),
  streamBlockedKeyGone: fixed('UNBLOCKED the stream key no longer exists'),
  streamBlockedGroupGone: fixed('NOGROUP the consumer group this client was blocked on no longer exists'),
  /** XCLAIM, XAUTOCLAIM, XPENDING on a missing key or group (names as C strings, newlines as spaces: Redis addReplyErrorFormat). */
  streamNoKeyOrGroup: (key: string, group: string) => new ErrorReply(`NOGROUP No such key '${key}' or consumer group '${group}'`),
  /** XREADGROUP on a missing key or group. */
  streamNoKeyOrGroupInXreadgroup: (key: string, group: string) =>
    new ErrorReply(`NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`),
  /** XGROUP and XINFO CONSUMERS naming a missing group. */
  streamNoGroup: (group: string, key: string) => new ErrorReply(`NOGROUP No such consumer group '${group}' for key name '${key}'`),
  streamXclaimUnrecognized: (option: string) => new ErrorReply(`ERR Unrecognized XCLAIM option '${option}'`),
  // -- hyperloglog family errors (commands/hyperloglog.ts) --
  hllWrongType: fixed('WRONGTYPE Key is not a valid HyperLogLog string value.'),
  hllCorrupt: fixed('INVALIDOBJ Corrupted HLL object detected'),
  pfdebugNoSuchKey: fixed('ERR The specified key does not exist'),
  pfdebugNotSparse: fixed('ERR HLL encoding is not sparse'),
  /** PFDEBUG with an unknown subcommand (Redis turns CR and LF in it into spaces). */
  pfdebugUnknownSubcommand: (name: string) => new ErrorReply(`ERR Unknown PFDEBUG subcommand '${name.replace(/[\r\n]/g, ' ')}'`),
  // -- geo family errors (commands/geo.ts) --
  geoUnsupportedUnit: fixed('ERR unsupported unit provided. please use M, KM, FT, MI'),
  geoRadiusNotNumeric: fixed('ERR need numeric radius'),
  geoWidthNotNumeric: fixed('ERR need numeric width'),
  geoHeightNotNumeric: fixed('ERR need numeric height'),
  geoRadiusNegative: fixed('ERR radius cannot be negative'),
  geoBoxNegative: fixed('ERR height or width cannot be negative'),
  geoMemberNotFound: fixed('ERR could not decode requested zset member'),
  geoCountNotPositive: fixed('ERR COUNT must be > 0'),
  geoAnyWithoutCount: fixed('ERR the ANY argument requires COUNT argument'),
  geoSearchStoreWithReplyOptions: fixed('ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
  geoRadiusStoreWithReplyOptions: fixed('ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
  /** A position out of the limits; `longitude` and `latitude` come formatted as C's %f. */
  geoInvalidPosition: (longitude: string, latitude: string) => new ErrorReply(`ERR invalid longitude,latitude pair ${longitude},${latitude}`),
  /** GEOSEARCH / GEOSEARCHSTORE without a centre; `command` is argv[0] as the client typed it. */
  geoSearchWithoutCentre: (command: string) => new ErrorReply(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${command}`),
  /** GEOSEARCH / GEOSEARCHSTORE without a shape; `command` is argv[0] as the client typed it. */
  geoSearchWithoutShape: (command: string) => new ErrorReply(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${command}`),
  // -- sort errors (commands/sort.ts) --
  /** SORT without ALPHA met an element (or BY weight) that strtod does not read whole. */
  sortNotDouble: fixed("ERR One or more scores can't be converted into double"),
  // -- persistence errors (commands/persistence.ts) --
  /** SAVE / BGSAVE on `cairn server --ephemeral`: nothing is ever written to disk. */
  noSnapshotsEphemeral: fixed('ERR this server keeps its data in memory only (--ephemeral): it takes no snapshots'),
  /** SAVE when no snapshot answered in time (the snapshotter is down, or the log is unreachable). */
  snapshotFailed: (reason: string) => new ErrorReply(`ERR snapshot failed: ${reason}`),
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
