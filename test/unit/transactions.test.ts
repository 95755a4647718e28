import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY, OK, QUEUED, Status } from '../../server/src/resp/reply.js';
import { Executor } from '../support/executor.js';

describe('transactions', () => {
  it('MULTI queues commands and EXEC runs them in order', () => {
    const server = new Executor();
    expect(server.run('MULTI')).toBe(OK);
    expect(server.run('PING')).toBe(QUEUED);
    expect(server.run('ECHO', 'a')).toBe(QUEUED);
    expect(server.run('EXEC')).toEqual([new Status('PONG'), 'a']);
  });

  it('EXEC without MULTI is an error', () => {
    const server = new Executor();
    expect(server.run('EXEC')).toEqual(new ErrorReply('ERR EXEC without MULTI'));
    expect(server.run('DISCARD')).toEqual(new ErrorReply('ERR DISCARD without MULTI'));
  });

  it('a queuing error aborts EXEC with EXECABORT', () => {
    const server = new Executor();
    server.run('MULTI');
    expect(server.run('NOSUCHCOMMAND')).toBeInstanceOf(ErrorReply);
    expect(server.run('PING')).toBe(QUEUED);
    expect(server.run('EXEC')).toEqual(new ErrorReply('EXECABORT Transaction discarded because of previous errors.'));
    expect(server.client.multi).toBeNull();
  });

  it('nested MULTI and WATCH inside MULTI are refused without aborting', () => {
    const server = new Executor();
    server.run('MULTI');
    expect(server.run('MULTI')).toEqual(new ErrorReply('ERR MULTI calls can not be nested'));
    expect(server.run('WATCH', 'x')).toEqual(new ErrorReply('ERR WATCH inside MULTI is not allowed'));
    expect(server.run('EXEC')).toEqual([]);
  });

  it('DISCARD drops the queue', () => {
    const server = new Executor();
    server.run('MULTI');
    server.run('PING');
    expect(server.run('DISCARD')).toBe(OK);
    expect(server.run('EXEC')).toEqual(new ErrorReply('ERR EXEC without MULTI'));
  });

  it('EXEC answers the null array when a watched key changed', () => {
    const server = new Executor();
    const other = server.newClient();
    server.run('WATCH', 'k');
    // another client changes k through the keyspace directly (no string commands needed)
    server.state.keyspace.now = server.state.nowMs();
    server.state.keyspace.db(0).set('k', 'string', 'v');
    void other;
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
    // the watch is gone afterwards
    server.run('MULTI');
    expect(server.run('EXEC')).toEqual([]);
  });

  it('a watched key that expires before EXEC breaks the transaction', () => {
    const server = new Executor();
    const db = server.state.keyspace.db(0);
    server.state.keyspace.now = server.state.nowMs();
    db.set('k', 'string', 'v');
    db.setExpireAt('k', server.state.nowMs() + 1000);
    server.run('WATCH', 'k');
    server.clock.advanceMs(2000);
    server.run('MULTI');
    expect(server.run('EXEC')).toBe(NULL_ARRAY);
  });

  it('a key already expired when watched does not break the transaction when it is removed', () => {
    const server = new Executor();
    const db = server.state.keyspace.db(0);
    server.state.keyspace.now = server.state.nowMs();
    db.set('k', 'string', 'v');
    db.setExpireAt('k', server.state.nowMs() + 1000);
    server.clock.advanceMs(2000);
    server.run('WATCH', 'k');
    expect(server.activeExpire()).toBe(1);
    server.run('MULTI');
    server.run('PING');
    expect(server.run('EXEC')).toEqual([new Status('PONG')]);
  });
});
