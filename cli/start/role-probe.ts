/**
 * Ask a server for its role: send `ROLE` over RESP and read the first element of the reply
 * (`master`, `slave`, as Redis 7 answers); a server that does not know ROLE is asked
 * `INFO replication` (its `role:` line). A tiny client of its own: at most two commands on one
 * connection, bounded in time and size.
 */
import net from 'node:net';
import type { ServerRole } from './cluster-file.js';
import { startLimits } from './limits.js';

const ROLE_COMMAND = '*1\r\n$4\r\nROLE\r\n';
const INFO_COMMAND = '*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n';

export type RoleAnswer = { readonly role: ServerRole } | { readonly error: string };

/** The first element of a ROLE reply in `buffer`: a role, an error, or null when more bytes are needed. Exported for tests. */
export function parseRoleReply(buffer: Buffer): RoleAnswer | null {
  const header = readLine(buffer, 0);
  if (header === null) return null;
  const marker = header.line[0];
  if (marker === '-') return { error: header.line.slice(1) };
  if (marker !== '*') return { error: `unexpected reply '${header.line.slice(0, 40)}'` };
  const count = Number(header.line.slice(1));
  if (!Number.isInteger(count) || count < 1) return { error: 'empty ROLE reply' };
  const first = readLine(buffer, header.end);
  if (first === null) return null;
  let role: string;
  if (first.line[0] === '+') {
    role = first.line.slice(1);
  } else if (first.line[0] === '$') {
    const length = Number(first.line.slice(1));
    if (!Number.isInteger(length) || length < 0 || length > 64) return { error: `unexpected role length ${first.line.slice(1)}` };
    if (buffer.length < first.end + length + 2) return null;
    role = buffer.toString('latin1', first.end, first.end + length);
  } else {
    return { error: `unexpected role element '${first.line.slice(0, 40)}'` };
  }
  if (role === 'master' || role === 'slave') return { role };
  return { error: `unknown role '${role.slice(0, 40)}'` };
}

/** The role from an `INFO replication` reply (a bulk string with a `role:` line), or null when more bytes are needed. Exported for tests. */
export function parseInfoRole(buffer: Buffer): RoleAnswer | null {
  const header = readLine(buffer, 0);
  if (header === null) return null;
  if (header.line[0] === '-') return { error: header.line.slice(1) };
  if (header.line[0] !== '$' && header.line[0] !== '=') return { error: `unexpected reply '${header.line.slice(0, 40)}'` };
  const length = Number(header.line.slice(1));
  if (!Number.isInteger(length) || length < 0 || length > startLimits.roleReplyBytesMax) return { error: `unexpected INFO length ${header.line.slice(1)}` };
  if (buffer.length < header.end + length + 2) return null;
  const match = /^role:(\w+)\r?$/m.exec(buffer.toString('latin1', header.end, header.end + length));
  if (match === null) return { error: 'no role in INFO replication' };
  const role = match[1] as string;
  return role === 'master' || role === 'slave' ? { role } : { error: `unknown role '${role.slice(0, 40)}'` };
}

function readLine(buffer: Buffer, offset: number): { readonly line: string; readonly end: number } | null {
  const end = buffer.indexOf('\r\n', offset, 'latin1');
  if (end === -1) return null;
  return { line: buffer.toString('latin1', offset, end), end: end + 2 };
}

/** Connect, ask ROLE (then INFO replication when ROLE is unknown), close; never rejects. */
export function askRole(host: string, port: number, timeoutMs: number = startLimits.roleTimeoutMs): Promise<RoleAnswer> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let parse = parseRoleReply;
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (answer: RoleAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => socket.write(ROLE_COMMAND));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > startLimits.roleReplyBytesMax) return finish({ error: 'reply too long' });
      const answer = parse(received);
      if (answer === null) return;
      if ('error' in answer && parse === parseRoleReply && /^ERR unknown command/i.test(answer.error)) {
        // The error is the whole reply: nothing else is buffered.
        received = Buffer.alloc(0);
        parse = parseInfoRole;
        socket.write(INFO_COMMAND);
        return;
      }
      finish(answer);
    });
    socket.once('error', (error) => finish({ error: error.message }));
    socket.once('close', () => finish({ error: 'connection closed' }));
  });
}
