/**
 * Raft messages and entries as short readable lines, shared by the simulator's trace and the
 * datadriven scenarios: an entry is `term/index "data"` (data shown as text, cut after a few
 * dozen characters), a message's log position `log=term/index`.
 */
import { LeaseClaim, LeaseRenewal, LogCommand, RecordKind, type Record as LogRecord } from '../../proto/gen/txlog.js';
import type { Entry, Message } from '../../txlog/src/core/types.js';

/** How entry data is shown: as text (scenarios) or decoded as a LogCommand (the simulator). */
export type DataFormat = (data: Uint8Array) => string;

/** Characters of entry data shown before it is cut. */
const dataCharsMax = 40;

const decoder = new TextDecoder();

/** Data as quoted text, cut after a few dozen characters. */
export function dataAsText(data: Uint8Array): string {
  const text = decoder.decode(data).replace(/[^\x20-\x7e]/g, '.');
  return `"${text.length > dataCharsMax ? `${text.slice(0, dataCharsMax)}...` : text}"`;
}

/**
 * Data as the LogCommand it holds: `append seq=S prev=P [keys]`, `trim before=B`,
 * `record-snapshot id=I answers=S`, `request-snapshot`, or `noop`.
 */
export function dataAsCommand(data: Uint8Array): string {
  if (data.length === 0) return 'noop';
  const command = LogCommand.decode(data).command;
  if (command?.$case === 'trim') return `trim before=${command.value.beforeId}`;
  if (command?.$case === 'recordSnapshot') return `record-snapshot id=${command.value.recordId} answers=${command.value.answersRequestSeq}`;
  if (command?.$case === 'requestSnapshot') return 'request-snapshot';
  if (command?.$case !== 'append') return 'empty command';
  const request = command.value;
  return `append seq=${request.requestSeq} prev=${request.expectedPrevId} [${request.records.map(recordKey).join(' ')}]`;
}

/** The key the simulator knows a record by: its text for data, kind and holder for lease records. */
export function recordKey(record: LogRecord): string {
  switch (record.kind) {
    case RecordKind.RECORD_KIND_LEASE_CLAIM: {
      const claim = LeaseClaim.decode(record.payload);
      return `claim:${claim.holder}@${claim.address}`;
    }
    case RecordKind.RECORD_KIND_LEASE_RENEWAL:
      return `renewal:${LeaseRenewal.decode(record.payload).holder}`;
    default:
      return decoder.decode(record.payload);
  }
}

/** An entry as `term/index data`. */
export function formatEntry(entry: Entry, data: DataFormat = dataAsText): string {
  return `${entry.term}/${entry.index} ${data(entry.data)}`;
}

/** A message with the fields that matter for its type. */
export function formatMessage(message: Message, data: DataFormat = dataAsText): string {
  const head = `${message.from}->${message.to} ${message.type} term=${message.term}`;
  switch (message.type) {
    case 'app':
      return `${head} log=${message.logTerm}/${message.index} commit=${message.commit} entries=[${message.entries.map((entry) => formatEntry(entry, data)).join(', ')}]`;
    case 'appResp':
      return message.reject ? `${head} index=${message.index} reject hint=${message.rejectHintTerm}/${message.rejectHint}` : `${head} index=${message.index}`;
    case 'vote':
    case 'preVote':
      return `${head} log=${message.logTerm}/${message.index}`;
    case 'voteResp':
    case 'preVoteResp':
      return message.reject ? `${head} reject` : `${head} granted`;
    case 'heartbeat':
      return `${head} commit=${message.commit}`;
    case 'snapshot':
      return `${head} snapshot=${message.snapshot?.meta.term}/${message.snapshot?.meta.index}`;
    case 'heartbeatResp':
    case 'timeoutNow':
      return head;
  }
}
