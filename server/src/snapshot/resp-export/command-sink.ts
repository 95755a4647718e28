/**
 * Where the RESP export's commands go: each command is encoded as a RESP multibulk request
 * (`*<argc>`, then `$<length>` and the bytes of each argument) into an output buffer that is
 * handed to the caller's `write` in pieces once it holds FLUSH_BYTES, so memory stays bounded
 * by one flush plus the largest single argument.
 */
import { OutputBuffer } from '../../resp/writer.js';

/** Bytes buffered before they are handed to `write`: a few socket-sized chunks per call. */
const FLUSH_BYTES = 64 * 1024;

/** Receives the encoded stream in order; a returned promise is awaited before more is written (backpressure). */
export type ChunkWriter = (chunk: Buffer) => void | Promise<void>;

/** Encodes commands and passes the bytes on to a ChunkWriter. */
export class CommandSink {
  private readonly out = new OutputBuffer();
  /** Commands encoded so far (each gets one reply when loaded). */
  commands = 0;
  /** Bytes handed to `write` so far. */
  bytes = 0;

  constructor(private readonly write: ChunkWriter) {}

  /** Encode one command; every argument is a binary string (one char per byte). */
  command(argv: readonly string[]): void {
    if (argv.length === 0) throw new Error('assertion: a command needs a name');
    this.out.ascii(`*${argv.length}\r\n`);
    for (const argument of argv) this.out.bulk(argument);
    this.commands++;
  }

  /** True when enough is buffered that the caller should flush before encoding more. */
  get full(): boolean {
    return this.out.length >= FLUSH_BYTES;
  }

  /** Hand everything buffered to `write`, waiting for each returned promise. */
  async flush(): Promise<void> {
    for (const chunk of this.out.take()) {
      this.bytes += chunk.length;
      const pending = this.write(chunk);
      if (pending !== undefined) await pending;
    }
  }
}
