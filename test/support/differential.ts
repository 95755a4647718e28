/**
 * Seeded model-based differential tests: one random command stream (from a seed) goes to cairn
 * and to a real Redis 7; replies must be equal command by command, except where the case's
 * `check` handles a command itself (documented randomness: SPOP picks, HRANDFIELD), usually by
 * checking invariants. A failure names the seed, the step and the commands that led to it, so
 * `seeds: [N]` replays it. Without redis-server the suite is skipped, loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, type RespValue } from './resp-client.js';
import type { Command } from './side-by-side.js';
import { useBothServers } from './side-by-side.js';
import { redisServerAvailable } from './servers.js';
import { seededRandom } from './executor.js';

/** What `check` decided: `compare` compares the replies for equality, `checked` means it asserted what it needed. */
export type CheckResult = 'compare' | 'checked';

export interface DifferentialCase {
  title: string;
  /** One test per seed. */
  seeds: readonly number[];
  /** Commands per seed (a bound: the loop runs exactly this many). */
  steps: number;
  /** The next command, from the seeded random source. Keep the key space small so commands collide. */
  generate: (random: () => number, step: number) => Command;
  /** Check one command's replies itself (random picks), or return `compare`. */
  check?: (command: Command, fromCairn: RespValue, fromRedis: RespValue) => CheckResult;
  /** Commands run on both at the end whose replies must be equal (a dump of every key's contents). */
  finalCommands?: (random: () => number) => Command[];
  /** Speak RESP3 (HELLO 3). */
  resp3?: boolean;
}

/** Commands shown before a failing one. */
const HISTORY_SHOWN = 12;

export function describeDifferential(testCase: DifferentialCase): void {
  const available = redisServerAvailable();
  if (!available) process.stderr.write(`\n*** ${testCase.title}: DIFFERENTIAL TEST SKIPPED, redis-server not installed ***\n\n`);
  describe.skipIf(!available)(`${testCase.title} (differential with Redis 7)`, () => {
    const servers = useBothServers();
    let cairn: RespClient;
    let redis: RespClient;
    beforeAll(async () => {
      cairn = await RespClient.connect(servers.cairn.port);
      redis = await RespClient.connect(servers.redis.port);
    });
    afterAll(() => {
      cairn?.close();
      redis?.close();
    });

    for (const seed of testCase.seeds) {
      it(`seed ${seed}: ${testCase.steps} random commands give Redis's replies`, async () => {
        for (const client of [cairn, redis]) {
          await client.call('HELLO', testCase.resp3 ? '3' : '2');
          await client.call('SELECT', '0');
          await client.call('FLUSHALL');
        }
        const random = seededRandom(seed);
        const history: string[] = [];
        const where = (step: number) => `seed ${seed}, step ${step}; last commands:\n  ${history.slice(-HISTORY_SHOWN).join('\n  ')}`;
        for (let step = 0; step < testCase.steps; step++) {
          const command = testCase.generate(random, step);
          history.push(command.map(String).join(' '));
          const [fromCairn, fromRedis] = await Promise.all([cairn.call(...command), redis.call(...command)]);
          const decided = testCase.check?.(command, fromCairn, fromRedis) ?? 'compare';
          if (decided === 'compare') expect(fromCairn, where(step)).toEqual(fromRedis);
        }
        const finals = testCase.finalCommands?.(random) ?? [];
        for (const command of finals) {
          history.push(command.map(String).join(' '));
          const [fromCairn, fromRedis] = await Promise.all([cairn.call(...command), redis.call(...command)]);
          expect(fromCairn, `final check: ${where(testCase.steps)}`).toEqual(fromRedis);
        }
      });
    }
  });
}
