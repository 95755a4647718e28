/** client commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const clientCommands: readonly CommandSpec[] = [];
