/** bitmaps commands (placeholder: being written). */
import type { CommandSpec } from './spec.js';

export const bitmapCommands: readonly CommandSpec[] = [];
