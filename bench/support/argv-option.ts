/** The single benchmarks' command lines: `--name value` pairs read from process.argv. */

/** The value after `--name` on the command line, or `fallback` when it is absent (or has no value). */
export function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}
