/** The SVG files of one report, collected while its markdown is written, then written next to it. */

export class Charts {
  readonly #files = new Map<string, string>();

  /** `directory` is the charts' folder relative to the markdown file (one path segment). */
  constructor(private readonly directory: string) {}

  /** Keeps one chart and returns the markdown that shows it. */
  add(fileName: string, svg: string, alt: string): string {
    if (this.#files.has(fileName)) throw new Error(`chart ${fileName} added twice`);
    this.#files.set(fileName, svg);
    const href = `${encodeURIComponent(this.directory)}/${encodeURIComponent(fileName)}`;
    return `![${alt.replaceAll('[', '(').replaceAll(']', ')')}](${href})`;
  }

  /** File name → SVG text, in the order they were added. */
  get files(): ReadonlyMap<string, string> {
    return this.#files;
  }
}
