/** Placeholder for the lists family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const listCommands: readonly CommandSpec[] = [];
