/**
 * What Redis's allocations cost under jemalloc on 64-bit Linux: size classes and sds strings.
 * MEMORY USAGE and OBJECT-style estimates model Redis's figures with these.
 */

/**
 * Bytes jemalloc hands out for an sds string of `length` bytes: header, bytes, terminator.
 * Keys use the smallest header (sdshdr5 below 32 bytes); values are never created as sdshdr5.
 */
export function sdsAllocationBytes(length: number, allowTiny = true): number {
  return allocationSize(sdsHeaderBytes(length, allowTiny) + length + 1);
}

/** Bytes of an sds header for a string of `length` bytes (sdshdr5 only where allowed). */
export function sdsHeaderBytes(length: number, allowTiny: boolean): number {
  if (length < 32 && allowTiny && length > 0) return 1;
  if (length < 2 ** 8) return 3;
  if (length < 2 ** 16) return 5;
  if (length < 2 ** 32) return 9;
  return 17;
}

/**
 * jemalloc's size class for a request: 8, then multiples of 16 up to 128, then four classes per
 * doubling (160, 192, 224, 256, 320, ...).
 */
export function allocationSize(bytes: number): number {
  if (bytes <= 8) return 8;
  if (bytes <= 128) return Math.ceil(bytes / 16) * 16;
  const spacing = 2 ** (highestBit(bytes - 1) - 2);
  return Math.ceil(bytes / spacing) * spacing;
}

/** Index of the highest set bit of a positive integer (exact also where Math.log2 rounds). */
function highestBit(value: number): number {
  if (value < 2 ** 31) return 31 - Math.clz32(value);
  let bit = Math.floor(Math.log2(value));
  if (2 ** bit > value) bit--;
  else if (2 ** (bit + 1) <= value) bit++;
  return bit;
}
