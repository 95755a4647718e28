/** Placeholder for the sets family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const setCommands: readonly CommandSpec[] = [];
