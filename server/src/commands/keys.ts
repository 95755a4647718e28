/** keys commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const keyCommands: readonly CommandSpec[] = [];
