/**
 * The `cairn` executable as a real process: `cairn server --ephemeral --port 0` prints its port
 * and the warning that data is not durable, answers PING, honours --bind, and exits cleanly
 * (code 0) on SIGTERM and SIGINT; bad command lines exit with code 2 and a message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RespClient } from '../support/resp-client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STARTUP_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 10_000;

interface Running {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

function cairn(...args: string[]): Running {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/cairn.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (running.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

/** Wait until the server prints where it listens; returns host and port. */
function listening(running: Running): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /listening on (\S+):(\d+)/.exec(running.stdout);
      if (match === null) return;
      finish();
      resolve({ host: match[1] as string, port: Number(match[2]) });
    };
    const exited = (code: number | null) => {
      finish();
      reject(new Error(`cairn exited with ${code}:\n${running.stdout}\n${running.stderr}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`cairn did not start:\n${running.stdout}\n${running.stderr}`));
    }, STARTUP_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      running.child.stdout?.off('data', check);
      running.child.off('exit', exited);
    };
    running.child.stdout?.on('data', check);
    running.child.once('exit', exited);
    check();
  });
}

async function exitOf(running: Running): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('cairn did not exit')), EXIT_TIMEOUT_MS));
  return Promise.race([running.exited, timeout]);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('cairn server (process)', () => {
  it('listens on the port it prints for --port 0, warns that data is not durable, and answers PING', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0');
    const { host, port } = await listening(running);
    expect(host).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect(running.stdout).toContain('NOT durable');
    expect(running.stderr).toMatch(/"level":40.*not durable/);
    const client = await RespClient.connect(port);
    expect(await client.call('PING')).toEqual({ t: 'simple', v: 'PONG' });
    expect(await client.call('ECHO', 'over a real process')).toEqual({ t: 'bulk', v: 'over a real process' });
    client.close();
    running.child.kill('SIGTERM');
    expect(await exitOf(running)).toEqual({ code: 0, signal: null });
  });

  it('exits cleanly with code 0 on SIGTERM, closing connected clients', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0');
    const { port } = await listening(running);
    const client = await RespClient.connect(port);
    await client.call('PING');
    running.child.kill('SIGTERM');
    expect(await exitOf(running)).toEqual({ code: 0, signal: null });
    await client.waitForClose(2000);
    expect(client.closed).toBe(true);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
  });

  it('exits cleanly with code 0 on SIGINT', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0');
    await listening(running);
    running.child.kill('SIGINT');
    expect(await exitOf(running)).toEqual({ code: 0, signal: null });
  });

  it('honours --bind: it listens on the address given and not on another', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0', '--bind', '127.0.0.2');
    const { host, port } = await listening(running);
    expect(host).toBe('127.0.0.2');
    expect(await canConnect('127.0.0.2', port)).toBe(true);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
    running.child.kill('SIGTERM');
    expect(await exitOf(running)).toEqual({ code: 0, signal: null });
  });

  it('passes settings given as options (--databases)', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0', '--databases', '2');
    const { port } = await listening(running);
    const client = await RespClient.connect(port);
    expect(await client.call('SELECT', '1')).toEqual({ t: 'simple', v: 'OK' });
    expect(await client.call('SELECT', '2')).toEqual({ t: 'error', v: 'ERR DB index is out of range' });
    client.close();
    running.child.kill('SIGTERM');
    expect((await exitOf(running)).code).toBe(0);
  });

  it('an unknown option exits with code 2 and says which', async () => {
    const running = cairn('server', '--ephemeral', '--port', '0', '--bogus', '1');
    expect(await exitOf(running)).toEqual({ code: 2, signal: null });
    expect(running.stderr).toContain("unknown option '--bogus'");
    expect(running.stderr).toContain('usage: cairn server');
  });

  it('an option without its value exits with code 2', async () => {
    const running = cairn('server', '--ephemeral', '--port');
    expect((await exitOf(running)).code).toBe(2);
    expect(running.stderr).toContain("option '--port' needs a value");
  });

  it('without --ephemeral it refuses to start, with code 2', async () => {
    const running = cairn('server', '--port', '0');
    expect((await exitOf(running)).code).toBe(2);
    expect(running.stderr).toContain('--ephemeral');
  });

  it('an invalid setting value exits with code 1 and the reason', async () => {
    const running = cairn('server', '--ephemeral', '--port', '70000');
    expect((await exitOf(running)).code).toBe(1);
    expect(running.stderr).toContain('port');
  });

  it('a port already in use exits with code 1', async () => {
    const first = cairn('server', '--ephemeral', '--port', '0');
    const { port } = await listening(first);
    const second = cairn('server', '--ephemeral', '--port', String(port));
    expect((await exitOf(second)).code).toBe(1);
    expect(second.stderr).toContain('EADDRINUSE');
    first.child.kill('SIGTERM');
    expect((await exitOf(first)).code).toBe(0);
  });
});

describe('cairn (command line)', () => {
  it('help prints the usage and exits 0; no command prints it and exits 2', async () => {
    const help = cairn('help');
    expect((await exitOf(help)).code).toBe(0);
    expect(help.stdout).toContain('usage: cairn <command>');
    const none = cairn();
    expect((await exitOf(none)).code).toBe(2);
    expect(none.stdout).toContain('usage: cairn <command>');
  });

  it('an unknown command exits with code 2 and a message', async () => {
    const running = cairn('bogus');
    expect((await exitOf(running)).code).toBe(2);
    expect(running.stderr).toContain("unknown command 'bogus'");
  });
});
