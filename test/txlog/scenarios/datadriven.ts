/**
 * Datadriven test files in the spirit of cockroachdb/datadriven (used by etcd-io/raft): each case
 * is a command line, a `----` separator and the expected output, ended by a blank line. An
 * output that contains blank lines is fenced by a doubled separator:
 *
 *   command arg key=value
 *   ----
 *   ----
 *   output with
 *
 *   a blank line
 *   ----
 *   ----
 *
 * Lines starting with `#` outside a case are comments and are kept on rewrite. With REWRITE=1
 * the runner writes the actual outputs back into the file instead of comparing them.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** One parsed argument: `name` alone, or `name=value` (a value may list items with commas). */
export interface Argument {
  readonly key: string;
  readonly values: readonly string[];
}

/** One case of a file. */
export interface TestCase {
  /** 1-based line of the command, for messages. */
  readonly line: number;
  readonly command: string;
  readonly args: readonly Argument[];
  readonly expected: string;
}

/** Cases of one file: the text around them is kept as it is on rewrite. */
interface Parsed {
  readonly cases: TestCase[];
  /** Lines before each case (comments, blank lines); the last one follows the last case. */
  readonly gaps: string[][];
}

/** Lines one file may have: a bound for the parser loop. */
const fileLinesMax = 100_000;

const SEPARATOR = '----';

/** Parse a datadriven file's text. */
export function parseCases(text: string, fileName: string): Parsed {
  const lines = text.split('\n');
  if (lines.length > fileLinesMax) throw new Error(`${fileName}: more than ${fileLinesMax} lines`);
  const cases: TestCase[] = [];
  const gaps: string[][] = [];
  let gap: string[] = [];
  let position = 0;
  while (position < lines.length) {
    const line = lines[position] as string;
    if (line.trim() === '' || line.startsWith('#')) {
      gap.push(line);
      position++;
      continue;
    }
    const commandLine = position + 1;
    if (lines[position + 1] !== SEPARATOR) throw new Error(`${fileName}:${commandLine}: expected ${SEPARATOR} after the command`);
    const { output, next } = readOutput(lines, position + 2, fileName, commandLine);
    gaps.push(gap);
    gap = [];
    cases.push({ line: commandLine, ...parseCommand(line, fileName, commandLine), expected: output });
    position = next;
  }
  gaps.push(gap);
  return { cases, gaps };
}

function readOutput(lines: readonly string[], start: number, fileName: string, commandLine: number): { output: string; next: number } {
  if (lines[start] === SEPARATOR) {
    for (let end = start + 1; end < lines.length; end++) {
      if (lines[end] === SEPARATOR && lines[end + 1] === SEPARATOR) return { output: lines.slice(start + 1, end).join('\n'), next: end + 2 };
    }
    throw new Error(`${fileName}:${commandLine}: the fenced output is not closed by ${SEPARATOR} ${SEPARATOR}`);
  }
  let end = start;
  while (end < lines.length && (lines[end] as string).trim() !== '') end++;
  return { output: lines.slice(start, end).join('\n'), next: end };
}

function parseCommand(line: string, fileName: string, lineNumber: number): { command: string; args: Argument[] } {
  const words = line.trim().split(/\s+/);
  const command = words[0];
  if (command === undefined) throw new Error(`${fileName}:${lineNumber}: empty command`);
  const args = words.slice(1).map((word) => {
    const equals = word.indexOf('=');
    if (equals < 0) return { key: word, values: [] };
    return { key: word.slice(0, equals), values: word.slice(equals + 1).split(',') };
  });
  return { command, args };
}

/** The lines of a case with `output` as its expectation. */
function formatCase(testCase: TestCase, output: string): string[] {
  const commandLine = [testCase.command, ...testCase.args.map((arg) => (arg.values.length === 0 ? arg.key : `${arg.key}=${arg.values.join(',')}`))].join(' ');
  if (output === '') return [commandLine, SEPARATOR];
  const lines = output.split('\n');
  if (lines.some((line) => line.trim() === '')) return [commandLine, SEPARATOR, SEPARATOR, ...lines, SEPARATOR, SEPARATOR];
  return [commandLine, SEPARATOR, ...lines];
}

/** A case whose output differs from the file. */
export interface Mismatch {
  readonly line: number;
  readonly command: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Run every case of `path` through `run` (in order, same state throughout) and return the
 * mismatches; with `rewrite`, write the actual outputs into the file instead and return none.
 */
export async function runFile(path: string, run: (testCase: TestCase) => Promise<string>, rewrite: boolean): Promise<Mismatch[]> {
  const parsed = parseCases(readFileSync(path, 'utf8'), path);
  const mismatches: Mismatch[] = [];
  const outputs: string[] = [];
  for (const testCase of parsed.cases) {
    let actual: string;
    try {
      actual = (await run(testCase)).trimEnd();
    } catch (error) {
      throw new Error(`${path}:${testCase.line}: ${testCase.command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    outputs.push(actual);
    if (!rewrite && actual !== testCase.expected) mismatches.push({ line: testCase.line, command: testCase.command, expected: testCase.expected, actual });
  }
  if (rewrite) {
    const lines: string[] = [];
    parsed.cases.forEach((testCase, position) => {
      lines.push(...(parsed.gaps[position] as string[]), ...formatCase(testCase, outputs[position] as string));
    });
    lines.push(...(parsed.gaps[parsed.cases.length] as string[]));
    writeFileSync(path, lines.join('\n'));
  }
  return mismatches;
}
