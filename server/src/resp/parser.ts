/**
 * Incremental RESP request parser: multibulk (`*N\r\n$L\r\n...`) and inline commands, correct for
 * any split of the byte stream. Pure: bytes in, commands out. Arguments are binary strings
 * (latin1, one char per byte). Nothing is allocated from a declared length, so a client can only
 * make the parser hold bytes it actually sent.
 */
import { limits } from '../config/limits.js';

export interface ParserOptions {
  /** proto-max-bulk-len: the largest bulk argument accepted. */
  bulkBytesMax: number;
  /** client-query-buffer-limit: the most bytes one pending command may hold. */
  queryBytesMax: number;
}

export type ParseResult =
  | { kind: 'command'; argv: string[] }
  | { kind: 'error'; message: string } // protocol error: reply `-ERR Protocol error: <message>` and close
  | { kind: 'overflow' }; // query buffer limit: close without a reply, as Redis

/** Buffer's own latin1 decoder, skipping toString's argument checks on the per-argument path. */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
function latin1(buffer: Buffer, start: number, end: number): string {
  return nativeLatin1Slice === undefined ? buffer.toString('latin1', start, end) : nativeLatin1Slice.call(buffer, start, end);
}

const CR = 13;
const LF = 10;

type State = 'start' | 'bulkHeader' | 'bulkBody';

export class RequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  private state: State = 'start';
  private argv: string[] = [];
  private argumentsLeft = 0;
  private bulkLength = 0;
  private bulkParts: Buffer[] = [];
  private bulkPartsBytes = 0;
  private heldBytes = 0;
  private failed = false;

  constructor(private readonly options: ParserOptions) {}

  /** Bytes received and not yet returned as commands. */
  get bufferedBytes(): number {
    return this.buffer.length - this.position + this.bulkPartsBytes;
  }

  feed(chunk: Buffer): void {
    if (this.failed) return;
    if (this.position >= this.buffer.length) {
      this.buffer = chunk;
    } else {
      this.buffer = Buffer.concat([this.buffer.subarray(this.position), chunk]);
    }
    this.position = 0;
  }

  /** The next complete command, a protocol error, or null when more bytes are needed. */
  next(): ParseResult | null {
    if (this.failed) return null;
    while (true) {
      if (this.state === 'start') {
        if (this.position >= this.buffer.length) return null;
        const result = this.buffer[this.position] === 42 /* * */ ? this.multibulkHeader() : this.inline();
        if (result === 'more') return null;
        if (result === 'skip') continue;
        if (result !== 'continue') return this.fail(result);
      }
      if (this.state === 'bulkHeader') {
        const result = this.bulkHeader();
        if (result === 'more') return null;
        if (result !== 'continue') return this.fail(result);
      }
      if (this.state === 'bulkBody') {
        const result = this.bulkBody();
        if (result === 'more') return null;
        if (result !== 'continue') return this.fail(result);
      }
      if (this.state === 'start' && this.argumentsLeft === 0 && this.argv.length > 0) {
        const argv = this.argv;
        this.argv = [];
        this.heldBytes = 0;
        return { kind: 'command', argv };
      }
    }
  }

  private fail(result: ParseResult): ParseResult {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    this.position = 0;
    this.bulkParts = [];
    this.argv = [];
    return result;
  }

  /**
   * Redis finds a header line by its first CR and requires one more byte after it (the LF, not
   * checked). Returns the CR's index, -1 when more bytes are needed.
   */
  private findLineEnd(from: number): number {
    const cr = this.findByte(CR, from);
    if (cr === -1 || cr + 1 >= this.buffer.length) return -1;
    return cr;
  }

  /**
   * The first `byte` at or after `from`, as Redis's strchr finds it: a NUL byte before it hides
   * it (-1), so such a line waits for more bytes until it is too long, exactly as in Redis.
   */
  private findByte(byte: number, from: number): number {
    const buffer = this.buffer;
    const length = buffer.length;
    for (let index = from; index < length; index++) {
      const current = buffer[index] as number;
      if (current === byte) return index;
      if (current === 0) return -1;
    }
    return -1;
  }

  private inline(): 'more' | 'skip' | 'continue' | ParseResult {
    const newline = this.findByte(LF, this.position);
    if (newline === -1) {
      if (this.buffer.length - this.position > limits.inlineBytesMax) {
        return { kind: 'error', message: 'too big inline request' };
      }
      return 'more';
    }
    if (newline - this.position > limits.inlineBytesMax) {
      return { kind: 'error', message: 'too big inline request' };
    }
    let end = newline;
    if (end > this.position && this.buffer[end - 1] === CR) end--;
    const line = this.buffer.toString('latin1', this.position, end);
    this.position = newline + 1;
    const words = splitInlineArguments(line);
    if (words === null) return { kind: 'error', message: 'unbalanced quotes in request' };
    if (words.length === 0) return 'skip';
    this.argv = words;
    this.argumentsLeft = 0;
    return 'continue';
  }

  private multibulkHeader(): 'more' | 'skip' | 'continue' | ParseResult {
    const lineEnd = this.findLineEnd(this.position);
    if (lineEnd === -1) {
      if (this.buffer.length - this.position > limits.inlineBytesMax) {
        return { kind: 'error', message: 'too big mbulk count string' };
      }
      return 'more';
    }
    const count = parseLength(this.buffer, this.position + 1, lineEnd);
    this.position = lineEnd + 2;
    if (count === null || count > limits.multibulkCountMax) {
      return { kind: 'error', message: 'invalid multibulk length' };
    }
    if (count <= 0) return 'skip';
    this.argumentsLeft = count;
    this.argv = [];
    this.heldBytes = 0;
    this.state = 'bulkHeader';
    return 'continue';
  }

  private bulkHeader(): 'more' | 'continue' | ParseResult {
    if (this.position >= this.buffer.length) return 'more';
    const lineEnd = this.findLineEnd(this.position);
    if (lineEnd === -1) {
      if (this.buffer.length - this.position > limits.inlineBytesMax) {
        return { kind: 'error', message: 'too big bulk count string' };
      }
      return 'more';
    }
    const marker = this.buffer[this.position] as number;
    if (marker !== 36 /* $ */) {
      return { kind: 'error', message: `expected '$', got '${String.fromCharCode(marker)}'` };
    }
    const length = parseLength(this.buffer, this.position + 1, lineEnd);
    this.position = lineEnd + 2;
    if (length === null || length < 0 || length > this.options.bulkBytesMax || length > limits.stringBytesMax) {
      return { kind: 'error', message: 'invalid bulk length' };
    }
    this.bulkLength = length;
    this.state = 'bulkBody';
    return 'continue';
  }

  private bulkBody(): 'more' | 'continue' | ParseResult {
    const needed = this.bulkLength + 2;
    const available = this.buffer.length - this.position;
    if (this.bulkParts.length === 0 && available >= needed) {
      this.argv.push(latin1(this.buffer, this.position, this.position + this.bulkLength));
      this.position += needed;
      return this.argumentDone();
    }
    // A bulk split across reads: keep the pieces, join them once complete.
    const take = Math.min(available, needed - this.bulkPartsBytes);
    if (take > 0) {
      this.bulkParts.push(this.buffer.subarray(this.position, this.position + take));
      this.bulkPartsBytes += take;
      this.position += take;
    }
    if (this.heldBytes + this.bulkPartsBytes > this.options.queryBytesMax) return { kind: 'overflow' };
    if (this.bulkPartsBytes < needed) {
      // Release the consumed read buffer so the parts are the only copies held.
      this.buffer = Buffer.alloc(0);
      this.position = 0;
      return 'more';
    }
    const whole = Buffer.concat(this.bulkParts, this.bulkPartsBytes);
    this.bulkParts = [];
    this.bulkPartsBytes = 0;
    this.argv.push(latin1(whole, 0, this.bulkLength));
    return this.argumentDone();
  }

  private argumentDone(): 'continue' | ParseResult {
    this.heldBytes += this.bulkLength + limits.argumentOverheadBytes;
    if (this.heldBytes > this.options.queryBytesMax) return { kind: 'overflow' };
    this.argumentsLeft--;
    this.state = this.argumentsLeft === 0 ? 'start' : 'bulkHeader';
    return 'continue';
  }
}

/** Redis's string2ll over a header line; null when not a valid integer. */
function parseLength(buffer: Buffer, start: number, end: number): number | null {
  if (end <= start || end - start > 20) return null;
  if (end - start === 1 && buffer[start] === 48) return 0; // "0" itself; "-0" is not an integer
  let index = start;
  let negative = false;
  if (buffer[index] === 45) {
    negative = true;
    index++;
    if (index === end) return null;
  }
  if (buffer[index] === 48) return null;
  let value = 0;
  for (; index < end; index++) {
    const digit = (buffer[index] as number) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  if (value > Number.MAX_SAFE_INTEGER) return null;
  return negative ? -value : value;
}

/**
 * Redis's sdssplitargs: words separated by spaces; "double quotes" with \n \r \t \b \a \\ \" and
 * \xHH escapes; 'single quotes' with only \' escaped. A closing quote must be followed by a space
 * or the end. Returns null for unbalanced quotes.
 */
export function splitInlineArguments(text: string): string[] | null {
  const nul = text.indexOf('\0');
  const line = nul === -1 ? text : text.slice(0, nul); // sdssplitargs reads a C string
  const words: string[] = [];
  let index = 0;
  const length = line.length;
  while (true) {
    while (index < length && isSpace(line.charCodeAt(index))) index++;
    if (index >= length) return words;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      if (inDouble) {
        if (index >= length) return null;
        const char = line[index] as string;
        if (char === '\\' && line[index + 1] === 'x' && isHex(line[index + 2]) && isHex(line[index + 3])) {
          current += String.fromCharCode(parseInt(line.slice(index + 2, index + 4), 16));
          index += 3;
        } else if (char === '\\' && index + 1 < length) {
          index++;
          const escaped = line[index] as string;
          current += ESCAPES[escaped] ?? escaped;
        } else if (char === '"') {
          if (index + 1 < length && !isSpace(line.charCodeAt(index + 1))) return null;
          done = true;
        } else {
          current += char;
        }
      } else if (inSingle) {
        if (index >= length) return null;
        const char = line[index] as string;
        if (char === '\\' && line[index + 1] === "'") {
          index++;
          current += "'";
        } else if (char === "'") {
          if (index + 1 < length && !isSpace(line.charCodeAt(index + 1))) return null;
          done = true;
        } else {
          current += char;
        }
      } else {
        if (index >= length) {
          done = true;
          break;
        }
        const char = line[index] as string;
        if (endsWord(line.charCodeAt(index))) {
          done = true;
        } else if (char === '"') {
          inDouble = true;
        } else if (char === "'") {
          inSingle = true;
        } else {
          current += char;
        }
      }
      if (index < length) index++;
    }
    words.push(current);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/** C isspace: separates words and must follow a closing quote. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** What ends an unquoted word in sdssplitargs: space, LF, CR, tab (not VT or FF). */
function endsWord(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isHex(char: string | undefined): boolean {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char);
}
