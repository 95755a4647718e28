/** Placeholder for the sorted-sets family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const sortedSetCommands: readonly CommandSpec[] = [];
