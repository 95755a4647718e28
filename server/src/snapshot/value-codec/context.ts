/** What decoding values needs from the loader. */

/** Seeds for the hash tables of loaded hashes and sorted sets (as the commands draw them from the server's randomness). */
export interface DecodeContext {
  /** A 32-bit seed. */
  seed(): number;
}

/** A DecodeContext drawing seeds from `random` (uniform in [0, 1)). */
export function decodeContext(random: () => number): DecodeContext {
  return { seed: () => Math.floor(random() * 2 ** 32) };
}
