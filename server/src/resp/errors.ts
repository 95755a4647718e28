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
  // -- bitmaps family errors (commands/bitmaps.ts) --
  // -- keys family errors (commands/keys.ts) --
  // -- server family errors (commands/server-admin.ts, info.ts, config.ts) --
  // -- client and introspection errors (commands/client.ts, introspection.ts) --
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
