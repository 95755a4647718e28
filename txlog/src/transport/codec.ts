/**
 * Conversion between the Raft core's types (numbers, Uint8Array) and the peer protocol's
 * (uint64 as bigint, Buffer). Encoding asserts what the core must never produce; decoding
 * treats its input as untrusted and returns an error value for anything malformed, so a bad
 * message is dropped by the transport and never reaches the core.
 */
import { RaftEntry, RaftMessage, RaftSnapshot } from '../../../proto/gen/txlog.js';
import { EntryType, type Entry, type Message, type MessageType, type Snapshot } from '../core/types.js';

const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>([
  'app',
  'appResp',
  'vote',
  'voteResp',
  'preVote',
  'preVoteResp',
  'heartbeat',
  'heartbeatResp',
  'snapshot',
  'timeoutNow',
]);

const ENTRY_TYPES: ReadonlySet<number> = new Set<number>(Object.values(EntryType));

/** A decoded message and the cluster it says it belongs to, or why it was refused. */
export type DecodeResult =
  | { readonly ok: true; readonly message: Message; readonly cluster: string }
  | { readonly ok: false; readonly error: string };

/** Thrown inside the decoder only; turned into a DecodeResult at its boundary. */
class DecodeError extends Error {}

/** A core number as a protocol uint64 (asserted: the core never produces anything else). */
export function toUint64(value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`assertion: ${value} is not a non-negative safe integer`);
  return BigInt(value);
}

/** A protocol uint64 as a core number, or undefined when it does not fit exactly in a double. */
export function fromUint64(value: bigint): number | undefined {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(value);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function assertNodeId(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`assertion: ${what} ${value} is not a uint32`);
  return value;
}

/** A core entry in protocol form. */
export function encodeEntry(entry: Entry): RaftEntry {
  return { term: toUint64(entry.term), index: toUint64(entry.index), type: entry.type, data: asBuffer(entry.data) };
}

/** A core snapshot in protocol form. */
export function encodeSnapshot(snapshot: Snapshot): RaftSnapshot {
  return {
    index: toUint64(snapshot.meta.index),
    term: toUint64(snapshot.meta.term),
    voters: snapshot.meta.voters.map((voter) => assertNodeId(voter, 'voter')),
    data: asBuffer(snapshot.data),
  };
}

/** A core message in protocol form, stamped with the sender's cluster id. */
export function encodeMessage(message: Message, cluster: string): RaftMessage {
  return {
    type: message.type,
    from: assertNodeId(message.from, 'from'),
    to: assertNodeId(message.to, 'to'),
    term: toUint64(message.term),
    logTerm: toUint64(message.logTerm),
    index: toUint64(message.index),
    entries: message.entries.map(encodeEntry),
    commit: toUint64(message.commit),
    reject: message.reject,
    rejectHint: toUint64(message.rejectHint),
    rejectHintTerm: toUint64(message.rejectHintTerm),
    snapshot: message.snapshot === null ? undefined : encodeSnapshot(message.snapshot),
    cluster,
  };
}

function number(value: bigint, field: string): number {
  const result = fromUint64(value);
  if (result === undefined) throw new DecodeError(`${field} ${value} is larger than 2^53-1`);
  return result;
}

function decodeEntry(raw: RaftEntry, position: number): Entry {
  if (!ENTRY_TYPES.has(raw.type)) throw new DecodeError(`entry ${position} has unknown type ${raw.type}`);
  const index = number(raw.index, `entry ${position} index`);
  if (index === 0) throw new DecodeError(`entry ${position} has index 0`);
  return { term: number(raw.term, `entry ${position} term`), index, type: raw.type as EntryType, data: raw.data };
}

function decodeSnapshot(raw: RaftSnapshot): Snapshot {
  if (raw.voters.some((voter) => voter === 0)) throw new DecodeError('snapshot names voter 0');
  return { meta: { index: number(raw.index, 'snapshot index'), term: number(raw.term, 'snapshot term'), voters: raw.voters }, data: raw.data };
}

function decodeEntries(raw: readonly RaftEntry[]): Entry[] {
  const entries = raw.map(decodeEntry);
  for (let position = 1; position < entries.length; position++) {
    const previous = entries[position - 1] as Entry;
    const entry = entries[position] as Entry;
    if (entry.index !== previous.index + 1) throw new DecodeError(`entry ${position} has index ${entry.index} after ${previous.index}`);
    if (entry.term < previous.term) throw new DecodeError(`entry ${position} has term ${entry.term} below ${previous.term}`);
  }
  return entries;
}

function decodeChecked(raw: RaftMessage): Message {
  if (!MESSAGE_TYPES.has(raw.type)) throw new DecodeError(`unknown message type '${raw.type.slice(0, 40)}'`);
  if (raw.from === 0) throw new DecodeError('message from node 0');
  if (raw.to === 0) throw new DecodeError('message to node 0');
  const type = raw.type as MessageType;
  if (type === 'snapshot' && raw.snapshot === undefined) throw new DecodeError('snapshot message without a snapshot');
  const entries = decodeEntries(raw.entries);
  const index = number(raw.index, 'index');
  if (type === 'app' && entries.length > 0 && (entries[0] as Entry).index !== index + 1) {
    throw new DecodeError(`append after index ${index} starts at ${(entries[0] as Entry).index}`);
  }
  return {
    type,
    from: raw.from,
    to: raw.to,
    term: number(raw.term, 'term'),
    logTerm: number(raw.logTerm, 'logTerm'),
    index,
    entries,
    commit: number(raw.commit, 'commit'),
    reject: raw.reject,
    rejectHint: number(raw.rejectHint, 'rejectHint'),
    rejectHintTerm: number(raw.rejectHintTerm, 'rejectHintTerm'),
    snapshot: raw.snapshot === undefined ? null : decodeSnapshot(raw.snapshot),
  };
}

/** A protocol message as a core message, or the reason it is refused (never throws). */
export function decodeMessage(raw: RaftMessage): DecodeResult {
  try {
    return { ok: true, message: decodeChecked(raw), cluster: raw.cluster };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, error: error.message };
    throw error;
  }
}
