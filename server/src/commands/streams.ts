/** Placeholder for the streams family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const streamCommands: readonly CommandSpec[] = [];
