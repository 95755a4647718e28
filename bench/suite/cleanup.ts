/**
 * What the suite must undo on any exit, Ctrl-C included: stop functions of the systems it started
 * (each kills only its own processes, by pid) and scratch directories. Registered as soon as a
 * thing exists, removed once it was undone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class Cleanup {
  private readonly stops = new Set<() => Promise<void>>();

  /** Registers `stop`; the returned function runs it once and unregisters it. */
  add(stop: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | null = null;
    const once = () => {
      done ??= stop().finally(() => this.stops.delete(once));
      return done;
    };
    this.stops.add(once);
    return once;
  }

  /** A fresh scratch directory under the system's temporary directory, removed at clean-up. */
  scratch(name: string): { readonly dir: string; readonly remove: () => Promise<void> } {
    const dir = mkdtempSync(path.join(os.tmpdir(), `cairn-bench-suite-${name}-`));
    const remove = this.add(async () => rmSync(dir, { recursive: true, force: true }));
    return { dir, remove };
  }

  /** Runs every registered stop (processes first: they were registered after their directories). */
  async runAll(): Promise<void> {
    const pending = [...this.stops].reverse();
    for (const stop of pending) {
      try {
        await stop();
      } catch (error) {
        process.stderr.write(`clean-up: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}
