/** strings commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const stringCommands: readonly CommandSpec[] = [];
