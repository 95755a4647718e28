/**
 * HyperLogLog over string values, byte for byte as Redis 7.0's hyperloglog.c, so values move
 * between cairn and Redis unchanged and counts agree exactly.
 *
 * A value is the `HYLL` string: a 16-byte header (magic "HYLL", encoding byte 0 dense / 1
 * sparse, 3 unused bytes, 8-byte little-endian cached cardinality whose top bit marks it stale)
 * and then the registers: dense is 16384 6-bit registers packed from the least significant bit
 * of each byte on; sparse is a run-length code of ZERO (00xxxxxx), XZERO (01xxxxxx yyyyyyyy)
 * and VAL (1vvvvvxx) opcodes. Elements are hashed with MurmurHash64A (seed 0xadc83b19); the
 * count is Ertl's improved estimator (hllSigma / hllTau). The sparse code is edited in place
 * exactly as hllSparseSet does, so the same adds give the same bytes.
 */

/** Bytes of the header: magic, encoding, 3 unused bytes, cached cardinality. */
const HLL_HEADER_BYTES = 16;
/** Registers: 2^14, indexed by the low 14 bits of the hash (HLL_P). */
export const HLL_REGISTERS = 16384;
/** Bits of the hash used as the register index. */
const HLL_P = 14;
/** Hash bits left for the run of zeros (HLL_Q): a run is 1..Q+1. */
const HLL_Q = 64 - HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
/** Bits per dense register. */
const HLL_BITS = 6;
const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
/** A dense value's exact length: header plus 12288 bytes of registers. */
export const HLL_DENSE_BYTES = HLL_HEADER_BYTES + Math.ceil((HLL_REGISTERS * HLL_BITS) / 8);
const HLL_DENSE = 0;
const HLL_SPARSE = 1;
/** The highest encoding byte a value may carry (HLL_MAX_ENCODING). */
const HLL_MAX_ENCODING = 1;

const SPARSE_XZERO_BIT = 0x40;
const SPARSE_VAL_BIT = 0x80;
/** The largest register value a VAL opcode holds; a larger one promotes the value to dense. */
const SPARSE_VAL_MAX_VALUE = 32;
/** Registers one VAL opcode covers at most. */
const SPARSE_VAL_MAX_LEN = 4;
/** Registers one ZERO opcode covers at most. */
const SPARSE_ZERO_MAX_LEN = 64;
/** Registers one XZERO opcode covers at most. */
const SPARSE_XZERO_MAX_LEN = 16384;
/** Opcodes examined for merging equal VALs after a sparse update (Redis's scanlen). */
const SPARSE_MERGE_SCAN_MAX = 5;
/** Bytes a sparse update may add at most (an XZERO split into XZERO, VAL, XZERO). */
const SPARSE_GROWTH_BYTES_MAX = 3;

/** 0.5 / ln(2), the estimator's constant (HLL_ALPHA_INF, 0.721347520444481703680 as a double). */
const HLL_ALPHA_INF = 0.7213475204444817;
/** MurmurHash64A's multiplier 0xc6a4a7935bd1e995, as two 32-bit halves. */
const MURMUR_M_HIGH = 0xc6a4a793;
const MURMUR_M_LOW = 0x5bd1e995;
/** The seed Redis hashes HLL elements with. */
const HLL_HASH_SEED = 0xadc83b19;
const TWO_POW_32 = 4294967296;
/** Cardinalities up to this are exact JS numbers; beyond they are replied as bigints. */
const SAFE_HIGH_WORD_MAX = 2 ** 21;

/** A cardinality: a number while it is a safe integer, a bigint beyond (crafted values only). */
export type Cardinality = number | bigint;

/** Why an update or read failed: the sparse code does not cover exactly 16384 registers. */
export const CORRUPT = -1;

// ---- MurmurHash64A in 32-bit halves --------------------------------------------------------

let productHigh = 0;
let productLow = 0;

/** (aHigh:aLow * bHigh:bLow) mod 2^64 into productHigh:productLow. */
function multiply64(aHigh: number, aLow: number, bHigh: number, bLow: number): void {
  const a0 = aLow & 0xffff;
  const a1 = aLow >>> 16;
  const b0 = bLow & 0xffff;
  const b1 = bLow >>> 16;
  const middle = a1 * b0 + a0 * b1;
  const lowSum = a0 * b0 + (middle % 65536) * 65536;
  productLow = lowSum >>> 0;
  const high = a1 * b1 + Math.floor(middle / 65536) + Math.floor(lowSum / TWO_POW_32);
  productHigh = (high + Math.imul(aHigh, bLow) + Math.imul(aLow, bHigh)) >>> 0;
}

/** Four bytes of a binary string from `at`, little endian. */
function word32(text: string, at: number): number {
  return (
    (text.charCodeAt(at) | (text.charCodeAt(at + 1) << 8) | (text.charCodeAt(at + 2) << 16) | (text.charCodeAt(at + 3) << 24)) >>> 0
  );
}

let hashHigh = 0;
let hashLow = 0;

/** Redis's MurmurHash64A (endian-neutral) of a binary string into hashHigh:hashLow. */
function murmurHash64A(key: string, seed: number): void {
  const length = key.length;
  multiply64(0, length, MURMUR_M_HIGH, MURMUR_M_LOW);
  let high = productHigh;
  let low = (productLow ^ seed) >>> 0;
  const blocksEnd = length - (length & 7);
  for (let at = 0; at < blocksEnd; at += 8) {
    multiply64(word32(key, at + 4), word32(key, at), MURMUR_M_HIGH, MURMUR_M_LOW);
    const kHigh = productHigh;
    multiply64(kHigh, (productLow ^ (kHigh >>> 15)) >>> 0, MURMUR_M_HIGH, MURMUR_M_LOW);
    multiply64((high ^ productHigh) >>> 0, (low ^ productLow) >>> 0, MURMUR_M_HIGH, MURMUR_M_LOW);
    high = productHigh;
    low = productLow;
  }
  const tail = length & 7;
  if (tail > 0) {
    if (tail >= 7) high ^= key.charCodeAt(blocksEnd + 6) << 16;
    if (tail >= 6) high ^= key.charCodeAt(blocksEnd + 5) << 8;
    if (tail >= 5) high ^= key.charCodeAt(blocksEnd + 4);
    if (tail >= 4) low ^= key.charCodeAt(blocksEnd + 3) << 24;
    if (tail >= 3) low ^= key.charCodeAt(blocksEnd + 2) << 16;
    if (tail >= 2) low ^= key.charCodeAt(blocksEnd + 1) << 8;
    low ^= key.charCodeAt(blocksEnd);
    multiply64(high >>> 0, low >>> 0, MURMUR_M_HIGH, MURMUR_M_LOW);
    high = productHigh;
    low = productLow;
  }
  low = (low ^ (high >>> 15)) >>> 0;
  multiply64(high, low, MURMUR_M_HIGH, MURMUR_M_LOW);
  hashHigh = productHigh;
  hashLow = (productLow ^ (productHigh >>> 15)) >>> 0;
}

/** MurmurHash64A of a binary string as Redis computes it, as a bigint (tests and tools). */
export function murmurHash64(key: string, seed: number = HLL_HASH_SEED): bigint {
  murmurHash64A(key, seed);
  return (BigInt(hashHigh) << 32n) | BigInt(hashLow);
}

/** Trailing zero bits of a non-zero 32-bit word. */
function trailingZeros(word: number): number {
  return 31 - Math.clz32(word & -word);
}

let patternIndex = 0;

/** Dense registers unpacked one per byte (HyperLogLog.unpackDense); commands run one at a time. */
const scratchRegisters = new Uint8Array(HLL_REGISTERS);

/**
 * Redis hllPatLen: the register an element goes to (into patternIndex) and the length of the
 * 000..1 pattern above the index bits (1..51).
 */
function patternLength(element: string): number {
  murmurHash64A(element, HLL_HASH_SEED);
  patternIndex = hashLow & HLL_P_MASK;
  const lowBits = hashLow >>> HLL_P;
  if (lowBits !== 0) return trailingZeros(lowBits) + 1;
  if (hashHigh !== 0) return 32 - HLL_P + trailingZeros(hashHigh) + 1;
  return HLL_Q + 1;
}

/** Where an element lands: its register and the pattern length it offers (Redis hllPatLen). */
export function elementRegister(element: string): { index: number; count: number } {
  const count = patternLength(element);
  return { index: patternIndex, count };
}

// ---- the estimator -------------------------------------------------------------------------

/** Ertl's sigma (Redis hllSigma). */
function sigma(value: number): number {
  if (value === 1) return Infinity;
  let x = value;
  let y = 1;
  let z = x;
  let previous: number;
  // Converges in at most ~60 rounds: x squares towards 0 and z stops changing in double precision.
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

/** Ertl's tau (Redis hllTau); (1-x)*(1-x) is what gcc makes of pow(1 - x, 2). */
function tau(value: number): number {
  if (value === 0 || value === 1) return 0;
  let x = value;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  // Converges in a few dozen rounds: sqrt drives x to 1 and the added terms to 0.
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (previous !== z);
  return z / 3;
}

/**
 * The estimate from a register histogram (Redis hllCount after the histogram), as Redis
 * returns it: llroundl of the double, read as a signed 64-bit reply. An infinite or huge
 * estimate (only from crafted registers) is LLONG_MIN, as llroundl gives on x86-64.
 */
function estimate(histogram: Int32Array): Cardinality {
  const m = HLL_REGISTERS;
  let z = m * tau((m - (histogram[HLL_Q + 1] as number)) / m);
  for (let value = HLL_Q; value >= 1; --value) {
    z += histogram[value] as number;
    z *= 0.5;
  }
  z += m * sigma((histogram[0] as number) / m);
  const raw = Math.round((HLL_ALPHA_INF * m * m) / z);
  if (!(raw < 2 ** 63)) return -(2n ** 63n);
  return raw <= Number.MAX_SAFE_INTEGER ? raw : BigInt(raw);
}

/** Count `amount` more registers of value `value` in a histogram. */
function addTo(histogram: Int32Array, value: number, amount: number): void {
  histogram[value] = (histogram[value] as number) + amount;
}

/** The estimate for registers held one per byte (Redis's internal HLL_RAW, PFCOUNT of several keys). */
export function countRegisters(registers: Uint8Array): Cardinality {
  const histogram = new Int32Array(64);
  for (let index = 0; index < HLL_REGISTERS; index++) addTo(histogram, registers[index] as number, 1);
  return estimate(histogram);
}

// ---- values --------------------------------------------------------------------------------

/** The run length of the opcode at `at` (ZERO, XZERO or VAL). */
function opcodeSpan(bytes: Uint8Array, at: number): number {
  const opcode = bytes[at] as number;
  if ((opcode & 0xc0) === 0) return (opcode & 0x3f) + 1;
  if ((opcode & SPARSE_VAL_BIT) !== 0) return (opcode & 0x3) + 1;
  return (((opcode & 0x3f) << 8) | (bytes[at + 1] as number)) + 1;
}

function isXzero(opcode: number): boolean {
  return (opcode & 0xc0) === SPARSE_XZERO_BIT;
}

function isZero(opcode: number): boolean {
  return (opcode & 0xc0) === 0;
}

function isVal(opcode: number): boolean {
  return (opcode & SPARSE_VAL_BIT) !== 0;
}

function valValue(opcode: number): number {
  return ((opcode >> 2) & 0x1f) + 1;
}

function valOpcode(value: number, length: number): number {
  return (((value - 1) << 2) | (length - 1)) | SPARSE_VAL_BIT;
}

/** Append a ZERO opcode (up to 64 registers) or an XZERO opcode for `length` zero registers to `sequence`. */
function putZeros(sequence: number[], length: number): void {
  if (length > SPARSE_ZERO_MAX_LEN) {
    const stored = length - 1;
    sequence.push((stored >> 8) | SPARSE_XZERO_BIT, stored & 0xff);
  } else {
    sequence.push(length - 1);
  }
}

/** The dense register `index` of registers starting at byte `base` (HLL_DENSE_GET_REGISTER). */
function denseRegister(bytes: Uint8Array, base: number, index: number): number {
  const bit = index * HLL_BITS;
  const at = base + (bit >> 3);
  const shift = bit & 7;
  return (((bytes[at] as number) >> shift) | ((bytes[at + 1] as number) << (8 - shift))) & HLL_REGISTER_MAX;
}

/** Set dense register `index` (HLL_DENSE_SET_REGISTER); `value` is in 0..63. */
function setDenseRegister(bytes: Uint8Array, base: number, index: number, value: number): void {
  const bit = index * HLL_BITS;
  const at = base + (bit >> 3);
  const shift = bit & 7;
  bytes[at] = ((bytes[at] as number) & ~(HLL_REGISTER_MAX << shift)) | (value << shift);
  bytes[at + 1] = ((bytes[at + 1] as number) & ~(HLL_REGISTER_MAX >> (8 - shift))) | (value >> (8 - shift));
}

/**
 * One HLL value being read or changed: its bytes (as Redis's sds, the byte after the last is
 * always zero and room is kept for a sparse update), with the operations of hyperloglog.c.
 * Parse a string value with `HyperLogLog.parse`, write it back with `toString`.
 */
export class HyperLogLog {
  private constructor(
    private bytes: Uint8Array,
    private length: number,
  ) {}

  /** An empty HLL: sparse, one XZERO opcode for all registers, cached cardinality 0 (createHLLObject). */
  static create(): HyperLogLog {
    const length = HLL_HEADER_BYTES + 2;
    const bytes = new Uint8Array(length + 1 + SPARSE_GROWTH_BYTES_MAX);
    bytes.set([0x48, 0x59, 0x4c, 0x4c, HLL_SPARSE]);
    const stored = SPARSE_XZERO_MAX_LEN - 1;
    bytes[HLL_HEADER_BYTES] = (stored >> 8) | SPARSE_XZERO_BIT;
    bytes[HLL_HEADER_BYTES + 1] = stored & 0xff;
    return new HyperLogLog(bytes, length);
  }

  /**
   * The HLL a string value holds, or null when it is not one (Redis isHLLObjectOrReply): at
   * least a header, magic "HYLL", a known encoding, and a dense value exactly 12304 bytes long.
   * A sparse code is not checked here; operations report CORRUPT when they meet a bad one.
   */
  static parse(value: string): HyperLogLog | null {
    if (!isHyperLogLog(value)) return null;
    const bytes = new Uint8Array(value.length + 1 + SPARSE_GROWTH_BYTES_MAX);
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, value.length);
    view.write(value, 0, value.length, 'latin1');
    return new HyperLogLog(bytes, value.length);
  }

  /** The value as a binary string (one char per byte). */
  toString(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('latin1');
  }

  /** The representation the value uses (its encoding byte). */
  get encoding(): 'dense' | 'sparse' {
    return this.bytes[4] === HLL_DENSE ? 'dense' : 'sparse';
  }

  /** Bytes of the value. */
  get byteLength(): number {
    return this.length;
  }

  /** Mark the cached cardinality stale (HLL_INVALIDATE_CACHE). */
  invalidateCache(): void {
    this.bytes[15] = (this.bytes[15] as number) | 0x80;
  }

  /**
   * Add an element (Redis hllAdd): 1 when a register changed, 0 when not, CORRUPT for a bad
   * sparse code. A sparse value is promoted to dense when a register exceeds 32 or the code
   * would grow past `sparseBytesMax` (hll-sparse-max-bytes).
   */
  add(element: string, sparseBytesMax: number): number {
    const count = patternLength(element);
    return this.set(patternIndex, count, sparseBytesMax);
  }

  /** Raise register `index` to `count` if lower (hllDenseSet / hllSparseSet); as `add`. */
  set(index: number, count: number, sparseBytesMax: number): number {
    if (this.bytes[4] === HLL_DENSE) return this.denseSet(index, count);
    return this.sparseSet(index, count, sparseBytesMax);
  }

  /**
   * The estimated cardinality (Redis hllCount), or null when the sparse code does not cover
   * exactly 16384 registers.
   */
  count(): Cardinality | null {
    const histogram = new Int32Array(64);
    if (this.bytes[4] === HLL_DENSE) {
      this.denseHistogram(histogram);
    } else if (!this.sparseHistogram(histogram)) {
      return null;
    }
    return estimate(histogram);
  }

  /** Raise `max` (one register per byte) to this value's registers (Redis hllMerge); false for a bad sparse code. */
  mergeInto(max: Uint8Array): boolean {
    const bytes = this.bytes;
    if (bytes[4] === HLL_DENSE) {
      const registers = this.unpackDense();
      for (let index = 0; index < HLL_REGISTERS; index++) {
        if ((registers[index] as number) > (max[index] as number)) max[index] = registers[index] as number;
      }
      return true;
    }
    return this.walkSparse((index, value) => {
      if (value > (max[index] as number)) max[index] = value;
    });
  }

  /**
   * Raise every register to at least `max[index]` (PFMERGE's write-back): through hllSparseSet
   * for each non-zero register while sparse (which may promote), as hllDenseSet when dense.
   */
  raiseTo(max: Uint8Array, sparseBytesMax: number): void {
    let index = 0;
    for (; index < HLL_REGISTERS && this.bytes[4] !== HLL_DENSE; index++) {
      const value = max[index] as number;
      if (value !== 0) this.sparseSet(index, value, sparseBytesMax);
    }
    if (this.bytes[4] !== HLL_DENSE) return;
    const registers = this.unpackDense();
    for (; index < HLL_REGISTERS; index++) {
      if ((max[index] as number) > (registers[index] as number)) registers[index] = max[index] as number;
    }
    this.packDense(registers);
  }

  /** The dense registers one per byte, in a scratch array valid until the next call. */
  private unpackDense(): Uint8Array {
    const bytes = this.bytes;
    const registers = scratchRegisters;
    let at = HLL_HEADER_BYTES;
    for (let index = 0; index < HLL_REGISTERS; index += 4) {
      const b0 = bytes[at] as number;
      const b1 = bytes[at + 1] as number;
      const b2 = bytes[at + 2] as number;
      registers[index] = b0 & 63;
      registers[index + 1] = ((b0 >> 6) | (b1 << 2)) & 63;
      registers[index + 2] = ((b1 >> 4) | (b2 << 4)) & 63;
      registers[index + 3] = (b2 >> 2) & 63;
      at += 3;
    }
    return registers;
  }

  /** Store registers given one per byte (each 0..63) as the dense registers. */
  private packDense(registers: Uint8Array): void {
    const bytes = this.bytes;
    let at = HLL_HEADER_BYTES;
    for (let index = 0; index < HLL_REGISTERS; index += 4) {
      const r1 = registers[index + 1] as number;
      const r2 = registers[index + 2] as number;
      bytes[at] = (registers[index] as number) | ((r1 & 3) << 6);
      bytes[at + 1] = (r1 >> 2) | ((r2 & 15) << 4);
      bytes[at + 2] = (r2 >> 4) | ((registers[index + 3] as number) << 2);
      at += 3;
    }
  }

  /**
   * Convert a sparse value to dense (Redis hllSparseToDense): the header is kept (cached
   * cardinality included), the encoding byte becomes dense. False, and nothing changed, for a
   * bad sparse code. A dense value is left as it is.
   */
  toDense(): boolean {
    if (this.bytes[4] === HLL_DENSE) return true;
    const dense = new Uint8Array(HLL_DENSE_BYTES + 1);
    dense.set(this.bytes.subarray(0, HLL_HEADER_BYTES));
    dense[4] = HLL_DENSE;
    const valid = this.walkSparse((index, value) => setDenseRegister(dense, HLL_HEADER_BYTES, index, value));
    if (!valid) return false;
    this.bytes = dense;
    this.length = HLL_DENSE_BYTES;
    return true;
  }

  /** Every register's value, dense values only (PFDEBUG GETREG converts first). */
  registers(): number[] {
    return Array.from(this.unpackDense());
  }

  /** The sparse code as PFDEBUG DECODE prints it (`z:N`, `Z:N`, `v:V,N`, space separated). */
  decode(): string {
    const bytes = this.bytes;
    const parts: string[] = [];
    for (let at = HLL_HEADER_BYTES; at < this.length; ) {
      const opcode = bytes[at] as number;
      const span = opcodeSpan(bytes, at);
      if (isZero(opcode)) {
        parts.push(`z:${span}`);
        at++;
      } else if (isXzero(opcode)) {
        parts.push(`Z:${span}`);
        at += 2;
      } else {
        parts.push(`v:${valValue(opcode)},${span}`);
        at++;
      }
    }
    return parts.join(' ');
  }

  private denseSet(index: number, count: number): number {
    if (count <= denseRegister(this.bytes, HLL_HEADER_BYTES, index)) return 0;
    setDenseRegister(this.bytes, HLL_HEADER_BYTES, index, count);
    return 1;
  }

  /**
   * Visit the non-zero runs of a sparse code, register by register, in order (the loop shared
   * by hllSparseToDense and hllMerge in Redis 7.0.15). False when the code does not cover
   * exactly 16384 registers; a VAL run past the last register stops the walk at once.
   */
  private walkSparse(visit: (index: number, value: number) => void): boolean {
    const bytes = this.bytes;
    let index = 0;
    for (let at = HLL_HEADER_BYTES; at < this.length; ) {
      const opcode = bytes[at] as number;
      const span = opcodeSpan(bytes, at);
      if (!isVal(opcode)) {
        index += span;
        at += isXzero(opcode) ? 2 : 1;
        continue;
      }
      if (span + index > HLL_REGISTERS) return false;
      const value = valValue(opcode);
      for (let run = 0; run < span; run++) visit(index++, value);
      at++;
    }
    return index === HLL_REGISTERS;
  }

  /** Register histogram of dense registers, 16 registers (12 bytes) per round (hllDenseRegHisto). */
  private denseHistogram(histogram: Int32Array): void {
    const bytes = this.bytes;
    let at = HLL_HEADER_BYTES;
    for (let round = 0; round < HLL_REGISTERS / 4; round++) {
      const b0 = bytes[at] as number;
      const b1 = bytes[at + 1] as number;
      const b2 = bytes[at + 2] as number;
      addTo(histogram, b0 & 63, 1);
      addTo(histogram, ((b0 >> 6) | (b1 << 2)) & 63, 1);
      addTo(histogram, ((b1 >> 4) | (b2 << 4)) & 63, 1);
      addTo(histogram, (b2 >> 2) & 63, 1);
      at += 3;
    }
  }

  /** Register histogram of a sparse code (hllSparseRegHisto); false when it does not cover 16384 registers. */
  private sparseHistogram(histogram: Int32Array): boolean {
    const bytes = this.bytes;
    let index = 0;
    for (let at = HLL_HEADER_BYTES; at < this.length; ) {
      const opcode = bytes[at] as number;
      const span = opcodeSpan(bytes, at);
      index += span;
      if (isVal(opcode)) {
        addTo(histogram, valValue(opcode), span);
        at++;
      } else {
        addTo(histogram, 0, span);
        at += isXzero(opcode) ? 2 : 1;
      }
    }
    return index === HLL_REGISTERS;
  }

  /** Room for `bytes` more bytes plus the trailing zero (sdsMakeRoomFor). */
  private reserve(extra: number): void {
    if (this.bytes.length >= this.length + extra + 1) return;
    const grown = new Uint8Array(Math.max(this.length * 2, this.length + extra + 1));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Change the length (sdsIncrLen): the byte after the last stays zero. */
  private resize(delta: number): void {
    this.length += delta;
    this.bytes[this.length] = 0;
  }

  /** Convert to dense and set the register there (hllSparseSet's promote path). */
  private promote(index: number, count: number): number {
    if (!this.toDense()) return CORRUPT;
    if (this.denseSet(index, count) !== 1) throw new Error('assertion: a promotion did not change a register');
    return 1;
  }

  /**
   * Redis hllSparseSet: find the opcode covering `index`; if the register must rise, replace
   * the opcode by the split sequence (at most XZERO, VAL, XZERO), then merge adjacent equal
   * VALs around it, and mark the cache stale. Promotes to dense as described at `add`.
   */
  private sparseSet(index: number, count: number, sparseBytesMax: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    this.reserve(SPARSE_GROWTH_BYTES_MAX);
    const bytes = this.bytes;
    let end = this.length;
    let at = HLL_HEADER_BYTES;
    let first = 0;
    let previous = -1;
    let span = 0;
    // The hot loop of sparse updates: opcodes decoded inline, most frequent first (as Redis).
    while (at < end) {
      const opcode = bytes[at] as number;
      let opcodeBytes = 1;
      if ((opcode & 0xc0) === 0) {
        span = (opcode & 0x3f) + 1;
      } else if ((opcode & SPARSE_VAL_BIT) !== 0) {
        span = (opcode & 0x3) + 1;
      } else {
        span = (((opcode & 0x3f) << 8) | (bytes[at + 1] as number)) + 1;
        opcodeBytes = 2;
      }
      if (index <= first + span - 1) break;
      previous = at;
      at += opcodeBytes;
      first += span;
    }
    if (span === 0 || at >= end) return CORRUPT;
    const opcode = bytes[at] as number;
    const oldLength = isXzero(opcode) ? 2 : 1;
    const next = at + oldLength < end ? at + oldLength : -1;
    const runLength = span;
    let updatedInPlace = false;
    if (isVal(opcode)) {
      if (valValue(opcode) >= count) return 0;
      updatedInPlace = runLength === 1;
    } else {
      updatedInPlace = isZero(opcode) && runLength === 1;
    }
    if (updatedInPlace) {
      bytes[at] = valOpcode(count, 1);
    } else {
      const sequence = splitSequence(opcode, index, first, first + span - 1, count);
      const delta = sequence.length - oldLength;
      if (delta > 0 && this.length + delta > sparseBytesMax) return this.promote(index, count);
      if (delta !== 0 && next !== -1) bytes.copyWithin(next + delta, next, end);
      this.resize(delta);
      bytes.set(sequence, at);
      end += delta;
    }
    this.mergeAdjacentValues(previous === -1 ? HLL_HEADER_BYTES : previous, end);
    this.invalidateCache();
    return 1;
  }

  /** Step 4 of hllSparseSet: from `start`, merge up to 5 opcodes' adjacent equal VALs whose runs fit one VAL. */
  private mergeAdjacentValues(start: number, codeEnd: number): void {
    const bytes = this.bytes;
    let end = codeEnd;
    let at = start;
    let scan = SPARSE_MERGE_SCAN_MAX;
    while (at < end && scan-- > 0) {
      const opcode = bytes[at] as number;
      if (isXzero(opcode)) {
        at += 2;
        continue;
      }
      if (isZero(opcode)) {
        at++;
        continue;
      }
      const following = bytes[at + 1] as number;
      if (at + 1 < end && isVal(following) && valValue(opcode) === valValue(following)) {
        const length = (opcode & 0x3) + 1 + (following & 0x3) + 1;
        if (length <= SPARSE_VAL_MAX_LEN) {
          bytes[at + 1] = valOpcode(valValue(opcode), length);
          bytes.copyWithin(at, at + 1, end + 1);
          this.resize(-1);
          end--;
          continue;
        }
      }
      at++;
    }
  }
}

/**
 * The opcodes that replace the one covering registers first..last when register `index`
 * becomes `count`: zeros or the old VAL before, VAL count, zeros or the old VAL after.
 */
function splitSequence(opcode: number, index: number, first: number, last: number, count: number): number[] {
  const sequence: number[] = [];
  if (!isVal(opcode)) {
    if (index !== first) putZeros(sequence, index - first);
    sequence.push(valOpcode(count, 1));
    if (index !== last) putZeros(sequence, last - index);
    return sequence;
  }
  const current = valValue(opcode);
  if (index !== first) sequence.push(valOpcode(current, index - first));
  sequence.push(valOpcode(count, 1));
  if (index !== last) sequence.push(valOpcode(current, last - index));
  return sequence;
}

/** True when a string value is an HLL as Redis's isHLLObjectOrReply checks it (header, magic, encoding, dense length). */
export function isHyperLogLog(value: string): boolean {
  if (value.length < HLL_HEADER_BYTES) return false;
  if (value.charCodeAt(0) !== 0x48 || value.charCodeAt(1) !== 0x59 || value.charCodeAt(2) !== 0x4c || value.charCodeAt(3) !== 0x4c) {
    return false;
  }
  const encoding = value.charCodeAt(4);
  if (encoding > HLL_MAX_ENCODING) return false;
  return encoding !== HLL_DENSE || value.length === HLL_DENSE_BYTES;
}

/** The cached cardinality of an HLL value, or null when it is stale (the top bit of its last byte set). */
export function cachedCardinality(value: string): Cardinality | null {
  if ((value.charCodeAt(15) & 0x80) !== 0) return null;
  const low = word32(value, 8);
  const high = word32(value, 12);
  if (high < SAFE_HIGH_WORD_MAX) return high * TWO_POW_32 + low;
  return (BigInt(high) << 32n) | BigInt(low);
}

/** An HLL value with `cardinality` as its cached cardinality (its 64-bit two's complement, little endian). */
export function withCachedCardinality(value: string, cardinality: Cardinality): string {
  let bits = BigInt.asUintN(64, BigInt(cardinality));
  let bytes = '';
  for (let at = 8; at < HLL_HEADER_BYTES; at++) {
    bytes += String.fromCharCode(Number(bits & 0xffn));
    bits >>= 8n;
  }
  return value.slice(0, 8) + bytes + value.slice(HLL_HEADER_BYTES);
}
