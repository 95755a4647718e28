/** The command lines of the `cairn snapshot` subcommands: positional arguments, `--name value` options, `--flag`s. */
import { parseHostPort, formatHostPort } from '../../txlog/src/node/addresses.js';
import { usageError } from './outcome.js';

/** What a subcommand accepts. */
export interface CommandSpec {
  /** Names of its positional arguments, all required (for messages: `FILE`). */
  readonly positionals: readonly string[];
  /** Options that take a value. */
  readonly options: readonly string[];
  /** Options without a value. */
  readonly flags: readonly string[];
}

/** A parsed command line. */
export interface CommandLine {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

/** Arguments a command line may have at most (a bound on the parse; real ones have a handful). */
const ARGUMENTS_MAX = 64;

/** Parse `args` against `spec`; throws a usage error (exit 2) saying what is wrong. */
export function parseCommandLine(args: readonly string[], spec: CommandSpec): CommandLine {
  if (args.length > ARGUMENTS_MAX) throw usageError(`too many arguments (${args.length}, at most ${ARGUMENTS_MAX})`);
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith('--') || arg === '--') {
      if (positionals.length === spec.positionals.length) throw usageError(`unexpected argument '${arg}'`);
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (options.has(name) || flags.has(name)) throw usageError(`option '${arg}' given twice`);
    if (spec.flags.includes(name)) {
      flags.add(name);
      continue;
    }
    if (!spec.options.includes(name)) throw usageError(`unknown option '${arg}'`);
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) throw usageError(`option '${arg}' needs a value`);
    options.set(name, value);
    index++;
  }
  if (positionals.length < spec.positionals.length) throw usageError(`give ${spec.positionals.slice(positionals.length).join(' ')}`);
  return { positionals, options, flags };
}

/** The addresses of `--log HOST:PORT,...`; throws a usage error for a bad one. */
export function logAddresses(text: string): string[] {
  const addresses: string[] = [];
  for (const item of text.split(',')) {
    const address = parseHostPort(item);
    if (typeof address === 'string') throw usageError(`--log: ${address}`);
    addresses.push(formatHostPort(address));
  }
  return addresses;
}

/** An integer option in `min..max`, or `fallback` when absent; throws a usage error otherwise. */
export function integerOption(line: CommandLine, name: string, fallback: number, min: number, max: number): number {
  const text = line.options.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) throw usageError(`--${name} must be an integer in ${min}..${max}, not '${text}'`);
  return value;
}
