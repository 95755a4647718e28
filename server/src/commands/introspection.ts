/** introspection commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const introspectionCommands: readonly CommandSpec[] = [];
