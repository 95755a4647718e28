/** Placeholder for the stream value type; its owner replaces this file. */
import type { CollectionValue } from './collection.js';

export class StreamValue implements CollectionValue {
  get size(): number {
    return 0;
  }
  clone(): StreamValue {
    return new StreamValue();
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
