/**
 * A minimal RESP2/RESP3 client for tests: sends commands (pipelined or one by one) and parses
 * replies into typed values, keeping the exact reply type so two servers can be compared.
 */
import net from 'node:net';

export type RespValue =
  | { t: 'simple'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: string }
  | { t: 'bulk'; v: string | null }
  | { t: 'array'; v: RespValue[] | null }
  | { t: 'map'; v: [RespValue, RespValue][] }
  | { t: 'set'; v: RespValue[] }
  | { t: 'push'; v: RespValue[] }
  | { t: 'double'; v: string }
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'verbatim'; v: string }
  | { t: 'bignum'; v: string };

/** Parse one reply at `offset`; returns null when the buffer holds only part of it. */
export function parseReply(buffer: Buffer, offset: number): { value: RespValue; end: number } | null {
  const lineEnd = buffer.indexOf('\r\n', offset, 'latin1');
  if (lineEnd === -1) return null;
  const marker = String.fromCharCode(buffer[offset] as number);
  const line = buffer.toString('latin1', offset + 1, lineEnd);
  const next = lineEnd + 2;
  const aggregate = (count: number, wrap: (items: RespValue[]) => RespValue) => {
    const items: RespValue[] = [];
    let position = next;
    for (let index = 0; index < count; index++) {
      const item = parseReply(buffer, position);
      if (item === null) return null;
      items.push(item.value);
      position = item.end;
    }
    return { value: wrap(items), end: position };
  };
  switch (marker) {
    case '+':
      return { value: { t: 'simple', v: line }, end: next };
    case '-':
      return { value: { t: 'error', v: line }, end: next };
    case ':':
      return { value: { t: 'int', v: line }, end: next };
    case ',':
      return { value: { t: 'double', v: line }, end: next };
    case '_':
      return { value: { t: 'null' }, end: next };
    case '#':
      return { value: { t: 'bool', v: line === 't' }, end: next };
    case '(':
      return { value: { t: 'bignum', v: line }, end: next };
    case '$':
    case '=': {
      const length = Number(line);
      if (length < 0) return { value: { t: 'bulk', v: null }, end: next };
      if (buffer.length < next + length + 2) return null;
      const text = buffer.toString('latin1', next, next + length);
      return { value: marker === '$' ? { t: 'bulk', v: text } : { t: 'verbatim', v: text }, end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: { t: 'array', v: null }, end: next };
      return aggregate(count, (items) => ({ t: 'array', v: items }));
    }
    case '~':
      return aggregate(Number(line), (items) => ({ t: 'set', v: items }));
    case '>':
      return aggregate(Number(line), (items) => ({ t: 'push', v: items }));
    case '%':
      return aggregate(Number(line) * 2, (items) => {
        const pairs: [RespValue, RespValue][] = [];
        for (let index = 0; index < items.length; index += 2) pairs.push([items[index] as RespValue, items[index + 1] as RespValue]);
        return { t: 'map', v: pairs };
      });
    default:
      throw new Error(`unexpected reply marker ${JSON.stringify(marker)} at ${offset}`);
  }
}

export class RespClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (value: RespValue) => void; reject: (error: Error) => void }[] = [];
  /** Out-of-band pushes (RESP3 `>`), in arrival order. */
  readonly pushes: RespValue[] = [];
  private pushWaiters: (() => void)[] = [];
  private closedError: Error | null = null;
  /** When true, RESP2 arrays that look like pub/sub messages are treated as replies (default). */

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', (error) => this.fail(error));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Send one command and wait for its reply. */
  call(...argv: (string | number | Buffer)[]): Promise<RespValue> {
    this.write(encodeCommand(argv));
    return this.expect();
  }

  /** Send many commands in one write and wait for all replies. */
  async pipeline(commands: (string | number | Buffer)[][]): Promise<RespValue[]> {
    const promises = commands.map(() => this.expect());
    this.write(Buffer.concat(commands.map((argv) => encodeCommand(argv))));
    return Promise.all(promises);
  }

  /** Send raw bytes (protocol tests). */
  writeRaw(data: string | Buffer): void {
    this.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Wait for the next reply that is not a push. */
  expect(): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Wait until at least `count` pushes have arrived (or the timeout passes). */
  async waitForPushes(count: number, timeoutMs = 5000): Promise<RespValue[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.pushes.length < count) {
      if (this.closedError) throw this.closedError;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${count} pushes, got ${this.pushes.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.pushWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.pushes.slice(0, count);
  }

  /** Resolves when the server closes the connection. */
  waitForClose(timeoutMs = 5000): Promise<void> {
    if (this.closedError) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection was not closed')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private write(data: Buffer): void {
    this.socket.write(data);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    while (offset < this.buffer.length) {
      const parsed = parseReply(this.buffer, offset);
      if (parsed === null) break;
      offset = parsed.end;
      if (parsed.value.t === 'push') {
        this.pushes.push(parsed.value);
        const waiters = this.pushWaiters;
        this.pushWaiters = [];
        for (const wake of waiters) wake();
        continue;
      }
      const waiter = this.waiting.shift();
      if (waiter === undefined) {
        // Unsolicited RESP2 message (pub/sub) with nobody waiting: keep it as a push.
        this.pushes.push(parsed.value);
        const waiters = this.pushWaiters;
        this.pushWaiters = [];
        for (const wake of waiters) wake();
      } else {
        waiter.resolve(parsed.value);
      }
    }
    this.buffer = this.buffer.subarray(offset);
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    for (const wake of this.pushWaiters.splice(0)) wake();
  }
}

export function encodeCommand(argv: (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const arg of argv) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'latin1');
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

/** A compact readable form of a reply for assertions: bulk -> string, int -> number, etc. */
export function plain(value: RespValue): unknown {
  switch (value.t) {
    case 'simple':
    case 'verbatim':
    case 'double':
    case 'bignum':
      return value.v;
    case 'error':
      return { error: value.v };
    case 'int':
      return Number(value.v);
    case 'bulk':
      return value.v;
    case 'array':
      return value.v === null ? null : value.v.map(plain);
    case 'set':
    case 'push':
      return value.v.map(plain);
    case 'map':
      return Object.fromEntries(value.v.map(([k, v]) => [String(plain(k)), plain(v)]));
    case 'null':
      return null;
    case 'bool':
      return value.v;
  }
}
