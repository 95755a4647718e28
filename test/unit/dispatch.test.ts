import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorReply, NULL_ARRAY, OK, QUEUED, Status, type VerbatimReply } from '../../server/src/resp/reply.js';
import { Executor, type RecordingTransport } from '../support/executor.js';

const text = (reply: unknown) => (reply instanceof Status || reply instanceof ErrorReply ? reply.text : reply);

describe('dispatch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('MONITOR shows AUTH and HELLO AUTH passwords as (redacted)', () => {
    const server = new Executor();
    const monitor = server.newClient();
    expect(server.runAs(monitor, 'MONITOR')).toBe(OK);
    server.run('AUTH', 'secret');
    server.run('HELLO', '2', 'AUTH', 'default', 'pw', 'SETNAME', 'nm');
    const lines = (monitor.transport as RecordingTransport).pushes.map((push) => String(text(push)));
    expect(lines[0]).toMatch(/\] "AUTH" "\(redacted\)"$/);
    expect(lines[1]).toMatch(/\] "HELLO" "2" "AUTH" "\(redacted\)" "\(redacted\)" "SETNAME" "nm"$/);
  });

  it('SLOWLOG keeps passwords out too', () => {
    const server = new Executor();
    server.run('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    server.run('AUTH', 'default', 'secret');
    const entries = server.run('SLOWLOG', 'GET', '1') as unknown[][];
    expect(entries[0]?.[3]).toEqual(['AUTH', '(redacted)', '(redacted)']);
  });

  it('a client in MONITOR mode may not touch the keyspace', () => {
    const server = new Executor();
    server.run('MONITOR');
    expect(text(server.run('GET', 'x'))).toBe("ERR Replica can't interact with the keyspace");
    expect(text(server.run('SET', 'x', '1'))).toBe("ERR Replica can't interact with the keyspace");
    expect(text(server.run('PING'))).toBe('PONG');
  });

  it('a monitor sees its own command after the reply', () => {
    const server = new Executor();
    server.run('MONITOR');
    server.run('PING');
    expect(server.client.afterReply.map((line) => String(text(line)))).toEqual([expect.stringMatching(/"PING"$/)]);
    expect((server.client.transport as RecordingTransport).pushes).toEqual([]);
  });

  it('MONITOR inside a transaction is refused', () => {
    const server = new Executor();
    server.run('MULTI');
    expect(server.run('MONITOR')).toBe(QUEUED);
    expect(server.run('EXEC')).toEqual([new ErrorReply("ERR MONITOR isn't allowed for DENY BLOCKING client")]);
    expect(server.client.monitor).toBe(false);
  });

  it('EXEC with arguments discards the transaction with EXECABORT', () => {
    const server = new Executor();
    server.run('MULTI');
    server.run('SET', 'k', 'v');
    expect(text(server.run('EXEC', 'extra'))).toBe("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command");
    expect(server.client.multi).toBeNull();
    expect(server.run('GET', 'k')).toBeNull();
  });

  it('CLIENT LIST inside EXEC shows the client in its transaction', () => {
    const server = new Executor();
    server.run('MULTI');
    server.run('CLIENT', 'INFO');
    const [info] = server.run('EXEC') as VerbatimReply[];
    expect(info?.text).toMatch(/flags=x .* multi=1 /);
    expect(server.client.multi).toBeNull();
  });

  it('EXEC that was not rejected still answers the null array when a watched key changed', () => {
    const server = new Executor();
    const other = server.newClient();
    server.run('WATCH', 'k');
    server.runAs(other, 'SET', 'k', 'v');
    server.run('MULTI');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });

  it('a CLIENT PAUSE longer than a timer can wait stays in force until its end', () => {
    vi.useFakeTimers();
    const server = new Executor();
    const pauseSeconds = 3_000_000; // 34 days: beyond setTimeout's 2^31-1 ms
    expect(server.run('CLIENT', 'PAUSE', pauseSeconds * 1000, 'WRITE')).toBe(OK);
    vi.advanceTimersByTime(2_147_483_647);
    expect(server.state.pauseMode).toBe('write');
    server.clock.advanceMs(pauseSeconds * 1000);
    vi.advanceTimersByTime(2_147_483_647);
    expect(server.state.pauseMode).toBeNull();
  });
});
