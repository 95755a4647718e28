/**
 * Helpers for the RESP export tests: export an Executor's keyspace to one buffer, and split a
 * RESP command stream back into argument lists.
 */
import { exportResp, type RespExportOptions, type RespExportSummary } from '../../server/src/snapshot/resp-export.js';
import type { Executor } from '../support/executor.js';

/** Export `executor`'s keyspace at its clock's time (unless options say otherwise) into one buffer. */
export async function exportToBuffer(executor: Executor, options: RespExportOptions = {}): Promise<{ stream: Buffer; summary: RespExportSummary }> {
  const chunks: Buffer[] = [];
  const summary = await exportResp(executor.state.keyspace, (chunk) => void chunks.push(Buffer.from(chunk)), {
    now: executor.state.nowMs(),
    ...options,
  });
  return { stream: Buffer.concat(chunks), summary };
}

/** The commands of a RESP multibulk stream as argument lists (binary strings); throws on anything else. */
export function parseCommands(stream: Buffer): string[][] {
  const commands: string[][] = [];
  let offset = 0;
  const line = (marker: string): number => {
    if (String.fromCharCode(stream[offset] as number) !== marker) throw new Error(`expected ${marker} at offset ${offset}`);
    const end = stream.indexOf('\r\n', offset, 'latin1');
    if (end < 0) throw new Error(`unterminated line at offset ${offset}`);
    const value = Number(stream.toString('latin1', offset + 1, end));
    offset = end + 2;
    return value;
  };
  while (offset < stream.length) {
    const count = line('*');
    const argv: string[] = [];
    for (let index = 0; index < count; index++) {
      const length = line('$');
      argv.push(stream.toString('latin1', offset, offset + length));
      if (stream.toString('latin1', offset + length, offset + length + 2) !== '\r\n') throw new Error(`bulk not followed by CRLF at offset ${offset + length}`);
      offset += length + 2;
    }
    commands.push(argv);
  }
  return commands;
}
