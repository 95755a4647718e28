/** Placeholder for the sort family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const sortCommands: readonly CommandSpec[] = [];
