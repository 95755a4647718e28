/** Pub/sub: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH, SPUBLISH, PUBSUB. */
import type { SubscriptionKind } from '../pubsub/hub.js';
import { errors } from '../resp/errors.js';
import { PushReply, type Reply, ReplySequence } from '../resp/reply.js';
import { GlobPattern } from '../util/glob.js';
import type { CommandContext } from './context.js';
import { helpReply } from './help.js';
import type { CommandSpec } from './spec.js';

const NAMES: Record<SubscriptionKind, { subscribe: string; unsubscribe: string }> = {
  channel: { subscribe: 'subscribe', unsubscribe: 'unsubscribe' },
  pattern: { subscribe: 'psubscribe', unsubscribe: 'punsubscribe' },
  shard: { subscribe: 'ssubscribe', unsubscribe: 'sunsubscribe' },
};

/** The count in a confirmation: channels + patterns, or shard channels for the shard commands (Redis 7.0). */
function confirmationCount(ctx: CommandContext, kind: SubscriptionKind): number {
  const client = ctx.client;
  return kind === 'shard' ? client.shardChannels.size : client.channels.size + client.patterns.size;
}

function subscribe(kind: SubscriptionKind) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const replies: Reply[] = [];
    for (let index = 1; index < argv.length; index++) {
      const name = argv[index] as string;
      ctx.server.pubsub.subscribe(ctx.client, kind, name);
      replies.push(new PushReply([NAMES[kind].subscribe, name, confirmationCount(ctx, kind)]));
    }
    return new ReplySequence(replies);
  };
}

function unsubscribe(kind: SubscriptionKind) {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const own = kind === 'channel' ? ctx.client.channels : kind === 'pattern' ? ctx.client.patterns : ctx.client.shardChannels;
    const names = argv.length > 1 ? argv.slice(1) : [...own];
    const replies: Reply[] = [];
    for (const name of names) {
      ctx.server.pubsub.unsubscribe(ctx.client, kind, name);
      replies.push(new PushReply([NAMES[kind].unsubscribe, name, confirmationCount(ctx, kind)]));
    }
    if (replies.length === 0) replies.push(new PushReply([NAMES[kind].unsubscribe, null, confirmationCount(ctx, kind)]));
    return new ReplySequence(replies);
  };
}

function pubsubChannels(kind: 'channel' | 'shard') {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    if (argv.length > 3) return errors.subcommandSyntax(argv[1] as string, argv[0] as string);
    const pattern = argv.length > 2 ? new GlobPattern(argv[2] as string) : null;
    return ctx.server.pubsub.channelNames(kind, pattern);
  };
}

function pubsubNumsub(kind: 'channel' | 'shard') {
  return (ctx: CommandContext, argv: readonly string[]): Reply => {
    const entries: Reply[] = [];
    for (let index = 2; index < argv.length; index++) {
      const channel = argv[index] as string;
      entries.push(channel, ctx.server.pubsub.subscriberCount(kind, channel));
    }
    return entries; // Redis 7.0 answers a flat array here, in RESP3 too
  };
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

const pubsub = { group: 'pubsub', categories: [] } as const;
const noKeys = { firstKey: 0, lastKey: 0, keyStep: 0 } as const;
const subscribeFlags = ['pubsub', 'noscript', 'loading', 'stale'] as const;

export const pubsubCommands: readonly CommandSpec[] = [
  { ...pubsub, ...noKeys, name: 'subscribe', arity: -2, flags: subscribeFlags, summary: 'Listen for messages published to the given channels', since: '2.0.0', complexity: 'O(N) where N is the number of channels to subscribe to.', handler: subscribe('channel') },
  { ...pubsub, ...noKeys, name: 'unsubscribe', arity: -1, flags: subscribeFlags, summary: 'Stop listening for messages posted to the given channels', since: '2.0.0', complexity: 'O(N) where N is the number of clients already subscribed to a channel.', handler: unsubscribe('channel') },
  { ...pubsub, ...noKeys, name: 'psubscribe', arity: -2, flags: subscribeFlags, summary: 'Listen for messages published to channels matching the given patterns', since: '2.0.0', complexity: 'O(N) where N is the number of patterns the client is already subscribed to.', handler: subscribe('pattern') },
  { ...pubsub, ...noKeys, name: 'punsubscribe', arity: -1, flags: subscribeFlags, summary: 'Stop listening for messages posted to channels matching the given patterns', since: '2.0.0', complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).', handler: unsubscribe('pattern') },
  { ...pubsub, name: 'ssubscribe', arity: -2, flags: subscribeFlags, firstKey: 1, lastKey: -1, keyStep: 1, summary: 'Listen for messages published to the given shard channels', since: '7.0.0', complexity: 'O(N) where N is the number of shard channels to subscribe to.', handler: subscribe('shard') },
  { ...pubsub, name: 'sunsubscribe', arity: -1, flags: subscribeFlags, firstKey: 1, lastKey: -1, keyStep: 1, summary: 'Stop listening for messages posted to the given shard channels', since: '7.0.0', complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.', handler: unsubscribe('shard') },
  { ...pubsub, ...noKeys, name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], summary: 'Post a message to a channel', since: '2.0.0', complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).', handler: (ctx, argv) => ctx.server.pubsub.publish(argv[1] as string, argv[2] as string) },
  { ...pubsub, name: 'spublish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], firstKey: 1, lastKey: 1, keyStep: 1, summary: 'Post a message to a shard channel', since: '7.0.0', complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.', handler: (ctx, argv) => ctx.server.pubsub.publishShard(argv[1] as string, argv[2] as string) },
  {
    ...pubsub,
    ...noKeys,
    name: 'pubsub',
    arity: -2,
    flags: [],
    summary: 'A container for Pub/Sub commands',
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { ...pubsub, ...noKeys, name: 'pubsub|channels', arity: -2, flags: ['pubsub', 'loading', 'stale'], summary: 'List active channels', since: '2.8.0', complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)', handler: pubsubChannels('channel') },
      { ...pubsub, ...noKeys, name: 'pubsub|numsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], summary: 'Get the count of subscribers for channels', since: '2.8.0', complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels', handler: pubsubNumsub('channel') },
      { ...pubsub, ...noKeys, name: 'pubsub|numpat', arity: 2, flags: ['pubsub', 'loading', 'stale'], summary: 'Get the count of unique patterns pattern subscriptions', since: '2.8.0', complexity: 'O(1)', handler: (ctx) => ctx.server.pubsub.patternCount },
      { ...pubsub, ...noKeys, name: 'pubsub|shardchannels', arity: -2, flags: ['pubsub', 'loading', 'stale'], summary: 'List active shard channels', since: '7.0.0', complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).', handler: pubsubChannels('shard') },
      { ...pubsub, ...noKeys, name: 'pubsub|shardnumsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], summary: 'Get the count of subscribers for shard channels', since: '7.0.0', complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels', handler: pubsubNumsub('shard') },
      { ...pubsub, ...noKeys, name: 'pubsub|help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)', handler: () => helpReply('pubsub', PUBSUB_HELP) },
    ],
  },
];
