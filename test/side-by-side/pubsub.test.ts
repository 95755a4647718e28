/**
 * Pub/sub side by side with Redis 7: the same scenario (subscribers and publishers on their own
 * connections) runs against cairn and a real redis-server, and every connection's frames must be
 * equal, in order (RESP2 and RESP3: confirmations, messages, pmessage, smessage, counts, the
 * subscribed-mode restriction, PING in subscribed mode, PUBSUB introspection).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeCommand, parseReply, type RespValue } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { useBothServers } from '../support/side-by-side.js';

/** A raw connection that keeps every frame (reply or push) in arrival order. */
class Wire {
  private readonly frames: RespValue[] = [];
  private taken = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private ended = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new Wire(socket)));
      socket.once('error', reject);
    });
  }

  send(...argv: (string | number)[]): void {
    this.socket.write(encodeCommand(argv));
  }

  /** Send commands and wait for the `frames` frames they produce. */
  async call(frames: number, ...argv: (string | number)[]): Promise<RespValue[]> {
    this.send(...argv);
    return this.take(frames);
  }

  /** The next `count` frames not taken yet, waiting for them. */
  async take(count: number, timeoutMs = 5000): Promise<RespValue[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < this.taken + count) {
      if (this.ended) throw new Error(`connection closed with ${this.frames.length - this.taken} of ${count} frames`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${count} frames, got ${this.frames.length - this.taken}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    const out = this.frames.slice(this.taken, this.taken + count);
    this.taken += count;
    return out;
  }

  /** Frames that arrived and were not taken (asserting that nothing else arrived). */
  get untaken(): RespValue[] {
    return this.frames.slice(this.taken);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    while (offset < this.buffer.length) {
      const parsed = parseReply(this.buffer, offset);
      if (parsed === null) break;
      this.frames.push(parsed.value);
      offset = parsed.end;
    }
    this.buffer = this.buffer.subarray(offset);
    this.wake?.();
  }
}

type Open = () => Promise<Wire>;
/** A scenario returns what it observed; cairn's and Redis's observations must be equal. */
type Scenario = (open: Open) => Promise<unknown>;

/** HELLO's id (and the reference's exact 7.0.x version) differ between servers: replace them. */
function withoutIds(frames: RespValue[]): RespValue[] {
  const placeholders = new Map<string, RespValue>([
    ['id', { t: 'int', v: 'ID' }],
    ['version', { t: 'bulk', v: '7.0.x' }],
  ]);
  const replacement = (key: RespValue | undefined) => (key?.t === 'bulk' && key.v !== null ? placeholders.get(key.v) : undefined);
  return frames.map((frame): RespValue => {
    if (frame.t === 'map') return { t: 'map', v: frame.v.map(([key, value]) => [key, replacement(key) ?? value]) };
    if (frame.t === 'array' && frame.v !== null) {
      return { t: 'array', v: frame.v.map((item, index, all) => (index % 2 === 1 ? (replacement(all[index - 1]) ?? item) : item)) };
    }
    return frame;
  });
}

/** PUBSUB CHANNELS answers in hash order in Redis: compare as sorted lists. */
function sortedArray(frame: RespValue | undefined): RespValue | undefined {
  if (frame?.t !== 'array' || frame.v === null) return frame;
  return { t: 'array', v: [...frame.v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
}

/**
 * Confirmations of an unsubscribe from every channel: Redis walks a hash table (its order changes
 * with the hash seed), so compare the names as a set and the running counts in order.
 */
function unordered(frames: RespValue[]): { names: string[]; counts: string[] } {
  const items = frames.map((frame) => (frame.t === 'array' || frame.t === 'push' ? (frame.v ?? []) : []));
  return {
    names: items.map((item) => JSON.stringify(item[1])).sort(),
    counts: items.map((item) => JSON.stringify([item[0], item[2]])),
  };
}

function describeScenarios(title: string, scenarios: Record<string, Scenario>): void {
  const available = redisServerAvailable();
  if (!available) process.stderr.write(`\n*** ${title}: SIDE-BY-SIDE SKIPPED, redis-server not installed ***\n\n`);
  describe.skipIf(!available)(`${title} (side by side with Redis 7)`, () => {
    const servers = useBothServers();

    /** Run the scenario against one server, then wait until its connections are gone (no global leftovers). */
    async function observe(port: number, scenario: Scenario): Promise<unknown> {
      const wires: Wire[] = [];
      const open = async () => {
        const wire = await Wire.open(port);
        wires.push(wire);
        return wire;
      };
      try {
        return await scenario(open);
      } finally {
        for (const wire of wires) wire.close();
        const probe = await Wire.open(port);
        const idle = JSON.stringify([{ t: 'array', v: [] }, { t: 'int', v: '0' }, { t: 'array', v: [] }]);
        for (let attempt = 0; attempt < 200; attempt++) {
          const state = [
            ...(await probe.call(1, 'PUBSUB', 'CHANNELS')),
            ...(await probe.call(1, 'PUBSUB', 'NUMPAT')),
            ...(await probe.call(1, 'PUBSUB', 'SHARDCHANNELS')),
          ];
          if (JSON.stringify(state) === idle) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        probe.close();
      }
    }

    for (const [name, scenario] of Object.entries(scenarios)) {
      it(name, async () => {
        const fromCairn = await observe(servers.cairn.port, scenario);
        const fromRedis = await observe(servers.redis.port, scenario);
        expect(fromCairn).toEqual(fromRedis);
      });
    }
  });
}

describeScenarios('pub/sub in RESP2', {
  'SUBSCRIBE confirms each channel with the running count, then delivers messages in order': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    const confirmations = await subscriber.call(3, 'SUBSCRIBE', 'news', 'sport', 'news');
    const counts = [];
    for (let index = 0; index < 20; index++) counts.push(...(await publisher.call(1, 'PUBLISH', index % 2 ? 'news' : 'sport', `m${index}`)));
    counts.push(...(await publisher.call(1, 'PUBLISH', 'weather', 'nobody listens')));
    const messages = await subscriber.take(20);
    return { confirmations, counts, messages, rest: subscriber.untaken };
  },

  'a message carries binary payloads unchanged': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    await subscriber.call(1, 'SUBSCRIBE', 'bin\x00\r\n');
    await publisher.call(1, 'PUBLISH', 'bin\x00\r\n', '\x00\xff\r\n*1\r\n');
    await publisher.call(1, 'PUBLISH', 'bin\x00\r\n', '');
    return subscriber.take(2);
  },

  'PSUBSCRIBE delivers pmessage with the pattern; counts add channels and patterns': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    const confirmations = [
      ...(await subscriber.call(1, 'SUBSCRIBE', 'hello')),
      ...(await subscriber.call(2, 'PSUBSCRIBE', 'h?llo', 'h[ae]llo')),
    ];
    const hello = await publisher.call(1, 'PUBLISH', 'hello', 'to three');
    const delivered = await subscriber.take(3);
    const hallo = await publisher.call(1, 'PUBLISH', 'hallo', 'to two');
    const second = await subscriber.take(2);
    const hxllo = await publisher.call(1, 'PUBLISH', 'hxllo', 'to one');
    const third = await subscriber.take(1);
    // two patterns match hallo: Redis delivers them in hash order, so compare them as a set
    return { confirmations, hello, delivered: [delivered[0], ...delivered.slice(1).map((frame) => JSON.stringify(frame)).sort()], hallo, second: second.map((frame) => JSON.stringify(frame)).sort(), hxllo, third };
  },

  'the pattern * does not match the empty channel name': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    await subscriber.call(1, 'PSUBSCRIBE', '*');
    const counts = [...(await publisher.call(1, 'PUBLISH', '', 'empty')), ...(await publisher.call(1, 'PUBLISH', 'x', 'named'))];
    return { counts, messages: await subscriber.take(1) };
  },

  'SSUBSCRIBE and SPUBLISH use their own count and smessage': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    const frames = [
      ...(await subscriber.call(2, 'SSUBSCRIBE', 'shard-a', 'shard-b')),
      ...(await subscriber.call(1, 'SUBSCRIBE', 'plain')),
      ...(await subscriber.call(1, 'PSUBSCRIBE', 'shard-*')),
    ];
    const counts = [
      ...(await publisher.call(1, 'SPUBLISH', 'shard-a', 'one')),
      ...(await publisher.call(1, 'PUBLISH', 'shard-a', 'two')),
      ...(await publisher.call(1, 'SPUBLISH', 'plain', 'three')),
    ];
    const messages = await subscriber.take(2);
    const unsubscribed = unordered(await subscriber.call(2, 'SUNSUBSCRIBE'));
    return { frames, counts, messages, unsubscribed };
  },

  'UNSUBSCRIBE without channels when not subscribed answers one reply with a null channel': async (open) => {
    const client = await open();
    return [
      ...(await client.call(1, 'UNSUBSCRIBE')),
      ...(await client.call(1, 'PUNSUBSCRIBE')),
      ...(await client.call(1, 'SUNSUBSCRIBE')),
      ...(await client.call(1, 'PING')),
    ];
  },

  'UNSUBSCRIBE without channels leaves every channel; of unknown channels it answers each': async (open) => {
    const client = await open();
    return [
      ...(await client.call(1, 'SUBSCRIBE', 'only')),
      ...(await client.call(2, 'PSUBSCRIBE', 'p1*', 'p2*')),
      ...(await client.call(2, 'UNSUBSCRIBE', 'unknown', 'only')),
      ...(await client.call(1, 'UNSUBSCRIBE')),
      ...(await client.call(2, 'PUNSUBSCRIBE')),
      ...(await client.call(1, 'PING')),
    ];
  },

  'in subscribed mode only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET are allowed': async (open) => {
    const client = await open();
    const frames = [
      ...(await client.call(1, 'SUBSCRIBE', 'c')),
      ...(await client.call(1, 'ECHO', 'x')),
      ...(await client.call(1, 'SELECT', '1')),
      ...(await client.call(1, 'HELLO', '3')),
      ...(await client.call(1, 'MULTI')),
      ...(await client.call(1, 'PUBLISH', 'c', 'x')),
      ...(await client.call(1, 'PUBSUB', 'NUMSUB', 'c')),
      ...(await client.call(1, 'PING')),
      ...(await client.call(1, 'PING', 'hi')),
      ...(await client.call(1, 'PING', 'a', 'b')),
      ...(await client.call(1, 'NOSUCHCOMMAND')),
      ...(await client.call(1, 'RESET')),
      ...(await client.call(1, 'ECHO', 'free again')),
    ];
    return frames;
  },

  'EXEC refused in subscribed mode aborts with EXECABORT': async (open) => {
    const client = await open();
    return [...(await client.call(1, 'SUBSCRIBE', 'c')), ...(await client.call(1, 'EXEC'))];
  },

  'QUIT in subscribed mode answers OK and closes': async (open) => {
    const client = await open();
    const frames = [...(await client.call(1, 'SUBSCRIBE', 'c')), ...(await client.call(1, 'QUIT'))];
    const closed = await client.take(1, 2000).then(
      () => 'still open',
      (error: Error) => error.message.slice(0, 17),
    );
    return { frames, closed };
  },

  'SUBSCRIBE inside MULTI: EXEC frames its confirmations like Redis, then the client is subscribed': async (open) => {
    const client = await open();
    return [
      ...(await client.call(1, 'MULTI')),
      ...(await client.call(1, 'SUBSCRIBE', 'q1', 'q2')),
      ...(await client.call(1, 'PING')),
      ...(await client.call(2, 'EXEC')),
      ...(await client.call(1, 'PING')),
      ...(await client.call(1, 'RESET')),
    ];
  },

  'a publisher that also subscribes receives its own message before the PUBLISH reply': async (open) => {
    const client = await open();
    const other = await open();
    await other.call(1, 'SUBSCRIBE', 'self');
    return [...(await client.call(1, 'PUBLISH', 'self', 'x')), ...(await other.take(1))];
  },

  'PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS and SHARDNUMSUB': async (open) => {
    const first = await open();
    const second = await open();
    const asker = await open();
    await first.call(3, 'SUBSCRIBE', 'news.tech', 'news.art', 'sport');
    await second.call(1, 'SUBSCRIBE', 'news.tech');
    await second.call(2, 'PSUBSCRIBE', 'news.*', 'x');
    await first.call(1, 'PSUBSCRIBE', 'news.*');
    await first.call(1, 'SSUBSCRIBE', 'shard.one');
    return [
      sortedArray((await asker.call(1, 'PUBSUB', 'CHANNELS'))[0]),
      sortedArray((await asker.call(1, 'PUBSUB', 'CHANNELS', 'news.*'))[0]),
      sortedArray((await asker.call(1, 'PUBSUB', 'channels', '*[ph]'))[0]),
      ...(await asker.call(1, 'PUBSUB', 'NUMSUB', 'news.tech', 'sport', 'missing', 'news.tech')),
      ...(await asker.call(1, 'PUBSUB', 'NUMSUB')),
      ...(await asker.call(1, 'PUBSUB', 'NUMPAT')),
      ...(await asker.call(1, 'PUBSUB', 'SHARDCHANNELS')),
      ...(await asker.call(1, 'PUBSUB', 'SHARDCHANNELS', 'x*')),
      ...(await asker.call(1, 'PUBSUB', 'SHARDNUMSUB', 'shard.one', 'news.tech')),
    ];
  },

  'PUBSUB errors and HELP': async (open) => {
    const client = await open();
    return [
      ...(await client.call(1, 'PUBSUB')),
      ...(await client.call(1, 'PUBSUB', 'NOPE')),
      ...(await client.call(1, 'PUBSUB', 'CHANNELS', 'a', 'b')),
      ...(await client.call(1, 'PUBSUB', 'SHARDCHANNELS', 'a', 'b')),
      ...(await client.call(1, 'PUBSUB', 'NUMPAT', 'x')),
      ...(await client.call(1, 'PUBSUB', 'HELP')),
      ...(await client.call(1, 'PUBSUB', 'help', 'x')),
      ...(await client.call(1, 'SUBSCRIBE')),
      ...(await client.call(1, 'PSUBSCRIBE')),
      ...(await client.call(1, 'SSUBSCRIBE')),
      ...(await client.call(1, 'PUBLISH', 'c')),
      ...(await client.call(1, 'SPUBLISH', 'c', 'm', 'x')),
    ];
  },

  'pattern subscriptions with glob classes, escapes and stars': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    const patterns = ['a[^b]c', 'x\\*y', '*.log', 'v?[0-9]', 'esc\\'];
    const channels = ['abc', 'axc', 'x*y', 'xzy', 'app.log', '.log', 'v10', 'vx5', 'v5', 'esc\\', 'esc'];
    await subscriber.call(patterns.length, 'PSUBSCRIBE', ...patterns);
    const counts = [];
    for (const channel of channels) counts.push(...(await publisher.call(1, 'PUBLISH', channel, channel)));
    const delivered = counts.reduce((sum, frame) => sum + Number((frame as { v: string }).v), 0);
    return { counts, messages: await subscriber.take(delivered) };
  },
});

describeScenarios('pub/sub in RESP3', {
  'confirmations and messages are pushes; other commands still work while subscribed': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    const hello = withoutIds(await subscriber.call(1, 'HELLO', '3'));
    const frames = [
      ...(await subscriber.call(2, 'SUBSCRIBE', 'a', 'b')),
      ...(await subscriber.call(1, 'PSUBSCRIBE', 'a*')),
      ...(await subscriber.call(1, 'ECHO', 'allowed in RESP3')),
      ...(await subscriber.call(1, 'PING')),
      ...(await subscriber.call(1, 'PING', 'x')),
      ...(await publisher.call(1, 'PUBLISH', 'b', 'to b')),
      ...(await subscriber.take(1)),
      ...(await publisher.call(1, 'PUBLISH', 'a', 'to a twice')),
      ...(await subscriber.take(2)),
      ...(await subscriber.call(2, 'UNSUBSCRIBE', 'a', 'b')),
      ...(await subscriber.call(1, 'UNSUBSCRIBE')),
      ...(await subscriber.call(1, 'PUNSUBSCRIBE')),
    ];
    return { hello, frames };
  },

  'a subscriber publishing to itself gets the push before the PUBLISH reply': async (open) => {
    const client = await open();
    await client.call(1, 'HELLO', '3');
    return [...(await client.call(1, 'SUBSCRIBE', 'me')), ...(await client.call(2, 'PUBLISH', 'me', 'hi'))];
  },

  'smessage and pmessage are pushes': async (open) => {
    const subscriber = await open();
    const publisher = await open();
    await subscriber.call(1, 'HELLO', '3');
    const frames = [
      ...(await subscriber.call(1, 'SSUBSCRIBE', 's')),
      ...(await subscriber.call(1, 'PSUBSCRIBE', 'p*')),
      ...(await publisher.call(1, 'SPUBLISH', 's', 'shard message')),
      ...(await subscriber.take(1)),
      ...(await publisher.call(1, 'PUBLISH', 'px', 'pattern message')),
      ...(await subscriber.take(1)),
      ...(await subscriber.call(1, 'SUNSUBSCRIBE', 's')),
    ];
    return frames;
  },

  'PUBSUB NUMSUB answers a flat array in RESP3 too': async (open) => {
    const client = await open();
    await client.call(1, 'HELLO', '3');
    return [
      ...(await client.call(1, 'PUBSUB', 'NUMSUB', 'a', 'b')),
      ...(await client.call(1, 'PUBSUB', 'SHARDNUMSUB', 'a')),
      ...(await client.call(1, 'PUBSUB', 'CHANNELS')),
    ];
  },

  'HELLO 2 while subscribed in RESP3 enters the RESP2 subscribed mode; RESET leaves it': async (open) => {
    const client = await open();
    await client.call(1, 'HELLO', '3');
    return [
      ...(await client.call(1, 'SUBSCRIBE', 'c')),
      ...withoutIds(await client.call(1, 'HELLO', '2')),
      ...(await client.call(1, 'RESET')),
      ...(await client.call(1, 'SUBSCRIBE', 'c')),
      ...(await client.call(1, 'ECHO', 'now refused')),
      ...(await client.call(1, 'RESET')),
    ];
  },
});
