/** Placeholder for the set value type; its owner replaces this file. */
import type { CollectionValue } from './collection.js';

export class SetValue implements CollectionValue {
  get size(): number {
    return 0;
  }
  clone(): SetValue {
    return new SetValue();
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
