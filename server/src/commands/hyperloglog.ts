/** Placeholder for the hyperloglog family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const hyperloglogCommands: readonly CommandSpec[] = [];
