/**
 * RESP2/RESP3 encoder. Replies are appended to an OutputBuffer: small writes are copied into a
 * growing chunk, large bulk values become chunks of their own, so a pipeline of replies leaves
 * in one socket write.
 */
import {
  BoolReply,
  DoubleReply,
  ErrorReply,
  MapReply,
  NoReply,
  NullArray,
  PushReply,
  type Reply,
  ReplySequence,
  SetReply,
  Status,
  VerbatimReply,
} from './reply.js';
import { formatDouble } from '../util/number.js';

export type ProtocolVersion = 2 | 3;

/** Buffer's own latin1 encoder, skipping write()'s argument checks on the per-reply path. */
const nativeLatin1Write = (Buffer.prototype as unknown as { latin1Write?: (text: string, offset: number) => number }).latin1Write;
function latin1Write(buffer: Buffer, text: string, offset: number): number {
  return nativeLatin1Write === undefined ? buffer.write(text, offset, 'latin1') : nativeLatin1Write.call(buffer, text, offset);
}

const CHUNK_BYTES = 16 * 1024; // size of the copy buffer for small replies
const LARGE_BULK_BYTES = 8 * 1024; // bulk values at least this big are not copied
/** Strings up to this long are copied byte by byte in JS: cheaper than a call into the native encoder. */
const SHORT_COPY_BYTES = 48;
/** Room a bulk header needs at most: `$`, 20 digits, CR LF; plus the CR LF after the value. */
const BULK_FRAMING_BYTES_MAX = 25;
const CR = 13;
const LF = 10;
const DOLLAR = 36;
const ZERO = 48;

export class OutputBuffer {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;

  /** Bytes held and not yet taken. */
  get length(): number {
    return this.doneBytes + this.used;
  }

  /** Append a binary string (one char per byte). */
  ascii(text: string): void {
    const length = text.length;
    if (length >= LARGE_BULK_BYTES) {
      this.seal();
      this.push(Buffer.from(text, 'latin1'));
      return;
    }
    this.reserve(length);
    this.used = copyText(this.chunk, text, this.used);
  }

  /** Append a bulk string reply (`$<length>\r\n<bytes>\r\n`), framing and value in one pass when it is small. */
  bulk(text: string): void {
    const length = text.length;
    if (length >= LARGE_BULK_BYTES) {
      this.ascii(`$${length}\r\n`);
      this.ascii(text);
      this.ascii('\r\n');
      return;
    }
    this.reserve(length + BULK_FRAMING_BYTES_MAX);
    const chunk = this.chunk;
    let at = this.used;
    chunk[at++] = DOLLAR;
    at = writeDecimal(chunk, length, at);
    chunk[at++] = CR;
    chunk[at++] = LF;
    at = copyText(chunk, text, at);
    chunk[at++] = CR;
    chunk[at++] = LF;
    this.used = at;
  }

  bytes(data: Uint8Array): void {
    if (data.length >= LARGE_BULK_BYTES) {
      this.seal();
      this.push(Buffer.from(data)); // a copy: the value may be changed in place before the socket sends it
      return;
    }
    this.reserve(data.length);
    this.chunk.set(data, this.used);
    this.used += data.length;
  }

  /** Everything written so far, as buffers to hand to the socket; the buffer is empty afterwards. */
  take(): Buffer[] {
    this.seal();
    const out = this.done.splice(0, this.done.length);
    this.doneBytes = 0;
    return out;
  }

  /** Make room for `length` more bytes in the current chunk (a fresh chunk when the rest is too small). */
  private reserve(length: number): void {
    if (this.used + length <= this.chunk.length) return;
    this.seal();
    if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  }

  private seal(): void {
    if (this.used === 0) return;
    const sealed = this.chunk.subarray(0, this.used);
    this.push(sealed);
    const rest = this.chunk.length - this.used;
    if (rest >= 1024) {
      this.chunk = this.chunk.subarray(this.used);
    } else {
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    }
    this.used = 0;
  }

  private push(buffer: Buffer): void {
    this.done.push(buffer);
    this.doneBytes += buffer.length;
  }
}

/** Copy a binary string into `buffer` at `offset`; returns the offset after it. */
function copyText(buffer: Buffer, text: string, offset: number): number {
  const length = text.length;
  if (length > SHORT_COPY_BYTES) return offset + latin1Write(buffer, text, offset);
  for (let index = 0; index < length; index++) buffer[offset + index] = text.charCodeAt(index);
  return offset + length;
}

/** Write a non-negative integer's decimal digits at `offset`; returns the offset after them. */
function writeDecimal(buffer: Buffer, value: number, offset: number): number {
  if (value < 10) {
    buffer[offset] = ZERO + value;
    return offset + 1;
  }
  const digits = String(value);
  for (let index = 0; index < digits.length; index++) buffer[offset + index] = digits.charCodeAt(index);
  return offset + digits.length;
}

/** Errors and status lines may not contain CR or LF: Redis replaces them with spaces. */
function oneLine(text: string): string {
  return /[\r\n]/.test(text) ? text.replace(/[\r\n]/g, ' ') : text;
}

export function writeReply(out: OutputBuffer, reply: Reply, protocol: ProtocolVersion): void {
  if (typeof reply === 'string') {
    out.bulk(reply);
    return;
  }
  if (typeof reply === 'number') {
    if (!Number.isInteger(reply)) throw new Error(`assertion: integer reply expected, got ${reply}`);
    out.ascii(`:${reply}\r\n`);
    return;
  }
  if (reply === null) {
    out.ascii(protocol === 3 ? '_\r\n' : '$-1\r\n');
    return;
  }
  if (Array.isArray(reply)) {
    writeAggregate(out, '*', reply, protocol);
    return;
  }
  if (typeof reply === 'bigint') {
    out.ascii(`:${reply}\r\n`);
    return;
  }
  if (reply instanceof Uint8Array) {
    out.ascii(`$${reply.length}\r\n`);
    out.bytes(reply);
    out.ascii('\r\n');
    return;
  }
  if (reply instanceof Status) {
    out.ascii(`+${oneLine(reply.text)}\r\n`);
  } else if (reply instanceof ErrorReply) {
    out.ascii(`-${oneLine(reply.text)}\r\n`);
  } else if (reply instanceof MapReply) {
    if (reply.entries.length % 2 !== 0) throw new Error('assertion: map reply with an odd number of entries');
    if (protocol === 3) {
      out.ascii(`%${reply.entries.length / 2}\r\n`);
      for (const item of reply.entries) writeReply(out, item, protocol);
    } else {
      writeAggregate(out, '*', reply.entries, protocol);
    }
  } else if (reply instanceof SetReply) {
    writeAggregate(out, protocol === 3 ? '~' : '*', reply.items, protocol);
  } else if (reply instanceof PushReply) {
    writeAggregate(out, protocol === 3 ? '>' : '*', reply.items, protocol);
  } else if (reply instanceof DoubleReply) {
    const text = reply.text ?? formatDouble(reply.value);
    if (protocol === 3) out.ascii(`,${text}\r\n`);
    else out.ascii(`$${text.length}\r\n${text}\r\n`);
  } else if (reply instanceof VerbatimReply) {
    if (protocol === 3) {
      out.ascii(`=${reply.text.length + 4}\r\n${reply.format}:`);
    } else {
      out.ascii(`$${reply.text.length}\r\n`);
    }
    out.ascii(reply.text);
    out.ascii('\r\n');
  } else if (reply instanceof BoolReply) {
    if (protocol === 3) out.ascii(reply.value ? '#t\r\n' : '#f\r\n');
    else out.ascii(reply.value ? ':1\r\n' : ':0\r\n');
  } else if (reply instanceof NullArray) {
    out.ascii(protocol === 3 ? '_\r\n' : '*-1\r\n');
  } else if (reply instanceof NoReply) {
    return;
  } else if (reply instanceof ReplySequence) {
    for (const item of reply.replies) writeReply(out, item, protocol);
  } else {
    throw new Error(`assertion: unknown reply value ${String(reply)}`);
  }
}

function writeAggregate(out: OutputBuffer, marker: string, items: readonly Reply[], protocol: ProtocolVersion): void {
  out.ascii(`${marker}${items.length}\r\n`);
  for (const item of items) writeReply(out, item, protocol);
}

/** Encode one reply to a single buffer (tests, MONITOR lines, one-off writes). */
export function encodeReply(reply: Reply, protocol: ProtocolVersion): Buffer {
  const out = new OutputBuffer();
  writeReply(out, reply, protocol);
  return Buffer.concat(out.take());
}
