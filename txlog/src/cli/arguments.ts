/** Parsing `--name value` options of the txlog commands. */

/** Options by name (without the dashes), or why the command line is refused. */
export type ParsedOptions = { readonly ok: true; readonly options: ReadonlyMap<string, string> } | { readonly ok: false; readonly error: string };

/** `--name value` pairs where every name is in `allowed`; `--help`/`-h` is returned as the option 'help'. */
export function parseOptions(args: readonly string[], allowed: readonly string[]): ParsedOptions {
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--help' || arg === '-h') {
      options.set('help', '');
      continue;
    }
    if (!arg.startsWith('--')) return { ok: false, error: `unexpected argument '${arg}'` };
    const name = arg.slice(2);
    if (!allowed.includes(name)) return { ok: false, error: `unknown option '${arg}'` };
    if (options.has(name)) return { ok: false, error: `option '${arg}' given twice` };
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `option '${arg}' needs a value` };
    options.set(name, value);
    index++;
  }
  return { ok: true, options };
}
