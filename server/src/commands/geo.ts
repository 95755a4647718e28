/** Placeholder for the geo family; its owner replaces this file. */
import type { CommandSpec } from './spec.js';

export const geoCommands: readonly CommandSpec[] = [];
