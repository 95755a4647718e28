/**
 * A minimal RESP2 client for benchmarks: one loopback connection, one request at a time (a
 * request may hold several commands), its replies parsed in order. No reconnection: a closed
 * connection fails what it was waiting for.
 */
import net from 'node:net';

/** An error reply (`-ERR ...`), its text without the leading '-'. */
export class RespError {
  constructor(readonly message: string) {}
}

/** A parsed reply: simple and bulk strings (latin1), integers, nil, errors and arrays of these. */
export type RespValue = string | number | null | RespError | RespValue[];

/** Nesting of arrays in one reply at most (ROLE and INFO need 2). */
const ARRAY_DEPTH_MAX = 8;

/** The RESP encoding of one command. */
export function command(...argv: string[]): Buffer {
  return Buffer.from(`*${argv.length}\r\n${argv.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
}

/** The first complete reply in `buffer` from `offset` and where it ends, or null when it is not all there yet. */
function parseReply(buffer: Buffer, offset: number, depth: number): { value: RespValue; end: number } | null {
  const line = buffer.indexOf('\r\n', offset);
  if (line === -1) return null;
  const text = buffer.toString('latin1', offset + 1, line);
  switch (buffer[offset]) {
    case 0x2b: // '+'
      return { value: text, end: line + 2 };
    case 0x2d: // '-'
      return { value: new RespError(text), end: line + 2 };
    case 0x3a: // ':'
      return { value: Number(text), end: line + 2 };
    case 0x24: {
      // '$'
      const length = Number(text);
      if (length < 0) return { value: null, end: line + 2 };
      const end = line + 2 + length + 2;
      return buffer.length >= end ? { value: buffer.toString('latin1', line + 2, line + 2 + length), end } : null;
    }
    case 0x2a: {
      // '*'
      const count = Number(text);
      if (count < 0) return { value: null, end: line + 2 };
      if (depth >= ARRAY_DEPTH_MAX) throw new Error(`a reply nests arrays deeper than ${ARRAY_DEPTH_MAX}`);
      const items: RespValue[] = [];
      let end = line + 2;
      for (let index = 0; index < count; index++) {
        const item = parseReply(buffer, end, depth + 1);
        if (item === null) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`not a RESP2 reply: type byte 0x${(buffer[offset] ?? 0).toString(16)}`);
  }
}

/** One RESP connection sending pre-encoded requests and collecting the replies each one expects. */
export class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { replies: number; values: RespValue[]; resolve: (values: RespValue[]) => void; reject: (error: Error) => void } | null = null;
  private closedBecause: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('error', (error) => this.closed(error));
    socket.on('close', () => this.closed(new Error('the connection closed')));
  }

  /** Connects to 127.0.0.1:port (rejects when nothing listens). */
  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends `request` and resolves once `replies` replies arrived, with the first error reply's text, if any. */
  async send(request: Buffer, replies: number): Promise<string | null> {
    const values = await this.exchange(request, replies);
    const error = values.find((value) => value instanceof RespError);
    return error instanceof RespError ? error.message : null;
  }

  /** Sends `request` and resolves once `replies` replies arrived, with how many of them are error replies. */
  async sendCountingErrors(request: Buffer, replies: number): Promise<number> {
    const values = await this.exchange(request, replies);
    let errors = 0;
    for (const value of values) if (value instanceof RespError) errors++;
    return errors;
  }

  /** Sends one command and resolves with its reply. */
  async call(...argv: string[]): Promise<RespValue> {
    const [value] = await this.exchange(command(...argv), 1);
    return value ?? null;
  }

  close(): void {
    this.socket.destroy();
  }

  private exchange(request: Buffer, replies: number): Promise<RespValue[]> {
    if (this.waiting !== null) throw new Error('assertion: one request at a time on a connection');
    if (this.closedBecause !== null) return Promise.reject(this.closedBecause);
    return new Promise((resolve, reject) => {
      this.waiting = { replies, values: [], resolve, reject };
      this.socket.write(request);
    });
  }

  private closed(error: Error): void {
    this.closedBecause ??= error;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(this.closedBecause);
  }

  private drain(): void {
    for (;;) {
      if (this.waiting === null || this.buffer.length === 0) return;
      const reply = parseReply(this.buffer, 0, 0);
      if (reply === null) return;
      this.buffer = this.buffer.subarray(reply.end);
      this.waiting.values.push(reply.value);
      if (this.waiting.values.length === this.waiting.replies) {
        const { resolve, values } = this.waiting;
        this.waiting = null;
        resolve(values);
      }
    }
  }
}
