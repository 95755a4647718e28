/** config commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const configCommands: readonly CommandSpec[] = [];
