/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven with slicing-by-8: the
 * checksum on every record the log writes to disk. Pure: no I/O.
 */

const POLYNOMIAL_REFLECTED = 0x82f63b78;

/** Eight 256-entry tables (signed, so V8 keeps every value a small integer): table 0 is the classic byte-at-a-time table, table k advances k more zero bytes. */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL_REFLECTED : crc >>> 1;
    tables[byte] = crc;
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let slice = 1; slice < 8; slice++) {
      const previous = tables[(slice - 1) * 256 + byte] as number;
      tables[slice * 256 + byte] = (previous >>> 8) ^ (tables[previous & 0xff] as number);
    }
  }
  return tables;
}

/**
 * The CRC32C of `bytes`, continuing from `crc` (the checksum of what came before; 0 to start), so
 * that crc32c(b, crc32c(a)) equals crc32c(a followed by b). The result is an unsigned 32-bit integer.
 */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  const t = TABLES;
  let c = ~crc;
  let i = 0;
  const whole = bytes.length - (bytes.length % 8);
  while (i < whole) {
    const low = c ^ ((bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24));
    c =
      (t[7 * 256 + (low & 0xff)] as number) ^
      (t[6 * 256 + ((low >>> 8) & 0xff)] as number) ^
      (t[5 * 256 + ((low >>> 16) & 0xff)] as number) ^
      (t[4 * 256 + (low >>> 24)] as number) ^
      (t[3 * 256 + (bytes[i + 4] as number)] as number) ^
      (t[2 * 256 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number);
    i += 8;
  }
  while (i < bytes.length) c = (t[(c ^ (bytes[i++] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
