/** server-admin commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const serverCommands: readonly CommandSpec[] = [];
