/** Placeholder for the list value type; its owner replaces this file. */
import type { CollectionValue } from './collection.js';

export class ListValue implements CollectionValue {
  get size(): number {
    return 0;
  }
  clone(): ListValue {
    return new ListValue();
  }
  encoding(): string {
    return 'unknown';
  }
  memoryBytes(_samples: number): number {
    return 0;
  }
  canonical(): unknown {
    return null;
  }
}
