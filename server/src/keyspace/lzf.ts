/**
 * LZF compression as Redis 7.0 builds liblzf 3.6 (lzf_c.c, lzf_d.c with HLOG 16, VERY_FAST, CHECK_INPUT),
 * for DUMP payloads and RDB strings: the compressor reproduces Redis's output byte for byte (with
 * its hash table starting empty), the decompressor accepts any valid LZF stream.
 *
 * Format: `000LLLLL` + L+1 literal bytes; `LLLooooo oooooooo` a back reference of L+2 bytes at
 * distance o+1; `111ooooo LLLLLLLL oooooooo` the same with length L+9.
 */

const HASH_LOG = 16;
const HASH_SIZE = 1 << HASH_LOG;
const LITERAL_RUN_MAX = 1 << 5;
const OFFSET_MAX = 1 << 13;
const REFERENCE_MAX = (1 << 8) + (1 << 3);
/** Largest expansion of LZF: a 3-byte back reference yields at most 264 bytes. */
const EXPANSION_MAX = 88;
/** Characters converted per String.fromCharCode call (stays far below the argument limit). */
const CHARS_PER_CALL = 8192;

/** The hash of the next three bytes as lzf_c.c computes it (IDX of NEXT), from the running value. */
function slotOf(hash: number): number {
  return ((hash >>> (3 * 8 - HASH_LOG)) - Math.imul(hash, 5)) & (HASH_SIZE - 1);
}

/**
 * lzf_compress: compress the binary string `input` into at most `outputMax` bytes. Returns the
 * compressed bytes as a binary string, or null when they would not fit (Redis then stores the
 * string uncompressed).
 */
export function lzfCompress(input: string, outputMax: number): string | null {
  const inputEnd = input.length;
  if (inputEnd === 0 || outputMax <= 0) return null;
  const table = new Int32Array(HASH_SIZE);
  const output = new Uint8Array(outputMax + 4);
  const byteAt = (index: number) => input.charCodeAt(index);
  let inputAt = 0;
  let outputAt = 1; // the first literal run's length byte
  let literals = 0;
  let hash = (byteAt(0) << 8) | byteAt(1);
  for (let steps = 0; inputAt < inputEnd - 2 && steps < inputEnd; steps++) {
    hash = ((hash << 8) | byteAt(inputAt + 2)) >>> 0;
    const slot = slotOf(hash);
    const reference = table[slot] as number;
    table[slot] = inputAt;
    const offset = inputAt - reference - 1;
    if (
      reference > 0 &&
      offset < OFFSET_MAX &&
      byteAt(reference) === byteAt(inputAt) &&
      byteAt(reference + 1) === byteAt(inputAt + 1) &&
      byteAt(reference + 2) === byteAt(inputAt + 2)
    ) {
      output[outputAt - literals - 1] = (literals - 1) & 0xff; // close the literal run
      if (literals === 0) outputAt--; // no literals: drop the run's length byte
      if (outputAt + 3 + 1 >= outputMax) return null;
      const length = matchLength(input, reference, inputAt) - 2;
      inputAt++;
      if (length < 7) {
        output[outputAt++] = (offset >> 8) + (length << 5);
      } else {
        output[outputAt++] = (offset >> 8) + (7 << 5);
        output[outputAt++] = length - 7;
      }
      output[outputAt++] = offset & 0xff;
      literals = 0;
      outputAt++; // the next literal run's length byte
      inputAt += length + 1;
      if (inputAt >= inputEnd - 2) break;
      inputAt -= 2; // VERY_FAST: hash the last two positions of the match
      hash = (byteAt(inputAt) << 8) | byteAt(inputAt + 1);
      hash = ((hash << 8) | byteAt(inputAt + 2)) >>> 0;
      table[slotOf(hash)] = inputAt++;
      hash = ((hash << 8) | byteAt(inputAt + 2)) >>> 0;
      table[slotOf(hash)] = inputAt++;
    } else {
      if (outputAt >= outputMax) return null;
      literals++;
      output[outputAt++] = byteAt(inputAt++);
      if (literals === LITERAL_RUN_MAX) {
        output[outputAt - literals - 1] = literals - 1;
        literals = 0;
        outputAt++;
      }
    }
  }
  if (outputAt + 3 > outputMax) return null;
  while (inputAt < inputEnd) {
    literals++;
    output[outputAt++] = byteAt(inputAt++);
    if (literals === LITERAL_RUN_MAX) {
      output[outputAt - literals - 1] = literals - 1;
      literals = 0;
      outputAt++;
    }
  }
  output[outputAt - literals - 1] = (literals - 1) & 0xff;
  if (literals === 0) outputAt--;
  if (outputAt > outputMax) return null;
  return bytesToBinary(output, outputAt);
}

/**
 * How far the bytes at `reference` and `at` agree, as lzf_c.c measures it: its loop unrolled by
 * 16 may run past `maxlen` by up to two bytes when the input ends right after, and so does this.
 */
function matchLength(input: string, reference: number, at: number): number {
  let length = 2;
  const lengthMax = Math.min(input.length - at - length, REFERENCE_MAX);
  if (lengthMax > 16) {
    for (let unrolled = 0; unrolled < 16; unrolled++) {
      length++;
      if (input.charCodeAt(reference + length) !== input.charCodeAt(at + length)) return length;
    }
  }
  do length++;
  while (length < lengthMax && input.charCodeAt(reference + length) === input.charCodeAt(at + length));
  return length;
}

/**
 * lzf_decompress: expand `input` (a binary string) to exactly `length` bytes. Returns null when
 * the stream is corrupt or does not expand to that length.
 */
export function lzfDecompress(input: string, length: number): string | null {
  if (length <= 0 || length > input.length * EXPANSION_MAX) return null;
  const output = new Uint8Array(length);
  const inputEnd = input.length;
  let inputAt = 0;
  let outputAt = 0;
  while (inputAt < inputEnd) {
    const control = input.charCodeAt(inputAt++);
    if (control < 32) {
      const count = control + 1;
      if (outputAt + count > length || inputAt + count > inputEnd) return null;
      for (let index = 0; index < count; index++) output[outputAt++] = input.charCodeAt(inputAt++);
      continue;
    }
    let count = control >> 5;
    if (inputAt >= inputEnd) return null;
    if (count === 7) {
      count += input.charCodeAt(inputAt++);
      if (inputAt >= inputEnd) return null;
    }
    const reference = outputAt - ((control & 0x1f) << 8) - 1 - input.charCodeAt(inputAt++);
    if (outputAt + count + 2 > length || reference < 0) return null;
    for (let index = 0; index < count + 2; index++) output[outputAt++] = output[reference + index] as number;
  }
  return outputAt === length ? bytesToBinary(output, length) : null;
}

/** The first `length` bytes as a binary string (one char per byte). */
function bytesToBinary(bytes: Uint8Array, length: number): string {
  let text = '';
  for (let start = 0; start < length; start += CHARS_PER_CALL) {
    text += String.fromCharCode(...bytes.subarray(start, Math.min(length, start + CHARS_PER_CALL)));
  }
  return text;
}
