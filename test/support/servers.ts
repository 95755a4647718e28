/**
 * Servers for tests: cairn in-process on an ephemeral port, and a real Redis 7 (redis-server
 * from apt) on a free port for side-by-side comparisons.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startServer, type RunningServer, type ServerOptions } from '../../server/src/server.js';

export async function startCairn(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ ...options, settings: { port: 0, bind: '127.0.0.1', ...(options.settings ?? {}) } });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ReferenceRedis {
  readonly port: number;
  readonly version: string;
  stop(): Promise<void>;
}

/** True when a redis-server binary can be run. */
export function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * Start a real redis-server (no persistence) on a free loopback port. Returns null, after saying
 * so loudly on stderr, when it is not installed: side-by-side tests then skip.
 */
export async function startReferenceRedis(extraArgs: string[] = []): Promise<ReferenceRedis | null> {
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    process.stderr.write(
      '\n*** SIDE-BY-SIDE TESTS SKIPPED: redis-server is not installed (apt-get install -y redis-server); .ci/run installs it ***\n\n',
    );
    return null;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready:\n${output}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  const match = /v=(\S+)/.exec(version.stdout);
  return {
    port,
    version: match?.[1] ?? 'unknown',
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
