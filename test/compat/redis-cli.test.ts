/**
 * redis-cli (from the redis-tools package) against cairn and against a real redis-server: the
 * same invocations must print the same output, in RESP2 and RESP3 (-3), and --pipe must push a
 * large mass insert through. Skipped, loudly, when redis-cli or redis-server is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../support/resp-client.js';
import { redisServerAvailable } from '../support/servers.js';
import { useBothServers } from '../support/side-by-side.js';

const available = redisServerAvailable() && spawnSync('redis-cli', ['--version']).status === 0;
if (!available) process.stderr.write('\n*** redis-cli compat SKIPPED: redis-cli or redis-server not installed ***\n\n');

/**
 * Run redis-cli against `port`; resolves with what it printed and its exit code. (Asynchronous:
 * cairn runs in this process and must keep serving while redis-cli runs.)
 */
function redisCli(port: number, args: readonly string[], input: string | Buffer = ''): Promise<{ output: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ output, status });
    });
    // redis-cli reads stdin only for --pipe and the like; it may exit before taking what is written (EPIPE).
    child.stdin.on('error', () => undefined);
    child.stdin.end(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  });
}

/** [description, redis-cli arguments]: each is run against both servers. */
const INVOCATIONS: [string, string[]][] = [
  ['PING', ['PING']],
  ['PING with a message', ['PING', 'hello world']],
  ['ECHO of binary text (printed escaped)', ['ECHO', 'a\x01\xffb']],
  ['an error reply', ['SELECT', '99']],
  ['an unknown command', ['NOSUCH', 'x', 'y']],
  ['an arity error', ['ECHO']],
  ['raw output', ['--raw', 'ECHO', 'line']],
  ['a repeated command', ['-r', '3', 'PING']],
  ['RESP3 PING', ['-3', 'PING']],
  ['RESP3 ECHO', ['-3', 'ECHO', 'x']],
  ['RESP3 error', ['-3', 'SELECT', '-1']],
  ['PUBSUB NUMSUB', ['PUBSUB', 'NUMSUB', 'a', 'b']],
  ['PUBSUB CHANNELS with no channel', ['PUBSUB', 'CHANNELS']],
  ['a transaction in one line is refused outside interactive mode', ['MULTI']],
];

describe.skipIf(!available)('redis-cli (side by side with Redis 7)', () => {
  const servers = useBothServers();

  for (const [description, args] of INVOCATIONS) {
    it(`prints the same for ${description}`, async () => {
      const fromCairn = await redisCli(servers.cairn.port, args);
      const fromRedis = await redisCli(servers.redis.port, args);
      expect(fromCairn).toEqual(fromRedis);
    });
  }

  it('commands read from standard input, one per line, print the same', async () => {
    const input = 'PING\nECHO "quoted words"\nSELECT 3\nECHO after\n';
    expect(await redisCli(servers.cairn.port, [], input)).toEqual(await redisCli(servers.redis.port, [], input));
  });

  it('--pipe sends 20,000 commands and reports every reply and no error', async () => {
    const commands: Buffer[] = [];
    for (let index = 0; index < 20_000; index++) commands.push(encodeCommand(index % 2 === 0 ? ['PING'] : ['ECHO', `v${index}`]));
    const { output, status } = await redisCli(servers.cairn.port, ['--pipe'], Buffer.concat(commands));
    expect(status).toBe(0);
    expect(output).toContain('errors: 0, replies: 20000');
  });
});
