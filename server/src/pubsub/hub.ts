/**
 * Pub/sub: channels, patterns and shard channels, and delivery of messages to subscribers.
 * Messages are pushes: RESP3 `>` frames, RESP2 arrays.
 */
import type { Client } from '../net/client.js';
import { PushReply } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';

interface PatternSubscription {
  readonly glob: GlobPattern;
  readonly clients: Set<Client>;
}

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export class PubSubHub {
  private readonly channels = new Map<string, Set<Client>>();
  private readonly patterns = new Map<string, PatternSubscription>();
  private readonly shardChannels = new Map<string, Set<Client>>();

  /** Subscribe; false when the client was already subscribed. */
  subscribe(client: Client, kind: SubscriptionKind, name: string): boolean {
    const own = this.own(client, kind);
    if (own.has(name)) return false;
    own.add(name);
    if (kind === 'pattern') {
      let subscription = this.patterns.get(name);
      if (subscription === undefined) {
        subscription = { glob: new GlobPattern(name), clients: new Set() };
        this.patterns.set(name, subscription);
      }
      subscription.clients.add(client);
    } else {
      const table = kind === 'channel' ? this.channels : this.shardChannels;
      let clients = table.get(name);
      if (clients === undefined) table.set(name, (clients = new Set()));
      clients.add(client);
    }
    return true;
  }

  /** Unsubscribe; false when the client was not subscribed. */
  unsubscribe(client: Client, kind: SubscriptionKind, name: string): boolean {
    const own = this.own(client, kind);
    if (!own.delete(name)) return false;
    if (kind === 'pattern') {
      const subscription = this.patterns.get(name);
      subscription?.clients.delete(client);
      if (subscription?.clients.size === 0) this.patterns.delete(name);
    } else {
      const table = kind === 'channel' ? this.channels : this.shardChannels;
      const clients = table.get(name);
      clients?.delete(client);
      if (clients?.size === 0) table.delete(name);
    }
    return true;
  }

  /** Drop every subscription of a disconnecting client. */
  removeClient(client: Client): void {
    for (const name of [...client.channels]) this.unsubscribe(client, 'channel', name);
    for (const name of [...client.patterns]) this.unsubscribe(client, 'pattern', name);
    for (const name of [...client.shardChannels]) this.unsubscribe(client, 'shard', name);
  }

  /** Deliver to channel and pattern subscribers; returns how many received it. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const clients = this.channels.get(channel);
    if (clients !== undefined) {
      const push = new PushReply(['message', channel, message]);
      for (const client of clients) {
        client.transport.push(push);
        receivers++;
      }
    }
    for (const [pattern, subscription] of this.patterns) {
      if (!subscription.glob.test(channel)) continue;
      const push = new PushReply(['pmessage', pattern, channel, message]);
      for (const client of subscription.clients) {
        client.transport.push(push);
        receivers++;
      }
    }
    return receivers;
  }

  /** Deliver to shard channel subscribers (SPUBLISH). */
  publishShard(channel: string, message: string): number {
    const clients = this.shardChannels.get(channel);
    if (clients === undefined) return 0;
    const push = new PushReply(['smessage', channel, message]);
    for (const client of clients) client.transport.push(push);
    return clients.size;
  }

  channelNames(kind: 'channel' | 'shard', pattern: GlobPattern | null): string[] {
    const table = kind === 'channel' ? this.channels : this.shardChannels;
    const names: string[] = [];
    for (const name of table.keys()) if (pattern === null || pattern.test(name)) names.push(name);
    return names;
  }

  subscriberCount(kind: 'channel' | 'shard', channel: string): number {
    return (kind === 'channel' ? this.channels : this.shardChannels).get(channel)?.size ?? 0;
  }

  get patternCount(): number {
    return this.patterns.size;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  get shardChannelCount(): number {
    return this.shardChannels.size;
  }

  private own(client: Client, kind: SubscriptionKind): Set<string> {
    return kind === 'channel' ? client.channels : kind === 'pattern' ? client.patterns : client.shardChannels;
  }
}
