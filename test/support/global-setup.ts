/** vitest globalSetup: build the CLI once before any process test runs. */
import { ensureBuilt } from './build.js';

export default function setup(): void {
  ensureBuilt();
}
