/**
 * Side-by-side comparison with a real Redis 7: each case runs the same commands on cairn and on
 * redis-server (both fresh: FLUSHALL, RESP2 unless the case asks for RESP3) and expects equal
 * replies, command by command. Without redis-server the suite is skipped, loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { RespClient, type RespValue } from './resp-client.js';
import { type ReferenceRedis, redisServerAvailable, startCairn, startReferenceRedis } from './servers.js';

export type Command = (string | number)[];

export interface SideBySideCase {
  name: string;
  commands: Command[];
  /** Speak RESP3 (HELLO 3) before the commands. */
  resp3?: boolean;
  /** Indexes of commands whose replies are not compared (time- or id-dependent); they still run. */
  skipCompare?: number[];
  /** Replace parts of replies that legitimately differ (ids, timings) before comparing. */
  normalize?: (value: RespValue, index: number) => RespValue;
}

export interface BothServers {
  readonly cairn: RunningServer;
  readonly redis: ReferenceRedis;
}

/**
 * Start cairn (in-process) and a reference redis-server for the enclosing describe block and stop
 * both after it. The returned object is filled in by beforeAll.
 */
export function useBothServers(): BothServers {
  const servers: { cairn?: RunningServer; redis?: ReferenceRedis | null } = {};
  beforeAll(async () => {
    servers.cairn = await startCairn();
    servers.redis = await startReferenceRedis();
    if (servers.redis === null) throw new Error('redis-server could not be started');
  });
  afterAll(async () => {
    await servers.cairn?.close();
    await servers.redis?.stop();
  });
  return {
    get cairn() {
      return servers.cairn as RunningServer;
    },
    get redis() {
      return servers.redis as ReferenceRedis;
    },
  };
}

export function describeSideBySide(title: string, cases: SideBySideCase[]): void {
  const available = redisServerAvailable();
  if (!available) {
    process.stderr.write(`\n*** ${title}: SIDE-BY-SIDE SKIPPED, redis-server not installed ***\n\n`);
  }
  describe.skipIf(!available)(`${title} (side by side with Redis 7)`, () => {
    const servers = useBothServers();
    let cairnClient: RespClient;
    let redisClient: RespClient;

    beforeAll(async () => {
      cairnClient = await RespClient.connect(servers.cairn.port);
      redisClient = await RespClient.connect(servers.redis.port);
    });

    afterAll(() => {
      cairnClient?.close();
      redisClient?.close();
    });

    for (const testCase of cases) {
      it(testCase.name, async () => {
        const replies = async (client: RespClient) => {
          await client.call('HELLO', '2');
          await client.call('SELECT', '0');
          await client.call('FLUSHALL');
          if (testCase.resp3) await client.call('HELLO', '3');
          const out: RespValue[] = [];
          for (const command of testCase.commands) out.push(await client.call(...command));
          return out;
        };
        const fromCairn = await replies(cairnClient);
        const fromRedis = await replies(redisClient);
        for (let index = 0; index < testCase.commands.length; index++) {
          if (testCase.skipCompare?.includes(index)) continue;
          const normalize = testCase.normalize ?? ((value: RespValue) => value);
          const label = `command #${index}: ${testCase.commands[index]?.join(' ')}`;
          expect(normalize(fromCairn[index] as RespValue, index), label).toEqual(normalize(fromRedis[index] as RespValue, index));
        }
      });
    }
  });
}
