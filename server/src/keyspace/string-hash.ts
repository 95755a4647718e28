/** The hash the keyspace's own hash tables (large hashes, sorted-set member index) place strings with. */

/** A seeded 32-bit hash of a binary string (multiply-xorshift per byte, murmur3's finalizer). */
export function hashString(text: string, seed: number): number {
  let hash = seed | 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  hash ^= length;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
