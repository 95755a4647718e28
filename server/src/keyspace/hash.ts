/** Placeholder for the hash value type; its owner replaces this file. */
import type { CollectionValue } from './collection.js';

export class HashValue implements CollectionValue {
  get size(): number {
    return 0;
  }
  clone(): HashValue {
    return new HashValue();
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
