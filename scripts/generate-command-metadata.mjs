#!/usr/bin/env node
/**
 * Generates server/src/commands/redis-metadata.ts: the key specs (COMMAND INFO) and the argument
 * docs, doc flags, history and deprecation (COMMAND DOCS) of every command and subcommand in
 * cairn's table, exactly as a running Redis 7.0 reports them.
 *
 * Usage: npm run gen:command-metadata -- [host] [port]    (default 127.0.0.1 6399)
 *    or: npm run build && node scripts/generate-command-metadata.mjs [host] [port]
 *
 * It only reads from that server (HELLO, COMMAND INFO, COMMAND DOCS). The command names come
 * from the compiled table in dist/, so build first. Plain Node, no dependencies.
 */
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TABLE_MODULE = `${ROOT}dist/server/src/commands/index.js`;
const OUTPUT = `${ROOT}server/src/commands/redis-metadata.ts`;
const EXPECTED_MAJOR_MINOR = '7.0.';
const REPLY_TIMEOUT_MS = 10_000;
const LINE_WIDTH = 120;

// ---- a minimal RESP3 client -----------------------------------------------------

/**
 * Parse one RESP3 value at offset. Strings are decoded as latin1 (one char per byte), as cairn
 * keeps them. Maps become { t: 'map', v: [key, value][] } so their order is kept.
 */
function parseValue(buffer, offset) {
  const lineEnd = buffer.indexOf('\r\n', offset, 'latin1');
  if (lineEnd === -1) return null;
  const marker = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('latin1', offset + 1, lineEnd);
  const next = lineEnd + 2;
  const aggregate = (count, wrap) => {
    const items = [];
    let position = next;
    for (let index = 0; index < count; index++) {
      const item = parseValue(buffer, position);
      if (item === null) return null;
      items.push(item.value);
      position = item.end;
    }
    return { value: wrap(items), end: position };
  };
  switch (marker) {
    case '+':
      return { value: { t: 'status', v: line }, end: next };
    case '-':
      return { value: { t: 'error', v: line }, end: next };
    case ':':
      return { value: { t: 'int', v: Number(line) }, end: next };
    case '_':
      return { value: { t: 'null' }, end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: { t: 'null' }, end: next };
      if (buffer.length < next + length + 2) return null;
      return { value: { t: 'bulk', v: buffer.toString('latin1', next, next + length) }, end: next + length + 2 };
    }
    case '*':
      if (Number(line) < 0) return { value: { t: 'null' }, end: next };
      return aggregate(Number(line), (items) => ({ t: 'array', v: items }));
    case '~':
      return aggregate(Number(line), (items) => ({ t: 'set', v: items }));
    case '%':
      return aggregate(Number(line) * 2, (items) => {
        const pairs = [];
        for (let index = 0; index < items.length; index += 2) pairs.push([items[index], items[index + 1]]);
        return { t: 'map', v: pairs };
      });
    default:
      throw new Error(`unexpected RESP marker ${JSON.stringify(marker)}`);
  }
}

function encodeCommand(argv) {
  const parts = [`*${argv.length}\r\n`];
  for (const arg of argv) parts.push(`$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

/** Connect and return call(...argv) => Promise<value>, and close(). */
function connect(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let buffered = Buffer.alloc(0);
    const waiting = [];
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (waiting.length > 0) {
        const parsed = parseValue(buffered, 0);
        if (parsed === null) break;
        buffered = buffered.subarray(parsed.end);
        waiting.shift().resolve(parsed.value);
      }
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', (error) => waiting.splice(0).forEach((entry) => entry.reject(error)));
      resolve({
        call: (...argv) =>
          new Promise((resolveCall, rejectCall) => {
            const timer = setTimeout(() => rejectCall(new Error(`no reply to ${argv.join(' ')}`)), REPLY_TIMEOUT_MS);
            waiting.push({
              resolve: (value) => (clearTimeout(timer), resolveCall(value)),
              reject: (error) => (clearTimeout(timer), rejectCall(error)),
            });
            socket.write(encodeCommand(argv));
          }),
        close: () => socket.end(),
      });
    });
  });
}

// ---- reading replies into metadata ------------------------------------------------

function fail(where, why) {
  throw new Error(`${where}: ${why}`);
}

/**
 * The fields of a RESP3 map as an object, after checking that every key is known and that the
 * keys come in the order given (Redis writes them in a fixed order, which introspection.ts follows).
 */
function fieldsOf(value, where, order) {
  if (value.t !== 'map') fail(where, `expected a map, got ${value.t}`);
  const out = {};
  let last = -1;
  for (const [key, field] of value.v) {
    const position = order.indexOf(key.v);
    if (position === -1) fail(where, `unknown field ${JSON.stringify(key.v)}: teach the generator and introspection.ts about it`);
    if (position <= last) fail(where, `field ${key.v} out of the expected order ${order.join(', ')}`);
    last = position;
    out[key.v] = field;
  }
  return out;
}

function text(value, where) {
  if (value.t !== 'bulk') fail(where, `expected a bulk string, got ${value.t}`);
  return value.v;
}

function integer(value, where) {
  if (value.t !== 'int') fail(where, `expected an integer, got ${value.t}`);
  return value.v;
}

/** A set of status words (key-spec flags, doc flags, argument flags). */
function statusWords(value, where, known) {
  if (value.t !== 'set') fail(where, `expected a set, got ${value.t}`);
  return value.v.map((item) => {
    if (item.t !== 'status' || !known.includes(item.v)) fail(where, `unexpected flag ${JSON.stringify(item)}`);
    return item.v;
  });
}

const KEY_SPEC_FLAGS = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags'];
const DOC_FLAGS = ['deprecated', 'syscmd'];
const ARGUMENT_FLAGS = ['optional', 'multiple', 'multiple_token'];
const ARGUMENT_TYPES = ['string', 'integer', 'double', 'key', 'pattern', 'unix-time', 'pure-token', 'oneof', 'block'];

function beginSearch(value, where) {
  const fields = fieldsOf(value, where, ['type', 'spec']);
  const type = text(fields.type, where);
  const spec = fields.spec;
  if (type === 'index') return { type, index: integer(fieldsOf(spec, where, ['index']).index, where) };
  if (type === 'keyword') {
    const keyword = fieldsOf(spec, where, ['keyword', 'startfrom']);
    return { type, keyword: text(keyword.keyword, where), startfrom: integer(keyword.startfrom, where) };
  }
  if (type === 'unknown' && spec.t === 'map' && spec.v.length === 0) return { type };
  return fail(where, `unexpected begin_search ${type}`);
}

function findKeys(value, where) {
  const fields = fieldsOf(value, where, ['type', 'spec']);
  const type = text(fields.type, where);
  const spec = fields.spec;
  if (type === 'range') {
    const range = fieldsOf(spec, where, ['lastkey', 'keystep', 'limit']);
    return { type, lastkey: integer(range.lastkey, where), keystep: integer(range.keystep, where), limit: integer(range.limit, where) };
  }
  if (type === 'keynum') {
    const keynum = fieldsOf(spec, where, ['keynumidx', 'firstkey', 'keystep']);
    return { type, keynumidx: integer(keynum.keynumidx, where), firstkey: integer(keynum.firstkey, where), keystep: integer(keynum.keystep, where) };
  }
  if (type === 'unknown' && spec.t === 'map' && spec.v.length === 0) return { type };
  return fail(where, `unexpected find_keys ${type}`);
}

function keySpec(value, where) {
  const fields = fieldsOf(value, where, ['notes', 'flags', 'begin_search', 'find_keys']);
  const out = {};
  if (fields.notes !== undefined) out.notes = text(fields.notes, where);
  out.flags = statusWords(fields.flags, where, KEY_SPEC_FLAGS);
  out.beginSearch = beginSearch(fields.begin_search, `${where} begin_search`);
  out.findKeys = findKeys(fields.find_keys, `${where} find_keys`);
  return out;
}

const ARGUMENT_FIELDS = ['name', 'type', 'key_spec_index', 'token', 'summary', 'since', 'deprecated_since', 'flags', 'arguments'];

function argument(value, where) {
  const fields = fieldsOf(value, where, ARGUMENT_FIELDS);
  const out = { name: text(fields.name, where), type: text(fields.type, where) };
  const at = `${where} ${out.name}`;
  if (!ARGUMENT_TYPES.includes(out.type)) fail(at, `unknown argument type ${out.type}`);
  if (fields.key_spec_index !== undefined) out.keySpecIndex = integer(fields.key_spec_index, at);
  if (fields.token !== undefined) out.token = text(fields.token, at);
  if (fields.summary !== undefined) out.summary = text(fields.summary, at);
  if (fields.since !== undefined) out.since = text(fields.since, at);
  if (fields.deprecated_since !== undefined) out.deprecatedSince = text(fields.deprecated_since, at);
  if (fields.flags !== undefined) out.flags = statusWords(fields.flags, at, ARGUMENT_FLAGS);
  if (fields.arguments !== undefined) out.arguments = argumentList(fields.arguments, at);
  return out;
}

function argumentList(value, where) {
  if (value.t !== 'array') fail(where, `expected an argument array, got ${value.t}`);
  return value.v.map((item) => argument(item, where));
}

function history(value, where) {
  if (value.t !== 'set') fail(where, `expected a set of history entries, got ${value.t}`);
  return value.v.map((entry) => {
    if (entry.t !== 'array' || entry.v.length !== 2) fail(where, 'a history entry is [version, description]');
    return [text(entry.v[0], where), text(entry.v[1], where)];
  });
}

const DOCS_FIELDS = [
  'summary', 'since', 'group', 'complexity', 'module', 'doc_flags', 'deprecated_since', 'replaced_by', 'history', 'arguments', 'subcommands',
];

/** The DOCS fields cairn takes from Redis (summary, since, group and complexity stay in the specs). */
function docs(value, where) {
  const fields = fieldsOf(value, where, DOCS_FIELDS);
  if (fields.module !== undefined) fail(where, 'a module command');
  const out = {};
  if (fields.doc_flags !== undefined) out.docFlags = statusWords(fields.doc_flags, where, DOC_FLAGS);
  if (fields.deprecated_since !== undefined) out.deprecatedSince = text(fields.deprecated_since, where);
  if (fields.replaced_by !== undefined) out.replacedBy = text(fields.replaced_by, where);
  if (fields.history !== undefined) out.history = history(fields.history, where);
  if (fields.arguments !== undefined) out.arguments = argumentList(fields.arguments, `${where} arguments`);
  return out;
}

// ---- writing TypeScript -------------------------------------------------------------

/** A single-quoted TypeScript string; bytes outside printable ASCII as \xNN (the strings are latin1). */
function quote(value) {
  let out = "'";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code > 0x7e) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/**
 * A value as a TypeScript literal: on one line when it fits (lead: the characters before it on
 * its line, a comma after it), otherwise one item per line.
 */
function literal(value, indent, lead) {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return String(value);
  const isArray = Array.isArray(value);
  const items = isArray ? value : Object.entries(value);
  if (items.length === 0) return isArray ? '[]' : '{}';
  const render = (item, depth, itemLead) => {
    if (isArray) return literal(item, depth, itemLead);
    const prefix = `${item[0]}: `;
    return `${prefix}${literal(item[1], depth, itemLead + prefix.length)}`;
  };
  const [open, close] = isArray ? ['[', ']'] : ['{ ', ' }'];
  const inline = `${open}${items.map((item) => render(item, indent, 0)).join(', ')}${close}`;
  if (!inline.includes('\n') && lead + inline.length + 1 <= LINE_WIDTH) return inline;
  const inner = `${indent}  `;
  const lines = items.map((item) => `${inner}${render(item, inner, inner.length)},`);
  return `${isArray ? '[' : '{'}\n${lines.join('\n')}\n${indent}${isArray ? ']' : '}'}`;
}

/** A union of string literal types, one per line. */
function union(words) {
  return words.map((word) => `\n  | ${quote(word)}`).join('');
}

const TYPES = `/** Key-spec flags, spelled as COMMAND INFO prints them. */
export type KeySpecFlag =${union(KEY_SPEC_FLAGS)};

/** Where the search for a key spec's keys begins. */
export type BeginSearch =
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'keyword'; readonly keyword: string; readonly startfrom: number }
  | { readonly type: 'unknown' };

/** How a key spec's keys are found from where the search began. */
export type FindKeys =
  | { readonly type: 'range'; readonly lastkey: number; readonly keystep: number; readonly limit: number }
  | { readonly type: 'keynum'; readonly keynumidx: number; readonly firstkey: number; readonly keystep: number }
  | { readonly type: 'unknown' };

/** One key spec of COMMAND INFO. */
export interface KeySpec {
  readonly notes?: string;
  readonly flags: readonly KeySpecFlag[];
  readonly beginSearch: BeginSearch;
  readonly findKeys: FindKeys;
}

/** Argument types of COMMAND DOCS. */
export type ArgumentType =${union(ARGUMENT_TYPES)};

/** Argument flags of COMMAND DOCS. */
export type ArgumentFlag =${union(ARGUMENT_FLAGS)};

/** One argument of COMMAND DOCS (oneof and block arguments nest their own). */
export interface CommandArgument {
  readonly name: string;
  readonly type: ArgumentType;
  readonly keySpecIndex?: number;
  readonly token?: string;
  readonly summary?: string;
  readonly since?: string;
  readonly deprecatedSince?: string;
  readonly flags?: readonly ArgumentFlag[];
  readonly arguments?: readonly CommandArgument[];
}

/** Doc flags of COMMAND DOCS. */
export type DocFlag =${union(DOC_FLAGS)};

/** The COMMAND DOCS fields taken from Redis (summary, since, group and complexity are in the specs). */
export interface CommandDocsMetadata {
  readonly docFlags?: readonly DocFlag[];
  readonly deprecatedSince?: string;
  readonly replacedBy?: string;
  readonly history?: readonly (readonly [version: string, description: string])[];
  readonly arguments?: readonly CommandArgument[];
}

/** What Redis reports about one command or subcommand. */
export interface CommandMetadata {
  readonly keySpecs: readonly KeySpec[];
  readonly docs: CommandDocsMetadata;
}
`;

function render(version, entries) {
  const lines = [
    '// GENERATED FILE, DO NOT EDIT BY HAND.',
    `// Generated by scripts/generate-command-metadata.mjs from Redis ${version} (COMMAND INFO and COMMAND DOCS).`,
    '// Regenerate: npm run gen:command-metadata -- [host] [port]    (a running Redis 7.0; default 127.0.0.1 6399)',
    '',
    '/**',
    ' * Redis 7.0 command metadata for the commands of cairn\'s table: key specs (COMMAND INFO) and',
    ' * argument docs, doc flags, history and deprecation (COMMAND DOCS), by full command name.',
    ' */',
    '',
    TYPES,
    '/** The Redis version the metadata was read from. */',
    `export const REDIS_METADATA_VERSION = ${quote(version)};`,
    '',
    '/** Metadata by full command name (`set`, `client|list`), sorted by name. */',
    'export const redisCommandMetadata: ReadonlyMap<string, CommandMetadata> = new Map<string, CommandMetadata>([',
  ];
  for (const [name, metadata] of entries) {
    const lead = `  [${quote(name)}, `;
    lines.push(`${lead}${literal(metadata, '  ', lead.length + 1)}],`);
  }
  lines.push(']);', '');
  return lines.join('\n');
}

// ---- main ------------------------------------------------------------------------------

/** Every full command name of cairn's compiled table, containers and subcommands. */
async function tableNames() {
  if (!existsSync(TABLE_MODULE)) throw new Error(`${TABLE_MODULE} is missing: run npm run build first`);
  const { allCommandSpecs } = await import(pathToFileURL(TABLE_MODULE).href);
  const names = [];
  for (const spec of allCommandSpecs) {
    names.push(spec.name);
    for (const sub of spec.subcommands ?? []) names.push(sub.name);
  }
  return names;
}

function mapEntries(value, where) {
  if (value.t !== 'map') fail(where, `expected a map, got ${value.t}`);
  return new Map(value.v.map(([key, field]) => [text(key, where), field]));
}

async function main() {
  const [host = '127.0.0.1', portText = '6399'] = process.argv.slice(2);
  const names = await tableNames();
  const client = await connect(host, Number(portText));
  try {
    const hello = mapEntries(await client.call('HELLO', '3'), 'HELLO 3');
    const version = text(hello.get('version'), 'HELLO version');
    if (!version.startsWith(EXPECTED_MAJOR_MINOR)) throw new Error(`${host}:${portText} runs Redis ${version}, not ${EXPECTED_MAJOR_MINOR}x`);
    const infos = await client.call('COMMAND', 'INFO', ...names);
    const docsByName = mapEntries(await client.call('COMMAND', 'DOCS', ...names), 'COMMAND DOCS');
    if (infos.t !== 'array' || infos.v.length !== names.length) throw new Error('COMMAND INFO: expected one entry per name');
    const entries = [];
    const missing = [];
    names.forEach((name, index) => {
      const info = infos.v[index];
      if (info.t === 'null') {
        missing.push(name);
        return;
      }
      if (info.t !== 'array' || text(info.v[0], name) !== name) fail(name, 'COMMAND INFO entry for another name');
      const keySpecs = info.v[8];
      if (keySpecs?.t !== 'set') fail(name, 'expected the key specs set as the 9th element');
      const documented = docsByName.get(name);
      if (documented === undefined) fail(name, 'in COMMAND INFO but not in COMMAND DOCS');
      entries.push([name, { keySpecs: keySpecs.v.map((spec, specIndex) => keySpec(spec, `${name} key spec ${specIndex}`)), docs: docs(documented, name) }]);
    });
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    writeFileSync(OUTPUT, render(version, entries), 'latin1');
    process.stdout.write(`wrote ${entries.length} commands to ${OUTPUT}\n`);
    if (missing.length > 0) process.stdout.write(`not in Redis ${version} (cairn-only): ${missing.join(', ')}\n`);
  } finally {
    client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`generate-command-metadata: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
