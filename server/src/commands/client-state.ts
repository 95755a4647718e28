/** Operations on a client's state shared by several command families (RESET, CLIENT, EXEC...). */
import type { CommandContext } from './context.js';

/** Redis accepts client names of printable ASCII without spaces (33..126). */
export function validClientName(name: string): boolean {
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (code < 33 || code > 126) return false;
  }
  return true;
}

/** End a transaction: forget queued commands and WATCHed keys (Redis discardTransaction). */
export function discardTransaction(ctx: CommandContext): void {
  const client = ctx.client;
  client.multi = null;
  client.multiFailed = false;
  ctx.server.watches.unwatchAll(client);
}

/** RESET: the connection as it was when it connected (keeps its id and address). */
export function resetClient(ctx: CommandContext): void {
  const client = ctx.client;
  const server = ctx.server;
  discardTransaction(ctx);
  server.pubsub.removeClient(client);
  server.monitors.delete(client);
  client.monitor = false;
  client.db = 0;
  client.protocol = 2;
  client.name = '';
  client.replyMode = 'on';
  client.skipNextReply = false;
  client.noEvict = false;
  client.noTouch = false;
}
