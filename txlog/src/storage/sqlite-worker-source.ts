/**
 * The program of the SQLite worker thread, as source text. It is plain JavaScript run with
 * `new Worker(source, { eval: true })`, so it needs no build step (the same text runs from tsc's
 * output and under vitest), and it is deliberately dumb: it opens the file with the settings it is
 * given and runs each posted batch (statements and rows, checksums already computed) as one
 * transaction. Everything else (checks, checksums, recovery, the in-memory log) stays in the
 * main thread, in TypeScript.
 *
 * Messages in: { type: 'write', id, writes, arena, fail } (byte values are { start, end } places in
 * `arena`) and { type: 'close' }. Messages out:
 * { type: 'opened' }, { type: 'openFailed', message }, { type: 'written', id, error }. After one
 * failed batch every later batch is refused with that failure (never written).
 */

/** What the main thread passes to the worker. */
export interface SqliteWorkerData {
  /** Resolved path of better-sqlite3, so the worker loads the same module. */
  readonly driverPath: string;
  readonly file: string;
  readonly lockWaitMs: number;
  /** Distinct statements the worker keeps prepared (PREPARED_STATEMENTS_MAX). */
  readonly preparedStatementsMax: number;
  readonly pragmas: readonly { readonly set: string; readonly read: string; readonly expected: string | number }[];
}

/** A statement parameter as posted: a byte value is its place in the write's arena. */
export type PostedValue = number | string | { readonly start: number; readonly end: number };

/** One statement and its rows, as posted. */
export interface PostedWrite {
  readonly sql: string;
  readonly rows: readonly (readonly PostedValue[])[];
}

/** Source text of the worker thread's program. */
export const SQLITE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);

function describe(error) {
  const code = error && error.code ? ' (' + error.code + ')' : '';
  return (error && error.message ? error.message : String(error)) + code;
}

let db = null;
try {
  db = new Database(workerData.file, { timeout: workerData.lockWaitMs });
  for (const pragma of workerData.pragmas) {
    db.pragma(pragma.set);
    const actual = db.pragma(pragma.read, { simple: true });
    if (actual !== pragma.expected) throw new Error('PRAGMA ' + pragma.read + ' is ' + actual + ' after setting it, expected ' + pragma.expected);
  }
  parentPort.postMessage({ type: 'opened' });
} catch (error) {
  if (db !== null) db.close();
  db = null;
  parentPort.postMessage({ type: 'openFailed', message: describe(error) });
  parentPort.close();
}

let failure = null;
// Prepared once per SQL text: the main thread sends the same few statements over and over.
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    if (statements.size >= workerData.preparedStatementsMax) throw new Error('assertion: more than ' + workerData.preparedStatementsMax + ' distinct statements on one log connection');
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
const runBatch = (request) => {
  const arena = new Uint8Array(request.arena);
  const bind = (value) => (typeof value === 'object' ? arena.subarray(value.start, value.end) : value);
  for (const write of request.writes) {
    const statement = prepared(write.sql);
    for (const row of write.rows) statement.run(...row.map(bind));
  }
  if (request.fail !== null) throw new Error(request.fail);
};

if (db !== null) {
  parentPort.on('message', (request) => {
    if (request.type === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    if (failure === null) {
      try {
        db.transaction(runBatch)(request);
      } catch (error) {
        failure = describe(error);
      }
    }
    parentPort.postMessage({ type: 'written', id: request.id, error: failure });
  });
}
`;
