/** info commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const infoCommands: readonly CommandSpec[] = [];
