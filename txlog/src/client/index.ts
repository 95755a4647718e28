/**
 * The transaction log's client library: what cairn servers and the CLI import.
 *
 *   const client = new TxlogClient(['127.0.0.1:7001', '127.0.0.1:7002', '127.0.0.1:7003']);
 *   const writer = LogWriter.start(client, { afterId: lastSeenId });
 *   const outcome = await writer.append([{ kind: 'data', payload }]); // committed | rejected | unknown
 *   for await (const record of client.tail(fromId)) apply(record);
 */
export { TxlogClient, type NodeStatusAnswer, type RecordSnapshotOutcome } from './txlog-client.js';
export { LogWriter, type LogWriterOptions, type AppendOutcome } from './log-writer.js';
export { TxlogError, type TxlogErrorCode } from './errors.js';
export type { LeaseView, LogRecord, LogRecordKind, NodeRole, NodeStatus, PeerView, SnapshotView, TailedRecord } from './codec.js';
export type { TxlogClientOptions } from './settings.js';
export type { Scheduler } from './scheduler.js';
