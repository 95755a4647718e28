import { describe, expect, it } from 'vitest';
import type { Client } from '../../server/src/net/client.js';
import { ErrorReply, PONG, PushReply, type Reply, ReplySequence, Status } from '../../server/src/resp/reply.js';
import { EffectsPair, Executor, RecordingTransport } from '../support/executor.js';

function pushesOf(client: Client): Reply[] {
  return (client.transport as RecordingTransport).pushes;
}

function confirmations(...items: [string, string | null, number][]): ReplySequence {
  return new ReplySequence(items.map((item) => new PushReply(item)));
}

describe('pub/sub commands', () => {
  it('SUBSCRIBE answers one confirmation per channel with the running count', () => {
    const server = new Executor();
    expect(server.run('SUBSCRIBE', 'a', 'b', 'a')).toEqual(confirmations(['subscribe', 'a', 1], ['subscribe', 'b', 2], ['subscribe', 'a', 2]));
    expect(server.client.channels).toEqual(new Set(['a', 'b']));
  });

  it('PUBLISH delivers a message push to each subscriber and answers the receiver count', () => {
    const server = new Executor();
    const first = server.newClient();
    const second = server.newClient();
    server.runAs(first, 'SUBSCRIBE', 'news');
    server.runAs(second, 'SUBSCRIBE', 'news');
    expect(server.run('PUBLISH', 'news', 'hello')).toBe(2);
    expect(server.run('PUBLISH', 'other', 'nobody')).toBe(0);
    expect(pushesOf(first)).toEqual([new PushReply(['message', 'news', 'hello'])]);
    expect(pushesOf(second)).toEqual([new PushReply(['message', 'news', 'hello'])]);
  });

  it('a client subscribed to a channel and a matching pattern receives both and counts twice', () => {
    const server = new Executor();
    const subscriber = server.newClient();
    server.runAs(subscriber, 'SUBSCRIBE', 'h1');
    expect(server.runAs(subscriber, 'PSUBSCRIBE', 'h?')).toEqual(confirmations(['psubscribe', 'h?', 2]));
    expect(server.run('PUBLISH', 'h1', 'x')).toBe(2);
    expect(pushesOf(subscriber)).toEqual([new PushReply(['message', 'h1', 'x']), new PushReply(['pmessage', 'h?', 'h1', 'x'])]);
  });

  it('the pattern * matches every channel except the empty one (as Redis)', () => {
    const server = new Executor();
    const subscriber = server.newClient();
    server.runAs(subscriber, 'PSUBSCRIBE', '*');
    expect(server.run('PUBLISH', '', 'x')).toBe(0);
    expect(server.run('PUBLISH', 'a', 'x')).toBe(1);
  });

  it('SPUBLISH reaches shard subscribers only, with smessage; shard counts are separate', () => {
    const server = new Executor();
    const subscriber = server.newClient();
    expect(server.runAs(subscriber, 'SSUBSCRIBE', 's')).toEqual(confirmations(['ssubscribe', 's', 1]));
    expect(server.runAs(subscriber, 'SUBSCRIBE', 's')).toEqual(confirmations(['subscribe', 's', 1]));
    expect(server.run('SPUBLISH', 's', 'x')).toBe(1);
    expect(pushesOf(subscriber)).toEqual([new PushReply(['smessage', 's', 'x'])]);
  });

  it('UNSUBSCRIBE without channels leaves every channel, or answers a null channel when there is none', () => {
    const server = new Executor();
    server.run('SUBSCRIBE', 'a', 'b');
    expect(server.run('UNSUBSCRIBE')).toEqual(confirmations(['unsubscribe', 'a', 1], ['unsubscribe', 'b', 0]));
    expect(server.run('UNSUBSCRIBE')).toEqual(confirmations(['unsubscribe', null, 0]));
    expect(server.run('PUNSUBSCRIBE')).toEqual(confirmations(['punsubscribe', null, 0]));
    expect(server.run('SUNSUBSCRIBE')).toEqual(confirmations(['sunsubscribe', null, 0]));
  });

  it('UNSUBSCRIBE of a channel not subscribed confirms it with the count unchanged', () => {
    const server = new Executor();
    server.run('SUBSCRIBE', 'a');
    expect(server.run('UNSUBSCRIBE', 'zzz')).toEqual(confirmations(['unsubscribe', 'zzz', 1]));
  });

  it('a RESP2 subscriber may only run (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET', () => {
    const server = new Executor();
    server.run('SUBSCRIBE', 'a');
    expect(server.run('ECHO', 'x')).toEqual(
      new ErrorReply("ERR Can't execute 'echo': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"),
    );
    expect(server.run('PING')).toEqual(new PushReply(['pong', '']));
    expect(server.run('PING', 'hi')).toEqual(new PushReply(['pong', 'hi']));
    expect(server.run('RESET')).toEqual(new Status('RESET'));
    expect(server.run('ECHO', 'x')).toBe('x');
  });

  it('a RESP3 subscriber may run any command, and PING answers PONG', () => {
    const server = new Executor();
    server.run('HELLO', '3');
    server.run('SUBSCRIBE', 'a');
    expect(server.run('ECHO', 'x')).toBe('x');
    expect(server.run('PING')).toBe(PONG);
  });

  it('PUBSUB CHANNELS, NUMSUB and NUMPAT count live subscriptions, and a client that leaves is forgotten', () => {
    const server = new Executor();
    const first = server.newClient();
    const second = server.newClient();
    server.runAs(first, 'SUBSCRIBE', 'news.a', 'sport');
    server.runAs(second, 'SUBSCRIBE', 'news.a');
    server.runAs(first, 'PSUBSCRIBE', 'p*');
    server.runAs(second, 'PSUBSCRIBE', 'p*', 'q*');
    expect(server.run('PUBSUB', 'CHANNELS')).toEqual(['news.a', 'sport']);
    expect(server.run('PUBSUB', 'CHANNELS', 'news.*')).toEqual(['news.a']);
    expect(server.run('PUBSUB', 'NUMSUB', 'news.a', 'sport', 'none')).toEqual(['news.a', 2, 'sport', 1, 'none', 0]);
    expect(server.run('PUBSUB', 'NUMPAT')).toBe(2);
    server.state.pubsub.removeClient(first);
    expect(first.subscriptionCount).toBe(0);
    expect(server.run('PUBSUB', 'CHANNELS')).toEqual(['news.a']);
    expect(server.run('PUBSUB', 'NUMSUB', 'news.a')).toEqual(['news.a', 1]);
    expect(server.run('PUBSUB', 'NUMPAT')).toBe(2);
    server.state.pubsub.removeClient(second);
    expect(server.run('PUBSUB', 'NUMPAT')).toBe(0);
    expect(server.state.pubsub.channelCount).toBe(0);
  });

  it('PUBSUB CHANNELS with more than one pattern is a subcommand syntax error', () => {
    const server = new Executor();
    expect(server.run('PUBSUB', 'channels', 'a', 'b')).toEqual(
      new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP."),
    );
  });

  it('RESET drops every subscription', () => {
    const server = new Executor();
    server.run('SUBSCRIBE', 'a');
    server.run('PSUBSCRIBE', 'b*');
    server.run('SSUBSCRIBE', 'c');
    server.run('RESET');
    expect(server.client.subscriptionCount).toBe(0);
    expect(server.run('PUBLISH', 'a', 'x')).toBe(0);
    expect(server.run('PUBLISH', 'bb', 'x')).toBe(0);
    expect(server.run('SPUBLISH', 'c', 'x')).toBe(0);
  });
});

describe('pub/sub effects', () => {
  it('subscribing and publishing record no effects and leave the replica equal', () => {
    const pair = new EffectsPair();
    pair.run('SUBSCRIBE', 'a');
    pair.run('PSUBSCRIBE', 'a*');
    pair.run('SSUBSCRIBE', 's');
    pair.run('RESET');
    pair.run('PUBLISH', 'a', 'message');
    pair.run('SPUBLISH', 's', 'message');
    pair.run('PUBSUB', 'NUMSUB', 'a');
    expect(pair.allEffects()).toEqual([]);
    expect(pair.dumps().replica).toEqual(pair.dumps().primary);
  });
});
