/** Placeholder for the zset value type; its owner replaces this file. */
import type { CollectionValue } from './collection.js';

export class SortedSetValue implements CollectionValue {
  get size(): number {
    return 0;
  }
  clone(): SortedSetValue {
    return new SortedSetValue();
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
