/** Placeholder for the hashes family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const hashCommands: readonly CommandSpec[] = [];
